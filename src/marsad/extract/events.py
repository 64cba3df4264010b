"""Events: who did what to whom, coded in CAMEO and PLOVER, with mode, date, location and casualties.

Per sentence, the trigger lexicon (:mod:`marsad.extract.event_lexicon`) finds the actions; for each
trigger the clause around it is searched for the actors. Actors are the entities already in the
document plus phrases this module reads itself:

* a force, office or group noun with a nisba adjective (طائرات أمريكية وبريطانية، مدمرة أمريكية،
  رئيس الوزراء العراقي، نظيره الإيراني، آلاف الإسرائيليين، مدنيين سوريين): the country with the role
  the noun names (MIL, GOV, COP, CVL, MED, HLH, REB, OPP, BUS, EDU);
* a bare nisba after another noun (الهجوم الإسرائيلي، البنية التحتية الروسية، ناقلة نفط يونانية):
  the country, usable as a patient or as the agent of the act it qualifies, never as a clause subject;
* the West and its allies (الغرب، الحلفاء الغربيين، الدول الغربية): CAMEO's region code WST;
* inside a quotation, "our cities/country/forces" (مدننا، بلادنا، قواتنا): the speaker's country;
* a bare definite force noun (الجيش، الشرطة، الميليشيا) refers back to the last force of that kind
  named in the document, "the two parties/sides" (الطرفين، الجانبان) to the two sides of the last
  two-sided event.

Roles:

* **source (agent)** -- the actor right after a verb trigger, before any preposition (VSO: ووجه
  الرئيس الروسي فلاديمير بوتين ... شكره), else the actor right before the trigger in the clause (SVO:
  موسكو قد تقدم ...), else, for a verbal noun, the nisba or agent attached to it (الهجوم الإسرائيلي،
  هجوم لحزب الله، هجمات الحوثيين على السفن), the possessor of its pronoun (بقتالهم، دعمها) or the subject
  of the verb it complements (يواصل استهداف), else, for a verb with no subject of its own, the subject
  carried over from earlier in the sentence, else -- inside a quotation -- the quote's speaker.
* **passive** -- a number right after a verb (قتل ثلاثة جنود أتراك), or a passive/intransitive trigger
  (أصيب، تعرض لقصف; lexicon option ``passive``), makes the following actor the target; the source is
  then the actor the sentence attributes the act to (ينسب إلى، تبناه، على يد، برصاص، بنيران X) or the
  agent of the attack noun in the clause (في غارة إسرائيلية، في هجوم لحزب العمال), whose more specific
  code is kept, or the other side of a clash (في اشتباكات مع حماس); else, when the sentence names an
  attack (مسيرة، قصف، انفجار ...), the author of the document's last attack on the victims' country
  (مقتل أربعة أشخاص جراء سقوط مسيرة); else it stays empty. Victims of an accident (حادث سير،
  اصطدام، غرق) are no event.
* **participles** (متهما، محذرا، مطالبا; option ``participle``) take the clause's subject or the
  quote's speaker as source and the actor after them as target.
* **target (patient)** -- the first actor after the trigger that is either governed by one of the
  trigger's target prepositions (ضد، على، إلى، ل، مع، ب ...) or, for triggers that take a direct
  object, governed by none; for criticism, demands and threats (roots 10-13) the actor attached to
  the criticised act comes first (أدانت الهجوم الإسرائيلي -> ISR); a member noun points to its group
  (قياديا في حزب الله -> the group); for material conflict with no named patient, victims such as
  civilians, residents or a hospital (المدنيين، أحياء سكنية، مستشفى) are the civilians (CVL) or the
  health sector (HLH) of the country where it happened.
* **several actors on one side** (طائرات أمريكية وبريطانية، واشنطن ولندن، مصر والأردن) -- one event per
  source/target pair, GDELT-style, so that ``source``/``target`` always hold one actor each and every
  count per dyad is right; every such event carries the whole sides in ``sources``/``targets``. For
  symmetric actions (meetings, signing, cooperation, clashes) with no other patient, the first actor
  is the source and the others are its targets (وقعت مصر والإمارات، اشتباكات بين الجيش والدعم السريع).
* actor codes are CAMEO-style (:mod:`marsad.extract.actors`): a country alone, or country + role.

Coding decisions made here rather than in the lexicon, because they need the clause:

* plain statements (010 "make statement") are quotes, not events;
* concern aimed at another actor (أعرب عن قلقه إزاء ...) is criticism (111); with no target it stays a
  pessimistic comment (012);
* reported speech that describes an ongoing or habitual hostile act of another country against the
  speaker's own (قال بيسكوف إن أوكرانيا "تواصل استهداف" البنية التحتية الروسية; زيلينسكي: روسيا تقصف
  مدننا) is the speaker accusing that country (112), not the act itself; a report of a past act in
  the perfect (قال الجيش إن روسيا قصفت ...) stays the act. "لن يمر دون رد" (option ``reverse``: its
  subject is the patient) is a threat (138) by the speaker;
* appeals (02x) have no type in the CAMEO-to-PLOVER table, but PLOVER's REQUEST is "all requests,
  demands, and orders" (PLOVER manual 3.8), so appeals are typed REQUEST;
* an event is a dyad; one side may stay empty only for a passive report of victims, for violence
  (roots 18-20, or counted arrests) stated by a verb whose patient is unnamed (هاجمت جماعة الحوثي
  سفينة تجارية) -- unless the document already names the source's enemy, who is then the patient --
  and for condemnation of an act whose author is unnamed (أدان الهجمات على المدنيين);
* the same event told again (headline and body) is coded once: same source and target (a country
  and one of its roles count as the same; not both sides different), same root and code (or one of
  them the root's generic code: 190 and 195) and mode, dates that agree or only the
  publication date, and the same place (or a place inside the other's province); the most specific
  code, date and place and the casualty counts are kept. A place that is the target of a material
  act is where it happened (غارات على الحديدة).
* mode: ``negated`` (لم، لن، لا، ليس، عدم ... before the trigger, or the trigger inside a denial: نفت
  أن تكون قصفت), ``hypothetical`` (قد، إذا، لو، في حال، يمكن ...), ``future`` (س-، سوف، يعتزم، من
  المقرر ...), ``historical`` (dated more than a week before publication). Cooperation that is only
  intended or conditional is coded with CAMEO's intent codes (072 -> 0332); violence or coercion
  announced for the future is a threat (19x -> 138, 163 -> 1312); conditional conflict keeps its
  code with mode ``hypothetical``.

An event keeps its evidence: the clause span, the trigger span and the actors' mention spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.doc import Actor, Casualties, Document, Entity, Event, Location, SpanRef
from marsad.extract import cameo as cameo_codes
from marsad.extract.actors import actor_for
from marsad.extract.event_lexicon import TriggerMatch, load_lexicon
from marsad.text.normalize import normalize
from marsad.text.tokens import NUM, PUNCT, WORD, Token, enclitic_splits, proclitic_splits


def _n(*words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


PREPOSITIONS = _n("ضد", "على", "إلى", "الى", "مع", "في", "من", "عن", "لدى", "بين", "نحو", "عبر", "حول", "تجاه",
                  "إزاء", "حيال", "بشأن", "لصالح", "بحق", "قرب", "فوق", "أمام", "داخل", "باتجاه", "ضمن")
CLITIC_PREPS = ("ل", "ب", "ك")
TARGET_PREPS_DEFAULT = _n("ضد", "على", "إلى", "ل", "ب", "إزاء", "حيال", "بحق", "تجاه")
TARGET_WINDOW = 10  # tokens after the trigger in which its patient is looked for
GENITIVE_FIRST_ROOTS = {"10", "11", "12", "13"}
ALWAYS_TARGET_PREPS = _n("ل", "ضد", "إلى")
SYMMETRIC_ROOTS = {"04", "06"}
SYMMETRIC_CODES = {"057", "0871", "190", "0841", "046", "040", "041", "044", "036"}
MATERIAL_CONFLICT = {"14", "15", "16", "17", "18", "19", "20"}
FORCES = _n("جنود", "قوات", "عناصر", "مقاتلو", "مقاتلي", "جيش", "طائرات", "صواريخ", "مسيرات", "مدفعية", "وحدات",
            "سفن", "بوارج", "قاذفات", "دفاعات", "دفاعاته", "طيران", "بحرية", "شرطة", "أجهزة")
NEGATORS = _n("لم", "لن", "لا", "ليس", "ليست", "عدم", "دون", "بدون")  # ما/غير: mostly "which"/"non-"
HYPOTHETICAL = _n("قد", "إذا", "اذا", "لو", "حال", "يمكن", "بإمكان", "ربما", "لربما")
FUTURE = _n("سوف", "يعتزم", "تعتزم", "ينوي", "تنوي", "يعتزمون", "المقرر", "المزمع", "سيتم", "يخطط", "تخطط", "يسعى",
            "تسعى", "المنتظر", "المرتقب")
# verbs whose complement is a verbal noun acted by their own subject (يواصل استهداف، بدأ قصف)
CONTROL = _n("يواصل", "تواصل", "واصل", "واصلت", "يواصلون", "يستمر", "تستمر", "استمر", "استمرت", "بدأ", "بدأت",
             "يبدأ", "تبدأ", "قرر", "قررت", "يعتزم", "تعتزم", "ينوي", "تنوي", "يخطط", "تخطط", "يحاول", "تحاول",
             "حاول", "حاولت", "بصدد", "يكثف", "تكثف", "كثف", "كثفت", "صعد", "صعدت", "يصعد", "تصعد", "شارك",
             "شاركت", "يشارك", "تشارك", "يشاركون", "أعلن", "أعلنت", "تعلن", "يعلن", "رفض", "رفضت", "يرفض", "ترفض")
# "continues to": an ongoing act, reported as an allegation when someone else says it
ONGOING = _n("يواصل", "تواصل", "يواصلون", "يستمر", "تستمر", "مازال", "مازالت", "يزال", "تزال")
DENIAL_CODES = ("016",)
INTENT_HEADS = {"030"}  # "intends/decided to": the act that follows is coded, as intended
CONSIDER = {"014"}  # "considers imposing sanctions": the option is the content of 014
NUMBER_WORDS = {
    normalize(k): v
    for k, v in {
        "واحد": 1, "واحدا": 1, "شخص": 1, "اثنان": 2, "اثنين": 2, "شخصين": 2, "شخصان": 2, "جنديين": 2, "جنديان": 2,
        "طفلين": 2, "طفلان": 2, "مدنيين اثنين": 2, "قتيلين": 2, "شهيدين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4,
        "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9,
        "تسع": 9, "عشرة": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40,
        "أربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80,
        "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئة": 100, "مائة": 100, "مئتين": 200, "مئتي": 200, "مئات": None,
        "عشرات": None, "آلاف": None, "ألف": 1000, "ألفين": 2000,
    }.items()
    if " " not in k
}
KILL_CUES = _n("قتل", "مقتل", "مصرع", "استشهاد", "استشهد", "قتلى", "قتيلا", "قتيل", "لقي", "سقوط", "وفاة", "شهيدا",
               "شهداء", "قتلوا", "قتلت", "استشهدوا", "أعدم", "أعدمت", "أعدموا", "إعدام")
INJURE_CUES = _n("إصابة", "اصابة", "أصيب", "اصيب", "جرح", "جريحا", "جرحى", "مصابا", "مصابين", "إصابات", "أصيبوا",
                 "أصيبت", "جرحوا")
ARREST_CUES = _n("اعتقال", "اعتقل", "توقيف", "احتجاز", "القبض", "معتقلا", "اعتقلت", "اعتقلوا", "احتجزت", "احتجز",
                 "أوقفت", "أوقف")
# a passive report names the author of the act after one of these
ATTRIBUTION = _n("ينسب", "تنسب", "نسب", "نسبت", "يعزى", "منسوب", "منسوبة")
BY_HAND = {(normalize(a), normalize(b)) for a, b in (("على", "يد"), ("على", "أيدي"), ("من", "قبل"))}
BY_FIRE = _n("برصاص", "بنيران", "بقصف", "بغارة", "بصاروخ", "بقذيفة", "بمسيرة", "بأيدي", "بيد", "بهجوم")
CLAIMED = _n("تبناه", "تبنته", "تبناها", "تبنتها", "تبنته", "تبنوه")
# member nouns: قياديا في حزب الله، عنصرين من حماس -> the group
MEMBERS = _n("قيادي", "قياديا", "قياديين", "قائد", "قائدا", "عنصر", "عنصرا", "عناصر", "عنصرين", "عضو", "عضوا",
             "أعضاء", "مسؤول", "مسؤولا", "مسؤولين", "مقاتل", "مقاتلا", "مقاتلين", "ناشط", "ناشطا", "نشطاء", "رئيس",
             "مسلحين", "مسلحون", "مسلحا", "زعيم", "زعيم")

# Role nouns: a noun with a nisba after it names an actor of that country with this role.
_ROLE_WORDS = {
    "MIL": ("قوات", "قوة", "جيش", "جنود", "جندي", "جنديا", "جنديان", "جنديين", "عسكريين", "عسكريون", "عسكريا",
            "ضباط", "ضابط", "ضابطا", "طائرات", "طائرة", "طائرتين", "مقاتلات", "مقاتلة", "مسيرات", "مسيرة", "مسيرتين",
            "مدمرة", "مدمرات", "بارجة", "بوارج", "سفينة حربية", "سفن", "زوارق", "غواصة", "مدفعية", "دبابات",
            "صواريخ", "صاروخ", "دفاعات", "وحدات", "قاذفات", "بحرية", "فرقاطة", "حاملة", "مروحيات", "مروحية",
            "طيران", "طيارين", "جنرال", "غارات", "غارة", "ضربات", "ضربة"),
    "COP": ("شرطة", "أمن", "شرطي", "الشرطة", "الأمن"),
    "GOV": ("حكومة", "سلطات", "نظام", "رئاسة", "خارجية", "وزارة", "دبلوماسيين", "دبلوماسيا", "دبلوماسي", "مسؤولين",
            "مسؤولا", "مسؤول", "سفارة", "سفير", "سفيرا", "قنصلية", "نظير", "نظيره", "نظيرها", "نظيرته", "نظيرهم",
            "وفد", "وفدا", "قيادة", "مبعوث", "حكومات", "رئيس", "وزير", "الرئيس"),
    "CVL": ("مدنيين", "مدنيا", "مدني", "مدنيان", "مواطنين", "مواطنا", "مواطن", "مواطنان", "أشخاص", "شخصا", "شخص",
            "شخصان", "شخصين", "سكان", "أهالي", "أطفال", "أطفالا", "طفلا", "طفل", "نساء", "متظاهرين", "متظاهرون", "محتجين", "محتجون",
            "نازحين", "عمال", "عمالا", "مستوطنين", "مستوطنون", "مستوطنا", "أسرى", "أسيرا", "أسير", "رهائن", "رهينة",
            "مهاجرين", "مهاجرا", "سياح", "صيادين", "حجاج", "منازل", "أحياء", "مخيم", "مخيمات", "آلاف", "مئات",
            "عشرات", "لاجئين", "لاجئا", "معتقلين", "معتقلا", "رعايا", "مواطني", "شبان", "شابا", "شاب"),
    "MED": ("صحفيين", "صحفيا", "صحفي", "صحفيون", "إعلاميين", "مراسل", "مراسلا", "صحفية"),
    "HLH": ("مستشفى", "مستشفيات", "مسعفين", "مسعفا", "أطباء", "طبيبا", "طواقم", "مشفى"),
    "REB": ("مسلحين", "مسلحون", "مسلحا", "متمردين", "متمردون", "ميليشيات", "مليشيات", "فصائل", "ميليشيا"),
    "OPP": ("معارضة", "معارضين", "معارضا", "معارض", "معارضون"),
    "BUS": ("ناقلة", "شركة", "شركات", "سفينة", "ناقلات", "سفن تجارية"),
    "EDU": ("طلاب", "طالبا", "طلبة", "جامعة", "مدرسة", "مدارس"),
}
ROLE_NOUNS: dict[str, str] = {}
for _role, _words in _ROLE_WORDS.items():
    for _w in _words:
        if " " in _w:
            continue
        _k = normalize(_w)
        ROLE_NOUNS.setdefault(_k, _role)
        ROLE_NOUNS.setdefault("ال" + _k if not _k.startswith("ال") else _k[2:], _role)
# nouns naming people or places that suffer an attack (victims without a nisba)
VICTIMS = {k: v for k, v in ROLE_NOUNS.items() if v in ("CVL", "HLH", "MED", "EDU")}
for _w in ("آلاف", "مئات", "عشرات"):
    VICTIMS.pop(normalize(_w), None)
    VICTIMS.pop("ال" + normalize(_w), None)
# facilities hit by an attack: the country where they are (قصفت منشآت للطاقة في أوكرانيا)
for _w in ("منشآت", "منشأة", "محطة", "محطات", "مصفاة", "مصافي", "مطار", "مطارات", "ميناء", "موانئ", "مواقع", "موقع",
           "مبنى", "مباني", "مبان", "بنية", "جسر", "جسور", "قاعدة", "قواعد", "مقر", "مقار", "مستودعات", "مخازن",
           "مدينة", "مدن", "بلدة", "بلدات", "قرية", "قرى", "أهداف", "هدفا"):
    VICTIMS.setdefault(normalize(_w), "")
    VICTIMS.setdefault("ال" + normalize(_w), "")
# a bare definite force noun refers back to the force of that kind named before (الجيش السوداني ...
# متهمة الجيش بقصف الأحياء)
ANAPHORA = {normalize(w): kinds for w, kinds in (("الجيش", ("mil",)), ("الشرطة", ("police",)),
                                                  ("الميليشيا", ("rebel",)), ("الميليشيات", ("rebel",)))}
NAME_LIKE = _n("المستشفى", "مستشفى", "المشفى", "الجامعة", "جامعة", "المدرسة", "مدرسة", "المخيم", "مخيم")
QUANTITY = _n("آلاف", "مئات", "عشرات", "ألف", "مئة", "مائة", "الآلاف", "المئات", "العشرات", "ملايين", "حشود")
# CAMEO region codes for the West (the only region Arabic news names as an actor this often)
REGION_NOUNS = {normalize("الغرب"): "WST"}
REGION_ADJ = {normalize(w): "WST" for w in ("الغربي", "الغربية", "الغربيين", "الغربيون", "الغربيه", "غربيين", "غربية")}
REGION_HEADS = _n("دول", "الدول", "حلفاء", "الحلفاء", "الشركاء", "شركاء", "العواصم", "القوى", "الحكومات", "الداعمين",
                  "الداعمون", "حلفائها", "حلفائه", "حلفاؤها", "البلدان", "دولا", "عواصم")
# inside a quotation: "our ..." names the speaker's side
OUR = "نا"
OUR_NOUNS = _n("مدن", "بلاد", "أراضي", "أرض", "شعب", "قوات", "جنود", "بنية", "مواقع", "سفن", "وطن", "دولت", "مواطني",
               "مدني", "أطفال", "منشآت", "قرى", "حدود", "مطارات", "موانئ")

# intent codes for material cooperation that is only announced or conditional
INTENT = {"06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314", "07": "033", "070": "033",
          "071": "0331", "072": "0332", "073": "0333", "074": "0334", "075": "033", "04": "036", "05": "030",
          "057": "030", "08": "035", "081": "035", "083": "034", "086": "035", "087": "035", "0874": "0356",
          "0871": "0356", "0841": "0353", "085": "0354", "042": "036", "043": "036", "040": "036", "046": "036"}
THREAT = {"18": "138", "19": "138", "20": "1385", "17": "137", "16": "131", "163": "1312", "15": "138",
          "161": "1313", "173": "132", "174": "132"}


@dataclass(slots=True)
class _M:
    """An actor mention: a document entity or an actor phrase read here (synthetic, id "~...")."""

    entity: Entity
    start: int
    end: int
    tok_start: int
    tok_end: int
    gov_tok: int = -1  # the token whose preposition governs the mention (a nisba's head noun)
    weak: bool = False  # a bare nisba: a patient or an act's agent, never a clause subject
    siblings: list[_M] = field(default_factory=list)  # coordinated in the same phrase

    @property
    def gov(self) -> int:
        return self.tok_start if self.gov_tok < 0 else self.gov_tok

    @property
    def gov_start(self) -> int:
        return self.start if self.gov_tok < 0 else -1


@dataclass(slots=True)
class _Ctx:
    """Per-document state shared by the triggers of a document."""

    doc: Document
    toks: list[Token]
    by_tok: dict[int, _M]
    quote_at: object
    extra: dict[int, _M]  # quote-relative "our ..." mentions, made on demand
    explicit: set[int]  # ids of events whose date the text states (not only the publication date)
    verb_heads: set[int]  # heads of the current sentence's verbal triggers
    clause_of: dict[int, tuple[int, int]]  # event id -> character span of its clause
    trigger_heads: set[int]  # heads of all the current sentence's triggers
    attackers: dict[str, _M]  # country -> the author of the document's last attack on it
    enemies: dict[str, _M]  # country -> the other side of its last conflict event in the document
    last_pair: tuple[_M, _M] | None  # the two sides of the last two-sided event (الطرفين، الجانبان)


class EventExtractor:
    """The ``events`` pipeline component."""

    def __init__(self) -> None:
        self.lexicon = load_lexicon()

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            doc.events = []
            return
        starts = [t.start for t in toks]
        by_tok: dict[int, _M] = {}
        for m in _mentions(doc, starts):
            if _is_dateline(doc.text, toks, m):
                continue  # "الخرطوم - قتل ..." names where the report was filed, not an actor
            for i in range(m.tok_start, m.tok_end):
                by_tok.setdefault(i, m)
        quote_at = _quote_speakers(doc)
        ctx = _Ctx(doc, toks, by_tok, quote_at, {}, set(), set(), {}, set(), {}, {}, None)
        events: list[Event] = []
        seen: dict[tuple, list[Event]] = {}
        tables = _tables()
        # tokens where a trigger may start, found for the whole document at once: the lexicon is
        # asked only about the sentences that hold one
        all_words = [t.text for t in toks]
        entries = self.lexicon.entries(all_words)
        may_start = self.lexicon.start_positions(entries)
        n_starts = len(may_start)
        for sent in doc.sentences:
            s0, s1 = sent.tok_start, sent.tok_end
            p = bisect.bisect_left(may_start, s0)
            if p == n_starts or may_start[p] >= s1:
                continue
            triggers = self.lexicon.find(all_words[s0:s1], entries[s0:s1])
            if not triggers:
                continue
            _phrase_mentions(doc, toks, s0, s1, by_tok, tables)
            ctx.verb_heads = {s0 + t.head for t in triggers if not t.nominal}
            ctx.trigger_heads = {s0 + t.head for t in triggers}
            state = _Sentence()
            sent_events: list[Event] = []
            for k, trig in enumerate(triggers):
                if trig.start_tok < state.scope_end or k in state.used:
                    continue
                if k and triggers[k - 1].start_tok < trig.head < triggers[k - 1].end_tok and \
                        trig.quad_class == triggers[k - 1].quad_class == 4:
                    continue  # اعترضت ودمرت 93 طائرة: a second verb inside the first one's phrase, one act
                # the patient is looked for up to the next verb (a verbal noun may hold it: تفاؤلها
                # بالمحادثات مع الولايات المتحدة)
                nxt = next((t.start_tok for t in triggers[k + 1 :] if not t.nominal
                            and not (t.verb and _noun_position(toks, s0, s0 + t.head))), s1 - s0)
                if trig.root in ("02", "10") or trig.cameo in CONSIDER:
                    nxt = s1 - s0  # the content of an appeal or option holds its patient
                if trig.cameo in INTENT_HEADS and k + 1 < len(triggers) and \
                        triggers[k + 1].start_tok - trig.end_tok <= 2 and triggers[k + 1].root >= "04":
                    state.intent_at = k + 1  # تعتزم ألمانيا إرسال قوات: the intended act, coded as intent
                    continue
                made = self._events(ctx, s0, s1, trig, k, triggers, state, s0 + nxt)
                if trig.root in ("02", "10") or trig.cameo in CONSIDER or (trig.cameo.startswith("112") and made):
                    # its content (what is asked, considered or alleged) is not an event
                    state.scope_end = _scope_end(toks, s0, s1, trig.end_tok)
                if trig.cameo.startswith(DENIAL_CODES):
                    state.deny_until = trig.end_tok + 8  # نفت أن تكون قصفت: the next act is denied
                sent_events.extend(made)
            # a passive report of victims (قتل 37 مدنيا في اشتباكات بين الجيش والدعم السريع) is the same
            # act as the sentence's event with actors: the counts go to that one
            agentful = [e for e in sent_events if e.source.code and e.quad_class == 4 and e.trigger]
            kept = []
            for e in sent_events:
                if not e.source.code and e.quad_class == 4 and e.trigger is not None:
                    a, b = ctx.clause_of.get(id(e), (e.start, e.end))
                    same = next((x for x in agentful if a <= x.trigger.start < b), None)
                    if same is not None:
                        if same.casualties is None:
                            same.casualties = e.casualties
                        continue
                kept.append(e)
            for ev in kept:
                key = (ev.source.country or ev.source.code, ev.target.country or ev.target.code, ev.cameo[:2])
                first = next((f for f in seen.get(key, ()) if self._same_event(ctx, f, ev)), None)
                if first is not None:
                    self._merge(ctx, first, ev)  # the same event told again (headline and body): coded once
                    continue
                seen.setdefault(key, []).append(ev)
                events.append(ev)
        doc.events = events

    def _same_event(self, ctx: _Ctx, a: Event, b: Event) -> bool:
        """Same dyad and root (the caller's key), same mode, dates that agree (or one only the
        publication date) and places that agree (or one unknown, or one the other's country)."""
        if a.mode != b.mode or not _compatible(a.source, b.source) or not _compatible(a.target, b.target):
            return False
        if a.source.code != b.source.code and a.target.code != b.target.code:
            return False  # روسيا ... أوكرانيا vs الدفاعات الروسية ... المسيرات الأوكرانية: two events
        if a.cameo[:3] != b.cameo[:3] and not (a.cameo.endswith("0") or b.cameo.endswith("0")):
            return False  # shelling (194) and seizing positions (192) are two acts; an attack (190) is either
        if a.date != b.date and id(a) in ctx.explicit and id(b) in ctx.explicit:
            return False
        la, lb = a.location, b.location
        if (la is None and lb is None) or (la is not None and lb is not None and la.name == lb.name):
            return True
        places = ctx.doc.places
        def place(loc):
            return places[loc.place] if loc is not None and loc.place is not None and loc.place < len(places) else None

        pa, pb = place(la), place(lb)
        for x, y, px, py in ((la, lb, pa, pb), (lb, la, pb, pa)):
            if x is None:
                if py is not None and py.precision == "country":
                    return True  # the headline has no place, the body names the country
                continue
            if y is not None and px is not None and px.precision == "country" and x.country and x.country == y.country:
                return True
            if px is not None and py is not None and px.admin1 and px.admin1 in (py.name, py.admin1):
                return True  # Hodeidah in Al Hudaydah Governorate
        return False

    def _merge(self, ctx: _Ctx, first: Event, ev: Event) -> None:
        """Keep the most specific code, the date the text states, the most specific place and the counts."""
        if first.cameo.endswith("0") and len(ev.cameo) >= len(first.cameo) and not ev.cameo.endswith("0"):
            first.cameo, first.plover, first.goldstein = ev.cameo, ev.plover, ev.goldstein
        if id(first) not in ctx.explicit and id(ev) in ctx.explicit:
            first.date, first.date_precision = ev.date, ev.date_precision
            ctx.explicit.add(id(first))
        if _location_rank(ctx.doc, ev) < _location_rank(ctx.doc, first):
            first.location = ev.location
        if first.casualties is None and ev.casualties is not None:
            first.casualties = ev.casualties

    # --- one trigger ----------------------------------------------------------------------------

    def _events(self, ctx: _Ctx, s0, s1, trig: TriggerMatch, k, triggers, state, bound) -> list[Event]:
        doc, toks, by_tok = ctx.doc, ctx.toks, ctx.by_tok
        code = trig.cameo
        head = s0 + trig.head
        t_start, t_end = s0 + trig.start_tok, s0 + trig.end_tok
        trig_toks = {s0 + i for i in trig.tokens}
        last = s0 + trig.tokens[-1]
        clause_start, clause_end = _clause(toks, s0, s1, t_start, t_end, ctx.verb_heads)
        if code.startswith("010"):
            # plain statements are quotes; their subject is what later verbs share
            subj = self._after_verb(ctx, head, t_end, clause_end, trig_toks)
            if subj is not None and not subj.weak:
                state.carried, state.carried_at = subj, clause_start
            return []
        patient_end = min(clause_end, bound) if bound >= t_end else clause_end
        speaker = ctx.quote_at(toks[head].start)
        in_denial = trig.start_tok < state.deny_until and not code.startswith(DENIAL_CODES)
        if in_denial:
            state.deny_until = -1

        # a verb form read where only a noun can stand (في قصف تركي، إثر هجوم) is a verbal noun
        nominal = trig.nominal or (trig.role == "" and trig.verb and _noun_position(toks, s0, head))
        # --- source ---
        source: _M | None = None
        passive = trig.role == "passive"
        counted = passive and _counted(toks, head + 1, clause_end)
        infer_agent = False
        direct_source = False  # the agent is named in the clause itself (not carried over)
        attributed = None
        if trig.role == "participle":
            # the speaker, or the subject of the clause's verb (not one across فيما/بينما)
            source = speaker or (state.carried if state.carried_at == clause_start else None)
        elif not nominal and not passive:
            # SVO: an actor right before the verb is its subject (إن أوكرانيا قصفت بيلغورود), unless the
            # verb carries the conjunction and so opens a clause of its own (التقى بوتين أردوغان وبحث ...)
            before = _possessor_subject(toks, s0, head, by_tok)
            if before is None and not self._conj_verb(toks[head]):
                before = _before(toks, clause_start, t_start, by_tok)
            unnamed_subject = head > clause_start and toks[head - 1].kind == WORD and any(
                ROLE_NOUNS.get(st) in ("MIL", "COP", "GOV", "REB") for _, st in proclitic_splits(toks[head - 1].norm))
            if before is None and _counted(toks, head + 1, clause_end) and _casualty_verb(toks[head]) and \
                    not unnamed_subject:
                passive = counted = True  # قتل ثلاثة جنود أتراك: counted victims after the verb
            else:
                source = before or self._after_verb(ctx, head, t_end, clause_end, trig_toks,
                                                    intransitive=not trig.direct_object)
                direct_source = source is not None
        if nominal and not passive:
            source = self._nominal_agent(ctx, s0, head, last, trig, clause_start, clause_end, state)
            direct_source = source is not None
            if source is None and _casualty_verb(toks[head]) and _counted(toks, last + 1, clause_end):
                passive = counted = True  # بمقتل أربعة أشخاص: a count of victims, like a passive
        if source is None and not passive and not nominal and trig.role != "reverse":
            source = state.carried or speaker or _sentence_subject(toks, s0, t_start, by_tok)
        if passive:
            attributed = self._passive_agent(ctx, s0, head, last, clause_start, clause_end, triggers, k, state)
            if attributed is not None:
                source, acode = attributed
                # the attack noun names the act more precisely (قتل ... في غارة -> 195 rather than 190)
                if acode[:2] in ("18", "19", "20") and code[:2] in ("18", "19", "20") and code.endswith("0"):
                    code = acode
            infer_agent = attributed is None and _attack_cue(toks, s0, s1)

        if source is not None and not source.weak and not nominal and trig.role not in ("participle", "reverse"):
            state.carried, state.carried_at = source, clause_start
        clash_with = nominal and source is None and code == "190" and not passive
        # --- target ---
        # the line's prepositions (prep=obj alone: a direct object and the always-patient ل، ضد، إلى);
        # the defaults only for lines that name none
        preps = (set(trig.target_preps) | ALWAYS_TARGET_PREPS) if trig.target_preps or trig.direct_object \
            else set(TARGET_PREPS_DEFAULT)
        target = None
        if trig.role == "reverse":
            # لن يمر دون رد: the subject is the patient, the speaker (or the one who spoke) the agent
            target = _before(toks, clause_start, t_start, by_tok, weak_ok=True) or state.last_agent
            source = speaker or state.carried or _sentence_subject(toks, s0, t_start, by_tok)
        elif passive:
            # أسقطت عشرات المسيرات الأوكرانية / أصيب ستة جنود إسرائيليين: the counted victims
            target = self._genitive(ctx, head + 1, patient_end, source, width=4, weak_ok=True)
            if target is None:
                target = self._target(ctx, head + 1, min(patient_end, head + 1 + TARGET_WINDOW), trig_toks, preps,
                                      True, source)
        else:
            direct = trig.direct_object or trig.role == "participle"
            # an object inside the trigger's gap comes first (هددت إيران إسرائيل بالرد)
            target = self._target(ctx, head + 1, min(patient_end, t_end), trig_toks, preps, direct, source)
            if target is None and trig.root in GENITIVE_FIRST_ROOTS:
                # يجب وقف النشر العسكري الكوري الشمالي إلى روسيا: whose action is demanded or criticised
                target = self._genitive(ctx, t_end, patient_end, source)
            if target is None:
                after = max(t_end, source.tok_end if source is not None and source.tok_start >= head else 0)
                target = self._target(ctx, t_end, min(patient_end, after + TARGET_WINDOW), trig_toks, preps, direct,
                                      source)
        if target is None and (trig.root in MATERIAL_CONFLICT or passive) and trig.root not in ("14", "15"):
            target = self._victims(ctx, head + 1, patient_end, clause_start, clause_end, source)
            if target is None and (nominal or passive) and source is None:
                before = _before(toks, clause_start, t_start, by_tok, weak_ok=True) if passive and not nominal else None
                if before is not None and before.entity.kind == "media":
                    before = None  # أفادت القناة بمقتل ...: the channel reports, it is not the victim
                target = before or self._victims(ctx, clause_start, head, clause_start, clause_end, source,
                                                 backwards=True)
        if target is None and not passive and trig.root not in ("14",):
            target = self._demonym_target(ctx, t_end, min(clause_end, t_end + TARGET_WINDOW), source)
        if clash_with and target is not None and _governing_prep(toks, target, by_tok) == normalize("مع") and \
                target.gov - last <= 3 and state.carried is not None and state.carried.entity.kind != "media":
            source = state.carried  # أعلن الجيش مقتل جنديين في اشتباكات مع حماس: the army clashed
        if code.startswith(DENIAL_CODES) and _clause_follows(toks, head + 1, patient_end, source):
            return []  # نفى أنه استهدف ...: the denied act is coded (negated), not the denial
        if source is not None and source.entity.kind == "media" and trig.root >= "06":
            source = None  # a channel that reports an attack is not its author
        if source is not None and target is not None and _same(source, target):
            target = None
        if passive and source is None and target is not None and infer_agent:
            # مقتل أربعة أشخاص جراء سقوط مسيرة: the author of the document's last attack on that country
            source = ctx.attackers.get(target.entity.country or "")
        sources = _side(ctx, source)
        targets = [t for t in _side(ctx, target) if not any(_same(t, s) for s in sources)]
        symmetric = trig.root in SYMMETRIC_ROOTS or code[:3] in SYMMETRIC_CODES
        if not targets and len(sources) > 1 and symmetric and not nominal:
            sources, targets = sources[:1], sources[1:]  # وقعت مصر والإمارات: each other's partners
        elif not sources and len(targets) > 1 and symmetric and target is not None and \
                _governing_prep(toks, target, by_tok) == normalize("بين"):
            sources, targets = targets[:1], targets[1:]  # اشتباكات بين الجيش وقوات الدعم السريع
        if sources and not targets and direct_source and not passive and not nominal and (
                trig.root in MATERIAL_CONFLICT or code[:3] in ("036", "037", "046")):
            # أسقطت مدمرة أمريكية ثلاث طائرات مسيرة: the other side of the source's conflict so far
            enemy = ctx.enemies.get(sources[0].entity.country or "")
            if enemy is not None:
                targets = [enemy]
        # an act that the speaker of a condemnation names, with no author: one-sided
        condemned_act = trig.root == "11" and not targets and direct_source and _next_is_act(triggers, k, trig)
        one_sided_src = not nominal and direct_source and not targets and (
            trig.root in ("18", "19", "20") or (trig.root == "17" and _counted_in(toks, head + 1, patient_end)))
        if not targets and not (passive or one_sided_src or condemned_act):
            return []
        if not sources and not (passive and (counted or last > head)):
            return []  # a passive report with no author needs counted victims or a named act (تعرض لقصف)
        if not sources and (_accident(toks, s0, s1) or not (
                _attack_cue(toks, s0, s1) or (targets and _armed(targets[0])) or code[:2] == "17")):
            return []  # قتل أربعة في حادث سير: victims of an accident, not of an act
        src_actors = [self._actor(ctx, m) for m in sources] or [Actor()]
        tgt_actors = [self._actor(ctx, m) for m in targets] or [Actor()]
        src_actors = [a for a in src_actors if a.code or not sources]
        tgt_actors = [a for a in tgt_actors if a.code or not targets]
        if not src_actors or not tgt_actors:
            return []
        if not src_actors[0].code and not tgt_actors[0].code:
            return []

        # --- mode and code ---
        mode = self._mode(toks, clause_start, head if state.control_at < 0 else state.control_at, trig)
        if mode is None and state.control_at >= 0:
            mode = self._mode(toks, clause_start, head, trig)
        state.control_at = -1
        if state.intent_at == k:
            mode = mode or "future"
        if in_denial:
            mode = "negated"  # نفت أن تكون قد قصفت: the denied act
        if code.startswith("012") and tgt_actors[0].code:
            code = "111"  # concern aimed at another actor's conduct is criticism
        if mode == "future" or (mode == "hypothetical" and code[:2] < "09"):
            code = _intent(code, cooperation_only=mode == "hypothetical")
        accusation = False
        if speaker is not None and mode != "negated":
            accusation = self._is_allegation(ctx, speaker, sources, targets, trig, code, toks, s0, head)
            if accusation:
                code = "112"
        if code == "015" and targets and targets[0].entity.kind == "country" and \
                _governing_prep(toks, targets[0], by_tok) == "ب":
            code = "054"  # اعترفت إسبانيا بفلسطين: recognising a state
        info = cameo_codes.lookup(code)
        plover = info.plover or ("REQUEST" if info.root == "02" else "")

        # --- evidence span ---
        parts = [toks[t_start].start, toks[t_end - 1].end]
        for m in (*sources[:1], *targets[:1]):
            if m is not None and clause_start <= m.tok_start < clause_end:
                parts += [m.start, m.end]
        start, end = min(parts), max(parts)
        trigger_span = SpanRef(toks[head].start, toks[last].end, doc.text[toks[head].start : toks[last].end])
        proto = Event(
            source=Actor(), target=Actor(), cameo=info.code if info.exact else code, plover=plover,
            quad_class=info.quad_class, goldstein=info.goldstein, text=doc.text[start:end], start=start, end=end,
            mode=mode, trigger=trigger_span,
        )
        explicit = self._date(doc, proto, toks, clause_start, clause_end)
        self._location(doc, proto, toks, clause_start, clause_end)
        if proto.location is None and info.quad_class == 4 and targets:
            self._target_place(doc, proto, targets[0])  # غارات على الحديدة: it happened where it hit
        if info.root in ("17", "18", "19", "20"):
            proto.casualties = _casualties(toks, clause_start, clause_end)
        if proto.mode is None and proto.date and doc.published:
            from marsad.extract.times import is_past

            if is_past(proto.date, doc.published, min_days=7):
                proto.mode = "historical"
        if accusation:
            proto.casualties = None
            agent = sources[0]
            src_actors, tgt_actors = [self._actor(ctx, speaker)], [self._actor(ctx, m) for m in sources]
            state.last_agent = agent
        elif sources and info.quad_class == 4:
            state.last_agent = sources[0]
            if targets and mode is None and targets[0].entity.country and \
                    sources[0].entity.country != targets[0].entity.country:
                ctx.attackers[targets[0].entity.country] = sources[0]
                if sources[0].entity.country:
                    ctx.enemies[sources[0].entity.country] = targets[0]
                    ctx.enemies.setdefault(targets[0].entity.country, sources[0])
        if sources and targets and not accusation and _party(sources[0]) and _party(targets[0]) and \
                info.root in ("04", "19", "20", "18", "05", "03") and _compatible(
                    self._actor(ctx, sources[0]), self._actor(ctx, targets[0])) is False:
            ctx.last_pair = (sources[0], targets[0])
        out = []
        for sa in src_actors[:4]:
            for ta in tgt_actors[:4]:
                if sa.code and sa.code == ta.code:
                    continue
                ev = Event(
                    source=sa, target=ta, cameo=proto.cameo, plover=proto.plover, quad_class=proto.quad_class,
                    goldstein=proto.goldstein, text=proto.text, start=proto.start, end=proto.end, mode=proto.mode,
                    date=proto.date, date_precision=proto.date_precision, location=proto.location,
                    trigger=proto.trigger, casualties=proto.casualties,
                    sources=[a for a in src_actors if a.code], targets=[a for a in tgt_actors if a.code],
                )
                out.append(ev)
                ctx.clause_of[id(ev)] = (toks[clause_start].start, toks[clause_end - 1].end)
                if explicit:
                    ctx.explicit.add(id(ev))
        return out

    # --- actors ---------------------------------------------------------------------------------

    def _conj_verb(self, t: Token) -> bool:
        """The verb carries the conjunction و/ف (وبحث، فقصفت)."""
        if not t.norm or t.norm[0] not in "وف":
            return False
        readings = self.lexicon.analyses(t.text)
        return bool(readings) and not any(flags == 0 for _, flags, _ in readings) and any(
            flags & 1 for _, flags, _ in readings)

    def _after_verb(self, ctx: _Ctx, head, t_end, clause_end, trigger_toks=frozenset(),
                    intransitive: bool = False) -> _M | None:
        """VSO subject: the first actor after the verb that no preposition governs (a member noun
        stands for its group: اختطف مسلحون من حركة الشباب)."""
        toks, by_tok = ctx.toks, ctx.by_tok
        j = head + 1
        limit = min(clause_end, max(t_end, head + 1) + 6)
        title_org: _M | None = None  # الأمين العام للأمم المتحدة أنطونيو غوتيريش: the PP belongs to the title
        in_title = False
        while j < limit:
            t = toks[j]
            if j in ctx.trigger_heads and j not in trigger_toks and j > head + 1:
                break  # another predicate: ونفت استهداف المدنيين، متهمة الجيش ...
            m = by_tok.get(j)
            if m is None and t.kind == WORD and t.norm in PAIR_WORDS:
                m = _pair_at(ctx, j)  # بحث خلاله الجانبان
            if m is None and t.kind == WORD and j not in trigger_toks and (j == head + 1 or in_title) and _title_word(t):
                in_title = True  # a title right after the verb is the subject's
                limit = min(clause_end, max(limit, j + 7))
                j += 1
                continue
            if t.kind == PUNCT and t.text not in ("،", ","):
                if t.text in ("«", "»", '"', "(", ")"):
                    j += 1
                    continue
                break
            if m is not None:
                if m.weak:
                    return title_org
                if _governed(toks, m, by_tok):
                    if in_title and title_org is None:
                        title_org = m  # the body the titled person speaks or acts for
                        j = m.tok_end
                        continue
                    return title_org
                return m
            if (t.kind == NUM or _number(t)[0]) and j not in trigger_toks:
                nxt = by_tok.get(j + 1)
                if intransitive and nxt is not None and nxt.gov_tok == j and not nxt.weak:
                    return nxt  # تظاهر آلاف الإسرائيليين: a counted subject
                return title_org  # a counted noun phrase is the object (اعترضت 93 طائرة مسيرة أوكرانية)
            if t.kind == WORD and j == head + 1 and t.norm in MEMBERS:
                grp = _member_of_at(toks, by_tok, j)
                if grp is not None:
                    return grp
            if t.kind == WORD and (t.norm in PREPOSITIONS or _clitic_prep(t) is not None) and not in_title:
                return None  # a prepositional phrase comes after the subject, never before it
            j += 1
        return title_org

    def _nominal_agent(self, ctx: _Ctx, s0, head, last, trig, clause_start, clause_end, state) -> _M | None:
        """The agent of a verbal noun: a nisba or actor attached to it, the possessor of its pronoun or
        the subject of the verb it complements."""
        toks, by_tok = ctx.toks, ctx.by_tok
        j = last + 1
        # الهجوم الإسرائيلي، القصف الروسي، العدوان الأمريكي البريطاني
        m = by_tok.get(j)
        if m is not None and m.tok_start == j and m.gov_tok == last:
            return m
        conflict = trig.root >= "14"
        if m is not None and m.tok_start == j and conflict:
            prep = _governing_prep(toks, m, by_tok)
            # هجوم لحزب الله (ل marks the author of an attack); هجمات الحوثيين على السفن (genitive agent)
            if prep == "ل" or (prep is None and not trig.direct_object and not m.weak):
                return m
        head_tok = toks[head]
        readings = self.lexicon.analyses(head_tok.text)
        if readings and readings[0][1] & 16 and _has_pronoun(head_tok.norm):  # 16: a pronoun was stripped
            # بقتالهم، دعمها: the possessor is the actor named last (or the clause's subject)
            return _nearest_before(toks, s0, head, by_tok) or state.carried
        # يواصل استهداف، بدأ قصف: the subject of the controlling verb
        for c in range(head - 1, max(clause_start - 1, head - 5), -1):
            if toks[c].kind == WORD and any(stem in CONTROL for _, stem in proclitic_splits(toks[c].norm)):
                state.control_at = c
                subj = self._after_verb(ctx, c, c + 1, head, {head})
                return subj or _before(toks, clause_start, c, by_tok) or state.carried
            if toks[c].kind == PUNCT:
                break
        return None

    def _passive_agent(self, ctx: _Ctx, s0, head, last, clause_start, clause_end, triggers, k, state):
        """The author of a passive report: an attribution (ينسب إلى X، تبناه X، على يد X، برصاص X) or the
        agent of an attack noun later in the clause (في غارة إسرائيلية). Returns (mention, code)."""
        toks, by_tok = ctx.toks, ctx.by_tok
        m = by_tok.get(last + 1)
        if last > head and m is not None and m.tok_start == last + 1 and (m.gov_tok == last or (
                not m.weak and _governing_prep(toks, m, by_tok) in (None, "ل"))):
            return m, ""  # تعرض لقصف إسرائيلي، تعرض لهجوم شنته ...
        if last > head and last + 2 < clause_end and toks[last + 1].norm == "من":
            m = by_tok.get(last + 2)
            if m is not None and not m.weak:
                return m, ""  # تعرض لهجوم من قوات النظام
        j = last + 1
        while j < clause_end:
            t = toks[j]
            if t.kind == WORD:
                stems = {stem for _, stem in proclitic_splits(t.norm)}
                if stems & ATTRIBUTION or t.norm in CLAIMED or stems & CLAIMED:
                    m = _next_mention(toks, by_tok, j + 1, min(clause_end, j + 5), weak_ok=False)
                    if m is not None:
                        return m, ""
                if t.norm in BY_FIRE:
                    m = _next_mention(toks, by_tok, j + 1, min(clause_end, j + 4), weak_ok=True)
                    if m is not None:
                        return m, ""
                if j + 1 < clause_end and (t.norm, toks[j + 1].norm) in BY_HAND:
                    m = _next_mention(toks, by_tok, j + 2, min(clause_end, j + 6), weak_ok=False)
                    if m is not None:
                        return m, ""
            j += 1
        # an attack noun of the same clause (قتل ... في غارة إسرائيلية، أسفرت غارة أمريكية عن مقتل ...):
        # its agent, and its code
        for kk in [*range(k + 1, len(triggers)), *range(k - 1, -1, -1)]:
            tr = triggers[kk]
            if not clause_start <= s0 + tr.start_tok < clause_end:
                continue
            if tr.root < "18" or not (tr.nominal or _noun_position(toks, s0, s0 + tr.head)):
                continue
            agent = self._nominal_agent(ctx, s0, s0 + tr.head, s0 + tr.tokens[-1], tr, clause_start, clause_end,
                                        _Sentence())
            if agent is None and s0 + tr.end_tok + 1 < clause_end and toks[s0 + tr.end_tok].norm in ("مع", "ضد"):
                agent = by_tok.get(s0 + tr.end_tok + 1)  # قتل 5 جنود في اشتباكات مع حماس: the other side
                if agent is not None and agent.weak:
                    agent = None
            if agent is not None:
                state.used.add(kk)
                return agent, tr.cameo
        return None

    def _target(self, ctx: _Ctx, a, b, trig_toks, preps, direct_object, source) -> _M | None:
        """The first actor in tokens ``[a, b)`` governed by a target preposition, or -- for a
        direct-object trigger -- by none."""
        toks, by_tok = ctx.toks, ctx.by_tok
        if trig_toks and a > max(trig_toks) and _prep_pronoun(toks[max(trig_toks)]):
            return None  # يسيطر عليها: the patient is the pronoun (what it refers to is before)
        side = _side(ctx, source)  # دعت فرنسا وألمانيا إيران: ألمانيا is an agent, not the patient
        if source is not None and a <= source.tok_start < b:
            a = max(x.tok_end for x in side)  # VSO: the object comes after the subject (and its title's PP)
        j = a
        while j < b:
            if toks[j].kind == WORD and toks[j].norm in RELATIVE and j > a:
                break  # الاعتداء الذي نسبته الحكومة التركية ...: a relative clause is not the patient
            if toks[j].kind == PUNCT and toks[j].text in ("،", ",") and j + 1 < b and toks[j + 1].norm[:1] == "و" \
                    and j > a:
                break  # ...، وإلى فصل البنين: a new conjunct
            m = by_tok.get(j) or ctx.extra.get(j)
            if m is None and toks[j].kind == WORD and toks[j].norm.endswith(OUR):
                m = self._ours(ctx, j)
            if m is None and toks[j].kind == WORD and toks[j].norm in PAIR_WORDS:
                m = _pair_at(ctx, j)
            if m is not None and m.tok_start == j:
                if _is_actor(m) and not any(_same(m, x) for x in side):
                    prep = _governing_prep(toks, m, by_tok)
                    if direct_object and j - 1 in trig_toks and m.gov_tok < 0:
                        return m  # the object right after the trigger's noun (بصدد مهاجمة إسرائيل)
                    if prep is not None:
                        if prep in preps and not (prep == "ب" and _locative_b(toks, by_tok, m)):
                            return m
                    elif direct_object and j not in trig_toks and not _apposition(toks, side, j):
                        return m
                j = m.tok_end
                continue
            if direct_object and toks[j].kind == WORD and j not in trig_toks and toks[j].norm in MEMBERS:
                grp = _member_of_at(toks, by_tok, j)
                if grp is not None and not any(_same(grp, x) for x in side):
                    return grp  # اغتالت إسرائيل قياديا في حزب الله
            if direct_object and j not in trig_toks and _counted(toks, j, b) and j + 1 < b and \
                    j + 1 not in by_tok and _victim_role(toks[j + 1]) in ("CVL", "MED", "EDU", "HLH"):
                victims = self._victims(ctx, j + 1, j + 2, *_clause(toks, 0, len(toks), j, j + 1), source)
                if victims is not None:
                    return victims  # اعتقلت الشرطة الفرنسية عشرة متظاهرين في باريس
            j += 1
        return None

    def _genitive(self, ctx: _Ctx, t_end, clause_end, source, width: int = 3, weak_ok: bool = True) -> _M | None:
        """An actor attached to the trigger's object without a preposition, within ``width`` words."""
        toks, by_tok = ctx.toks, ctx.by_tok
        end = min(clause_end, t_end + width)
        for j in range(t_end, end):
            m = by_tok.get(j)
            if m is not None and m.tok_start == j:
                if _governed(toks, m, by_tok) or (source is not None and _same(m, source)):
                    return None
                if m.weak and not weak_ok:
                    return None
                return m
            if toks[j].kind == NUM:
                continue  # قتل 5 جنود إسرائيليين
            if toks[j].kind != WORD or toks[j].norm in PREPOSITIONS or _clitic_prep(toks[j]) is not None:
                return None
        return None

    def _demonym_target(self, ctx: _Ctx, a, b, source) -> _M | None:
        """A bare nisba naming the patient when no actor does (وقف النشر العسكري الكوري الشمالي)."""
        side = _side(ctx, source)
        for j in range(a, b):
            m = ctx.by_tok.get(j)
            if m is not None and m.weak and m.tok_start == j and not any(
                    _same(m, x) or m.entity.country == x.entity.country for x in side):
                return m
        return None

    def _victims(self, ctx: _Ctx, a, b, clause_start, clause_end, source, backwards=False) -> _M | None:
        """Unnamed victims (المدنيين، أحياء سكنية، مستشفى) of the country where the act happened, the
        first after ``a`` (or, ``backwards``, the last before ``b``) within the target window."""
        toks = ctx.toks
        span = range(max(a, b - 2 * TARGET_WINDOW), b)[::-1] if backwards else range(a, min(b, a + TARGET_WINDOW))
        for j in span:
            t = toks[j]
            if t.kind != WORD or j in ctx.by_tok:
                continue
            role = _victim_role(t)
            if role is None:
                continue
            from marsad.extract.places import where_for_span

            place = where_for_span(ctx.doc, toks[clause_start].start, toks[clause_end - 1].end)
            if place is None or not place.country:
                return None
            return _synthetic(ctx.doc, place.country, role, t.start, t.end, j, j + 1)
        return None

    def _ours(self, ctx: _Ctx, j) -> _M | None:
        """Inside a quotation, مدننا/بلادنا/قواتنا: the speaker's country."""
        t = ctx.toks[j]
        speaker = ctx.quote_at(t.start)
        if speaker is None or not speaker.entity.country:
            return None
        stem = t.norm[: -len(OUR)]
        if not any(s in OUR_NOUNS or s.rstrip("ت") + "ه" in OUR_NOUNS for _, s in proclitic_splits(stem)):
            return None
        m = _synthetic(ctx.doc, speaker.entity.country, "", t.start, t.end, j, j + 1)
        ctx.extra[j] = m
        return m

    def _is_allegation(self, ctx, speaker, sources, targets, trig, code, toks, s0, head) -> bool:
        """Reported speech describing another country's ongoing hostile act against the speaker's own."""
        if not sources or not targets or code[:2] not in MATERIAL_CONFLICT or speaker.entity.kind == "media":
            return False
        sc = speaker.entity.country
        if not sc or any(_same(s, speaker) for s in sources):
            return False
        if sources[0].entity.country == sc or targets[0].entity.country != sc:
            return False
        ongoing = trig.imperfect or any(
            toks[c].kind == WORD and any(st in ONGOING for _, st in proclitic_splits(toks[c].norm))
            for c in range(max(0, head - 3), head)
        )
        # a nominal act named by the speaker (الإرهاب الروسي ضد مدننا) is an allegation too
        return ongoing or trig.nominal or _noun_position(toks, s0, head)

    def _actor(self, ctx: _Ctx, m: _M | None) -> Actor:
        if m is None:
            return Actor()
        ent = m.entity
        if ent.id.startswith("~"):
            code = ent.actor_code or ""
            return Actor(code=code, country=ent.country, entity=None, name=ent.name, start=m.start, end=m.end)
        return actor_for(ctx.doc, ent, m.start, m.end)

    # --- mode, date, location -------------------------------------------------------------------

    def _mode(self, toks, clause_start, head, trig: TriggerMatch) -> str | None:
        window: list[Token] = []
        for k in range(head - 1, max(clause_start, head - 4) - 1, -1):
            if toks[k].kind == PUNCT and toks[k].text not in ("«", "»", '"'):
                break  # "لن يمر دون رد"، متهما ...: a particle before the comma is not this verb's
            if toks[k].kind == WORD:
                window.insert(0, toks[k])
        norms = [t.norm for t in window]
        negators = [n for i, n in enumerate(norms[-2:]) if n in NEGATORS and not (
            n in ("لا", "ما") and i + 1 < len(norms[-2:]) and norms[-2:][i + 1] in _STILL)]  # لا تزال: "still"
        if ((trig.negated and toks[head - 1].norm not in _STILL) or negators) and trig.role != "reverse":
            return "negated"
        if any(stem in HYPOTHETICAL for n in norms for _, stem in proclitic_splits(n)):
            return "hypothetical"
        if any(n in ("حال", "حاله") for n in norms) and any(n in ("في", "فى") for n in norms):
            return "hypothetical"
        head_norm = toks[head].norm
        future_prefix = any(pre.endswith("س") for pre, _ in proclitic_splits(head_norm) if pre) or (
            head_norm[:2] in ("سي", "ست", "سن") and head_norm[1:] in self.lexicon.imperfect)  # سيزور
        if trig.future or future_prefix or any(n in FUTURE for n in norms) or head_norm in FUTURE:
            return "future"
        return None

    def _date(self, doc, ev: Event, toks, clause_start, clause_end) -> bool:
        """The clause's date, or the publication date; True when the text states it."""
        from marsad.extract.times import date_for_span

        t = date_for_span(doc, toks[clause_start].start, toks[clause_end - 1].end)
        if t is not None and t.value:
            ev.date, ev.date_precision = t.value, t.precision
            return True
        if doc.published:
            ev.date, ev.date_precision = doc.published, "day"
        return False

    def _target_place(self, doc, ev: Event, m: _M) -> None:
        """A city or region that is the target of a material act is where the act happened."""
        ent = m.entity
        if ent.type != "LOC" or ent.kind not in ("city", "region") or ent.id.startswith("~"):
            return
        for k, place in enumerate(doc.places):
            if place.entity == ent.id or (place.kb_id and place.kb_id == ent.kb_id):
                ev.location = Location(name=place.name, country=place.country, lat=place.lat, lon=place.lon,
                                       place=k, start=m.start, end=m.end)
                return

    def _location(self, doc, ev: Event, toks, clause_start, clause_end) -> None:
        from marsad.extract.places import where_for_span

        place = where_for_span(doc, toks[clause_start].start, toks[clause_end - 1].end)
        if place is None:
            return
        mention = place.mentions[0] if place.mentions else None
        ev.location = Location(
            name=place.name, country=place.country, lat=place.lat, lon=place.lon,
            place=doc.places.index(place) if place in doc.places else None,
            start=mention.start if mention else None, end=mention.end if mention else None,
        )


@dataclass(slots=True)
class _Sentence:
    """What the triggers of one sentence share."""

    carried: _M | None = None  # the subject carried over inside the sentence
    carried_at: int = -1  # the clause it was the subject in
    last_agent: _M | None = None  # the author of the last hostile act (what "ذلك" refers back to)
    scope_end: int = -1  # triggers inside an appeal's or demand's complement
    deny_until: int = -1  # the act a denial is about
    intent_at: int = -1  # the trigger an intent verb governs
    control_at: int = -1  # the verb a verbal noun complements (its mode is that verb's)
    used: set[int] = field(default_factory=set)  # later triggers absorbed by an earlier one


# --- actor phrases -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tables:
    demonym: dict[str, tuple[str, str]]  # form -> (ISO3, name)
    demonym2: dict[str, dict[str, tuple[str, str]]]  # first word -> second word -> (ISO3, name)
    titles: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> ((words, role), ...)
    maybe: frozenset[str]  # every token form that can start a nisba or name a region (a fast filter)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    from marsad.kb import load as load_kb

    kb = load_kb()
    one: dict[str, set[str]] = {}
    for form, refs in kb.forms.items():
        for r in refs:
            if r.how == "demonym":
                one.setdefault(form, set()).add(r.entity_id)
    demonym: dict[str, tuple[str, str]] = {}
    demonym2: dict[str, dict[str, tuple[str, str]]] = {}
    for form, ids in one.items():
        if len(ids) != 1:
            continue  # كونغولي: which Congo?
        ent = kb.get(next(iter(ids)))
        if ent is None or not ent.country:
            continue
        val = (ent.country, ent.name)
        words = form.split()
        if len(words) == 1:
            demonym[form] = val
        elif len(words) == 2:
            demonym2.setdefault(words[0], {})[words[1]] = val
    titles: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for t in kb.titles:
        words = tuple(normalize(str(t.get("ar", ""))).split())
        role = str(t.get("actor_role") or "GOV")
        if words:
            titles.setdefault(words[0], []).append((words, role))
            if words[0].startswith("ال") and len(words[0]) > 3:
                titles.setdefault(words[0][2:], []).append(((words[0][2:], *words[1:]), role))
    maybe: set[str] = set(REGION_NOUNS) | set(REGION_ADJ) | set(demonym2)
    for f in demonym:
        maybe.update((f, f + "ا", f + "ان"))
    maybe |= {"و" + f for f in maybe}
    titles_sorted = {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in titles.items()}
    return _Tables(demonym, demonym2, titles_sorted, frozenset(maybe))


def _demonym_at(toks: list[Token], j: int, end: int, tables: _Tables, conj: bool) -> tuple[str, str, int] | None:
    """(ISO3, country name, width) of a nisba at token ``j`` (و allowed when ``conj``), else None."""
    t = toks[j]
    if t.kind != WORD:
        return None
    forms = [t.norm]
    if conj and t.norm.startswith("و") and len(t.norm) > 3:
        forms.append(t.norm[1:])
    for f in forms:
        nxt = tables.demonym2.get(f)
        if nxt and j + 1 < end and toks[j + 1].kind == WORD:
            hit = nxt.get(toks[j + 1].norm)
            if hit:
                return hit[0], hit[1], 2
        hit = tables.demonym.get(f)
        if hit is None and len(f) > 4 and f.endswith("ا"):
            hit = tables.demonym.get(f[:-1])  # accusative: سويديا، فلسطينيا
        if hit is None and len(f) > 5 and f.endswith("ان"):
            hit = tables.demonym.get(f[:-2])  # dual: جنديان أمريكيان
        if hit:
            return hit[0], hit[1], 1
    return None


def _head_role(toks: list[Token], i: int, end: int, tables: _Tables) -> tuple[str, int] | None:
    """(role, index after the head) of an actor noun, office title or quantity at token ``i``."""
    t = toks[i]
    if t.kind == NUM:
        return "CVL", i + 1
    if t.kind != WORD:
        return None
    for pre, stem in proclitic_splits(t.norm):
        if pre and pre[-1] not in "وفبلك" and not pre.endswith("ال"):
            continue
        cands = tables.titles.get(stem)
        if cands:
            for words, role in cands:
                n = len(words)
                if i + n <= end and all(toks[i + q].norm == words[q] for q in range(1, n)):
                    return role, i + n
        role = ROLE_NOUNS.get(stem)
        if role:
            return role, i + 1
        if stem in QUANTITY or stem in NUMBER_WORDS:
            return "CVL", i + 1
        if stem in REGION_HEADS:
            return "", i + 1
    return None


def _adjectival(t: Token) -> bool:
    n = t.norm
    return t.kind == WORD and n not in PREPOSITIONS and (n.endswith(("يه", "ي", "يين", "يون")) or n in ("الخاصه",))


@lru_cache(maxsize=131072)
def _anaphor_kinds(norm: str) -> tuple[str, ...] | None:
    """The kinds an anaphoric head noun (:data:`ANAPHORA`, with و/ف/ب/ل clitics before the article)
    refers back to, or None."""
    stem = norm[1:] if norm.startswith(("وال", "فال")) else norm
    stem = "ال" + stem[2:] if stem.startswith("لل") else stem[1:] if stem.startswith("بال") else stem
    return ANAPHORA.get(stem)


# every word _anaphor_kinds reads as an anaphoric head: the head, و/ف before its article, ب before it
# and ل with the article's alef dropped (the only forms the stem rules above map back to a head)
_ANAPHOR_FORMS = frozenset(
    w for k in ANAPHORA for w in (k, "و" + k, "ف" + k, "ب" + k, "لل" + k[2:]) if _anaphor_kinds(w)
)


def _phrase_mentions(doc: Document, toks: list[Token], s0: int, s1: int, by_tok: dict[int, _M], tables: _Tables):
    """Actor phrases of a sentence that are not entities: nisba phrases (طائرات أمريكية وبريطانية،
    الهجوم الإسرائيلي), the West (الحلفاء الغربيين) -- added to ``by_tok``."""
    maybe = tables.maybe
    norms = [t.norm for t in toks[s0:s1]]
    for q in [q for q, w in enumerate(norms, s0) if w in _ANAPHOR_FORMS]:
        if q not in by_tok and toks[q].kind == WORD:
            kinds = _anaphor_kinds(toks[q].norm)
            if not (q + 1 < s1 and toks[q + 1].norm in maybe):
                ante = _antecedent(by_tok, q, kinds)
                if ante is not None:
                    by_tok[q] = _M(ante.entity, toks[q].start, toks[q].end, q, q + 1)
    # every phrase ends in a nisba or a region word: only the few words before one are looked at
    cands = [q for q, w in enumerate(norms, s0) if w in maybe]
    if not cands:
        return
    c = 0
    i = s0
    while i < s1:
        while c < len(cands) and cands[c] < i:
            c += 1
        if c == len(cands):
            return
        if cands[c] - i > 7:
            i = cands[c] - 7  # a head (title, force noun, quantity) and two adjectives come first at most
        t = toks[i]
        if t.kind == PUNCT or i in by_tok:
            i += 1
            continue
        if t.kind == WORD and t.norm in REGION_NOUNS:
            code = REGION_NOUNS[t.norm]
            by_tok[i] = _synthetic(doc, code, "", t.start, t.end, i, i + 1, region=True)
            i += 1
            continue
        hr = _head_role(toks, i, s1, tables)
        if hr is not None and hr[1] == i + 1 and t.norm.startswith(("ال", "وال", "بال", "لل")) and \
                any(stem in NAME_LIKE for _, stem in proclitic_splits(t.norm)):
            hr = None  # المستشفى السعودي، الجامعة الأمريكية: a name, not a nationality
        if hr is not None:
            role, j = hr
            if j == i + 1 and j < s1 and j not in by_tok and _head_role(toks, j, s1, tables) is not None:
                i += 1  # عشرات المسيرات الأوكرانية، قوات الأمن التركية: the noun nearer the nisba decides
                continue
            # region adjectives after a group noun: الحلفاء الغربيين، الدول الغربية
            if j < s1 and toks[j].kind == WORD and toks[j].norm in REGION_ADJ and any(
                    stem in REGION_HEADS for _, stem in proclitic_splits(toks[i].norm)):
                by_tok[j] = _synthetic(doc, REGION_ADJ[toks[j].norm], "", t.start, toks[j].end, j, j + 1,
                                       gov_tok=i, region=True)
                i = j + 1
                continue
            chain = _nisba_chain(toks, j, s1, by_tok, tables)
            if chain and chain[-1][1] in by_tok and by_tok[chain[-1][1]].entity.type == "PER":
                i = chain[-1][1]  # الرئيس المصري عبد الفتاح السيسي: the title belongs to the name
                continue
            if chain:
                group: list[_M] = []
                for a, b, iso in chain:
                    m = _synthetic(doc, iso, role if role != "" else "", t.start, toks[b - 1].end, a, b, gov_tok=i)
                    group.append(m)
                    for q in range(a, b):
                        by_tok[q] = m
                for m in group:
                    m.siblings = [g for g in group if g is not m]
                i = chain[-1][1]
                continue
        # a bare nisba after a noun: الهجوم الإسرائيلي، البنية التحتية الروسية، مسيرة أوكرانية
        if t.kind == WORD and i > s0 and toks[i - 1].kind == WORD and (i - 1) not in by_tok:
            chain = _nisba_chain(toks, i, s1, by_tok, tables)
            if chain and chain[0][0] == i:
                group = []
                # after a preposition the nisba is a noun of its own (مع الفلسطينيين)
                prev = i if toks[i - 1].norm in PREPOSITIONS else i - 1
                for a, b, iso in chain:
                    m = _synthetic(doc, iso, "", toks[a].start, toks[b - 1].end, a, b, gov_tok=prev, weak=True)
                    group.append(m)
                    for q in range(a, b):
                        by_tok[q] = m
                for m in group:
                    m.siblings = [g for g in group if g is not m]
                i = chain[-1][1]
                continue
        i += 1


def _antecedent(by_tok: dict[int, _M], q: int, kinds: tuple[str, ...]) -> _M | None:
    """The nearest actor of one of ``kinds`` named before token ``q``."""
    for j in range(q - 1, max(-1, q - 3000), -1):
        m = by_tok.get(j)
        if m is not None and m.entity.kind in kinds and not m.entity.id.startswith("~"):
            return m
    return None


def _nisba_chain(toks, j, end, by_tok, tables) -> list[tuple[int, int, str]]:
    """Nisbas from token ``j``: أمريكية وبريطانية، الأمريكي البريطاني (one or two adjectives such as
    الجوية may come first: الدفاعات الجوية الروسية)."""
    out: list[tuple[int, int, str]] = []
    skipped = 0
    while j < end:
        if j in by_tok or toks[j].kind != WORD:
            break
        hit = _demonym_at(toks, j, end, tables, conj=bool(out))
        if hit is not None:
            iso, _, w = hit
            if not any(o[2] == iso for o in out):
                out.append((j, j + w, iso))
            j += w
            continue
        if out or skipped >= 2 or not _adjectival(toks[j]):
            break
        skipped += 1
        j += 1
    return out


def _synthetic(doc, code, role, start, end, a, b, gov_tok=-1, weak=False, region=False) -> _M:
    """A mention of an actor phrase read here (a country with a role, or a region)."""
    from marsad.kb import load as load_kb

    if region:
        name = {"WST": "The West"}.get(code, code)
        ent = Entity(id=f"~{code}", name=name, type="LOC", kind="region", country=None, actor_code=code)
    else:
        kb_ent = load_kb().get(f"country:{code}")
        name = kb_ent.name if kb_ent is not None else code
        ent = Entity(id=f"~{code}{role}", name=name, type="ORG" if role else "LOC", kind=role.lower() or "country",
                     country=code, actor_code=f"{code}{role}")
    return _M(ent, start, end, a, b, gov_tok=gov_tok, weak=weak)


def _side(ctx: _Ctx, m: _M | None) -> list[_M]:
    """An actor and those coordinated with it (فرنسا وألمانيا وبريطانيا، واشنطن ولندن)."""
    if m is None:
        return []
    out = [m, *m.siblings]
    toks, by_tok, text = ctx.toks, ctx.by_tok, ctx.doc.text
    j = max(x.tok_end for x in out)
    while j < len(toks) and len(out) < 6:
        t = toks[j]
        nxt = None
        if t.kind == PUNCT and t.text in ("،", ",") and j + 1 < len(toks):
            nxt = by_tok.get(j + 1)
            if nxt is not None and (nxt.tok_start != j + 1 or nxt.start != toks[j + 1].start):
                nxt = None
            if nxt is not None and not _list_continues(toks, by_tok, nxt):
                nxt = None
        elif t.kind == WORD and t.norm == "و" and j + 1 < len(toks):
            nxt = by_tok.get(j + 1)
            if nxt is not None and nxt.tok_start != j + 1:
                nxt = None
        else:
            cand = by_tok.get(j)
            if cand is not None and cand.tok_start == j and normalize(text[t.start : cand.start]) == "و":
                nxt = cand
        if nxt is None or nxt.weak != m.weak or any(_same(nxt, o) for o in out):
            break
        if nxt.tok_end in ctx.verb_heads:
            break  # هجوم على أوكرانيا وموسكو تعلن ...: the next name is the subject of a new clause
        out.append(nxt)
        out.extend(s for s in nxt.siblings if s not in out)
        j = max(nxt.tok_end, *(s.tok_end for s in nxt.siblings)) if nxt.siblings else nxt.tok_end
    return out


def _list_continues(toks, by_tok, m: _M) -> bool:
    """A comma list of actors goes on only if a و-actor ends it (فرنسا، ألمانيا وبريطانيا)."""
    j = m.tok_end
    while j < len(toks) and j < m.tok_end + 12:
        t = toks[j]
        if t.kind == WORD and t.norm == "و":
            return j + 1 in by_tok
        cand = by_tok.get(j)
        if cand is not None and cand.tok_start == j:
            if t.norm.startswith("و") and cand.start > t.start:
                return True
            j = cand.tok_end
            continue
        if not (t.kind == PUNCT and t.text in ("،", ",")):
            return False
        j += 1
    return False


def _same(a: _M, b: _M) -> bool:
    if a is b:
        return True
    if a.entity.id and a.entity.id == b.entity.id and not a.entity.id.startswith("~"):
        return True
    return a.entity.id.startswith("~") and a.entity.id == b.entity.id and a.tok_start == b.tok_start


# --- helpers -------------------------------------------------------------------------------------


def _mentions(doc: Document, starts: list[int]) -> list[_M]:
    out = []
    for e in doc.entities:
        for m in e.mentions:
            ts = bisect.bisect_right(starts, m.start) - 1
            te = bisect.bisect_left(starts, m.end)
            if ts >= 0:
                out.append(_M(e, m.start, m.end, ts, max(te, ts + 1)))
    out.sort(key=lambda m: m.start)
    return out


def _quote_speakers(doc: Document):
    """A function from a character offset to the speaker (as a mention) of the quote around it."""
    spans = []
    for q in doc.quotes:
        ent = doc.entity(q.speaker.entity)
        if ent is not None:
            spans.append((q.start, q.end, _M(ent, q.speaker.start or q.start, q.speaker.end or q.start, -1, -1)))

    def at(offset: int) -> _M | None:
        for s, e, m in spans:
            if s <= offset < e:
                return m
        return None

    return at


_WHILE = _n("فيما", "بينما", "وبينما", "كما")
# words that make a report of victims a report of an attack (جراء سقوط مسيرة، في انفجار)
ATTACK_CUES = _n("مسيرة", "مسيرات", "صاروخ", "صواريخ", "قذيفة", "قذائف", "غارة", "غارات", "قصف", "هجوم", "هجمات",
                 "انفجار", "ضربة", "ضربات", "طائرة", "طائرات", "عبوة", "شظايا", "صاروخي", "مدفعي")


def _clause(toks: list[Token], s0: int, s1: int, t_start: int, t_end: int,
            heads: set[int] | frozenset[int] = frozenset()) -> tuple[int, int]:
    """The clause around a trigger: from the previous ``؛``/``:``, فيما/بينما or a comma before a verb
    (``heads``: ...، وأعلن الجيش) -- or the sentence start -- to the next such break, or the sentence end."""
    a = t_start
    while a > s0 and not (toks[a - 1].kind == PUNCT and toks[a - 1].text in ("؛", ":", ";")) and \
            toks[a - 1].norm not in _WHILE and not (toks[a - 1].text == "،" and a in heads):
        a -= 1
    b = t_end
    while b < s1 and not (toks[b].kind == PUNCT and toks[b].text in ("؛", ".", "؟", "!", ";", ":")) and \
            toks[b].norm not in _WHILE and not (toks[b].text == "،" and b + 1 in heads):
        b += 1
    return a, max(b, t_end)


def _before(toks, clause_start, t_start, by_tok, weak_ok: bool = False) -> _M | None:
    """The actor just before the trigger in the clause (SVO), skipping modal and negation words."""
    j = t_start - 1
    skipped = 0
    while j >= clause_start and skipped <= 3:
        m = by_tok.get(j)
        if m is not None:
            if _governed(toks, m, by_tok) or (m.weak and not weak_ok):
                return None
            return m
        t = toks[j]
        if t.kind == PUNCT and t.text not in ("«", "»", '"'):
            return None
        if t.kind == WORD:
            if t.norm not in SVO_SKIP:
                return None  # وهو ما رفضته طهران: only particles stand between a subject and its verb
            skipped += 1
        j -= 1
    return None


# words that may stand between an SVO subject and its verb (موسكو قد تقدم، كوريا الشمالية تعلن رسميا ...)
SVO_SKIP = _n("قد", "لقد", "لم", "لن", "لا", "سوف", "كان", "كانت", "كانوا", "أيضا", "ايضا", "رسميا", "فعلا", "بالفعل",
              "اليوم", "أمس", "بدورها", "بدوره", "بدورهم", "مجددا", "مرة", "كذلك", "الآن", "فقط", "يوم", "أن",
              "تكون", "يكون", "قد")


def _next_mention(toks, by_tok, a, b, weak_ok: bool) -> _M | None:
    for j in range(a, b):
        m = by_tok.get(j)
        if m is not None and (weak_ok or not m.weak):
            return m
        if toks[j].kind == PUNCT and toks[j].text not in ("«", "»", '"'):
            return None
    return None


def _member_of_at(toks, by_tok, j: int) -> _M | None:
    """قياديا في حزب الله، عنصرين من حماس: the group the member noun at ``j`` belongs to."""
    k = j + 1
    if k < len(toks) and toks[k].kind == WORD and (_adjectival(toks[k]) and k + 1 < len(toks)):
        k += 1 if toks[k].norm not in ("في", "من") else 0
    if k < len(toks) and toks[k].norm in ("في", "من", "ب") and k + 1 < len(toks):
        m = by_tok.get(k + 1)
        if m is not None and m.tok_start == k + 1 and not m.weak:
            return m
    if k < len(toks):
        m = by_tok.get(k)
        if m is not None and m.tok_start == k and not m.weak and _governing_prep(toks, m, by_tok) in ("ل", "ب"):
            return m  # قياديا بحركة حماس، عنصرا لحزب الله
    return None


def _is_dateline(text: str, toks: list[Token], m: _M) -> bool:
    """A place at the start of a line followed by a dash or comma: the dateline of a report."""
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start : m.start].strip(" \t(") != "" or m.entity.type != "LOC":
        return False
    nxt = toks[m.tok_end] if m.tok_end < len(toks) else None
    return nxt is not None and nxt.kind == PUNCT and nxt.text in ("-", "–", "—", "،", ",", ":", "(", "/")


