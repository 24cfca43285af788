"""The knowledge base is built from what is really here and answers with sources."""

from __future__ import annotations

from assistant.knowledge import KnowledgeBase, _manual, ask, knowledge_base


def test_sources_cover_notes_lammps_potentials_examples():
    kinds = {p.source.split(":")[0].split("/")[0] for p in knowledge_base().passages}
    assert {"notes", "lammps", "potentials", "examples"} <= kinds


def test_retrieval_finds_the_right_note():
    hits = knowledge_base().search("unit of time in metal units")[:3]
    assert any(p.source == "notes/units.md" and "picoseconds" in p.text for _, p in hits)


def test_potential_metadata_is_searchable():
    hits = knowledge_base().search("potential file for copper Cu eam")
    assert any(p.source == "potentials:Cu_u3.eam" for _, p in hits)


def test_ask_without_model_returns_sources_and_a_choice():
    # check=False: not the units table (tests/assistant/test_unitfacts.py), the passages alone
    answer = ask("In LAMMPS 'metal' units, what is the unit of time?",
                 ["femtoseconds", "picoseconds", "nanoseconds", "reduced (tau)"], llm=None, check=False)  # fmt: skip
    assert answer.choice == 1 and answer.method == "retrieval"
    assert any(s["source"] == "notes/units.md" for s in answer.sources)


def test_user_manual_is_indexed(tmp_path, monkeypatch):
    (tmp_path / "fix_nvt.rst").write_text("fix nvt command\n\n" + "Perform constant NVT integration to update "
                                          "positions and velocities each timestep using a Nose/Hoover thermostat. " * 2)  # fmt: skip
    monkeypatch.setenv("MDWEB_LAMMPS_DOCS", str(tmp_path))
    kb = KnowledgeBase(_manual())
    assert kb.search("Nose/Hoover constant NVT integration")[0][1].source == "manual/fix_nvt.rst"


def test_letter_distribution_renormalises_over_the_answer_letters():
    import math

    from assistant.knowledge import letter_distribution

    dist = letter_distribution({"A": math.log(0.2), "B": math.log(0.6), "The": math.log(0.15)}, "ABCD")
    probs = [math.exp(x) for x in dist]
    assert abs(sum(probs) - 1) < 1e-9 and probs[1] > probs[0] > probs[2] == probs[3]


TIME_UNIT_QUESTION = ("In LAMMPS 'metal' units, what is the unit of time?",
                      ["femtoseconds", "picoseconds", "nanoseconds", "reduced (tau)"])  # fmt: skip


def recorded_prompts(llm) -> list[str]:
    """The user messages the model is asked for next-token log-probabilities, in order (the real
    model still answers)."""
    prompts = []
    original = llm.next_token_logprobs
    llm.next_token_logprobs = lambda messages, **kw: prompts.append(messages[-1]["content"]) or original(messages, **kw)
    return prompts


def test_multiple_choice_with_a_real_model_reads_every_choice_order(model_server):
    """The embedded server reports log-probabilities; the answer combines the four cyclic orders."""
    from assistant.llm import LLM, LLMConfig

    llm = LLM(LLMConfig(base_url=model_server.base_url))
    calls = recorded_prompts(llm)
    answer = ask(*TIME_UNIT_QUESTION, llm=llm, check=False)  # the model, not the units table
    assert answer.method == "model-all-orders" and answer.choice in range(4)
    assert len(calls) == 4 and "A. picoseconds" in calls[1] and "A. reduced (tau)" in calls[3]
    assert answer.answer.startswith("ABCD"[answer.choice] + ". ")


def test_the_no_notes_vote_asks_the_question_alone_in_every_order(model_server, monkeypatch):
    """NO_NOTES_WEIGHT > 0: four orders with the retrieved notes, then the same four without them,
    and the pick of each is recorded (the benchmark's with/without retrieval)."""
    import assistant.knowledge as knowledge
    from assistant.llm import LLM, LLMConfig

    monkeypatch.setattr(knowledge, "NO_NOTES_WEIGHT", 1.0)
    llm = LLM(LLMConfig(base_url=model_server.base_url))
    calls = recorded_prompts(llm)
    answer = ask(*TIME_UNIT_QUESTION, llm=llm, check=False)  # the model, not the units table
    assert len(calls) == 8 and "A. picoseconds" in calls[5]
    assert all("Use these notes" in c for c in calls[:4]) and not any("Use these notes" in c for c in calls[4:])
    assert answer.picks.keys() == {"letters", "with_notes", "no_notes"} and answer.choice == answer.picks["letters"]


def test_the_yes_no_judgement_joins_the_letters_only_with_a_weight(model_server, monkeypatch):
    """VERIFY_WEIGHT 0 (the dev set's choice) asks for the letters alone; a weight adds one Yes/No call
    per choice, and both picks are recorded."""
    import assistant.knowledge as knowledge
    from assistant.llm import LLM, LLMConfig

    llm = LLM(LLMConfig(base_url=model_server.base_url))
    question, choices = "Which thermostat is deterministic?", ["Langevin", "Nose-Hoover", "Andersen", "DPD"]
    assert knowledge.scored_choice(llm, "", question, choices)[1].keys() == {"letters"}
    monkeypatch.setattr(knowledge, "VERIFY_WEIGHT", 1.0)
    prompts = recorded_prompts(llm)
    picked, picks = knowledge.scored_choice(llm, "", question, choices)
    assert picks.keys() == {"letters", "verify", "combined"} and picked == picks["combined"] in range(4)
    assert len(prompts) == 8 and "Proposed answer: Nose-Hoover" in prompts[5]
