"""The app's own samples for MD-CodeGen: verified chat runs and reviewed failures flagged for training."""

from __future__ import annotations

import pytest

from assistant.models import Conversation, Message
from simulations.models import Review, Run, RunStatus
from tests.simulations.factories import project_with_roles
from training import services

pytestmark = pytest.mark.django_db


def _chat(project, user, question, agent):
    conv = Conversation.objects.create(project=project, created_by=user)
    Message.objects.create(conversation=conv, role="user", content=question, author=user)
    return Message.objects.create(conversation=conv, role="assistant", kind="code", status=Message.Status.DONE,
                                  meta={"agent": agent})  # fmt: skip


def test_only_physics_faithful_chat_replies_become_samples():
    project, m = project_with_roles()
    _chat(project, m["owner"], "Melt a copper block with EAM", {"status": "succeeded", "final_script": "units metal\n"})
    _chat(project, m["owner"], "Equilibrate argon", {"status": "failed", "final_script": "units real\n"})
    _chat(project, m["owner"], "Something vague", {"status": "needs_input", "final_script": None})
    samples = services.chat_samples()
    assert [(s.prompt, s.completion, s.source) for s in samples] == [
        ("Melt a copper block with EAM", "units metal\n", "chat")
    ]


def test_reviewed_failures_flagged_for_training_come_with_their_correction():
    project, m = project_with_roles()
    reply = _chat(project, m["owner"], "Shear an LJ crystal", {"status": "failed", "final_script": "bad"})
    run = Run.objects.create(project=project, author=m["owner"], script="bad", status=RunStatus.FAILED,
                             title="From chat: Shear an LJ crystal")  # fmt: skip
    reply.runs.add(run)
    Review.objects.create(run=run, reviewed=True, for_training=True, corrected_script="units lj\nfix 2 all deform\n")
    other = Run.objects.create(project=project, author=m["owner"], script="x", status=RunStatus.FAILED, title="t")
    Review.objects.create(run=other, reviewed=True, for_training=False, corrected_script="units lj\n")
    samples = services.review_samples()
    assert [(s.prompt, s.completion) for s in samples] == [("Shear an LJ crystal", "units lj\nfix 2 all deform\n")]
