// Shared pieces of the pages: sections, links, event tables, pagers, states.
import { h, route, fmtNum } from "./dom.js";
import { L, t, lang, entityName } from "./i18n.js";
import { QUAD_COLORS } from "./charts.js";

export function section(title, ...body) {
  return h("section", { class: "card" }, h("h2", null, title), ...body);
}

export function loading() {
  return h("p", { class: "loading" }, t("loading"));
}

export function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, `${t("error")}: ${err && err.message ? err.message : String(err)}`);
}

export function empty() {
  return h("p", { class: "muted" }, t("empty"));
}

/** Arabic data shown in the English interface keeps its own direction. */
export function ar(text, tag = "span") {
  return h(tag, { lang: "ar", dir: "rtl", class: "ar" }, text ?? "");
}

export function docLink(id, title, extra) {
  return h("a", { href: route(["doc", id], extra), class: "doc-link", lang: "ar", dir: "rtl" }, title || id);
}

export function entityLink(id, label) {
  if (id === null || id === undefined) return h("span", null, label);
  return h("a", { href: route(["entity", id]), class: "entity-link" }, label);
}

export function actorLink(code, label) {
  if (!code) return h("span", { class: "muted" }, L(label) || "?");
  return h("a", { href: route(["events"], { party: code, exact: "true" }), class: "actor-link", title: code }, L(label) || code);
}

export function quadBadge(q) {
  if (!q) return h("span", { class: "badge" }, "–");
  return h("span", { class: "badge quad", style: { background: QUAD_COLORS[q] }, title: t("quad." + q) }, t("quad." + q));
}

export function cameoText(ev) {
  const lab = ev.cameo_label;
  if (!lab) return ev.cameo || "";
  return `${ev.cameo} · ${L(lab)}`;
}

/** A table of event groups (as /api/events returns them). */
export function eventTable(items) {
  if (!items.length) return empty();
  return h(
    "table",
    { class: "table events-table" },
    h("thead", null, h("tr", null, [t("date"), t("source_actor"), t("event"), t("target_actor"), t("place"), t("mentions")].map((x) => h("th", null, x)))),
    h(
      "tbody",
      null,
      items.map((ev) =>
        h(
          "tr",
          { class: `q${ev.quad_class || 0}` },
          h("td", { class: "nowrap" }, h("a", { href: route(["event", ev.id]), class: "event-link" }, ev.date || "?")),
          h("td", null, actorLink(ev.source_code, ev.source_label), ev.source_name ? h("div", { class: "sub" }, ev.source_name) : null),
          h("td", null, quadBadge(ev.quad_class), " ", h("a", { href: route(["event", ev.id]) }, cameoText(ev)), ev.mode ? h("span", { class: "mode" }, ` (${ev.mode})`) : null),
          h("td", null, actorLink(ev.target_code, ev.target_label), ev.target_name ? h("div", { class: "sub" }, ev.target_name) : null),
          h("td", null, ev.loc_name || ""),
          h("td", { class: "num" }, fmtNum(ev.num_mentions, lang())),
        ),
      ),
    ),
  );
}

/** Previous/next links for a page {total, limit, offset}; go(offset) re-renders. */
export function pager(page, go) {
  const { total, limit, offset } = page;
  const hasMore = page.has_more ?? (total !== null && total !== undefined ? offset + limit < total : page.items.length === limit);
  const from = page.items.length ? offset + 1 : 0;
  const to = offset + page.items.length;
  const info = total !== null && total !== undefined ? `${fmtNum(from, lang())}–${fmtNum(to, lang())} ${t("page.of")} ${fmtNum(total, lang())}` : `${fmtNum(from, lang())}–${fmtNum(to, lang())}`;
  return h(
    "div",
    { class: "pager" },
    h("button", { type: "button", disabled: offset <= 0, onclick: () => go(Math.max(0, offset - limit)) }, t("prev")),
    h("span", { class: "pager-info" }, info),
    h("button", { type: "button", disabled: !hasMore, onclick: () => go(offset + limit) }, t("next")),
  );
}

export function entityChip(e, extra) {
  return h(
    "li",
    { class: `chip type-${e.type || "MISC"}` },
    entityLink(e.id, entityName(e)),
    lang() === "ar" && e.name ? h("span", { class: "sub", dir: "ltr", lang: "en" }, ` ${e.name}`) : null,
    extra !== undefined ? h("span", { class: "count" }, String(extra)) : null,
  );
}

export function stat(label, value) {
  return h("div", { class: "stat" }, h("div", { class: "stat-value" }, fmtNum(value, lang())), h("div", { class: "stat-label" }, label));
}

/** Render an async page: show loading, then the result of build() or the error. */
export async function render(root, build) {
  root.replaceChildren(loading());
  try {
    const node = await build();
    root.replaceChildren(node);
  } catch (err) {
    console.warn(err);
    root.replaceChildren(errorBox(err));
  }
}
