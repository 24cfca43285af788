"""Multiple-choice syntax checked by the installed LAMMPS, through the engine and its sandbox."""

from __future__ import annotations

import pytest

from assistant import syntaxcheck
from assistant.knowledge import ask

pytestmark = pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox (make sysdeps installs it)

THERMOSTATS = ["fix 1 all nvt temp 1.0 1.0 0.5", "fix 1 all nvt 1.0 1.0 0.5", "thermostat nvt 1.0",
               "fix 1 all nvt temperature 1.0 1.0 0.5"]  # fmt: skip


def test_lines_are_accepted_or_rejected_by_lammps_itself():
    assert syntaxcheck.verdicts(THERMOSTATS) == [True, False, False, False]
    assert syntaxcheck.verdicts(["units metal", "units = metal", "unit metal"]) == [True, False, False]
    # several lines in one choice; bonds exist in the generic system
    assert syntaxcheck.verdicts(["bond_style harmonic\nbond_coeff 1 100.0 1.0", "bond_style harmonic 100 1.0"]) == [
        True, False]  # fmt: skip


def test_a_line_that_stops_early_may_be_shorthand_and_is_not_rejected():
    # "pair_modify shift" for "pair_modify shift yes"; too many arguments is still wrong
    assert syntaxcheck.verdicts(["pair_modify shift", "neighbor 0", "neighbor 0.3 bin 2", "timestep"]) == [
        None, None, False, True]  # fmt: skip


def test_context_the_question_does_not_give_is_not_a_rejection():
    found = syntaxcheck.verdicts(["fix 2 all ave/time 10 10 100 c_msd[4] file msd.txt",  # compute msd not defined
                                  "read_data water.data", "compute msd all msd com yes"])  # fmt: skip
    assert found == [None, None, True]


def test_lammps_objecting_to_what_a_line_asks_is_a_rejection():
    # not a syntax error, but LAMMPS refuses the line itself: the orient vectors are left-handed
    assert syntaxcheck.verdicts(["lattice fcc 3.615 orient x 1 1 0 orient y 0 0 1 orient z -1 1 0",
                                 "lattice fcc 3.615 orient x 1 1 0 orient y 0 0 1 orient z 1 -1 0"]) == [False, True]  # fmt: skip


def test_choices_that_complete_the_one_command_the_question_quotes():
    question = "Which `orient` keywords does `lattice fcc 3.615` accept?"
    choices = ["`orient x 1 1 0 orient y 0 0 1 orient z -1 1 0`", "`orient x 1 1 1 orient y 1 -1 0 orient z 0 0 1`",
               "`orient x 1 1 0 orient y 0 0 1 orient z 1 -1 0`"]  # fmt: skip
    assert syntaxcheck.verdicts(choices, question) == [False, False, True]
    assert syntaxcheck.completions(
        "Which keywords does `lattice fcc 3.615` take?", ["the orient keyword", "spacing"]
    ) == [None, None]  # prose is not the rest of a line
    assert syntaxcheck.completions("Which orient keywords are right?", choices) == [None] * 3  # no command quoted


def test_a_question_about_what_may_follow_the_box_checks_set_up_lines_after_it():
    choices = ["`units metal`", "`neighbor 0.5 bin`", "`boundary p p f`"]
    assert syntaxcheck.verdicts(choices) == [True, True, True]  # before the box, all are fine
    assert syntaxcheck.candidates("After `create_box` has run, which command may still be used?", choices)[0] == [1]


def test_a_bare_style_name_is_checked_for_existence_only():
    assert syntaxcheck.verdicts(["pair_style buck", "pair_style born/coul/long", "pair_style nosuchstyle"]) == [
        True, True, False]  # fmt: skip
    assert syntaxcheck.verdicts(["fix shake", "fix 1 all nosuchfix", "compute rdf"]) == [True, False, True]


def test_prose_choices_are_not_run():
    assert syntaxcheck.verdicts(["the pressure", "the temperature"]) == [None, None]
    assert syntaxcheck.verdicts(["kspace_style ewald", "pair_style soft ramped with fix adapt"])[1] is None
    assert syntaxcheck.verdicts(["fix 1 all nve", "fix 1 all nvt temp 1 1 0.5", "the velocity Verlet integrator"])[
        2] is None  # fmt: skip


def test_forbidden_commands_are_not_run(tmp_path):
    marker = tmp_path / "ran"
    found = syntaxcheck.verdicts([f"shell touch {marker}", "fix 1 all nve", f"print hi file {marker}"])
    assert found[0] is None and found[1] is True and not marker.exists()


def test_candidates_follow_what_the_question_asks():
    assert syntaxcheck.candidates("Which line sets a Nose-Hoover thermostat?", THERMOSTATS)[0] == [0]
    errors = ["thermo_style custom step temp pe", "thermo_style custom step tmp pe", "thermo 100"]
    assert syntaxcheck.candidates("Which of these lines gives an error?", errors)[0] == [1]
    assert syntaxcheck.candidates("LAMMPS refuses one of these lines. Which?", errors)[0] == [1]
    assert syntaxcheck.candidates("Which line does not set a thermostat?", THERMOSTATS) is None  # ambiguous
    assert syntaxcheck.candidates("Which integrator?", ["fix 1 all nve", "fix 1 all nvt temp 1 1 0.5"]) is None


def test_ask_answers_from_the_check_and_says_so():
    answer = ask("Which velocity command gives a Gaussian distribution of velocities at T*=1?",
                 ["velocity all create 1.0 4928 dist gaussian", "velocity all create 1.0 dist gaussian",
                  "velocity all gaussian 1.0", "velocity all set 1.0 4928 gaussian"], llm=None)  # fmt: skip
    assert answer.choice == 0 and answer.method == "checked"
    assert "checked with the installed LAMMPS" in answer.answer and answer.sources[0]["source"] == "lammps:installed"


def test_without_a_sandbox_nothing_is_run(monkeypatch):
    import simulations.engine.sandbox as sandbox

    monkeypatch.setattr(sandbox, "bwrap_works", lambda: False)  # a machine without bubblewrap
    assert syntaxcheck.verdicts(THERMOSTATS) == [None] * 4
