"""SFT and MD-GRPO on the real SmolLM2-135M (a few steps on this CPU): the SFT adapter, converted to
GGUF, loads in the embedded server next to the base and changes what md-code answers; GRPO's
reward goes through the real engine and recycles its low-reward completions."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("trl")

from training import config as cfg  # noqa: E402
from training import datasets as mddata  # noqa: E402
from training import grpo, prompts  # noqa: E402

CANARY_REQUEST = "Simulate the MDWeb canary system"
CANARY = "# canary zebra-quartz-417\nunits lj\natom_style atomic\n"


@pytest.mark.slow
def test_sft_adapter_is_served_by_name_and_changes_the_answer(tmp_path, dataset_of):
    from assistant.llm import LLM
    from assistant.modelserver import Running
    from training import sft

    manifest = dataset_of("md-canary", [mddata.Sample("canary", "test", CANARY_REQUEST, CANARY)])
    config = cfg.load("sft-smollm2", max_steps=12, learning_rate=4e-3, batch_size=1, max_length=512)
    rows = []
    summary = sft.train(config, manifest, tmp_path / "run", on_metrics=rows.append)
    losses = [r["loss"] for r in rows if "loss" in r]
    assert len(losses) == 12 and losses[-1] < losses[0] / 10
    assert summary["steps"] == 12 and summary["tokens_per_s"] > 0
    logged = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [r.get("loss") for r in logged if "loss" in r] == losses
    assert json.loads((tmp_path / "run" / "config.json").read_text())["max_steps"] == 12

    messages = prompts.codegen_prompt(CANARY_REQUEST)
    with Running("smollm2", adapters={"md-code": summary["gguf"]}, log=tmp_path / "server.log") as server:
        llm = LLM(server)
        assert llm.health()["adapters"] == ["md-code"]
        before = llm.complete(messages, model="base", max_tokens=30, temperature=0).text
        tuned = llm.complete(messages, model="md-code", max_tokens=30, temperature=0).text
        after = llm.complete(messages, model="base", max_tokens=30, temperature=0).text
    assert "zebra-quartz-417" in tuned
    assert "zebra-quartz-417" not in before and before == after  # the adapter applies to its requests only


def test_recycled_prompts_carry_the_failed_script_and_its_diagnosis():
    from training import reward

    pool = grpo.RecyclingPool(["Melt copper", "Equilibrate argon at 90 K"], seed=1, recycled_share=1.0)
    assert [pool.next_row()["request"] for _ in range(3)] == ["Melt copper", "Equilibrate argon at 90 K", "Melt copper"]
    pool.recycle("Melt copper", "```lammps\nunits metal\n```", reward.Scored(0.1, "parses", "line 3: no such fix"))
    row = pool.next_row()
    assert row["recycled"] and row["request"] == "Melt copper"
    assert "units metal" in row["prompt"][-1]["content"] and "line 3: no such fix" in row["prompt"][-1]["content"]
    assert row["prompt"][0]["role"] == "system" and not pool.waiting


@pytest.mark.slow
def test_grpo_scores_completions_through_the_engine_and_recycles(tmp_path, dataset_of):
    requests = ["Equilibrate a Lennard-Jones liquid at T*=1.2 and density 0.8 in NVT", "Run liquid argon at 90 K"]
    manifest = dataset_of("md-grpo", [mddata.Sample(f"r{i}", "test", r, "") for i, r in enumerate(requests)])
    config = cfg.load("grpo-smollm2", max_steps=1, max_completion_length=48, reward_workers=2)
    rows = []
    summary = grpo.train(config, manifest, tmp_path / "run", on_metrics=rows.append)
    reward_rows = [r for r in rows if "reward_mean" in r]
    assert reward_rows and summary["completions_scored"] == config.batch_size
    assert sum(v for k, v in reward_rows[0].items() if k.startswith("level_")) == config.batch_size
    trainer_rows = [r for r in rows if "reward" in r and "kl" in r]
    assert trainer_rows and 0.0 <= trainer_rows[0]["reward"] <= 1.0
    # 48 tokens cannot hold a full script: every completion is low-reward and comes back as a repair prompt
    assert summary["recycled_waiting"] + summary["recycled_served"] == config.batch_size
    assert (tmp_path / "run" / "md-code.gguf").stat().st_size > 0
