// Overview: counts, the daily timeline stacked by quad class, top actors and dyads, event types,
// latest stories and sources.
import { h, route, fmtNum } from "../dom.js";
import { t, L, lang } from "../i18n.js";
import { get } from "../api.js";
import { timeline, bars, QUAD_COLORS, TONE_COLORS } from "../charts.js";
import { section, stat, render, empty, ar } from "../ui.js";

export async function overviewPage(root) {
  await render(root, async () => {
    const o = await get("/api/overview", { top: 10 });
    const c = o.counts;
    const period = c.first_published ? `${c.first_published} – ${c.last_published}` : "–";
    const stats = h(
      "div",
      { class: "stats" },
      ["documents", "articles", "sources", "events", "event_mentions", "entities", "quotes", "stories", "places"].map((k) => stat(t("counts." + k), c[k])),
    );
    const tl = timeline(o.daily, { onDay: (d) => (window.location.hash = route(["events"], { since: d, until: d })) });
    const actors = o.actors.length
      ? bars(o.actors.map((a) => ({ label: L(a.label), value: a.events, href: route(["events"], { party: a.code, exact: "true" }) })))
      : empty();
    const dyads = o.dyads.length
      ? h(
          "ul",
          { class: "dyads" },
          o.dyads.map((d) => {
            const tone = (d.cooperation || 0) > (d.conflict || 0) ? "cooperation" : (d.conflict || 0) > (d.cooperation || 0) ? "conflict" : "mixed";
            return h(
              "li",
              null,
              h("span", { class: "tone-dot", style: { background: TONE_COLORS[tone] }, title: t("tone." + tone) }),
              h(
                "a",
                { href: route(["events"], { actor: d.source_code, target: d.target_code, exact: "true" }) },
                L(d.source_label),
                h("span", { class: "arrow" }, lang() === "ar" ? " ← " : " → "),
                L(d.target_label),
              ),
              h("span", { class: "count" }, `${fmtNum(d.events, lang())} ${t("events")}`),
            );
          }),
        )
      : empty();
    const types = o.types.length
      ? bars(
          o.types.map((x) => ({
            label: `${x.root} · ${L(x.label)}`,
            value: x.events,
            color: QUAD_COLORS[x.quad_class],
            href: route(["events"], { root: x.root }),
          })),
        )
      : empty();
    const stories = o.stories.length
      ? h(
          "ul",
          { class: "stories" },
          o.stories.map((st) =>
            h(
              "li",
              null,
              h("a", { href: route(["story", st.id]), lang: "ar", dir: "rtl" }, st.title || `#${st.id}`),
              h("div", { class: "sub" }, `${st.first_date || ""}${st.last_date && st.last_date !== st.first_date ? " – " + st.last_date : ""} · ${fmtNum(st.n_docs, lang())} ${t("stories.docs")} · ${fmtNum(st.n_sources, lang())} ${t("stories.sources")} · ${fmtNum(st.n_events, lang())} ${t("events")}`),
            ),
          ),
        )
      : empty();
    const sources = o.sources.length
      ? bars(o.sources.map((x) => ({ label: ar(x.source), value: x.articles, href: route(["search"], { source: x.source }) })))
      : empty();
    return h(
      "div",
      { class: "page overview" },
      h("h1", null, t("overview.title"), h("span", { class: "sub period" }, ` ${t("overview.period")}: ${period}`)),
      stats,
      section(t("overview.timeline"), tl),
      h("div", { class: "grid2" }, section(t("overview.actors"), actors), section(t("overview.dyads"), dyads)),
      h("div", { class: "grid2" }, section(t("overview.stories"), stories), section(t("overview.types"), types)),
      section(t("overview.sources"), sources),
    );
  });
}
