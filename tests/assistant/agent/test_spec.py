"""Requests become specs with the numbers the user gave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.agent.loop import potentials_metadata
from assistant.agent.spec import extract

PUBLIC = Path(__file__).resolve().parents[3] / "evalbench" / "tasks" / "public.jsonl"


@pytest.fixture(scope="module")
def pots():
    return potentials_metadata()


def test_lj_nvt(pots):
    s = extract("Simulate a Lennard-Jones fluid of 4000 atoms on an fcc lattice at reduced density 0.8442, "
                "thermostatted at T*=1.5 with a Nose-Hoover thermostat, for 2000 steps. Print thermo every 100 steps.", pots)  # fmt: skip
    assert (s.units, s.natoms, s.density, s.ensemble, s.temperature, s.steps, s.thermo_every) == (
        "lj", 4000, 0.8442, "nvt", 1.5, 2000, 100)  # fmt: skip
    assert s.pair_style == "lj/cut" and s.missing() == []


def test_metal_with_named_potential_and_fs_timestep(pots):
    s = extract("Equilibrate bulk copper at 300 K: fcc lattice constant 3.615 Angstrom, 6x6x6 unit cells, "
                "EAM potential Cu_u3.eam, NVT for 2000 steps with a 1 fs timestep.", pots)  # fmt: skip
    assert (s.units, s.elements, s.lattice, s.lattice_constant, s.cells) == ("metal", ["Cu"], "fcc", 3.615, (6, 6, 6))
    assert (s.potential_file, s.pair_style, s.temperature, s.timestep) == ("Cu_u3.eam", "eam", 300.0, 0.001)


def test_potential_chosen_from_the_library_by_element(pots):
    s = extract("Simulate aluminium at 500 K with an EAM potential, NVT, 1000 steps", pots)
    assert s.units == "metal" and s.elements == ["Al"]
    assert s.potential_file and s.potential_file.startswith("Al") and s.pair_style.startswith("eam")


def test_real_units_and_lj_parameters(pots):
    s = extract("Model solid argon in real units: Lennard-Jones epsilon 0.2381 kcal/mol, sigma 3.405 A, cutoff 8.5 A, "
                "fcc lattice constant 5.26 A, 6x6x6 cells, thermostat at 50 K for 2000 steps with a 2 fs timestep.", pots)  # fmt: skip
    assert (s.units, s.epsilon, s.sigma, s.cutoff, s.timestep, s.temperature) == ("real", 0.2381, 3.405, 8.5, 2.0, 50.0)


def test_missing_information_becomes_questions(pots):
    s = extract("Run an NVT simulation for 1000 steps", pots)
    questions = s.missing()
    assert any("material" in q for q in questions) and any("temperature" in q for q in questions)


def test_every_public_prompt_is_understood(pots):
    for line in PUBLIC.read_text().splitlines():
        task = json.loads(line)
        if task["kind"] != "code":
            continue
        s = extract(task["prompt"], pots)
        checks = task["checks"]
        assert s.units == checks["units"], task["id"]
        assert s.ensemble == checks["ensemble"], task["id"]
        assert s.missing() == [], task["id"]


@pytest.mark.parametrize("request_text, expected", [
    ("Run a short molecular dynamics simulation of copper.", ("metal", "Cu_u3.eam", None, None)),
    ("Simulate crystalline silicon at room temperature.", ("metal", "Si.sw", 300.0, None)),
    ("Equilibrate aluminium at ambient conditions.", ("metal", "Al_jnp.eam", 300.0, 1.0)),
    ("Simulate liquid argon.", ("real", None, 90.0, None)),
    ("Equilibrate a Lennard-Jones liquid.", ("lj", None, 1.5, None)),
])  # fmt: skip
def test_under_specified_requests_get_stated_expert_defaults(pots, request_text, expected):
    """What an expert would pick, and each default is recorded so the user sees it."""
    s = extract(request_text, pots)
    assert (s.units, s.potential_file, s.temperature, s.pressure) == expected
    assert s.missing() == [] and s.assumptions


def test_single_element_file_preferred_and_diamond_lattice_is_not_carbon(pots):
    s = extract(
        "Silicon (diamond lattice, a = 5.431 A, 3x3x3 cells) with the Stillinger-Weber potential at 800 K", pots
    )
    assert s.elements == ["Si"] and s.potential_file == "Si.sw"
    assert extract("Nickel at 500 K in NVT", pots).potential_file == "Ni_u3.eam"
    assert extract("Simulate diamond at 300 K with Tersoff", pots).elements == ["C"]
    # Asked for a style the default file does not have: any matching single-element file.
    assert extract("Silicon with a Tersoff potential at 1000 K", pots).potential_file.endswith("tersoff")
    # Still asks when nothing sensible can be assumed.
    assert extract("Run NVT of a Lennard-Jones system.", pots).missing() == ["At what temperature?"]


def test_rdf_is_asked_for_only_in_words_that_mean_it(pots):
    assert "rdf" not in extract("Granular grains poured under gravity for 10000 steps", pots).outputs
    assert "rdf" not in extract("Green-Kubo viscosity of argon at 110 K", pots).outputs
    for text in ("Compute g(r) of liquid copper at 1500 K", "write the RDF", "radial distribution function"):
        assert "rdf" in extract(text, pots).outputs, text
