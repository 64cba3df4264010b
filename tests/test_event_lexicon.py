"""The CAMEO tables, the Arabic trigger lexicon and the trigger matcher."""

from __future__ import annotations

from collections import Counter

import pytest

from marsad.extract import cameo
from marsad.extract.event_lexicon import (
    Lexicon,
    LexiconError,
    find_triggers,
    load_lexicon,
    verb_forms,
)
from marsad.text.normalize import normalize
from marsad.text.tokens import tokenize


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def codes(text: str) -> list[str]:
    return [m.cameo for m in find_triggers(norms(text))]


# --- CAMEO tables ---------------------------------------------------------------------------------

PLOVER_TYPES = set(
    [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "COOPERATE",
        "AID",
        "CONCEDE",
        "RETREAT",
        "ACCUSE",
        "REQUEST",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "MOBILIZE",
        "SANCTION",
        "COERCE",
        "ASSAULT",
    ]
)


def test_codes_table_complete():
    table = cameo.all_codes()
    assert len(table) == 311
    assert {c.root for c in table} == set(cameo.ROOTS)
    for c in table:
        assert 2 <= len(c.code) <= 4 and c.code.isdigit()
        assert -10.0 <= c.goldstein <= 10.0
        assert c.quad_class == cameo.QUAD_BY_ROOT[c.root]
        assert c.label
        if c.root in ("01", "02"):
            assert c.plover is None  # PLOVER drops public statements and appeals
        else:
            assert c.plover in PLOVER_TYPES


@pytest.mark.parametrize(
    ("code", "plover", "quad", "goldstein"),
    [
        ("190", "ASSAULT", 4, -10.0),
        ("051", "SUPPORT", 1, 3.4),
        ("0332", "AGREE", 1, 5.2),
        ("072", "AID", 2, 8.3),
        ("111", "ACCUSE", 3, -2.0),
        ("1056", "REQUEST", 3, -5.0),
        ("012", None, 1, -0.4),
        ("0871", "RETREAT", 2, 9.0),
        ("081", "CONCEDE", 2, 5.0),
        ("163", "COERCE", 4, -8.0),
        ("141", "PROTEST", 4, -6.5),
        ("173", "COERCE", 4, -5.0),
        ("195", "ASSAULT", 4, -10.0),
        ("2041", "ASSAULT", 4, -10.0),
        ("042", "CONSULT", 1, 1.9),
        ("043", "CONSULT", 1, 2.8),
    ],
)
def test_spot_codes(code, plover, quad, goldstein):
    c = cameo.lookup(code)
    assert (c.plover, c.quad_class, c.goldstein) == (plover, quad, goldstein)
    assert c.exact


def test_lookup_falls_back_to_parent_for_missing_four_digit_codes():
    c = cameo.lookup("1213")  # in the PLOVER table, not in CAMEO
    assert not c.exact and c.code == "1213"
    assert (c.label, c.plover) == (cameo.lookup("121").label, "REJECT")
    assert not cameo.is_valid("1213")
    with pytest.raises(KeyError):
        cameo.lookup("099")
    with pytest.raises(TypeError):
        cameo.lookup(190)  # type: ignore[arg-type]


def test_root_parent_validity():
    assert cameo.root("0874") == "08"
    assert cameo.root("20") == "20"
    assert cameo.parent("0874") == "087" and cameo.parent("087") == "08" and cameo.parent("08") is None
    assert cameo.is_valid("010") and cameo.is_valid("10") and not cameo.is_valid("21")
    with pytest.raises(ValueError):
        cameo.root("21")
    assert [c.code for c in cameo.children("19")] == ["190", "191", "192", "193", "194", "195", "196"]
    assert cameo.quad_class("145") == 4 and cameo.quad_class("090") == 3


def test_actor_roles():
    roles = cameo.actor_roles()
    for code in [
        "GOV",
        "MIL",
        "REB",
        "OPP",
        "COP",
        "JUD",
        "LEG",
        "MED",
        "SPY",
        "CVL",
        "BUS",
        "NGO",
        "IGO",
        "REF",
        "EDU",
        "HLH",
        "UAF",
        "PTY",
        "UNO",
    ]:
        assert code in roles, code
    assert cameo.actor_role("mil").label == "Military"
    assert roles["GOV"].kind == "primary"


# --- the lexicon file -----------------------------------------------------------------------------


