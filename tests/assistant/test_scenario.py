"""The system a question describes in words, built, run and read back (assistant/scenario.py and its use in
assistant/experiment.py)."""

from __future__ import annotations

import pytest

from assistant import experiment, scenario
from assistant.knowledge import TRIED_SOURCE, ask

SILICON = "Diamond silicon at a = 5.431 A with `pair_style tersoff` and `pair_coeff * * Si.tersoff Si`"


def described(question: str) -> scenario.Described | None:
    return scenario.describe(question, experiment.quoted_commands(question))


class TestDescribe:
    def test_a_lennard_jones_crystal_with_its_density_and_size(self):
        lj = described("500 LJ atoms at rho* = 0.85 get `velocity all create 1.5 4928`. What is Temp at step 0?")
        assert (lj.units, lj.lattice, lj.cells, lj.natoms) == ("lj", "fcc 0.85", (5, 5, 5), 500)
        assert lj.assumed == []  # density and size were both given

    def test_a_potential_file_gives_units_pair_style_and_element(self):
        si = described(SILICON + ". What energy does `run 0` give?")
        assert (si.units, si.lattice, si.element) == ("metal", "diamond 5.431", "Si")
        assert si.pair == ["pair_style tersoff", "pair_coeff * * Si.tersoff Si"]
        assert si.assumed == ["a 4x4x4 box (512 atoms)"]  # what was not given is said

    def test_an_unquoted_file_gives_the_pair_style_and_asesreference_crystal_the_lattice(self):
        cu = described("A 3x3x3 copper box with Cu_u3.eam and `velocity all create 300 1234`: what is Temp at step 0?")
        assert (cu.lattice.split()[0], cu.cells, cu.pair) == (
            "fcc",
            (3, 3, 3),
            ["pair_style eam", "pair_coeff 1 1 Cu_u3.eam"],
        )
        assert any("ASE's reference crystal" in a for a in cu.assumed)

    def test_a_noble_gas_in_real_units_needs_its_quoted_lj_pair_style(self):
        ar = described("A `units real` argon crystal with `pair_style lj/cut 8.5`: what does the log show?")
        assert ar.units == "real" and ar.pair == ["pair_style lj/cut 10.0", "pair_coeff * * 0.2381 3.405"]
        assert described("What is argon's melting point in `units real`?") is None

    def test_nothing_is_described_without_a_system_named(self):
        assert described("What does `fix 1 all nve` do?") is None
        assert described("Which `pair_coeff` line reads Missing.eam.alloy?") is None  # not in the library

    def test_quoted_system_lines_take_the_place_of_the_built_ones(self):
        lj = described("An LJ crystal with `lattice fcc 0.9`, `pair_style lj/cut 3.0` and `fix 1 all nve`.")
        system, rest = lj.system(
            experiment.quoted_commands("`lattice fcc 0.9`, `pair_style lj/cut 3.0`, `fix 1 all nve`")
        )
        assert (
            "lattice fcc 0.9" in system and "pair_style lj/cut 3.0" in system and "pair_style lj/cut 2.5" not in system
        )
        assert rest == ["fix 1 all nve"]


class TestMeasuringLines:
    def test_only_the_keywords_of_the_questions_own_definitions_are_printed(self):
        before, after = scenario.measuring_lines("What are c_v[4] and c_other at step 0?", ["compute v all vacf"])
        assert before == [scenario.THERMO_BASE + " c_v[4]"] and after == ["run 0"]

    def test_thermo_output_at_the_steps_asked_and_the_run_described_in_words(self):
        before, after = scenario.measuring_lines("What is v_T at step 400 and step 600 after 1000 steps?",
                                                 ["variable T equal ramp(1,2)"])  # fmt: skip
        assert before == [scenario.THERMO_BASE + " v_T", "thermo 200"] and after == ["run 1000"]

    def test_the_questions_own_thermo_and_run_are_left_alone(self):
        assert scenario.measuring_lines("Temp at step 10?", ["thermo_style one", "thermo 5", "run 20"]) == ([], [])


ROWS = [
    {"Step": 0, "Temp": 1.0, "PotEng": -906.296, "c_v[4]": 2.98828},
    {"Step": 500, "Temp": 0.52, "PotEng": -900.1, "c_v[4]": 1.5},
]


class TestAskedValues:
    def test_the_named_keyword_in_the_row_asked(self):
        assert scenario.asked_values(ROWS, "What is c_v[4] at step 0, at this temperature?", "lj", 256) == [2.98828]
        assert scenario.asked_values(ROWS, "What is the temperature at step 500?", "lj", 256) == [0.52]

    def test_energies_per_atom_beside_totals_outside_lj_units(self):
        assert scenario.asked_values(ROWS[:1], "What does PotEng show?", "metal", 256) == [-906.296, -906.296 / 256]

    def test_nothing_when_no_keyword_is_named_or_the_row_is_unclear(self):
        assert scenario.asked_values(ROWS, "What happens at step 0?", "lj", 256) is None
        assert scenario.asked_values(ROWS, "What is the temperature?", "lj", 256) is None  # step 0 or 500?


def observation(rows: list[dict], units: str = "metal", natoms: int = 256) -> experiment.Observation:
    return experiment.Observation(["run 0"], [], ["thermo ..."], rows, units, natoms)


