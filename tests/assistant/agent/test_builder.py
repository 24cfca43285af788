"""The deterministic builder (the loop's fallback): scripts for requests in plain words run for
real and do what was asked. The requests are written for these tests, not taken from the suite."""

from __future__ import annotations

import pytest

from assistant.agent.builder import build
from assistant.agent.evaluate import checks_from_spec, evaluate
from assistant.agent.loop import potentials_metadata
from assistant.agent.spec import extract


@pytest.fixture(scope="module")
def pots():
    return potentials_metadata()


def built(run, pots, request, **checks):
    spec = extract(request, pots)
    script = build(spec)
    result = run(script, wall_s=120).to_dict()
    assert result["status"] == "succeeded", (script, result["error"])
    verdicts = evaluate({**checks_from_spec(spec), **checks}, script, result)
    assert all(v.passed for v in verdicts), (script, [v.to_dict() for v in verdicts if not v.passed])
    return spec, script, result


def test_two_dimensional_hexagonal_crystal_has_the_requested_atoms(run, pots):
    spec, script, result = built(run, pots, "A 2D Lennard-Jones solid of 240 atoms on a hexagonal lattice at density "
                                 "0.85, NVE, initial T*=0.2, 1000 steps.", natoms=240, energy_drift={"max_rel": 0.01})  # fmt: skip
    assert "dimension       2" in script and "enforce2d" in script and "lattice         hex" in script


def test_tension_test_writes_the_stress_strain_curve(run, pots):
    spec, script, result = built(run, pots, "Tensile test of nickel (Ni_u3.eam, fcc, 4x4x4 cells) at 100 K, strain rate "
                                 "0.02/ps along y, 1500 steps, curve written to ni_curve.txt.", files=["ni_curve.txt"])  # fmt: skip
    assert spec.deform == {"mode": "tension", "axis": "y", "rate": 0.02} and spec.ensemble == "npt"
    assert "fix             1 all npt temp 100 100 0.1 x 0 0 1 z 0 0 1" in script
    assert "variable        stress equal -pyy/10000" in script and "zero lateral pressure" in spec.assumptions


def test_shear_uses_a_triclinic_box(run, pots):
    spec, script, result = built(run, pots, "Simple shear of a Lennard-Jones liquid, 500 atoms at density 0.8, T*=1.2, "
                                 "shear rate 0.02, 2000 steps.", files=["*shear*"])  # fmt: skip
    assert "prism" in script and "nvt/sllod" in script and "remap v" in script and "thermo_modify   temp tdef" in script


def test_heating_ramp_then_hold(run, pots):
    spec, script, result = built(run, pots, "Heat aluminium (4x4x4 cells) from 400 K to 1200 K over 3000 steps at zero "
                                 "pressure, then hold at 1200 K for 1000 steps.", temperature={"target": 1200, "rtol": 0.1})  # fmt: skip
    assert (spec.temperature, spec.temperature_end, spec.steps, spec.hold_steps) == (400, 1200, 3000, 1000)
    assert script.count("\nrun ") == 2 and "npt temp 400 1200" in script


def test_cohesive_energy_with_box_relaxation_reaches_the_equilibrium_lattice(run, pots):
    # Started 3% off the equilibrium lattice constant: only a relaxed box gives -3.54 eV/atom.
    spec, script, result = built(run, pots, "Cohesive energy of copper with Cu_u3.eam from a minimisation with box "
                                 "relaxation, fcc a = 3.72 A, 3x3x3 cells.", pe_per_atom={"target": -3.54, "atol": 0.005})  # fmt: skip
    assert spec.box_relax and "box/relax iso 0.0" in script


def test_named_trajectory_and_restart_files(run, pots):
    built(run, pots, "NVT of 256 Lennard-Jones atoms at T*=1.1 for 500 steps, dump the trajectory to movie.lammpstrj "
          "and write a restart file (end.restart).", files=["movie.lammpstrj", "end.restart"])  # fmt: skip


def test_numbers_in_a_soft_potential_ramp_are_not_temperatures(pots):
    spec = extract(
        "Push overlapping particles apart with a soft potential ramped from 0 to 50, then NVT at T*=1.0.", pots
    )
    assert spec.temperature == 1.0 and spec.temperature_end is None


def test_minimiser_iterations_are_not_md_steps(run):
    script = ("units lj\nlattice fcc 0.8442\nregion box block 0 4 0 4 0 4\ncreate_box 1 box\ncreate_atoms 1 box\n"
              "mass 1 1.0\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\ndisplace_atoms all random 0.05 0.05 0.05 7\n"
              "thermo 1\nminimize 1e-6 1e-8 300 3000\n"
              "velocity all create 1.0 1\nfix 1 all nve\nrun 100\nrun 150\n")  # fmt: skip
    result = run(script).to_dict()
    minimised = result["thermo"][0]
    assert minimised["kind"] == "minimize" and minimised["rows"][-1][0] >= 5  # the minimiser did iterate
    (verdict,) = evaluate({"steps": 250}, script, result)
    assert verdict.passed and verdict.value == 250


def test_bead_spring_melt_from_the_users_data_file(run, pots, tmp_path):
    from assistant.agent.builder import data_header
    from bench.suite_data import bead_spring

    data = tmp_path / "melt.data"
    data.write_text(bead_spring(nx=3, ny=3, length=12, angles=True))
    assert data_header(data) == {"style": "molecular", "atoms": 108, "bonds": 99, "angles": 90, "atom_types": 1,
                                 "bond_types": 1, "angle_types": 1}  # fmt: skip
    spec = extract("Kremer-Grest melt from melt.data with FENE bonds and bending stiffness 2.0, Langevin at "
                   "T*=1.0, 1500 steps.", pots)  # fmt: skip
    script = build(spec, {"melt.data": data})
    assert (
        "read_data       melt.data" in script and "special_bonds   fene" in script and "angle_coeff     * 2.0" in script
    )
    result = run(script, inputs={"melt.data": data}).to_dict()
    assert result["status"] == "succeeded", result["error"]
    verdicts = evaluate({"natoms": 108, "ensemble": "langevin", "steps": 1500, "temperature": {"target": 1.0, "rtol": 0.15}},
                        script, result)  # fmt: skip
    assert all(v.passed for v in verdicts), [v.to_dict() for v in verdicts if not v.passed]


def test_cells_in_the_request_fix_the_atom_count_the_loop_checks(pots):
    spec = extract("Equilibrate fcc aluminium (a = 4.05 A, 5x5x5 cells) with Al_jnp.eam at 300 K, NVT.", pots)
    assert checks_from_spec(spec)["natoms"] == {"min": 475, "max": 500}
    spec = extract("Silicon, diamond lattice, 3x3x3 cells, Si.sw at 900 K, NVT.", pots)
    assert checks_from_spec(spec)["natoms"] == {"min": 205, "max": 216}
