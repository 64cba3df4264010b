"""The dashboard in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

The set-up installs the Debian packages ``chromium`` and ``fonts-noto-core`` with apt-get when the
browser is missing (CI runs as root on Debian); a browser is never downloaded by Playwright. The
tests skip, with the reason, only when Chromium cannot be installed.

Against a store built from the sample corpus plus one hostile article, they load every page in
Arabic and English, click through article -> entity -> events -> event -> article, assert that no
console error, page error, failed request or HTTP error happened, save screenshots in
``test-artifacts/``, and prove that markup in an ingested article is shown as text and never runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from marsad.api import create_app
from marsad.api.serve import running

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "corpus" / "sample.jsonl"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HAMAS_DOC = "ofuq-2025-02-10-hamas-delegation-cairo"
XSS_ID = "xss-test-article"
XSS_SCRIPT = "<script>window.__xss = 'script';</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss = 'img'\">"
XSS_TEXT = (
    f"قال وزير الخارجية المصري بدر عبد العاطي اليوم الاثنين إن القاهرة تواصل اتصالاتها مع حركة حماس {XSS_SCRIPT} "
    f"لتثبيت وقف إطلاق النار في قطاع غزة. {XSS_IMG}\n"
    "وأضاف الوزير أن الوفد المصري سيزور الدوحة الأسبوع المقبل لبحث المرحلة الثانية من الاتفاق."
)
XSS_TITLE = f"مصر تواصل اتصالاتها مع حماس {XSS_IMG}"


def _install_chromium() -> str | None:
    """Install Debian's chromium (and Noto fonts for Arabic) when missing; the reason when impossible."""
    if os.path.exists(CHROMIUM):
        return None
    if shutil.which("apt-get") is None:
        return "apt-get is not available to install Debian's chromium"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "chromium is missing and installing it with apt-get needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-noto-core"],
                       check=True, env=env, capture_output=True, timeout=1800)
    except (subprocess.SubprocessError, OSError) as exc:
        out = getattr(exc, "stderr", b"") or b""
        return f"apt-get could not install chromium: {exc} {out.decode(errors='replace')[-300:]}"
    return None if os.path.exists(CHROMIUM) else "apt-get ran but /usr/bin/chromium is still missing"


def _ensure_fonts() -> None:
    """Arabic fonts make the screenshots readable; their absence does not fail the tests."""
    if shutil.which("fc-list") is None or shutil.which("apt-get") is None or os.geteuid() != 0:
        return
    found = subprocess.run(["fc-list", ":lang=ar"], capture_output=True, text=True, check=False).stdout
    if "Noto" in found:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "fonts-noto-core"], env=env,
                   capture_output=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    reason = _install_chromium()
    if reason:
        pytest.skip(reason)
    _ensure_fonts()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from marsad.ingest.runner import ingest

    tmp = tmp_path_factory.mktemp("web")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": XSS_ID, "source": "وكالة الاختبار", "url": "javascript:window.__xss='url'",
                                   "published": "2025-02-12", "title": XSS_TITLE, "text": XSS_TEXT},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp / "corpus.db"
    stats = ingest([str(SAMPLE), str(hostile)], db=str(db), workers=0)
    assert stats.stored == 33, stats
    with running(create_app(db)) as url:
        yield url


