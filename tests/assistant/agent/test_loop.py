"""The loop's state machine. A scripted model forces each failure mode; LAMMPS runs are real. Tests of
the model's own drafts ask for `first="model"` (the builder drafts first where it covers a request)."""

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
    events = []
    result = run_agent(REQUEST, llm=llm, on_event=events.append, first="model")
    assert result.status == "succeeded" and len(result.attempts) == 1
    assert result.final_script == GOOD and result.author == "the model"
    attempt = result.attempts[0]
    assert attempt.strategy == "model" and all(c["passed"] for c in attempt.checks)
    assert {c["name"] for c in attempt.checks} >= {"lj_cut_over_sigma", "natoms", "steps", "ensemble"}
    # Grounding: the prompt carries the plan's choices and a verified example.
    prompt = llm.prompts[0][1]["content"]
    assert "verified example" in prompt and '"units": "lj"' in prompt
    states = [e["state"] for e in events if e["type"] == "state"]
    assert states == ["understand", "ground", "draft", "validate", "smoke", "run", "check"]


def test_known_diagnosis_gets_a_deterministic_fix(scripted):
    broken = GOOD.replace("pair_coeff 1 1 1.0 1.0\n", "")
    result = run_agent(REQUEST, llm=scripted([block(broken)]), first="model")
    assert result.status == "succeeded"
    assert [a.strategy for a in result.attempts] == ["model", "fix"]
    assert result.attempts[0].error["class"] == "pair_coeff_missing"
    assert "+pair_coeff      * * 1.0 1.0" in result.attempts[1].diff
    assert "added the missing pair_coeff" in result.attempts[1].note


def test_model_repair_gets_the_diagnosis(scripted):
    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    llm = scripted([block(broken), block(GOOD)])
    result = run_agent(REQUEST, llm=llm, first="model")
    assert result.status == "succeeded"
    assert [a.strategy for a in result.attempts] == ["model", "model-repair"]
    feedback = llm.prompts[1][-1]["content"]
    assert "invalid_syntax" in feedback and "line 10" in feedback


def test_wrong_physics_is_not_success_and_the_repair_says_what_to_change(scripted):
    repulsive = GOOD.replace("pair_style lj/cut 2.5", "pair_style lj/cut 1.0").replace("1.0 1.0\n", "1.0 1.0 1.0\n")
    llm = scripted([block(repulsive), block(repulsive)])
    result = run_agent(REQUEST, llm=llm, max_attempts=3, first="model")
    first = result.attempts[0]
    assert first.run["status"] == "succeeded" and first.status == "checks_failed"
    failed = [c for c in first.checks if not c["passed"]]
    assert [c["name"] for c in failed] == ["lj_cut_over_sigma"]
    assert "at least 2.5 sigma" in llm.prompts[1][-1]["content"]
    assert result.status == "succeeded" and result.attempts[-1].strategy == "template"
    assert result.author == "the deterministic builder"


def test_repeating_model_is_noticed_and_strategy_changes(scripted):
    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    result = run_agent(REQUEST, llm=scripted([block(broken), block(broken), block(broken)]), first="model")
    strategies = [a.strategy for a in result.attempts]
    assert strategies[-1] == "template" and result.status == "succeeded"
    assert "repeat" in result.attempts[-1].note
    assert len(result.attempts) <= 3  # no attempt burnt on the same script twice


def test_garbage_draft_switches_to_the_builder(scripted):
    garbage = "import lammps\n" + "\n".join(f"atoms[{i}] = {i}" for i in range(8))
    result = run_agent(REQUEST, llm=scripted([block(garbage)]), first="model")
    assert [a.strategy for a in result.attempts] == ["model", "template"]
    assert "not a LAMMPS script" in result.attempts[1].note and result.status == "succeeded"


def test_oneshot_does_not_repair(scripted):
    broken = GOOD.replace("pair_coeff 1 1 1.0 1.0\n", "")
    result = run_agent(REQUEST, llm=scripted([block(broken)]), mode="oneshot")
    assert result.status == "failed" and len(result.attempts) == 1
    assert result.attempts[0].error["class"] == "pair_coeff_missing"


def test_stops_honestly_when_nothing_works(scripted, monkeypatch):
    import assistant.agent.loop as loop

    broken = GOOD.replace("velocity all create 1.0 87287", "velocity all create 1.0 87287 dist gausian")
    monkeypatch.setattr(loop.builder, "build", lambda plan, inputs=None: broken)
    result = run_agent(REQUEST, llm=scripted([block(broken)] * 5), max_attempts=5, first="model")
    assert result.status == "failed" and result.stop_reason == "repeating"
    assert "repeating itself" in result.explanation or "already failed" in result.explanation
    assert len(result.attempts) < 5


