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


def test_set_up_lines_go_before_the_generic_system_and_the_others_after():
    script, start, lines, _ = experiment.script_for(["fix 2 all wall/reflect zlo EDGE", "boundary p p f", "units real"])
    rows = script.splitlines()
    assert rows[:2] == ["boundary p p f", "units real"] and rows.count("units real") == 1
    assert lines == ["fix 2 all wall/reflect zlo EDGE"] and rows[start - 1] == lines[0]


def test_the_atom_style_a_question_gives_decides_whether_the_box_reserves_bonds():
    atomic, *_ = experiment.script_for(["compute cc all chunk/atom molecule", "atom_style atomic"])
    assert "atom_style atomic" in atomic and "bond/types" not in atomic and "atom_style full" not in atomic
    full, *_ = experiment.script_for(["fix 1 all nve", "atom_style full"])
    assert "bond/types" in full
    guessed, *_ = experiment.script_for(["fix s all shake 0.0001 20 0 b 1"])  # no style given: molecules
    assert "atom_style full" in guessed


def test_the_generic_system_has_as_many_types_as_a_pair_coeff_names():
    script, *_ = experiment.script_for(["pair_style lj/cut 2.5", "pair_coeff * * 1.0 1.0", "pair_coeff * 3 0.5 2.0"])
    assert "create_box 3 box" in script


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

    def test_how_unlike_pairs_were_mixed_and_the_coefficients_in_use(self):
        seen = experiment.observe("`pair_style lj/cut 5.0` with `pair_coeff 1 1 1.0 1.0` and `pair_coeff 2 2 4.0 2.0`: "
                                  "which epsilon and sigma do 1-2 pairs get?")  # fmt: skip
        assert seen is not None
        assert "at run set-up: Generated 1 of 1 mixed pair_coeff terms from geometric mixing rule." in seen.said
        assert any("1 2 2 1.41421 5" in s for s in seen.said if s.startswith("pair coefficients in use"))
        mixed = experiment.observe("With `pair_style lj/cut 5.0`, `pair_modify mix arithmetic`, `pair_coeff 1 1 1.0 1.0` "
                                   "and `pair_coeff 2 2 4.0 2.0`, what is sigma for 1-2 pairs?")  # fmt: skip
        assert mixed is not None and any("1 2 2 1.5 5" in s for s in mixed.said)

    def test_what_lammps_printed_after_each_line_of_a_system_the_question_built(self):
        seen = experiment.observe("`lattice hcp 3.21`, `region box block 0 1 0 1 0 1`, `create_box 1 box`, "
                                  "`create_atoms 1 box`: how many atoms and what box?")  # fmt: skip
        assert seen is not None
        assert "after `lattice hcp 3.21`: Lattice spacing in x,y,z = 3.21 5.5598831 5.241908." in seen.said
        assert any(s.startswith("after `create_atoms 1 box`: Created 4 atoms") for s in seen.said)

    def test_neighbour_cutoff_and_thermo_columns_at_run_set_up(self):
        seen = experiment.observe("With `pair_style lj/cut 2.5`, `pair_coeff * * 1.0 1.0` and `neighbor 0.8 bin`, "
                                  "what cutoff does the neighbour list use?")  # fmt: skip
        assert seen is not None and "at run set-up: master list distance cutoff = 3.3." in seen.said
        thermo = experiment.observe("What columns does `thermo_style custom step temp pe etotal press` print?")
        assert thermo is not None and thermo.said == ["thermo columns printed: Step Temp PotEng TotEng Press."]
        # A generic system's group count is not the question's: nothing is said for a line it did not build.
        assert experiment.observe("After `region top block INF INF INF INF 1 2` and `group top region top`, "
                                  "how many atoms are in top?") is None  # fmt: skip

    def test_a_box_in_a_region_no_line_defines_and_the_atoms_of_each_type(self):
        question = ("A CsCl-type crystal: `lattice bcc 4.11`, a 2x2x2 box, `create_box 2 box` and "
                    "`create_atoms 1 box basis 2 2`. How many atoms of each type?")  # fmt: skip
        seen = experiment.observe(question)
        assert seen is not None and "region box block 0 2 0 2 0 2" in seen.assumed
        assert "atoms of each type: type 1: 8; type 2: 8." in seen.said
        choices = [
            "16 of type 1 and none of type 2",
            "8 of type 1 and 8 of type 2",
            "8 of type 1 and 16 of type 2",
            "16 each",
        ]
        assert experiment.choice_counted(seen, choices) == 1

    def test_the_thermo_values_of_a_whole_system_the_question_wrote(self):
        question = ("`units lj`, `lattice fcc 0.8442`, `region b block 0 3 0 3 0 3`, `create_box 1 b`, "
                    "`create_atoms 1 box`, `mass 1 1.0`, `pair_style lj/cut 2.5`, `pair_coeff 1 1 1.0 1.0` and "
                    "`velocity all create 0.5 4928`: what is the potential energy PotEng after `run 0`?")  # fmt: skip
        seen = experiment.observe(question)
        assert seen is not None and seen.natoms == 108 and seen.rows[-1]["PotEng"] == pytest.approx(-6.77, abs=0.01)
        assert experiment.choice_measured(seen, question, ["-6.77", "-7.32", "-5.27", "0.5"]) == 0

    def test_an_error_in_a_short_command_and_one_set_up_line_causes(self):
        seen = experiment.observe("After `velocity all create 1.0 87287`, `variable t equal temp` and "
                                  '`print "${t}"`, what happens?')  # fmt: skip
        assert seen is not None and seen.said[0].startswith('ERROR at `print "${t}"`')
        walls = experiment.observe("`fix 2 all wall/reflect zlo EDGE zhi EDGE` with `boundary p p p`: what happens?")
        assert walls is not None and "periodic dimension" in walls.said[0]

    def test_an_error_in_the_atom_style_the_question_gives(self):
        seen = experiment.observe(
            "My `atom_style atomic` script adds `compute cc all chunk/atom molecule`. What happens?"
        )
        assert seen is not None and seen.said[0].startswith("ERROR at `compute cc all chunk/atom molecule`")

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

    def test_an_open_answer_starts_with_what_lammps_did_and_streams_it_first(self):
        streamed = []
        answer = ask("Which sigma do 1-2 pairs get with `pair_style lj/cut 5.0`, `pair_coeff 1 1 1.0 1.0` and "
                     "`pair_coeff 2 2 4.0 2.0`?", llm=None, on_token=streamed.append)  # fmt: skip
        assert answer.answer.startswith("Ran in the installed LAMMPS") and "1 2 2 1.41421 5" in answer.answer
        assert streamed and answer.answer.startswith(streamed[0])


