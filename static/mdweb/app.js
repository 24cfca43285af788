// Queue health in the header, filled from /health/ (htmx fetches it; we render the JSON).
document.body.addEventListener("htmx:afterRequest", function (evt) {
  const el = evt.detail.elt;
  if (el && el.id === "model-health") {
    try {
      const data = JSON.parse(evt.detail.xhr.responseText);
      const adapters = data.adapters || [];
      // which trained adapters the server has loaded (md-code, md-instruct), or the base model alone
      el.textContent = !data.ok ? "model: down" : "model: up · " + (adapters.length ? adapters.join(" + ") : "base model, no adapters");
      el.title = data.ok ? "served: " + (data.models || []).join(", ") + (adapters.length ? "; LoRA adapters: " + adapters.join(", ") : "") : data.error;
      el.className = "health " + (data.ok ? "ok" : "bad");
    } catch (e) { el.textContent = "model: ?"; }
    return;
  }
  if (!el || el.id !== "health") return;
  try {
    const data = JSON.parse(evt.detail.xhr.responseText);
    const ok = data.redis && data.workers > 0 && !(data.down || []).length;
    let text = !data.redis ? "queue: down" : "queue: " + data.workers + " worker" + (data.workers === 1 ? "" : "s");
    if (data.queued) text += ", " + data.queued + " waiting";
    const restarts = Object.entries(data.restarts || {});
    if ((data.down || []).length) text += " (restarting " + data.down.join(", ") + ")";
    else if (restarts.length) text += " (restarted: " + restarts.map(([n, k]) => n + " x" + k).join(", ") + ")";
    el.textContent = text;
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

// A run created in another tab or by another member: the project socket sends its row as an
// out-of-band swap, which has no target yet on this page; put it at the top of the run list.
document.body.addEventListener("htmx:oobErrorNoTarget", function (evt) {
  const el = evt.detail.content;
  const body = document.getElementById("runs-body");
  if (!el || !body || !el.id || !el.id.startsWith("run-row-")) return;
  const filters = document.getElementById("run-filters");
  // A filtered or re-sorted list: a new row may not belong in it, or not at the top (sort's default
  // is "newest", where a new run does go first).
  const filtered = filters && [...filters.querySelectorAll("input[type=search], select")]
    .some(f => f.name === "sort" ? f.value !== "newest" : f.value);
  if (filtered) return;
  el.removeAttribute("hx-swap-oob");
  const empty = body.querySelector("tr.empty-row");
  if (empty) empty.remove();
  body.prepend(el);
});

// "End of the log" opens at the end of the log.
document.addEventListener("toggle", function (evt) {
  const details = evt.target;
  if (details.classList && details.classList.contains("log-tail") && details.open) {
    const pre = details.querySelector("pre.log");
    if (pre) pre.scrollTop = pre.scrollHeight;
  }
}, true);

// A script larger than the limit is refused before it is sent, so nothing typed is lost.
document.addEventListener("submit", function (evt) {
  const form = evt.target;
  const area = form.querySelector("textarea[data-max-bytes]");
  if (!area) return;
  const bytes = new TextEncoder().encode(area.value).length;
  const limit = Number(area.dataset.maxBytes);
  if (bytes > limit) {
    evt.preventDefault();
    let note = form.querySelector(".size-error");
    if (!note) { note = document.createElement("p"); note.className = "size-error danger"; note.setAttribute("role", "alert"); area.after(note); }
    note.textContent = `The script is ${bytes.toLocaleString()} bytes; the limit is ${limit.toLocaleString()}. `
      + "Put large data (atoms, tables) in an input file and read it with read_data.";
  }
}, true);

// A refused htmx request (403, 413, 422, ...) says why next to the button instead of failing silently.
document.body.addEventListener("htmx:responseError", function (evt) {
  const elt = evt.detail.elt;
  const xhr = evt.detail.xhr;
  let note = document.createElement("p");
  note.className = "danger request-error";
  note.setAttribute("role", "alert");
  const text = (xhr.responseText || "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
  note.textContent = xhr.status === 403 ? "You do not have permission to do this in this project." : (text || `Request failed (${xhr.status}).`);
  (elt.closest(".block-actions") || elt.parentElement).appendChild(note);
});

// The editor: "Apply the fix" replaces the word on its line, then the check runs again.
document.addEventListener("click", function (evt) {
  const button = evt.target.closest(".apply-fix");
  if (!button) return;
  const area = document.getElementById("id_script");
  if (!area) return;
  const lines = area.value.split("\n");
  const i = Number(button.dataset.line) - 1;
  const old = button.dataset.old, repl = button.dataset.new;
  if (i >= 0 && i < lines.length && lines[i].includes(old)) {
    lines[i] = lines[i].replace(new RegExp("(^|[^\\w/])" + old.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + "(?![\\w/])"),
                                (m, pre) => pre + repl);
    area.value = lines.join("\n");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
});

// Notifications: a run of yours that ends arrives over /ws/notifications/ into the header list;
// with the browser's permission it also shows as a desktop notification.
(function () {
  function count() {
    const el = document.getElementById("notice-count");
    if (el) el.textContent = document.querySelectorAll("#notices li.notice").length;
  }
  document.body.addEventListener("htmx:wsAfterMessage", function (evt) {
    if (!String(evt.detail.message || "").includes('class="notice"')) return;
    count();
    const latest = document.querySelector("#notices li.notice");
    if (latest && "Notification" in window && Notification.permission === "granted") {
      new Notification("MDWeb: run " + latest.dataset.status, { body: latest.dataset.title });
    }
  });
  document.addEventListener("click", function (evt) {
    if (evt.target.id === "enable-desktop-notices" && "Notification" in window) {
      Notification.requestPermission().then(p => { evt.target.textContent = p === "granted" ? "Desktop notifications on" : "Desktop notifications blocked by the browser"; });
    }
  });
})();

// The project page's run list follows the project's WebSocket. Runs that changed while the socket
// was not yet open (just after the page loaded) or was reconnecting would be missed: on every open,
// fetch the list once more through the filter form, so the table is current before updates stream.
document.body.addEventListener("htmx:wsOpen", function (evt) {
  const filters = document.getElementById("run-filters");
  if (evt.target && evt.target.id === "run-table" && filters) htmx.trigger(filters, "change");
});
