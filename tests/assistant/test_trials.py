"""Each proposed fix tried in the installed LAMMPS (assistant/trials.py)."""

from __future__ import annotations

import pytest

from assistant import trials
from assistant.knowledge import ask

NVT = ["fix 1 all nvt temp 300.0 300.0 0.1"]


class TestEdits:
    def test_keywords_replace_the_group_of_the_same_name(self):
        assert trials.edits(NVT, "Use `temp 300.0 300.0 100.0`") == [["fix 1 all nvt temp 300.0 300.0 100.0"]]

    def test_new_keywords_replace_each_group_of_as_many_values_or_go_at_the_end(self):
        lines = ["fix 1 all npt temp 1.0 1.0 0.5 iso 0 0 5"]
        assert trials.edits(lines, "`x 0 0 5 y 0 0 5`") == [
            ["fix 1 all npt x 0 0 5 y 0 0 5 iso 0 0 5"],
            ["fix 1 all npt temp 1.0 1.0 0.5 x 0 0 5 y 0 0 5"],
            ["fix 1 all npt temp 1.0 1.0 0.5 iso 0 0 5 x 0 0 5 y 0 0 5"],
        ]

    def test_keywords_for_the_line_that_starts_as_the_choice_says(self):
        lines = ["fix 1 all nve", "fix 2 all deform 1 x erate 0.01"]
        assert ["fix 1 all nve", "fix 2 all deform 1 x erate 0.01 remap v"] in trials.edits(
            lines, "`fix deform ... remap v`"
        )

    def test_a_whole_command_replaces_the_line_with_its_id_or_goes_before_the_run(self):
        assert trials.edits(NVT, "`fix 1 all langevin 300 300 0.1 48279`") == [["fix 1 all langevin 300 300 0.1 48279"]]
        assert trials.edits([*NVT, "run 100"], "add `velocity all create 300 4928`") == [
            [*NVT, "velocity all create 300 4928", "run 100"]
        ]

    def test_choices_in_words_only_are_not_tried(self):
        assert trials.edits(NVT, "Lower the damping to a tenth") == []


def test_only_questions_about_fixing_an_error_are_tried():
    assert trials.fixes_that_work("What does `fix 1 all nve` do?", ["a", "b", "c", "d"]) is None


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
class TestTried:
    QUESTION = ("My slab has `boundary p p f` and `fix 1 all npt temp 1.0 1.0 0.5 aniso 0 0 5` stops with an error "
                "about the non-periodic z dimension. Which barostat keywords work?")  # fmt: skip
    CHOICES = ["`iso 0 0 5`", "`tri 0 0 5`", "`x 0 0 5 y 0 0 5 couple xy`", "Any of them with a smaller Pdamp"]

    def test_the_edits_that_run_and_those_that_still_stop(self):
        assert trials.fixes_that_work(self.QUESTION, self.CHOICES) == [False, False, True, None]

    def test_ask_takes_the_one_choice_whose_edit_runs_when_the_rest_are_written_in_lammps(self):
        answer = ask(self.QUESTION, self.CHOICES[:3], llm=None, retrieval=False)
        assert (answer.choice, answer.method) == (2, "tried") and "still stops" in answer.answer

    def test_an_error_lammps_does_not_reproduce_decides_nothing(self):
        question = "`fix 1 all nve` stops with an error about the time step. Which fix works?"
        assert trials.fixes_that_work(question, ["`fix 1 all nvt temp 1 1 0.1`", "`fix 1 all nve/limit 0.1`"]) is None


def test_a_choice_that_asks_for_more_in_words_is_not_tried():
    assert trials._more_in_words("`tri 0 0 5` (after change_box all triclinic)")
    assert not trials._more_in_words("Barostat only y and z: `... y 1.0 1.0 5.0 z 1.0 1.0 5.0`")


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
def test_when_every_edit_still_stops_nothing_is_ruled_out():
    question = TestTried.QUESTION
    choices = ["`iso 0 0 5`", "`tri 0 0 5`", "`z 0 0 5`"]
    assert trials.fixes_that_work(question, choices) == [False, False, False]
    answer = ask(question, choices, llm=None, retrieval=False)  # was: an empty list handed to the model
    assert answer.choice in range(3) and answer.method != "tried"
