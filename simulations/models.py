"""Projects (shared workspaces with roles), their input files, runs and the review of failures."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Role(models.TextChoices):
    VIEWER = "viewer", "viewer"
    EDITOR = "editor", "editor"
    OWNER = "owner", "owner"


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


class Project(models.Model):
    """A shared workspace. Owned by a user (a membership with role owner) and optionally
    shared with a whole group, whose members get `group_role`."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    group_role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Quotas for this project (None: the site default from settings).
    max_queued_runs = models.PositiveIntegerField(null=True, blank=True)
    # MPI ranks one run of this project may use (staff set it; default MDWEB_MAX_RANKS)
    max_ranks = models.PositiveSmallIntegerField(null=True, blank=True)

    @property
    def rank_cap(self) -> int:
        from django.conf import settings

        return self.max_ranks or settings.MDWEB_MAX_RANKS

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def role_of(self, user) -> str | None:
        if not user.is_authenticated:
            return None
        member = self.memberships.filter(user=user).first()
        role = member.role if member else None
        if self.group_id and user.groups.filter(pk=self.group_id).exists():
            if role is None or ROLE_RANK[self.group_role] > ROLE_RANK[role]:
                role = self.group_role
        return role

    @classmethod
    def visible_to(cls, user):
        if not user.is_authenticated:
            return cls.objects.none()
        return cls.objects.filter(models.Q(memberships__user=user) | models.Q(group__user=user)).distinct()


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.project}"


def _input_path(instance: InputFile, filename: str) -> str:
    return f"projects/{instance.project_id}/inputs/{instance.name}"


class InputFile(models.Model):
    """A file runs of the project may read (data file, molecule file, potential, table)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="input_files")
    name = models.CharField(max_length=64)
    file = models.FileField(upload_to=_input_path, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="one_input_name_per_project")]

    def __str__(self) -> str:
        return self.name

    def compute_hash(self) -> None:
        digest = hashlib.sha256()
        self.file.open("rb")
        for chunk in self.file.chunks():
            digest.update(chunk)
        self.file.close()
        self.sha256 = digest.hexdigest()


class RunStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"
    REJECTED = "rejected", "rejected"
    CANCELLED = "cancelled", "cancelled"
    TIMED_OUT = "timed_out", "timed out"


ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
FINAL = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.REJECTED, RunStatus.CANCELLED, RunStatus.TIMED_OUT)
# The engine's status words -> ours
ENGINE_STATUS = {
    "succeeded": RunStatus.SUCCEEDED,
    "failed": RunStatus.FAILED,
    "rejected": RunStatus.REJECTED,
    "timeout": RunStatus.TIMED_OUT,
    "cancelled": RunStatus.CANCELLED,
}


class Run(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="runs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="runs")
    title = models.CharField(max_length=200, blank=True)
    script = models.TextField()
    ranks = models.PositiveSmallIntegerField(default=1)  # MPI ranks (mpiexec -n) in the sandbox
    source = models.CharField(max_length=20, default="paste")  # paste | upload | rerun | review | assistant | reproduce
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns")
    sweep = models.ForeignKey("Sweep", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    sweep_values = models.JSONField(default=dict, blank=True)  # {variable: value} of this run in its sweep
    tags = models.JSONField(default=list, blank=True)
    archived = models.BooleanField(default=False, db_index=True)

    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True)
    status_reason = models.TextField(blank=True)  # why it ended this way, in words
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    job_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    requeues = models.PositiveSmallIntegerField(default=0)

    progress = models.JSONField(default=dict, blank=True)
    error_class = models.CharField(max_length=40, blank=True, db_index=True)
    error_message = models.TextField(blank=True)
    error_hint = models.TextField(blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    natoms = models.BigIntegerField(null=True, blank=True)
    thermo = models.JSONField(default=list, blank=True)
    checks = models.JSONField(default=list, blank=True)
    checks_passed = models.BooleanField(null=True)
    warnings = models.JSONField(default=list, blank=True)
    files = models.JSONField(default=list, blank=True)
    log = models.TextField(blank=True)
    wall_s = models.FloatField(null=True, blank=True)
    lammps_version = models.CharField(max_length=100, blank=True)
    reproducibility = models.JSONField(default=dict, blank=True)
    workdir = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def queue_position(self) -> int | None:
        from .services import queue_position

        return queue_position(self)

    @property
    def progress_json_id(self) -> str:
        return f"run-progress-json-{self.pk}"

    @property
    def display_title(self) -> str:
        return self.title or f"Run {self.pk}"


class Review(models.Model):
    """An admin's review of a failed or rejected run; reviewed failures become training data."""

    run = models.OneToOneField(Run, on_delete=models.CASCADE, related_name="review")
    reviewed = models.BooleanField(default=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    corrected_script = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    for_training = models.BooleanField(default=False)
    corrected_run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"review of {self.run}"


def _invite_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A one-time sign-up link made by staff (self-signup is closed unless MDWEB_SIGNUP=open)."""

    token = models.CharField(max_length=64, unique=True, default=_invite_token)
    note = models.CharField(max_length=200, blank=True)  # whom it is for
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")  # fmt: skip
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def usable(self) -> bool:
        return self.used_by_id is None and self.used_at is None and timezone.now() < self.expires_at


class Sweep(models.Model):
    """A batch of runs: one script, one or two variables over lists of values."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sweeps")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    script = models.TextField()
    axes = models.JSONField(default=dict)  # {variable: [values]}
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"sweep {self.pk}"
