// Interface strings in Arabic (the default) and English. Data (article text, names) is never translated.

const STRINGS = {
  ar: {
    "nav.overview": "نظرة عامة", "nav.map": "الخريطة", "nav.network": "شبكة الفاعلين", "nav.events": "الأحداث",
    "nav.stories": "القصص", "nav.search": "البحث", "nav.docs": "واجهة البرمجة",
    "lang.other": "English",
    "loading": "جارٍ التحميل…", "error": "تعذّر التحميل", "empty": "لا نتائج", "more": "المزيد", "all": "الكل",
    "prev": "السابق", "next": "التالي", "page.of": "من", "results": "نتيجة",
    "counts.documents": "مقالات", "counts.articles": "منشورات", "counts.sources": "مصادر", "counts.events": "أحداث",
    "counts.event_mentions": "إشارات إلى أحداث", "counts.entities": "كيانات", "counts.quotes": "اقتباسات",
    "counts.stories": "قصص", "counts.places": "أماكن",
    "overview.title": "نظرة عامة على المدوّنة", "overview.timeline": "الأحداث يوميًا حسب الفئة",
    "overview.actors": "أبرز الفاعلين", "overview.dyads": "أبرز الثنائيات (فاعل ← مستهدف)",
    "overview.stories": "أحدث القصص", "overview.types": "أنواع الأحداث (CAMEO)", "overview.sources": "المصادر",
    "overview.period": "الفترة",
    "quad.1": "تعاون لفظي", "quad.2": "تعاون مادي", "quad.3": "نزاع لفظي", "quad.4": "نزاع مادي",
    "tone.cooperation": "تعاون", "tone.conflict": "نزاع", "tone.mixed": "مختلط",
    "events": "أحداث", "mentions": "إشارات", "documents": "مقالات", "sources": "مصادر", "articles": "منشورات",
    "event": "حدث", "date": "التاريخ", "source_actor": "الفاعل", "target_actor": "المستهدف", "code": "الرمز",
    "type": "النوع", "place": "المكان", "quad": "الفئة", "goldstein": "مقياس غولدستين", "plover": "نوع PLOVER",
    "mode": "الصيغة", "trigger": "الكلمة الدالة", "evidence": "الدليل في النص", "story": "القصة",
    "map.title": "خريطة الأحداث والأماكن", "map.events": "الأحداث", "map.places": "الأماكن المذكورة",
    "map.click": "انقر على دائرة لعرض ما فيها.", "map.cluster": "في هذه المنطقة",
    "network.title": "شبكة الفاعلين", "network.help": "كل سهم ثنائية (فاعل ← مستهدف)، سُمكه بعدد الأحداث ولونه بطبيعتها. انقر على فاعل أو سهم.",
    "network.in": "أحداث يستهدف فيها", "network.out": "أحداث يقوم بها", "network.edges": "الثنائيات",
    "article.entities": "الكيانات", "article.quotes": "الاقتباسات", "article.events": "الأحداث",
    "article.places": "الأماكن", "article.times": "التواريخ", "article.layers": "إظهار",
    "article.published": "نُشر", "article.source": "المصدر", "article.original": "الرابط الأصلي",
    "article.alsoin": "نُشر النص نفسه أيضًا في", "article.select": "مرّر المؤشر فوق نص مميّز أو انقر عليه لعرض التفاصيل.",
    "article.speaker": "المتحدث", "article.cue": "فعل القول", "article.direct": "مباشر", "article.indirect": "غير مباشر",
    "article.via": "عبر", "article.entity": "كيان", "article.quote": "اقتباس", "article.time": "تعبير زمني",
    "article.open_entity": "صفحة الكيان", "article.open_event": "صفحة الحدث", "article.story": "القصة",
    "entity.profile": "الملف", "entity.type": "النوع", "entity.kind": "الصنف", "entity.country": "البلد",
    "entity.actor_code": "رمز الفاعل", "entity.wikidata": "ويكي بيانات", "entity.first": "أول ظهور",
    "entity.last": "آخر ظهور", "entity.forms": "الصيغ العربية", "entity.timeline": "أحداثه يوميًا",
    "entity.events": "أحداثه", "entity.quotes": "أقواله", "entity.cooccurring": "يظهر معه",
    "entity.by_documents": "في المقالات نفسها", "entity.by_events": "في الأحداث نفسها",
    "entity.documents": "مقالات تذكره", "entity.all_events": "كل أحداثه في صفحة الأحداث",
    "entity.role.source": "فاعل", "entity.role.target": "مستهدف", "entity.together": "معًا",
    "type.PER": "شخص", "type.ORG": "منظمة", "type.LOC": "مكان", "type.MISC": "أخرى",
    "events.title": "الأحداث", "events.filters": "التصفية", "events.apply": "تطبيق", "events.reset": "مسح",
    "events.actor": "الفاعل (رمز)", "events.target": "المستهدف (رمز)", "events.party": "أي طرف (رمز)",
    "events.cameo": "رمز CAMEO", "events.since": "من", "events.until": "إلى", "events.sort": "الترتيب",
    "events.sort.-date": "الأحدث أولًا", "events.sort.date": "الأقدم أولًا", "events.sort.-mentions": "الأكثر ذكرًا",
    "events.sort.goldstein": "الأكثر نزاعًا", "events.sort.-goldstein": "الأكثر تعاونًا",
    "events.entity": "الكيان", "event.title": "حدث", "event.mentions": "الإشارات إليه في المقالات",
    "stories.title": "القصص", "stories.docs": "مقالات", "stories.sources": "مصادر", "story.documents": "مقالات القصة",
    "story.events": "أحداث القصة",
    "search.title": "البحث", "search.placeholder": "ابحث في المقالات…", "search.go": "بحث",
    "search.kind.documents": "المقالات", "search.kind.entities": "الكيانات", "search.kind.quotes": "الاقتباسات",
    "search.source": "المصدر", "search.any": "أي", "search.help": "الكلمات تُجمع (و)، \"عبارة بين علامتي تنصيص\"، OR للبدائل، و- لاستبعاد كلمة.",
    "search.speaker": "المتحدث", "search.entity_type": "نوع الكيان", "search.sort": "الترتيب",
    "analyze.title": "تحليل نص",
  },
  en: {
    "nav.overview": "Overview", "nav.map": "Map", "nav.network": "Actor network", "nav.events": "Events",
    "nav.stories": "Stories", "nav.search": "Search", "nav.docs": "API",
    "lang.other": "العربية",
    "loading": "Loading…", "error": "Could not load", "empty": "Nothing found", "more": "More", "all": "All",
    "prev": "Previous", "next": "Next", "page.of": "of", "results": "results",
    "counts.documents": "Documents", "counts.articles": "Articles", "counts.sources": "Sources", "counts.events": "Events",
    "counts.event_mentions": "Event mentions", "counts.entities": "Entities", "counts.quotes": "Quotes",
    "counts.stories": "Stories", "counts.places": "Places",
    "overview.title": "Corpus overview", "overview.timeline": "Events per day by quad class",
    "overview.actors": "Top actors", "overview.dyads": "Top dyads (source → target)",
    "overview.stories": "Latest stories", "overview.types": "Event types (CAMEO roots)", "overview.sources": "Sources",
    "overview.period": "Period",
    "quad.1": "Verbal cooperation", "quad.2": "Material cooperation", "quad.3": "Verbal conflict", "quad.4": "Material conflict",
    "tone.cooperation": "cooperation", "tone.conflict": "conflict", "tone.mixed": "mixed",
    "events": "events", "mentions": "mentions", "documents": "documents", "sources": "sources", "articles": "articles",
    "event": "Event", "date": "Date", "source_actor": "Source", "target_actor": "Target", "code": "Code",
    "type": "Type", "place": "Place", "quad": "Quad class", "goldstein": "Goldstein", "plover": "PLOVER type",
    "mode": "Mode", "trigger": "Trigger", "evidence": "Evidence", "story": "Story",
    "map.title": "Map of events and places", "map.events": "Events", "map.places": "Places mentioned",
    "map.click": "Click a circle to see what it holds.", "map.cluster": "In this area",
    "network.title": "Actor network", "network.help": "Each arrow is a dyad (source → target), its width the number of events, its colour their tone. Click an actor or an arrow.",
    "network.in": "Events targeting it", "network.out": "Events it initiates", "network.edges": "Dyads",
    "article.entities": "Entities", "article.quotes": "Quotes", "article.events": "Events",
    "article.places": "Places", "article.times": "Dates", "article.layers": "Show",
    "article.published": "Published", "article.source": "Source", "article.original": "Original link",
    "article.alsoin": "The same text was also published by", "article.select": "Hover over or click highlighted text for details.",
    "article.speaker": "Speaker", "article.cue": "Cue", "article.direct": "direct", "article.indirect": "indirect",
    "article.via": "via", "article.entity": "Entity", "article.quote": "Quote", "article.time": "Time expression",
    "article.open_entity": "Entity page", "article.open_event": "Event page", "article.story": "Story",
    "entity.profile": "Profile", "entity.type": "Type", "entity.kind": "Kind", "entity.country": "Country",
    "entity.actor_code": "Actor code", "entity.wikidata": "Wikidata", "entity.first": "First seen",
    "entity.last": "Last seen", "entity.forms": "Arabic forms", "entity.timeline": "Its events per day",
    "entity.events": "Its events", "entity.quotes": "Its quotes", "entity.cooccurring": "Appears with",
    "entity.by_documents": "in the same documents", "entity.by_events": "in the same events",
    "entity.documents": "Documents mentioning it", "entity.all_events": "All its events on the events page",
    "entity.role.source": "source", "entity.role.target": "target", "entity.together": "together",
    "type.PER": "Person", "type.ORG": "Organisation", "type.LOC": "Place", "type.MISC": "Other",
    "events.title": "Events", "events.filters": "Filters", "events.apply": "Apply", "events.reset": "Clear",
    "events.actor": "Source (code)", "events.target": "Target (code)", "events.party": "Either side (code)",
    "events.cameo": "CAMEO code", "events.since": "From", "events.until": "To", "events.sort": "Sort",
    "events.sort.-date": "Newest first", "events.sort.date": "Oldest first", "events.sort.-mentions": "Most mentioned",
    "events.sort.goldstein": "Most conflictual", "events.sort.-goldstein": "Most cooperative",
    "events.entity": "Entity", "event.title": "Event", "event.mentions": "Its mentions in articles",
    "stories.title": "Stories", "stories.docs": "documents", "stories.sources": "sources", "story.documents": "Documents of the story",
    "story.events": "Events of the story",
    "search.title": "Search", "search.placeholder": "Search the articles…", "search.go": "Search",
    "search.kind.documents": "Documents", "search.kind.entities": "Entities", "search.kind.quotes": "Quotes",
    "search.source": "Source", "search.any": "any", "search.help": "Words are ANDed, \"a phrase\", OR between alternatives, -word excludes.",
    "search.speaker": "Speaker", "search.entity_type": "Entity type", "search.sort": "Sort",
    "analyze.title": "Analyse text",
  },
};

let current = "ar";
try {
  const saved = window.localStorage.getItem("marsad.lang");
  if (saved === "en" || saved === "ar") current = saved;
} catch (_) {
  /* storage may be unavailable */
}

export function lang() {
  return current;
}

export function setLang(l) {
  current = l === "en" ? "en" : "ar";
  try {
    window.localStorage.setItem("marsad.lang", current);
  } catch (_) {
    /* ignore */
  }
  applyLang();
}

export function applyLang() {
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
}

export function t(key) {
  return STRINGS[current][key] ?? STRINGS.en[key] ?? key;
}

/** Pick the current language from a {en, ar} label, falling back to the other one, then the code. */
export function L(label) {
  if (!label) return "";
  return (current === "ar" ? label.ar || label.en : label.en || label.ar) || label.code || "";
}

/** An entity's display name: its Arabic surface form in Arabic, its canonical name in English. */
export function entityName(e) {
  if (!e) return "";
  return current === "ar" ? e.label_ar || e.name || "" : e.name || e.label_ar || "";
}