def _scope_end(toks: list[Token], s0: int, s1: int, rel_end: int) -> int:
    """Relative token index where an appeal's complement ends: the next clause break or sentence end."""
    j = s0 + rel_end
    while j < s1 and not (toks[j].kind == PUNCT and toks[j].text in (".", "؛", ";", "؟", "!")):
        j += 1
    return j - s0


_NOUN_CUES = _n("إثر", "اثر", "جراء", "بعد", "قبل", "خلال", "عقب", "أثناء", "وسط", "منذ")


def _noun_position(toks, s0, head) -> bool:
    """The trigger word stands where only a noun can: after a preposition (في قصف، إثر هجوم) or with
    the article or a clitic preposition (بقصف، القصف)."""
    readings = load_lexicon().analyses(toks[head].text)
    if readings and readings[0][1] & 6:  # the cheapest reading strips ب/ل/ك or the article (flags 2, 4)
        return True
    if head - 2 >= s0 and toks[head].norm.startswith("و") and toks[head - 1].norm.startswith("ال") and \
            _clitic_prep(toks[head - 2]) in ("ب", "ل"):
        return True  # بوقف العدوان ورفع الحصار: a verbal noun coordinated with another
    if head > s0 and toks[head - 1].kind == WORD:
        prev = toks[head - 1].norm
        return prev in PREPOSITIONS or prev in _NOUN_CUES
    return False