def test_lexicon_parses_and_is_large():
    lex = load_lexicon()
    assert len(lex) >= 320
    assert lex.n_variants >= len(lex)


def test_every_root_covered_and_every_code_valid():
    lex = load_lexicon()
    per_root = Counter(line.cameo[:2] for line in lex.lines)
    assert set(per_root) == set(cameo.ROOTS)
    assert all(n >= 10 for n in per_root.values()), per_root
    for line in lex.lines:
        assert cameo.is_valid(line.cameo), (line.line, line.cameo)


def test_lexicon_weighting_toward_news_categories():
    per_root = Counter(line.cameo[:2] for line in load_lexicon().lines)
    for root in ("01", "02", "04", "11", "17", "19"):
        assert per_root[root] >= 30, (root, per_root[root])


def test_verb_forms():
    forms = verb_forms("أدان", "يدين")
    assert {"أدان", "أدانت", "أدانوا", "يدين", "تدين", "يدينون", "تدينان", "ندين"} <= set(forms)
    assert {"دعت", "دعوا", "يدعون", "يدعوان"} <= set(verb_forms("دعا", "يدعو"))
    assert {"تلقت", "تلقوا", "تلقيا", "يتلقون", "يتلقيان"} <= set(verb_forms("تلقى", "يتلقى"))
    assert verb_forms("", "يزور")[0] == "يزور"
    with pytest.raises(ValueError):
        verb_forms("زار", "تزور")


def test_format_errors_are_reported_with_line_numbers():
    with pytest.raises(LexiconError, match="<lexicon>:2"):
        Lexicon("# comment\n999\tأدان\n")
    with pytest.raises(LexiconError, match="unknown option"):
        Lexicon("111\tأدان\tbogus\n")
    with pytest.raises(LexiconError, match="gap"):
        Lexicon("111\t* أدان\n")
    with pytest.raises(LexiconError, match="end with a gap"):
        Lexicon("111\tأدان *\n")


def test_small_lexicon_from_text():
    lex = Lexicon(
        "\n".join(
            [
                "# two lines",
                "111\tأدان/يدين\tprep=obj\t# condemn",
                "012\tأعرب/يعرب * عن قلق\tprep=من,إزاء",
                "keep\tأمة",
            ]
        )
    )
    assert len(lex) == 2
    [m] = lex.find(norms("أعرب الوزير الفرنسي عن قلقه من التصعيد"))
    assert (m.cameo, m.start_tok, m.end_tok, m.tokens) == ("012", 0, 5, (0, 3, 4))
    assert m.target_preps == ("من", normalize("إزاء"))
    [m] = lex.find(norms("وأدانتها"))
    assert m.cameo == "111" and m.direct_object


# --- sentences ------------------------------------------------------------------------------------

