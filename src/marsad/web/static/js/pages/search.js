// Search with filters: documents (full text, or browse by source and dates), entities, quotes.
import { h, route, marked, fmtNum } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get } from "../api.js";
import { section, render, pager, empty, docLink, entityChip } from "../ui.js";

const KINDS = ["documents", "entities", "quotes"];

export async function searchPage(root, _args, params) {
  const kind = KINDS.includes(params.get("kind")) ? params.get("kind") : "documents";
  const q = params.get("q") || "";
  const sources = await get("/api/sources", null, { cached: true }).catch(() => []);
  const qInput = h("input", { type: "search", name: "q", value: q, placeholder: t("search.placeholder"), class: "search-box", id: "search-q", dir: "auto" });
  const kindSel = h("select", { name: "kind", id: "search-kind" }, KINDS.map((k) => h("option", { value: k }, t("search.kind." + k))));
  kindSel.value = kind;
  const srcSel = h("select", { name: "source" }, h("option", { value: "" }, t("search.any")), sources.map((s) => h("option", { value: s.source }, `${s.source} (${s.articles})`)));
  srcSel.value = params.get("source") || "";
  const typeSel = h("select", { name: "type" }, h("option", { value: "" }, t("search.any")), ["PER", "ORG", "LOC", "MISC"].map((x) => h("option", { value: x }, t("type." + x))));
  typeSel.value = params.get("type") || "";
  const speaker = h("input", { type: "search", name: "speaker_name", value: params.get("speaker_name") || "", dir: "auto", size: 14 });
  const since = h("input", { type: "date", name: "since", value: params.get("since") || "" });
  const until = h("input", { type: "date", name: "until", value: params.get("until") || "" });
  const form = h(
    "form",
    { class: "filters search-form", id: "search-form" },
    qInput,
    h("label", null, kindSel),
    kind === "entities" ? h("label", null, `${t("search.entity_type")}: `, typeSel) : h("label", null, `${t("search.source")}: `, srcSel),
    kind === "quotes" ? h("label", null, `${t("search.speaker")}: `, speaker) : null,
    kind !== "entities" ? [h("label", null, `${t("events.since")}: `, since), h("label", null, `${t("events.until")}: `, until)] : null,
    h("button", { type: "submit", class: "primary" }, t("search.go")),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next[k] = String(v).trim();
    if (next.kind === "documents") delete next.kind;
    window.location.hash = route(["search"], next);
  });
  kindSel.addEventListener("change", () => form.requestSubmit());
  const results = h("div", { class: "results" });
  root.replaceChildren(
    h("div", { class: "page search-page" }, h("h1", null, t("search.title")), section(t("events.filters"), form, kind === "documents" ? h("p", { class: "sub" }, t("search.help")) : null), section(t("search.kind." + kind), results)),
  );
  const common = { source: params.get("source"), since: params.get("since"), until: params.get("until") };
  const go = (offset) =>
    render(results, async () => {
      if (kind === "documents" && q) {
        const page = await get("/api/search", { q, ...common, limit: 20, offset });
        const list = page.items.length
          ? h(
              "ul",
              { class: "hits" },
              page.items.map((hit) =>
                h(
                  "li",
                  null,
                  h("a", { href: route(["doc", hit.id]), lang: "ar", dir: "rtl", class: "doc-link" }, marked(hit.title_marked || hit.title || hit.id)),
                  h("div", { class: "snippet", lang: "ar", dir: "rtl" }, marked(hit.snippet)),
                  h("div", { class: "sub" }, h("span", { lang: "ar" }, hit.source || ""), ` · ${hit.published || ""}`, hit.story ? [" · ", h("a", { href: route(["story", hit.story]) }, `${t("story")} #${hit.story}`)] : null),
                ),
              ),
            )
          : empty();
        return h("div", null, list, pager(page, go));
      }
      if (kind === "documents") {
        const page = await get("/api/documents", { ...common, limit: 30, offset });
        const list = page.items.length
          ? h("ul", { class: "doc-list" }, page.items.map((d) => h("li", null, docLink(d.id, d.title), h("div", { class: "sub" }, h("span", { lang: "ar" }, d.source || ""), ` · ${d.published || ""} · ${fmtNum(d.n_events, lang())} ${t("events")} · ${fmtNum(d.n_quotes, lang())} ${t("counts.quotes")}`))))
          : empty();
        return h("div", null, list, pager(page, go));
      }
      if (kind === "entities") {
        const page = await get("/api/entities", { q, type: params.get("type"), limit: 60, offset });
        const list = page.items.length ? h("ul", { class: "chips" }, page.items.map((e) => entityChip(e, e.n_docs))) : empty();
        return h("div", null, list, pager(page, go));
      }
      const page = await get("/api/quotes", { q: q || null, speaker_name: params.get("speaker_name"), ...common, limit: 30, offset });
      const list = page.items.length
        ? h(
            "ul",
            { class: "quotes-list" },
            page.items.map((x) =>
              h(
                "li",
                null,
                h("blockquote", { lang: "ar", dir: "rtl" }, x.text),
                h("div", { class: "sub" }, x.speaker ? h("a", { href: route(["entity", x.speaker]) }, x.speaker_name || x.speaker_text) : x.speaker_name || x.speaker_text || "?", " · ", docLink(x.doc_id, x.title, { quote: x.idx }), ` · ${x.published || ""}`),
              ),
            ),
          )
        : empty();
      return h("div", null, list, pager(page, go));
    });
  await go(0);
}
