"""MD-InstructQA keeps a generated question only when its answers agree and the source supports them."""

from __future__ import annotations

import pytest

from training import instructqa

PASSAGE = ("The Nose-Hoover thermostat damping parameter Tdamp is usually set to about 100 timesteps; "
           "with a timestep of 1 fs that is 100 fs. Too small a value makes the temperature oscillate.")  # fmt: skip


def test_agreeing_supported_answers_are_kept():
    answers = ["Set the damping parameter to about 100 timesteps, i.e. 100 fs with a 1 fs timestep.",
               "About 100 timesteps: with a 1 fs timestep the damping is 100 fs."]  # fmt: skip
    kept, why = instructqa.judge(answers, PASSAGE)
    assert kept, why


@pytest.mark.parametrize("answers, reason", [
    (["Use 100 timesteps.", "Use 1000 timesteps."], "different numbers"),
    (["Use 250 timesteps for damping.", "Use 250 timesteps for damping."], "not in the source"),
    (["The damping parameter should be 100 timesteps.", "Granular flows pour particles with gravity 100."], "disagree"),
    (["Only one answer, 100 timesteps."], "fewer than two"),
    (["Quantum chemistry basis sets converge slowly 100", "Quantum chemistry basis sets converge slowly 100"],
     "does not support"),
])  # fmt: skip
def test_inconsistent_or_unsupported_answers_are_dropped(answers, reason):
    kept, why = instructqa.judge(answers, PASSAGE)
    assert not kept and reason in why


@pytest.mark.slow
def test_generation_with_the_real_model(model_server):
    """SmolLM2 through the real server: candidates carry a question, three sampled answers and a verdict."""
    from assistant.llm import LLM

    passages = [("notes:thermostats", PASSAGE),
                ("notes:timestep", "For metals with EAM a timestep of 1 to 2 fs conserves energy; hydrogen needs 0.5 fs.")]  # fmt: skip
    seen = []
    out = instructqa.generate(passages, LLM(model_server), samples=3, on_candidate=seen.append)
    assert out == seen and out
    for cand in out:
        assert cand.question.endswith("?") and len(cand.answers) == 3 and cand.why
        assert cand.kept == instructqa.judge(cand.answers, cand.passage)[0]


@pytest.mark.parametrize("reply, question", [
    ("What is Tdamp?\nIt is the damping time.", "What is Tdamp?"),
    ("Question: Why should Tdamp be about 100 timesteps?", "Why should Tdamp be about 100 timesteps?"),
    ("1. How large should the damping parameter be", "How large should the damping parameter be?"),
    ("Here is a question. Which timestep suits EAM metals? Answer: 1 fs", "Which timestep suits EAM metals?"),
    ("The passage describes thermostats.", ""),
])  # fmt: skip
def test_the_question_is_found_in_the_reply(reply, question):
    assert instructqa.question_in(reply) == question


def test_a_question_must_be_about_the_passage():
    assert instructqa.about_the_passage("Why should Tdamp be about 100 timesteps?", PASSAGE)
    assert not instructqa.about_the_passage("Which, Which, Why, or How?", PASSAGE)