POSITIVE = [
    # condemnation, criticism, concern
    ("أدانت وزارة الخارجية الهجوم الإرهابي", "111"),
    ("وأدان الرئيس بشدة استهداف المدنيين", "111"),
    ("ندد المتحدث باسم الحكومة بالغارات", "111"),
    ("استنكرت الجامعة العربية اقتحام المسجد", "111"),
    ("يدين المجلس كل أشكال العنف", "111"),
    ("وشجبت المنظمة ما جرى في القرية", "111"),
    ("انتقد الوزير سياسة الحكومة", "111"),
    ("أعربت الأمم المتحدة عن إدانتها للهجوم", "111"),
    ("أعرب وزير الخارجية الفرنسي عن قلقه البالغ إزاء التصعيد", "012"),
    ("وعبرت المنظمة عن قلقها من تدهور الأوضاع", "012"),
    ("حذر الأمين العام من كارثة إنسانية", "012"),
    # accusation
    ("اتهمت الحكومة المعارضة بالتحريض", "112"),
    ("وحمّل الجيش الفصائل المسلحة المسؤولية الكاملة عن الانفجار", "112"),
    ("اتهم المدعي العام الوزير السابق بالفساد", "1121"),
    ("يتهمون القوات بارتكاب جرائم حرب", "1124"),
    # appeals and demands
    ("دعا الأمين العام إلى وقف فوري لإطلاق النار", "0256"),
    ("وحث الاتحاد الأوروبي الطرفين على ضبط النفس", "0256"),
    ("ناشدت المنظمة المجتمع الدولي تقديم مساعدات إنسانية عاجلة", "0233"),
    ("دعت الجامعة العربية إلى الحوار بين الأطراف", "026"),
    ("وطالب المتظاهرون برحيل الحكومة", "1041"),
    ("طالبت عائلات المعتقلين بالإفراج عن ذويهم", "1053"),
    ("يطالب المجلس بوقف القتال فورا", "1056"),
    # threats
    ("هدد الحوثيون باستهداف السفن في البحر الأحمر", "1384"),
    ("توعد زعيم الجماعة بالرد على الغارات", "138"),
    ("وهددت واشنطن بفرض عقوبات جديدة", "1312"),
    # consultation
    ("التقى الرئيس المصري نظيره الفرنسي في باريس", "040"),
    ("واجتمع وزير الخارجية مع المبعوث الأممي", "040"),
    ("بحث الجانبان هاتفيا سبل تعزيز العلاقات", "041"),
    ("أجرى ولي العهد اتصالا هاتفيا مع الرئيس الأمريكي", "041"),
    ("وتلقى الملك اتصالا هاتفيا من نظيره الأردني", "041"),
    ("زار رئيس الوزراء العراقي طهران", "042"),
    ("استقبل أمير قطر وزير الخارجية التركي", "043"),
    ("اجتمع الرئيسان على هامش القمة العربية", "044"),
    ("تتوسط مصر بين الطرفين", "045"),
    ("استأنف الطرفان المفاوضات في الدوحة", "046"),
    # intent
    ("أعلنت الحركة عزمها المشاركة في الانتخابات", "030"),
    ("سيزور الرئيس الرياض الأسبوع المقبل", "036"),
    ("تعتزم الحكومة إرسال مساعدات إلى المتضررين", "033"),
    ("تعهدت ألمانيا بتقديم مساعدات عسكرية لأوكرانيا", "0332"),
    ("أبدت قطر استعدادها للوساطة بين الطرفين", "039"),
    # support and praise
    ("أشاد الرئيس بدور مصر في التهدئة", "051"),
    ("وجه الأمير شكره للحكومة الكويتية", "051"),
    ("رحبت الخارجية بالاتفاق", "051"),
    ("وثمنت الحكومة جهود الوساطة", "051"),
    ("يؤيد الحزب قرار الحكومة", "051"),
    ("وقع البلدان اتفاقية للتعاون الاقتصادي", "057"),
    ("أبرم البلدان معاهدة سلام", "057"),
    ("اعتذر الوزير عن تصريحاته", "055"),
    # aid and cooperation
    ("أرسلت تركيا قوات إلى ليبيا", "072"),
    ("وزودت واشنطن كييف بأسلحة متطورة", "072"),
    ("قدمت الإمارات مساعدات إنسانية إلى السودان", "073"),
    ("منحت الحكومة اللجوء لعشرات الصحفيين", "075"),
    ("أجرى الجيشان مناورات مشتركة في البحر", "062"),
    # yield
    ("أفرجت السلطات عن الصحفي", "0841"),
    ("وأطلقت إسرائيل سراح عشرين أسيرا", "0841"),
    ("أعلن الطرفان وقف إطلاق النار اعتبارا من الليلة", "0871"),
    ("انسحبت القوات الروسية من خيرسون", "0874"),
    ("قدم رئيس الوزراء استقالته", "0831"),
    ("رفعت الولايات المتحدة العقوبات عن سوريا", "085"),
    # investigate, reject, deny
    ("فتحت النيابة تحقيقا في ملابسات الحادث", "090"),
    ("رفضت حماس المقترح الإسرائيلي", "127"),
    ("نفى المتحدث باسم الجيش هذه الاتهامات", "016"),
    ("رفض المتحدث التعليق على الخبر", "011"),
    ("تبنى تنظيم الدولة الهجوم", "015"),
    # protest
    ("تظاهر آلاف الطلاب أمام البرلمان", "141"),
    ("خرج المحتجون في مظاهرات حاشدة", "141"),
    ("اعتصم العمال أمام مقر الشركة", "141"),
    ("أضرب المعلمون عن العمل", "143"),
    ("يخوض الأسرى إضرابا مفتوحا عن الطعام", "142"),
    # force posture, reduced relations, coercion
    ("حشدت روسيا قواتها على الحدود", "154"),
    ("استدعت الخارجية السفير الإيراني", "114"),
    ("سحبت السعودية سفيرها من بيروت", "161"),
    ("قطعت المغرب علاقاتها مع إيران", "161"),
    ("فرضت الولايات المتحدة عقوبات جديدة على إيران", "163"),
    ("اعتقلت قوات الاحتلال عشرة فلسطينيين", "173"),
    ("ألقت الشرطة القبض على ثلاثة مشتبه بهم", "173"),
    ("واحتجزت السلطات الناشط في المطار", "173"),
    ("هدمت الجرافات منازل في القرية", "1712"),
    ("فرضت السلطات حظر التجول في المدينة", "1723"),
    ("فرقت الشرطة المتظاهرين بالقوة", "175"),
    ("طردت الحكومة عشرات العمال الأجانب", "174"),
    # violence
    ("اغتالت إسرائيل قياديا في حزب الله", "186"),
    ("اختطف مسلحون ثلاثة صحفيين", "181"),
    ("فجر انتحاري نفسه في سوق مزدحم", "1831"),
    ("انفجرت سيارة مفخخة قرب السفارة", "1832"),
    ("هاجم مسلحون نقطة تفتيش", "190"),
    ("وقصفت المدفعية مواقع المسلحين", "194"),
    ("شنت المقاتلات غارات على مواقع للمسلحين", "195"),
    ("وقصفت الطائرات الإسرائيلية مواقع في جنوب لبنان", "195"),
    ("اندلعت اشتباكات عنيفة بين الجيش والمسلحين", "190"),
    ("أطلق الجنود النار على سيارة", "193"),
    ("حاصرت القوات المدينة من ثلاث جهات", "191"),
    ("سيطرت قوات الدعم السريع على مدينة الفاشر", "192"),
    ("خرق الجيش الهدنة مرة أخرى", "196"),
    ("ارتكبت الميليشيات مجزرة في القرية", "202"),
    ("استخدم النظام أسلحة كيميائية ضد المدنيين", "2041"),
]


