"""Reported speech: hand-written Arabic cases for every pattern of the quotes component.

Every case lists all the quotes the text holds, in order: the quote text (an exact substring of the
input), whether it is direct, the speaker's English name (``None`` = unresolved, never guessed) and,
where the case is about relays, the relaying source (``via``: the entity's name, or ``"~text"`` for a
relayer named by a phrase we cannot link). The sentences are written for these tests; the speakers are
actors of the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import assert_spans_exact
from marsad.extract.quotes import lexicon
from marsad.pipeline import Pipeline

_ANY = object()


@dataclass(frozen=True)
class Q:
    text: str
    direct: bool
    speaker: str | None
    via: object = _ANY  # _ANY: not checked; None: no relay; "Name" or "~surface text"
    cue: str | None = None  # the cue's text, when the case is about it


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(["text", "entities", "quotes"])


def case(id_: str, text: str, *quotes: Q):
    return pytest.param(text, quotes, id=id_)


# --- direct quotes: every pair of marks, colon cues, quotations before the cue ----------------------
DIRECT = [
    case("guillemets-colon", "وقال الرئيس الروسي فلاديمير بوتين: «سنواصل العمل مع شركائنا في القارة».",
         Q("سنواصل العمل مع شركائنا في القارة", True, "Vladimir Putin", None, "وقال")),
    case("curly-quotes", "وقال الرئيس الفرنسي إيمانويل ماكرون: “أوروبا يجب أن تدافع عن نفسها بنفسها”.",
         Q("أوروبا يجب أن تدافع عن نفسها بنفسها", True, "Emmanuel Macron")),
    case("straight-quotes", 'وقالت رئيسة الوزراء الإيطالية جورجيا ميلوني: "لن نرسل جنودا إلى أوكرانيا".',
         Q("لن نرسل جنودا إلى أوكرانيا", True, "Giorgia Meloni")),
    case("reversed-curly", "وكتب رجب طيب أردوغان على منصة إكس: ”نقف إلى جانب أشقائنا في سوريا“.",
         Q("نقف إلى جانب أشقائنا في سوريا", True, "Recep Tayyip Erdoğan", None, "وكتب")),
    case("low-high-quotes", "وأضافت كريستين لاغارد: „التضخم ما زال أعلى من هدفنا“.",
         Q("التضخم ما زال أعلى من هدفنا", True, "Christine Lagarde")),
    case("colon-then-complementiser", "وأضاف عباس عراقجي: إن طهران لن تقبل بالإملاءات.",
         Q("طهران لن تقبل بالإملاءات", False, "Abbas Araghchi")),
    case("colon-without-marks", "وقال سيرغي لافروف: الغرب لا يريد السلام في أوكرانيا.",
         Q("الغرب لا يريد السلام في أوكرانيا", True, "Sergey Lavrov")),
    case("quotation-after-inna", "وقالت ماريا زاخاروفا إن «تصريحات باريس استفزازية وغير مسؤولة».",
         Q("تصريحات باريس استفزازية وغير مسؤولة", True, "Maria Zakharova")),
    case("straight-quotes-after-colon-and-pp", 'وقال دميتري بيسكوف للصحفيين: "الاتصالات مع واشنطن مستمرة".',
         Q("الاتصالات مع واشنطن مستمرة", True, "Dmitry Peskov")),
    case("curly-after-inna-org", "وقالت منظمة الصحة العالمية إن “النظام الصحي في القطاع انهار بالكامل”.",
         Q("النظام الصحي في القطاع انهار بالكامل", True, "World Health Organization")),
    case("quotation-right-after-the-name", "وقال دميتري بيسكوف “لا نرى أي تقدم في المحادثات حتى الآن”.",
         Q("لا نرى أي تقدم في المحادثات حتى الآن", True, "Dmitry Peskov")),
    case("quotation-before-cue", "«لن نقبل بأي شروط مسبقة»، قال عباس عراقجي للصحفيين في طهران.",
         Q("لن نقبل بأي شروط مسبقة", True, "Abbas Araghchi", None, "قال")),
    case("quotation-before-continuation",
         "وقال أنطونيو غوتيريش إن الوضع لا يحتمل أي تأجيل.\n«على الجميع أن يتحملوا مسؤولياتهم»، أضاف.",
         Q("الوضع لا يحتمل أي تأجيل", False, "António Guterres"),
         Q("على الجميع أن يتحملوا مسؤولياتهم", True, "António Guterres", None, "أضاف")),
    case("verb-particle-quotation", "ودعا أنطونيو غوتيريش الطرفين إلى «وقف القتال فورا».",
         Q("وقف القتال فورا", True, "António Guterres", None, "ودعا")),
    case("verb-particle-inside-marks",
         "وطالبت وزارة الخارجية القطرية المجتمع الدولي «بالتحرك العاجل لوقف الحرب».",
         Q("بالتحرك العاجل لوقف الحرب", True, "Ministry of Foreign Affairs (Qatar)")),
    case("relay-word-then-quotation", "ونقلت وكالة تاس عن سيرغي لافروف قوله «لن نتراجع عن مواقفنا».",
         Q("لن نتراجع عن مواقفنا", True, "Sergey Lavrov", "TASS")),
]

# --- quotations over several sentences and paragraphs ----------------------------------------------
LONG = [
    case("two-sentences-one-line", "وقال سيرغي لافروف: «المفاوضات صعبة. لكننا لن نتخلى عنها».",
         Q("المفاوضات صعبة. لكننا لن نتخلى عنها", True, "Sergey Lavrov")),
    case("over-a-line-break", "وقال دميتري بيسكوف: «لا نستبعد أي خيار.\nنحن مستعدون للحوار، لكن بشروطنا».",
         Q("لا نستبعد أي خيار.\nنحن مستعدون للحوار، لكن بشروطنا", True, "Dmitry Peskov")),
    case("over-paragraphs", "وقال سيرغي لافروف في مؤتمر صحفي: «المفاوضات صعبة.\n\nلكننا لن نتخلى عنها».",
         Q("المفاوضات صعبة.\n\nلكننا لن نتخلى عنها", True, "Sergey Lavrov")),
    case("reopened-on-each-paragraph",
         "وقال إيمانويل ماكرون: «أوروبا تواجه لحظة حاسمة.\n\n«علينا أن نستثمر في دفاعنا المشترك».",
         Q("أوروبا تواجه لحظة حاسمة.\n\n«علينا أن نستثمر في دفاعنا المشترك", True, "Emmanuel Macron")),
    case("next-cue-after-long-quotation",
         "وقال دميتري بيسكوف: «الوضع معقد.\nلكننا متفائلون». وأضاف أن الاتصالات ستستمر خلال الأيام المقبلة.",
         Q("الوضع معقد.\nلكننا متفائلون", True, "Dmitry Peskov"),
         Q("الاتصالات ستستمر خلال الأيام المقبلة", False, "Dmitry Peskov", None, "وأضاف")),
    case("unclosed-quotation-stops-at-its-paragraph",
         "وقال دميتري بيسكوف: «لا تعليق لدينا على هذه الأنباء.\nوفي سياق آخر، وصل الوفد إلى القاهرة.",
         Q("لا تعليق لدينا على هذه الأنباء", True, "Dmitry Peskov")),
]

# --- indirect speech: cue verbs in every tense and agreement ---------------------------------------
INDIRECT = [
    case("akkada", "وأكد رجب طيب أردوغان أن تركيا لن تسمح بإقامة كيان إرهابي على حدودها.",
         Q("تركيا لن تسمح بإقامة كيان إرهابي على حدودها", False, "Recep Tayyip Erdoğan", None, "وأكد")),
    case("yuakkid", "ويؤكد عباس عراقجي أن بلاده لا تسعى إلى امتلاك سلاح نووي.",
         Q("بلاده لا تسعى إلى امتلاك سلاح نووي", False, "Abbas Araghchi", None, "ويؤكد")),
    case("asharat-ila-anna", "وأشارت ماريا زاخاروفا إلى أن موسكو لم تتلق أي رد رسمي من باريس.",
         Q("موسكو لم تتلق أي رد رسمي من باريس", False, "Maria Zakharova", None, "وأشارت")),
    case("yushir-ila-anna", "ويشير الجيش الإسرائيلي إلى أن العملية البرية ستتوسع في الأيام المقبلة.",
         Q("العملية البرية ستتوسع في الأيام المقبلة", False, "Israel Defense Forces")),
    case("lafata-ila-anna", "ولفت أنطونيو غوتيريش إلى أن نصف سكان القطاع يعانون من الجوع.",
         Q("نصف سكان القطاع يعانون من الجوع", False, "António Guterres", None, "ولفت")),
    case("shaddada-ala-anna", "وشدد إيمانويل ماكرون على أن فرنسا ستبقى ملتزمة بأمن أوروبا.",
         Q("فرنسا ستبقى ملتزمة بأمن أوروبا", False, "Emmanuel Macron")),
    case("tushaddid-ala-anna", "وتشدد كايا كالاس على أن العقوبات على روسيا ستبقى قائمة.",
         Q("العقوبات على روسيا ستبقى قائمة", False, "Kaja Kallas")),
    case("alana", "وأعلن البيت الأبيض أن الرئيس سيستقبل نظيره الفرنسي في واشنطن.",
         Q("الرئيس سيستقبل نظيره الفرنسي في واشنطن", False, "White House", None, "وأعلن")),
    case("nafat", "ونفت حركة حماس أن تكون قد تلقت أي مقترح جديد من الوسطاء.",
         Q("تكون قد تلقت أي مقترح جديد من الوسطاء", False, "Hamas", None, "ونفت")),
    case("hadharat-min-anna", "وحذرت منظمة الصحة العالمية من أن النظام الصحي في القطاع على وشك الانهيار.",
         Q("النظام الصحي في القطاع على وشك الانهيار", False, "World Health Organization")),
    case("yuhadhir-min-anna", "ويحذر بنيامين نتنياهو من أن إيران تقترب من صنع قنبلة نووية.",
         Q("إيران تقترب من صنع قنبلة نووية", False, "Benjamin Netanyahu")),
    case("awdaha", "وأوضح البنتاغون أن القوات الأمريكية لم تشارك في الضربة.",
         Q("القوات الأمريكية لم تشارك في الضربة", False, "United States Department of Defense")),
    case("tuwaddih", "وتوضح الأمم المتحدة أن المساعدات تكفي لأسبوع واحد فقط.",
         Q("المساعدات تكفي لأسبوع واحد فقط", False, "United Nations")),
    case("dhakarat", "وذكرت وكالة الأنباء السعودية أن ولي العهد تلقى اتصالا هاتفيا من نظيره.",
         Q("ولي العهد تلقى اتصالا هاتفيا من نظيره", False, "Saudi Press Agency")),
    case("afadat-bi-anna", "وأفادت رويترز بأن المحادثات ستستأنف في القاهرة يوم الأحد.",
         Q("المحادثات ستستأنف في القاهرة يوم الأحد", False, "Reuters")),
    case("sarraha-bi-anna", "وصرح سيرغي لافروف بأن روسيا منفتحة على أي مبادرة جادة للسلام.",
         Q("روسيا منفتحة على أي مبادرة جادة للسلام", False, "Sergey Lavrov")),
    case("itabarat", "واعتبرت جورجيا ميلوني أن الهجرة غير الشرعية تحد أوروبي مشترك.",
         Q("الهجرة غير الشرعية تحد أوروبي مشترك", False, "Giorgia Meloni")),
    case("yara", "ويرى رجب طيب أردوغان أن الحل في سوريا يجب أن يكون سياسيا.",
         Q("الحل في سوريا يجب أن يكون سياسيا", False, "Recep Tayyip Erdoğan")),
    case("tara", "وترى أورسولا فون دير لاين أن أوروبا بحاجة إلى استثمارات دفاعية ضخمة.",
         Q("أوروبا بحاجة إلى استثمارات دفاعية ضخمة", False, "Ursula von der Leyen")),
    case("idda'a", "وادعى الجيش الإسرائيلي أن المبنى كان يستخدم مركزا للقيادة.",
         Q("المبنى كان يستخدم مركزا للقيادة", False, "Israel Defense Forces")),
    case("itarafa-bi-anna", "واعترف البنتاغون بأن الغارة أوقعت ضحايا مدنيين.",
         Q("الغارة أوقعت ضحايا مدنيين", False, "United States Department of Defense")),
    case("kashafat-an-anna", "وكشفت صحيفة واشنطن بوست عن أن الإدارة تدرس فرض عقوبات جديدة.",
         Q("الإدارة تدرس فرض عقوبات جديدة", False, "The Washington Post")),
    case("aqarrat-bi-anna", "وأقرت حركة حماس بأن بعض الرهائن قتلوا في القصف.",
         Q("بعض الرهائن قتلوا في القصف", False, "Hamas")),
    case("nabbahat-ila-anna", "ونبهت منظمة الصحة العالمية إلى أن الأوبئة تنتشر في المخيمات.",
         Q("الأوبئة تنتشر في المخيمات", False, "World Health Organization")),
    case("arabat-an-amaliha-fi-an", "وأعربت كريستين لاغارد عن أملها في أن يتراجع التضخم خلال العام المقبل.",
         Q("يتراجع التضخم خلال العام المقبل", False, "Christine Lagarde")),
    case("rajjaha", "ورجح دميتري بيسكوف أن تعقد القمة قبل نهاية العام.",
         Q("تعقد القمة قبل نهاية العام", False, "Dmitry Peskov")),
    case("yatawaqqa", "ويتوقع البنك الدولي أن يتباطأ النمو في المنطقة هذا العام.",
         Q("يتباطأ النمو في المنطقة هذا العام", False, "World Bank")),
    case("istabadat", "واستبعدت ماريا زاخاروفا أن تقبل موسكو بوجود قوات أوروبية في أوكرانيا.",
         Q("تقبل موسكو بوجود قوات أوروبية في أوكرانيا", False, "Maria Zakharova")),
    case("yaqul", "ويقول دميتري بيسكوف إن الكرملين لم يتلق أي دعوة رسمية.",
         Q("الكرملين لم يتلق أي دعوة رسمية", False, "Dmitry Peskov", None, "ويقول")),
    case("taqul", "وتقول الأمم المتحدة إن أكثر من مليون شخص نزحوا من منازلهم.",
         Q("أكثر من مليون شخص نزحوا من منازلهم", False, "United Nations", None, "وتقول")),
    case("plural-officials-in-org", "وقال مسؤولون في البنتاغون إن الضربات ستستمر حتى تحقيق أهدافها.",
         Q("الضربات ستستمر حتى تحقيق أهدافها", False, "United States Department of Defense")),
    case("akkadu-no-subject", "وأكدوا أن الاتفاق يجب أن يطبق بالكامل.",
         Q("الاتفاق يجب أن يطبق بالكامل", False, None, None, "وأكدوا")),
    case("yaqulun-no-subject", "ويقولون إن الحصار يجب أن يرفع فورا.",
         Q("الحصار يجب أن يرفع فورا", False, None, None, "ويقولون")),
    case("talabat-bi-an", "وطالبت حركة حماس بأن يلتزم الاحتلال بجميع بنود الاتفاق.",
         Q("يلتزم الاحتلال بجميع بنود الاتفاق", False, "Hamas")),
    case("daat-ila-an", "ودعت الأمم المتحدة إلى أن تفتح جميع المعابر أمام المساعدات فورا.",
         Q("تفتح جميع المعابر أمام المساعدات فورا", False, "United Nations")),
    case("ablagha-with-object", "وأبلغ عباس عراقجي نظيره العماني أن طهران مستعدة لجولة جديدة من المحادثات.",
         Q("طهران مستعدة لجولة جديدة من المحادثات", False, "Abbas Araghchi")),
    case("taahhada-bi-an", "وتعهد دونالد ترامب بأن تنتهي الحرب في أوكرانيا خلال أشهر.",
         Q("تنتهي الحرب في أوكرانيا خلال أشهر", False, "Donald Trump")),
    case("kataba-anna", "وكتب دونالد ترامب على منصته أن المحادثات مع الصين تسير بشكل جيد.",
         Q("المحادثات مع الصين تسير بشكل جيد", False, "Donald Trump")),
    case("governed-anna-is-skipped", "وقال دميتري بيسكوف بعد أن التقى الوفد الأمريكي إن المحادثات كانت بناءة.",
         Q("المحادثات كانت بناءة", False, "Dmitry Peskov")),
    case("pronoun-complementiser-short-content", "وأكد بنيامين نتنياهو أنه لن يستقيل.",
         Q("لن يستقيل", False, "Benjamin Netanyahu")),
    case("kama-also", "كما أكد رجب طيب أردوغان أن أنقرة ستواصل دعم الحوار السوري.",
         Q("أنقرة ستواصل دعم الحوار السوري", False, "Recep Tayyip Erdoğan", None, "أكد")),
    case("number-inside-quotation", "وقال عباس عراقجي إن عدد المشاركين في الجولة بلغ «150».",
         Q("عدد المشاركين في الجولة بلغ «150»", False, "Abbas Araghchi")),
    case("quoted-fragments-inside-indirect",
         "وذكرت الخارجية الأمريكية أن «وحدات» من الجيش «شاركت في المعارك» الأخيرة.",
         Q("«وحدات» من الجيش «شاركت في المعارك» الأخيرة", False, "United States Department of State")),
]

# --- nominal cues: statements, interviews, "according to" -------------------------------------------
NOMINAL = [
    case("fi-bayan", "وقالت حركة حماس في بيان إن الاحتلال يتحمل المسؤولية الكاملة.",
         Q("الاحتلال يتحمل المسؤولية الكاملة", False, "Hamas")),
    case("fi-tasrih", "وقال سيرغي لافروف في تصريح للصحفيين إن موسكو لن تقدم تنازلات.",
         Q("موسكو لن تقدم تنازلات", False, "Sergey Lavrov")),
    case("fi-kalima", "وقال أنطونيو غوتيريش في كلمة أمام مجلس الأمن إن العالم لا يمكنه الانتظار أكثر.",
         Q("العالم لا يمكنه الانتظار أكثر", False, "António Guterres")),
    case("fi-mutamar-sahafi", "وقالت كايا كالاس في مؤتمر صحفي إن الاتحاد الأوروبي سيعد حزمة عقوبات جديدة.",
         Q("الاتحاد الأوروبي سيعد حزمة عقوبات جديدة", False, "Kaja Kallas")),
    case("wa-jaa-fi-al-bayan",
         "وقالت وزارة الصحة في غزة في بيان إن عدد الضحايا ارتفع إلى 120 قتيلا.\n"
         "وجاء في البيان أن المستشفيات تعمل فوق طاقتها بكثير.",
         Q("عدد الضحايا ارتفع إلى 120 قتيلا", False, "Ministry of Health (Gaza)"),
         Q("المستشفيات تعمل فوق طاقتها بكثير", False, "Ministry of Health (Gaza)", None, "وجاء في البيان")),
    case("wa-jaa-fi-al-bayan-without-anna",
         "وذكرت الخارجية الأمريكية، في بيان، أن الحرب يجب أن تنتهي.\n"
         "وجاء في البيان ما زلنا نشعر بالقلق حيال التصعيد الأخير.",
         Q("الحرب يجب أن تنتهي", False, "United States Department of State"),
         Q("ما زلنا نشعر بالقلق حيال التصعيد الأخير", False, "United States Department of State")),
    case("statement-with-no-author", "وجاء في البيان أن الاجتماع سيعقد الأسبوع المقبل.",
         Q("الاجتماع سيعقد الأسبوع المقبل", False, None)),
    case("wafq", "واستمر القصف على المدينة حتى ساعات الفجر، وفق الأمم المتحدة.",
         Q("واستمر القصف على المدينة حتى ساعات الفجر", False, "United Nations", None, "وفق")),
    case("wafqan-li", "وأصيب عشرات المدنيين بجروح، وفقا لوزارة الصحة في غزة.",
         Q("وأصيب عشرات المدنيين بجروح", False, "Ministry of Health (Gaza)")),
    case("bihasab", "وارتفع عدد القتلى إلى 50، بحسب وزارة الصحة في غزة.",
         Q("وارتفع عدد القتلى إلى 50", False, "Ministry of Health (Gaza)", None, "بحسب")),
    case("hasab", "وقتل ثلاثة جنود في الهجوم، حسب الجيش الإسرائيلي.",
         Q("وقتل ثلاثة جنود في الهجوم", False, "Israel Defense Forces")),
    case("hasbama-naqalat-is-a-source-not-a-cue",
         "وارتفعت الصادرات غير النفطية بنسبة عشرة في المئة، حسبما نقلت «وام».",
         Q("وارتفعت الصادرات غير النفطية بنسبة عشرة في المئة", False, "Emirates News Agency", None, "حسبما")),
    case("naqlan-an", "وتجاوز عدد اللاجئين مليون شخص، نقلا عن منظمة الصحة العالمية.",
         Q("وتجاوز عدد اللاجئين مليون شخص", False, "World Health Organization")),
]

# --- speakers: VSO, SVO, appositions, roles, organisations and countries ----------------------------
SPEAKERS = [
    case("apposition-spokesman-kremlin",
         "وقال المتحدث باسم الكرملين دميتري بيسكوف إن الاتصالات مع واشنطن مستمرة على مستوى الخبراء.",
         Q("الاتصالات مع واشنطن مستمرة على مستوى الخبراء", False, "Dmitry Peskov")),
    case("apposition-spokeswoman", "وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن الغرب يصعد التوتر.",
         Q("الغرب يصعد التوتر", False, "Maria Zakharova")),
    case("role-for-organisation", "وقال الناطق باسم الخارجية الإيرانية إن طهران تدرس العرض الأمريكي.",
         Q("طهران تدرس العرض الأمريكي", False, "Ministry of Foreign Affairs (Iran)")),
    case("title-name-and-medium",
         "وقال رئيس الوزراء الإسرائيلي بنيامين نتنياهو، في بيان مصور، إن إسرائيل ستواصل الحرب.",
         Q("إسرائيل ستواصل الحرب", False, "Benjamin Netanyahu")),
    case("secretary-general-of-org", "وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن الهدنة هشة.",
         Q("الهدنة هشة", False, "António Guterres")),
    case("role-of-a-city-is-nobody-known", "وقال رئيس بلدية موسكو إن فرق الطوارئ تعمل في مواقع سقوط الحطام.",
         Q("فرق الطوارئ تعمل في مواقع سقوط الحطام", False, None)),
    case("official-in-org-after-pp", "وقال لـ«رويترز» مسؤول في البيت الأبيض إن القرار لم يتخذ بعد.",
         Q("القرار لم يتخذ بعد", False, "White House")),
    case("adverbs-before-the-name", "وأعلنت حركة حماس، اليوم الاثنين، أنها سلمت ردها على المقترح.",
         Q("سلمت ردها على المقترح", False, "Hamas")),
    case("svo", "حماس قالت إن الاحتلال يعرقل تنفيذ الاتفاق.",
         Q("الاحتلال يعرقل تنفيذ الاتفاق", False, "Hamas")),
    case("svo-ministry", "وزارة الصحة في غزة أعلنت أن عدد الضحايا تجاوز خمسين ألفا.",
         Q("عدد الضحايا تجاوز خمسين ألفا", False, "Ministry of Health (Gaza)")),
    case("svo-kana-qad", "وكانت الأمم المتحدة قد حذرت الأسبوع الماضي من أن المدنيين محاصرون داخل المدينة.",
         Q("المدنيين محاصرون داخل المدينة", False, "United Nations")),
    case("svo-relative", "وأرسلت منظمة الصحة العالمية، التي قالت إن المستشفيات مكتظة بالجرحى، فرقا طبية.",
         Q("المستشفيات مكتظة بالجرحى", False, "World Health Organization")),
    case("honorific-pronoun-subject",
         "وقال رجب طيب أردوغان إن أنقرة تدعم الحوار.\nوأوضح فخامته أن تركيا لن تتدخل عسكريا.",
         Q("أنقرة تدعم الحوار", False, "Recep Tayyip Erdoğan"),
         Q("تركيا لن تتدخل عسكريا", False, "Recep Tayyip Erdoğan")),
    case("ministry-as-speaker", "وذكرت الخارجية الأمريكية أن الوزير سيزور المنطقة الأسبوع المقبل.",
         Q("الوزير سيزور المنطقة الأسبوع المقبل", False, "United States Department of State")),
    case("country-as-speaker", "أكدت كوريا الشمالية أنها أرسلت قوات إلى روسيا.",
         Q("أرسلت قوات إلى روسيا", False, "North Korea")),
    case("capital-speaks-for-country",
         "أكدت كوريا الشمالية أنها أرسلت قوات إلى روسيا. وأشارت بيونغ يانغ إلى أن جنودها قاتلوا بشجاعة.",
         Q("أرسلت قوات إلى روسيا", False, "North Korea"),
         Q("جنودها قاتلوا بشجاعة", False, "North Korea")),
    case("defence-ministry", "وقالت وزارة الدفاع الروسية إن قواتها سيطرت على بلدة جديدة.",
         Q("قواتها سيطرت على بلدة جديدة", False, "Ministry of Defence (Russia)")),
    case("pro-drop-with-pp-objects",
         "وقال سيرغي لافروف إن الحوار ممكن.\nوقال للصحفيين في موسكو إن بلاده لن تغير موقفها.",
         Q("الحوار ممكن", False, "Sergey Lavrov"),
         Q("بلاده لن تغير موقفها", False, "Sergey Lavrov")),
]

# --- continuations: inheritance and gender agreement -----------------------------------------------
CONTINUATION = [
    case("adafa-inherits", "وقال أنطونيو غوتيريش إن الوضع في القطاع كارثي.\nوأضاف أن المساعدات لا تصل إلى المحتاجين.",
         Q("الوضع في القطاع كارثي", False, "António Guterres"),
         Q("المساعدات لا تصل إلى المحتاجين", False, "António Guterres", None, "وأضاف")),
    case("adafat-inherits-feminine",
         "وقالت أورسولا فون دير لاين إن الاتحاد سيقدم دعما إضافيا.\nوأضافت أن الحزمة الجديدة ستعلن الشهر المقبل.",
         Q("الاتحاد سيقدم دعما إضافيا", False, "Ursula von der Leyen"),
         Q("الحزمة الجديدة ستعلن الشهر المقبل", False, "Ursula von der Leyen")),
    case("adafat-skips-a-masculine-speaker",
         "وقالت كايا كالاس إن الوحدة الأوروبية ضرورية. وقال سيرغي لافروف إن أوروبا منقسمة.\n"
         "وأضافت أن العقوبات ستبقى.",
         Q("الوحدة الأوروبية ضرورية", False, "Kaja Kallas"),
         Q("أوروبا منقسمة", False, "Sergey Lavrov"),
         Q("العقوبات ستبقى", False, "Kaja Kallas")),
    case("adafa-skips-a-feminine-speaker",
         "وقال عباس عراقجي إن طهران لن تتفاوض تحت الضغط. وقالت ماريا زاخاروفا إن موسكو تدعم الحوار.\n"
         "وأضاف أن بلاده لا تثق بالوعود الأمريكية.",
         Q("طهران لن تتفاوض تحت الضغط", False, "Abbas Araghchi"),
         Q("موسكو تدعم الحوار", False, "Maria Zakharova"),
         Q("بلاده لا تثق بالوعود الأمريكية", False, "Abbas Araghchi")),
    case("no-inheritance-beyond-previous-paragraph",
         "وقال بنيامين نتنياهو إن الحرب لن تتوقف قبل تحقيق أهدافها.\n\n"
         "وقالت كايا كالاس إن الاتحاد الأوروبي قلق من التصعيد.\n\nوأضاف أن الجيش سيواصل عملياته.",
         Q("الحرب لن تتوقف قبل تحقيق أهدافها", False, "Benjamin Netanyahu"),
         Q("الاتحاد الأوروبي قلق من التصعيد", False, "Kaja Kallas"),
         Q("الجيش سيواصل عملياته", False, None)),
    case("tabaa-colon", "وقال دميتري بيسكوف إن الكرملين يدرس المقترح.\nوتابع: «لن نتسرع في الرد».",
         Q("الكرملين يدرس المقترح", False, "Dmitry Peskov"),
         Q("لن نتسرع في الرد", True, "Dmitry Peskov", None, "وتابع")),
    case("awdaha-continuation", "وقال رجب طيب أردوغان إن تركيا مستعدة للوساطة. وأوضح أن أنقرة على اتصال بالطرفين.",
         Q("تركيا مستعدة للوساطة", False, "Recep Tayyip Erdoğan"),
         Q("أنقرة على اتصال بالطرفين", False, "Recep Tayyip Erdoğan", None, "وأوضح")),
    case("explicit-subject-of-continuation",
         "وقال دميتري بيسكوف إن القمة ممكنة. وأضاف سيرغي لافروف أن التحضيرات لم تبدأ بعد.",
         Q("القمة ممكنة", False, "Dmitry Peskov"),
         Q("التحضيرات لم تبدأ بعد", False, "Sergey Lavrov")),
    case("organisation-gender-learnt-from-its-verb",
         "وقالت حماس إن الاحتلال يماطل في التنفيذ.\nوأضافت أن الوسطاء على علم بكل التفاصيل.",
         Q("الاحتلال يماطل في التنفيذ", False, "Hamas"),
         Q("الوسطاء على علم بكل التفاصيل", False, "Hamas")),
    case("participle-masculine", "وقال إيمانويل ماكرون إن فرنسا تدعم الهدنة، مضيفا أن باريس ستستضيف مؤتمرا للمانحين.",
         Q("فرنسا تدعم الهدنة", False, "Emmanuel Macron"),
         Q("باريس ستستضيف مؤتمرا للمانحين", False, "Emmanuel Macron", None, "مضيفا")),
    case("participle-feminine",
         "وقالت أورسولا فون دير لاين إن أوروبا ستزيد إنفاقها الدفاعي، مشيرة إلى أن الخطة تحتاج إلى موافقة الدول.",
         Q("أوروبا ستزيد إنفاقها الدفاعي", False, "Ursula von der Leyen"),
         Q("الخطة تحتاج إلى موافقة الدول", False, "Ursula von der Leyen")),
    case("participle-with-particle-quotation",
         'وقالت حماس إن الاحتلال خرق الاتفاق، متهمة الجيش الإسرائيلي بـ"استهداف المدنيين عمدا".',
         Q("الاحتلال خرق الاتفاق", False, "Hamas"),
         Q("استهداف المدنيين عمدا", True, "Hamas", None, "متهمة")),
    case("new-speech-verb-ends-the-content",
         'قالت حماس إنها "تلتزم بالاتفاق بشكل كامل"، ونفت أن تكون قد خرقته.',
         Q("تلتزم بالاتفاق بشكل كامل", True, "Hamas"),
         Q("تكون قد خرقته", False, "Hamas", None, "ونفت")),
]

# --- relays -------------------------------------------------------------------------------------------
RELAYS = [
    case("unnamed-agency-relays-kremlin",
         "ونقلت وكالة إعلام روسية عن الكرملين قوله إن موسكو مستعدة لتقديم المساعدة.",
         Q("موسكو مستعدة لتقديم المساعدة", False, "Kremlin", "~وكالة إعلام روسية", "ونقلت")),
    case("named-agency-relays-person",
         "ونقلت وكالة تاس الروسية عن دميتري بيسكوف قوله إن موسكو لا تزال منفتحة على التسوية.",
         Q("موسكو لا تزال منفتحة على التسوية", False, "Dmitry Peskov", "TASS")),
    case("relay-with-title-and-name",
         "ونقلت وكالة الأنباء السعودية عن وزير الخارجية فيصل بن فرحان قوله إن المملكة تدعم الحل السياسي.",
         Q("المملكة تدعم الحل السياسي", False, "Faisal bin Farhan Al Saud", "Saudi Press Agency")),
    case("relay-of-unnamed-sources", "ونقلت رويترز عن مصادر مطلعة أن الصفقة باتت قريبة.",
         Q("الصفقة باتت قريبة", False, None, "Reuters")),
    case("hasbama-awradat",
         "وأشارت الخارجية الأمريكية إلى أن العقوبات ستبقى سارية، حسبما أوردت صحيفة واشنطن بوست.",
         Q("العقوبات ستبقى سارية", False, "United States Department of State", "The Washington Post")),
    case("wafq-ma-afadat",
         "وأكدت كوريا الشمالية، للمرة الأولى، أنها أرسلت قوات إلى روسيا، وفق ما أفادت وكالة الأنباء المركزية الكورية.",
         Q("أرسلت قوات إلى روسيا", False, "North Korea", "Korean Central News Agency")),
    case("relay-with-a-pronoun",
         "وقال دميتري بيسكوف إن القمة ممكنة.\nونقل التلفزيون الرسمي عنه قوله إن التحضيرات بدأت بالفعل.",
         Q("القمة ممكنة", False, "Dmitry Peskov", None),
         Q("التحضيرات بدأت بالفعل", False, "Dmitry Peskov", "~التلفزيون الرسمي")),
    case("statement-issued-by",
         "وقال فلاديمير بوتين، في بيان صادر عن الكرملين، إن الأصدقاء تصرفوا بشجاعة نادرة.",
         Q("الأصدقاء تصرفوا بشجاعة نادرة", False, "Vladimir Putin", "Kremlin")),
]

# --- unresolved speakers stay unresolved ----------------------------------------------------------
UNRESOLVED = [
    case("anonymous-source", "وقال مصدر مطلع إن المفاوضات توقفت بشكل مفاجئ.",
         Q("المفاوضات توقفت بشكل مفاجئ", False, None)),
    case("unknown-media", "وزعمت وسائل إعلام إسرائيلية أن المفاوضات وصلت إلى طريق مسدود.",
         Q("المفاوضات وصلت إلى طريق مسدود", False, None, None, "وزعمت")),
    case("unknown-committees-with-a-place",
         "وقالت لجان المقاومة في الفاشر إن القصف استهدف أحياء سكنية، مشيرة إلى أن بين القتلى أطفالا.",
         Q("القصف استهدف أحياء سكنية", False, None),
         Q("بين القتلى أطفالا", False, None)),
    case("witnesses-told-an-agency", "وقال شهود عيان لوكالة فرانس برس إن الانفجار هز المدينة.",
         Q("الانفجار هز المدينة", False, None)),
    case("unknown-speaker-blocks-inheritance",
         "وقال دميتري بيسكوف إن موسكو تنتظر الرد.\nوقال مصدر دبلوماسي إن الرد سيصل قريبا. وأضاف أن الوسطاء متفائلون.",
         Q("موسكو تنتظر الرد", False, "Dmitry Peskov"),
         Q("الرد سيصل قريبا", False, None),
         Q("الوسطاء متفائلون", False, None)),
    case("continuation-at-document-start", "وأضاف أن المفاوضات ستستأنف الأسبوع المقبل.",
         Q("المفاوضات ستستأنف الأسبوع المقبل", False, None)),
]

# --- not speech ----------------------------------------------------------------------------------------
NEGATIVE = [
    case("operation-name", "أطلقت حركة حماس على هجومها اسم عملية «طوفان الأقصى» في السابع من أكتوبر."),
    case("book-title", "وصدر للكاتب كتاب «الطريق إلى دمشق» عن دار نشر لبنانية."),
    case("slogan", 'ورفع المتظاهرون شعار "الشعب يريد إسقاط النظام" في الساحة الرئيسية.'),
    case("scare-quotes", 'وشهدت المنطقة ما يعرف بـ"الربيع العربي" قبل أكثر من عقد.'),
    case("operation-name-after-verb", "وأطلق الجيش الإسرائيلي على العملية اسم «السيوف الحديدية»."),
    case("cue-without-content", "وقال دميتري بيسكوف."),
    case("cue-with-a-noun-complement", "وأكد الجيش الإسرائيلي مقتل ثلاثة من جنوده في المعارك."),
    case("number-in-quotes-without-cue", "وبلغ عدد الضحايا «150» شخصا في التقديرات الأولية."),
    case("homograph-of-a-cue", "وعلقت شركات الطيران رحلاتها إلى المنطقة حتى إشعار آخر."),
    case("colon-inside-brackets",
         "وتتناول الندوة التي تختم أعمالها الأحد محاور عدة (الحوار بين الثقافات: التحديات والفرص) بمشاركة باحثين."),
    case("editorial-aside", "ويذكر أن المدينة شهدت احتجاجات مماثلة العام الماضي."),
    case("editorial-aside-with-comma", "يذكر، أن الملتقى سيوفر عشرات الوظائف للشباب."),
    case("list-after-colon", "وواصل كل من: أحمد وسالم وخالد برنامجهم التأهيلي مع الطبيب."),
    case("noun-after-preposition", "وأثبت الجنود أنهم على قدر المسؤولية، إن الإنجازات الأخيرة خير دليل على ذلك."),
    case("impersonal-tabayyana", "وبعد الفحص، تبين للأطباء أنه تعرض لارتفاع حاد في ضغط الدم."),
    case("haythu-inna-is-not-a-complement", "ونقل المسعفون المصابين إلى المستشفى حيث إنهم بحاجة إلى رعاية عاجلة."),
    case("campaign-name-after-an-object", "وأعلنت الوزارة إطلاق حملة «صيف آمن بلا حوادث» في جميع المناطق."),
    case("according-to-nobody-known", "وقتل عشرة مدنيين في القصف، بحسب ما أفادت مصادر طبية."),
]

# --- a news medium's report goes on in a participle: one quote (an actor's participle is its own) ----
MEDIA_REPORTS = [
    case("agency-report-continued-by-lafita",
         "وذكرت وكالة الأنباء السعودية أن ولي العهد استقبل وفدا أمريكيا، لافتة إلى أن الجانبين بحثا التعاون الدفاعي.",
         Q("ولي العهد استقبل وفدا أمريكيا، لافتة إلى أن الجانبين بحثا التعاون الدفاعي", False,
           "Saudi Press Agency", None, "وذكرت")),
    case("newspaper-report-continued-by-mudifa",
         "وأشارت صحيفة واشنطن بوست إلى أن الإدارة تدرس عقوبات جديدة، مضيفة أن القرار قد يصدر خلال أيام.",
         Q("الإدارة تدرس عقوبات جديدة، مضيفة أن القرار قد يصدر خلال أيام", False, "The Washington Post")),
    case("report-with-quotations-keeps-the-marks",
         "وذكرت رويترز أن «المحادثات وصلت إلى طريق مسدود»، مشيرة إلى أن الوسطاء «يبحثون عن مخرج».",
         Q("«المحادثات وصلت إلى طريق مسدود»، مشيرة إلى أن الوسطاء «يبحثون عن مخرج»", False, "Reuters")),
    case("report-continued-by-a-particle-quotation",
         "وذكرت وكالة فرانس برس أن الشرطة فرقت المتظاهرين، متهمة الحكومة بـ«قمع الاحتجاجات».",
         Q("الشرطة فرقت المتظاهرين، متهمة الحكومة بـ«قمع الاحتجاجات»", False, "Agence France-Presse")),
    case("unlinked-outlet-report",
         "وذكرت صحيفة محلية أن الانفجار وقع قرب الميناء، لافتة إلى أن السلطات فتحت تحقيقا.",
         Q("الانفجار وقع قرب الميناء، لافتة إلى أن السلطات فتحت تحقيقا", False, None)),
    case("inherited-medium-continued",
         "وذكرت وكالة تاس أن الوفد الروسي وصل إلى إسطنبول.\n"
         "وأضافت أن المحادثات ستبدأ صباح الغد، مشيرة إلى أن جدول الأعمال لم يحدد بعد.",
         Q("الوفد الروسي وصل إلى إسطنبول", False, "TASS"),
         Q("المحادثات ستبدأ صباح الغد، مشيرة إلى أن جدول الأعمال لم يحدد بعد", False, "TASS", None, "وأضافت")),
    # negatives: the speaker is an actor, not a medium -- the participle is a statement of its own
    case("ministry-participle-stays-separate",
         "وذكرت وزارة الخارجية القطرية أن الوفد وصل إلى الدوحة، لافتة إلى أن المحادثات تبدأ غدا.",
         Q("الوفد وصل إلى الدوحة", False, "Ministry of Foreign Affairs (Qatar)"),
         Q("المحادثات تبدأ غدا", False, "Ministry of Foreign Affairs (Qatar)", None, "لافتة")),
    case("relayed-person-participle-stays-separate",
         "ونقلت وكالة تاس عن سيرغي لافروف قوله إن موسكو منفتحة على الحوار، مضيفا أن الكرة في ملعب واشنطن.",
         Q("موسكو منفتحة على الحوار", False, "Sergey Lavrov", "TASS"),
         Q("الكرة في ملعب واشنطن", False, "Sergey Lavrov", None, "مضيفا")),
    case("participle-disagreeing-with-the-medium-is-someone-else",
         "وذكرت وكالة فرانس برس أن اللاعب يدرس العرض بجدية، مضيفا أنه سيحسم قراره خلال أسبوعين.",
         Q("اللاعب يدرس العرض بجدية", False, "Agence France-Presse"),
         Q("سيحسم قراره خلال أسبوعين", False, None, None, "مضيفا")),
    case("participle-disagreeing-with-the-speaker-is-unresolved",
         "وقالت وزارة الخارجية القطرية إن الوسيط التقى الوفدين، معتبرا أن الهدنة باتت قريبة.",
         Q("الوسيط التقى الوفدين", False, "Ministry of Foreign Affairs (Qatar)"),
         Q("الهدنة باتت قريبة", False, None, None, "معتبرا")),
    case("medium-report-then-new-verb-stays-separate",
         "وذكرت رويترز أن الشحنة وصلت إلى الميناء، وأكدت أن التفريغ سيبدأ غدا.",
         Q("الشحنة وصلت إلى الميناء", False, "Reuters"),
         Q("التفريغ سيبدأ غدا", False, "Reuters", None, "وأكدت")),
]

# --- speech verbs in relative clauses that describe their head noun are not statements ------------
RELATIVE_CLAUSES = [
    case("relative-with-a-named-subject",
         "وزار الوفد البلدة التي يقول الجيش الإسرائيلي إنه سيطر عليها الأسبوع الماضي."),
    case("relative-with-a-person-subject",
         "ووصل المبعوث إلى المدينة التي قال الرئيس الروسي فلاديمير بوتين إن قواته حررتها."),
    case("relative-verb-disagrees-with-its-pronoun",
         "وانتقدت حركة حماس الاتفاق الذي قالت إنه لا يلبي مطالب الفلسطينيين."),
    case("relative-with-a-resumptive-preposition",
         "ووصل المبعوث إلى القرية التي قالت عنها الأمم المتحدة إنها محاصرة منذ شهرين."),
    case("relative-with-a-role-subject",
         "وتحدث التقرير عن الهجمات التي قال مسؤولون في البنتاغون إنها استهدفت مخازن أسلحة."),
    case("relative-with-an-outlet-subject", "ونشر الموقع صورا للمبنى الذي تقول الصحيفة إنه استهدف بصاروخين."),
    case("relative-with-a-generic-subject",
         "وتواجه الحكومة انتقادات بسبب الخطة التي يرى البعض أنها تهدد الاقتصاد."),
    case("relative-with-a-possessive-subject-about-the-head",
         "وتحدث الكاتب عن الفنان الذي تقول ابنته إنه رسم آلاف اللوحات."),
    # negatives: the relative clause is a statement
    case("relative-verb-naming-whom-it-tells",
         "وأعلن رئيس الشركة، الذي أبلغ صحيفة محلية أن المصنع سيغلق، استقالته أمس.",
         Q("المصنع سيغلق", False, None, None, "أبلغ")),
    case("relative-whose-head-is-the-speaker",
         "وأرسلت الأمم المتحدة، التي قالت إن المخزون الغذائي ينفد، قافلة جديدة إلى الشمال.",
         Q("المخزون الغذائي ينفد", False, "United Nations", None, "قالت")),
    case("relative-with-the-heads-own-spokesman",
         "وهاجم المتظاهرون السفارة التي قال متحدثها إن الموظفين بخير.",
         Q("الموظفين بخير", False, None)),
    case("relative-with-the-heads-own-board",
         "وأغلقت الجامعة، التي أعلن مجلس إدارتها أن الدراسة ستستأنف الشهر المقبل، أبوابها أمس.",
         Q("الدراسة ستستأنف الشهر المقبل", False, None)),
    case("temporal-relative-is-a-statement",
         "وفي الوقت الذي أعلن فيه البيت الأبيض أن المحادثات ستستأنف، واصلت القوات عملياتها.",
         Q("المحادثات ستستأنف", False, "White House", None, "أعلن")),
    case("relative-with-an-object-not-a-subject",
         "وقالت منظمة الصحة العالمية، التي نشرت التقرير الجديد، إن الوضع يتدهور بسرعة.",
         Q("الوضع يتدهور بسرعة", False, "World Health Organization", None, "وقالت")),
    case("relative-pronoun-must-agree-with-the-speaker",
         "والتقى الوزير بوفد من باكستان، الذي قال إن الحدود ستفتح قريبا.",
         Q("الحدود ستفتح قريبا", False, None)),
    case("quoted-name-after-a-preposition-is-not-the-subject",
         "وقال لـ«الشرق الأوسط» مسؤول في البيت الأبيض إن القرار لم يتخذ بعد.",
         Q("القرار لم يتخذ بعد", False, "White House")),
    case("outlet-spoken-to-is-not-the-speaker",
         "وقال مصدر أمني لصحيفة «الأهرام» إن التحقيقات مستمرة.",
         Q("التحقيقات مستمرة", False, None)),
    case("outlet-spoken-to-after-a-role-is-not-its-organisation",
         "وقال المتحدث باسم الجيش لوكالة رويترز إن القوات تقدمت نحو المدينة.",
         Q("القوات تقدمت نحو المدينة", False, None)),
    case("outlet-name-inside-a-pp-is-not-the-subject",
         "وقال دميتري بيسكوف في مقابلة مع صحيفة «إزفستيا» إن المحادثات مع كييف متوقفة.",
         Q("المحادثات مع كييف متوقفة", False, "Dmitry Peskov")),
    case("platform-name-inside-a-pp-is-not-the-subject",
         "وكتبت ناشطة حقوقية على منصة «إكس» أن السلطات اعتقلت زملاءها.",
         Q("السلطات اعتقلت زملاءها", False, None)),
]

ALL = (DIRECT + LONG + INDIRECT + NOMINAL + SPEAKERS + CONTINUATION + RELAYS + UNRESOLVED + NEGATIVE + MEDIA_REPORTS
       + RELATIVE_CLAUSES)


@pytest.mark.parametrize(("text", "expected"), ALL)
def test_quotes(nlp, text, expected):
    doc = nlp(text, published="2025-04-28")
    assert_spans_exact(doc)
    got = [(q.text, q.direct, q.speaker.name) for q in doc.quotes]
    assert len(doc.quotes) == len(expected), got
    for q, exp in zip(doc.quotes, expected, strict=True):
        assert exp.text in text
        assert q.text == exp.text, got
        assert q.direct == exp.direct, got
        assert q.speaker.name == exp.speaker, got
        assert (q.speaker.entity is None) == (exp.speaker is None)
        if q.speaker.start is not None:
            assert doc.text[q.speaker.start : q.speaker.end] == q.speaker.text
        assert q.cue is not None and doc.text[q.cue.start : q.cue.end] == q.cue.text
        if exp.cue is not None:
            assert q.cue.text == exp.cue
        if exp.via is not _ANY:
            if exp.via is None:
                assert q.via is None, q.via
            elif str(exp.via).startswith("~"):
                assert q.via is not None and q.via.entity is None and q.via.text == str(exp.via)[1:]
            else:
                assert q.via is not None and q.via.name == exp.via, q.via
        if q.via is not None and q.via.start is not None:
            assert doc.text[q.via.start : q.via.end] == q.via.text


def test_case_count_and_variety():
    """The issue asks for at least 60 cases and a lexicon of at least 80 speech verbs."""
    assert len(ALL) >= 70
    lex = lexicon()
    lemmas = {c.lemma for c in lex.verbs.values() if c.kind == "say"}
    assert len(lemmas) >= 80
    cues = {q.cue for p in INDIRECT for q in p.values[1] if q.cue} | {
        p.values[0].split()[0] for p in INDIRECT
    }
    assert len(cues) >= 30


def test_quotes_serialise(nlp, validate_doc):
    doc = nlp("ونقلت وكالة إعلام روسية عن الكرملين قوله إن موسكو مستعدة لتقديم المساعدة.", published="2025-04-28")
    d = doc.to_dict()
    validate_doc(d)
    q = d["quotes"][0]
    assert q["via"]["entity"] is None and q["via"]["text"] == "وكالة إعلام روسية"
