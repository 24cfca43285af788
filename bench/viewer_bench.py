"""3D viewer: time to the first drawn frame and frames per second at 10,000 and 100,000 atoms.

A dump of N atoms and 20 frames is written, read by the server-side reader (ASE, simulations/frames.py)
into the binary the viewer fetches, and shown by the real viewer page (static/mdweb/viewer.js with NGL)
in Debian's headless Chromium (software WebGL: a desktop GPU is much faster). Writes
bench/results/viewer.json.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulations import frames  # noqa: E402

PAGE = """<!doctype html><html><body style="margin:0">
<div class="viewer-block"><div class="viewer" data-url="frames.bin" style="width:1000px;height:700px">
<div class="viewer-canvas" style="width:100%;height:100%"></div><p class="viewer-status"></p></div>
<button class="viewer-play">Play</button><input type="range" class="viewer-frame"><select class="viewer-speed"><option>8</option></select>
<span class="viewer-label"></span><p class="viewer-legend"></p></div>
<script src="ngl.js"></script><script src="viewer.js"></script></body></html>"""


def write_dump(path: Path, natoms: int, nframes: int = 20) -> None:
    rng = np.random.default_rng(1)
    side = (natoms / 0.85) ** (1 / 3)
    pos = rng.random((natoms, 3)) * side
    types = rng.integers(1, 3, natoms)
    with open(path, "w") as fh:
        for f in range(nframes):
            pos = (pos + rng.normal(0, 0.05, pos.shape)) % side
            fh.write(f"ITEM: TIMESTEP\n{f * 100}\nITEM: NUMBER OF ATOMS\n{natoms}\nITEM: BOX BOUNDS pp pp pp\n")
            fh.write(f"0 {side}\n0 {side}\n0 {side}\nITEM: ATOMS id type x y z\n")
            np.savetxt(fh, np.column_stack([np.arange(1, natoms + 1), types, pos]), fmt="%d %d %.4f %.4f %.4f")


def measure(natoms: int, browser, folder: Path, port: int) -> dict:
    dump = folder / "dump.lammpstrj"
    write_dump(dump, natoms)
    started = time.perf_counter()
    items, stride = frames.read_frames(dump, max_frames=20)
    blob = frames.encode(items, stride)
    server_s = time.perf_counter() - started
    (folder / "frames.bin").write_bytes(blob)
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    t0 = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/index.html")
    page.wait_for_selector(".viewer[data-ready='1']", timeout=300_000)
    load_s = time.perf_counter() - t0
    first_ms = float(page.get_attribute(".viewer", "data-first-frame-ms"))
    fps = page.evaluate("async () => await document.querySelector('.viewer').mdweb.benchmark(5)")
    page.close()
    return {"atoms": natoms, "frames": len(items), "bytes": len(blob), "server_read_encode_s": round(server_s, 3),
            "first_frame_ms_in_browser": round(first_ms), "page_load_to_ready_s": round(load_s, 2),
            "frames_per_second": round(fps, 2)}  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "index.html").write_text(PAGE)
        (folder / "ngl.js").write_bytes((ROOT / "node_modules" / "ngl" / "dist" / "ngl.js").read_bytes())
        (folder / "viewer.js").write_bytes((ROOT / "static" / "mdweb" / "viewer.js").read_bytes())
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])  # fmt: skip
            for n in (10_000, 100_000):
                results.append(measure(n, browser, folder, server.server_address[1]))
                print(results[-1])
            browser.close()
        server.shutdown()
    out = {"benchmark": "viewer", "date": datetime.now(UTC).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
           "notes": "headless Chromium with software WebGL (SwiftShader) on the CPU; spheres as NGL impostors up to "
                    "50,000 atoms, points above", "runs": results}  # fmt: skip
    path = ROOT / "bench" / "results" / "viewer.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
