"""Measured element facts from the project's element data (assistant/materialfacts.py)."""

from __future__ import annotations

from assistant.knowledge import FACTS_SOURCE, ask
from assistant.materialfacts import fact_answer


def test_melting_point_lattice_constant_and_structure_of_one_element():
    assert (
        fact_answer(
            "At what temperature does gold melt (melting point at 1 atm)?", ["1064 K", "1337 K", "1811 K", "933 K"]
        )[0]
        == 1
    )
    assert (
        fact_answer(
            "Nickel melts at about 1455 °C. Its melting point in kelvin?", ["1455 K", "1728 K", "1182 K", "2000 K"]
        )[0]
        == 1
    )
    assert (
        fact_answer("What lattice constant does bcc tungsten have?", ["2.87 A", "3.61 A", "3.16 A", "4.05 A"])[0] == 2
    )
    assert (
        fact_answer(
            "Which crystal structure does aluminium have at room temperature?", ["bcc", "hcp", "fcc", "diamond"]
        )[0]
        == 2
    )


def test_a_models_value_or_two_elements_decide_nothing():
    assert (
        fact_answer(
            "What melting point does the Mishin EAM potential give for Cu?", ["1327 K", "1358 K", "900 K", "2000 K"]
        )
        is None
    )
    assert fact_answer("Which melts first, Cu or Al (melting point)?", ["Cu", "Al", "both", "neither"]) is None
    assert (
        fact_answer("What is the melting point of copper?", ["1357 K", "about 1358 K", "933 K", "1811 K"]) is None
    )  # two


def test_ask_answers_from_the_element_data_without_a_model():
    answer = ask(
        "What is the melting point of iron at ambient pressure?", ["1358 K", "1811 K", "2200 K", "933 K"], llm=None
    )
    assert (answer.choice, answer.method) == (1, "facts") and answer.sources[0]["source"] == FACTS_SOURCE


def test_a_value_under_other_conditions_is_not_the_tabulated_one():
    assert (
        fact_answer("What is the melting point of copper at 10 GPa?", ["1358 K", "1600 K", "900 K", "2500 K"]) is None
    )
    assert fact_answer("Melting point of 3 nm gold nanoparticles?", ["1337 K", "1000 K", "500 K", "2000 K"]) is None
