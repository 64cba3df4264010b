from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize


def sents(text):
    toks = tokenize(text)
    return [text[s.start : s.end] for s in split_sentences(text, toks)]


def test_arabic_punctuation():
    assert sents("هل حضر؟ نعم حضر! ثم غادر؛ وانتهى.") == ["هل حضر؟", "نعم حضر!", "ثم غادر؛", "وانتهى."]


def test_headline_line_is_a_sentence():
    assert sents("عنوان الخبر\nقال الوزير إن الوضع هادئ.") == ["عنوان الخبر", "قال الوزير إن الوضع هادئ."]


def test_double_dot_in_headline():
    assert sents("كوريا تعلن دعمها.. وأمريكا تشعر بالقلق") == ["كوريا تعلن دعمها..", "وأمريكا تشعر بالقلق"]


def test_quote_spanning_sentences_stays_whole():
    text = "وقال: «هذا يوم مهم. سنواصل العمل». ثم غادر."
    assert sents(text) == ["وقال: «هذا يوم مهم. سنواصل العمل».", "ثم غادر."]


def test_unclosed_quote_does_not_swallow_paragraphs():
    text = "وقال: «هذا يوم مهم.\nوفي سياق آخر، وصل الوفد."
    assert sents(text) == ["وقال: «هذا يوم مهم.", "وفي سياق آخر، وصل الوفد."]


def test_closing_quote_after_terminal_belongs_to_sentence():
    assert sents("قال: «انتهى الأمر.» وغادر.") == ["قال: «انتهى الأمر.»", "وغادر."]


def test_single_letter_abbreviation():
    assert sents("قال د. أحمد إن الوضع صعب.") == ["قال د. أحمد إن الوضع صعب."]


def test_decimal_not_boundary():
    assert sents("ارتفع بنسبة 3.5 في المئة.") == ["ارتفع بنسبة 3.5 في المئة."]


def test_every_token_in_one_sentence():
    text = "أ. ب؟ «ج. د» هـ\n\nو!"
    toks = tokenize(text)
    ss = split_sentences(text, toks)
    covered = [i for s in ss for i in range(s.tok_start, s.tok_end)]
    assert covered == list(range(len(toks)))