class TestChoiceMeasured:
    def test_the_one_choice_whose_leading_number_is_the_value(self):
        seen = observation(ROWS[:1])
        assert (
            experiment.choice_measured(seen, "PotEng after `run 0`?", ["-3.54 eV per atom", "-906.3 eV", "-341.6", "0"])
            is None
        )  # two
        assert (
            experiment.choice_measured(seen, "PotEng after `run 0`?", ["-3.54 eV per atom", "-12.1", "-341.6", "0"])
            == 0
        )

    def test_a_value_in_e_notation(self):
        seen = observation([{"Step": 0, "Press": 41412000.0}], units="cgs", natoms=1000)
        assert experiment.choice_measured(seen, "What Press does it print?", ["4.14e7", "4.14e4", "1.0e5", "300"]) == 0

    def test_no_choice_when_no_value_was_asked(self):
        assert experiment.choice_measured(observation(ROWS[:1]), "Does it run?", ["1.0", "2.98", "0", "3"]) is None


def test_the_choice_quoting_lammps_own_error_message():
    seen = experiment.Observation(
        ["kspace_style pppm 1e-4"], [], ["ERROR when the run started: Kspace style requires atom attribute q"]
    )
    choices = ["`KSpace style is incompatible with Pair style`", "`Using kspace solver on system with no charge`",
               "`Pair cutoff too short`", "`Kspace style requires atom attribute q`"]  # fmt: skip
    assert experiment.choice_said(seen, choices) == 3
    assert experiment.choice_said(seen, ["It stops", "It runs", "It warns", "It hangs"]) is None


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
class TestDescribedRuns:
    def test_a_compute_of_the_described_lj_crystal_is_read_from_thermo(self):
        question = ("On a crystal of 108 LJ atoms (mass 1) I set `velocity all create 2.0 4928` and define "
                    "`compute v all vacf`. What is c_v[4] at step 0?")  # fmt: skip
        seen = experiment.observe(question)
        assert seen is not None and seen.natoms == 108
        # <v.v> = 3 (N-1)/N T for velocities scaled to T with the centre-of-mass motion removed
        assert seen.rows[0]["c_v[4]"] == pytest.approx(3 * 107 / 108 * 2.0, rel=1e-4)
        answer = ask(question, ["2.0", "5.944", "6.0", "1.0"], llm=None)
        assert (answer.choice, answer.method) == (1, "ran") and answer.sources[0]["source"] == TRIED_SOURCE

    def test_the_potential_energy_of_a_described_crystal_with_a_library_file(self):
        seen = experiment.observe(SILICON + ", 64 atoms. What PotEng does `run 0` print per atom?")
        assert seen is not None and seen.units == "metal" and seen.natoms == 64
        assert seen.rows[-1]["PotEng"] / 64 == pytest.approx(-4.63, abs=0.01)  # Tersoff 1988 Si: -4.63 eV/atom
        assert any(s.startswith("thermo (units metal, energies in eV") for s in seen.said)

    def test_an_error_the_described_system_shows(self):
        seen = experiment.observe("An LJ crystal with `atom_style atomic` gets `compute m all chunk/atom molecule`.")
        assert seen is not None and seen.said[0].startswith("ERROR at `compute m all chunk/atom molecule`")


class TestStandIn:
    def test_values_of_variables_that_use_nothing_of_the_system_need_no_described_system(self):
        ramp = described("With `variable T equal ramp(300,600)` and `run 1000`, what is v_T at step 250?")
        assert ramp is not None and ramp.stand_in and ramp.assumed == []
        # a variable that reads the system is not independent of it
        assert described("With `variable e equal pe` and `run 100`, what is v_e at step 100?") is None
        assert described("With `variable a equal v_b*2`, `variable b equal temp`: v_a at step 0?") is None

    @pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
    def test_only_the_asked_values_are_reported_and_read(self):
        question = ("`variable s equal ramp(0,10)+step*0.5` is printed during `run 400`. "
                    "What does v_s show at step 100 and what at step 200?")  # fmt: skip
        seen = experiment.observe(question)
        assert seen is not None and "step 100: v_s 52.5; step 200: v_s 105" in seen.said[-1]
        assert "PotEng" not in seen.said[-1] and "stand-in system" in seen.assumed[0]


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
def test_a_2d_system_is_one_layer_of_a_2d_lattice():
    seen = experiment.observe("A 2d LJ system of 200 atoms with `dimension 2` and `velocity all create 1.0 4928`: "
                              "what is Temp at step 0?")  # fmt: skip
    assert seen is not None and seen.natoms == 200 and seen.rows[0]["Temp"] == pytest.approx(1.0)
    assert "lattice hex 0.8442" in seen.assumed[0] and "a 2d hex crystal at reduced density 0.8442" in seen.assumed


def test_an_action_named_in_words_but_not_run_leaves_the_value_undecided():
    seen = observation([{"Step": 0, "f_s": 0.0}], units="lj")
    question = (
        "After `fix s all spring/self 10.0`, the atoms are shifted with displace_atoms. What is f_s after `run 0`?"
    )
    assert experiment.choice_measured(seen, question, ["0", "0.05", "0.1", "12.8"]) is None
    quoted = "After `fix s all spring/self 10.0` and `displace_atoms all move 0.1 0 0`, what is f_s after `run 0`?"
    assert experiment.choice_measured(seen, quoted, ["0", "0.05", "0.1", "12.8"]) == 0
