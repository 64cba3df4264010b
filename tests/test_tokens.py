from hypothesis import given
from hypothesis import strategies as st

from marsad.text.tokens import conservative_stem, enclitic_splits, proclitic_splits, tokenize


def words(text):
    return [t.text for t in tokenize(text)]


def test_words_and_punctuation():
    assert words("قال بوتين، إنّ «الأصدقاء» تصرّفوا.") == ["قال", "بوتين", "،", "إنّ", "«", "الأصدقاء", "»", "تصرّفوا", "."]


def test_numbers_keep_separators():
    assert words("قتل 12 شخصا و٣٫٥ مليون و1,000 دولار") == ["قتل", "12", "شخصا", "و", "٣٫٥", "مليون", "و", "1,000", "دولار"]


def test_ellipsis_one_token():
    assert words("أون... وللشعب") == ["أون", "...", "وللشعب"]
    assert words("أوكرانيا.. وأمريكا") == ["أوكرانيا", "..", "وأمريكا"]


def test_diacritics_stay_inside_word():
    toks = tokenize("نُصب تذكاري")
    assert toks[0].text == "نُصب" and toks[0].norm == "نصب"


def test_norm_is_normalised():
    (t,) = tokenize("أوكرانيا")
    assert t.norm == "اوكرانيا" and t.kind == "word"


def test_conservative_stem_strips_article_chains():
    assert conservative_stem("وبالحكومه") == ("وب", "الحكومه")
    assert conservative_stem("للزعيم") == ("ل", "الزعيم")
    assert conservative_stem("والكرملين") == ("و", "الكرملين")


def test_conservative_stem_keeps_names_whole():
    for name in ("لبنان", "بيروت", "وليد", "فلسطين", "كوريا", "والي", "والد"):
        assert conservative_stem(name) == ("", name)


def test_proclitic_splits_whole_word_first():
    splits = list(proclitic_splits("لبنان"))
    assert splits[0] == ("", "لبنان")
    assert ("ل", "بنان") in splits  # offered, but only a lexicon may accept it


def test_proclitic_splits_clitic_chains():
    assert ("ب", "كورسك") in list(proclitic_splits("بكورسك"))
    assert ("ول", "الشعب") in list(proclitic_splits("وللشعب"))
    assert ("و", "امريكا") in list(proclitic_splits("وامريكا"))


def test_enclitic_splits():
    assert ("جنود", "ه") in list(enclitic_splits("جنوده"))
    assert ("قيادت", "ها") in list(enclitic_splits("قيادتها"))
    assert ("قياده", "ها") in list(enclitic_splits("قيادتها"))
    assert next(iter(enclitic_splits("دعمها"))) == ("دعمها", "")


@given(st.text())
def test_tokens_slice_original(text):
    for t in tokenize(text):
        assert text[t.start : t.end] == t.text
        assert t.text.strip() == t.text and t.text


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة ًٌٍَُِّْـ«».،؟!\n0123456789٠١٢"))))
def test_tokens_cover_all_non_space(text):
    toks = tokenize(text)
    covered = "".join(t.text for t in toks)
    covered_idx = {i for t in toks for i in range(t.start, t.end)}
    # every non-space character is in a token, except marks or tatweel standing on their own
    for i, ch in enumerate(text):
        if not ch.isspace() and i not in covered_idx:
            assert ch in "ًٌٍَُِّْـ", (text, i, ch)
    assert covered == "".join(text[t.start : t.end] for t in toks)
    assert all(t.norm for t in toks)


def test_stray_marks_are_not_tokens():
    assert words("ّ ـ قال") == ["قال"]


def test_proclitic_splits_repeatable():
    # cached results must be reusable, not exhausted iterators
    assert proclitic_splits("وقال") == proclitic_splits("وقال")
    assert ("و", "قال") in proclitic_splits("وقال")
