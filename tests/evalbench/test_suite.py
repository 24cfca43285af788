"""Every suite task's reference script runs and passes the task's own checks; the suite is
valid and keeps the public sample out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.agent.evaluate import evaluate
from evalbench.runner import load_tasks
from tests.conftest import ROOT

SUITE = ROOT / "evalbench" / "tasks"
TASKS = load_tasks(SUITE / "code.jsonl")
PUBLIC = ROOT.parent / "shared" / "evalbench" / "public.jsonl"


def test_public_sample_is_kept_out():
    public = [json.loads(line) for line in PUBLIC.read_text().splitlines() if line.strip()]
    assert not {t["id"] for t in public} & {t["id"] for t in TASKS}
    assert not {t.get("prompt") for t in public if t["kind"] == "code"} & {t["prompt"] for t in TASKS}


def test_every_task_has_a_reference():
    assert len(TASKS) >= 25
    assert {p.stem for p in (SUITE / "reference").glob("*.lammps")} == {t["id"] for t in TASKS}


@pytest.mark.parametrize("task", TASKS, ids=[t["id"] for t in TASKS])
def test_reference_passes_its_checks(run, task):
    script = (SUITE / "reference" / f"{task['id']}.lammps").read_text()
    result = run(script, wall_s=120).to_dict()
    assert result["status"] == "succeeded", result["error"]
    verdicts = evaluate(task["checks"], script, result)
    assert all(v.passed for v in verdicts), [v.to_dict() for v in verdicts if not v.passed]
    assert Path(result["workdir"]).is_dir()
