// Article view: the original text right-to-left with entity, quote and event spans highlighted
// (offsets from the document), details on hover and click, and side lists of everything extracted.
// The text is cut into segments at every span boundary; each segment is a TEXT node inside a <span>.
import { h, route, safeHref, fmtNum } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get } from "../api.js";
import { QUAD_COLORS } from "../charts.js";
import { loadCodes, cameoLabel, ploverLabel } from "../codes.js";
import { section, render, empty, quadBadge } from "../ui.js";

const LAYERS = ["entities", "quotes", "events", "times"];
const KIND_LAYER = { entity: "entities", quote: "quotes", speaker: "quotes", cue: "quotes", event: "events", trigger: "events", time: "times" };

/** Every annotation with a valid [start, end) span in the text. */
export function annotations(doc) {
  const n = doc.text.length;
  const out = [];
  const add = (kind, start, end, ref) => {
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= n && start < end) out.push({ kind, start, end, ref });
  };
  (doc.entities || []).forEach((e, i) => (e.mentions || []).forEach((m) => add("entity", m.start, m.end, i)));
  (doc.quotes || []).forEach((q, i) => {
    add("quote", q.start, q.end, i);
    if (q.speaker) add("speaker", q.speaker.start, q.speaker.end, i);
    if (q.cue) add("cue", q.cue.start, q.cue.end, i);
  });
  (doc.events || []).forEach((ev, i) => {
    add("event", ev.start, ev.end, i);
    if (ev.trigger) add("trigger", ev.trigger.start, ev.trigger.end, i);
  });
  (doc.times || []).forEach((tm, i) => add("time", tm.start, tm.end, i));
  return out;
}

/** Cut [0, n) at every boundary; each segment lists the annotations covering it. */
export function segments(n, anns) {
  const cuts = new Set([0, n]);
  for (const a of anns) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const pts = [...cuts].sort((a, b) => a - b);
  const segs = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    segs.push({ start: a, end: b, anns: anns.filter((x) => x.start <= a && x.end >= b) });
  }
  return segs;
}

function entityArabic(e) {
  return e.mentions && e.mentions.length ? e.mentions[0].text : e.name;
}

