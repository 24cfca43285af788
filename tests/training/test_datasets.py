"""The training datasets: versioned by content, deduplicated, and never holding a held-out request."""

from __future__ import annotations

import json

import pytest

from training import datasets as mddata


def _sample(i: int, prompt: str, completion: str = "units lj\nrun 10\n") -> mddata.Sample:
    return mddata.Sample(f"s{i}", "test", prompt, completion)


def test_heldout_prompts_and_their_paraphrases_are_dropped(tmp_path):
    heldout = mddata.heldout_texts()
    assert len(heldout) > 150  # both held-out files are read: 79 code requests and 124 questions
    code_prompt = json.loads(mddata.HELDOUT_FILES[0].read_text().splitlines()[5])["prompt"]
    question = json.loads(mddata.HELDOUT_FILES[1].read_text().splitlines()[7])["question"]
    words = code_prompt.split()
    paraphrase = " ".join(words[:-1] + ["please."])  # the same request with its last word changed
    samples = [_sample(1, code_prompt), _sample(2, question.upper()), _sample(3, paraphrase),
               _sample(4, "Equilibrate liquid argon at 94 K for 20 ps with a Nose-Hoover thermostat")]  # fmt: skip
    kept, stats = mddata.dedup(samples, against=heldout)
    assert [s.id for s in kept] == ["s4"]
    assert stats["heldout"] == 3


def test_every_built_dataset_leaves_the_heldout_set_out(tmp_path, monkeypatch):
    """The real sources, plus app samples that copy a held-out request: nothing held out survives."""
    monkeypatch.setattr(mddata, "OUT", tmp_path)
    heldout = mddata.heldout_texts()
    smuggled = [_sample(100 + i, text) for i, text in enumerate(heldout[:10])]
    manifest = mddata.build_codegen(extra=smuggled)
    rows = [json.loads(line) for line in open(manifest["path"])]
    norm = {" ".join(t.split()).lower() for t in heldout}
    assert not [r for r in rows if " ".join(r["prompt"].split()).lower() in norm]
    guard = [mddata._minhash(" ".join(t.split()).lower(), k=2) for t in heldout]
    words = [set(mddata._words(t)) for t in heldout]
    for r in rows:
        mh = mddata._minhash(" ".join(r["prompt"].split()).lower(), k=2)
        assert max(mh.jaccard(g) for g in guard) < mddata.HELDOUT_NEAR, r["prompt"]
        assert not mddata._close_words(r["prompt"], words), r["prompt"]
    assert manifest["dropped"]["heldout"] >= 10
    assert manifest["by_source"]["suite-train"] > 0 and manifest["by_source"]["verified-example"] > 0


def test_suite_references_enter_from_the_train_split_only():
    ids = {s.meta["task"] for s in mddata.suite_train()}
    tasks = [json.loads(line)["id"] for line in (mddata.ROOT / "evalbench/tasks/code.jsonl").read_text().splitlines()]
    test_split = {t for t in tasks if mddata.split_of(t) == "test"}
    assert ids and test_split and not ids & test_split
    assert 0.1 < len(test_split) / len(tasks) < 0.35  # about 20 %


def test_exact_and_near_duplicates_are_dropped():
    base = "Melt a copper crystal with EAM by heating from 300 K to 2000 K over 100 ps in the NPT ensemble"
    samples = [_sample(1, base), _sample(2, base), _sample(3, base.replace("100 ps", "120 ps")),
               _sample(4, "Compute the viscosity of liquid argon with the Muller-Plathe method")]  # fmt: skip
    kept, stats = mddata.dedup(samples)
    assert [s.id for s in kept] == ["s1", "s4"]
    assert stats == {"exact": 1, "near": 1, "heldout": 0}


def test_versions_are_content_hashes_and_load_with_datasets(tmp_path):
    a = [_sample(1, "one"), _sample(2, "two")]
    m1 = mddata.write("md-test", a, {}, out=tmp_path)
    m2 = mddata.write("md-test", list(reversed(a)), {}, out=tmp_path)
    m3 = mddata.write("md-test", [*a, _sample(3, "three")], {}, out=tmp_path)
    assert m1["version"] == m2["version"] != m3["version"]
    ds = mddata.load(m3)
    assert ds.num_rows == 3 and set(ds.column_names) >= {"id", "prompt", "completion", "source"}


@pytest.mark.parametrize("adapter", ["md-code", "md-instruct"])
def test_samples_become_the_prompts_the_app_uses(adapter):
    from assistant.agent import draft
    from assistant.knowledge import SYSTEM_INSTRUCT
    from training import prompts

    sample = {"prompt": "Equilibrate liquid argon at 90 K", "completion": "units real\nrun 100",
              "meta": {"source": "notes:thermostats", "passage": "Damping of 100 timesteps."}}  # fmt: skip
    row = prompts.conversational(sample, adapter)
    system = row["prompt"][0]["content"]
    assert system == (SYSTEM_INSTRUCT if adapter == "md-instruct" else draft.SYSTEM)
    assert "Equilibrate liquid argon at 90 K" in row["prompt"][1]["content"]
    if adapter == "md-code":
        assert "Choices already made" in row["prompt"][1]["content"]  # the plan, as the loop gives it
        assert row["completion"][0]["content"].startswith("```lammps\nunits real")
    else:
        assert "[1] (notes:thermostats) Damping of 100 timesteps." in row["prompt"][1]["content"]
