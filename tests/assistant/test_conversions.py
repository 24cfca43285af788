"""Unit conversions computed with pint (assistant/conversions.py)."""

from __future__ import annotations

from assistant.conversions import conversion_answer
from assistant.knowledge import CONVERTED_SOURCE, ask


def test_the_one_choice_that_is_the_quantity_converted():
    choices = ["0.043 eV and 4.18 kJ/mol", "1.0 eV and 96.5 kJ/mol", "0.52 eV and 50 kJ/mol", "4.3 eV and 414 kJ/mol"]
    assert conversion_answer("How much is 1.0 kcal/mol in eV and in kJ/mol?", choices) == (
        0, "converted with pint (CODATA constants): 0.043 eV and 4.18 kJ/mol")  # fmt: skip


def test_spectroscopic_molar_and_thermal_relations():
    wavenumbers = ["About 3336 cm^-1", "About 33 cm^-1", "About 1000 cm^-1", "About 100 cm^-1"]
    assert conversion_answer("A C-H stretch at 100 THz: what is that in wavenumbers (cm^-1)?", wavenumbers)[0] == 0
    assert (
        conversion_answer("What is k_B T at 300 K expressed in meV?", ["2.6 meV", "25.9 meV", "259 meV", "0.3 meV"])[0]
        == 1
    )


def test_a_value_in_the_questions_own_unit_or_no_conversion_asked_decides_nothing():
    assert conversion_answer("A run at 1 bar: how much does the pressure fluctuate?",
                             ["About 1 bar", "About 100 bar", "About 500 bar", "None"]) is None  # fmt: skip
    assert (
        conversion_answer("Which is the Boltzmann constant in eV/K?", ["8.617e-5 eV/K", "1.38e-23 eV/K", "1 eV/K", "0"])
        is None
    )
    assert (
        conversion_answer("How much is 1 eV in kJ/mol?", ["96.5 kJ/mol", "96.5 kJ/mol exactly", "9.65 kJ/mol", "1"])
        is None
    )  # two


def test_ask_answers_a_conversion_without_a_model():
    answer = ask("A force of 0.1 eV/A is how much in piconewtons?", ["16 pN", "160 pN", "1.6 pN", "1600 pN"], llm=None)
    assert (answer.choice, answer.method) == (1, "converted") and answer.sources[0]["source"] == CONVERTED_SOURCE
