from hypothesis import given
from hypothesis import strategies as st

from marsad.text.normalize import arabic_ratio, normalize, normalize_with_offsets, to_original_span


def test_alef_hamza_forms_fold():
    assert normalize("أحمد إبراهيم آمال ٱلله") == "احمد ابراهيم امال الله"
    assert normalize("المسؤولية") == normalize("المسئولية")


def test_ya_and_ta_marbuta():
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("مدرسة") == "مدرسه"


def test_diacritics_and_tatweel_removed():
    assert normalize("حقّقه") == "حققه"
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("جمـــيل") == "جميل"


def test_digits():
    assert normalize("٢٠٢٥ و۱۴۰۳") == "2025 و1403"
    assert normalize("٣٫٥") == "3.5"


def test_quotes_unified():
    assert normalize("«نص» “نص” „نص“ ‹نص›") == '"نص" "نص" "نص" "نص"'


def test_zero_width_and_bidi_dropped_spaces_folded():
    assert normalize("كو\u200cريا\u200f") == "كوريا"
    assert normalize("أ\u00a0ب\u2009ج") == "ا ب ج"


def test_presentation_forms():
    assert normalize("\ufefb") == "لا"  # lam-alef ligature


def test_latin_lowercased():
    assert normalize("KCNA") == "kcna"


def test_offsets_map_back():
    text = "قال «بوتين» حقّقه"
    norm, offs = normalize_with_offsets(text)
    assert norm == 'قال "بوتين" حققه'
    i = norm.index("بوتين")
    s, e = to_original_span(offs, i, i + len("بوتين"))
    assert text[s:e] == "بوتين"
    i = norm.index("حققه")
    s, e = to_original_span(offs, i, i + 4)
    assert text[s:e] == "حقّقه"


def test_offsets_presentation_form_expands():
    text = "\ufefbعب"
    norm, offs = normalize_with_offsets(text)
    assert norm == "لاعب"
    assert offs[:4] == [0, 0, 1, 2]


def test_arabic_ratio():
    assert arabic_ratio("hello") == 0.0
    assert arabic_ratio("مرحبا") == 1.0
    assert arabic_ratio("123") == 0.0


@given(st.text())
def test_offsets_property(text):
    norm, offs = normalize_with_offsets(text)
    assert len(offs) == len(norm) + 1
    assert norm == normalize(text)
    assert all(0 <= o <= len(text) for o in offs)
    assert offs == sorted(offs)