def _compatible(a: Actor, b: Actor) -> bool:
    """The same actor, or a country and one of its roles (روسيا / القوات الروسية)."""
    return a.code == b.code or (a.country == b.country and min(len(a.code), len(b.code)) == 3)


RELATIVE = _n("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي")


def _apposition(toks, side: list, j: int) -> bool:
    """الشيخ صباح الأحمد أمير دولة الكويت: a name after a title right after the subject is the
    subject's title, not the patient."""
    if not side or side[0].entity.type != "PER":
        return False  # (اغتالت إسرائيل رئيس المكتب السياسي: a title after a state is the patient)
    end = max(x.tok_end for x in side)
    # the title in the construct state (أمير دولة، رئيس حزب), not a definite one (التقى ماكرون الرئيس الأوكراني)
    return end <= j - 1 <= end + 2 and any(_title_word(toks[q]) and not toks[q].norm.startswith("ال")
                                           for q in range(end, j))


def _prep_pronoun(t: Token) -> bool:
    """A preposition with an attached pronoun (عليها، معه، إليهم)."""
    if not _pronoun_suffixed(t):
        return False
    return any(stem in PREPOSITIONS or stem + "ي" in PREPOSITIONS for stem, suf in enclitic_splits(t.norm) if suf)


def _locative_b(toks, by_tok, m: _M) -> bool:
    """بمدينة بون بألمانيا: a place after ب right after another place (or a place noun) is where."""
    if m.entity.type != "LOC" or m.tok_start == 0:
        return False
    prev = by_tok.get(m.tok_start - 1)
    return (prev is not None and prev.entity.kind in ("city", "region", "feature")) or _victim_role(toks[m.tok_start - 1]) == "" or \
        any(st in ("مدينه", "منطقه", "محافظه", "ولايه", "بلده", "اقليم", "مقاطعه") for _, st in
            proclitic_splits(toks[m.tok_start].norm))


