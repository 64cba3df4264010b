// Entity page: profile, timeline of its events, its events, its quotes, co-occurring actors, documents.
import { h, route, safeHref, fmtNum } from "../dom.js";
import { t, L, lang, entityName } from "../i18n.js";
import { get } from "../api.js";
import { timeline } from "../charts.js";
import { loadCodes, cameoLabel } from "../codes.js";
import { section, render, empty, quadBadge, docLink, entityChip, pager } from "../ui.js";

function eventsList(page, entityId) {
  if (!page.items.length) return empty();
  return h(
    "table",
    { class: "table entity-events" },
    h("thead", null, h("tr", null, [t("date"), t("quad"), t("event"), t("source_actor"), t("target_actor"), t("evidence")].map((x) => h("th", null, x)))),
    h(
      "tbody",
      null,
      page.items.map((ev) =>
        h(
          "tr",
          { class: `role-${ev.role}` },
          h("td", { class: "nowrap" }, ev.event_group ? h("a", { href: route(["event", ev.event_group]), class: "event-link" }, ev.date || "?") : ev.date || "?"),
          h("td", null, quadBadge(ev.quad_class)),
          h("td", null, cameoLabel(ev.cameo), h("div", { class: "sub" }, t("entity.role." + ev.role))),
          h("td", { class: ev.source_entity === entityId ? "self" : null }, ev.source_entity && ev.source_entity !== entityId ? h("a", { href: route(["entity", ev.source_entity]) }, ev.source_name || ev.source_code) : ev.source_name || L(ev.source_label)),
          h("td", { class: ev.target_entity === entityId ? "self" : null }, ev.target_entity && ev.target_entity !== entityId ? h("a", { href: route(["entity", ev.target_entity]) }, ev.target_name || ev.target_code) : ev.target_name || L(ev.target_label)),
          h("td", null, docLink(ev.doc_id, ev.text, { event: ev.idx }), h("div", { class: "sub" }, h("span", { lang: "ar" }, ev.source || ""), ` · ${ev.published || ""}`)),
        ),
      ),
    ),
  );
}

function quotesList(page) {
  if (!page.items.length) return empty();
  return h(
    "ul",
    { class: "quotes-list" },
    page.items.map((q) =>
      h(
        "li",
        null,
        h("blockquote", { lang: "ar", dir: "rtl" }, q.text),
        h("div", { class: "sub" }, h("span", { lang: "ar" }, q.speaker_text || ""), q.cue ? [" · ", h("span", { lang: "ar" }, q.cue)] : null, ` · ${q.direct ? t("article.direct") : t("article.indirect")} · `, docLink(q.doc_id, q.title, { quote: q.idx }), ` · ${q.published || ""}`),
      ),
    ),
  );
}

