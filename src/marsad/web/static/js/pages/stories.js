// Stories: clusters of documents about the same news (across outlets and days), and one story.
import { h, route, fmtNum } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get } from "../api.js";
import { section, render, pager, empty, docLink, eventTable } from "../ui.js";

function storyList(page) {
  if (!page.items.length) return empty();
  return h(
    "ul",
    { class: "stories" },
    page.items.map((st) =>
      h(
        "li",
        null,
        h("a", { href: route(["story", st.id]), lang: "ar", dir: "rtl", class: "story-link" }, st.title || `#${st.id}`),
        h("div", { class: "sub" }, `${st.first_date || ""}${st.last_date && st.last_date !== st.first_date ? " – " + st.last_date : ""} · ${fmtNum(st.n_docs, lang())} ${t("stories.docs")} · ${fmtNum(st.n_sources, lang())} ${t("stories.sources")} · ${fmtNum(st.n_events, lang())} ${t("events")}`),
      ),
    ),
  );
}

export async function storiesPage(root, _args, params) {
  const box = h("div");
  root.replaceChildren(h("div", { class: "page stories-page" }, h("h1", null, t("stories.title")), section(t("stories.title"), box)));
  const sort = params.get("sort") || "-recent";
  const go = (offset) =>
    render(box, async () => {
      const page = await get("/api/stories", { sort, limit: 30, offset });
      return h("div", null, storyList(page), pager(page, go));
    });
  await go(0);
}

export async function storyPage(root, args) {
  const id = Number(args[0]);
  await render(root, async () => {
    const st = await get(`/api/stories/${id}`);
    const docs = st.documents.length
      ? h(
          "ul",
          { class: "doc-list" },
          st.documents.map((d) => h("li", null, docLink(d.id, d.title), h("div", { class: "sub" }, h("span", { lang: "ar" }, d.source || ""), ` · ${d.published || ""}`))),
        )
      : empty();
    return h(
      "div",
      { class: "page story-page" },
      h("h1", { lang: "ar", dir: "rtl" }, st.title || `#${st.id}`),
      h("p", { class: "sub" }, `${st.first_date || ""} – ${st.last_date || ""} · ${fmtNum(st.n_docs, lang())} ${t("stories.docs")} · ${fmtNum(st.n_sources, lang())} ${t("stories.sources")}`),
      section(`${t("story.documents")} (${st.documents.length})`, docs),
      section(`${t("story.events")} (${st.events.length})`, eventTable(st.events)),
    );
  });
}