def _is_actor(m: _M) -> bool:
    """A mention that can be an event's actor: it has an actor code or a country (not المسجد الأقصى)."""
    return bool(m.entity.actor_code or m.entity.country)


def _victim_role(t: Token) -> str | None:
    """The role of a victim noun (civilians, a hospital, a facility: ""), or None."""
    if t.kind != WORD:
        return None
    for _, stem in proclitic_splits(t.norm):
        role = VICTIMS.get(stem)
        if role is not None:
            return role
    return None


# "the two sides / parties / countries": the two sides of the last two-sided event
PAIR_WORDS = _n("الطرفين", "الطرفان", "طرفي", "الجانبين", "الجانبان", "البلدين", "البلدان")


def _party(m: _M) -> bool:
    """An actor that can be one of "the two parties": not victims, not a bare territory."""
    code = m.entity.actor_code or ""
    return code[3:] not in ("CVL", "HLH", "MED", "EDU", "BUS", "REF") and not (m.entity.type == "LOC" and
                                                                          m.entity.kind != "country")


def _pair_at(ctx: _Ctx, j: int) -> _M | None:
    if ctx.last_pair is None:
        return None
    t = ctx.toks[j]
    first, second = ctx.last_pair
    m = _M(first.entity, t.start, t.end, j, j + 1)
    m.siblings = [_M(second.entity, t.start, t.end, j, j + 1)]
    return m