def test_the_one_choice_whose_numbers_lammps_printed_is_shown():
    seen = experiment.Observation(
        ["pair_style lj/cut 5.0"],
        [],
        ["pair coefficients in use (i j coefficients): 1 1 1 1 5; 1 2 2 1.41421 5; 2 2 4 2 5."],
    )
    question = "`pair_coeff 1 1 1.0 1.0` and `pair_coeff 2 2 4.0 2.0`: what do 1-2 pairs get?"
    choices = ["eps = 2.0, sigma = 1.5", "eps = 2.0, sigma = 1.414", "eps = 2.5, sigma = 1.5", "none: 1-2 is not set"]
    assert experiment.choice_shown(seen, question, choices) == 1  # 2.0 is the question's own, 1.414 = 1.41421
    assert experiment.choice_shown(seen, question, ["sigma = 1.41", "sigma = 1.414"]) is None  # both shown
    assert experiment.choice_shown(seen, question, ["geometric", "arithmetic"]) is None  # no numbers to compare
    assert experiment.choice_shown(seen, question, ["sigma = 1.4143", "sigma = 1.5"]) is None  # 1.41421 is 1.4142
    assert experiment.choice_shown(seen, "`pair_coeff 2 2 4.0 2.0`?", ["1 neighbour", "6 neighbours"]) == 0
    rounded = experiment.Observation(["lattice fcc 3.21"], [], ["Lattice spacing in x,y,z = 3.21 3.21 3.21."])
    assert experiment.choice_shown(rounded, "How many?", ["3 atoms", "4 atoms"]) is None  # 3.21 is not 3
    printed = experiment.Observation(['print "${T}"'], [], ["print wrote: 300"])  # the run may have had -var T 500
    assert experiment.choice_shown(printed, "`variable T index 300`, run with -var T 500", ["300", "500"]) is None


def test_a_choice_lammps_printed_word_for_word_is_shown():
    seen = experiment.Observation(
        ["thermo_style one"], [], ["thermo columns printed: Step Temp E_pair E_mol TotEng Press."]
    )
    choices = ["Step Temp E_pair E_mol TotEng Press", "Step Temp PotEng KinEng TotEng Press", "Step Temp"]
    assert experiment.choice_shown(seen, "Which columns?", choices[:2]) == 0
    assert experiment.choice_shown(seen, "Which columns?", choices) is None  # "Step Temp" was printed too
    assert experiment.choice_shown(seen, "Is it `Step Temp E_pair E_mol TotEng Press`?", choices[:2]) is None


