"""Every diagnosis class comes from a real LAMMPS failure (no canned log text).

Scripts that the validator lets through run with the full runner. Errors the validator
already catches statically (unknown commands and styles, missing files) are also run
through the bare LAMMPS binary with the validator bypassed, so the classification of
LAMMPS's own message is tested too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulations.engine import Limits, check_script
from simulations.engine.diagnosis import EXPLANATIONS, classify, from_run
from simulations.engine.logparse import EchoMatcher, LogParser
from simulations.engine.sandbox import run_limited
from simulations.engine.scriptparse import logical_lines

BASE = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
"""
LJ = BASE + "pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"
METAL = BASE.replace("units lj", "units metal").replace("fcc 0.8442", "fcc 3.615").replace("mass 1 1.0", "mass 1 63.55")

CHARGED = """units real
atom_style charge
boundary p p f
lattice sc 3.0
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.5 12345
set type 1 charge 1.0
set type 2 charge -1.0
mass * 20.0
pair_style lj/cut/coul/long 8.0
pair_coeff * * 0.1 3.0
kspace_style pppm 1.0e-4
kspace_modify slab 3.0
velocity all create 3000 4928459
timestep 5
neigh_modify every 50 delay 0 check no
fix 1 all nve
run 200
"""

CHAIN_BROKEN = """units lj
atom_style bond
special_bonds fene
read_data data.chain
bond_style harmonic
bond_coeff 1 30.0 1.0
pair_style lj/cut 1.12
pair_coeff * * 1.0 1.0 1.12
velocity all create 50.0 1234
timestep 0.05
fix 1 all nve
run 500
"""

OUTSIDE_DATA = """LAMMPS data file

1 atoms
1 atom types

0 1 xlo xhi
0 1 ylo yhi
0 1 zlo zhi

Masses

1 1.0

Atoms # atomic

1 1 5.0 5.0 5.0
"""

# class: (script, the line LAMMPS stops at or None, extra input files {name: text or bench file})
RUNTIME = {
    "pair_coeff_missing": (BASE + "pair_style lj/cut 2.5\nfix 1 all nve\nrun 10\n", 10, {}),
    "pair_coeff_invalid": (BASE + "pair_style lj/cut 2.5\npair_coeff 1 1 1.0\n", 9, {}),
    "lost_atoms": (LJ + "velocity all create 1000 1234\ntimestep 0.1\nfix 1 all nve\nrun 1000\n", 13, {}),
    "unstable": (BASE + "create_atoms 1 single 0.0 0.0 0.0\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"
                 "neigh_modify every 1 delay 0 check no\nfix 1 all nve\nrun 100\n", 13, {}),
    "bond_atoms_missing": (CHAIN_BROKEN, 12, {"data.chain": "bench"}),
    "out_of_range_atoms": (CHARGED, 20, {}),
    "invalid_syntax": (LJ + "velocity all create 1.0\n", 10, {}),
    "box_not_defined": ("units lj\natom_style atomic\nmass 1 1.0\n", 3, {}),
    "box_already_defined": (BASE + "create_box 1 box\n", 8, {}),
    "mass_not_set": (BASE.replace("mass 1 1.0\n", "") + "pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"
                     "fix 1 all nve\nrun 10\n", 10, {}),
    "atom_style_mismatch": (BASE + "pair_style lj/cut/coul/cut 2.5\npair_coeff 1 1 1.0 1.0\nfix 1 all nve\n"
                            "run 10\n", 11, {}),
    "kspace": (BASE.replace("atomic", "charge") + "pair_style lj/cut/coul/long 2.5\npair_coeff 1 1 1.0 1.0\n"
               "fix 1 all nve\nrun 10\n", 11, {}),
    "missing_id": (LJ + "fix 1 mobile nve\n", 10, {}),
    "invalid_atom_type": (LJ + "create_atoms 2 single 0.1 0.1 0.1\n", 10, {}),
    "atoms_outside_box": ("units lj\natom_style atomic\nboundary f f f\nread_data outside.data\n", 4,
                          {"outside.data": OUTSIDE_DATA}),
    "neighbor_list": (LJ + "neigh_modify one 5 page 100\nfix 1 all nve\nrun 0\n", 12, {}),
    "potential_mismatch": (BASE.replace("mass 1 1.0", "mass 1 63.55") + "pair_style eam\npair_coeff 1 1 Cu_u3.eam\n"
                           "run 0\n", 9, {}),
    "lammps_error": ("units lj\natom_style atomic\nregion box block 0 5 0 5 0 5\ncreate_box 1 box\n"
                     "create_atoms 1 single 1 1 1\nmass 1 1.0\nvelocity all create 1.0 1234\n", 7, {}),
}  # fmt: skip