ACCIDENT = _n("حادث", "حادثة", "اصطدام", "انقلاب", "غرق", "سيول", "انهيار", "تصادم", "صعق", "الحادث", "الحادثة",
              "حوادث", "مروري", "مرورية", "دهس")


def _accident(toks, a, b) -> bool:
    return any(toks[j].kind == WORD and any(st in ACCIDENT for _, st in proclitic_splits(toks[j].norm))
               for j in range(a, b))


def _armed(m: _M) -> bool:
    return (m.entity.actor_code or "")[3:6] in ("MIL", "REB", "COP")


def _counted_in(toks, a, b) -> bool:
    return any(toks[j].kind == NUM or _number(toks[j])[0] for j in range(a, min(b, a + 6)))


def _attack_cue(toks, a, b) -> bool:
    return any(toks[j].kind == WORD and any(st in ATTACK_CUES for _, st in proclitic_splits(toks[j].norm))
               for j in range(a, b))


def _counted(toks, j, end) -> bool:
    """A count right after a verb (قتل ثلاثة، أصيب 12، اعتقل عشرات)."""
    return j < end and (toks[j].kind == NUM or _number(toks[j])[0])


def _casualty_verb(t: Token) -> bool:
    return any(stem in _CUES for _, stem in proclitic_splits(t.norm))


