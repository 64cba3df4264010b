import pytest

from marsad.text.namekey import FuzzyIndex, name_key
from marsad.text.normalize import normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("كيم جونج أون", "كيم جونغ أون"),
        ("بيونج يانج", "بيونغ يانغ"),
        ("بيونغ يانغ", "بيونك يانك"),
        ("بوتين", "بوتن"),
        ("ماكرون", "مكرون"),
        ("الكرملين", "كرملين"),
        ("نتنياهو", "نتانياهو"),
        ("طهران", "تهران"),
        ("صنعاء", "سنعاء"),
        ("زيلينسكي", "زيلنسكي"),
        ("غوتيريش", "جوتيريش"),
        ("إيمانويل", "ايمانويل"),
    ],
)
def test_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("بوتين", "بيسكوف"), ("لبنان", "لندن"), ("كيم جونغ أون", "كيم جونغ"), ("موسكو", "مسقط")],
)
def test_different_names_differ(a, b):
    assert name_key(a) != name_key(b)


def test_empty_key():
    assert name_key("") == ""
    assert name_key("، .") == ""


def test_fuzzy_one_edit_on_long_words():
    idx: FuzzyIndex[str] = FuzzyIndex(min_len=5)
    idx.add(normalize("الزعيم"), "leader")
    idx.add(normalize("الرئيس"), "president")
    assert idx.exact(normalize("الزعيم")) == ["leader"]
    assert [v for _, v in idx.fuzzy(normalize("الوزعيم"))] == ["leader"]  # insertion
    assert [v for _, v in idx.fuzzy(normalize("الزعم"))] == ["leader"]  # deletion
    assert [v for _, v in idx.fuzzy(normalize("الزعين"))] == ["leader"]  # substitution


def test_fuzzy_not_on_short_words_nor_two_edits():
    idx: FuzzyIndex[str] = FuzzyIndex(min_len=5)
    idx.add("عدن", "aden")
    idx.add("الزعيم", "leader")
    assert idx.fuzzy("عدل") == []
    assert idx.fuzzy("الوزعيمم") == []


def test_fuzzy_excludes_exact():
    idx: FuzzyIndex[str] = FuzzyIndex()
    idx.add("الزعيم", "leader")
    assert idx.fuzzy("الزعيم") == []