# Caught by the validator first; LAMMPS's own message must classify the same way.
BARE = {
    "unknown_command": (LJ + "foo 1 2\n", 10),
    "unknown_style": (BASE + "pair_style lj/cutt 2.5\n", 8),
    "missing_potential": (METAL + "pair_style eam\npair_coeff 1 1 Nope.eam\n", 9),
    "missing_file": ("units lj\natom_style atomic\nread_data nope.data\n", 3),
    "undefined_variable": (LJ + "run ${nsteps}\n", 10),
    "potential_mismatch": (METAL.replace("fcc 3.615", "diamond 5.43").replace("63.55", "28.0")
                           + "pair_style tersoff\npair_coeff * * Si.tersoff Cu\n", 9),
}  # fmt: skip


def _inputs(tmp_path: Path, inst, spec: dict) -> dict[str, Path]:
    files = {}
    src = tmp_path / "inputs"
    src.mkdir(exist_ok=True)
    for name, text in spec.items():
        path = src / name
        if text == "bench":
            path.write_bytes((inst.bench_dir / name).read_bytes())
        else:
            path.write_text(text)
        files[name] = path
    return files


def test_every_class_has_an_explanation():
    assert set(RUNTIME) | set(BARE) <= set(EXPLANATIONS)


@pytest.mark.parametrize("cls", sorted(RUNTIME))
def test_runtime_failure_is_diagnosed(cls, run, tmp_path, inst):
    script, line, spec = RUNTIME[cls]
    result = run(script, inputs=_inputs(tmp_path, inst, spec))
    assert result.status == "failed", (result.status, result.error)
    err = result.error
    assert err["class"] == cls, err
    assert err["line"] == line, err
    assert err["message"].startswith(f"Line {line}: {EXPLANATIONS[cls]}")
    assert err["lammps_message"] and err["lammps_message"] in err["message"]
    assert err["hint"] and err["hint"] != "Read the LAMMPS message and the line it names." or cls == "lammps_error"
    assert err["log_excerpt"]
    # Nothing is lost on failure: script and log stay in the run directory.
    assert {"in.lammps", "log.lammps"} <= set(result.files)


def test_blow_up_hint_names_the_timestep(run):
    result = run(RUNTIME["lost_atoms"][0])
    assert "reduce the timestep (0.1 tau; usual for units lj is 0.005 tau)" in result.error["hint"]


@pytest.mark.parametrize("cls", sorted(BARE))
def test_lammps_message_classified_with_validator_bypassed(cls, tmp_path, inst):
    script, line = BARE[cls]
    workdir = tmp_path / "run"
    workdir.mkdir()
    (workdir / "in.lammps").write_text(script)
    outcome = run_limited(
        [str(inst.binary), "-in", "in.lammps", "-log", "log.lammps", "-echo", "both", "-nocite"],
        workdir=workdir,
        limits=Limits(wall_s=30),
        env=inst.child_env(),
        stdout_path=workdir / "screen.log",
        read_only=inst.read_only_dirs(),
    )
    parser = LogParser(EchoMatcher(logical_lines(script)))
    parser.feed_all((workdir / "screen.log").read_text().splitlines(keepends=True))
    diag = from_run(parser, outcome, None, "")
    assert diag is not None and diag.error_class == cls, (diag, parser.error)
    assert diag.line == line
    # ...and the validator reports the same class before any run.
    report = check_script(script)
    if cls != "potential_mismatch":
        from simulations.engine.diagnosis import from_validation

        assert from_validation(report).error_class == cls
        assert report.errors[0].line == line


@pytest.mark.parametrize(
    "message, cls",
    [
        ("Unknown command: foo 1 2", "unknown_command"),
        ("Unrecognized pair style 'lj/cutt' is part of no installed package", "unknown_style"),
        ("Cannot open EAM potential file Nope.eam: No such file or directory", "missing_potential"),
        ("Potential file is missing an entry for: Cu Cu Cu", "potential_mismatch"),
        ("Lost atoms: original 108 current 12", "lost_atoms"),
        ("Illegal bond_style harmonic argument: 100", "invalid_syntax"),
        ("Illegal fix nvt command: missing argument(s)", "invalid_syntax"),
        ("Something nobody has seen before", "lammps_error"),
    ],
)
def test_classify_messages(message, cls):
    assert classify(message) == cls
