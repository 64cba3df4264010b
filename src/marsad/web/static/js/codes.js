// Labels of CAMEO codes and PLOVER types, fetched once from /api/codes.
import { get } from "./api.js";
import { lang } from "./i18n.js";

let tables = null;

export async function loadCodes() {
  if (!tables) {
    const data = await get("/api/codes", null, { cached: true });
    tables = {
      codes: new Map(data.codes.map((c) => [c.code, c])),
      roots: new Map(data.roots.map((c) => [c.code, c])),
      plover: new Map(data.plover.map((c) => [c.code, c])),
    };
  }
  return tables;
}

/** "190 · قتال: Use conventional military force" (Arabic root name + English label in Arabic mode). */
export function cameoLabel(code) {
  if (!code || !tables) return code || "";
  const c = tables.codes.get(code) || tables.codes.get(code.slice(0, 3)) || tables.roots.get(code.slice(0, 2));
  if (!c) return code;
  if (lang() === "ar") {
    const root = tables.roots.get(code.slice(0, 2));
    const rootAr = root ? root.ar : "";
    return code.length <= 2 ? `${code} · ${rootAr}` : `${code} · ${rootAr}: ${c.en}`;
  }
  return `${code} · ${c.en}`;
}

export function ploverLabel(p) {
  if (!p || !tables) return p || "";
  const x = tables.plover.get(p);
  return x ? (lang() === "ar" ? x.ar : x.code) : p;
}