@pytest.mark.parametrize(("sentence", "expected"), POSITIVE, ids=[s for s, _ in POSITIVE])
def test_sentence_triggers(sentence, expected):
    found = codes(sentence)
    assert expected in found, found


def test_enough_positive_sentences():
    assert len(POSITIVE) >= 60
    assert {e[:2] for _, e in POSITIVE} == set(cameo.ROOTS)


NEGATIVE = [
    "ارتفعت درجات الحرارة في الرياض اليوم",
    "فاز الفريق على منافسه بثلاثة أهداف",
    "افتتح المعرض الدولي للكتاب أبوابه للزوار",
    "يحتل الفريق المركز الأول في الدوري",
    "وصل الطالب إلى الجامعة فجر اليوم",
    "حشد من المواطنين تجمع في الساحة",
    "ارتفع ثمن الخبز في الأسواق",
    "تراجعت أسعار النفط في الأسواق العالمية",
    "هطلت أمطار غزيرة على مناطق واسعة",
    "يبعد الموقع عشرة كيلومترات عن المدينة",
    "قرأت الطالبة صفحة من الكتاب",
    "استخدمت الشركة القوة الشرائية للمستهلكين",
    "كتب ياسر مقالا عن التاريخ",
    "شاهدنا لوحة فنية جميلة في المتحف",
    "تغير الطقس فجأة بعد الظهر",
    "قدم الممثل عرضا مسرحيا رائعا",
    "وزارة التعليم تطلق برنامجا جديدا للطلبة",
    "تقع المدينة على ضفاف النهر",
    "يقدم المطعم وجبات شهية",
    "وصف الناقد الرواية بالرائعة",
]


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_no_trigger(sentence):
    found = find_triggers(norms(sentence))
    assert found == [], [(m.cameo, m.pattern) for m in found]


def test_noun_homographs_are_not_triggers():
    assert "174" not in codes("عثر على طرد مفخخ قرب السفارة")
    assert "042" not in codes("أصدرت وزارة الصحة تقريرا")


# --- match details --------------------------------------------------------------------------------


def test_clitics_and_suffixes():
    [m] = find_triggers(norms("وقصفته المدفعية"))
    assert m.cameo == "194" and not m.nominal
    [m] = find_triggers(norms("بقتالهم ضد القوات الحكومية"))
    assert m.cameo == "190" and m.nominal
    [m] = find_triggers(norms("خلال زيارته إلى القاهرة"))
    assert (m.cameo, m.nominal) == ("042", True)
    [m] = find_triggers(norms("فاستقبلهم الرئيس"))
    assert m.cameo == "043"
    [m] = find_triggers(norms("للاعتقال"))
    assert m.cameo == "173"


