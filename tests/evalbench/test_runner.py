"""The MD-EvalBench runner: task validation, scoring from the runs, resume, the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalbench.runner import TaskError, load_tasks, run_suite
from tests.conftest import ROOT

PUBLIC = ROOT / "evalbench" / "tasks" / "public.jsonl"


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_public_sample_loads():
    tasks = load_tasks(PUBLIC)
    assert {t["kind"] for t in tasks} == {"code", "qa"} and len(tasks) == 20


@pytest.mark.parametrize("row, message", [
    ({"id": "x", "kind": "code", "prompt": "p", "checks": {"units": "lj", "colour": "red"}}, r"unknown check\(s\) colour"),
    ({"id": "x", "kind": "qa", "question": "q", "choices": ["a"], "answer": 3}, "valid 'answer'"),
    ({"id": "x", "kind": "essay"}, "unknown kind"),
    ({"kind": "code"}, "missing or duplicate id"),
    ({"id": "x", "kind": "code", "prompt": "p", "checks": {}, "inputs": ["absent.data"]}, "input file.*absent.data"),
    ({"id": "x", "kind": "code", "prompt": "p", "checks": {}, "inputs": ["../secret"]}, r"input file.*\.\./secret"),
])  # fmt: skip
def test_bad_tasks_are_errors(tmp_path, row, message):
    with pytest.raises(TaskError, match=message):
        load_tasks(write(tmp_path / "t.jsonl", [row]))


def test_scores_come_from_the_run_and_resume_skips_finished_tasks(tmp_path):
    tasks = [
        {"id": "nve", "kind": "code", "prompt": "NVE run of 256 Lennard-Jones atoms, fcc density 0.8442, T*=1.0, 500 steps",
         "checks": {"units": "lj", "natoms": 256, "steps": 500, "ensemble": "nve"}},
        {"id": "wrong", "kind": "code", "prompt": "NVE run of 256 Lennard-Jones atoms, fcc density 0.8442, T*=1.0, 500 steps",
         "checks": {"natoms": 4000}},
        {"id": "q", "kind": "qa", "question": "In LAMMPS 'metal' units, what is the unit of time?",
         "choices": ["femtoseconds", "picoseconds"], "answer": 1},
    ]  # fmt: skip
    out = tmp_path / "results.json"
    seen = []
    report = run_suite(tasks, llm=None, out=out, workers=2, progress=lambda d, t, row: seen.append(row["id"]))
    s = report["summary"]
    assert (s["tasks"], s["executed_after_repair"], s["passed_all_checks"], s["qa_accuracy"]) == (3, 2, 1, 1.0)
    assert s["passed_without_builder"] == 0  # no model: every script is the builder's
    wrong = [r for r in report["results"] if r["id"] == "wrong"][0]
    assert wrong["executed"] and not wrong["passed"]
    assert wrong["checks"][0] == {"name": "natoms", "passed": False, "value": 256, "expected": 4000, "why": ""}
    assert sorted(seen) == ["nve", "q", "wrong"] and json.loads(out.read_text())["summary"] == s
    # Interrupted and started again: nothing finished is redone.
    again = []
    run_suite(tasks, llm=None, out=out, progress=lambda d, t, row: again.append(row["id"]))
    assert again == []


def test_command_json_and_errors(tmp_path):
    tasks = write(tmp_path / "t.jsonl", [{"id": "q", "kind": "qa", "question": "Which ensemble fixes N, V and T?",
                                          "choices": ["NVE", "NPT", "NVT"], "answer": 2}])  # fmt: skip
    env = {**os.environ}
    proc = subprocess.run([sys.executable, "manage.py", "evalbench", "--tasks", str(tasks), "--no-model", "--json",
                           "--no-store"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["summary"]["qa_items"] == 1 and report["summary"]["backend"] == "none"
    assert "1/1 q" in proc.stderr  # progress on the terminal
    bad = write(tmp_path / "bad.jsonl", [{"id": "b", "kind": "code", "prompt": "p", "checks": {"speed": 1}}])
    proc = subprocess.run([sys.executable, "manage.py", "evalbench", "--tasks", str(bad), "--no-model", "--no-store"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)  # fmt: skip
    assert proc.returncode != 0 and "unknown check(s) speed" in proc.stderr


def test_command_runs_a_seeded_sample(tmp_path):
    rows = [{"id": f"q{i}", "kind": "qa", "question": "Which ensemble fixes N, V and T?", "choices": ["NVE", "NVT"],
             "answer": 1} for i in range(6)]  # fmt: skip
    tasks = write(tmp_path / "t.jsonl", rows)

    def sample(*extra):
        proc = subprocess.run([sys.executable, "manage.py", "evalbench", "--tasks", str(tasks), "--no-model", "--json",
                               "--no-store", *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
        return proc

    first = sample("--sample", "3", "--seed", "7")
    assert first.returncode == 0, first.stderr[-2000:]
    ids = [r["id"] for r in json.loads(first.stdout)["results"]]
    assert len(set(ids)) == 3 and set(ids) <= {r["id"] for r in rows}
    assert [r["id"] for r in json.loads(sample("--sample", "3", "--seed", "7").stdout)["results"]] == ids
    assert [r["id"] for r in json.loads(sample("--sample", "6", "--seed", "7").stdout)["results"]] != [
        r["id"] for r in rows
    ]  # fmt: skip  (the whole file, shuffled)
    too_many = sample("--sample", "9")
    assert too_many.returncode != 0 and "--sample must be between 1 and 6" in too_many.stderr


def test_summary_counts_passes_by_whose_draft_the_final_script_is():
    from evalbench.runner import summarise

    def row(i, author, origin, passed=True):
        return {"id": str(i), "kind": "code", "executed_first": True, "executed": True, "passed": passed,
                "author": author, "origin": origin, "attempts": 1, "wall_s": 1.0, "script": "run 0"}  # fmt: skip

    rows = [
        row(1, "model", "model"),
        row(2, "fix", "model"),
        row(3, "template", "builder"),
        row(4, "fix", "builder"),
        row(5, "model-repair", "builder"),
        row(6, "model-repair", "builder", False),
        {**row(7, "template", None), "origin": None},
    ]  # 7: a result file from before origins were recorded
    s = summarise(rows, backend="b", model="m", mode="loop", wall_s=1.0)
    assert (s["passed_by_model"], s["passed_by_builder"], s["passed_by_model_repairing_builder"]) == (2, 3, 1)
    assert s["passed_without_builder"] == 2 and s["passed_all_checks"] == 6


@pytest.mark.django_db
def test_results_are_stored_and_shown(client, tmp_path):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from evalbench.models import store

    tasks = load_tasks(PUBLIC)
    picked = [t for t in tasks if t["id"] in {"pub-lj-nve", "pub-qa-01", "pub-qa-02"}]
    report = run_suite(picked, llm=None, mode="oneshot")
    bench = store(report, label="smoke", tasks_file=str(PUBLIC))
    assert bench.results.count() == 3 and {r.category for r in bench.results.all()} == {"lj", "qa"}
    client.force_login(get_user_model().objects.create_user("viewer", password="x"))
    page = client.get(reverse("benchmarks")).content.decode()
    assert "smoke" in page and "oneshot" in page
    detail = client.get(reverse("benchmark", args=[bench.pk])).content.decode()
    assert "pass rate by category" in detail and "pub-lj-nve" in detail
    # A loop run of the same tasks: the runs page compares the two modes per category.
    loop = store(run_suite(picked, llm=None, mode="loop"), label="smoke loop", tasks_file=str(PUBLIC))
    page = client.get(reverse("benchmarks")).content.decode()
    assert 'id="chart-compare-1"' in page and '"categories": ["lj"]' in page
    assert loop.results.get(task_id="pub-lj-nve").category == "lj"
    task = client.get(reverse("benchmark_task", args=[bench.pk, "pub-lj-nve"])).content.decode()
    assert "Final script" in task and "natoms" in task
    client.logout()
    assert client.get(reverse("benchmarks")).status_code == 302
