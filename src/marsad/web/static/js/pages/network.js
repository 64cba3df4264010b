// Actor network: dyads as directed edges (width by number of events, colour by cooperation/conflict),
// laid out server-side with a deterministic force layout.
import { h, s, route, fmtNum } from "../dom.js";
import { t, L, lang } from "../i18n.js";
import { get } from "../api.js";
import { TONE_COLORS } from "../charts.js";
import { section, errorBox, empty, loading } from "../ui.js";

const W = 1000;
const H = 680;

function edgePath(a, b, curved) {
  const x1 = a.x * W, y1 = a.y * H, x2 = b.x * W, y2 = b.y * H;
  if (!curved) return `M${x1},${y1} L${x2},${y2}`;
  const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
  const dx = x2 - x1, dy = y2 - y1;
  const len = Math.hypot(dx, dy) || 1;
  const off = Math.min(40, len * 0.15);
  return `M${x1},${y1} Q${mx - (dy / len) * off},${my + (dx / len) * off} ${x2},${y2}`;
}

function radius(n) {
  return 6 + 4 * Math.sqrt(n);
}

export async function networkPage(root, _args, params) {
  const quad = h(
    "select",
    { id: "net-quad" },
    h("option", { value: "" }, t("all")),
    h("option", { value: "1,2" }, t("tone.cooperation")),
    h("option", { value: "3,4" }, t("tone.conflict")),
    [1, 2, 3, 4].map((q) => h("option", { value: String(q) }, t("quad." + q))),
  );
  quad.value = params.get("quad_class") || "";
  const canvas = h("div", { class: "network-canvas", dir: "ltr" }, loading());
  const side = h("div", { class: "network-side-body" }, h("p", { class: "muted" }, t("network.help")));
  root.replaceChildren(
    h(
      "div",
      { class: "page network-page" },
      h("h1", null, t("network.title")),
      h(
        "div",
        { class: "toolbar" },
        h("label", null, `${t("quad")}: `, quad),
        h("span", { class: "legend" }, ["cooperation", "conflict", "mixed"].map((k) => h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: TONE_COLORS[k] } }), t("tone." + k)))),
      ),
      h("div", { class: "network-layout" }, canvas, section(t("network.edges"), side)),
    ),
  );

  async function load() {
    canvas.replaceChildren(loading());
    let net;
    try {
      net = await get("/api/network", { limit: 60, quad_class: quad.value, since: params.get("since"), until: params.get("until") });
    } catch (err) {
      canvas.replaceChildren(errorBox(err));
      return;
    }
    if (!net.nodes.length) {
      canvas.replaceChildren(empty());
      return;
    }
    const byCode = new Map(net.nodes.map((n) => [n.code, n]));
    const pairs = new Set(net.edges.map((e) => `${e.source_code}>${e.target_code}`));
    const svg = s("svg", { viewBox: `-40 -30 ${W + 80} ${H + 60}`, class: "network-svg", role: "img", "aria-label": t("network.title") });
    const defs = s("defs");
    for (const [tone, color] of Object.entries(TONE_COLORS)) {
      defs.append(s("marker", { id: `arrow-${tone}`, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "11", markerHeight: "11", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: color })));
    }
    svg.append(defs);
    const maxEv = Math.max(1, ...net.edges.map((e) => e.events));
    const edgeEls = [];
    const gEdges = s("g", { class: "edges" });
    for (const e of net.edges) {
      const a = byCode.get(e.source_code);
      const b = byCode.get(e.target_code);
      if (!a || !b) continue;
      const curved = pairs.has(`${e.target_code}>${e.source_code}`);
      // stop the line at the target's circle so the arrow head shows
      const rb = radius(b.events) + 3;
      const dx = b.x * W - a.x * W, dy = b.y * H - a.y * H;
      const len = Math.hypot(dx, dy) || 1;
      const end = { x: (b.x * W - (dx / len) * rb) / W, y: (b.y * H - (dy / len) * rb) / H };
      const path = s("path", {
        d: edgePath(a, end, curved),
        class: `edge tone-${e.tone}`,
        stroke: TONE_COLORS[e.tone],
        "stroke-width": (1 + 5 * Math.sqrt(e.events / maxEv)).toFixed(2),
        fill: "none",
        "marker-end": `url(#arrow-${e.tone})`,
        "data-source": e.source_code,
        "data-target": e.target_code,
      });
      path.append(s("title", null, `${L(e.source_label)} → ${L(e.target_label)}: ${e.events} ${t("events")} (${t("tone." + e.tone)}, Goldstein ${e.goldstein ?? "–"})`));
      path.addEventListener("click", () => (window.location.hash = route(["events"], { actor: e.source_code, target: e.target_code, exact: "true" })));
      edgeEls.push(path);
      gEdges.append(path);
    }
    svg.append(gEdges);
    const gNodes = s("g", { class: "nodes" });
    // label the busiest actors; the others show their name on hover (and their code inside)
    const labelled = new Set([...net.nodes].sort((a, b) => b.events - a.events || a.code.localeCompare(b.code)).slice(0, 20).map((n) => n.code));
    for (const n of net.nodes) {
      const g = s("g", { class: "node", transform: `translate(${(n.x * W).toFixed(1)},${(n.y * H).toFixed(1)})`, tabindex: "0", "data-code": n.code });
      g.append(s("circle", { r: radius(n.events).toFixed(1) }));
      if (labelled.has(n.code)) g.append(s("text", { y: -radius(n.events) - 4, "text-anchor": "middle", class: "node-label" }, L(n.label)));
      g.append(s("text", { y: 4, "text-anchor": "middle", class: "node-code" }, n.code));
      g.append(s("title", null, `${L(n.label)} (${n.code}): ${n.events} ${t("events")}`));
      const select = () => {
        for (const el of gNodes.querySelectorAll(".node")) el.classList.toggle("selected", el === g);
        for (const el of edgeEls) el.classList.toggle("dim", el.dataset.source !== n.code && el.dataset.target !== n.code);
        const out = net.edges.filter((e) => e.source_code === n.code);
        const inn = net.edges.filter((e) => e.target_code === n.code);
        const row = (e, other, otherCode) =>
          h(
            "li",
            null,
            h("span", { class: "tone-dot", style: { background: TONE_COLORS[e.tone] } }),
            h("a", { href: route(["events"], { actor: e.source_code, target: e.target_code, exact: "true" }) }, L(other)),
            h("span", { class: "sub" }, ` ${otherCode}`),
            h("span", { class: "count" }, `${fmtNum(e.events, lang())} ${t("events")}`),
          );
        side.replaceChildren(
          h("h3", null, h("a", { href: route(["events"], { party: n.code, exact: "true" }) }, L(n.label)), h("span", { class: "sub" }, ` ${n.code}`)),
          h("h4", null, t("network.out")),
          out.length ? h("ul", { class: "dyads" }, out.map((e) => row(e, e.target_label, e.target_code))) : empty(),
          h("h4", null, t("network.in")),
          inn.length ? h("ul", { class: "dyads" }, inn.map((e) => row(e, e.source_label, e.source_code))) : empty(),
        );
      };
      g.addEventListener("click", select);
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") select();
      });
      gNodes.append(g);
    }
    svg.append(gNodes);
    canvas.replaceChildren(svg);
  }
  quad.addEventListener("change", load);
  await load();
}
