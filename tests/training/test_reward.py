"""MD-GRPO's reward goes through the real engine, with partial credit at each level."""

from __future__ import annotations

import pytest

from training import reward

from .conftest import LJ_CHECKS, LJ_REQUEST


def test_no_script_and_unparseable_replies_earn_nothing():
    assert reward.score(LJ_REQUEST, "I cannot help with that.\n").level in ("none", "parses")
    assert reward.score(LJ_REQUEST, "```lammps\n```").reward == 0.0


def test_the_validator_refusing_earns_the_parse_credit_with_the_line():
    s = reward.score(LJ_REQUEST, "```lammps\nunits lj\nshell rm -rf /\n```")
    assert (s.level, s.reward) == ("parses", 0.1)
    assert "line 2" in s.diagnosis


@pytest.mark.slow
def test_levels_follow_how_far_the_script_gets(lj_reply):
    crash = lj_reply.replace("create_atoms 1 box", "create_atoms 1 box\nvelocity all scale 0.0\nrun 10 upto\n")
    crash = crash.replace("mass 1 1.0\n", "")  # LAMMPS stops: atom masses are not set
    assert reward.score(LJ_REQUEST, crash, checks=LJ_CHECKS).level == "validates"
    hot = lj_reply.replace("temp 1.5 1.5", "temp 3.0 3.0").replace("create 1.5", "create 3.0")
    s = reward.score(LJ_REQUEST, hot, checks=LJ_CHECKS, cap=False)
    assert (s.level, s.reward) == ("engine_checks", 0.8) and s.failed_checks == ["temperature"]
    good = reward.score(LJ_REQUEST, lj_reply, checks=LJ_CHECKS, cap=False)
    assert (good.level, good.reward) == ("physics", 1.0), good.diagnosis


@pytest.mark.slow
def test_parallel_scoring_matches_serial_and_failures_become_repair_prompts(lj_reply):
    hot = lj_reply.replace("temp 1.5 1.5", "temp 3.0 3.0").replace("create 1.5", "create 3.0")
    kw = {"checks": LJ_CHECKS, "cap": False}
    pairs = [(LJ_REQUEST, lj_reply, kw), (LJ_REQUEST, hot, kw)]
    parallel = reward.score_many(pairs, workers=2)
    assert (
        [s.level for s in parallel]
        == [reward.score(*p[:2], **p[2]).level for p in pairs]
        == ["physics", "engine_checks"]
    )
    prompt = reward.repair_prompt(LJ_REQUEST, hot, parallel[1])
    assert LJ_REQUEST in prompt and "temp 3.0 3.0" in prompt and "temperature" in prompt


def test_long_runs_are_capped_for_the_reward():
    capped = reward._capped("run 1000000\nminimize 1e-4 1e-6 5000 50000\nrun 20\n")
    assert capped.splitlines() == [f"run {reward.CAP_STEPS}", f"minimize 1e-4 1e-6 {reward.CAP_STEPS} 50000", "run 20"]
