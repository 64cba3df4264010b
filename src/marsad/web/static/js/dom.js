// DOM helpers. Every string from the API becomes a TEXT NODE (textContent / append(string)); nothing
// from ingested data is ever parsed as HTML. Attribute names are always literals in our code, and
// links go through safeHref(), which only lets internal routes and http(s) URLs through.

const SVG_NS = "http://www.w3.org/2000/svg";

export function safeHref(v) {
  const s = String(v ?? "");
  if (s.startsWith("#") || (s.startsWith("/") && !s.startsWith("//"))) return s;
  if (/^https?:\/\/[^\s]+$/i.test(s)) return s;
  return "#";
}

function setAttrs(el, attrs, svg) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "href" && !svg) el.setAttribute("href", safeHref(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function appendAll(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** h("a", {href: "#/x", class: "y"}, "text", child...) -> an element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs, false);
  appendAll(el, children);
  return el;
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs, true);
  appendAll(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmtNum(n, lang) {
  if (n === null || n === undefined) return "–";
  return Number(n).toLocaleString(lang === "ar" ? "ar-EG" : "en-US");
}

/** An internal route link: route(["doc", id], {q: "x"}) -> "#/doc/<id>?q=x" (parts encoded). */
export function route(parts, params) {
  const path = "#/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
  const qs = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString() : "";
  return qs ? `${path}?${qs}` : path;
}

/** A snippet with **marked** matches -> nodes (marks as <mark>, everything as text). */
export function marked(text) {
  const parts = String(text ?? "").split("**");
  return parts.map((p, i) => (i % 2 === 1 ? h("mark", null, p) : p));
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
