"""Hostile and malformed scripts: the right class and message, nothing written outside the
run directory, no process left behind. Everything goes through the real runner."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from simulations.engine import Limits, run_script
from simulations.engine.sandbox import run_limited
from tests.conftest import processes_in, tree_digest

from .hostile_cases import CASES, DATAFLOW_CASES, LJ, LOOKALIKES


def run_hostile(tmp_path: Path, script, inputs: dict[str, str | bytes] | None = None, **limits):
    """Run a script through the real runner; assert that a marker folder outside the run
    directory is unchanged (hash before and after) and that no process survived."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    os.chmod(outside, 0o777)
    workdir = tmp_path / "run"
    files = {}
    if inputs:
        indir = tmp_path / "inputs"
        indir.mkdir()
        for name, content in inputs.items():
            data = content if isinstance(content, bytes) else content.replace("OUT", str(outside)).encode()
            (indir / name).write_bytes(data)
            files[name] = indir / name
    if isinstance(script, bytes):
        script = script.replace(b"OUT", str(outside).encode())
    else:
        script = script.replace("OUT", str(outside))
    before = tree_digest(outside)
    result = run_script(script, workdir=workdir, input_files=files,
                        limits=Limits().replace(**{"wall_s": 30.0, **limits}))  # fmt: skip
    assert tree_digest(outside) == before, "the marker folder outside the run directory changed"
    assert processes_in(workdir) == []
    if result.run:
        assert result.run["survivors"] == 0
    return result, str(outside)


def test_there_are_at_least_25_hostile_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_script_is_refused_clearly(tmp_path, case):
    script, cls, fragment = CASES[case]
    result, outside = run_hostile(tmp_path, script)
    assert result.status in {"rejected", "failed"}
    assert result.error["class"] == cls, result.error
    assert fragment.replace("OUT", outside) in result.error["message"]
    assert result.error["hint"]
    # A refused script is kept (capped) with its error: nothing is lost.
    kept = Path(result.workdir) / "in.lammps"
    assert kept.exists() and kept.stat().st_size <= Limits().max_script_bytes + 1


def test_every_dataflow_class_has_two_variants():
    assert len(DATAFLOW_CASES) >= 16


@pytest.mark.parametrize("case", sorted(DATAFLOW_CASES))
def test_values_the_validator_cannot_see_are_refused(tmp_path, case):
    script, inputs, cls, fragment = DATAFLOW_CASES[case]
    result, outside = run_hostile(tmp_path, script, inputs)
    assert result.status == "rejected", result.error
    assert result.error["class"] == cls, result.error
    assert fragment.replace("OUT", outside) in result.error["message"]
    assert result.error["hint"]
    assert result.run == {}  # LAMMPS never started


def gzip_data_file() -> bytes:
    import gzip

    return gzip.compress(b"LAMMPS data\n\n4 atoms\n1 atom types\n\n0 3 xlo xhi\n0 3 ylo yhi\n0 3 zlo zhi\n\n"
                         b"Atoms\n\n1 1 0 0 0\n2 1 1.5 0 0\n3 1 0 1.5 0\n4 1 0 0 1.5\n")  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(LOOKALIKES))
def test_harmless_lookalikes_still_run(tmp_path, case):
    script, inputs = LOOKALIKES[case]
    inputs = {k: gzip_data_file() if v == "GZIP:data" else v for k, v in inputs.items()}
    result, _ = run_hostile(tmp_path, script, inputs)
    assert result.status == "succeeded", result.error


def test_rejected_script_never_starts_lammps(tmp_path):
    result, _ = run_hostile(tmp_path, LJ + "shell touch OUT/pwned\nrun 10\n")
    assert result.status == "rejected"
    assert result.run == {}  # no process was started
    assert result.error["line"] == 11


def test_endless_label_jump_loop_is_stopped_by_the_wall_time_limit(tmp_path):
    result, _ = run_hostile(tmp_path, LJ + "label again\nrun 10\njump SELF again\n", wall_s=3)
    assert result.status == "timeout"
    assert result.error["class"] == "timeout"
    assert "wall-clock time limit" in result.error["message"]
    assert 2.5 < result.wall_s < 15
    assert result.run["limit"] == "wall_time"


