"""A run as one zip: the script, its inputs, the potentials it used (with SHA-256), the log, the
outputs and a provenance manifest (LAMMPS version, seeds, limits, sandbox, timings, the first
thermo row). `manage.py lammps_run BUNDLE.zip` runs it again and compares the first thermo row;
the web app's "reproduce" button does the same through a new run. Plain Python (no Django)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = "mdweb-bundle/1"
SKIP = {"in.mdweb", "screen.log", "result.json"}  # our driver and captures, not the run's own files


def first_row(thermo: list[dict] | None) -> dict | None:
    """The first thermo row of the first block: {column: value} (the step-0 state)."""
    for block in thermo or []:
        if block.get("rows"):
            return dict(zip(block["columns"], block["rows"][0], strict=False))
    return None


def make(*, script: str, workdir: Path | None, files: list[str], reproducibility: dict, info: dict,
         thermo: list[dict] | None, potentials_dir: Path | None) -> bytes:  # fmt: skip
    """The zip's bytes. `info`: run id, status, times and wall time, for the manifest."""
    repro = dict(reproducibility or {})
    manifest = {
        "format": FORMAT,
        "run": info,
        "lammps_version": repro.get("lammps_version"),
        "script_sha256": repro.get("script_sha256"),
        "seeds": repro.get("seeds", []),
        "limits": repro.get("limits", {}),
        "sandbox": repro.get("sandbox", {}),
        "inputs": [],
        "outputs": [],
        "first_thermo_row": first_row(thermo),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("in.lammps", script)
        for item in repro.get("inputs", []):
            name = item["name"]
            source = (workdir / name) if item.get("source") == "input" and workdir else None
            if item.get("source") == "library" and potentials_dir is not None:
                source = potentials_dir / name
            if source is not None and source.is_file():
                z.write(source, f"inputs/{name}")
                manifest["inputs"].append({**item, "path": f"inputs/{name}"})
        for name in files or []:
            path = (workdir / name) if workdir else None
            if name in SKIP or name == "in.lammps" or path is None or not path.is_file():
                continue
            z.write(path, f"outputs/{name}")
            manifest["outputs"].append(f"outputs/{name}")
        z.writestr(MANIFEST, json.dumps(manifest, indent=2, default=str))
    return buf.getvalue()


def unpack(path: Path, into: Path) -> tuple[str, dict[str, Path], dict]:
    """(script, input files, manifest) from a bundle, extracted into `into`."""
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"{path} is not an MDWeb bundle ({manifest.get('format')!r})")
        script = z.read("in.lammps").decode()
        inputs = {}
        for item in manifest.get("inputs", []):
            name = item["name"]
            target = into / name
            target.write_bytes(z.read(item["path"]))
            inputs[name] = target
    return script, inputs, manifest


def compare_first_rows(expected: dict | None, got: dict | None, rtol: float = 1e-6) -> list[str]:
    """Differences between two first thermo rows (empty when they agree)."""
    if not expected or not got:
        return ["no thermo row to compare"]
    out = []
    for key, value in expected.items():
        other = got.get(key)
        if isinstance(value, int | float) and isinstance(other, int | float):
            if abs(value - other) > rtol * max(1.0, abs(value)):
                out.append(f"{key}: {value} then, {other} now")
        elif value != other:
            out.append(f"{key}: {value} then, {other} now")
    return out
