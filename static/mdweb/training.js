// Loss and reward curves of a training run (plotly, served locally), live over the run's WebSocket.
(function () {
  const el = document.getElementById("training-curves");
  if (!el || !window.Plotly) return;
  const rows = JSON.parse(document.getElementById("training-metrics").textContent || "[]");
  const SERIES = [["loss", "y"], ["reward", "y2"], ["reward_mean", "y2"], ["kl", "y"]];
  function traces() {
    return SERIES.map(([key, axis]) => {
      const pts = rows.filter(r => typeof r[key] === "number" && typeof r.step === "number");
      return { name: key, x: pts.map(r => key === "reward_mean" ? r.reward_call : r.step), y: pts.map(r => r[key]),
               yaxis: axis, mode: "lines+markers" };
    }).filter(t => t.x.length);
  }
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const layout = { margin: { t: 20, r: 60 }, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "loss / KL" } },
    yaxis2: { title: { text: "reward" }, overlaying: "y", side: "right", range: [0, 1.05] },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color: dark ? "#ddd" : "#222" } };
  Plotly.newPlot(el, traces(), layout, { responsive: true, displaylogo: false });
  if (!el.dataset.live) return;
  const proto = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(proto + location.host + el.dataset.ws);
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.row) { rows.push(msg.row); Plotly.react(el, traces(), layout); el.dataset.points = rows.length; }
    if (msg.status) {
      const s = document.getElementById("training-status");
      s.textContent = msg.status; s.className = "status status-" + msg.status;
      if (msg.status === "succeeded" || msg.status === "failed") setTimeout(() => location.reload(), 500);
    }
  };
})();