def _next_is_act(triggers, k, trig) -> bool:
    """The trigger right after a condemnation is an act (أدان الهجمات على المدنيين)."""
    if k + 1 >= len(triggers):
        return False
    nxt = triggers[k + 1]
    return nxt.nominal and nxt.root in MATERIAL_CONFLICT and nxt.start_tok - trig.end_tok <= 12


_THAT = _n("أن", "أنه", "أنها", "أنهم", "إن", "إنه", "إنها", "إنهم", "بأن", "بأنه", "بأنها")


def _clause_follows(toks, a, b, source) -> bool:
    """The words after a verb (and its subject) open a clause with أن: its complement is an event."""
    j = a
    if source is not None and source.tok_start >= a:
        j = max(j, source.tok_end)
    while j < b and toks[j].kind == PUNCT:
        j += 1
    return j < b and toks[j].norm in _THAT


def _location_rank(doc: Document, ev: Event) -> int:
    """Smaller is more specific: city or feature, region, country, unknown."""
    loc = ev.location
    if loc is None or loc.place is None or loc.place >= len(doc.places):
        return 9
    return {"city": 0, "feature": 1, "region": 2, "country": 3}.get(doc.places[loc.place].precision or "", 4)


def _nearest_before(toks, s0, t_start, by_tok) -> _M | None:
    for j in range(t_start - 1, s0 - 1, -1):
        m = by_tok.get(j)
        if m is not None and not m.weak:
            return m
    return None


