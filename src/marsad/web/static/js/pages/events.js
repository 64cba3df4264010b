// Events: a filter form over /api/events (actor, target, CAMEO, PLOVER, quad class, dates, place),
// the daily chart of the selection, a sortable paginated table; and one event with its evidence.
import { h, route, fmtNum } from "../dom.js";
import { t, L, lang } from "../i18n.js";
import { get } from "../api.js";
import { timeline } from "../charts.js";
import { loadCodes, cameoLabel, ploverLabel } from "../codes.js";
import { section, render, eventTable, pager, quadBadge, docLink, actorLink, empty } from "../ui.js";

const FILTERS = ["actor", "target", "party", "entity", "cameo", "root", "plover", "quad_class", "since", "until", "place", "bbox", "story", "exact", "located"];
const LIMIT = 50;

function input(name, params, attrs) {
  return h("input", { name, value: params.get(name) || "", ...attrs });
}

export async function eventsPage(root, _args, params) {
  const codes = await loadCodes().catch(() => null);
  const filters = {};
  for (const k of FILTERS) if (params.get(k)) filters[k] = params.get(k);
  const sort = params.get("sort") || "-date";
  const plover = h("select", { name: "plover" }, h("option", { value: "" }, t("all")), codes ? [...codes.plover.keys()].map((p) => h("option", { value: p }, `${p} · ${ploverLabel(p)}`)) : null);
  plover.value = params.get("plover") || "";
  const quad = h("select", { name: "quad_class" }, h("option", { value: "" }, t("all")), [1, 2, 3, 4].map((q) => h("option", { value: String(q) }, t("quad." + q))), h("option", { value: "1,2" }, t("tone.cooperation")), h("option", { value: "3,4" }, t("tone.conflict")));
  quad.value = params.get("quad_class") || "";
  const sortSel = h("select", { name: "sort" }, ["-date", "date", "-mentions", "goldstein", "-goldstein"].map((k) => h("option", { value: k }, t("events.sort." + k))));
  sortSel.value = sort;
  const form = h(
    "form",
    { class: "filters", id: "event-filters" },
    h("label", null, t("events.actor"), input("actor", params, { placeholder: "LBNGOV", dir: "ltr", size: 10 })),
    h("label", null, t("events.target"), input("target", params, { placeholder: "ISR", dir: "ltr", size: 10 })),
    h("label", null, t("events.party"), input("party", params, { dir: "ltr", size: 10 })),
    h("label", null, t("events.cameo"), input("cameo", params, { placeholder: "19", dir: "ltr", size: 5, inputmode: "numeric" })),
    h("label", null, "PLOVER", plover),
    h("label", null, t("quad"), quad),
    h("label", null, t("events.since"), input("since", params, { type: "date" })),
    h("label", null, t("events.until"), input("until", params, { type: "date" })),
    h("label", null, t("place"), input("place", params, { placeholder: "Gaza City / PSE", dir: "ltr", size: 12 })),
    h("label", null, t("events.sort"), sortSel),
    h("button", { type: "submit", class: "primary" }, t("events.apply")),
    h("button", { type: "button", onclick: () => (window.location.hash = "#/events") }, t("events.reset")),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const [k, v] of data.entries()) if (String(v).trim()) next[k] = String(v).trim();
    for (const k of ["entity", "root", "story", "exact", "bbox", "located"]) if (filters[k]) next[k] = filters[k];
    if (next.sort === "-date") delete next.sort;
    window.location.hash = route(["events"], next);
  });
  const chips = [];
  if (filters.entity) {
    const ent = await get(`/api/entities/${Number(filters.entity)}`).catch(() => null);
    chips.push(h("span", { class: "filter-chip" }, `${t("events.entity")}: `, ent ? h("a", { href: route(["entity", ent.id]) }, lang() === "ar" ? ent.label_ar || ent.name : ent.name) : filters.entity));
  }
  if (filters.root) chips.push(h("span", { class: "filter-chip" }, `CAMEO ${cameoLabel(filters.root.padStart(2, "0"))}`));
  if (filters.story) chips.push(h("span", { class: "filter-chip" }, h("a", { href: route(["story", filters.story]) }, `${t("story")} #${filters.story}`)));
  const chart = h("div");
  const table = h("div", { class: "events-table-wrap" });
  root.replaceChildren(
    h(
      "div",
      { class: "page events-page" },
      h("h1", null, t("events.title")),
      section(t("events.filters"), form, chips.length ? h("div", { class: "chips-row" }, chips) : null),
      section(t("overview.timeline"), chart),
      section(t("events.title"), table),
    ),
  );
  const go = async (offset) => {
    await render(table, async () => {
      const page = await get("/api/events", { ...filters, sort, limit: LIMIT, offset });
      return h("div", null, h("p", { class: "sub result-count" }, `${fmtNum(page.total, lang())} ${t("results")}`), eventTable(page.items), pager(page, go));
    });
  };
  await Promise.all([
    render(chart, async () => timeline(await get("/api/events/daily", filters), { height: 160, onDay: (d) => (window.location.hash = route(["events"], { ...filters, since: d, until: d })) })),
    go(Number(params.get("offset") || 0)),
  ]);
}

