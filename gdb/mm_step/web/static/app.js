"use strict";
// The page of `mm serve`: plain JavaScript and SVG. Every request goes back to the server that
// served the page (relative URLs, the session's token in a header); nothing else is fetched.
const TOKEN = new URLSearchParams(location.search).get("token") || "";
const SVGNS = "http://www.w3.org/2000/svg";   // a namespace name, never fetched
const $ = (id) => document.getElementById(id);
const FREE_ORDER = (o) => `hsl(146, 50%, ${62 - o * 3}%)`;
const LEFT = 150, ROW_H = 24, ROW_GAP = 8, TOP = 8;

let stops = [], views = {}, shown = null, view = [0, 1000], playing = null, marked = null;
let generation = null, latest = null, pending = 0;   // the server's stop list last read, its current stop; requests in flight

function api(path) {
  pending++;
  return fetch(path, { headers: { "X-MM-Token": TOKEN }, cache: "no-store" }).then((r) => {
    if (!r.ok) return r.json().then((e) => Promise.reject(new Error(e.error || r.status)));
    return r.json();
  }).finally(() => { pending--; });
}
const hex = (n) => "0x" + Math.round(n).toString(16);
function size(n) {
  for (const [u, s] of [["TiB", 40], ["GiB", 30], ["MiB", 20], ["KiB", 10]])
    if (n >= 2 ** s) return (n / 2 ** s).toFixed(n % 2 ** s ? 2 : 0) + " " + u;
  return n + " B";
}
function colour(kind) {   // the palette is python's (render/svg.py, web/labels.py), sent with each stop
  const v = views[shown], m = /^node (\d+)$/.exec(kind);
  if (!v) return "#cccccc";
  return m ? v.node_colours[m[1] % v.node_colours.length] : v.colours[kind] || "#cccccc";
}
function el(name, attrs, text) {
  const e = document.createElementNS(SVGNS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the axis: address <-> u (0..width, python's physmap.axis) <-> pixels (the zoomed view) ----
function toU(ax, a) {
  for (const [s, e, x0, x1] of ax.pieces.concat(ax.gaps))
    if (s <= a && a <= e) return e > s ? x0 + (x1 - x0) * (a - s) / (e - s) : x0;
  return a > ax.pieces[ax.pieces.length - 1][1] ? ax.width : 0;
}
function fromU(ax, u) {
  for (const [s, e, x0, x1] of ax.pieces) if (x0 <= u && u <= x1 && x1 > x0) return s + (e - s) * (u - x0) / (x1 - x0);
  return null;   // in a collapsed gap
}
function plotWidth() { return Math.max(300, $("map").clientWidth - LEFT - 20); }
const px = (u) => LEFT + (u - view[0]) / (view[1] - view[0]) * plotWidth();
const unpx = (x) => view[0] + (x - LEFT) / plotWidth() * (view[1] - view[0]);

// ---- drawing ----
// @from: the stop shown before, when the stop changed: what is new since then fades in
function draw(from) {
  const v = views[shown], before = from !== undefined && views[from] ? seenIn(views[from]) : null;
  const svg = $("map");
  svg.textContent = "";
  if (!v) return;
  const ax = v.axis, w = plotWidth();
  const rows = v.rows.slice();
  if (v.free_blocks.length || rows.some((r) => r.name === "sections")) rows.push({ name: "free pages", free: true });
  const height = TOP + rows.length * (ROW_H + ROW_GAP) + 50;
  svg.setAttribute("viewBox", `0 0 ${LEFT + w + 20} ${height}`);
  svg.setAttribute("height", height);
  const clip = el("clipPath", { id: "plot" });
  clip.appendChild(el("rect", { x: LEFT, y: 0, width: w, height }));
  svg.appendChild(clip);
  const plot = el("g", { "clip-path": "url(#plot)" });
  rows.forEach((r, i) => {
    const y = TOP + i * (ROW_H + ROW_GAP);
    svg.appendChild(el("text", { x: LEFT - 8, y: y + ROW_H / 2 + 4, "text-anchor": "end", "font-weight": "bold" }, r.name));
    plot.appendChild(el("rect", { x: LEFT, y, width: w, height: ROW_H, fill: "#fafafa", stroke: "#e6e6e6" }));
    const items = r.free ? v.free_blocks.map(([pfn, o]) => [pfn * 2 ** v.page_shift, (pfn + 2 ** o) * 2 ** v.page_shift,
      "order " + o, FREE_ORDER(o)]) : r.segments.map(([s, e, k, what]) => [s, e, k, colour(k), what]);
    for (const [s, e, k, c, what] of items) {
      const x0 = px(toU(ax, s)), x1 = px(toU(ax, e));
      if (x1 < LEFT || x0 > LEFT + w) continue;
      const rect = el("rect", { x: x0, y, width: Math.max(x1 - x0, 0.6), height: ROW_H, fill: c, stroke: "#333",
        "stroke-width": x1 - x0 > 3 ? 0.3 : 0 });
      if (before && !before.has(`${r.name} ${s} ${e} ${k}`)) rect.classList.add("new");
      rect.dataset.info = `${r.name}: ${what || k}\n${hex(s)}-${hex(e - 1)}  ${size(e - s)}` + reservedFor(v, r, s, e);
      plot.appendChild(rect);
      const label = r.free ? "" : [what, k].find((t) => t && Math.min(x1, LEFT + w) - Math.max(x0, LEFT) > t.length * 6.6 + 8);
      if (label)
        plot.appendChild(el("text", { x: (Math.max(x0, LEFT) + Math.min(x1, LEFT + w)) / 2, y: y + ROW_H / 2 + 4,
          "text-anchor": "middle", "pointer-events": "none", fill: k === "kernel" ? "#fff" : "#111" }, label));
    }
    if (r.note) plot.appendChild(el("text", { x: LEFT + 6, y: y + ROW_H / 2 + 4, fill: "#777" }, r.note));
    if (r.free && !v.free_blocks.length)
      plot.appendChild(el("text", { x: LEFT + 6, y: y + ROW_H / 2 + 4, fill: "#777" }, "none yet: free_all_bootmem fills the free lists"));
  });
  for (const [s, e, x0, x1] of ax.gaps) {
    const a = px(x0), b = px(x1);
    plot.appendChild(el("rect", { x: a, y: 0, width: Math.max(b - a, 1), height: height - 50, fill: "#eeeeee", opacity: 0.85 }));
    plot.appendChild(el("text", { x: (a + b) / 2, y: height - 40, "text-anchor": "middle", fill: "#777" }, "gap " + size(e - s)));
  }
  if (marked !== null) {
    const x = px(toU(ax, marked * 2 ** v.page_shift));
    plot.appendChild(el("line", { x1: x, x2: x, y1: 0, y2: height - 50, stroke: "#d50000", "stroke-width": 1.5 }));
  }
  svg.appendChild(plot);
  drawAxis(svg, ax, TOP + rows.length * (ROW_H + ROW_GAP), w);
  const a = fromU(ax, view[0]), b = fromU(ax, view[1]);
  $("range").textContent = a !== null && b !== null ? `${hex(a)} - ${hex(b)} (${size(b - a)} across)` : "";
}
function seenIn(v) {
  const keys = new Set(v.free_blocks.map(([pfn, o]) => `free pages ${pfn * 2 ** v.page_shift} ${(pfn + 2 ** o) * 2 ** v.page_shift} order ${o}`));
  for (const r of v.rows) for (const [s, e, k] of r.segments) keys.add(`${r.name} ${s} ${e} ${k}`);
  return keys;
}
function reservedFor(v, r, s, e) {
  if (r.name !== "memblock.reserved") return "";
  const reg = v.reserved.find((x) => x.start < e && s < x.end);
  if (!reg) return "";
  return "\n" + reg.parts.filter((p) => p[0] < e && s < p[1]).slice(0, 12)
    .map((p) => `  ${hex(p[0])}-${hex(p[1] - 1)} ${p[2]}`).join("\n");
}
function drawAxis(svg, ax, y, w) {
  svg.appendChild(el("line", { x1: LEFT, x2: LEFT + w, y1: y, y2: y, stroke: "#333" }));
  const a = fromU(ax, view[0]) ?? 0, b = fromU(ax, view[1]) ?? ax.end ?? 0;
  let step = 2 ** 12;
  while ((b - a) / step > 8) step *= 2;
  let last = -1e9;
  for (const [s, e] of ax.pieces) {
    for (let t = Math.ceil(Math.max(s, a) / step) * step; t <= Math.min(e, b); t += step) {
      const x = px(toU(ax, t));
      if (x < LEFT || x > LEFT + w || x - last < 90) continue;
      last = x;
      svg.appendChild(el("line", { x1: x, x2: x, y1: y, y2: y + 5, stroke: "#333" }));
      svg.appendChild(el("text", { x, y: y + 17, "text-anchor": "middle", "font-size": 10 }, hex(t)));
      if (t && t % 2 ** 20 === 0) svg.appendChild(el("text", { x, y: y + 29, "text-anchor": "middle", "font-size": 10, fill: "#666" }, size(t)));
    }
  }
}

// ---- the stop: slider, totals, reserved table ----
function show(count) {
  const v = views[count];
  if (!v) return;
  const from = shown;
  shown = count;
  $("stop-title").textContent = v.title;
  const t = v.totals, all = Math.max(t.memory, 1);
  for (const k of ["memory", "reserved", "free"]) {
    $("bar-" + k).style.width = (100 * Math.min(t[k] / all, 1)).toFixed(2) + "%";
    $("num-" + k).textContent = size(t[k]);
  }
  draw(from !== count ? from : undefined);
  reservedTable(v);
}
function reservedTable(v) {
  const out = $("reserved-out");
  out.textContent = "";
  if (!v.reserved.length) { out.textContent = "nothing reserved yet at this stop"; return; }
  const table = document.createElement("table");
  table.innerHTML = "<tr><th>range</th><th>size</th><th>reserved for</th><th>from</th></tr>";
  for (const reg of v.reserved) {
    const tr = table.insertRow();
    tr.className = "region";
    tr.title = "zoom the map to this region";
    tr.onclick = () => zoomTo(reg.start, reg.end);
    for (const c of [`${hex(reg.start)}-${hex(reg.end - 1)}`, size(reg.end - reg.start), "region", ""]) tr.insertCell().textContent = c;
    for (const [s, e, what, group, src] of reg.parts) {
      const row = table.insertRow();
      row.insertCell().textContent = `  ${hex(s)}-${hex(e - 1)}`;
      row.insertCell().textContent = size(e - s);
      const c = row.insertCell();
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = colour(group);
      c.append(sw, what);
      row.insertCell().textContent = src;
    }
  }
  out.appendChild(table);
}
function zoomTo(s, e) {
  const v = views[shown];
  const a = toU(v.axis, s), b = toU(v.axis, e), pad = Math.max((b - a) * 0.1, 1e-6);
  view = [Math.max(0, a - pad), Math.min(v.axis.width, b + pad)];
  draw();
}

// ---- following a pfn ----
function follow(pfn) {
  marked = pfn;
  draw();
  const out = $("trace-out");
  out.textContent = `reading pfn ${hex(pfn)} from the machine…`;
  api(`api/trace?pfn=${pfn}`).then((t) => {
    out.textContent = "";
    if (t.error) { out.textContent = t.error; return; }
    const h = document.createElement("p");
    h.textContent = `pfn ${hex(t.pfn)} = physical ${hex(t.addr)}, at ${t.stop}`;
    out.appendChild(h);
    t.steps.forEach((s, i) => {
      const d = document.createElement("div");
      d.className = "step" + (s.ok ? "" : " no");
      const b = document.createElement("b");
      b.textContent = (i ? "\u2192 " : "") + s.title;
      const c = document.createElement("code");
      c.textContent = s.command;
      const pre = document.createElement("pre");
      pre.textContent = s.text;
      d.append(b, document.createTextNode("  "), c, pre);
      out.appendChild(d);
    });
  }).catch((e) => { out.textContent = "trace failed: " + e.message; });
}
$("pfn-form").onsubmit = (ev) => {
  ev.preventDefault();
  const n = Number($("pfn").value.trim());
  if (Number.isInteger(n) && n >= 0) follow(n);
};

// ---- zoom and pan ----
function zoom(factor, atX) {
  const v = views[shown];
  if (!v) return;
  const u = unpx(atX), span = Math.min(Math.max((view[1] - view[0]) * factor, 1e-7), v.axis.width);
  const left = u - (u - view[0]) * span / (view[1] - view[0]);
  view = [Math.max(0, Math.min(left, v.axis.width - span)), 0];
  view[1] = view[0] + span;
  draw();
}
const svgX = (ev) => { const r = $("map").getBoundingClientRect(); return (ev.clientX - r.left) * $("map").viewBox.baseVal.width / r.width; };
$("map").addEventListener("wheel", (ev) => { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.25 : 0.8, svgX(ev)); }, { passive: false });
$("zoom-in").onclick = () => zoom(0.5, LEFT + plotWidth() / 2);
$("zoom-out").onclick = () => zoom(2, LEFT + plotWidth() / 2);
$("zoom-reset").onclick = () => { view = [0, views[shown] ? views[shown].axis.width : 1000]; draw(); };
let drag = null;
$("map").addEventListener("mousedown", (ev) => { drag = { x: svgX(ev), view: view.slice(), moved: false }; });
window.addEventListener("mouseup", (ev) => {
  if (drag && !drag.moved && ev.target.closest && ev.target.closest("#map")) {
    const a = fromU(views[shown].axis, unpx(svgX(ev)));
    if (a !== null && svgX(ev) >= LEFT) follow(Math.floor(a / 2 ** views[shown].page_shift));
  }
  drag = null;
});
$("map").addEventListener("mousemove", (ev) => {
  const tip = $("tip");
  if (drag) {
    const du = (svgX(ev) - drag.x) / plotWidth() * (drag.view[1] - drag.view[0]);
    if (Math.abs(svgX(ev) - drag.x) > 3) drag.moved = true;
    const span = drag.view[1] - drag.view[0], wmax = views[shown].axis.width;
    view = [Math.max(0, Math.min(drag.view[0] - du, wmax - span)), 0];
    view[1] = view[0] + span;
    draw();
    return;
  }
  const info = ev.target.dataset && ev.target.dataset.info;
  if (!info) { tip.hidden = true; return; }
  const box = $("mapbox").getBoundingClientRect();
  tip.hidden = false;
  tip.textContent = info;
  tip.style.left = Math.min(ev.clientX - box.left + 12, box.width - 420) + "px";
  tip.style.top = ev.clientY - box.top + 16 + "px";
});
$("map").addEventListener("mouseleave", () => { $("tip").hidden = true; });
window.addEventListener("resize", () => draw());

// ---- the stops: slider, play, following GDB ----
$("slider").oninput = () => { $("follow").checked = false; show(stops[$("slider").value].count); };
$("play").onclick = () => {
  if (playing) { clearInterval(playing); playing = null; $("play").textContent = "\u25b6 play"; return; }
  $("follow").checked = false;
  $("play").textContent = "\u275a\u275a pause";
  let i = 0;
  const next = () => {
    if (i >= stops.length) { clearInterval(playing); playing = null; $("play").textContent = "\u25b6 play"; return; }
    $("slider").value = i;
    show(stops[i++].count);
  };
  next();
  playing = setInterval(next, 1200);
};
function refresh() {
  return api("api/stops").then((s) => {
    if (s.generation === generation) return;
    generation = s.generation;
    stops = s.stops;
    latest = s.current;
    $("slider").max = Math.max(stops.length - 1, 0);
    const missing = stops.filter((x) => !(x.count in views) || x.count === s.current);
    return Promise.all(missing.map((x) => api(`api/stop/${x.count}`).then((v) => { views[x.count] = v; }))).then(() => {
      // decided now, not when asked: the slider may have been moved meanwhile
      const want = $("follow").checked || shown === null ? latest : shown;
      if (shown === null) view = [0, views[want] ? views[want].axis.width : 1000];
      $("slider").value = Math.max(0, stops.findIndex((x) => x.count === want));
      show(want);
      $("status").textContent = stops.length ? `live: ${stops.length} stop${stops.length === 1 ? "" : "s"} seen`
        : "live: no checkpoint reached yet (mm-step in GDB)";
      $("status").className = "status live";
      document.body.dataset.ready = String(s.generation);
    });
  });
}
function showLatest() {
  $("slider").value = Math.max(0, stops.findIndex((x) => x.count === latest));
  show(latest);
}
$("follow").onchange = () => { if ($("follow").checked) showLatest(); };
function listen() {
  const es = new EventSource(`api/events?token=${encodeURIComponent(TOKEN)}`);
  es.addEventListener("stop", () => refresh().catch(() => {}));
  es.onerror = () => { $("status").textContent = "GDB session gone (or not reachable)"; $("status").className = "status lost"; };
}
refresh().catch((e) => { $("status").textContent = "cannot read the session: " + e.message; }).then(listen);