export async function entityPage(root, args) {
  const id = Number(args[0]);
  await render(root, async () => {
    const [ent, tl, evPage, quotes, codocs, coev, docs] = await Promise.all([
      get(`/api/entities/${id}`),
      get(`/api/entities/${id}/timeline`),
      get(`/api/entities/${id}/events`, { limit: 25 }),
      get(`/api/entities/${id}/quotes`, { limit: 20 }),
      get(`/api/entities/${id}/cooccurring`, { by: "documents", limit: 20 }),
      get(`/api/entities/${id}/cooccurring`, { by: "events", limit: 20 }),
      get(`/api/entities/${id}/documents`, { limit: 20 }),
      loadCodes(),
    ]);
    const row = (k, v) => (v === null || v === undefined || v === "" ? null : h("tr", null, h("th", null, t(k)), h("td", null, v)));
    const wikidata = ent.wikidata && /^Q\d+$/.test(ent.wikidata) ? h("a", { href: safeHref(`https://www.wikidata.org/wiki/${ent.wikidata}`), rel: "noopener noreferrer", target: "_blank", dir: "ltr" }, ent.wikidata) : null;
    const profile = h(
      "table",
      { class: "profile" },
      h(
        "tbody",
        null,
        row("entity.type", `${t("type." + ent.type)}${ent.kind ? " · " + ent.kind : ""}`),
        row("entity.country", ent.country ? `${L(ent.country_label)} (${ent.country})` : null),
        row("entity.actor_code", ent.actor_code ? `${ent.actor_code}${ent.actor_label ? " · " + L(ent.actor_label) : ""}` : null),
        row("entity.wikidata", wikidata),
        row("entity.forms", ent.names_ar.length ? h("span", { lang: "ar", dir: "rtl" }, ent.names_ar.join("، ")) : null),
        row("entity.first", ent.first_date),
        row("entity.last", ent.last_date),
        row("counts.documents", fmtNum(ent.n_docs, lang())),
        row("mentions", fmtNum(ent.n_mentions, lang())),
        row("counts.events", `${fmtNum(ent.n_events_as_source + ent.n_events_as_target, lang())} (${t("entity.role.source")} ${fmtNum(ent.n_events_as_source, lang())} · ${t("entity.role.target")} ${fmtNum(ent.n_events_as_target, lang())})`),
        row("counts.quotes", fmtNum(ent.n_quotes, lang())),
      ),
    );
    const evBox = h("div", null, eventsList(evPage, id));
    if (evPage.total > evPage.limit) {
      const go = async (offset) => {
        const p = await get(`/api/entities/${id}/events`, { limit: 25, offset });
        evBox.replaceChildren(eventsList(p, id), pager(p, go));
      };
      evBox.append(pager(evPage, go));
    }
    const coBox = h("div", { class: "co" });
    const coList = (list) => (list.length ? h("ul", { class: "chips" }, list.map((e) => entityChip(e, e.together))) : empty());
    const coDocs = h("button", { type: "button", class: "tab active" }, t("entity.by_documents"));
    const coEvents = h("button", { type: "button", class: "tab" }, t("entity.by_events"));
    coDocs.addEventListener("click", () => {
      coDocs.classList.add("active");
      coEvents.classList.remove("active");
      coBox.replaceChildren(coList(codocs));
    });
    coEvents.addEventListener("click", () => {
      coEvents.classList.add("active");
      coDocs.classList.remove("active");
      coBox.replaceChildren(coList(coev));
    });
    coBox.append(coList(codocs));
    const docList = docs.items.length
      ? h("ul", { class: "doc-list" }, docs.items.map((d) => h("li", null, docLink(d.id, d.title), h("div", { class: "sub" }, h("span", { lang: "ar" }, d.source || ""), ` · ${d.published || ""}`))))
      : empty();
    const title = entityName(ent);
    const other = lang() === "ar" ? ent.name : ent.label_ar;
    return h(
      "div",
      { class: "page entity-page" },
      h("h1", null, h("span", { class: `type-dot type-${ent.type}` }), title, other && other !== title ? h("span", { class: "sub alt-name", lang: lang() === "ar" ? "en" : "ar" }, ` — ${other}`) : null),
      h(
        "div",
        { class: "grid2" },
        section(t("entity.profile"), profile),
        section(t("entity.timeline"), timeline(tl, { height: 180, onDay: (d) => (window.location.hash = route(["events"], { entity: id, since: d, until: d })) })),
      ),
      section(`${t("entity.events")} (${fmtNum(evPage.total, lang())})`, h("p", null, h("a", { href: route(["events"], { entity: id }), class: "all-events" }, t("entity.all_events"))), evBox),
      h(
        "div",
        { class: "grid2" },
        section(`${t("entity.quotes")} (${fmtNum(quotes.total, lang())})`, quotesList(quotes)),
        section(t("entity.cooccurring"), h("div", { class: "tabs" }, coDocs, coEvents), coBox),
      ),
      section(`${t("entity.documents")} (${fmtNum(docs.total, lang())})`, docList),
    );
  });
}
