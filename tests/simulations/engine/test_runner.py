"""run_script end to end: progress while running, the result format, sandbox modes, MPI."""

from __future__ import annotations

import pytest

from simulations.engine import Limits, run_script
from simulations.engine.sandbox import bwrap_works

LJ = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
velocity all create 1.0 87287 loop geom
fix 1 all nve
thermo 100
"""


def test_progress_is_reported_while_running(tmp_path):
    seen = []
    result = run_script(LJ + "run 2000\nrun 1000\n", workdir=tmp_path / "r", limits=Limits(wall_s=60),
                        progress=seen.append)  # fmt: skip
    assert result.status == "succeeded"
    assert len(seen) >= 3
    steps = [p["step"] for p in seen if p["step"] is not None]
    assert steps == sorted(steps)
    final = seen[-1]
    assert final["segments"] == 2 and final["segment"] == 1
    assert final["total_steps"] == 3000 and final["segment_steps"] == 1000
    assert final["steps_done"] == 3000 and final["final"] is True
    fractions = [p["fraction"] for p in seen if p["fraction"] is not None]
    assert fractions == sorted(fractions) and fractions[0] < 1.0
    assert final["fraction"] == pytest.approx(1.0)
    assert set(final["thermo"]) >= {"Step", "Temp", "E_pair", "TotEng", "Press"}


def test_result_format(tmp_path):
    result = run_script(LJ + "run 100\n", workdir=tmp_path / "r", limits=Limits(wall_s=60))
    out = result.to_dict()
    assert {"status", "error", "natoms", "thermo", "checks", "wall_s", "workdir", "files"} <= set(out)
    assert out["status"] == "succeeded" and out["error"] is None and out["natoms"] == 500
    assert out["thermo"][0]["columns"][0] == "Step"
    assert all(set(c) >= {"name", "passed", "value", "expected", "message"} for c in out["checks"])
    assert out["run"]["returncode"] == 0 and out["run"]["survivors"] == 0
    assert out["performance"]["loop_time_s"] > 0


def test_workdir_must_be_fresh(tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("keep")
    with pytest.raises(ValueError, match="not empty"):
        run_script(LJ + "run 10\n", workdir=used)
    assert (used / "x").read_text() == "keep"


@pytest.mark.parametrize(
    "mode", ["none", pytest.param("bwrap", marks=pytest.mark.skipif(not bwrap_works(), reason="no bubblewrap"))]
)
def test_sandbox_modes_give_the_same_physics(tmp_path, mode):
    result = run_script(LJ + "run 200\n", workdir=tmp_path / mode, limits=Limits(wall_s=60), sandbox=mode)
    assert result.status == "succeeded"
    assert result.run["sandbox"] == ("rlimits" if mode == "none" else "bwrap")
    assert result.thermo[0]["rows"][-1][0] == 200


def test_mpi_two_processes(tmp_path, inst):
    if inst.mpiexec is None:
        pytest.fail("mpiexec from the mpich package is missing")
    serial = run_script(LJ + "run 100\n", workdir=tmp_path / "s", limits=Limits(wall_s=60))
    parallel = run_script(LJ + "run 100\n", workdir=tmp_path / "p", limits=Limits(wall_s=60, nprocs=2))
    assert parallel.status == "succeeded", parallel.error
    assert parallel.thermo[0]["performance"]["mpi_tasks"] == 2
    # Same physics: step-0 thermo identical, final energies agree closely.
    assert parallel.thermo[0]["rows"][0] == serial.thermo[0]["rows"][0]
    assert parallel.thermo[0]["rows"][-1][4] == pytest.approx(serial.thermo[0]["rows"][-1][4], rel=1e-4)


def test_what_the_script_prints_is_in_the_result(tmp_path):
    script = LJ + ('run 100\nvariable e equal pe\nprint "Potential energy per atom: ${e} (epsilon)"\n'
                   'print "${e}"\nprint "to a file only: ${e}" file out.txt screen no\n')  # fmt: skip
    result = run_script(script, workdir=tmp_path / "r", limits=Limits(wall_s=60))
    assert result.status == "succeeded"
    [line] = result.printed  # the bare number and the file-only print are not reported
    value = float(line.removeprefix("Potential energy per atom: ").split()[0])
    assert -8.0 < value < -4.0  # an LJ crystal near its density: about -6.7 epsilon per atom
    assert result.to_dict()["printed"] == [line]
