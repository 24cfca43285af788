"""Per-project conversations with the assistant; every message is kept, whatever happens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from simulations.models import Project, Run


class Conversation(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conversations")
    title = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"Conversation {self.pk}"


class Message(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        STREAMING = "streaming"
        DONE = "done"
        STOPPED = "stopped"
        ERROR = "error"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10)  # user | assistant
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    kind = models.CharField(max_length=10, blank=True)  # code | qa (assistant replies)
    stop_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    meta = models.JSONField(default=dict, blank=True)  # spec, attempts, sources, final script
    runs = models.ManyToManyField(Run, blank=True, related_name="messages")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.STREAMING)