class Watch:
    """Everything that went wrong in a page: console errors, page errors, failed or >= 400 requests."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

        def on_dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)


@pytest.fixture()
def page(browser, base_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 950}, locale="ar")
    pg = ctx.new_page()
    pg.watch = Watch(pg)
    pg.base = base_url
    yield pg
    ctx.close()


def goto(pg, hash_: str, lang: str = "ar") -> None:
    """Open a dashboard route in a language and wait until the page says it is rendered."""
    pg.goto(pg.base + "/api/health")  # same origin, no script of ours: set the language there
    pg.evaluate("l => localStorage.setItem('marsad.lang', l)", lang)
    pg.goto(pg.base + "/" + hash_)
    wait_ready(pg)


def wait_ready(pg) -> None:
    pg.wait_for_selector("#app[data-ready='true']", timeout=20_000)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_problems(pg) -> None:
    assert pg.watch.problems == [], pg.watch.problems
    assert pg.watch.dialogs == []


def busiest_doc(pg) -> str:
    """The sample document with the most events (then quotes): the best showcase of the article view."""
    docs = pg.evaluate("async () => (await (await fetch('/api/documents?limit=500')).json()).items")
    docs = [d for d in docs if d["id"] != XSS_ID]
    return max(docs, key=lambda d: (d["n_events"], d["n_quotes"], d["id"]))["id"]


def first_entity_id(pg, name: str) -> int:
    data = pg.evaluate("async n => (await (await fetch('/api/entities?q=' + encodeURIComponent(n))).json()).items", name)
    return next(e["id"] for e in data if e["name"] == name)


PAGES = {
    "overview": ("#/", ".timeline-svg .bar rect"),
    "map": ("#/map", ".leaflet-overlay-pane path"),
    "network": ("#/network", ".network-svg .node circle"),
    "events": ("#/events?quad_class=3,4", ".events-table tbody tr"),
    "stories": ("#/stories", ".stories li a"),
    "search": ("#/search?q=%D8%AD%D9%85%D8%A7%D8%B3", ".hits li mark"),
    "search-entities": ("#/search?kind=entities&q=Israel", ".chips .chip"),
    "search-quotes": ("#/search?kind=quotes&speaker_name=Hamas", ".quotes-list li"),
    "article": (f"#/doc/{HAMAS_DOC}", "#article-text .seg.ent"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_loads_without_errors(page, lang):
    for name, (route, selector) in PAGES.items():
        goto(page, route, lang)
        page.wait_for_selector(selector, state="attached", timeout=20_000)
        assert page.locator(".error").count() == 0, (name, page.locator(".error").all_inner_texts())
        html_dir = page.evaluate("document.documentElement.dir")
        assert html_dir == ("rtl" if lang == "ar" else "ltr"), name
        assert page.evaluate("document.documentElement.lang") == lang
        if name == "map":
            assert page.locator(".leaflet-overlay-pane path").count() > 100  # country shapes drawn
            page.wait_for_selector(".cluster", timeout=10_000)
            page.wait_for_timeout(300)
        shot(page, f"{name}-{lang}")
    # entity, event and story pages reached by id
    israel = first_entity_id(page, "Israel")
    goto(page, f"#/entity/{israel}", lang)
    page.wait_for_selector(".entity-events tbody tr")
    shot(page, f"entity-{lang}")
    event_id = page.evaluate("async () => (await (await fetch('/api/events?sort=-mentions&limit=1')).json()).items[0].id")
    goto(page, f"#/event/{event_id}", lang)
    page.wait_for_selector(".mentions li blockquote")
    shot(page, f"event-{lang}")
    story = page.evaluate("async () => (await (await fetch('/api/stories?sort=-size&limit=1')).json()).items[0].id")
    goto(page, f"#/story/{story}", lang)
    page.wait_for_selector(".doc-list li")
    shot(page, f"story-{lang}")
    no_problems(page)


@pytest.mark.slow
def test_article_view_highlights_and_details(page):
    goto(page, "#/")
    doc_id = busiest_doc(page)
    goto(page, f"#/doc/{doc_id}")
    text = page.locator("#article-text")
    assert text.get_attribute("dir") == "rtl" and text.get_attribute("lang") == "ar"
    doc = page.evaluate("async i => (await (await fetch('/api/documents/' + encodeURIComponent(i))).json()).document", doc_id)
    assert doc["events"] and doc["quotes"], "the sample corpus should give this document events and quotes"
    assert text.inner_text().replace("\n", "") == doc["text"].replace("\n", "")  # the original text, unchanged
    assert page.locator("#article-text .seg.ent").count() >= sum(len(e["mentions"]) for e in doc["entities"]) // 2
    assert page.locator("#article-text .seg.quote").count() > 0
    assert page.locator("#article-text .seg.trigger").count() > 0
    # hovering an entity shows what it is linked to
    page.locator("#article-text .seg.ent").first.hover()
    tip = page.locator("#tooltip")
    assert tip.is_visible() and tip.locator(".desc-entity").count() == 1
    # clicking an event trigger shows its CAMEO code and a link to the event
    page.locator("#article-text .seg.trigger").first.click()
    sel = page.locator(".selection")
    assert sel.locator(".desc-event").count() >= 1 and sel.locator("a.open-event").count() >= 1
    shown = " ".join(sel.locator(".desc-title").all_inner_texts())
    assert any(ev["cameo"] in shown for ev in doc["events"])
    # a quote shows its speaker
    page.locator("#article-text .seg.quote").first.click()
    assert sel.locator(".desc-quote").count() >= 1
    assert page.locator("#article-text .seg.active").count() > 0
    # layers can be switched off
    page.locator("input[data-layer='entities']").uncheck()
    assert "hide-entities" in (text.get_attribute("class") or "")
    # the side lists
    side = page.locator(".article-side")
    assert side.locator(".side-list .chip").count() == len(doc["entities"])
    assert side.locator(".side-list.quotes li").count() == len(doc["quotes"])
    assert side.locator(".side-list.events li").count() == len(doc["events"])
    shot(page, "article-selected")
    no_problems(page)


@pytest.mark.slow
def test_click_through_article_entity_events(page):
    goto(page, "#/")
    goto(page, f"#/doc/{busiest_doc(page)}")
    # article -> entity: click event triggers until one has an actor linked to an entity, open its page
    triggers = page.locator("#article-text .seg.trigger")
    assert triggers.count() > 0
    link = None
    for i in range(triggers.count()):
        triggers.nth(i).click()
        links = page.locator(".selection .desc-event a[href^='#/entity/']")
        if links.count():
            link = links.first
            break
    assert link is not None, "no event actor of the article is linked to an entity"
    link.click()
    page.wait_for_url("**/#/entity/*")
    wait_ready(page)
    assert page.locator(".profile").count() == 1
    assert page.locator("h1").inner_text().strip()
    assert page.locator(".entity-events tbody tr").count() >= 1  # its events, with evidence links
    assert page.locator(".co .chip").count() >= 1  # appears with
    shot(page, "clickthrough-entity")
    # entity -> events: all its events on the events page
    page.locator("a.all-events").click()
    page.wait_for_url("**/#/events?entity=*")
    wait_ready(page)
    page.wait_for_selector(".events-table tbody tr")
    assert page.locator(".filter-chip").count() >= 1
    shot(page, "clickthrough-events")
    # events -> event -> the article with that event selected
    page.locator(".events-table tbody tr a.event-link").first.click()
    page.wait_for_url("**/#/event/*")
    wait_ready(page)
    page.wait_for_selector(".mentions li")
    page.locator(".mentions li a.doc-link").first.click()
    page.wait_for_url("**/#/doc/*")
    wait_ready(page)
    page.wait_for_selector("#article-text .seg.active")
    assert page.locator(".selection .desc-event").count() >= 1
    shot(page, "clickthrough-article")
    # a speaker's entity page lists what they said, linked to the article with the quote selected
    speaker = page.evaluate(
        "async () => (await (await fetch('/api/quotes?limit=100')).json()).items.find(q => q.speaker).speaker")
    goto(page, f"#/entity/{speaker}")
    page.locator(".quotes-list li a.doc-link").first.click()
    page.wait_for_url("**/#/doc/*")
    wait_ready(page)
    page.wait_for_selector("#article-text .seg.active")
    assert page.locator(".selection .desc-quote").count() >= 1
    no_problems(page)


@pytest.mark.slow
def test_language_toggle_and_map_click(page):
    goto(page, "#/", "ar")
    assert page.locator("#nav a[data-page='map']").inner_text() == "الخريطة"
    page.locator("#lang-toggle").click()
    wait_ready(page)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator("#nav a[data-page='map']").inner_text() == "Map"
    page.locator("#nav a[data-page='map']").click()
    wait_ready(page)
    page.wait_for_selector(".cluster.events")
    page.locator(".cluster.events").first.click()
    page.wait_for_selector(".map-list li a.event-link")
    page.locator("#layer-events").uncheck()  # events drawn over places: hide them to reach a place
    assert page.locator(".cluster.events").count() == 0
    page.locator(".cluster.places").first.click()
    page.wait_for_selector(".map-list li button")
    shot(page, "map-click-en")
    page.locator("#nav a[data-page='network']").click()
    wait_ready(page)
    page.locator(".network-svg .node circle").first.click()
    page.wait_for_selector(".network-side-body h3")
    shot(page, "network-click-en")
    no_problems(page)


@pytest.mark.slow
def test_ingested_markup_is_shown_as_text_and_never_runs(page):
    doc = page.goto(page.base + f"/api/documents/{XSS_ID}").json()["document"]
    assert XSS_SCRIPT in doc["text"] and XSS_IMG in doc["text"]  # stored as the article said
    title_hits = page.goto(page.base + "/api/search?q=%D8%A7%D9%84%D8%AF%D9%88%D8%AD%D8%A9").json()["items"]
    assert any(h["id"] == XSS_ID for h in title_hits)
    for route in (f"#/doc/{XSS_ID}", "#/", "#/stories", "#/search?q=%D8%A7%D9%84%D8%AF%D9%88%D8%AD%D8%A9",
                  "#/search?kind=quotes", "#/events?since=2025-02-12&until=2025-02-12"):
        goto(page, route)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None, route
        # no element was made from the article's markup
        assert page.evaluate("document.querySelectorAll('#app script, #app img, img[src=x]').length") == 0, route
    goto(page, f"#/doc/{XSS_ID}")
    text = page.locator("#article-text").inner_text()
    assert "<script>" in text and "</script>" in text and "onerror=" in text  # shown literally
    assert XSS_IMG in page.locator("h1.article-title").inner_text()
    # the javascript: URL of the article is not a link
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert not any(h and h.lower().startswith("javascript:") for h in hrefs)
    # hovering and clicking the spans around the markup runs nothing either
    for i in range(min(5, page.locator("#article-text .seg").count())):
        page.locator("#article-text .seg").nth(i).hover()
        page.locator("#article-text .seg").nth(i).click()
    assert page.evaluate("window.__xss") is None
    shot(page, "xss-article")
    no_problems(page)
