"use strict";
// actviz page: every number shown was computed by actviz in Python and is read from the
// JSON block above; this script only chooses which numbers to show and where.
(function () {
  const data = JSON.parse(document.getElementById("actviz-data").textContent);
  const svg = document.querySelector("svg");
  const SPECIAL = { nan: NaN, inf: Infinity, "-inf": -Infinity };
  const num = (v) => (typeof v === "string" ? SPECIAL[v] : v);
  // The shortest decimal that reads back to the same float64 (JavaScript's, like Python's repr).
  const text = (v) => (typeof v === "string" ? v : Object.is(v, -0) ? "-0" : String(v));
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function svgPoint(event) {
    const pt = svg.createSVGPoint();
    pt.x = event.clientX;
    pt.y = event.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  function sliders(onChange) {
    for (const input of $$(".controls input[type=range]")) {
      const out = $("output[for='" + input.id + "']");
      input.addEventListener("input", () => {
        const values = data.sliders[input.name];
        if (out) out.textContent = values[+input.value];
        onChange(input.name, +input.value);
      });
    }
  }

  function curves() {
    const x = data.x;
    const plot = data.plot;
    const pos = {};
    for (const input of $$(".controls input[type=range]")) pos[input.name] = +input.value;
    const off = data.families.map(() => false);
    let index = data.start;

    const chosen = (family) =>
      family.curves.findIndex((c) => Object.keys(c.at).every((p) => c.at[p] === pos[p]));

    function nearest(value) {
      let lo = 0, hi = x.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= value) lo = mid; else hi = mid;
      }
      return value - x[lo] <= x[hi] - value ? lo : hi;
    }

    function showReadout() {
      const readout = $("#readout");
      readout.textContent = "";
      const add = (label, value, family) => {
        const span = document.createElement("span");
        span.textContent = label + " = " + text(value);
        span.dataset.value = text(value);
        if (family !== undefined) span.dataset.family = family;
        if (readout.firstChild) readout.appendChild(document.createTextNode("  "));
        readout.appendChild(span);
      };
      add("x", x[index]);
      data.families.forEach((family, f) => {
        const k = chosen(family);
        if (!off[f] && k >= 0) add(family.curves[k].label, family.curves[k].y[index], f);
      });
      const px = plot.left + ((x[index] - plot.xlim[0]) / (plot.xlim[1] - plot.xlim[0])) * plot.width;
      const cursor = $("#cursor");
      cursor.setAttribute("x1", px.toFixed(2));
      cursor.setAttribute("x2", px.toFixed(2));
      cursor.removeAttribute("display");
    }

    function redraw() {
      data.families.forEach((family, f) => {
        const k = chosen(family);
        family.curves.forEach((_, j) => {
          const path = document.getElementById("c" + f + "-" + j);
          if (j === k && !off[f]) path.removeAttribute("display");
          else path.setAttribute("display", "none");
        });
        const entry = $(".legend-entry[data-family='" + f + "']");
        if (entry && k >= 0) $("text", entry).textContent = family.curves[k].label;
        if (entry) {
          entry.classList.toggle("off", off[f]);
          entry.setAttribute("aria-pressed", String(!off[f]));
        }
      });
      showReadout();
    }

    function toggle(f) {
      off[f] = !off[f];
      redraw();
    }

    for (const entry of $$(".legend-entry")) {
      const f = +entry.dataset.family;
      entry.addEventListener("click", () => toggle(f));
      entry.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(f); }
      });
    }
    function point(event) {
      const p = svgPoint(event);
      if (p.x < plot.left || p.x > plot.left + plot.width) return;
      index = nearest(plot.xlim[0] + ((p.x - plot.left) / plot.width) * (plot.xlim[1] - plot.xlim[0]));
      showReadout();
    }
    svg.addEventListener("pointermove", point);
    svg.addEventListener("pointerdown", point);
    svg.addEventListener("keydown", (e) => {
      const step = e.shiftKey ? 10 : 1;
      const moves = { ArrowLeft: -step, ArrowRight: step, Home: -x.length, End: x.length };
      if (!(e.key in moves)) return;
      e.preventDefault();
      index = Math.max(0, Math.min(x.length - 1, index + moves[e.key]));
      showReadout();
    });
    sliders((name, value) => { pos[name] = value; redraw(); });
    redraw();
  }

  function gate() {
    const g = data.gate;
    const n = g.weights.length;
    const at = { w1: 0, w2: 0, b: 0 };
    for (const input of $$(".controls input[type=range]")) at[input.name] = +input.value;
    const X = (v) => g.left + ((v - g.box[0]) / (g.box[1] - g.box[0])) * g.size;
    const Y = (v) => g.top + g.size - ((v - g.box[2]) / (g.box[3] - g.box[2])) * g.size;

    function update() {
      const w1 = g.weights[at.w1], w2 = g.weights[at.w2], b = g.weights[at.b];
      const code = parseInt(g.outputs[(at.w1 * n + at.w2) * n + at.b], 16);
      g.rows.forEach((row, k) => {
        const y = (code >> k) & 1;
        $("#truth td[data-row='" + k + "']").textContent = String(y);
        $("#input-" + k).setAttribute("fill", y ? g.colours.point[1] : "#ffffff");
      });
      $("#gate-name").textContent = g.names[code] || "no built-in gate";
      // The region where w1*x1 + w2*x2 + b > 0, and its edge: the box cut by the line.
      const f = (p) => w1 * p[0] + w2 * p[1] + b;
      const box = [[g.box[0], g.box[2]], [g.box[1], g.box[2]], [g.box[1], g.box[3]], [g.box[0], g.box[3]]];
      const inside = [], edge = [];
      box.forEach((p, i) => {
        const q = box[(i + 1) % 4], fp = f(p), fq = f(q);
        if (fp > 0) inside.push(p);
        if ((fp > 0) !== (fq > 0)) {
          const t = fp / (fp - fq);
          const c = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
          inside.push(c);
          edge.push(c);
        }
      });
      $("#region-1").setAttribute("points", inside.map((p) => X(p[0]).toFixed(2) + "," + Y(p[1]).toFixed(2)).join(" "));
      const line = $("#decision-line");
      if (edge.length === 2) {
        line.setAttribute("x1", X(edge[0][0]).toFixed(2));
        line.setAttribute("y1", Y(edge[0][1]).toFixed(2));
        line.setAttribute("x2", X(edge[1][0]).toFixed(2));
        line.setAttribute("y2", Y(edge[1][1]).toFixed(2));
        line.removeAttribute("display");
      } else {
        line.setAttribute("display", "none");
      }
      const signed = (v) => (v < 0 ? " - " + text(-v) : " + " + text(v));
      $("#line-text").textContent = "y = step(" + text(w1) + "·x1" + signed(w2) + "·x2" + signed(b) + ")";
    }
    sliders((name, value) => { at[name] = value; update(); });
    update();
  }

  if (data.kind === "curves") curves();
  else if (data.kind === "gate") gate();
})();