export async function articlePage(root, args, params) {
  const id = args.join("/");
  await render(root, async () => {
    const [view] = await Promise.all([get(`/api/documents/${encodeURIComponent(id)}`), loadCodes()]);
    const doc = view.document;
    const anns = annotations(doc);
    const segs = segments(doc.text.length, anns);
    const tooltip = document.getElementById("tooltip");
    const detail = h("div", { class: "selection" }, h("p", { class: "muted" }, t("article.select")));
    const segEls = [];

    // --- describing annotations -------------------------------------------------------------------
    const entityOf = (local) => (doc.entities || []).find((e) => e.id === local);
    function describe(a, withLinks) {
      if (a.kind === "entity") {
        const e = doc.entities[a.ref];
        const cid = view.entity_ids[e.id];
        return h(
          "div",
          { class: `desc desc-entity type-${e.type}` },
          h("div", { class: "desc-kind" }, t("article.entity"), " · ", t("type." + e.type)),
          h("div", { class: "desc-title" }, e.name, " ", h("span", { class: "ar", lang: "ar" }, `(${doc.text.slice(a.start, a.end)})`)),
          h("div", { class: "sub" }, [e.kind, e.country, e.actor_code, e.wikidata].filter(Boolean).join(" · ")),
          withLinks && cid !== undefined ? h("a", { href: route(["entity", cid]), class: "open-entity" }, t("article.open_entity")) : null,
        );
      }
      if (a.kind === "quote" || a.kind === "speaker" || a.kind === "cue") {
        const q = doc.quotes[a.ref];
        const sp = q.speaker || {};
        const spEnt = sp.entity ? entityOf(sp.entity) : null;
        const cid = spEnt ? view.entity_ids[spEnt.id] : undefined;
        return h(
          "div",
          { class: "desc desc-quote" },
          h("div", { class: "desc-kind" }, t("article.quote"), " · ", q.direct ? t("article.direct") : t("article.indirect")),
          h("div", null, h("b", null, `${t("article.speaker")}: `), sp.name || sp.text || "?", sp.text && sp.name ? h("span", { class: "ar", lang: "ar" }, ` (${sp.text})`) : null),
          q.cue ? h("div", null, h("b", null, `${t("article.cue")}: `), h("span", { class: "ar", lang: "ar" }, q.cue.text)) : null,
          q.via && q.via.name ? h("div", null, h("b", null, `${t("article.via")}: `), q.via.name) : null,
          withLinks ? h("blockquote", { lang: "ar", dir: "rtl" }, q.text) : null,
          withLinks && cid !== undefined ? h("a", { href: route(["entity", cid]), class: "open-entity" }, t("article.open_entity")) : null,
        );
      }
      if (a.kind === "event" || a.kind === "trigger") {
        const ev = doc.events[a.ref];
        const group = view.event_groups[a.ref];
        const srcEnt = ev.source && ev.source.entity ? entityOf(ev.source.entity) : null;
        const tgtEnt = ev.target && ev.target.entity ? entityOf(ev.target.entity) : null;
        const side = (actor, ent) => {
          const label = `${(actor && actor.name) || "?"}${actor && actor.code ? " [" + actor.code + "]" : ""}`;
          const cid = ent ? view.entity_ids[ent.id] : undefined;
          return withLinks && cid !== undefined ? h("a", { href: route(["entity", cid]) }, label) : label;
        };
        return h(
          "div",
          { class: "desc desc-event" },
          h("div", { class: "desc-kind" }, t("article.events"), " · ", quadBadge(ev.quad_class)),
          h("div", { class: "desc-title" }, cameoLabel(ev.cameo)),
          h("div", null, side(ev.source, srcEnt), lang() === "ar" ? " ← " : " → ", side(ev.target, tgtEnt)),
          h("div", { class: "sub" }, [ev.plover ? `PLOVER ${ploverLabel(ev.plover)}` : null, `Goldstein ${ev.goldstein}`, ev.date, ev.mode, ev.location && ev.location.name].filter(Boolean).join(" · ")),
          ev.trigger ? h("div", null, h("b", null, `${t("trigger")}: `), h("span", { class: "ar", lang: "ar" }, ev.trigger.text)) : null,
          withLinks && group !== null && group !== undefined ? h("a", { href: route(["event", group]), class: "open-event" }, t("article.open_event")) : null,
        );
      }
      if (a.kind === "time") {
        const tm = doc.times[a.ref];
        return h("div", { class: "desc desc-time" }, h("div", { class: "desc-kind" }, t("article.time")), h("span", { class: "ar", lang: "ar" }, tm.text), ` = ${tm.value || "?"}`);
      }
      return null;
    }

    // --- the text ------------------------------------------------------------------------------
    const textEl = h("div", { class: "article-text", lang: "ar", dir: "rtl", id: "article-text" });
    segs.forEach((sg) => {
      const str = doc.text.slice(sg.start, sg.end);
      if (!sg.anns.length) {
        textEl.append(str);
        return;
      }
      const cls = ["seg"];
      for (const a of sg.anns) {
        if (a.kind === "entity") cls.push("ent", `ent-${doc.entities[a.ref].type || "MISC"}`);
        else if (a.kind === "event") cls.push("event", `q${doc.events[a.ref].quad_class || 0}`);
        else if (a.kind === "trigger") cls.push("trigger", `q${doc.events[a.ref].quad_class || 0}`);
        else cls.push(a.kind);
      }
      const el = h("span", { class: [...new Set(cls)].join(" "), tabindex: "0" }, str);
      el._anns = sg.anns;
      segEls.push(el);
      textEl.append(el);
    });

    function visibleAnns(list) {
      return list.filter((a) => !textEl.classList.contains(`hide-${KIND_LAYER[a.kind]}`));
    }
    function showTip(ev, el) {
      const list = visibleAnns(el._anns);
      if (!list.length) return;
      const seen = new Set();
      const items = [];
      for (const a of list) {
        const key = `${KIND_LAYER[a.kind] === "quotes" ? "quote" : KIND_LAYER[a.kind] === "events" ? "event" : a.kind}:${a.ref}`;
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(describe(a, false));
      }
      tooltip.replaceChildren(...items);
      tooltip.hidden = false;
      const x = Math.min(window.innerWidth - 340, ev.clientX + 12);
      tooltip.style.left = `${Math.max(8, x)}px`;
      tooltip.style.top = `${ev.clientY + 16}px`;
    }
    function sameRef(a, b) {
      const la = KIND_LAYER[a.kind], lb = KIND_LAYER[b.kind];
      return la === lb && a.ref === b.ref && (la !== "entities" || a.kind === b.kind);
    }
    function select(targets, scroll) {
      for (const el of segEls) el.classList.toggle("active", el._anns.some((a) => targets.some((x) => sameRef(a, x))));
      const seen = new Set();
      const parts = [];
      for (const a of targets) {
        const key = `${KIND_LAYER[a.kind]}:${a.ref}`;
        if (seen.has(key)) continue;
        seen.add(key);
        parts.push(describe(a, true));
      }
      detail.replaceChildren(...parts);
      if (scroll) {
        const first = segEls.find((el) => el.classList.contains("active"));
        if (first) first.scrollIntoView({ block: "center", behavior: "instant" });
      }
    }
    textEl.addEventListener("mouseover", (ev) => {
      const el = ev.target.closest(".seg");
      if (el) showTip(ev, el);
    });
    textEl.addEventListener("mousemove", (ev) => {
      if (!tooltip.hidden) {
        tooltip.style.top = `${ev.clientY + 16}px`;
      }
    });
    textEl.addEventListener("mouseout", (ev) => {
      if (!ev.relatedTarget || !textEl.contains(ev.relatedTarget)) tooltip.hidden = true;
    });
    textEl.addEventListener("click", (ev) => {
      const el = ev.target.closest(".seg");
      if (!el) return;
      const list = visibleAnns(el._anns);
      if (list.length) select(list, false);
    });
    textEl.addEventListener("keydown", (ev) => {
      const el = ev.target.closest(".seg");
      if (el && ev.key === "Enter") select(visibleAnns(el._anns), false);
    });

    // --- toggles ---------------------------------------------------------------------------------
    const toggles = h(
      "div",
      { class: "layers" },
      h("span", { class: "sub" }, `${t("article.layers")}: `),
      LAYERS.map((layer) => {
        const box = h("input", { type: "checkbox", checked: true, "data-layer": layer });
        box.addEventListener("change", () => textEl.classList.toggle(`hide-${layer}`, !box.checked));
        return h("label", { class: `layer layer-${layer}` }, box, " ", t(`article.${layer}`));
      }),
    );

    // --- side lists ------------------------------------------------------------------------------
    const ents = (doc.entities || []).map((e, i) => ({ e, i })).sort((a, b) => (b.e.mentions || []).length - (a.e.mentions || []).length || a.i - b.i);
    const entList = ents.length
      ? h(
          "ul",
          { class: "side-list" },
          ents.map(({ e, i }) => {
            const cid = view.entity_ids[e.id];
            return h(
              "li",
              { class: `chip type-${e.type}` },
              h("button", { type: "button", class: "linkish", onclick: () => select([{ kind: "entity", ref: i }], true) }, lang() === "ar" ? entityArabic(e) : e.name),
              h("span", { class: "sub" }, ` ${lang() === "ar" ? e.name : entityArabic(e)} · ${t("type." + e.type)}`),
              h("span", { class: "count" }, String((e.mentions || []).length)),
              cid !== undefined ? h("a", { href: route(["entity", cid]), class: "go", title: t("article.open_entity") }, "↗") : null,
            );
          }),
        )
      : empty();
    const quoteList = (doc.quotes || []).length
      ? h(
          "ul",
          { class: "side-list quotes" },
          doc.quotes.map((q, i) =>
            h(
              "li",
              null,
              h("button", { type: "button", class: "linkish", onclick: () => select([{ kind: "quote", ref: i }], true) }, (q.speaker && (lang() === "ar" ? q.speaker.text || q.speaker.name : q.speaker.name || q.speaker.text)) || "?"),
              h("span", { class: "sub" }, ` · ${q.direct ? t("article.direct") : t("article.indirect")}`),
              h("div", { class: "excerpt", lang: "ar", dir: "rtl" }, q.text.length > 140 ? q.text.slice(0, 140) + "…" : q.text),
            ),
          ),
        )
      : empty();
    const eventList = (doc.events || []).length
      ? h(
          "ul",
          { class: "side-list events" },
          doc.events.map((ev, i) =>
            h(
              "li",
              { class: `q${ev.quad_class}` },
              h("span", { class: "tone-dot", style: { background: QUAD_COLORS[ev.quad_class] || "#999" } }),
              h("button", { type: "button", class: "linkish", onclick: () => select([{ kind: "event", ref: i }], true) }, cameoLabel(ev.cameo)),
              h("div", { class: "sub" }, `${(ev.source && (ev.source.name || ev.source.code)) || "?"} → ${(ev.target && (ev.target.name || ev.target.code)) || "?"}${ev.date ? " · " + ev.date : ""}`),
            ),
          ),
        )
      : empty();
    const placeList = (doc.places || []).length
      ? h(
          "ul",
          { class: "side-list places" },
          doc.places.map((p) => h("li", null, p.name, h("span", { class: "sub" }, ` ${[p.country, p.precision, p.lat != null ? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : null].filter(Boolean).join(" · ")}`))),
        )
      : empty();

    // --- header ----------------------------------------------------------------------------------
    const others = (view.articles || []).filter((a) => a.source !== doc.source || a.url !== doc.url);
    const header = h(
      "header",
      { class: "article-head" },
      h("h1", { lang: "ar", dir: "rtl", class: "article-title" }, doc.title || doc.id),
      h(
        "div",
        { class: "meta" },
        h("span", null, `${t("article.source")}: `, h("span", { lang: "ar" }, doc.source || "?")),
        " · ",
        h("span", null, `${t("article.published")}: ${doc.published || "?"}`),
        doc.url && safeHref(doc.url) !== "#" ? [" · ", h("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank", class: "external", dir: "ltr" }, t("article.original"))] : null,
        view.story ? [" · ", h("a", { href: route(["story", view.story.id]) }, `${t("article.story")}: `, h("span", { lang: "ar" }, view.story.title || `#${view.story.id}`), ` (${fmtNum(view.story.n_docs, lang())})`)] : null,
      ),
      others.length ? h("div", { class: "meta" }, `${t("article.alsoin")}: `, others.map((a, i) => [i ? "، " : "", h("span", { lang: "ar" }, a.source || "?")])) : null,
    );

    const page = h(
      "div",
      { class: "page article-page" },
      header,
      h(
        "div",
        { class: "article-layout" },
        h("div", { class: "article-main card" }, toggles, textEl),
        h(
          "aside",
          { class: "article-side" },
          section(t("evidence"), detail),
          section(`${t("article.entities")} (${ents.length})`, entList),
          section(`${t("article.quotes")} (${(doc.quotes || []).length})`, quoteList),
          section(`${t("article.events")} (${(doc.events || []).length})`, eventList),
          section(`${t("article.places")} (${(doc.places || []).length})`, placeList),
        ),
      ),
    );
    // preselection from the URL: ?event=N, ?quote=N, ?entity=e3
    const pre = [];
    if (params.get("event") !== null && doc.events[Number(params.get("event"))]) pre.push({ kind: "event", ref: Number(params.get("event")) });
    if (params.get("quote") !== null && doc.quotes[Number(params.get("quote"))]) pre.push({ kind: "quote", ref: Number(params.get("quote")) });
    if (params.get("entity")) {
      const i = doc.entities.findIndex((e) => e.id === params.get("entity"));
      if (i >= 0) pre.push({ kind: "entity", ref: i });
    }
    if (pre.length) setTimeout(() => select(pre, true), 0);
    return page;
  });
}
