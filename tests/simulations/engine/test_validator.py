"""Static validation: what may run, with line numbers, suggestions and warnings."""

from __future__ import annotations

import time

import pytest

from simulations.engine import Limits, check_script

BASE = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
"""
LJ = BASE + "pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"


def codes(report, kind="warnings"):
    return [i.code for i in getattr(report, kind)]


@pytest.mark.parametrize("name", ["in.lj", "in.eam", "in.chain", "in.rhodo"])
def test_shipped_benchmarks_are_clean(inst, name):
    bench = inst.bench_dir
    inputs = {p.name: p for p in bench.iterdir() if p.name.startswith("data.")}
    report = check_script((bench / name).read_text(), input_files=inputs)
    assert report.ok, report.errors
    assert report.segments and report.total_steps > 0


def test_clean_script_has_no_warnings():
    report = check_script(LJ + "velocity all create 1.0 87287\nfix 1 all nvt temp 1.0 1.0 0.5\nrun 100\n")
    assert report.ok
    assert report.warnings == []
    seg = report.segments[0]
    assert seg.ensemble == "nvt"
    assert seg.thermostat["target"] == 1.0
    assert report.estimated_atoms == 108


def test_unknown_style_suggests_the_right_one():
    report = check_script(LJ + "fix 1 all nvt/sllood temp 1 1 0.5\nrun 10\n")
    assert not report.ok
    err = report.errors[0]
    assert (err.line, err.command, err.code) == (10, "fix", "unknown_style")
    assert "unknown fix style 'nvt/sllood'" in err.message
    assert "did you mean nvt/sllod" in err.message


def test_unknown_command_suggests_the_right_one():
    report = check_script(BASE + "pair_stlye lj/cut 2.5\n")
    err = report.errors[0]
    assert (err.line, err.code) == (8, "unknown_command")
    assert "did you mean pair_style" in err.message


@pytest.mark.parametrize(
    "tail, code, fragment",
    [
        ("pair_style lj/cut 2.5\nfix 1 all nve\nrun 100\n", "pair_coeff", "no pair_coeff"),
        ("pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\ntimestep 0.5\nfix 1 all nve\nrun 100\n", "timestep", "100x the usual"),
        ("pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\nfix 1 all nvt temp 1.0 1.0 0.005\nrun 100\n", "damping", "1 timesteps"),
        ("pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\nrun 100\n", "integrator", "without an integrator"),
        ("pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\nfix 1 all nve\nfix 2 all nvt temp 1 1 0.5\nrun 100\n", "integrator", "moved twice per step"),
    ],
)  # fmt: skip
def test_common_mistakes_are_warnings(tail, code, fragment):
    report = check_script(BASE + tail)
    assert report.ok  # warnings do not block a run
    found = [w for w in report.warnings if w.code == code]
    assert found, report.warnings
    assert fragment in found[0].message
    assert found[0].hint


def test_run_before_create_box_is_flagged():
    report = check_script("units lj\nrun 10\n")
    order = [w for w in report.warnings if w.code == "order"]
    assert order and order[0].line == 2


def test_potential_units_and_elements_mismatch_are_flagged():
    script = (
        BASE.replace("mass 1 1.0", "mass 1 63.5") + "pair_style eam\npair_coeff 1 1 Cu_u3.eam\nfix 1 all nve\nrun 10\n"
    )
    warn = [w for w in check_script(script).warnings if w.code == "potential"]
    assert "metal units" in warn[0].message and "units lj" in warn[0].message
    si = (
        "units metal\natom_style atomic\nlattice diamond 5.43\nregion box block 0 2 0 2 0 2\n"
        "create_box 1 box\ncreate_atoms 1 box\nmass 1 28\npair_style tersoff\npair_coeff * * Si.tersoff Cu\n"
        "fix 1 all nve\nrun 10\n"
    )
    warn = [w for w in check_script(si).warnings if w.code == "potential"]
    assert "covers Si; not Cu" in warn[0].message


def test_library_potentials_are_found_by_bare_name():
    script = (
        "units metal\natom_style atomic\nlattice fcc 3.615\nregion box block 0 3 0 3 0 3\n"
        "create_box 1 box\ncreate_atoms 1 box\npair_style eam\npair_coeff 1 1 Cu_u3.eam\n"
        "fix 1 all nve\nrun 10\n"
    )
    report = check_script(script)
    assert report.ok, report.errors
    assert report.potential_files == ["Cu_u3.eam"]
    assert report.warnings == []


def test_harmless_text_mentioning_forbidden_words_passes():
    script = LJ + 'print "the shell command is forbidden"\n# shell rm -rf /\nfix 1 all nve\nrun 10\n'
    assert check_script(script).ok


def test_variables_and_loops_are_followed():
    script = LJ + "variable n equal 50\nvariable t index 1.0 1.5\nfix 1 all nvt temp ${t} ${t} 0.5\nrun ${n}\n"
    report = check_script(script)
    assert report.ok, report.errors
    assert report.total_steps == 50
    assert report.segments[0].thermostat["target"] == 1.0


def test_validation_of_a_1000_line_script_is_fast():
    body = LJ + "fix 1 all nve\n" + "".join(f"variable v{i} equal {i}*2.0\nthermo_modify norm no\n" for i in range(495))
    body += "run 10\n"
    assert body.count("\n") >= 1000
    check_script(body)  # warm the catalogue cache
    started = time.perf_counter()
    report = check_script(body)
    elapsed = time.perf_counter() - started
    assert report.ok
    assert elapsed < 1.0  # the real target (< 50 ms) is measured by `make bench`


def test_limits_are_applied_before_running():
    limits = Limits(max_steps=1000)
    report = check_script(LJ + "fix 1 all nve\nrun 5000\n", limits=limits)
    assert not report.ok and report.errors[0].code == "limit"
    assert "5,000 steps" in report.errors[0].message