def test_raw_and_normalised_tokens_agree():
    text = "وأدانتْ الحكومةُ الهجومَ على المدنيين"
    raw = [m.cameo for m in find_triggers([t.text for t in tokenize(text)])]
    assert raw == codes(text) == ["111", "190"]


def test_span_and_evidence_tokens():
    toks = norms("أعرب وزير الخارجية الفرنسي عن قلقه البالغ إزاء التصعيد")
    [m] = find_triggers(toks)
    assert (m.start_tok, m.end_tok, m.head) == (0, 7, 0)
    assert [toks[i] for i in m.tokens] == ["اعرب", "عن", "قلقه", "البالغ"]
    assert m.plover is None and m.quad_class == 1 and m.goldstein == -0.4 and m.root == "01"
    assert normalize("إزاء") in m.target_preps


def test_longest_match_consumes_its_words():
    # one appeal for a ceasefire, not also a ceasefire declaration
    assert codes("دعا الأمين العام إلى وقف إطلاق النار") == ["0256"]
    # the specific pattern beats the general one
    assert codes("دعت الحكومة إلى الحوار") == ["026"]
    assert codes("دعت الحكومة المواطنين إلى الهدوء") == ["020"]


def test_quotes_and_adjectives_inside_patterns():
    assert codes('ودعا المتحدث الطرفين إلى "وقف القتال" فورا') == ["0256"]
    assert codes("وطالبت الدول الأعضاء بوقف دائم لإطلاق النار") == ["1056"]
    assert "0871" in codes("أعلنت الأطراف وقفا شاملا لإطلاق النار")


def test_priority_between_equal_lengths():
    assert codes("استدعت الكويت سفيرها في بغداد للتشاور")[0] == "161"
    assert codes("استدعت الخارجية السفير الإيراني")[0] == "114"


def test_gap_does_not_cross_sentence_end():
    assert codes("أعرب الوزير. عن قلقه") != ["012"]
    assert "012" not in codes("أعرب الوزير . عن قلقه")


def test_negation_and_future_flags():
    [m, _] = find_triggers(norms("لم يدن المجلس الهجوم"))
    assert m.cameo == "111" and m.negated
    [m] = find_triggers(norms("سيلتقي الوزير نظيره"))
    assert m.cameo == "036"  # listed future form: intent to meet
    [m] = find_triggers(norms("ستقصف الطائرات المواقع"))
    assert m.future and m.root == "19"


def test_target_prepositions():
    [m] = find_triggers(norms("أشاد الرئيس بالجهود"))
    assert m.target_preps == ("ب",)
    [m] = find_triggers(norms("قصف الجيش المدينة"))
    assert m.direct_object


def test_role_options_and_verb_flags():
    lx = Lexicon("112\tمتهما\tprep=obj,ب\tparticiple\n190\tأصيب/يصاب\tpassive\n138\tلن * يمر * دون * رد\treverse\tgap=1\n"
                 "194\tقصف/يقصف\tprep=obj\n")
    assert [ln.role for ln in lx.lines] == ["participle", "passive", "reverse", ""]
    [m] = lx.find(norms("متهما واشنطن بعسكرة البحر"))
    assert m.role == "participle" and not m.verb
    [m] = lx.find(norms("تقصف روسيا المدن"))
    assert m.verb and m.imperfect
    [m] = lx.find(norms("قصفت روسيا المدن"))
    assert m.verb and not m.imperfect
    [m] = lx.find(norms('ذلك "لن يمر دون رد"'))
    assert m.role == "reverse" and m.cameo == "138"
    with pytest.raises(LexiconError, match="unknown option"):
        Lexicon("190\tقصف\tsideways\n")


def test_gap_prefers_the_fullest_completion():
    # the optional تقديم after the gap is matched, not skipped by a wider gap
    [m] = find_triggers(norms("تعهدت اليابان بتقديم مساعدات إنسانية"))
    assert m.cameo == "0333" and len(m.tokens) == 4


def test_gap_stops_at_a_complementizer():
    # أكد ... أن إيران ... دعمها: the pattern's own complement never lies beyond أن
    assert "051" not in codes("أكد الوزير أن إيران ستبقى معزولة بسبب دعمها للحوثيين")


def test_article_after_lam():
    assert "036" in codes("أعربت إثيوبيا عن استعدادها للحوار مع مصر")
