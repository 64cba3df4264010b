// Map: located events and mentioned places on an offline world map (Leaflet + Natural Earth country
// shapes from world-atlas, no tile server), grouped by a screen-grid clustering, click for the list.
import { h, route, fmtNum } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get } from "../api.js";
import { QUAD_COLORS } from "../charts.js";
import { section, quadBadge, errorBox, docLink, loading, empty } from "../ui.js";

const CELL_PX = 56;
let countriesPromise = null;

function countries() {
  if (!countriesPromise) {
    countriesPromise = fetch("/static/vendor/world-atlas/countries-50m.json")
      .then((r) => {
        if (!r.ok) throw new Error(`world map: ${r.status}`);
        return r.json();
      })
      .then((topo) => {
        const geo = window.topojson.feature(topo, topo.objects.countries);
        // Antarctica is not news geography, and its ring spans every longitude
        geo.features = geo.features.filter((f) => f.id !== "010").map(unwrapFeature);
        return geo;
      });
  }
  return countriesPromise;
}

/** Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180; Leaflet would draw a
 *  line across the whole map. Make each ring continuous instead (longitudes may pass 180). */
function unwrapRing(ring) {
  let offset = 0;
  let prev = null;
  return ring.map(([lon, lat]) => {
    if (prev !== null) {
      if (lon - prev > 180) offset -= 360;
      else if (prev - lon > 180) offset += 360;
    }
    prev = lon;
    return [lon + offset, lat];
  });
}

function unwrapFeature(f) {
  const g = f.geometry;
  if (!g) return f;
  if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
  else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(unwrapRing));
  return f;
}

/** Group points whose screen positions fall in the same grid cell at the current zoom. */
export function gridCluster(map, points, cellPx = CELL_PX) {
  const z = map.getZoom();
  const cells = new Map();
  for (const p of points) {
    const pt = map.project([p.lat, p.lon], z);
    const key = `${Math.floor(pt.x / cellPx)}:${Math.floor(pt.y / cellPx)}`;
    let c = cells.get(key);
    if (!c) {
      c = { items: [], x: 0, y: 0 };
      cells.set(key, c);
    }
    c.items.push(p);
    c.x += pt.x;
    c.y += pt.y;
  }
  return [...cells.values()].map((c) => ({ items: c.items, latlng: map.unproject([c.x / c.items.length, c.y / c.items.length], z) }));
}

function dominantQuad(items) {
  const n = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const it of items) if (n[it.quad_class] !== undefined) n[it.quad_class] += 1;
  return Number(Object.entries(n).sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0]);
}

function icon(Lf, kind, items) {
  const count = items.length;
  const size = Math.round(Math.min(54, 20 + 7 * Math.log2(count + 1)));
  const el = h("div", { class: `cluster ${kind}` }, h("span", null, String(count)));
  if (kind === "events") {
    el.style.background = QUAD_COLORS[dominantQuad(items)];
  }
  el.style.width = el.style.height = `${size}px`;
  el.style.lineHeight = `${size}px`;
  const label = kind === "events" ? `${count} ${t("events")}` : items.map((p) => p.name).slice(0, 5).join("، ");
  el.setAttribute("title", label);
  return Lf.divIcon({ html: el, className: "cluster-icon", iconSize: [size, size] });
}

function eventList(items) {
  const sorted = [...items].sort((a, b) => String(b.date).localeCompare(String(a.date)) || b.id - a.id);
  return h(
    "ul",
    { class: "map-list" },
    sorted.slice(0, 200).map((e) =>
      h(
        "li",
        null,
        quadBadge(e.quad_class),
        " ",
        h("a", { href: route(["event", e.id]), class: "event-link" }, `${e.date || "?"} · ${e.cameo || ""}`),
        h("div", { class: "sub" }, `${e.source_name || e.source_code || "?"} → ${e.target_name || e.target_code || "?"}`, e.loc_name ? ` · ${e.loc_name}` : ""),
      ),
    ),
  );
}

function placeList(items, side) {
  const sorted = [...items].sort((a, b) => b.documents - a.documents || String(a.name).localeCompare(String(b.name)));
  return h(
    "ul",
    { class: "map-list" },
    sorted.slice(0, 200).map((p) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: "linkish",
            onclick: async () => {
              side.replaceChildren(loading());
              try {
                const docs = await get("/api/places/documents", { name: p.name });
                side.replaceChildren(
                  h("h3", null, p.name, p.country ? ` (${p.country})` : ""),
                  docs.length ? h("ul", { class: "map-list" }, docs.map((d) => h("li", null, docLink(d.id, d.title), h("div", { class: "sub" }, `${d.published || ""} · `, h("span", { lang: "ar" }, d.source || ""))))) : empty(),
                );
              } catch (err) {
                side.replaceChildren(errorBox(err));
              }
            },
          },
          p.name,
        ),
        h("span", { class: "count" }, `${fmtNum(p.documents, lang())} ${t("documents")}`),
        p.admin1 ? h("div", { class: "sub" }, `${p.admin1}${p.country ? " · " + p.country : ""}`) : null,
      ),
    ),
  );
}