def test_a_run_with_failed_checks_is_reported_as_not_done(scripted, monkeypatch):
    import assistant.agent.loop as loop

    repulsive = GOOD.replace("pair_style lj/cut 2.5", "pair_style lj/cut 1.0").replace("1.0 1.0\n", "1.0 1.0 1.0\n")
    monkeypatch.setattr(loop.builder, "build", lambda plan, inputs=None: None)
    result = run_agent(REQUEST, llm=scripted([block(repulsive)] * 3), max_attempts=3, first="model")
    assert result.status == "failed"
    assert "does not do what was asked: lj_cut_over_sigma" in result.explanation
    assert result.final_script == repulsive and result.checks  # the best script, with what it failed


def test_without_a_model_a_failed_builder_script_stops_saying_so(monkeypatch):
    import assistant.agent.loop as loop

    repulsive = GOOD.replace("pair_style lj/cut 2.5", "pair_style lj/cut 1.0").replace("1.0 1.0\n", "1.0 1.0 1.0\n")
    monkeypatch.setattr(loop.builder, "build", lambda plan, inputs=None: repulsive)
    result = run_agent(REQUEST, llm=None)
    assert result.status == "failed" and result.stop_reason == "no_model" and len(result.attempts) == 1
    assert "no model is configured" in result.explanation and "lj_cut_over_sigma" in result.explanation


def test_vague_request_gets_a_script_with_stated_assumptions():
    result = run_agent("simulate some liquid", llm=None)
    assert result.status == "succeeded" and result.final_script
    assert any("Lennard-Jones" in a for a in result.assumptions)


def test_a_named_but_missing_file_is_asked_for():
    result = run_agent("equilibrate the chains in melt.data at T*=1", llm=None)
    assert result.status == "needs_input" and "melt.data" in result.questions[0] and result.attempts == []


def test_the_judge_is_recorded_but_never_the_gate(scripted):
    llm = scripted([block(GOOD), '{"sound": 1, "matches": 1, "parameters": 1, "comment": "bad"}'])
    result = run_agent(REQUEST, llm=llm, use_judge=True, first="model")
    assert result.status == "succeeded"
    assert result.attempts[0].judge["sound"] == 1 and result.attempts[0].judge["comment"] == "bad"


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
    result = run_agent(request, llm=llm, input_files={"pairs.data": data}, first="model")
    assert result.status == "succeeded", result.explanation
    assert result.run["natoms"] == 54
    prompt = llm.prompts[0][1]["content"]
    assert "pairs.data" in prompt and "54 atoms" in prompt and "27 bonds" in prompt
    # Without the file the same request asks for it instead of guessing.
    missing = run_agent(request, llm=scripted([block(script)]), mode="oneshot")
    assert missing.status == "needs_input" and "pairs.data" in missing.questions[0]


def test_the_builder_drafts_first_where_it_covers_the_request(scripted):
    llm = scripted([])  # any model call would get "no more replies", not a script
    result = run_agent(REQUEST, llm=llm)
    assert result.status == "succeeded", result.explanation
    assert [(a.strategy, a.origin) for a in result.attempts] == [("template", "builder")]
    assert result.author == "the deterministic builder" and llm.prompts == []


def test_the_model_repairs_the_builders_script_in_its_conversation(scripted, monkeypatch):
    import assistant.agent.loop as loop

    repulsive = GOOD.replace("pair_style lj/cut 2.5", "pair_style lj/cut 1.0").replace("1.0 1.0\n", "1.0 1.0 1.0\n")
    monkeypatch.setattr(loop.builder, "build", lambda plan, inputs=None: repulsive)
    llm = scripted([block(GOOD)])
    result = run_agent(REQUEST, llm=llm)
    assert result.status == "succeeded", result.explanation
    assert [(a.strategy, a.origin) for a in result.attempts] == [("template", "builder"), ("model-repair", "builder")]
    assert result.author == "the deterministic builder, repaired by the model"
    conversation = llm.prompts[0]
    assert conversation[2]["role"] == "assistant" and "pair_style lj/cut 1.0" in conversation[2]["content"]
    assert "at least 2.5 sigma" in conversation[-1]["content"]


