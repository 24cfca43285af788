// Queue health in the header, filled from /health/ (htmx fetches it; we render the JSON).
document.body.addEventListener("htmx:afterRequest", function (evt) {
  const el = evt.detail.elt;
  if (el && el.id === "model-health") {
    try {
      const data = JSON.parse(evt.detail.xhr.responseText);
      el.textContent = data.ok ? "model: up" : "model: down";
      el.title = data.ok ? (data.models || []).join(", ") : data.error;
      el.className = "health " + (data.ok ? "ok" : "bad");
    } catch (e) { el.textContent = "model: ?"; }
    return;
  }
  if (!el || el.id !== "health") return;
  try {
    const data = JSON.parse(evt.detail.xhr.responseText);
    const ok = data.redis && data.workers > 0;
    el.textContent = !data.redis ? "queue: down" : "queue: " + data.workers + " worker" + (data.workers === 1 ? "" : "s");
    el.className = "health " + (ok ? "ok" : "bad");
  } catch (e) {
    el.textContent = "queue: ?";
    el.className = "health bad";
  }
});

// Small thermo plots of runs started from the chat, drawn once the run has finished.
(function () {
  const FINAL = ["succeeded", "failed", "rejected", "cancelled", "timed_out"];
  function drawMini(el) {
    if (el.dataset.drawn || typeof Plotly === "undefined") return;
    const live = document.getElementById("run-live-" + el.dataset.run);
    if (!live || !FINAL.includes(live.dataset.status)) return;
    el.dataset.drawn = "1";
    fetch(el.dataset.jsonUrl, { credentials: "same-origin" }).then(r => r.json()).then(data => {
      const blocks = (data.thermo || []).filter(b => b.rows && b.rows.length);
      if (!blocks.length) return;
      const col = (b, name) => { const i = b.columns.indexOf(name); return i < 0 ? [] : b.rows.map(r => r[i]); };
      const y = ["Temp", "TotEng", "PotEng"].find(c => blocks[0].columns.includes(c));
      const xs = [], ys = [];
      blocks.forEach(b => { xs.push(...col(b, "Step")); ys.push(...col(b, y)); });
      Plotly.newPlot(el, [{ x: xs, y: ys, name: y, mode: "lines" }],
        { height: 220, margin: { t: 10, b: 30, l: 50, r: 10 }, xaxis: { title: "Step" }, yaxis: { title: y } },
        { displaylogo: false, responsive: true });
      el.dataset.points = xs.length;
    });
  }
  function scan() { document.querySelectorAll(".mini-plot").forEach(drawMini); }
  document.addEventListener("DOMContentLoaded", scan);
  document.body.addEventListener("htmx:wsAfterMessage", scan);
  document.body.addEventListener("htmx:afterSwap", scan);
})();