_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")


def _has_pronoun(norm: str) -> bool:
    return norm.endswith(_PRONOUNS) and len(norm) > 4


def _possessor_subject(toks, s0, head, by_tok) -> _M | None:
    """SVO with a possessed subject right before the verb (جنودها ساعدوا، قواته قصفت): the possessor,
    i.e. the entity named last before it, is the actor."""
    j = head - 1
    if j < s0 or toks[j].kind != WORD:
        return None
    if not any(stem in FORCES for stem, suf in enclitic_splits(toks[j].norm) if suf):
        return None
    return _nearest_before(toks, s0, j, by_tok)


def _sentence_subject(toks, s0, t_start, by_tok) -> _M | None:
    """The first actor of the sentence that no preposition governs: the subject a later verb with no
    subject of its own most likely shares (دخلت كوريا الشمالية ...، حيث أعلنت ...)."""
    j = s0
    while j < t_start:
        m = by_tok.get(j)
        if m is not None and m.tok_start == j:
            if not m.weak and m.entity.kind != "media" and not _governed(toks, m, by_tok):
                return m  # (a channel relays: نقلت قناة المسيرة عن محمد علي الحوثي قوله)
            j = m.tok_end
            continue
        j += 1
    return None


def _governing_prep(toks, m: _M, by_tok=None) -> str | None:
    """The preposition governing a mention: a clitic ل/ب/ك on its own first word (لروسيا، للقوات), or
    a preposition before it with at most one word between them -- a cue noun or the verbal noun whose
    genitive the mention is (في منطقة كورسك، بمنطقة كورسك، إزاء تدخل كوريا الشمالية)."""
    tok_index = m.gov
    tok = toks[tok_index]
    mention_start = m.gov_start if m.gov_start >= 0 else tok.start
    if mention_start > tok.start:
        pre = normalize(tok.text[: mention_start - tok.start])
        if pre and pre[-1] in CLITIC_PREPS:
            return pre[-1]
    elif tok.norm.startswith("لل"):
        return "ل"
    elif m.gov_tok >= 0:
        p = _clitic_prep(tok)
        if p is not None:
            return p
    between = 0
    j = tok_index - 1
    while j >= 0 and between <= 4:
        if by_tok and j in by_tok and by_tok[j] is not m and not (by_tok[j].weak and m.weak):
            return None  # another name stands between: whatever governs it does not govern this one
        if between >= 2 and not _title_word(toks[j + 1]) and not _adjective(toks[j + 1]):
            break  # beyond one word, only titles and their adjectives (للزعيم الكوري الشمالي كيم)
        t = toks[j]
        if t.kind == NUM:
            between += 1  # عن 90 أسيرا فلسطينيا
            j -= 1
            continue
        if t.kind != WORD:
            if t.text in ("«", "»", '"'):
                j -= 1
                continue
            return None
        if t.norm in PREPOSITIONS:
            if between == 1 and toks[j + 1].norm == "جانب":
                return "الي جانب"  # إلى جانب روسيا: an ally, not a patient
            return t.norm
        p = _clitic_prep(t)
        if p is not None:
            if between == 0 and _pronoun_suffixed(t):
                return None  # المتحدث باسمه ستيفان دوجاريك: the pronoun is the preposition's object
            return p  # بمنطقة كورسك، لدعم الجيش، للزعيم الكوري الشمالي كيم
        between += 1
        j -= 1
    return None


