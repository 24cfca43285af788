"""Chat views: thin; replies are produced by assistant.jobs on a worker."""

from __future__ import annotations

import json

import django_rq
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from simulations import services
from simulations.engine import check_script
from simulations.models import Role

from .llm import LLM
from .models import Conversation, Message
from .render import code_blocks


def _conversation(user, conversation_id: int, minimum: str = Role.VIEWER) -> tuple[Conversation, str]:
    conv = Conversation.objects.filter(pk=conversation_id).select_related("project").first()
    if conv is None:
        raise Http404("No such conversation")
    _, role = services.project_for(user, conv.project_id, minimum)
    return conv, role


@login_required
def conversations(request, project_id):
    project, role = services.project_for(request.user, project_id)
    if request.method == "POST":
        services.project_for(request.user, project_id, Role.EDITOR)
        conv = Conversation.objects.create(project=project, created_by=request.user,
                                           title=request.POST.get("title", "")[:200] or "New conversation")  # fmt: skip
        return redirect("conversation", conversation_id=conv.pk)
    return render(request, "assistant/conversations.html", {
        "project": project, "role": role, "conversations": project.conversations.all(),
    })  # fmt: skip


@login_required
def conversation(request, conversation_id):
    conv, role = _conversation(request.user, conversation_id)
    return render(request, "assistant/conversation.html", {
        "conv": conv, "project": conv.project, "role": role, "can_edit": role in (Role.EDITOR, Role.OWNER),
        "chat_messages": conv.messages.select_related("author").prefetch_related("runs"),
    })  # fmt: skip


def _enqueue_reply(message: Message) -> None:
    def go():
        try:
            django_rq.get_queue("chat").enqueue("assistant.jobs.reply", message.pk, job_timeout=3600,
                                                   job_id=f"reply-{message.pk}")  # fmt: skip
        except Exception as exc:  # the question is kept; say why there is no answer
            Message.objects.filter(pk=message.pk).update(status=Message.Status.ERROR,
                                                         error=f"The queue is unavailable: {exc}")  # fmt: skip

    transaction.on_commit(go)


@login_required
@require_POST
def send(request, conversation_id):
    conv, _ = _conversation(request.user, conversation_id, Role.EDITOR)
    text = request.POST.get("text", "").strip()
    if not text:
        return HttpResponse(status=204)
    with transaction.atomic():
        question = Message.objects.create(conversation=conv, role="user", author=request.user, content=text[:20000])
        answer = Message.objects.create(conversation=conv, role="assistant", status=Message.Status.PENDING)
    if conv.title in ("", "New conversation"):
        Conversation.objects.filter(pk=conv.pk).update(title=text[:80])
    _enqueue_reply(answer)
    html = "".join(render(request, "assistant/_message.html", {"m": m}).content.decode() for m in (question, answer))
    return HttpResponse(html)


@login_required
@require_POST
def stop(request, message_id):
    message = get_object_or_404(Message, pk=message_id, role="assistant")
    _conversation(request.user, message.conversation_id, Role.EDITOR)
    Message.objects.filter(pk=message.pk).update(stop_requested=True)
    return HttpResponse(status=204)


def _block(request, message_id: int, index: int, minimum: str) -> tuple[Message, str]:
    message = get_object_or_404(Message, pk=message_id)
    _conversation(request.user, message.conversation_id, minimum)
    blocks = code_blocks(message.content)
    if index >= len(blocks):
        raise Http404("No such code block")
    return message, blocks[index]


@login_required
@require_POST
def validate_block(request, message_id, index):
    message, script = _block(request, message_id, index, Role.VIEWER)
    inputs = {f.name: __import__("pathlib").Path(f.file.path) for f in message.conversation.project.input_files.all()}
    report = check_script(script, input_files=inputs)
    return render(request, "assistant/_validation.html", {"report": report, "m": message, "index": index})


@login_required
@require_POST
def run_block(request, message_id, index):
    message, script = _block(request, message_id, index, Role.EDITOR)
    try:
        run = services.submit(message.conversation.project, request.user, script, source="assistant",
                              title=f"From chat: {message.conversation.title}"[:200])  # fmt: skip
    except (services.QuotaExceeded, services.SandboxUnavailable) as exc:
        return HttpResponse(f'<p class="error">{exc}</p>')
    message.runs.add(run)
    return render(request, "assistant/_run_inline.html", {"run": run})


@login_required
def health(request):
    return HttpResponse(json.dumps(LLM().health()), content_type="application/json")
