"""Word keys shared by full-text search, near-duplicate shingles and story similarity.

Two keys per word, both on normalised text (:func:`marsad.text.normalize.normalize`):

* the *search key* (:func:`search_key`) strips only what is unambiguous -- a clitic chain ending in the
  article (وبال-, لل-) and the article itself -- so ``والحكومة``, ``الحكومة`` and ``حكومة`` share a key;
* the *loose key* (:func:`loose_key`) also strips a leading conjunction or preposition (و ف ب ل ك)
  when at least three letters remain, so ``وأوكرانيا`` and ``لأوكرانيا`` meet ``أوكرانيا``. It is wrong
  for names that begin with those letters (لبنان -> بنان), but it is wrong the same way on both sides
  of a comparison, which is all that matching needs; search ranks loose matches below exact ones.

Story similarity uses *terms*: loose keys of content words (stop words and short words dropped) hashed
to stable 32-bit ids, weighted by tf-idf in :mod:`marsad.cluster.stories`.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from marsad.text.normalize import normalize
from marsad.text.tokens import TOKEN_RE, Token, conservative_stem, strip_article

_PLAIN = ("وب", "فب", "ول", "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك")
_ARTICLE = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")

# Function words of news Arabic (normalised spelling). They carry no story signal.
_STOP_RAW = """
    في من على إلى الى عن مع بين حتى منذ خلال عند لدى نحو ضد حول دون غير سوى بعد قبل أمام تحت فوق
    أن إن أنه إنه أنها إنها كان كانت يكون تكون كانوا ليس لم لن لا ما ماذا متى هل قد لقد كما لكن بل
    أو أم ثم إذا اذا إذ لو كل بعض أي أيضا وقد وقال قال قالت وقالت وأضاف أضاف وأكد أكد وأشار أشار
    هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين اللواتي هو هي هم هن نحن أنا أنت
    له لها لهم به بها بهم منه منها منهم عليه عليها عليهم فيه فيها فيهم إليه إليها عنه عنها
    اليوم أمس غدا الآن حيث عام العام يوم سنة شهر الماضي المقبل الحالي الجاري أكثر أقل
    وذلك وهذا وهذه وهو وهي وفي ومن وعلى وإلى وعن ومع وأن وإن ولا وما وكان وكانت ويأتي
    عبر وفق لدى إثر جراء بسبب رغم بشأن خاصة الى حين بينما كذلك أيضاً وكذلك ضمن وسط
    """


@lru_cache(maxsize=16384)  # the common words of news recur; rarer ones are cheap to key again
def search_key(norm: str) -> str:
    """The search key of a normalised word (article and unambiguous clitic chains removed)."""
    return strip_article(conservative_stem(norm)[1])


@lru_cache(maxsize=16384)  # the common words of news recur; rarer ones are cheap to key again
def loose_key(norm: str) -> str:
    """The loose key of a normalised word (any leading conjunction/preposition chain removed)."""
    for chain in _ARTICLE:
        if norm.startswith(chain) and len(norm) - len(chain) >= 2:
            return norm[len(chain) :]
    for chain in _PLAIN:
        if norm.startswith(chain) and len(norm) - len(chain) >= 3:
            rest = norm[len(chain) :]
            if rest.startswith("ال") and len(rest) >= 5:
                return rest[2:]
            return rest
    return norm


STOPWORDS = frozenset(
    k for w in _STOP_RAW.split() for k in (normalize(w), loose_key(normalize(w)), search_key(normalize(w)))
)


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, norm)`` of every word and number in ``text`` (offsets into ``text``)."""
    out = []
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup in ("word", "num"):
            out.append((m.start(), m.end(), normalize(m.group())))
    return out


def keys_of(tokens: Iterable[Token] | None, text: str) -> tuple[list[str], list[str]]:
    """Search keys and loose keys of the words of a text (tokens reused when the pipeline made them)."""
    if tokens:
        norms = [t.norm for t in tokens if t.kind in ("word", "num")]
    else:
        norms = [n for _, _, n in word_tokens(text)]
    return [search_key(n) for n in norms], [loose_key(n) for n in norms]


def term_id(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


def term_counts(loose_keys: Iterable[str], title_loose: Iterable[str] = ()) -> dict[int, int]:
    """Content-term counts for story similarity: title words count double."""
    c: Counter[int] = Counter()
    for k in loose_keys:
        if len(k) >= 3 and k not in STOPWORDS and not k.isdigit():
            c[term_id(k)] += 1
    for k in title_loose:
        if len(k) >= 3 and k not in STOPWORDS and not k.isdigit():
            c[term_id(k)] += 2
    return dict(c)
