"""Arabic time expressions, resolved against the publication date.

The component scans the tokens once. Only tokens whose normalised form is in a small trigger lexicon
(اليوم، أمس، غدا، weekdays, month names, الأسبوع/الشهر/العام، منذ/قبل/بعد، صباح/مساء ...) or that are
numbers start a rule match; the rules then read a few tokens to the right. Proclitics (و ف ب ل and the
article after them) are seen through by listing the clitic forms of every trigger word in the lexicon,
so a token costs one dict lookup. ``dateparser`` is used only as a fallback on Latin-script dates that
turn up in Arabic copy ("28 April 2025", "avril 2025"): such candidates are rare and found by the
scan, so it is never called per token. Everything Arabic is handled by rules, because dateparser
misses most of it (اليوم الاثنين، العام الماضي، أول أمس، نيسان، 15 رمضان 1446 ...) and costs ~0.5 ms a
call.

Each :class:`~marsad.doc.TimeExpr` has a ``value`` of ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` and a
``precision`` of ``day``, ``month`` or ``year``; ``relative`` is true when the value depends on the
publication date. Without a publication date relative expressions are still found, with value
``None``. Spans exclude a leading conjunction or preposition (و، ف، ب، ل) and prepositions such as في,
but include the words that carry the meaning (منذ ثلاثة أيام، يوم الأحد الماضي، صباح اليوم).

Resolution rules (``P`` is the publication date):

* اليوم، الليلة، هذا المساء -> P; أمس/الأمس/البارحة، ليلة أمس، مساء أمس -> P-1;
  الليلة الماضية/البارحة (the night that has just ended) -> P: overnight events are reported in the
  morning under the publication date, which is also how the project's gold annotations date them;
  أمس الأول/أول أمس/أول من أمس -> P-2; غداً -> P+1; بعد غد -> P+2. A part of day (صباح، مساء، فجر،
  ظهر، ليلة ...) before a day expression is part of the span and does not change the day.
* A weekday (الاثنين، يوم الخميس) is the most recent such day on or before P, even when the verb is
  future: tense is not analysed. ``الماضي`` after it means strictly before P, ``المقبل``/``القادم``
  strictly after. ``اليوم الاثنين``/``أمس الأحد``/``غدا الثلاثاء`` take the day word's date; a weekday
  followed by a date (``الاثنين 28 أبريل 2025``) takes the date. الاثنين is *not* a weekday in
  ``كلا الاثنين``, ``الاثنين معا``, ``هذين الاثنين``, ``بين الاثنين`` (unless another weekday follows) and
  after a dual/plural noun with the article (``الطرفين الاثنين``).
* Weeks: the document model has no week precision, so ``الأسبوع الماضي``/``المقبل``/``الجاري`` resolve to
  the *month* of P-7, P+7 and P (precision ``month``). Counted durations are exact instead:
  ``منذ أسبوع`` -> P-7, precision ``day``.
* ``الشهر الماضي/المقبل/الجاري`` -> month of P -1/+1/0; ``العام/السنة الماضي(ة)/المقبل(ة)/الجاري/الحالي``
  and ``هذا العام`` -> year of P -1/+1/0; ``العام قبل الماضي`` -> -2.
* ``منذ``/``قبل`` N days/weeks/months/years (digits, number words, duals يومين، شهرين، عامين, bare
  singular = 1): P minus the duration at day precision for days and weeks, month precision for months,
  year precision for years. ``بعد`` N ... adds. ``قبل يومين من ...`` (before some other event) is not
  resolved against P and is skipped; vague forms (منذ أيام، خلال الأيام الماضية) are skipped.
* Gregorian dates with either month-name system (يناير ... / كانون الثاني، شباط ... and the Maghreb
  forms جانفي، أفريل، شتنبر ...), also "نيسان/أبريل" and "أبريل (نيسان)": day-month-year -> day;
  month-year -> month; ``عام 2024``/``في 2019`` -> year. Without a year, a day or month is placed in
  the window from ten months before to two months after P (``1 مايو`` on 2025-04-28 is 2025-05-01,
  ``في يناير`` is 2025-01, ``في أغسطس`` is 2024-08); with ``الماضي`` strictly before P's month (for a
  bare month) or before P (with a day), with ``المقبل`` strictly after, with ``الجاري`` in P's year.
  ``أبريل من العام الماضي`` takes the year expression. Months that are also ordinary words (مارس "he
  practised", آب "father", ماي) need a day, a year, شهر, في or a modifier next to them.
* Hijri dates (``15 رمضان 1446 هـ``) are converted with the tabular calendar of
  :mod:`marsad.extract.hijri`, which can differ by a day from Umm al-Qura. A Hijri month needs a year,
  or a day (صفر only with a year, since "3 صفر" is a score); a Hijri day and month without a year take
  the Hijri year that puts the date in the window above. A Hijri month and year is given the Gregorian
  month that contains its 15th, a Hijri year alone the Gregorian year that contains its middle.
* Numeric dates: ``2025/04/28``, ``2025-04-28``, ``28/4/2025``, ``28-04-2025``, ``28.4.2025``, also in
  Arabic-Indic digits; day-first unless the middle number cannot be a month.
* ``عام``/``سنة``/``في``/``منذ``/``حتى``... before a four-digit number between 1900 and 2100 makes it a
  year; a bare number is never taken as a year.
* Ordinal days: ``الثامن عشر من فبراير``, ``الحادي والعشرين من الشهر الماضي``, and ``18 من الشهر الجاري``.
  Ranges give one expression per day: ``بين 28 و30 أبريل 2025`` -> ``28`` and ``30 أبريل 2025``.
* Not times: a month named after a historical event without a year (ثورة 25 يناير، هجمات 11 سبتمبر،
  حرب تموز), العام "general" after the noun it qualifies (الأمين العام الحالي), اليوم/الليلة followed by
  an ordinal or التالي/نفسه/الذي (اليوم الأول من الهجوم) or after ذلك/تلك, غدا "became" (unless written
  غداً or followed by a weekday, a preposition or punctuation), الغد without بعد/يوم/a part of day
  (صحيفة الغد), الأحد عشر.

:func:`date_for_span` picks the expression that governs a span (an event clause), :func:`is_past` tells
whether a value lies wholly before the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter

from marsad.doc import Document, TimeExpr
from marsad.extract import hijri
from marsad.text.normalize import normalize
from marsad.text.tokens import NUM, WORD, Token

DAY, MONTH, YEAR = "day", "month", "year"

# --- lexicon ---------------------------------------------------------------------------------------

# categories of trigger words
TODAY = "today"
YEST = "yest"
TOMW = "tomorrow"  # غدا (needs context: it is also the verb "became")
GHAD = "ghad"  # غد / الغد (only after بعد، يوم، a part of day)
TONIGHT = "tonight"
FIRST = "first"  # أول (أمس)
PART = "part"  # part of day
DAYW = "dayword"  # يوم
WEEKDAY = "weekday"
PERIOD = "period"  # الأسبوع/الشهر/العام/السنة (+ modifier)
YEARW = "yearword"  # عام/سنة/العام (+ number)
MONTHW = "monthword"  # شهر (+ month name)
DURPRE = "durpre"  # منذ/قبل/بعد
DEM = "dem"  # هذا/هذه
GMONTH = "gmonth"
GHEAD = "ghead"  # كانون/تشرين + الأول/الثاني
HMONTH = "hmonth"
HHEAD = "hhead"  # ربيع/جمادى/ذو + second word
ORD = "ordinal"  # الثامن (عشر) من ...

_LEXICON: dict[str, tuple[str, object]] = {}


def _add(cat: str, words: str, val: object = None) -> None:
    for w in words.split():
        _LEXICON[normalize(w)] = (cat, val)


_add(TODAY, "اليوم")
_add(YEST, "أمس الأمس البارحة")
_add(TOMW, "غدا")
_add(GHAD, "غد الغد")
_add(TONIGHT, "الليلة")
_add(FIRST, "أول")
_add(PART, "صباح مساء فجر ظهر ظهيرة عصر ليل ليلة صبيحة منتصف")
_add(DAYW, "يوم")
_add(DEM, "هذا هذه")
_add(DURPRE, "منذ", -1)
_add(DURPRE, "قبل", -1)
_add(DURPRE, "بعد", 1)
_add(PERIOD, "الأسبوع", "w")
_add(PERIOD, "الشهر", "m")
_add(PERIOD, "العام السنة", "y")
_add(YEARW, "عام سنة عامي سنتي")
_add(MONTHW, "شهر شهري")
for _i, _names in enumerate(
    ("الاثنين الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
):
    _add(WEEKDAY, _names, _i)
for _i, _names in enumerate(
    (
        "يناير جانفي",
        "فبراير فيفري شباط",
        "مارس آذار",
        "أبريل إبريل ابريل أفريل نيسان",
        "مايو ماي أيار",
        "يونيو يونيه يونية جوان حزيران",
        "يوليو يوليه يولية يوليوز جويلية تموز",
        "أغسطس اغسطس غشت أوت آب",
        "سبتمبر شتنبر أيلول",
        "أكتوبر اكتوبر",
        "نوفمبر نونبر",
        "ديسمبر دجنبر",
    ),
    start=1,
):
    _add(GMONTH, _names, _i)
_add(GHEAD, "كانون", {"الأول": 12, "أول": 12, "الثاني": 1, "ثاني": 1})
_add(GHEAD, "تشرين", {"الأول": 10, "أول": 10, "الثاني": 11, "ثاني": 11})
for _i, _names in ((1, "محرم"), (2, "صفر"), (7, "رجب"), (8, "شعبان"), (9, "رمضان"), (10, "شوال")):
    _add(HMONTH, _names, _i)
_add(HHEAD, "ربيع", {"الأول": 3, "الآخر": 4, "الثاني": 4})
_add(HHEAD, "جمادى", {"الأولى": 5, "الأول": 5, "الآخرة": 6, "الآخر": 6, "الثانية": 6})
_add(HHEAD, "ذو ذي ذا", {"القعدة": 11, "الحجة": 12})
for _i, _names in enumerate(
    (
        "الحادي الأول",
        "الثاني",
        "الثالث",
        "الرابع",
        "الخامس",
        "السادس",
        "السابع",
        "الثامن",
        "التاسع",
        "العاشر",
    ),
    start=1,
):
    _add(ORD, _names, _i)
_add(ORD, "العشرين", 20)
_add(ORD, "الثلاثين", 30)
for _cat, _val in list(_LEXICON.values()):
    if isinstance(_val, dict):
        for _k in list(_val):
            _val[normalize(_k)] = _val.pop(_k)


_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


def _variants() -> dict[str, tuple[str, object, str, int]]:
    """Every clitic form of every trigger: form -> (category, value, base, prefix length to strip)."""
    out: dict[str, tuple[str, object, str, int]] = {}
    for base, (cat, val) in _LEXICON.items():
        out[base] = (cat, val, base, 0)
    for base, (cat, val) in _LEXICON.items():
        if len(base) < 3:
            continue
        prefixes = [c for c in _CONJ] + [p for p in _PREP] + [c + p for c in _CONJ for p in _PREP]
        for pre in prefixes:
            form = pre + base
            if form not in out:
                out[form] = (cat, val, base, len(pre))
        if base.startswith("ال"):
            for pre in ("ل", "ول", "فل"):  # ل + ال -> لل: keep the whole token in the span
                form = pre + base[1:]
                if form not in out:
                    out[form] = (cat, val, base, 0)
    return out


_TRIGGERS = _variants()

# Words read after a trigger (normalised, compared against the clitic-free base).
_N = normalize


def _set(words: str, clitics: tuple[str, ...] = ()) -> frozenset[str]:
    """Normalised forms of ``words``, also with each of the ``clitics`` in front."""
    base = [_N(w) for w in words.split()]
    return frozenset(base + [c + w for c in clitics for w in base])


_WF = ("و", "ف")

#: Month names that are also ordinary words and need a date context.
_AMBIGUOUS_MONTHS = _set("مارس آب ماي أوت تموز")
_HIJRI_NEEDS_YEAR = _set("صفر")


_MOD_PAST = _set("الماضي الماضية المنصرم المنصرمة الفائت الفائتة المنقضي المنقضية")
_MOD_NEXT = _set("المقبل المقبلة القادم القادمة")
_MOD_CUR = _set("الجاري الجارية الحالي الحالية")
_DAY_NOT_TODAY = _set(
    "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الأخير الأخيرة التالي التالية "
    "السابق السابقة الموالي ذاته نفسه ذاتها نفسها العالمي العالمية الوطني الوطنية الدولي الموعود الذي التي "
    "الواحد الكامل الأولى الثانية الثالثة المشهود"
)
_BEFORE_NOT_TODAY = _set("ذلك تلك نفس ذات طيلة", ("و", "ف", "ب", "ل", "وب", "ول", "فب"))
_BOTH_BEFORE = _set("كلا كلتا هذين هذان هاتين هاتان كلي", ("و", "ف", "ل", "ب", "ول", "وب"))
_BOTH_AFTER = _set("معا معًا")
_NOT_EVENT_MONTH = _set("ثورة انتفاضة حركة أحداث هجمات هجوم حرب", ("و", "ف", "ل", "ب", "ول", "وب"))
_YEAR_CONTEXT = frozenset(
    {
        form
        for w in _set(
            "في عام العام سنة السنة منذ حتى قبل بعد بحلول مطلع أوائل أواخر منتصف نهاية بداية خلال عامي "
            "سنتي ربيع صيف خريف شتاء موسم لعام"
        )
        for form in (w, *(c + w for c in ("و", "ف", "ب", "ل", "وب", "ول", "وفي")))
    }
    | _set("وفي ففي")
)
_APPROX = _set("نحو حوالي حوالى قرابة زهاء")
_HIJRI_MARK = _set("ه هـ هجري هجرية للهجرة")
_GREG_MARK = _set("م ميلادي ميلادية للميلاد")
_MIN = _N("من")
_AND = "و"
_TO_WORDS = _set("إلى الى حتى")
_QABL = _N("قبل")
_SHAHR = _set("شهر شهري")
_FI = _set("في", _WF)
_BAYN = _set("بين", _WF)
_MUWAFIQ = _set("الموافق الموافقة")
_YEAR_MARKS = _HIJRI_MARK | _GREG_MARK
_AWWAL = _N("الأول")
_AND_TENS = {_N("والعشرين"): 20, _N("والثلاثين"): 30}
#: Nouns that العام ("general") qualifies: الأمين العام الحالي is not "this year".
_GENERAL_NOUNS = _set(
    "الأمين المدير النائب المدعي المفتش المراقب المنسق المحامي القائد المرشد المستشار الرأي القطاع المال "
    "الإضراب المؤتمر الأمن الشأن النظام الصالح الحق الاتحاد الإطار النفع التعليم العفو الإنفاق الدين "
    "الطابع المزاج التوجه الاتجاه الموقف المناخ الجو المشهد الهيكل الادعاء المقرر الموظف المصلحة القنصل",
    ("و", "ف", "ب", "ل", "وب", "ول"),
) | _set("للأمين للمدير للنائب للمدعي للرأي للقطاع للمال للأمن للشأن للنظام للصالح", _WF)
_BARIHA = _N("البارحة")
_MUNTASAF = _N("منتصف")
_LAYL = _set("ليل ليلة")
_MORE_LESS = _set("أكثر أقل")
_WAHID = _set("واحد واحدة")
_MIN_ALA = _set("من على")
_AFTER_GHADAN = _set("في على إلى الى من مع عند صباحا مساء ظهرا ليلا")
_THIS_PART = _set("المساء الصباح")
_AMBIGUOUS_OK_AFTER_FI = _set("مارس تموز أوت")

_UNIT_WORDS: dict[str, tuple[str, int | None]] = {}
for _u, _words in (
    ("d", "يوم:1 يوما:0 يومًا:0 أيام:0 يومين:2 يومان:2"),
    ("w", "أسبوع:1 أسبوعا:0 أسابيع:0 أسبوعين:2 أسبوعان:2"),
    ("m", "شهر:1 شهرا:0 أشهر:0 شهور:0 شهرين:2 شهران:2"),
    ("y", "عام:1 عاما:0 أعوام:0 عامين:2 عامان:2 سنة:1 سنوات:0 سنين:0 سنتين:2 سنتان:2"),
    ("D", "عقد:1 عقود:0 عقدين:2 عقدان:2"),
):
    for _item in _words.split():
        _w, _c = _item.split(":")
        _UNIT_WORDS[_N(_w)] = (_u, int(_c) or None)

_NUM_WORDS: dict[str, int] = {}
for _v, _words in (
    (1, "واحد واحدة أحد إحدى"),
    (2, "اثنين اثنان اثنتين اثنتان اثني اثنا"),
    (3, "ثلاثة ثلاث"),
    (4, "أربعة أربع"),
    (5, "خمسة خمس"),
    (6, "ستة ست"),
    (7, "سبعة سبع"),
    (8, "ثمانية ثماني ثمان"),
    (9, "تسعة تسع"),
    (10, "عشرة عشر"),
    (20, "عشرين عشرون"),
    (30, "ثلاثين ثلاثون"),
    (40, "أربعين أربعون"),
    (50, "خمسين خمسون"),
    (60, "ستين ستون"),
    (70, "سبعين سبعون"),
    (80, "ثمانين ثمانون"),
    (90, "تسعين تسعون"),
    (100, "مئة مائة"),
):
    for _w in _words.split():
        _NUM_WORDS[_N(_w)] = _v
_TEEN = _set("عشر عشرة")

_NUM_RE = re.compile(r"(\d{1,4})(م|ه)?")
_WORDNUM_RE = re.compile(r"(و|ف|ب|ل|وب|ول|وال|ال|بال|لل|فال)(\d{1,4})(م|ه)?")
_ISO_RE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DMY_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})")
_LATIN_RE = re.compile(r"[a-zéû]{3,9}\.?")

#: Characters that are not letters of a word for clitic counting (marks, tatweel, format characters).
_NOT_LETTERS = frozenset(chr(c) for c in range(0x0600, 0x0700) if not normalize(chr(c))) | frozenset(
    "\u200c\u200d\u200e\u200f"
)

_NORM = attrgetter("norm")

_PUB_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# --- resolution helpers ----------------------------------------------------------------------------


def _fmt_day(d: date) -> str:
    return d.isoformat()


def _fmt_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _month_near(m: int, pub: date, mode: str) -> tuple[int, int]:
    """The year of month ``m`` relative to ``pub``: near (window -10..+2 months), past, next or cur."""
    if mode == "cur":
        return pub.year, m
    diff = (m - pub.month) % 12  # months ahead within the year
    if mode == "past":
        return (pub.year if m < pub.month else pub.year - 1), m
    if mode == "next":
        return (pub.year if m > pub.month else pub.year + 1), m
    if diff == 0:
        return pub.year, m
    if diff <= 2:  # up to two months ahead: the coming one
        return (pub.year if m > pub.month else pub.year + 1), m
    return (pub.year if m < pub.month else pub.year - 1), m


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _day_near(d: int, m: int, pub: date, mode: str) -> date | None:
    """The date ``d``/``m`` closest to ``pub`` in the window (or strictly before/after it)."""
    cands = [c for c in (_safe_date(y, m, d) for y in (pub.year - 1, pub.year, pub.year + 1)) if c]
    if not cands:
        return None
    if mode == "cur":
        return _safe_date(pub.year, m, d)
    if mode == "past":
        past = [c for c in cands if c < pub]
        return past[-1] if past else None
    if mode == "next":
        nxt = [c for c in cands if c > pub]
        return nxt[0] if nxt else None
    lo, hi = pub - timedelta(days=305), pub + timedelta(days=62)
    inside = [c for c in cands if lo <= c <= hi]
    return inside[0] if inside else None


def _hijri_day_near(d: int, m: int, pub: date) -> date | None:
    hy = hijri.from_gregorian(pub)[0]
    lo, hi = pub - timedelta(days=305), pub + timedelta(days=62)
    for y in (hy - 1, hy, hy + 1):
        try:
            g = hijri.to_gregorian(y, m, d)
        except ValueError:
            continue
        if lo <= g <= hi:
            return g
    return None


def _weekday(pub: date, wd: int, mode: str) -> date:
    back = (pub.weekday() - wd) % 7
    if mode == "past":
        return pub - timedelta(days=back or 7)
    if mode == "next":
        ahead = (wd - pub.weekday()) % 7
        return pub + timedelta(days=ahead or 7)
    return pub - timedelta(days=back)


@lru_cache(maxsize=1024)
def parse_published(published: str | None) -> date | None:
    """``YYYY-MM-DD`` (anything after the date, e.g. a time, is ignored) or ``None``."""
    if not published:
        return None
    m = _PUB_RE.match(published)
    if not m:
        return None
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


# Values are produced lazily: a resolver takes the publication date (never None) and returns
# (value, precision) or None. Absolute expressions ignore it.
Resolver = Callable[[date], "tuple[str, str] | None"]


def _abs(value: str, precision: str) -> Resolver:
    return lambda _pub: (value, precision)


def _rel_days(k: int) -> Resolver:
    return lambda pub: (_fmt_day(pub + timedelta(days=k)), DAY)


# --- the scanner -----------------------------------------------------------------------------------


class _Match:
    __slots__ = ("end_tok", "relative", "resolve", "start")

    def __init__(self, start: int, end_tok: int, resolve: Resolver | None, relative: bool) -> None:
        self.start = start  # character offset
        self.end_tok = end_tok  # index of the last token (inclusive)
        self.resolve = resolve
        self.relative = relative


class _Scanner:
    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.toks: list[Token] = doc.tokens
        self.n = len(self.toks)
        self.extra: list[tuple[int, int, Resolver, bool]] = []  # secondary expressions (ranges)

    # token access ------------------------------------------------------------------------------

    def tok(self, j: int) -> Token | None:
        """Token ``j`` if it exists and is on the same line as token ``j - 1``."""
        if j >= self.n:
            return None
        t = self.toks[j]
        if j and "\n" in self.text[self.toks[j - 1].end : t.start]:
            return None
        return t

    def entry(self, j: int) -> tuple[str, object, str, int] | None:
        t = self.tok(j)
        if t is None or t.kind != WORD:
            return None
        return _TRIGGERS.get(t.norm)

    def base(self, j: int) -> str | None:
        t = self.tok(j)
        if t is None:
            return None
        e = _TRIGGERS.get(t.norm) if t.kind == WORD else None
        return e[2] if e else t.norm

    def norm(self, j: int) -> str | None:
        t = self.tok(j)
        return None if t is None else t.norm

    def cat(self, j: int) -> str | None:
        e = self.entry(j)
        return e[0] if e else None

    def start_of(self, j: int, strip: int) -> int:
        """Character offset of token ``j`` after ``strip`` normalised prefix letters."""
        t = self.toks[j]
        if not strip:
            return t.start
        k = 0
        for i, ch in enumerate(t.text):
            if k == strip:
                return t.start + i
            if ch not in _NOT_LETTERS:
                k += 1
        return t.start

    def prev_norm(self, i: int) -> str | None:
        if i == 0:
            return None
        if "\n" in self.text[self.toks[i - 1].end : self.toks[i].start]:
            return None
        return self.toks[i - 1].norm

    def number(self, j: int) -> tuple[int, int, str | None, int] | None:
        """``(value, n_digits, suffix, char_start)`` of a number token (also و2024، الـ28)."""
        t = self.tok(j)
        if t is None:
            return None
        if t.kind == NUM:
            m = _NUM_RE.fullmatch(t.norm)
            if m:
                cs = t.start
                if j and self.toks[j - 1].end == cs and self.toks[j - 1].norm == "ال":  # الـ28
                    cs = self.toks[j - 1].start
                return int(m.group(1)), len(m.group(1)), m.group(2), cs
            return None
        if t.kind == WORD and (t.norm[-1].isdigit() or t.norm[-2:-1].isdigit()):
            m = _WORDNUM_RE.fullmatch(t.norm)
            if m:
                pre = m.group(1)
                cs = t.start if "ال" in pre or pre == "لل" else self.start_of(j, len(pre))
                return int(m.group(2)), len(m.group(2)), m.group(3), cs
        return None

    # the scan ----------------------------------------------------------------------------------

    def run(self) -> list[tuple[int, int, Resolver | None, bool]]:
        out: list[tuple[int, int, Resolver | None, bool]] = []
        toks = self.toks
        trig = _TRIGGERS
        extra = self.extra
        # Candidates in one pass: trigger words, and tokens starting with an ASCII character (numbers,
        # Latin words; ASCII punctuation also passes and is dropped below). Arabic sorts above "{".
        cands = [i for i, w in enumerate(map(_NORM, toks)) if w in trig or w < "{"]
        nxt = 0  # first token not consumed by an earlier match
        for i in cands:
            if i < nxt:
                continue
            t = toks[i]
            kind = t.kind
            nrm = t.norm
            if not nrm:
                continue
            if kind == WORD:
                e = trig.get(nrm)
                if e is not None:
                    m = self.at_trigger(i, e)
                elif nrm[-1].isdigit() or nrm[-2:-1].isdigit():
                    m = self.at_number(i)
                elif _LATIN_RE.fullmatch(nrm):
                    m = self.at_latin(i)
                else:
                    continue
            elif kind == NUM:
                m = self.at_number(i)
            else:
                continue
            if m is not None:
                if extra:
                    out.extend(extra)
                    extra.clear()
                out.append((m.start, toks[m.end_tok].end, m.resolve, m.relative))
                nxt = m.end_tok + 1
            elif extra:
                extra.clear()
        return out

    # rules -------------------------------------------------------------------------------------

    def at_trigger(self, i: int, e: tuple[str, object, str, int]) -> _Match | None:
        cat, val, _base, strip = e
        start = self.start_of(i, strip)
        if cat == TODAY:
            return self.today(i, start)
        if cat == YEST:
            return self.yesterday(i, start)
        if cat == TOMW:
            return self.tomorrow(i, start)
        if cat == TONIGHT:
            nb = self.base(i + 1)
            if nb in _DAY_NOT_TODAY:
                return None
            if nb in _MOD_PAST or nb == _BARIHA:
                return _Match(start, i + 1, _rel_days(0), True)  # overnight: see the module docstring
            return _Match(start, i, _rel_days(0), True)
        if cat == FIRST:
            j = i + 1
            if self.base(j) == _MIN:
                j += 1
            if self.cat(j) == YEST and self.base(j) != _BARIHA:
                return self.after_day(j, start, -2)
            return None
        if cat == WEEKDAY:
            return self.weekday(i, start, int(val))  # type: ignore[call-overload]
        if cat == PART:
            return self.part(i, start)
        if cat == DAYW:
            return self.dayword(i, start)
        if cat == DURPRE:
            return self.duration(i, start, int(val))  # type: ignore[call-overload]
        if cat == PERIOD:
            return self.period(i, start, str(val))
        if cat == YEARW:
            return self.yearword(i, start)
        if cat == DEM:
            return self.dem(i, start)
        if cat == MONTHW:
            m = self.month_expr(i + 1, None, start, shahr=True)
            return m
        if cat in (GMONTH, GHEAD, HMONTH, HHEAD):
            return self.month_expr(i, None, start)
        if cat == ORD:
            return self.ordinal(i, start, int(val))  # type: ignore[call-overload]
        return None

    def today(self, i: int, start: int) -> _Match | None:
        nb = self.base(i + 1)
        if nb in _DAY_NOT_TODAY:
            return None
        pn = self.prev_norm(i)
        if pn in _BEFORE_NOT_TODAY:
            return None
        return self.after_day(i, start, 0)

    def yesterday(self, i: int, start: int) -> _Match:
        if self.base(i + 1) == _AWWAL:  # أمس الأول
            return self.after_day(i + 1, start, -2)
        return self.after_day(i, start, -1)

    def after_day(self, i: int, start: int, offset: int) -> _Match:
        """A day word ending at token ``i`` (``offset`` days from P), optionally followed by its weekday."""
        end = i
        if self.cat(end + 1) == WEEKDAY:
            end += 1
        return _Match(start, end, _rel_days(offset), True)

    def tomorrow(self, i: int, start: int) -> _Match | None:
        t = self.toks[i]
        nxt = self.tok(i + 1)
        ok = "\u064b" in t.text or nxt is None or nxt.kind != WORD
        if not ok:
            ok = self.cat(i + 1) in (WEEKDAY, PART) or self.base(i + 1) in _AFTER_GHADAN
        if not ok:
            return None
        return self.after_day(i, start, 1)

    def weekday(self, i: int, start: int, wd: int, prefix_start: int | None = None) -> _Match | None:
        nb = self.base(i + 1)
        if nb in _TEEN:  # الأحد عشر
            return None
        if wd == 0 and prefix_start is None:
            pn = self.prev_norm(i)
            if pn in _BOTH_BEFORE or nb in _BOTH_AFTER:
                return None
            if pn in _BAYN and WEEKDAY not in (self.cat(i + 1), self.cat(i + 2)):
                return None
            q = pn[1:] if pn and pn[0] in "وف" else pn
            if q and q.startswith(("ال", "بال", "لل")) and q.endswith(("ين", "ان")) and len(q) > 5:
                return None  # الطرفين الاثنين: "the two"
        mode, end = "near", i
        if nb in _MOD_PAST:
            mode, end = "past", i + 1
        elif nb in _MOD_NEXT:
            mode, end = "next", i + 1
        s = start if prefix_start is None else prefix_start
        # a date right after the weekday: الاثنين 28 أبريل 2025 / الاثنين (28 أبريل) / الاثنين الموافق ...
        j = end + 1
        nt = self.tok(j)
        if nt is not None and (nt.text in ("،", ",", "(") or nt.norm in _MUWAFIQ):
            j += 1
        d = self.day_date(j, s)
        if d is not None:
            if self.norm(d.end_tok + 1) == ")" and nt is not None and nt.text == "(":
                d.end_tok += 1
            return d
        return _Match(s, end, lambda pub: (_fmt_day(_weekday(pub, wd, mode)), DAY), True)

    def day_date(self, j: int, start: int) -> _Match | None:
        """A date starting with a day number at ``j`` (numeric or with a month name), keeping ``start``."""
        num = self.number(j)
        if num is None:
            return None
        m = self.at_number(j) if num[1] <= 2 else self.numeric_date(j)
        if m is None or m.resolve is None:
            return None
        m.start = start
        return m

    def part(self, i: int, start: int) -> _Match | None:
        j = i + 1
        if self.base(i) == _MUNTASAF:
            if self.base(j) not in _LAYL:
                return None
            j += 1
        c = self.cat(j)
        e = self.entry(j)
        if c == TODAY:
            m = self.today(j, start)
        elif c == YEST:
            m = self.yesterday(j, start)
        elif c in (TOMW, GHAD):
            m = self.after_day(j, start, 1)
        elif c == WEEKDAY and e is not None:
            m = self.weekday(j, start, int(e[1]), prefix_start=start)  # type: ignore[call-overload]
        elif c == FIRST:
            m = self.at_trigger(j, e) if e else None
            if m is not None:
                m.start = start
        elif c == DAYW:
            m = self.dayword(j, start)
        else:
            m = self.day_date(j, start)
        return m

    def dayword(self, i: int, start: int) -> _Match | None:
        j = i + 1
        c = self.cat(j)
        e = self.entry(j)
        if c == WEEKDAY and e is not None:
            return self.weekday(j, start, int(e[1]), prefix_start=start)  # type: ignore[call-overload]
        if c == YEST:
            return self.yesterday(j, start)
        if c in (TOMW, GHAD):
            return self.after_day(j, start, 1)
        return self.day_date(j, start)

    def duration(self, i: int, start: int, sign: int) -> _Match | None:
        j = i + 1
        nb = self.base(j)
        c = self.cat(j)
        if sign > 0 and c in (GHAD, TOMW):  # بعد غد
            return self.after_day(j, start, 2)
        if nb in _APPROX:
            j += 1
        elif nb in _MORE_LESS and self.base(j + 1) == _MIN:
            j += 2
        count = None
        num = self.number(j)
        if num is not None:
            if num[2] is not None or num[1] > 3:
                return None
            count, j = num[0], j + 1
        else:
            nb = self.base(j)
            if nb in _NUM_WORDS:
                count, j = self.number_words(j)
        unit = _UNIT_WORDS.get(self.base(j) or "")
        if unit is None:
            return None
        u, implicit = unit
        if count is None:
            if implicit is None:
                return None  # منذ أيام: vague
            count = implicit
            if implicit == 1 and self.number(j + 1) is not None:
                return None  # منذ عام 2011: a year, not a duration
            if implicit == 1 and self.base(j + 1) in _WAHID:
                j += 1
        end = j
        nb = self.base(end + 1)
        if (sign != -1 or self.base(i) == _QABL) and nb in _MIN_ALA:
            return None  # قبل يومين من الانتخابات / بعد يومين على ...: relative to another event
        k = sign * count
        if u == "d":
            return _Match(start, end, _rel_days(k), True)
        if u == "w":
            return _Match(start, end, _rel_days(7 * k), True)
        if u == "m":
            return _Match(
                start, end, lambda pub: (_fmt_month(*_add_months(pub.year, pub.month, k)), MONTH), True
            )
        step = 10 if u == "D" else 1
        return _Match(start, end, lambda pub: (f"{pub.year + step * k:04d}", YEAR), True)

    def number_words(self, j: int) -> tuple[int | None, int]:
        v = _NUM_WORDS[self.base(j) or ""]
        j += 1
        if v < 10 and self.base(j) in _TEEN:
            v += 10
            j += 1
        if v < 10:
            nt = self.norm(j)
            if nt and nt.startswith(_AND) and _NUM_WORDS.get(nt[1:], 0) >= 20 and _NUM_WORDS[nt[1:]] < 100:
                v += _NUM_WORDS[nt[1:]]
                j += 1
        return v, j

    def period(self, i: int, start: int, unit: str) -> _Match | None:
        j = i + 1
        nb = self.base(j)
        if unit == "y":
            num = self.number(j)
            if num is not None:
                return self.year_number(j, start)
            if self.prev_norm(i) in _GENERAL_NOUNS:
                return None  # الأمين العام الحالي: العام is "general"
        shift = None
        if nb in _MOD_PAST:
            shift = -1
        elif nb in _MOD_NEXT:
            shift = 1
        elif nb in _MOD_CUR:
            shift = 0
        elif nb == _QABL and self.base(j + 1) in _MOD_PAST:
            shift, j = -2, j + 1
        if shift is None:
            return None
        return self._period_match(start, j, unit, shift)

    def _period_match(self, start: int, end: int, unit: str, shift: int) -> _Match:
        if unit == "w":
            return _Match(
                start, end, lambda pub: ((pub + timedelta(days=7 * shift)).isoformat()[:7], MONTH), True
            )
        if unit == "m":
            return _Match(
                start, end, lambda pub: (_fmt_month(*_add_months(pub.year, pub.month, shift)), MONTH), True
            )
        return _Match(start, end, lambda pub: (f"{pub.year + shift:04d}", YEAR), True)

    def dem(self, i: int, start: int) -> _Match | None:
        if self.norm(i + 1) in _THIS_PART:  # هذا المساء / هذا الصباح
            return _Match(start, i + 1, _rel_days(0), True)
        e = self.entry(i + 1)
        if e is None:
            return None
        if e[0] == PERIOD and e[3] == 0 and self.toks[i + 1].norm == e[2]:
            return self._period_match(start, i + 1, str(e[1]), 0)
        if e[0] == TONIGHT:
            return _Match(start, i + 1, _rel_days(0), True)
        return None

    def yearword(self, i: int, start: int) -> _Match | None:
        if self.number(i + 1) is None:
            return None
        return self.year_number(i + 1, start)

    def year_number(self, j: int, start: int | None) -> _Match | None:
        """A year number at ``j``; ``start`` is the span start when a year word precedes it."""
        num = self.number(j)
        if num is None:
            return None
        v, nd, suf, cs = num
        end = j
        if suf is None and self.base(j + 1) in _HIJRI_MARK:
            suf, end = "ه", j + 1
        elif suf is None and self.base(j + 1) in _GREG_MARK:
            end = j + 1
        if suf == "ه":
            if not 1300 <= v <= 1600:
                return None
            try:
                mid = hijri.to_gregorian(v, 7, 1)
            except ValueError:
                return None
            res = _abs(f"{mid.year:04d}", YEAR)
        else:
            if nd != 4 or not 1900 <= v <= 2100:
                return None
            res = _abs(f"{v:04d}", YEAR)
        return _Match(cs if start is None else start, end, res, False)

    # numbers: dates and years -------------------------------------------------------------------

    def at_number(self, i: int) -> _Match | None:
        num = self.number(i)
        if num is None:
            return self.numeric_date(i)
        v, nd, suf, cs = num
        t = self.toks[i]
        if t.kind == NUM and suf is None:
            m = self.numeric_date(i)
            if m is not None:
                return m
        if 1 <= v <= 31 and nd <= 2 and suf is None:
            m = self.day_month(i, v, cs)
            if m is not None:
                return m
        if nd == 4:
            pn = self.prev_norm(i)
            if pn == _AND and i > 1:  # 2023 و2024 (the tokenizer splits و from digits)
                prev_num = self.number(i - 2)
            else:
                prev_num = self.number(i - 1) if i and t.norm.startswith(_AND) else None
            if (
                pn in _YEAR_CONTEXT
                or suf is not None
                or self.base(i + 1) in _YEAR_MARKS
                or (prev_num is not None and prev_num[1] == 4)
            ):
                return self.year_number(i, None)
        return None

    def numeric_date(self, i: int) -> _Match | None:
        toks = self.toks
        t = toks[i]
        if t.kind != NUM:
            return None
        # up to five adjacent tokens with no space between them
        last = i
        j = i + 1
        while j < self.n and j <= i + 4 and toks[j].start == toks[j - 1].end:
            last = j
            j += 1
        if last == i and "." not in t.norm:
            return None
        for k in range(last, i - 1, -1):
            piece = "".join(x.norm for x in toks[i : k + 1])
            m = _ISO_RE.fullmatch(piece)
            if m:
                d = _safe_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
                if d and 1900 <= d.year <= 2100:
                    return _Match(t.start, k, _abs(d.isoformat(), DAY), False)
                return None
            m = _DMY_RE.fullmatch(piece)
            if m:
                a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
                year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
                d = _safe_date(year, b, a) or _safe_date(year, a, b)
                if d and 1900 <= d.year <= 2100:
                    return _Match(t.start, k, _abs(d.isoformat(), DAY), False)
                return None
        return None

    def day_month(self, i: int, day: int, cs: int) -> _Match | None:
        """``28 أبريل [2025]``, ``28 و29 أبريل``, ``من 28 إلى 30 أبريل``, ``الـ28 من شهر أبريل``."""
        j = i + 1
        nt = self.tok(j)
        if nt is None:
            return None
        second: tuple[int, int, int] | None = None  # (day, token index, char start) of a range end
        nn = self.number(j)
        if nn is not None and nt.norm.startswith(_AND) and nn[1] <= 2:
            second = (nn[0], j, nn[3])
        elif nt.norm in (_AND, "-") or nt.norm in _TO_WORDS:
            nn = self.number(j + 1)
            if nn is not None and nn[1] <= 2 and nn[2] is None:
                second = (nn[0], j + 1, nn[3])
        if second is not None:
            if not 1 <= second[0] <= 31:
                return None
            m = self.day_month(second[1], second[0], second[2])
            if m is None or m.resolve is None:
                return None
            first_res = m.resolve
            dd = day

            def first(pub: date, res: Resolver = first_res, dd: int = dd) -> tuple[str, str] | None:
                r = res(pub)
                if r is None or r[1] != DAY:
                    return None
                d = _safe_date(int(r[0][:4]), int(r[0][5:7]), dd)
                return None if d is None else (d.isoformat(), DAY)

            self.extra.append((cs, self.toks[i].end, first, m.relative))  # the first day on its own
            return m
        if nt.norm == _MIN:
            j += 1
            e = self.entry(j)
            if e is not None and e[0] == PERIOD and e[1] == "m":  # 18 من الشهر الجاري
                return self.day_of_period(j, day, cs)
        if self.base(j) in _SHAHR:
            j += 1
        return self.month_expr(j, day, cs, first=i)

    def day_of_period(self, j: int, day: int, start: int) -> _Match | None:
        """Day ``day`` of ``الشهر الماضي/الجاري/المقبل`` at ``j``."""
        m = self.period(j, start, "m")
        if m is None or m.resolve is None:
            return None
        month_res = m.resolve

        def res(pub: date) -> tuple[str, str] | None:
            r = month_res(pub)
            if r is None:
                return None
            d = _safe_date(int(r[0][:4]), int(r[0][5:7]), day)
            return None if d is None else (d.isoformat(), DAY)

        m.resolve = res
        return m

    def ordinal(self, i: int, start: int, unit: int) -> _Match | None:
        """``الثامن عشر من فبراير``, ``الحادي والعشرين من الشهر الماضي``, ``الأول من مايو 2025``."""
        j = i + 1
        nb = self.base(j)
        day = unit
        if unit < 10 and nb in _TEEN:
            day, j = unit + 10, j + 1
        elif unit < 10 and self.norm(j) in _AND_TENS:
            day, j = unit + _AND_TENS[self.norm(j) or ""], j + 1
        elif self.toks[i].norm.endswith(_N("الحادي")):
            return None
        if day > 31 or self.norm(j) != _MIN:
            return None
        e = self.entry(j + 1)
        if e is not None and e[0] == PERIOD and e[1] == "m":
            return self.day_of_period(j + 1, day, start)
        k = j + 1
        if self.base(k) in _SHAHR:
            k += 1
        return self.month_expr(k, day, start, first=i)

    def month_at(self, j: int) -> tuple[int, str, int, str] | None:
        """``(month, calendar, last token, base)`` of a month name at ``j`` (g: Gregorian, h: Hijri)."""
        e = self.entry(j)
        if e is None:
            return None
        cat, val, base, _ = e
        if cat == GMONTH:
            return int(val), "g", j, base  # type: ignore[call-overload]
        if cat in (GHEAD, HHEAD):
            second = self.base(j + 1)
            if second is None or second not in val:  # type: ignore[operator]
                return None
            return int(val[second]), ("g" if cat == GHEAD else "h"), j + 1, base  # type: ignore[index]
        if cat == HMONTH:
            return int(val), "h", j, base  # type: ignore[call-overload]
        return None

    def month_expr(
        self, j: int, day: int | None, start: int, shahr: bool = False, first: int | None = None
    ) -> _Match | None:
        """A month name at ``j`` with what follows it; ``day`` was read before it, from token ``first``."""
        mm = self.month_at(j)
        if mm is None:
            return None
        month, cal, end, base = mm
        if first is None:
            first = j - 1 if shahr else j
        # an alternative name in the other system: نيسان/أبريل, أبريل (نيسان), فبراير شباط
        nt = self.tok(end + 1)
        if cal == "g" and nt is not None:
            sep = nt.text in ("/", "(", "-", "،")
            alt = self.month_at(end + 2 if sep else end + 1)
            if alt is not None and alt[0] == month and alt[1] == "g":
                end = alt[2]
                if nt.text == "(" and self.norm(end + 1) == ")":
                    end += 1
        # year
        ynum = self.number(end + 1)
        year = None
        if ynum is not None and ynum[1] == 4:
            year = ynum[0]
            end += 1
            suf = ynum[2]
            nb = self.base(end + 1)
            if suf is None and nb in _HIJRI_MARK:
                suf, end = "ه", end + 1
            elif suf is None and nb in _GREG_MARK:
                end += 1
            if suf == "ه" and cal == "g":
                return None
            if cal == "g" and not 1800 <= year <= 2199:
                return None
            if cal == "h" and not 1300 <= year <= 1600:
                return None
        prev = self.prev_norm(first)
        mode = "near"
        year_res: Resolver | None = None
        year_rel = True
        if year is None:
            nb = self.base(end + 1)
            if nb in _MOD_PAST:
                mode, end = "past", end + 1
            elif nb in _MOD_NEXT:
                mode, end = "next", end + 1
            elif nb in _MOD_CUR:
                mode, end = "cur", end + 1
            elif nb == _MIN and cal == "g":
                ym = self.year_after_min(end + 2)
                if ym is not None:
                    year_res, end, year_rel = ym
        if year is None and year_res is None:
            if day is None and prev is not None and prev.isdigit() and len(prev) <= 2:
                return None  # a day-month rejected above (ثورة 25 يناير)
            if prev in _NOT_EVENT_MONTH:  # ثورة 25 يناير، هجمات 11 سبتمبر، حرب تموز
                return None
            if cal == "h" and (day is None or base in _HIJRI_NEEDS_YEAR):
                return None
            if (
                base in _AMBIGUOUS_MONTHS
                and day is None
                and mode == "near"
                and not shahr
                and not (prev in _FI and base in _AMBIGUOUS_OK_AFTER_FI)
            ):
                return None
        m = self._month_match(start, end, cal, month, day, year, mode, year_res)
        if m is not None and year_res is not None:
            m.relative = year_rel
        return m

    def year_after_min(self, j: int) -> tuple[Resolver, int, bool] | None:
        """``من العام الماضي`` / ``من عام 2024`` / ``من هذا العام`` after a month name."""
        e = self.entry(j)
        if e is None:
            return None
        if e[0] == DEM:
            e2 = self.entry(j + 1)
            if e2 and e2[0] == PERIOD and e2[1] == "y":
                return (lambda pub: (f"{pub.year:04d}", YEAR)), j + 1, True
            return None
        if e[0] == PERIOD and e[1] == "y":
            m = self.period(j, 0, "y")
        elif e[0] == YEARW:
            m = self.yearword(j, 0)
        else:
            return None
        if m is None or m.resolve is None:
            return None
        return m.resolve, m.end_tok, m.relative

    def _month_match(
        self,
        start: int,
        end: int,
        cal: str,
        month: int,
        day: int | None,
        year: int | None,
        mode: str,
        year_res: Resolver | None,
    ) -> _Match | None:
        if cal == "h":
            if year is not None:
                try:
                    if day is not None:
                        g = hijri.to_gregorian(year, month, day)
                        return _Match(start, end, _abs(g.isoformat(), DAY), False)
                    mid = hijri.to_gregorian(year, month, 15)
                except ValueError:
                    return None
                return _Match(start, end, _abs(mid.isoformat()[:7], MONTH), False)
            if day is None or day > 30:
                return None
            dd = day

            def hres(pub: date) -> tuple[str, str] | None:
                g = _hijri_day_near(dd, month, pub)
                return None if g is None else (g.isoformat(), DAY)

            return _Match(start, end, hres, True)
        if year is not None:
            if day is not None:
                d = _safe_date(year, month, day)
                if d is None:
                    return None
                return _Match(start, end, _abs(d.isoformat(), DAY), False)
            return _Match(start, end, _abs(f"{year:04d}-{month:02d}", MONTH), False)
        if year_res is not None:
            yr = year_res

            def from_year(pub: date) -> tuple[str, str] | None:
                r = yr(pub)
                if r is None:
                    return None
                y = int(r[0][:4])
                if day is None:
                    return f"{y:04d}-{month:02d}", MONTH
                d = _safe_date(y, month, day)
                return None if d is None else (d.isoformat(), DAY)

            return _Match(start, end, from_year, True)
        if day is not None:
            if _safe_date(2000, month, day) is None:
                return None
            dd = day

            def dres(pub: date) -> tuple[str, str] | None:
                d = _day_near(dd, month, pub, mode)
                return None if d is None else (d.isoformat(), DAY)

            return _Match(start, end, dres, True)

        def mres(pub: date) -> tuple[str, str] | None:
            y, m = _month_near(month, pub, mode)
            return f"{y:04d}-{m:02d}", MONTH

        return _Match(start, end, mres, True)

    # Latin-script dates: the one place dateparser is used ------------------------------------------

    def at_latin(self, i: int) -> _Match | None:
        """``28 April 2025`` / ``April 28, 2025`` / ``avril 2025`` inside Arabic text (via dateparser)."""
        prev = self.number(i - 1) if i and self.tok(i) is not None else None
        j = i + 1
        if self.norm(j) == ".":
            j += 1
        nxt = self.number(j)
        first = i
        if prev is not None and prev[1] <= 2:
            first = i - 1
        last = i
        if nxt is not None and nxt[1] <= 2:  # April 28, 2025
            last = j
            if self.norm(last + 1) == ",":
                last += 1
            y = self.number(last + 1)
            if y is None or y[1] != 4:
                return None
            last += 1
        elif nxt is not None and nxt[1] == 4:
            last = j
        else:
            return None
        span = self.text[self.toks[first].start : self.toks[last].end]
        parsed = _dateparser(span, first < i or last > j)
        if parsed is None:
            return None
        return _Match(self.toks[first].start, last, _abs(*parsed), False)


@lru_cache(maxsize=4096)
def _dateparser(span: str, has_day: bool) -> tuple[str, str] | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    parts = ["day", "month", "year"] if has_day else ["month", "year"]
    d = dateparser.parse(
        span,
        languages=["en", "fr", "es", "de", "it"],
        settings={"REQUIRE_PARTS": parts, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"},
    )
    if d is None or not 1800 <= d.year <= 2199:
        return None
    if has_day:
        return d.date().isoformat(), DAY
    return f"{d.year:04d}-{d.month:02d}", MONTH


# --- public API ------------------------------------------------------------------------------------


def find_times(doc: Document) -> list[TimeExpr]:
    """All time expressions of ``doc`` (tokens must be filled), resolved against ``doc.published``."""
    pub = parse_published(doc.published)
    text = doc.text
    out: list[TimeExpr] = []
    for s, e, resolve, relative in _Scanner(doc).run():
        value = precision = None
        if resolve is not None and (pub is not None or not relative):
            r = resolve(pub)  # type: ignore[arg-type]
            if r is not None:
                value, precision = r
        out.append(TimeExpr(s, e, text[s:e], value, precision, relative))
    out.sort(key=lambda t: t.start)
    return out


def make_component() -> Callable[[Document], None]:
    """The ``times`` pipeline component: fills ``doc.times``."""

    def times_component(doc: Document) -> None:
        if not doc.tokens and doc.text:
            from marsad.pipeline import text_component

            text_component(doc)
        doc.times = find_times(doc)

    return times_component


def date_for_span(doc: Document, start: int, end: int) -> TimeExpr | None:
    """The time expression that governs the span ``[start, end)`` (e.g. an event's clause), or ``None``.

    Only expressions in the sentence that contains ``start`` are considered (the whole text when there
    are no sentences). An expression inside the span wins, the first one (the one nearest the verb,
    which opens a clause in Arabic news copy) if there are several. Otherwise the nearest expression
    outside the span wins, where the distance to one *before* the span counts double: time adverbials
    usually follow the verb and its arguments, and an expression before the span more often belongs
    to an earlier clause. Expressions without a value still count (they are the governing expression;
    the caller decides what to do with an unresolved one).
    """
    times = doc.times
    if not times:
        return None
    lo, hi = 0, len(doc.text)
    sents = doc.sentences
    if sents:
        k = bisect_left([s.end for s in sents], start + 1)
        if k < len(sents):
            lo, hi = sents[k].start, sents[k].end
    cands = [t for t in times if t.start >= lo and t.end <= hi]
    if not cands:
        return None
    inside = [t for t in cands if t.start < end and t.end > start]
    if inside:
        return min(inside, key=lambda t: t.start)
    best: TimeExpr | None = None
    best_d = float("inf")
    for t in cands:
        d = t.start - end if t.start >= end else 2 * (start - t.end)
        if d < best_d:
            best, best_d = t, d
    return best


def _period_bounds(value: str) -> tuple[date, date] | None:
    """First and last day of the period named by a ``YYYY[-MM[-DD]]`` value."""
    try:
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            ny, nm = _add_months(y, m, 1)
            return date(y, m, 1), date(ny, nm, 1) - timedelta(days=1)
        d = date.fromisoformat(value[:10])
        return d, d
    except ValueError:
        return None


def is_past(value: str | None, published: str | None, min_days: int = 0) -> bool:
    """True when the whole period named by ``value`` ends before the publication date.

    ``value`` is a ``TimeExpr.value`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); a year or month is past
    only when it is over (``2025-04`` is not past on 2025-04-28; ``2024`` is). ``min_days`` asks for a
    gap: with ``min_days=7`` only periods that ended at least a week before publication count, which
    is what "historical" (background, not news of the day) usually means. ``False`` when either date
    is missing or malformed.
    """
    if not value:
        return False
    pub = parse_published(published)
    bounds = _period_bounds(value)
    if pub is None or bounds is None:
        return False
    return bounds[1] < pub - timedelta(days=min_days)


__all__ = ["date_for_span", "find_times", "is_past", "make_component", "parse_published"]
