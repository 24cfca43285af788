"""Benchmark runs stored for the results page."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class BenchmarkRun(models.Model):
    label = models.CharField(max_length=200, blank=True)
    backend = models.CharField(max_length=300)
    model = models.CharField(max_length=300)
    mode = models.CharField(max_length=10)
    tasks_file = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.model} {self.mode} {self.created_at:%Y-%m-%d %H:%M}"


class TaskResult(models.Model):
    bench_run = models.ForeignKey(BenchmarkRun, on_delete=models.CASCADE, related_name="results")
    task_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    category = models.CharField(max_length=100)
    passed = models.BooleanField()
    attempts = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, blank=True)
    wall_s = models.FloatField(default=0)
    detail = models.JSONField(default=dict)  # checks, strategies, attempt log, script

    class Meta:
        ordering = ["task_id"]


def category_of(task_id: str) -> str:
    """`pub-lj-nvt` -> `lj`; `lj-nvt-001` -> `lj`; qa items -> `qa`."""
    parts = [p for p in task_id.split("-") if p not in {"pub", "suite"}]
    return parts[0] if parts else task_id


def store(report: dict, *, label: str, tasks_file: str) -> BenchmarkRun:
    s = report["summary"]
    run = BenchmarkRun.objects.create(label=label, backend=s["backend"], model=s["model"], mode=s["mode"],
                                      tasks_file=tasks_file, summary=s)  # fmt: skip
    TaskResult.objects.bulk_create([
        TaskResult(bench_run=run, task_id=r["id"], kind=r["kind"],
                   category="qa" if r["kind"] == "qa" else (r.get("category") or category_of(r["id"])),
                   passed=bool(r.get("passed") if r["kind"] == "code" else r.get("correct")),
                   attempts=r.get("attempts", 0), status=r.get("status", ""), wall_s=r.get("wall_s", 0),
                   detail=r)
        for r in report["results"]
    ])  # fmt: skip
    return run
