"""The commands a question quotes, run in the installed LAMMPS (through the engine and its sandbox), and
what LAMMPS said put in front of the model."""

from __future__ import annotations

import pytest

from assistant import experiment
from assistant.knowledge import TRIED_SOURCE, ask


def test_quoted_command_lines_are_found_and_names_or_gaps_are_not():
    question = ("My input has `units real` then `fix 1 all nve` and `compute cna/atom`, `pair_coeff 1 1 ...`, "
                "and I print `density`. Why?")  # fmt: skip
    assert experiment.quoted_commands(question) == ["units real", "fix 1 all nve"]
    assert experiment.quoted_commands("What is `pe` in thermo output?") == []
    assert experiment.quoted_commands("An empty quote ` ` and `\n` is no command") == []


def test_atoms_in_a_quoted_region_without_a_box_get_that_region_as_box():
    made = experiment.script_for(["lattice bcc 2.87", "region r block 0 2 0 2 0 2", "create_atoms 1 region r"])
    script, start, lines, assumed = made
    assert lines[2] == "create_box 1 r" and script.startswith("units metal\n") and start == 2
    assert any("units metal" in a for a in assumed)


def test_file_reading_lines_are_not_run():
    assert experiment.script_for(["read_data system.data", "fix 1 all nve"]) is None


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
class TestWhatLammpsSaid:
    def test_a_warning_the_quoted_lines_cause(self):
        seen = experiment.observe("I use `fix a all nve` and later `fix b all nve` on the same group. Is that ok?")
        assert seen is not None and any("time integrated more than once" in s for s in seen.said)

    def test_the_atoms_and_box_the_quoted_lines_make(self):
        seen = experiment.observe("With `lattice bcc 2.87`, `region r block 0 2 0 2 0 2`, `create_box 1 r` and "
                                  "`create_atoms 1 box`, how many atoms do I get?")  # fmt: skip
        assert seen is not None and "16 atoms; box 5.74 x 5.74 x 5.74." in seen.said
        assert seen.assumed  # units metal was assumed and is said

    def test_what_print_wrote(self):
        seen = experiment.observe('After `variable n equal 2*3` what does `print "n is ${n}"` show?')
        assert seen is not None and seen.said == ["print wrote: n is 6"]

    def test_an_error_in_a_quoted_line_names_that_line(self):
        seen = experiment.observe("Why does `fix 1 all nvt temp 1.0 1.0 0.5 iso 1.0 1.0 5.0` fail?")
        assert seen is not None and seen.said[0].startswith("ERROR at `fix 1 all nvt")
        assert "pressure" in seen.said[0].lower()

    def test_errors_about_context_the_question_left_out_say_nothing(self):
        assert experiment.observe("What does `fix 2 all ave/time 10 10 100 c_msd[4] file msd.txt` average?") is None
        assert experiment.observe("What does `pair_style lj/cut` compute?") is None  # a style named, not a command
        assert experiment.observe("What is `fix 1 all nve` for?") is None  # it runs and says nothing new

    def test_what_lammps_said_is_the_first_note_of_the_answer(self):
        answer = ask("I wrote `fix a all nve` and `fix b all nve`. What happens?",
                     ["LAMMPS stops with an error", "LAMMPS warns that atoms are integrated twice",
                      "The second fix replaces the first", "Nothing: the fixes are merged"], retrieval=False)  # fmt: skip
        assert answer.sources[0]["source"] == TRIED_SOURCE
        assert "time integrated more than once" in answer.sources[0]["text"]
