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
    answer = ask("In LAMMPS 'metal' units, what is the unit of time?",
                 ["femtoseconds", "picoseconds", "nanoseconds", "reduced (tau)"], llm=None)  # fmt: skip
    assert answer.choice == 1 and answer.method == "retrieval"
    assert any(s["source"] == "notes/units.md" for s in answer.sources)


def test_user_manual_is_indexed(tmp_path, monkeypatch):
    (tmp_path / "fix_nvt.rst").write_text("fix nvt command\n\n" + "Perform constant NVT integration to update "
                                          "positions and velocities each timestep using a Nose/Hoover thermostat. " * 2)  # fmt: skip
    monkeypatch.setenv("MDWEB_LAMMPS_DOCS", str(tmp_path))
    kb = KnowledgeBase(_manual())
    assert kb.search("Nose/Hoover constant NVT integration")[0][1].source == "manual/fix_nvt.rst"