def test_cpu_time_limit(tmp_path):
    result, _ = run_hostile(tmp_path, LJ + "label again\nrun 10\njump SELF again\n", wall_s=30, cpu_s=2)
    assert result.error["class"] == "timeout"
    assert "CPU time limit" in result.error["message"]
    assert result.run["limit"] == "cpu_time"


def test_output_flood_is_stopped(tmp_path):
    script = (
        LJ + 'label again\nprint "flooding the disk with text, line after line" append flood.txt\njump SELF again\n'
    )
    result, _ = run_hostile(tmp_path, script, output_mb=1)
    assert result.status == "failed"
    assert result.error["class"] == "output_limit"
    assert result.run["limit"] in {"output_size", "file_size"}


def test_too_many_files_is_stopped(tmp_path):
    script = LJ + "dump 1 all atom 1 frame.*.atom\nrun 100000\n"
    result, _ = run_hostile(tmp_path, script, max_files=40)
    assert result.error["class"] == "output_limit"
    assert "number of files" in result.error["message"]


def test_memory_limit(tmp_path):
    big = LJ.replace("0 3 0 3 0 3", "0 60 0 60 0 60") + "run 10\n"  # 864,000 atoms
    result, _ = run_hostile(tmp_path, big, memory_mb=150)
    assert result.error["class"] == "memory_limit"
    assert result.run["limit"] == "memory" or "allocate" in (result.error.get("lammps_message") or "")


def test_cancel_stops_a_running_script(tmp_path):
    import threading

    cancel = threading.Event()
    seen = []

    def progress(p):
        seen.append(p["step"])
        if p["step"] and p["step"] >= 200:
            cancel.set()

    script = LJ + "thermo 100\nrun 50000000\n"
    result = run_script(script, workdir=tmp_path / "run", limits=Limits(wall_s=60), progress=progress, cancel=cancel)
    assert result.status == "cancelled"
    assert result.error["class"] == "cancelled"
    assert result.wall_s < 30
    assert processes_in(tmp_path / "run") == []


# ---- the OS sandbox itself, with the validator bypassed --------------------------------


def test_lammps_never_sees_the_callers_secrets(tmp_path, inst, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "do-not-leak-4242")
    workdir = tmp_path / "run"
    workdir.mkdir()
    (workdir / "in.lammps").write_text('variable k getenv SECRET_KEY\nprint "key=[${k}]"\n')
    out = run_limited(
        [str(inst.binary), "-in", "in.lammps", "-echo", "screen"],
        workdir=workdir,
        limits=Limits(wall_s=30),
        env=inst.child_env(),
        stdout_path=workdir / "screen.log",
        read_only=inst.read_only_dirs(),
        sandbox="auto",
    )
    screen = (workdir / "screen.log").read_text()
    assert out.returncode == 0
    assert "key=[]" in screen
    assert "do-not-leak-4242" not in screen


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGSEGV"])
def test_lammps_killed_or_crashing_mid_run_is_diagnosed(tmp_path, sig):
    """Fault injection: a signal to the LAMMPS process (a real crash cannot be provoked on demand)."""
    import signal
    import threading

    sent = threading.Event()

    def progress(p):
        if p["step"] and p["step"] >= 100 and not sent.is_set():
            sent.set()
            pids = subprocess.run(["pgrep", "-f", f"{tmp_path}/run|lammps/lmp -in in.mdweb"],
                                  capture_output=True, text=True).stdout.split()  # fmt: skip
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/comm") as fh:
                        if fh.read().strip() == "lmp":
                            os.kill(int(pid), getattr(signal, sig))
                except (OSError, ValueError):
                    pass

    script = LJ + "thermo 50\nrun 5000000\n"
    result = run_script(script, workdir=tmp_path / "run", limits=Limits(wall_s=60), progress=progress)
    assert sent.is_set()
    assert result.status == "failed"
    expected = "killed" if sig == "SIGKILL" else "crash"
    assert result.error["class"] == expected, result.error
    assert sig in result.error["message"]
    assert (Path(result.workdir) / "log.lammps").exists()  # the log is kept
    assert processes_in(tmp_path / "run") == []
