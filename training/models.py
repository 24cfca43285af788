"""Dataset versions and training runs, as the staff page and the jobs see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DatasetVersion(models.Model):
    name = models.CharField(max_length=40)  # md-codegen | md-instructqa | md-knowledge
    version = models.CharField(max_length=20)  # content hash
    path = models.CharField(max_length=500)
    manifest = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        unique_together = [("name", "version")]

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"


class RemovedSample(models.Model):
    """A sample staff removed; the next build of that dataset leaves it out."""

    dataset = models.CharField(max_length=40)
    sample_id = models.CharField(max_length=40)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    removed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("dataset", "sample_id")]


class TrainingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    kind = models.CharField(max_length=10)  # sft | cpt | grpo
    adapter = models.CharField(max_length=20)
    config = models.JSONField(default=dict)
    dataset = models.ForeignKey(DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    folder = models.CharField(max_length=500, blank=True)  # checkpoints, metrics.jsonl, config.json
    metrics = models.JSONField(default=list, blank=True)  # [{step, loss | reward, ...}]
    summary = models.JSONField(default=dict, blank=True)  # seconds per step, tokens/s, evaluation before/after
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.adapter} #{self.pk}"
