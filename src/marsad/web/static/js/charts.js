// Small SVG charts built with DOM calls (no library): a stacked daily timeline and horizontal bars.
import { h, s } from "./dom.js";
import { t } from "./i18n.js";

export const QUAD_COLORS = { 1: "#84c57a", 2: "#2e7d32", 3: "#f2a154", 4: "#c62828" };
export const TONE_COLORS = { cooperation: "#2e7d32", conflict: "#c62828", mixed: "#7c7c7c" };

function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Fill the gaps between the first and last day with zero rows (at most ~3 years). */
export function denseDays(rows) {
  if (!rows.length) return [];
  const by = new Map(rows.map((r) => [r.date, r]));
  const first = rows[0].date;
  const last = rows[rows.length - 1].date;
  const out = [];
  let d = first;
  for (let i = 0; i < 1200 && d <= last; i++) {
    out.push(by.get(d) || { date: d, q1: 0, q2: 0, q3: 0, q4: 0, events: 0 });
    d = addDays(d, 1);
  }
  if (d <= last) return rows; // too long a span for daily bars: keep the sparse rows
  return out;
}

/** Stacked bars per day by quad class; rows: [{date, q1..q4, events}]. Time runs left to right. */
export function timeline(rows, { height = 220, onDay = null } = {}) {
  const days = denseDays(rows);
  const wrap = h("div", { class: "chart timeline", dir: "ltr" });
  if (!days.length) {
    wrap.append(h("p", { class: "muted" }, t("empty")));
    return wrap;
  }
  const W = 900;
  const H = height;
  const padL = 34, padR = 8, padT = 8, padB = 34;
  const max = niceMax(Math.max(...days.map((d) => d.q1 + d.q2 + d.q3 + d.q4), 1));
  const bw = Math.min(60, (W - padL - padR) / days.length);
  const y = (v) => padT + (H - padT - padB) * (1 - v / max);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img", "aria-label": t("overview.timeline") });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(s("line", { x1: padL, x2: W - padR, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(s("text", { x: padL - 4, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(Math.round(v * 10) / 10)));
  }
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  days.forEach((d, i) => {
    const x = padL + i * bw;
    let acc = 0;
    const g = s("g", { class: "bar", "data-date": d.date });
    for (const q of [4, 3, 2, 1]) {
      const v = d[`q${q}`] || 0;
      if (!v) continue;
      const y1 = y(acc + v);
      const y0 = y(acc);
      g.append(s("rect", { x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y1, height: Math.max(0.5, y0 - y1), fill: QUAD_COLORS[q] }));
      acc += v;
    }
    const tip = `${d.date}: ${d.q1 + d.q2 + d.q3 + d.q4} — ${[1, 2, 3, 4].map((q) => `${t("quad." + q)} ${d["q" + q] || 0}`).join(", ")}`;
    g.append(s("title", null, tip));
    g.append(s("rect", { x, width: bw, y: padT, height: H - padT - padB, class: "hit" }));
    if (onDay) g.addEventListener("click", () => onDay(d.date));
    svg.append(g);
    if (i % labelEvery === 0) {
      svg.append(s("text", { x: x + bw / 2, y: H - padB + 14, "text-anchor": "middle", class: "axis" }, d.date.slice(5)));
    }
  });
  svg.append(s("text", { x: padL, y: H - 4, class: "axis" }, days[0].date.slice(0, 4)));
  wrap.append(svg, legend());
  return wrap;
}

export function legend() {
  return h(
    "div",
    { class: "legend" },
    [1, 2, 3, 4].map((q) => h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: QUAD_COLORS[q] } }), t("quad." + q))),
  );
}

/** Horizontal bars: items [{label: Node|string, value, color?, href?}]. */
export function bars(items, { max = null } = {}) {
  const m = max ?? Math.max(1, ...items.map((i) => i.value));
  return h(
    "ul",
    { class: "bars" },
    items.map((it) =>
      h(
        "li",
        null,
        h("span", { class: "bar-label" }, it.href ? h("a", { href: it.href }, it.label) : it.label),
        h("span", { class: "bar-track" }, h("span", { class: "bar-fill", style: { width: `${(100 * it.value) / m}%`, background: it.color || "#3b6e8f" } })),
        h("span", { class: "bar-value" }, String(it.value)),
      ),
    ),
  );
}
