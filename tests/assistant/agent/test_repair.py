"""Deterministic fixes on diagnoses from real runs."""

from __future__ import annotations

from assistant.agent.repair import deterministic_fix

BASE = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
velocity all create 1000 1234
timestep 0.1
fix 1 all nve
run 300
"""


def test_blow_up_halves_the_timestep_until_it_runs(run):
    script = BASE
    notes = []
    for _ in range(6):
        result = run(script).to_dict()
        if result["status"] == "succeeded":
            break
        assert result["error"]["class"] in {"lost_atoms", "unstable"}
        script, note = deterministic_fix(script, result["error"])
        notes.append(note)
    assert result["status"] == "succeeded"
    assert notes[0] == "reduced the timestep from 0.1 to 0.005"


def test_unknown_style_takes_the_validators_suggestion(run):
    result = run(BASE.replace("fix 1 all nve", "fix 1 all nvtt temp 1 1 0.5")).to_dict()
    fixed, note = deterministic_fix(BASE.replace("fix 1 all nve", "fix 1 all nvtt temp 1 1 0.5"), result["error"])
    assert "fix 1 all nvt temp 1 1 0.5" in fixed and "replaced 'nvtt' by 'nvt'" in note


def test_units_mismatch_switches_units(run):
    script = BASE.replace("pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0", "pair_style eam\npair_coeff 1 1 Cu_u3.eam")
    result = run(script).to_dict()
    assert result["error"]["class"] == "potential_mismatch"
    fixed, note = deterministic_fix(script, result["error"])
    assert fixed.startswith("units           metal") and "metal" in note


def test_no_fix_for_unknown_classes():
    assert deterministic_fix(BASE, {"class": "kspace", "message": "x"}) is None


def test_velocity_after_deleted_atoms_loops_by_geometry():
    from assistant.agent.repair import deterministic_fix

    script = "units metal\ndelete_atoms group gone compress no\nvelocity all create 600 4928459 mom yes\nrun 10\n"
    error = {"class": "lammps_error", "line": 3,
             "lammps_message": "Atom IDs must be consecutive for velocity create loop all"}  # fmt: skip
    fixed, note = deterministic_fix(script, error)
    assert fixed.splitlines()[2] == "velocity all create 600 4928459 mom yes loop geom" and "loop geom" in note
    assert deterministic_fix(script, {**error, "lammps_message": "Unknown identifier"}) is None
