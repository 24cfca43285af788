// Thermo plots with plotly.js (served from static/, no CDN): choose columns, follow a live run,
// and overlay several runs on the compare page.
(function () {
  function readJSON(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function columnsOf(blocks) {
    const cols = [];
    blocks.forEach(b => b.columns.forEach(c => { if (!cols.includes(c)) cols.push(c); }));
    return cols;
  }
  function fill(select, cols, chosen) {
    select.innerHTML = "";
    cols.forEach(c => {
      const o = document.createElement("option");
      o.value = c; o.textContent = c; o.selected = chosen.includes(c);
      select.appendChild(o);
    });
  }
  function values(block, col) {
    const i = block.columns.indexOf(col);
    return i < 0 ? [] : block.rows.map(r => (typeof r[i] === "number" ? r[i] : null));
  }
  const DEFAULT_Y = ["Temp", "TotEng", "PotEng", "E_pair", "Press", "Volume"];

  // --- one run ---
  const plotEl = document.getElementById("thermo-plot");
  if (plotEl) {
    const blocks = (readJSON("thermo-data") || []).filter(b => b.rows && b.rows.length);
    const live = { x: [], y: {} };
    const xSel = document.getElementById("plot-x"), ySel = document.getElementById("plot-y");
    let cols = columnsOf(blocks);
    function draw() {
      const x = xSel.value || "Step";
      const ys = Array.from(ySel.selectedOptions).map(o => o.value);
      const traces = [];
      ys.forEach((y, k) => {
        const xs = [], vs = [];
        blocks.forEach(b => { xs.push(...values(b, x)); vs.push(...values(b, y)); });
        if (!blocks.length && live.y[y]) { xs.push(...live.x); vs.push(...live.y[y]); }
        traces.push({ x: xs, y: vs, name: y, mode: "lines+markers", yaxis: k === 0 ? "y" : "y2" });
      });
      Plotly.react(plotEl, traces, {
        margin: { t: 20 }, xaxis: { title: x }, yaxis: { title: ys[0] || "" },
        yaxis2: { title: ys.slice(1).join(", "), overlaying: "y", side: "right" }, legend: { orientation: "h" },
      }, { responsive: true, displaylogo: false });
      plotEl.dataset.points = traces.reduce((n, t) => n + t.x.length, 0);
    }
    function setup(columns) {
      cols = columns;
      fill(xSel, cols, ["Step"]);
      const ys = DEFAULT_Y.filter(c => cols.includes(c)).slice(0, 2);
      fill(ySel, cols.filter(c => c !== "Step"), ys.length ? ys : cols.slice(1, 2));
    }
    setup(cols);
    xSel.addEventListener("change", draw);
    ySel.addEventListener("change", draw);
    if (cols.length) draw();

    // Live: each WebSocket message carries the latest thermo row.
    const runId = plotEl.dataset.run;
    let lastStatus = (document.getElementById("run-live-" + runId) || {}).dataset?.status;
    document.body.addEventListener("htmx:wsAfterMessage", function () {
      const liveEl = document.getElementById("run-live-" + runId);
      if (!liveEl) return;
      const status = liveEl.dataset.status;
      const p = readJSON("run-progress-json-" + runId) || {};
      if (p.thermo && p.thermo.Step !== undefined && !blocks.length) {
        const keys = Object.keys(p.thermo);
        if (!cols.length) setup(keys);
        if (live.x[live.x.length - 1] !== p.thermo.Step) {
          live.x.push(p.thermo.Step);
          keys.forEach(k => { (live.y[k] = live.y[k] || []).push(p.thermo[k]); });
          draw();
        }
      }
      if (lastStatus !== status && (lastStatus === "running" || lastStatus === "queued") &&
          !["running", "queued"].includes(status)) {
        setTimeout(() => window.location.reload(), 300);  // final: load checks, plots and files
      }
      lastStatus = status;
    });
  }

  // --- several runs overlaid ---
  const cmpEl = document.getElementById("compare-plot");
  if (cmpEl) {
    const series = readJSON("compare-data") || [];
    const xSel = document.getElementById("plot-x"), ySel = document.getElementById("plot-y");
    const cols = columnsOf(series.flatMap(s => s.thermo));
    fill(xSel, cols, ["Step"]);
    fill(ySel, cols.filter(c => c !== "Step"), [DEFAULT_Y.find(c => cols.includes(c)) || cols[1]]);
    function drawCmp() {
      const x = xSel.value, y = ySel.value;
      const traces = series.map(s => {
        const xs = [], ys = [];
        s.thermo.forEach(b => { xs.push(...values(b, x)); ys.push(...values(b, y)); });
        return { x: xs, y: ys, name: s.title, mode: "lines" };
      });
      Plotly.react(cmpEl, traces, { margin: { t: 20 }, xaxis: { title: x }, yaxis: { title: y } },
                   { responsive: true, displaylogo: false });
      cmpEl.dataset.traces = traces.length;
    }
    xSel.addEventListener("change", drawCmp);
    ySel.addEventListener("change", drawCmp);
    if (series.length) drawCmp();
  }
})();
