"""Physical checks on real runs: each passes on a sane run and fails on a broken one."""

from __future__ import annotations

import pytest

LJ = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
velocity all create 1.0 87287 loop geom
thermo 50
"""

CASES = {
    # name: (script, check, should pass)
    "nvt_reaches_target": (LJ + "fix 1 all nvt temp 1.5 1.5 0.5\nrun 3000\n", "temperature", True),
    "nvt_too_weak": (LJ + "fix 1 all nvt temp 3.0 3.0 1000.0\nrun 500\n", "temperature", False),
    "nve_conserves": (LJ + "fix 1 all nve\nrun 1000\n", "energy_conservation", True),
    "nve_timestep_too_big": (LJ + "fix 1 all nve\ntimestep 0.03\nrun 1000\n", "energy_conservation", False),
    "npt_reaches_pressure": (LJ + "fix 1 all npt temp 1.5 1.5 0.5 iso 2.0 2.0 5.0\nrun 4000\n", "pressure", True),
    "npt_too_short": (LJ + "fix 1 all npt temp 1.5 1.5 0.5 iso 8.0 8.0 1000.0\nrun 300\n", "pressure", False),
    "minimize_converges": (LJ + "displace_atoms all random 0.1 0.1 0.1 1234\nminimize 1e-8 1e-8 1000 10000\n",
                           "minimization_converged", True),
    "minimize_max_iterations": (LJ + "displace_atoms all random 0.1 0.1 0.1 1234\nminimize 0 0 3 10\n",
                                "minimization_converged", False),
    "lattice_sane": (LJ + "fix 1 all nve\nrun 10\n", "initial_potential_energy", True),
    "atoms_overlap": (LJ.replace("fcc 0.8442", "fcc 4.0") + "fix 1 all nve\ntimestep 0.0001\nrun 10\n",
                      "initial_potential_energy", False),
    "atoms_kept": (LJ + "fix 1 all nve\nrun 100\n", "no_lost_atoms", True),
    "atoms_lost_silently": (LJ + "thermo_modify lost ignore\nvelocity all create 1000 1234\ntimestep 0.1\n"
                            "fix 1 all nve\nthermo 10\nrun 300\n", "no_lost_atoms", False),
    "finite": (LJ + "fix 1 all nve\nrun 10\n", "finite_thermo", True),
    # An atom on top of another: NaN forces; LAMMPS carries on while it does not re-neighbour.
    "nan_energies": (LJ.replace("velocity all create 1.0 87287 loop geom\n", "") + "create_atoms 1 single 0 0 0\n"
                     "fix 1 all nve\nrun 20\n", "finite_thermo", False),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_verdict(run, case):
    script, name, should_pass = CASES[case]
    result = run(script)
    assert result.status == "succeeded", result.error
    found = [c for c in result.checks if c["name"] == name]
    assert found, [c["name"] for c in result.checks]
    check = found[0]
    assert check["passed"] is should_pass, check
    assert check["expected"] and check["message"]
    assert check["value"] is not None
    assert result.checks_passed is (all(c["passed"] for c in result.checks))


def test_values_are_measured_not_assumed(run):
    result = run(CASES["nvt_reaches_target"][0])
    temp = [c for c in result.checks if c["name"] == "temperature"][0]
    assert 1.35 <= temp["value"] <= 1.65
    assert temp["value"] != 1.5
    assert "1.5" in temp["expected"]


def test_atom_count_follows_replicate_and_delete(run):
    script = LJ + "replicate 2 2 2\nregion hole sphere 0 0 0 1.0\ndelete_atoms region hole\nfix 1 all nve\nrun 20\n"
    result = run(script)
    assert result.status == "succeeded"
    block = result.thermo[0]
    assert block["atoms_start"] == block["atoms"] < 864
    lost = [c for c in result.checks if c["name"] == "no_lost_atoms"][0]
    assert lost["passed"]


def test_no_checks_on_failed_runs(run):
    result = run(LJ + "fix 1 all nve\nrun 10\nfix 2 nogroup nve\n")
    assert result.status == "failed"
    assert result.checks == []
