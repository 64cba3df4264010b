// marsad dashboard: a hash router over plain ES modules (no build step, no network beyond this server).
import { h } from "./dom.js";
import { t, lang, setLang, applyLang } from "./i18n.js";
import { overviewPage } from "./pages/overview.js";
import { mapPage } from "./pages/map.js";
import { networkPage } from "./pages/network.js";
import { articlePage } from "./pages/article.js";
import { entityPage } from "./pages/entity.js";
import { eventsPage, eventPage } from "./pages/events.js";
import { storiesPage, storyPage } from "./pages/stories.js";
import { searchPage } from "./pages/search.js";

const NAV = [
  ["#/", "nav.overview", "overview"],
  ["#/map", "nav.map", "map"],
  ["#/network", "nav.network", "network"],
  ["#/events", "nav.events", "events"],
  ["#/stories", "nav.stories", "stories"],
  ["#/search", "nav.search", "search"],
];

const ROUTES = {
  "": overviewPage,
  map: mapPage,
  network: networkPage,
  doc: articlePage,
  entity: entityPage,
  events: eventsPage,
  event: eventPage,
  stories: storiesPage,
  story: storyPage,
  search: searchPage,
};

const ACTIVE = { "": "overview", event: "events", story: "stories" };

/** "#/doc/abc?x=1" -> {name: "doc", args: ["abc"], params: URLSearchParams} */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#\/?/, "");
  const [path, query] = raw.split("?", 2);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (_) {
      return p;
    }
  });
  return { name: parts[0] || "", args: parts.slice(1), params: new URLSearchParams(query || "") };
}

function renderNav(active) {
  const nav = document.getElementById("nav");
  nav.replaceChildren(
    ...NAV.map(([href, key, name]) => h("a", { href, class: name === active ? "active" : null, "data-page": name }, t(key))),
    h("a", { href: "/docs", class: "api-link", target: "_blank", rel: "noopener" }, t("nav.docs")),
  );
  document.getElementById("lang-toggle").textContent = t("lang.other");
}

let renderSeq = 0;

async function show() {
  const { name, args, params } = parseHash(window.location.hash);
  const page = ROUTES[name] || overviewPage;
  renderNav(ACTIVE[name] ?? name);
  const root = document.getElementById("app");
  const seq = ++renderSeq;
  document.getElementById("tooltip").hidden = true;
  root.replaceChildren();
  root.dataset.page = name || "overview";
  root.dataset.ready = "false";
  try {
    await page(root, args, params, () => seq === renderSeq);
  } finally {
    if (seq === renderSeq) root.dataset.ready = "true";
  }
}

function start() {
  applyLang();
  document.getElementById("lang-toggle").addEventListener("click", () => {
    setLang(lang() === "ar" ? "en" : "ar");
    show();
  });
  window.addEventListener("hashchange", show);
  show();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