def test_the_choice_that_is_what_a_print_wrote():
    def printed(*lines):
        return experiment.Observation(["print"], [], [f"print wrote: {line}" for line in lines])

    question = 'What does `print "$(2^3^2) $(-2^2)"` print?'
    assert experiment.choice_printed(printed("64 4"), question, ["512 -4", "64 4", "512 4", "64 -4"]) == 1
    redefined = 'After `variable a index 1` and `variable a index 2`, what does `print "${a}"` show?'
    choices = ["2, because the later one wins", "An error", "1 2, both values", "1: the redefinition is ignored"]
    assert experiment.choice_printed(printed("1"), redefined, choices) == 3
    assert experiment.choice_printed(printed("Xbc"), "What is printed?", ["Y", "$abc", "Xbc", "an error"]) == 2
    assert experiment.choice_printed(printed("1"), "Which variable style is it?", choices) is None  # not about a print
    assert (
        experiment.choice_printed(printed("300"), "What does it print when run with -var T 500?", ["300", "500"])
        is None
    )
    assert experiment.choice_printed(printed("6"), "What is printed?", ["6 atoms", "6"]) is None  # both


def test_the_choices_that_say_the_run_ended_as_it_did():
    stopped = experiment.Observation(["fix"], [], ["ERROR at `fix 2 all wall/reflect zlo EDGE`: Cannot use ..."])
    choices = ["It reflects atoms and turns periodicity off", "The fix is accepted but does nothing",
               "LAMMPS stops: z must be non-periodic", "LAMMPS only warns and applies a wall"]  # fmt: skip
    assert experiment.consistent_choices(stopped, "What happens?", choices) == [2]
    assert experiment.consistent_choices(stopped, "It stops with an error. Why?", choices) is None  # said already
    warned = experiment.Observation(["fix"], [], ["WARNING: One or more atoms are time integrated more than once"])
    both = ["Stops with an error", "Warns that atoms are integrated twice", "Runs without error or warning",
            "It does not warn; the second fix wins"]  # fmt: skip
    assert experiment.consistent_choices(warned, "What happens?", both) == [1]
    assert experiment.consistent_choices(stopped, "What happens?", ["An error: A", "Error: B", "Runs"]) == [0, 1]
    assert experiment.consistent_choices(stopped, "What happens?", ["An error: A", "Error: B"]) is None  # no split
    quiet = experiment.Observation(["fix"], [], ["print wrote: 1"])
    assert experiment.consistent_choices(quiet, "What happens?", choices) == [0, 1, 3]  # it did not stop
    # a run of no steps shows nothing about what happens while atoms move
    assert experiment.consistent_choices(quiet, "What happens during `run 1000`?", choices) is None


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
def test_the_model_only_weighs_the_choices_that_say_the_run_stopped():
    answer = ask("`fix 2 all wall/reflect zlo EDGE zhi EDGE` is added to a script with `boundary p p p`. What happens?",
                 ["Atoms are reflected and z periodicity is switched off", "Error: walls need a non-periodic z",
                  "An error: wall/reflect needs a 3d box", "Nothing: periodic images hide the walls"],
                 llm=None, retrieval=False)  # fmt: skip
    assert answer.choice in (1, 2) and answer.method.endswith("+ran")


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
def test_what_a_print_wrote_and_a_stop_answer_without_a_model():
    printed = ask('What does the LAMMPS line `print "$(2^3^2) $(-2^2)"` print?', ["512 -4", "64 4", "512 4", "64 -4"])
    assert (printed.choice, printed.method) == (1, "ran") and "print" in printed.answer
    stopped = ask("Right after `velocity all create 1.0 87287`, a script has `variable t equal temp` and "
                  '`print "${t}"`. What happens?', ["It prints 1.0", "It prints 0", "An error: temp needs a run first",
                                                   "It prints the temperature with a warning"])  # fmt: skip
    assert (stopped.choice, stopped.method) == (2, "ran") and "stopped with an error" in stopped.answer


@pytest.mark.slow  # real LAMMPS runs in the bubblewrap sandbox
def test_a_choice_lammps_printed_is_the_answer_without_a_model():
    answer = ask("A `units metal` script has `lattice fcc 3.615`, `region box block 0 10 0 10 0 10` and "
                 "`create_box 1 box`. How long is each box edge?",
                 ["10 A", "36.15 A", "25.56 A", "18.08 A"], llm=None)  # fmt: skip
    assert answer.choice == 1 and answer.method == "ran" and answer.sources[0]["source"] == TRIED_SOURCE