def _clitic_prep(t: Token) -> str | None:
    """ل/ب/ك attached to a word (the article chain لل counts as ل)."""
    if t.kind != WORD:
        return None
    if t.norm.startswith("لل") and len(t.norm) > 4:
        return "ل"
    if t.norm in load_lexicon().vocab:
        return None  # a word of its own (لقاء، بحث), not ل/ب + stem
    for pre, stem in proclitic_splits(t.norm):
        if pre and not pre.endswith("ال") and pre[-1] in CLITIC_PREPS and len(stem) >= 3:
            return pre[-1]
    return None


_STILL = _n("تزال", "يزال", "زال", "زالت", "يزالون", "تزالان")
_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")


def _pronoun_suffixed(t: Token) -> bool:
    """The word ends in an attached pronoun (باسمه، لديها), told from ta marbuta by the original spelling."""
    return _MARKS_RE.sub("", t.text).endswith(("ه", "ها", "هم", "هما", "هن", "كم", "نا"))


def _title_word(t: Token) -> bool:
    return any(stem in _title_words() for _, stem in proclitic_splits(t.norm))


def _adjective(t: Token) -> bool:
    """A definite adjective such as a nisba (الكوري، الشمالي) -- a word with the article."""
    return t.norm.startswith("ال") and len(t.norm) > 3


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    from marsad.kb import load as load_kb

    words = set()
    for t in load_kb().titles:
        first = normalize(str(t.get("ar", ""))).split()
        if first:
            words.add(first[0])
            if first[0].startswith("ال"):
                words.add(first[0][2:])
    return frozenset(words)


def _governed(toks, m: _M, by_tok=None) -> bool:
    return _governing_prep(toks, m, by_tok) is not None


def _intent(code: str, cooperation_only: bool = False) -> str:
    for k in (code, code[:3], code[:2]):
        if k in INTENT:
            return INTENT[k]
    if cooperation_only:
        return code
    for k in (code, code[:3], code[:2]):
        if k in THREAT:
            return THREAT[k]
    return code


_NUM_RE = re.compile(r"^\d+$")


def _number(tok: Token) -> tuple[bool, int | None]:
    """(is a count, its value): digits or a number word; vague counts (عشرات) have no value."""
    if tok.kind == NUM:
        return True, int(tok.norm) if _NUM_RE.match(tok.norm) else None
    if tok.kind != WORD:
        return False, None
    for _, stem in proclitic_splits(tok.norm):
        if stem in NUMBER_WORDS:
            return True, NUMBER_WORDS[stem]
    return False, None


_ONE_OTHER = _n("آخر", "أخرى")
_CUES = KILL_CUES | INJURE_CUES | ARREST_CUES


def _casualties(toks: list[Token], a: int, b: int) -> Casualties | None:
    """Killed, injured and arrested counts stated in the clause (digits or number words)."""
    found = Casualties()
    for i in range(a, b):
        t = toks[i]
        if t.kind != WORD:
            continue
        stems = {stem for _, stem in proclitic_splits(t.norm)}
        kind = None
        if stems & KILL_CUES:
            kind = "killed"
        elif stems & INJURE_CUES:
            kind = "injured"
        elif stems & ARREST_CUES:
            kind = "arrested"
        if kind is None or getattr(found, kind) is not None:
            continue
        # "قتل 12 شخصا" / "مقتل ثلاثة جنود" / "اعتقلت الشرطة 5 أشخاص" (number after) or "12 قتيلا"
        n = None
        for j in range(i + 1, min(b, i + 6)):
            tj = toks[j]
            if tj.kind == PUNCT and tj.text not in ("،", ","):
                break
            if tj.kind == WORD and any(s in _CUES for _, s in proclitic_splits(tj.norm)):
                break
            known, n = _number(tj)
            if known:
                break
            if tj.kind == WORD and tj.norm in _ONE_OTHER:
                n = 1  # وإصابة آخر
                break
        if n is None and i > a:
            n = _number(toks[i - 1])[1]
        if n is not None:
            setattr(found, kind, n)
    if found.killed is None and found.injured is None and found.arrested is None:
        return None
    return found


def make_component() -> EventExtractor:
    return EventExtractor()
