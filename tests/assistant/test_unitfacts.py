"""Unit questions answered from LAMMPS's units table (assistant/unitfacts.py)."""

from __future__ import annotations

from assistant.knowledge import UNITS_SOURCE, ask
from assistant.unitfacts import unit_answer

FORCES = ["kcal/mol per Angstrom", "eV per Angstrom", "Newtons", "Hartree per Bohr"]


def test_the_choice_with_the_unit_of_the_asked_quantity():
    assert unit_answer("My script has `units metal`. In what unit are the per-atom forces fx, fy, fz?", FORCES)[0] == 1
    assert unit_answer("With cgs units, which unit does thermo print the pressure in?",
                       ["bar", "atm", "dyne/cm^2", "Pa"]) == (2, "LAMMPS's units table (`units cgs`): pressure in dyne/cm^2")  # fmt: skip


def test_spelled_out_units_and_several_quantities():
    choices = ["g/mol and femtoseconds", "atomic mass units and picoseconds", "kg and seconds", "amu and nanoseconds"]
    # two choices give g/mol (amu) for mass, only one ps for time
    assert unit_answer("In 'metal' units, what units do masses and the timestep have?", choices)[0] == 1


def test_nothing_is_decided_when_the_table_cannot_single_out_a_choice():
    assert unit_answer("`units real` or `units metal`: what unit is the force in?", FORCES) is None  # two styles
    assert unit_answer("In lj units, what unit is time in?", ["tau", "fs", "ps", "s"]) is None  # reduced
    assert (
        unit_answer("In `units metal`, what is the default skin?", ["0.3", "2.0", "1.0", "0.1"]) is None
    )  # not a unit
    assert (
        unit_answer("In `units real`, what unit is energy in?", ["kcal/mol", "kcal/mol (per mole)", "eV", "J"]) is None
    )


def test_ask_answers_from_the_table_without_a_model():
    answer = ask("With `units real`, in which unit is the argument of the `timestep` command?",
                 ["picoseconds", "femtoseconds", "nanoseconds", "reduced tau"], llm=None)  # fmt: skip
    assert (answer.choice, answer.method) == (1, "units") and answer.sources[0]["source"] == UNITS_SOURCE


def test_per_atom_stress_is_not_the_tables_pressure():
    question = "With `units metal`, in what unit does `compute stress/atom` give the stress?"
    assert unit_answer(question, ["bar", "bar*Angstrom^3", "eV", "GPa"]) is None
