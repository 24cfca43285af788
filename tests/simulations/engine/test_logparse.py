"""The log parser on real LAMMPS output: every thermo layout, minimize, warnings, errors."""

from __future__ import annotations

import math

import pytest

from simulations.engine.logparse import LogParser, parse_text

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
"""

ALL_LAYOUTS = (
    LJ
    + """thermo 10
minimize 1.0e-6 1.0e-8 100 1000
fix 1 all nve
thermo_style custom step temp pe ke etotal press vol
run 30
thermo_style multi
run 20
thermo_style yaml
run 20
thermo_style custom step temp press
thermo_modify line yaml
run 20
"""
)


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    from simulations.engine import Limits, run_script

    result = run_script(ALL_LAYOUTS, workdir=tmp_path_factory.mktemp("layouts") / "run", limits=Limits(wall_s=60))
    assert result.status == "succeeded", result.error
    return result


def test_all_blocks_and_styles(layouts):
    styles = [(b["kind"], b["style"]) for b in layouts.thermo]
    assert styles == [("minimize", "one"), ("run", "one"), ("run", "multi"), ("run", "yaml"), ("run", "yaml")]
    assert all(b["complete"] for b in layouts.thermo)


def test_custom_columns_and_rows(layouts):
    block = layouts.thermo[1]
    assert block["columns"] == ["Step", "Temp", "PotEng", "KinEng", "TotEng", "Press", "Volume"]
    steps = [row[0] for row in block["rows"]]
    start = steps[0]  # where the minimization stopped
    assert steps == [start] + [s for s in (10, 20, 30) if s > start] + [start + 30]
    assert block["steps"] == 30 and block["atoms"] == 108
    assert block["loop_time_s"] > 0
    assert "timesteps/s" in block["performance"] or block["performance"]


def test_multi_layout_has_named_values(layouts):
    block = layouts.thermo[2]
    assert block["columns"][0] == "Step"
    assert {"CPU", "TotEng", "KinEng", "Temp", "PotEng", "E_bond", "E_vdwl", "Press"} <= set(block["columns"])
    assert [r[0] for r in block["rows"]] == [31, 40, 50, 51]
    assert all(len(r) == len(block["columns"]) for r in block["rows"])


def test_yaml_layouts(layouts):
    plain, custom = layouts.thermo[3], layouts.thermo[4]
    assert plain["columns"][:4] == ["Step", "Temp", "KinEng", "PotEng"]
    assert custom["columns"] == ["Step", "Temp", "Press"]
    assert [r[0] for r in custom["rows"]] == [71, 80, 90, 91]
    assert all(isinstance(v, float) for r in custom["rows"] for v in r[1:])


def test_minimize_statistics(layouts):
    stats = layouts.thermo[0]["min_stats"]
    assert stats["stopping_criterion"]
    assert stats["iterations"] >= 1 and stats["force_evaluations"] >= stats["iterations"]
    assert stats["energy_final"] <= stats["energy_initial"]
    assert stats["force_two_norm_final"] < 1e-6


def test_continuity_between_runs(layouts):
    # Each run starts where the previous one stopped.
    last = layouts.thermo[1]["rows"][-1][0]
    first_multi = layouts.thermo[2]["rows"][0][0]
    assert first_multi == last


def test_shipped_reference_logs_parse(inst):
    for name, atoms, steps in [("lj", 32000, 100), ("eam", 32000, 100), ("chain", 32000, 100), ("rhodo", 32000, 100)]:
        text = (inst.bench_dir / f"log.15Jul25.{name}.fixed.g++.1").read_text()
        parser = parse_text(text)
        assert parser.error is None
        runs = [b for b in parser.blocks if b.kind == "run"]
        assert runs and runs[-1].atoms == atoms and runs[-1].steps == steps
        assert runs[-1].rows[0][0] == 0
        assert parser.finished


def test_warnings_and_error_with_line():
    text = (
        "LAMMPS (22 Jul 2025 - Update 4)\n"
        "units lj\n"
        "WARNING: Using 'neigh_modify every 1 delay 0 check yes' setting during minimization (src/min.cpp:219)\n"
        "pair_coeff 1 1 1.0\n"
        "ERROR: Incorrect args for pair coefficients (src/pair_lj_cut.cpp:123)\n"
        "For more information see https://docs.lammps.org/err0009\n"
        "Last input line: pair_coeff 1 1 1.0\n"
    )
    lines = {"units lj": 1, "pair_coeff 1 1 1.0": 7}
    parser = LogParser(lines.get).feed_all(text.splitlines(keepends=True))
    assert parser.version == "22 Jul 2025 - Update 4"
    assert parser.warnings == ["Using 'neigh_modify every 1 delay 0 check yes' setting during minimization"]
    assert parser.error.message == "Incorrect args for pair coefficients"
    assert parser.error.input_line == "pair_coeff 1 1 1.0"
    assert parser.error.script_line == 7
    assert "err0009" in parser.error.docs


def test_nan_values_survive_as_strings(run):
    script = LJ.replace("velocity all create 1.0 87287 loop geom\n", "create_atoms 1 single 0 0 0\n")
    result = run(script + "fix 1 all nve\nthermo 10\nrun 20\n")
    assert result.status == "succeeded"  # LAMMPS itself carries on with NaN
    values = [v for row in result.thermo[0]["rows"] for v in row]
    assert any(v in ("nan", "inf", "-inf") for v in values)
    finite = [c for c in result.checks if c["name"] == "finite_thermo"][0]
    assert not finite["passed"]


def test_partial_block_while_running():
    parser = LogParser()
    parser.feed("Per MPI rank memory allocation (min/avg/max) = 2.6 | 2.6 | 2.6 Mbytes\n")
    parser.feed("   Step          Temp          E_pair  \n")
    parser.feed("         0   1.44          -6.7733681\n")
    parser.feed("        10   1.41          -6.73\n")
    assert parser.current is not None
    assert parser.current.rows[-1] == [10, 1.41, -6.73]
    assert not parser.current.complete
    assert math.isclose(parser.current.column("Temp")[0], 1.44)


def test_printed_lines_are_the_outputs_of_print_commands():
    from simulations.engine.logparse import printed_lines

    log = "\n".join([
        'print           "C11 = ${C11} GPa, B = $(v_B:%.1f)"', "C11 = 167.2 GPa, B = 138.5",
        'print           "T = 300: lattice constant ${a0}"', "T = 300: lattice constant 4.011",
        'print           "300 ${a0}" append expansion.txt screen no', "variable x equal 1",
        'print           "value ${x} here"', "run 100",  # the next line is a command, not its output
        'print "MDWEB_END step $(step)"', "MDWEB_END step 100",
    ])  # fmt: skip
    assert printed_lines(log) == ["C11 = 167.2 GPa, B = 138.5", "T = 300: lattice constant 4.011"]


def test_the_last_value_a_fix_print_wrote_is_reported():
    from simulations.engine.logparse import printed_lines

    log = "\n".join([
        'fix             kp all print 1000 "Green-Kubo thermal conductivity so far: ${kappa} W/mK"',
        "run 3000", "Green-Kubo thermal conductivity so far: 0.11 W/mK", "Step Temp",
        "Green-Kubo thermal conductivity so far: 0.15 W/mK",
        'fix             quiet all print 100 "T = $(temp)" screen no', "T = 90.1",
    ])  # fmt: skip
    assert printed_lines(log) == ["Green-Kubo thermal conductivity so far: 0.15 W/mK"]
