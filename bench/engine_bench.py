"""Engine overhead: `lammps_run` (validate, sandbox, watch, parse, check) vs the bare `lmp -in`.

Writes bench/results/engine.json. Targets (issue 2): median wall-time ratio <= 1.05 on
in.lj and in.eam at the wheel's default sizes, and validation of a 1,000-line script < 50 ms.

    python bench/engine_bench.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")

from simulations.engine import Limits, catalogue, check_script, find_installation, run_script  # noqa: E402
from simulations.engine.sandbox import bwrap_works  # noqa: E402

INPUTS = {"lj": ["in.lj"], "eam": ["in.eam", "Cu_u3.eam"]}


def bare(inst, name: str, files: list[str], scratch: Path) -> float:
    workdir = Path(tempfile.mkdtemp(dir=scratch))
    for f in files:
        shutil.copyfile(inst.bench_dir / f, workdir / f)
    started = time.perf_counter()
    subprocess.run([str(inst.binary), "-in", files[0]], cwd=workdir, env=inst.child_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def engine(inst, name: str, files: list[str], scratch: Path, sandbox: str) -> float:
    inputs = {f: inst.bench_dir / f for f in files[1:]}
    script = (inst.bench_dir / files[0]).read_bytes()
    workdir = Path(tempfile.mkdtemp(dir=scratch)) / "run"
    started = time.perf_counter()
    result = run_script(script, workdir=workdir, input_files=inputs, limits=Limits(wall_s=600), sandbox=sandbox)
    elapsed = time.perf_counter() - started
    assert result.status == "succeeded", result.error
    return elapsed


def cli(inst, files: list[str], scratch: Path) -> float:
    src = Path(tempfile.mkdtemp(dir=scratch))
    for f in files:
        shutil.copyfile(inst.bench_dir / f, src / f)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "lammps_run", str(src / files[0]),
                    "--workdir", str(src / "run")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def validation_bench(repeats: int = 50) -> dict:
    lines = [
        "units lj", "atom_style atomic", "lattice fcc 0.8442", "region box block 0 10 0 10 0 10",
        "create_box 1 box", "create_atoms 1 box", "mass 1 1.0", "pair_style lj/cut 2.5",
        "pair_coeff 1 1 1.0 1.0", "velocity all create 1.0 87287", "fix 1 all nvt temp 1.0 1.0 0.5",
        "thermo 100",
    ]  # fmt: skip
    i = 0
    while len(lines) < 1000:
        lines += [f"variable t{i} equal 1.0+0.01*{i}", f"compute c{i} all pe/atom", "thermo_modify norm yes",
                  "run 10"]  # fmt: skip
        i += 1
    text = "\n".join(lines[:1000]) + "\n"
    catalogue()
    check_script(text)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        report = check_script(text)
        times.append(time.perf_counter() - started)
    assert report.ok, report.errors[:3]
    return {"lines": 1000, "repeats": repeats, "median_ms": round(1000 * statistics.median(times), 2),
            "max_ms": round(1000 * max(times), 2), "target_ms": 50,
            "meets_target": statistics.median(times) < 0.050}  # fmt: skip


def bounded_work_bench(scratch: Path) -> dict:
    """Work the engine does outside LAMMPS's own limits: parsing the echo of a 90,000-line
    script (issue 9: quadratic before, 52 s of worker CPU for under 1 s of LAMMPS) and the
    file-count limit on a run that writes a file per step (issue 9: 6,836 files against 5,000)."""
    import resource

    script = "units lj\n" + 'print "x"\n' * 90000
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    result = run_script(script, workdir=Path(tempfile.mkdtemp(dir=scratch)) / "run", limits=Limits(wall_s=600))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert result.status == "succeeded", result.error
    worker_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    flood = ("units lj\nlattice fcc 0.8442\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\n"
             "mass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\nfix 1 all nve\n"
             "dump 1 all atom 1 frame.*.atom\nrun 20000\n")  # fmt: skip
    run = run_script(flood, workdir=Path(tempfile.mkdtemp(dir=scratch)) / "run", limits=Limits(wall_s=120))
    return {
        "echo_lines": 90000,
        "engine_wall_s": round(wall, 3),
        "lammps_wall_s": round(result.run["wall_s"], 3),
        "worker_cpu_s": round(worker_cpu, 3),
        "file_limit": Limits().max_files,
        "files_left_after_flood": len(run.files),
        "files_removed_beyond_limit": run.run.get("files_removed"),
        "flood_status": run.status,
        "flood_limit": run.run.get("limit"),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "engine.json"))
    args = ap.parse_args()
    inst = find_installation()
    sandbox = "bwrap" if bwrap_works() else "none"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for name, files in INPUTS.items():
            bare(inst, name, files, scratch)  # warm the page cache
            rows = []
            for _ in range(args.repeats):  # interleaved, so drift hits both alike
                rows.append((bare(inst, name, files, scratch), engine(inst, name, files, scratch, sandbox)))
            b = [r[0] for r in rows]
            e = [r[1] for r in rows]
            ratios = [x / y for y, x in rows]
            results[name] = {
                "bare_lmp_s": [round(x, 3) for x in b],
                "lammps_run_s": [round(x, 3) for x in e],
                "median_bare_s": round(statistics.median(b), 3),
                "median_lammps_run_s": round(statistics.median(e), 3),
                "median_ratio": round(statistics.median(ratios), 4),
                "ratio_of_medians": round(statistics.median(e) / statistics.median(b), 4),
                "cli_process_s": round(cli(inst, files, scratch), 3),
                "target_ratio": 1.05,
                "meets_target": statistics.median(ratios) <= 1.05,
            }
            print(f"{name}: bare {results[name]['median_bare_s']} s, lammps_run {results[name]['median_lammps_run_s']} s,"
                  f" median ratio {results[name]['median_ratio']}")  # fmt: skip
    validation = validation_bench()
    print(f"validation of 1000 lines: {validation['median_ms']} ms")
    with tempfile.TemporaryDirectory() as tmp:
        bounded = bounded_work_bench(Path(tmp))
    print(f"bounded work: {bounded}")
    out = {
        "benchmark": "engine",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "lammps_version": catalogue().version,
        "sandbox": "bwrap" if sandbox == "bwrap" else "rlimits",
        "repeats": args.repeats,
        "notes": "lammps_run_s is the engine call (run_script) in-process; cli_process_s adds Python and Django "
                 "start-up of `manage.py lammps_run` (one run).",
        "runs": results,
        "validation": validation,
        "bounded_work": bounded,
    }  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
