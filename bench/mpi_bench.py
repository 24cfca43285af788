"""MPI ranks through the engine (sandboxed `mpiexec -n N lmp`): wall time of 1 vs 2 ranks on an LJ
liquid large enough to gain (32,000 atoms, 300 steps), and the step-0 thermo of both (equal).

Writes bench/results/mpi.json.

    python bench/mpi_bench.py [--repeats N] [--cells 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")

from simulations.engine import Limits, run_script  # noqa: E402
from simulations.engine.sandbox import bwrap_works  # noqa: E402

SCRIPT = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 {n} 0 {n} 0 {n}
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.44 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 20 check no
fix 1 all nve
thermo 100
run {steps}
"""


def one(script: str, ranks: int, scratch: Path) -> dict:
    workdir = Path(tempfile.mkdtemp(dir=scratch)) / "run"
    result = run_script(script, workdir=workdir, limits=Limits(wall_s=900, nprocs=ranks), sandbox="auto")
    if result.status != "succeeded":
        raise SystemExit(f"{ranks} rank(s): {result.status}: {result.error}")
    block = result.thermo[0]
    return {"wall_s": result.wall_s, "loop_s": block.get("loop_time_s"),
            "mpi_tasks": block["performance"].get("mpi_tasks"), "step0": block["rows"][0]}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cells", type=int, default=20)
    ap.add_argument("--steps", type=int, default=300)
    args = ap.parse_args()
    if not bwrap_works():
        print("MPI runs need the bubblewrap sandbox; skipped", file=sys.stderr)
        return 1
    script = SCRIPT.format(n=args.cells, steps=args.steps)
    scratch = Path(tempfile.mkdtemp(prefix="mdweb-mpi-bench-"))
    runs = {1: [], 2: []}
    for _ in range(args.repeats):
        for ranks in (1, 2):
            runs[ranks].append(one(script, ranks, scratch))
    med = {r: statistics.median(x["wall_s"] for x in v) for r, v in runs.items()}
    out = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.platform(),
        "cpus": os.cpu_count(), "atoms": 4 * args.cells**3, "steps": args.steps, "repeats": args.repeats,
        "wall_s_median": {str(r): round(v, 2) for r, v in med.items()},
        "speedup_2_ranks": round(med[1] / med[2], 3),
        "mpi_tasks": {str(r): v[0]["mpi_tasks"] for r, v in runs.items()},
        "step0_equal": runs[1][0]["step0"] == runs[2][0]["step0"],
        "step0": {str(r): v[0]["step0"] for r, v in runs.items()},
    }  # fmt: skip
    path = ROOT / "bench" / "results" / "mpi.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
