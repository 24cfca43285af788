"""A user's data file: what it holds (style, charges, masses, coefficient sections) and the chemistry its
masses show, read from the suite's own data files and small variants written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agent import datafile

INPUTS = Path(__file__).resolve().parents[3] / "evalbench" / "tasks" / "inputs"


@pytest.fixture
def coefficient_water(tmp_path):
    """The suite's SPC/E box with its own coefficient sections and no style comment on Atoms (as many
    files written by hand or by other tools are)."""
    text = (INPUTS / "spce_water.data").read_text().replace("Atoms # full", "Atoms")
    text = text.replace("Atoms\n", "Pair Coeffs\n\n1 0.1553 3.166\n2 0.0 0.0\n\nBond Coeffs\n\n1 450.0 1.0\n\n"
                        "Angle Coeffs\n\n1 55.0 109.47\n\nAtoms\n", 1)  # fmt: skip
    path = tmp_path / "water_coeffs.data"
    path.write_text(text)
    return path


def test_water_without_coefficients_is_recognised_by_its_masses():
    df = datafile.read(INPUTS / "spce_water.data")
    assert df.style == "full" and df.charged and df.counts["atoms"] == 375
    assert datafile.chemistry(df) == "water" and datafile.type_elements(df.masses) == ["O", "H"]
    assert df.missing_coeffs() == ["Pair Coeffs", "Bond Coeffs", "Angle Coeffs"]


def test_united_atom_groups_are_not_taken_for_elements():
    df = datafile.read(INPUTS / "butane.data")
    assert datafile.chemistry(df) == "alkane" and datafile.type_groups(df.masses) == ["CH3", "CH2"]
    assert datafile.element_of(14.027) is None  # CH2, not nitrogen (14.007)
    assert datafile.units_of(df) == "real"


def test_reduced_masses_mean_lj_units():
    df = datafile.read(INPUTS / "kg_chains.data")
    assert datafile.units_of(df) == "lj" and datafile.chemistry(df) is None


def test_own_coefficients_give_the_styles_and_the_columns_give_the_atom_style(coefficient_water):
    df = datafile.read(coefficient_water)
    assert df.style == "full" and df.charged and df.missing_coeffs() == []
    assert datafile.coeff_style(df, "Pair Coeffs") == "lj/cut/coul/long"
    assert datafile.coeff_style(df, "Bond Coeffs") == "harmonic"


@pytest.mark.parametrize(("values", "style"), [(["0.2", "1", "180", "1.0"], "charmm"),
                                               (["1.411", "-0.271", "3.145", "0.0"], "opls")])  # fmt: skip
def test_four_dihedral_values_are_told_apart(values, style):
    df = datafile.DataFile(coeffs={"Dihedral Coeffs": (None, values)})
    assert datafile.coeff_style(df, "Dihedral Coeffs") == style


def test_a_section_comment_names_the_style():
    df = datafile.DataFile(coeffs={"Pair Coeffs": ("lj/cut/tip4p/long", ["0.1852", "3.1589"])})
    assert datafile.coeff_style(df, "Pair Coeffs") == "lj/cut/tip4p/long"


def copper_block(tmp_path) -> Path:
    """An fcc Cu block written by ASE (atom style atomic, masses with a comment)."""
    from ase.build import bulk
    from ase.io import write

    path = tmp_path / "cu_block.data"
    write(path, bulk("Cu", "fcc", a=3.615, cubic=True).repeat((6, 6, 6)), format="lammps-data", masses=True)
    return path


DATA_REQUESTS = {
    "water": "a box of water from spce_water.data at 300 K and 1 atm, 3000 steps",
    "alkane": "liquid butane from butane.data at 200 K in NVT, 1000 steps",
    "own": "equilibrate the water in water_coeffs.data at 300 K, NVT, 1000 steps",
    "atoms": "heat my copper (cu_block.data) to 600 K at zero pressure, 4000 steps",
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(DATA_REQUESTS))
def test_a_data_file_gets_the_force_field_its_chemistry_needs_and_runs(run, kind, coefficient_water, tmp_path):
    from assistant.agent.builder import build
    from assistant.agent.evaluate import evaluate
    from assistant.agent.physics import expectations
    from assistant.agent.plan import make_plan
    from assistant.agent.request import read

    files = {"water": INPUTS / "spce_water.data", "alkane": INPUTS / "butane.data", "own": coefficient_water,
             "atoms": copper_block(tmp_path)}  # fmt: skip
    inputs = {files[kind].name: files[kind]}
    req = read(DATA_REQUESTS[kind])
    plan = make_plan(req, inputs)
    script = build(plan, inputs)
    assert script, plan.declined
    assert plan.extra["data_model"] == kind
    result = run(script, inputs=inputs, wall_s=300).to_dict()
    assert result["status"] == "succeeded", (script, result["error"])
    checks = expectations(req, covered_by_library=True).checks
    failed = [v.to_dict() for v in evaluate(checks, script, result) if not v.passed]
    assert not failed, (script, failed)
    if kind == "water":  # SPC/E at 1 atm: about 1 g/cm3, 0.1 atoms per A^3
        assert "number_density" in checks


def test_masses_that_name_no_known_chemistry_are_declined_with_what_is_missing(tmp_path):
    from assistant.agent.builder import build
    from assistant.agent.plan import make_plan
    from assistant.agent.request import read

    text = (INPUTS / "butane.data").read_text().replace("1 15.035", "1 77.7").replace("2 14.027", "2 88.8")
    path = tmp_path / "mystery.data"
    path.write_text(text)
    plan = make_plan(read("run my molecules in mystery.data at 300 K"), {"mystery.data": path})
    assert build(plan, {"mystery.data": path}) is None
    assert "Pair Coeffs" in plan.declined and "77.7" in plan.declined
