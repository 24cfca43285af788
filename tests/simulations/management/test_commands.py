"""The CLI contract (`lammps_check`, `lammps_run`), through real processes and real LAMMPS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulations.engine.logparse import parse_text

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mdweb.settings", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def reference_step0(inst, name: str) -> tuple[list[str], list]:
    text = (inst.bench_dir / f"log.15Jul25.{name}.fixed.g++.1").read_text()
    block = [b for b in parse_text(text).blocks if b.kind == "run"][0]
    return block.columns, block.rows[0]


@pytest.fixture
def bench_copy(inst, tmp_path):
    """The wheel's benchmark inputs copied next to each other, as a user would have them."""
    src = tmp_path / "bench"
    src.mkdir()
    for name in ["in.lj", "in.eam", "in.chain", "data.chain", "in.rhodo", "data.rhodo", "Cu_u3.eam"]:
        (src / name).write_bytes((inst.bench_dir / name).read_bytes())
    return src


@pytest.mark.parametrize(
    "name, atoms",
    [("lj", 32000), ("eam", 32000), ("chain", 32000), pytest.param("rhodo", 32000, marks=pytest.mark.slow)],
)
def test_shipped_benchmark_runs_and_matches_reference_step0(inst, bench_copy, tmp_path, name, atoms):
    workdir = tmp_path / f"run-{name}"
    proc = manage("lammps_run", str(bench_copy / f"in.{name}"), "--workdir", str(workdir), "--json")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["status"] == "succeeded"
    assert out["error"] is None
    assert out["natoms"] == atoms
    assert out["workdir"] == str(workdir.resolve())
    assert {"in.lammps", "log.lammps"} <= set(out["files"])
    assert out["wall_s"] > 0
    # Step-0 thermo equals the reference log to printed precision.
    columns, ref = reference_step0(inst, name)
    run_blocks = [b for b in out["thermo"] if b["kind"] == "run"]
    assert run_blocks[0]["columns"] == columns
    assert run_blocks[0]["rows"][0] == ref
    assert run_blocks[-1]["rows"][-1][0] == 100
    finite = [c for c in out["checks"] if c["name"] == "finite_thermo"][0]
    assert finite["passed"]
    # Reproducibility: script hash, version, hashes of everything read.
    repro = out["reproducibility"]
    assert repro["lammps_version"].startswith("22 Jul 2025")
    assert len(repro["script_sha256"]) == 64
    if name == "chain":
        assert [i["name"] for i in repro["inputs"]] == ["data.chain"]
        assert "data.chain" in out["files"]  # copied into the run directory


def test_lammps_run_failure_json(tmp_path):
    script = tmp_path / "in.bad"
    script.write_text("units lj\natom_style atomic\nread_data missing.data\n")
    proc = manage("lammps_run", str(script), "--workdir", str(tmp_path / "w"), "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["status"] == "rejected"
    assert out["error"]["class"] == "missing_file"
    assert out["error"]["line"] == 3
    assert "missing.data" in out["error"]["message"]
    assert set(out["error"]) >= {"class", "message", "line", "hint"}
    assert out["thermo"] == [] and out["checks"] == []


def test_lammps_run_timeout_and_progress(tmp_path):
    script = tmp_path / "in.long"
    script.write_text(
        "units lj\natom_style atomic\nlattice fcc 0.8442\nregion box block 0 6 0 6 0 6\ncreate_box 1 box\n"
        "create_atoms 1 box\nmass 1 1.0\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"
        "velocity all create 1.0 1\nfix 1 all nve\nthermo 100\nrun 50000000\n"
    )
    proc = manage("lammps_run", str(script), "--workdir", str(tmp_path / "w"), "--timeout", "3", "--json", "--progress")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["status"] == "timeout"
    assert out["error"]["class"] == "timeout"
    assert out["thermo"] and len(out["thermo"][0]["rows"]) > 1  # what ran is kept
    assert "run 1/1 step" in proc.stderr


def test_lammps_run_human_output(tmp_path):
    script = tmp_path / "in.x"
    script.write_text("units lj\nfoo 1 2\n")
    proc = manage("lammps_run", str(script), "--workdir", str(tmp_path / "w"))
    assert proc.returncode == 1
    assert "status: rejected" in proc.stdout
    assert "error [unknown_command] line 2" in proc.stdout


def test_lammps_run_refuses_a_used_workdir(tmp_path):
    script = tmp_path / "in.x"
    script.write_text("units lj\n")
    used = tmp_path / "used"
    used.mkdir()
    (used / "old.txt").write_text("x")
    proc = manage("lammps_run", str(script), "--workdir", str(used))
    assert proc.returncode != 0
    assert "not empty" in proc.stderr
    assert (used / "old.txt").read_text() == "x"


def test_lammps_run_default_workdir_under_runs_dir(tmp_path, inst):
    script = tmp_path / "in.lj"
    script.write_bytes((inst.bench_dir / "in.lj").read_bytes().replace(b"run\t\t100", b"run\t\t10"))
    proc = manage("lammps_run", str(script), "--json", env={"MDWEB_RUNS_DIR": str(tmp_path / "runs")})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert Path(out["workdir"]).parent == (tmp_path / "runs").resolve()


def test_lammps_check_ok_and_json(inst, bench_copy):
    proc = manage("lammps_check", str(bench_copy / "in.chain"), "--json")
    assert proc.returncode == 0, proc.stdout
    out = json.loads(proc.stdout)
    assert out["ok"] is True and out["errors"] == []
    assert isinstance(out["warnings"], list)


def test_lammps_check_rejects_with_line_and_hint(tmp_path):
    script = tmp_path / "in.evil"
    script.write_text("units lj\n\nshell rm -rf /\nfix 1 all nvt/sllood temp 1 1 1\n")
    proc = manage("lammps_check", str(script), "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    first = out["errors"][0]
    assert set(first) >= {"line", "command", "message", "hint"}
    assert (first["line"], first["command"]) == (3, "shell")
    human = manage("lammps_check", str(script))
    assert human.returncode == 1
    assert "ERROR   line 3" in human.stdout and "REJECTED" in human.stdout


def test_lammps_check_missing_script(tmp_path):
    proc = manage("lammps_check", str(tmp_path / "nope.in"))
    assert proc.returncode != 0
    assert "script not found" in proc.stderr