def test_the_model_drafts_first_where_the_builder_declines(scripted, monkeypatch):
    import assistant.agent.loop as loop

    monkeypatch.setattr(loop.builder, "build", lambda plan, inputs=None: None)
    result = run_agent(REQUEST, llm=scripted([block(GOOD)]))
    assert result.status == "succeeded" and [a.strategy for a in result.attempts] == ["model"]
    assert result.author == "the model"


def test_first_must_be_builder_or_model():
    import pytest

    with pytest.raises(ValueError, match="first must be"):
        run_agent(REQUEST, first="template")


def test_a_run_longer_than_the_limit_is_verified_shortened_and_the_script_keeps_its_length():
    from assistant.agent.loop import EngineRunner
    from simulations.engine import Limits

    long = REQUEST.replace("for 1000 steps", "for 1000000 steps")
    # the loop believes one run may take 2 s; the runner itself allows two minutes
    result = run_agent(long, llm=None, run_wall_s=2, runner=EngineRunner(limits=Limits(wall_s=120)))
    attempt = result.attempts[-1]
    assert result.status == "succeeded", result.explanation
    assert attempt.shortened > 1 and attempt.estimated_full_s > 1
    assert "run             1000000" in result.final_script
    assert result.verified_script and "run             1000000" not in result.verified_script
    assert "times shorter" in result.explanation
    steps = next(c for c in result.checks if c["name"] == "steps")
    assert steps["passed"] and steps["value"] == 1000000


def test_shortening_factors():
    from assistant.agent.loop import _shortened, shortening, smoke_steps

    assert shortening(100, 300) == 1 and shortening(1050, 300) == 10
    assert _shortened("run 50\nrun 10000\n", 10) == "run 10\nrun 1000\n"
    assert smoke_steps(200, None) == 200 and smoke_steps(200, 2000) == 200 and smoke_steps(200, 2_000_000) == 10
    assert _shortened("run 10000\n", 1) == "run 10000\n"
    assert _shortened("run 5000  # relaxation\nrun 100000\n", 100) == "run 2000  # relaxation\nrun 1000\n"


def test_durations_in_words():
    from assistant.agent.loop import duration_words

    assert duration_words(30) == "about 1 min" and duration_words(1500) == "about 25 min"
    assert duration_words(6.9 * 3600) == "about 6.9 h"


def test_a_water_box_runs_with_the_molecule_file_mdweb_supplies():
    """Real LAMMPS: rigid SPC/E water from the builder's molecule file reaches liquid water's density."""
    result = run_agent("box of 125 SPC/E water molecules at 300 K, 1 atm, 3000 steps", llm=None)
    assert result.status == "succeeded", result.explanation
    assert "water.mol" in result.supplied_files and "molecule        water water.mol" in result.final_script
    density = next(c for c in result.checks if c["name"] == "number_density")
    assert density["passed"] and abs(density["value"] - 0.1) < 0.01  # about 1 g/cm3


def test_rocksalt_nacl_with_the_rigid_ion_model_is_bound_like_salt():
    """Real LAMMPS: the Fumi-Tosi NaCl crystal holds together at about 4 eV per ion (8 eV per NaCl pair)."""
    result = run_agent("NaCl crystal, 3x3x3 unit cells, 300 K, NVT, 500 steps", llm=None)
    assert result.status == "succeeded", result.explanation
    assert result.run["natoms"] == 216
    block = result.run["thermo"][-1]
    pe = block["rows"][-1][block["columns"].index("PotEng")]
    assert -4.2 < pe / 216 < -3.8, pe


def test_a_kremer_grest_melt_runs_at_its_known_state_point():
    """Real LAMMPS: random walks pushed apart, then the KG melt at T = 1, density 0.85 (pressure about 5)."""
    result = run_agent("Kremer-Grest melt: 20 chains x 25 beads, T=1.0, 3000 steps", llm=None)
    assert result.status == "succeeded", result.explanation
    block = result.run["thermo"][-1]
    last = dict(zip(block["columns"], block["rows"][-1], strict=True))
    assert 0.85 < last["Temp"] < 1.15 and 3.5 < last["Press"] < 6.5, last


def test_a_two_dimensional_couette_flow_runs():
    """Real LAMMPS: in 2D the flow's thermostat may not use vz (compute temp/partial 0 1 0)."""
    result = run_agent("2d couette flow of an LJ liquid, wall speed 1.0, 2000 steps", llm=None)
    assert result.status == "succeeded", result.explanation
    assert "temp/partial 0 1 0" in result.final_script
