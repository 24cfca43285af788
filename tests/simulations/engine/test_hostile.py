"""Hostile and malformed scripts: the right class and message, nothing written outside the
run directory, no process left behind. Everything goes through the real runner."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from simulations.engine import Limits, run_script
from simulations.engine.sandbox import bwrap_works, run_limited
from tests.conftest import processes_in

from .hostile_cases import CASES, LJ


def snapshot(root: Path, skip: Path) -> set[str]:
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath).resolve() == skip.resolve():
            dirnames[:] = []
            continue
        for name in filenames + dirnames:
            out.add(os.path.relpath(os.path.join(dirpath, name), root))
    return out


def run_hostile(tmp_path: Path, script, **limits):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    workdir = tmp_path / "run"
    workdir.mkdir()
    if isinstance(script, bytes):
        script = script.replace(b"OUT", str(outside).encode())
    else:
        script = script.replace("OUT", str(outside))
    before = snapshot(tmp_path, workdir)
    result = run_script(script, workdir=workdir, limits=Limits().replace(**{"wall_s": 30.0, **limits}))
    after = snapshot(tmp_path, workdir)
    assert after == before, f"written outside the run directory: {after - before}"
    assert (outside / "keep.txt").read_text() == "precious"
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


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not available on this machine")
def test_sandbox_blocks_writes_outside_even_without_the_validator(tmp_path, inst):
    workdir = tmp_path / "run"
    workdir.mkdir()
    victim = tmp_path / "victim.txt"
    home_file = Path.home() / "mdweb-sandbox-probe.txt"
    (workdir / "in.lammps").write_text(
        f'print "escaped" file {victim}\n'
        'print "escaped" file ../dotdot.txt\n'
        f"shell touch {home_file}\n"
        f"shell echo escaped > {tmp_path}/shell.txt\n"
        'print "still inside" file inside.txt\n'
    )
    out = run_limited(
        [str(inst.binary), "-in", "in.lammps", "-echo", "both"],
        workdir=workdir,
        limits=Limits(wall_s=30),
        env=inst.child_env(),
        stdout_path=workdir / "screen.log",
        read_only=inst.read_only_dirs(),
        sandbox="bwrap",
    )
    assert out.sandbox == "bwrap"
    assert not victim.exists()
    assert not (tmp_path / "dotdot.txt").exists()
    assert not (tmp_path / "shell.txt").exists()
    assert not home_file.exists()
    assert (workdir / "inside.txt").read_text().strip() == "still inside"
    assert out.survivors == 0


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
            pids = subprocess.run(["pgrep", "-f", f"{tmp_path}/run|lammps/lmp -in in.lammps"],
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
