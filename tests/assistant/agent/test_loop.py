"""The loop's control flow. A scripted model forces each failure mode; LAMMPS runs are real."""

from __future__ import annotations

from assistant.agent.loop import extract_script, run_agent

REQUEST = ("Run a microcanonical (NVE) simulation of 500 Lennard-Jones atoms (fcc, density 0.8442, initial T*=1.0, "
           "cutoff 2.5 sigma) for 1000 steps with timestep 0.005")  # fmt: skip
GOOD = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
velocity all create 1.0 87287
fix 1 all nve
timestep 0.005
thermo 100
run 1000
"""


def block(script: str) -> str:
    return f"Here is the script:\n```lammps\n{script}```\n"


def test_good_first_draft_succeeds_in_one_attempt(scripted):
    llm = scripted([block(GOOD)])
    result = run_agent(REQUEST, llm=llm)
    assert result.status == "succeeded" and len(result.attempts) == 1
    assert result.final_script == GOOD
    attempt = result.attempts[0]
    assert attempt.strategy == "model" and all(c["passed"] for c in attempt.checks)
    assert {c["name"] for c in attempt.checks} >= {"units", "natoms", "steps", "ensemble"}
    # Grounding: the prompt carries a verified example and the spec's numbers.
    prompt = llm.prompts[0][1]["content"]
    assert "verified example" in prompt and '"natoms": 500' in prompt


def test_known_diagnosis_gets_a_deterministic_fix(scripted):
    broken = GOOD.replace("pair_coeff 1 1 1.0 1.0\n", "")
    result = run_agent(REQUEST, llm=scripted([block(broken)]))
    assert result.status == "succeeded"
    assert [a.strategy for a in result.attempts] == ["model", "fix"]
    assert result.attempts[0].error["class"] == "pair_coeff_missing"
    assert "+pair_coeff      * * 1.0 1.0" in result.attempts[1].diff
    assert "added the missing pair_coeff" in result.attempts[1].note


def test_model_repair_gets_the_diagnosis(scripted):
    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    llm = scripted([block(broken), block(GOOD)])
    result = run_agent(REQUEST, llm=llm)
    assert result.status == "succeeded"
    assert [a.strategy for a in result.attempts] == ["model", "model-repair"]
    feedback = llm.prompts[1][-1]["content"]
    assert "invalid_syntax" in feedback and "line 10" in feedback


def test_repeating_model_is_noticed_and_strategy_changes(scripted):
    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    result = run_agent(REQUEST, llm=scripted([block(broken), block(broken), block(broken)]))
    strategies = [a.strategy for a in result.attempts]
    assert strategies[-1] == "template" and result.status == "succeeded"
    assert "repeat" in result.attempts[-1].note
    assert len(result.attempts) <= 3  # no attempt burnt on the same script twice


def test_garbage_draft_switches_to_the_builder(scripted):
    garbage = "import lammps\n" + "\n".join(f"atoms[{i}] = {i}" for i in range(8))
    result = run_agent(REQUEST, llm=scripted([block(garbage)]))
    assert [a.strategy for a in result.attempts] == ["model", "template"]
    assert "not a LAMMPS script" in result.attempts[1].note and result.status == "succeeded"


def test_oneshot_does_not_repair(scripted):
    broken = GOOD.replace("pair_coeff 1 1 1.0 1.0\n", "")
    result = run_agent(REQUEST, llm=scripted([block(broken)]), mode="oneshot")
    assert result.status == "failed" and len(result.attempts) == 1
    assert result.attempts[0].error["class"] == "pair_coeff_missing"


def test_checks_against_the_request_are_enforced(scripted):
    wrong_temp = GOOD.replace("fix 1 all nve", "fix 1 all nvt temp 3.0 3.0 0.5")
    result = run_agent(REQUEST, llm=scripted([block(wrong_temp), block(wrong_temp)]), max_attempts=3)
    first = result.attempts[0]
    assert first.status == "checks_failed"
    assert "ensemble: got nvt, expected nve" in first.error["message"]
    assert result.status == "succeeded" and result.attempts[-1].strategy == "template"


def test_stops_honestly_when_nothing_works(scripted, monkeypatch):
    import assistant.agent.loop as loop

    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    monkeypatch.setattr(loop.builder, "build", lambda spec, inputs=None: broken)
    result = run_agent(REQUEST, llm=scripted([block(broken)] * 5), max_attempts=5)
    assert result.status == "failed"
    assert "repeating itself" in result.explanation or "already failed" in result.explanation
    assert len(result.attempts) < 5


def test_missing_information_asks_instead_of_guessing(scripted):
    llm = scripted([])
    result = run_agent("Run an NVT simulation for 1000 steps", llm=llm)
    assert result.status == "needs_input" and result.questions and result.attempts == []
    assert llm.prompts == []


def test_extract_script_variants():
    assert extract_script("```lammps\nunits lj\n```") == "units lj\n"
    assert extract_script("text\n```\nunits lj\nrun 10") == "units lj\nrun 10\n"  # cut off by max_tokens
    assert extract_script("units lj") == "units lj\n"


def test_user_data_files_reach_the_prompt_and_every_run(scripted, tmp_path):
    from bench.suite_data import dimers

    data = tmp_path / "pairs.data"
    data.write_text(dimers(n=(3, 3, 3)))
    script = """units lj
atom_style bond
read_data pairs.data
special_bonds lj 0.0 1.0 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
bond_style harmonic
bond_coeff 1 100.0 1.0
velocity all create 1.0 4411
fix 1 all nve
timestep 0.002
thermo 100
run 500
"""
    llm = scripted([block(script)])
    request = "NVE run of the Lennard-Jones dimers in pairs.data (harmonic bonds k 100, r0 1), T*=1.0, 500 steps."
    result = run_agent(request, llm=llm, input_files={"pairs.data": data})
    assert result.status == "succeeded", result.explanation
    assert result.run["natoms"] == 54
    prompt = llm.prompts[0][1]["content"]
    assert "pairs.data" in prompt and "54 atoms" in prompt and "27 bonds" in prompt
    # Without the file the same script is rejected before it runs.
    missing = run_agent(request, llm=scripted([block(script)]), mode="oneshot")
    assert missing.attempts[0].status == "rejected" and "pairs.data" in missing.attempts[0].error["message"]