export async function eventPage(root, args) {
  const id = Number(args[0]);
  await render(root, async () => {
    const [ev] = await Promise.all([get(`/api/events/${id}`), loadCodes()]);
    const row = (k, ...v) => h("tr", null, h("th", null, t(k)), h("td", null, ...v));
    const info = h(
      "table",
      { class: "profile" },
      h(
        "tbody",
        null,
        row("date", ev.date || "?"),
        row("source_actor", actorLink(ev.source_code, ev.source_label), ev.source_name ? h("span", { class: "sub" }, ` ${ev.source_name}`) : null),
        row("event", cameoLabel(ev.cameo)),
        row("target_actor", actorLink(ev.target_code, ev.target_label), ev.target_name ? h("span", { class: "sub" }, ` ${ev.target_name}`) : null),
        row("quad", quadBadge(ev.quad_class)),
        row("plover", ev.plover ? `${ev.plover} · ${ploverLabel(ev.plover)}` : "–"),
        row("goldstein", String(ev.goldstein ?? "–")),
        ev.mode ? row("mode", ev.mode) : null,
        row("place", ev.loc_name ? `${ev.loc_name}${ev.loc_country ? " (" + ev.loc_country + ")" : ""}` : "–"),
        row("mentions", `${fmtNum(ev.num_mentions, lang())} · ${fmtNum(ev.num_sources, lang())} ${t("sources")} · ${fmtNum(ev.num_articles, lang())} ${t("articles")}`),
        ev.story ? row("story", h("a", { href: route(["story", ev.story]) }, `#${ev.story}`)) : null,
      ),
    );
    const mentions = ev.mentions.length
      ? h(
          "ul",
          { class: "mentions" },
          ev.mentions.map((m) =>
            h(
              "li",
              null,
              h("blockquote", { lang: "ar", dir: "rtl" }, m.text || ""),
              h("div", { class: "sub" }, docLink(m.doc_id, m.title, { event: m.idx }), " · ", h("span", { lang: "ar" }, m.source || ""), ` · ${m.published || ""}`, m.trigger ? [" · ", t("trigger"), ": ", h("span", { lang: "ar" }, m.trigger)] : null, m.source_entity ? [" · ", h("a", { href: route(["entity", m.source_entity]) }, m.source_name || m.source_code)] : null, m.target_entity ? [" → ", h("a", { href: route(["entity", m.target_entity]) }, m.target_name || m.target_code)] : null),
            ),
          ),
        )
      : empty();
    return h(
      "div",
      { class: "page event-page" },
      h("h1", null, `${t("event.title")} #${ev.id}: `, L(ev.source_label), lang() === "ar" ? " ← " : " → ", L(ev.target_label)),
      h("div", { class: "grid2" }, section(t("event.title"), info), section(`${t("event.mentions")} (${ev.mentions.length})`, mentions)),
    );
  });
}
