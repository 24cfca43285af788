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
