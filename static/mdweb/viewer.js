// 3D structure and trajectory viewer: NGL (npm "ngl", served locally) drawing frames that the server
// reads with ASE and sends as binary (uint32 header length, JSON header, uint8 type per atom, float32
// positions per frame). NGL draws spheres as GPU impostors, which keeps 100,000 atoms interactive.
(function () {
  const ELEMENTS = ["C", "O", "N", "S", "P", "F", "CL", "BR", "I", "FE", "CU", "ZN"];
  const NAMES = ["carbon grey", "red", "blue", "yellow", "orange", "green", "green", "dark red", "violet", "orange", "copper", "grey"];

  function parse(buffer) {
    const view = new DataView(buffer);
    const n = view.getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
    const types = new Uint8Array(buffer, 4 + n, header.natoms);
    let offset = 4 + n + header.natoms;
    const copy = buffer.slice(offset);  // float32 needs 4-byte alignment
    const positions = new Float32Array(copy);
    return { header, types, positions };
  }

  function groText(header, types, positions) {
    // One frame as GROMACS .gro text (nm), each atom type shown as a distinct element colour.
    const lines = ["MDWeb frame", String(header.natoms)];
    const pad = (s, w) => String(s).padStart(w);
    for (let i = 0; i < header.natoms; i++) {
      const el = ELEMENTS[types[i] % ELEMENTS.length];
      const x = positions[3 * i] / 10, y = positions[3 * i + 1] / 10, z = positions[3 * i + 2] / 10;
      lines.push(pad((i + 1) % 100000, 5) + (("T" + header.types[types[i]]).padEnd(5)).slice(0, 5) + pad(el, 5)
        + pad((i + 1) % 100000, 5) + pad(x.toFixed(3), 8) + pad(y.toFixed(3), 8) + pad(z.toFixed(3), 8));
    }
    const b = header.boxes[0];
    lines.push(pad((b[0] / 10).toFixed(5), 10) + pad((b[1] / 10).toFixed(5), 10) + pad((b[2] / 10).toFixed(5), 10));
    return lines.join("\n") + "\n";
  }

  function boxShape(box, origin) {
    const shape = new NGL.Shape("box");
    const [lx, ly, lz] = box, [ox, oy, oz] = origin;
    const c = [];
    for (const x of [0, lx]) for (const y of [0, ly]) for (const z of [0, lz]) c.push([ox + x, oy + y, oz + z]);
    const edges = [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 3], [2, 6], [3, 7], [4, 5], [4, 6], [5, 7], [6, 7]];
    edges.forEach(([a, b]) => shape.addWideline(c[a], c[b], [0.5, 0.5, 0.5]));
    return shape;
  }

  async function start(el) {
    if (el.dataset.started) return;
    el.dataset.started = "1";
    const block = el.closest(".viewer-block") || el;
    const status = el.querySelector(".viewer-status");
    const t0 = performance.now();
    const response = await fetch(el.dataset.url, { credentials: "same-origin" });
    if (!response.ok) { status.textContent = await response.text(); return; }
    const { header, types, positions } = parse(await response.arrayBuffer());
    const bg = getComputedStyle(document.documentElement).getPropertyValue("--pico-background-color").trim() || "white";
    const stage = new NGL.Stage(el.querySelector(".viewer-canvas"), { backgroundColor: bg });
    const natoms = header.natoms, frameSize = natoms * 3;
    const text = groText(header, types, positions.subarray(0, frameSize));
    const comp = await stage.loadFile(new Blob([text], { type: "text/plain" }), { ext: "gro" });
    comp.addRepresentation(natoms > 50000 ? "point" : "spacefill", { radiusScale: 0.45, colorScheme: "element", pointSize: 2 });
    const box = stage.addComponentFromObject(boxShape(header.boxes[0], header.origins[0]));
    box.addRepresentation("buffer");
    stage.autoView();
    const first = performance.now() - t0;
    const slider = block.querySelector(".viewer-frame"), label = block.querySelector(".viewer-label");
    const play = block.querySelector(".viewer-play");
    slider.max = header.nframes - 1;
    let frame = 0, timer = null, drawn = 0, since = performance.now();
    function show(i) {
      frame = i;
      comp.structure.updatePosition(positions.subarray(i * frameSize, (i + 1) * frameSize));
      comp.updateRepresentations({ position: true });
      slider.value = i;
      label.textContent = `frame ${i + 1} of ${header.nframes} · step ${header.steps[i]}`;
      drawn += 1;
    }
    function toggle() {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); return; }
      play.textContent = "Pause"; play.setAttribute("aria-pressed", "true");
      timer = setInterval(() => show((frame + 1) % header.nframes), 1000 / Number(block.querySelector(".viewer-speed").value));
    }
    play.addEventListener("click", toggle);
    slider.addEventListener("input", () => show(Number(slider.value)));
    const legend = block.querySelector(".viewer-legend");
    legend.textContent = header.types.map((t, i) => `type ${t}: ${NAMES[i % NAMES.length]}`).join(" · ")
      + ` · ${natoms.toLocaleString()} atoms` + (header.stride > 1 ? ` · every ${header.stride}th frame` : "");
    show(0);
    status.textContent = "";
    function benchmark(seconds) {
      // Draw frames as fast as the browser paints them, for `seconds`: frames per second.
      return new Promise(resolve => {
        let n = 0; const end = performance.now() + 1000 * seconds;
        function step() {
          show((frame + 1) % header.nframes); stage.viewer.render(); n += 1;
          if (performance.now() < end) requestAnimationFrame(step); else resolve(n / seconds);
        }
        requestAnimationFrame(step);
      });
    }
    el.mdweb = { stage, show, header, firstFrameMs: first, benchmark,
      fps: () => { const s = (performance.now() - since) / 1000; const f = drawn / s; drawn = 0; since = performance.now(); return f; } };
    el.dataset.ready = "1";
    el.dataset.firstFrameMs = Math.round(first);
  }

  function scan() { document.querySelectorAll(".viewer[data-url]").forEach(el => { if (typeof NGL !== "undefined") start(el); }); }
  document.addEventListener("DOMContentLoaded", scan);
  document.body.addEventListener("htmx:afterSwap", scan);
})();