export async function mapPage(root, _args, params) {
  const Lf = window.L;
  const side = h("div", { class: "map-side-body" }, h("p", { class: "muted" }, t("map.click")));
  const showEvents = h("input", { type: "checkbox", checked: true, id: "layer-events" });
  const showPlaces = h("input", { type: "checkbox", checked: true, id: "layer-places" });
  const quad = h(
    "select",
    { id: "map-quad" },
    h("option", { value: "" }, t("all")),
    [1, 2, 3, 4].map((q) => h("option", { value: String(q) }, t("quad." + q))),
    h("option", { value: "1,2" }, t("tone.cooperation")),
    h("option", { value: "3,4" }, t("tone.conflict")),
  );
  quad.value = params.get("quad_class") || "";
  const mapDiv = h("div", { class: "map", id: "map" });
  const status = h("span", { class: "sub map-status" });
  root.replaceChildren(
    h(
      "div",
      { class: "page map-page" },
      h("h1", null, t("map.title")),
      h(
        "div",
        { class: "toolbar" },
        h("label", null, showEvents, " ", h("span", { class: "cluster-key events" }), t("map.events")),
        h("label", null, showPlaces, " ", h("span", { class: "cluster-key places" }), t("map.places")),
        h("label", null, `${t("quad")}: `, quad),
        status,
      ),
      h("div", { class: "map-layout" }, mapDiv, section(t("map.cluster"), side)),
    ),
  );
  if (!Lf || !window.topojson) {
    side.replaceChildren(errorBox(new Error("Leaflet did not load")));
    return;
  }
  const map = Lf.map(mapDiv, { minZoom: 1, maxZoom: 11, zoomSnap: 0.5, worldCopyJump: false, attributionControl: true, maxBounds: [[-62, -200], [86, 220]], maxBoundsViscosity: 0.8 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  map.setView([27, 38], 3);
  let points = [];
  let places = [];
  const clusters = Lf.layerGroup().addTo(map);

  function redraw() {
    clusters.clearLayers();
    const layers = [];
    if (showPlaces.checked) layers.push(["places", places]);
    if (showEvents.checked) layers.push(["events", points]);
    for (const [kind, data] of layers) {
      for (const c of gridCluster(map, data)) {
        const marker = Lf.marker(c.latlng, { icon: icon(Lf, kind, c.items), keyboard: true, riseOnHover: true, zIndexOffset: kind === "events" ? 1000 : 0 });
        marker.on("click", () => {
          side.replaceChildren(h("h3", null, `${c.items.length} ${kind === "events" ? t("events") : t("map.places")}`), kind === "events" ? eventList(c.items) : placeList(c.items, side));
        });
        clusters.addLayer(marker);
      }
    }
  }

  async function load(fit) {
    status.textContent = t("loading");
    try {
      [points, places] = await Promise.all([
        get("/api/events/points", { limit: 5000, quad_class: quad.value, since: params.get("since"), until: params.get("until") }),
        get("/api/places", { limit: 3000 }, { cached: true }),
      ]);
      status.textContent = `${fmtNum(points.length, lang())} ${t("events")} · ${fmtNum(places.length, lang())} ${t("map.places")}`;
      if (fit) {
        const all = points.length ? points : places;
        if (all.length) map.fitBounds(Lf.latLngBounds(all.map((p) => [p.lat, p.lon])).pad(0.15), { maxZoom: 6 });
      }
      redraw();
    } catch (err) {
      status.textContent = "";
      side.replaceChildren(errorBox(err));
    }
  }

  map.on("zoomend", redraw);
  showEvents.addEventListener("change", redraw);
  showPlaces.addEventListener("change", redraw);
  quad.addEventListener("change", () => load(false));
  try {
    const geo = await countries();
    Lf.geoJSON(geo, { style: { color: "#9b9484", weight: 0.7, fillColor: "#efeadf", fillOpacity: 1 }, interactive: false }).addTo(map);
    clusters.bringToFront?.();
  } catch (err) {
    side.replaceChildren(errorBox(err));
  }
  map.invalidateSize();
  await load(true);
}
