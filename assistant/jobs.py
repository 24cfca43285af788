"""The RQ job behind a chat reply: Q&A (MD-Instruct) or the generate-run-evaluate-repair loop
(MD-Code). It runs on a worker, so a closed browser loses nothing: the reply is finished and
stored, and streamed to whoever is watching."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from django.db import close_old_connections

from simulations import live
from simulations.conf import sandbox_mode
from simulations.sandbox_policy import sandbox_policy

from .agent.loop import EngineRunner, duration_words, run_agent
from .knowledge import ask
from .llm import LLM, ModelUnavailable
from .models import Message

log = logging.getLogger(__name__)
CODE_WORDS = re.compile(
    r"\b(simulat\w*|run|script|equilibrat\w*|minimi[sz]\w*|relax\w*|set up|generate|model|melt\w*|deform\w*|"
    r"compute the|calculate the|nvt|npt|nve)\b", re.I)  # fmt: skip


def conversation_group(conversation_id: int) -> str:
    return f"chat-{conversation_id}"


def publish(message: Message) -> None:
    live.send([conversation_group(message.conversation_id)], {"type": "chat.update", "message_id": message.pk})


def is_code_request(text: str) -> bool:
    return bool(CODE_WORDS.search(text)) and not text.strip().endswith("?")


class _Stream:
    def __init__(self, message: Message) -> None:
        self.message = message
        self.parts: list[str] = [message.content]
        self.last_flush = 0.0
        self.last_stop_check = 0.0
        self.stopped = False

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.flush()

    def close_fence(self) -> None:
        """A draft cut off by max_tokens leaves a code block open; close it before our own text."""
        if "".join(self.parts).count("```") % 2 == 1:
            self.parts.append("\n```\n")

    def flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_flush < 0.15:
            return
        self.last_flush = now
        content = "".join(self.parts)
        Message.objects.filter(pk=self.message.pk).update(content=content)
        self.message.content = content
        publish(self.message)

    def should_stop(self) -> bool:
        now = time.monotonic()
        if now - self.last_stop_check > 0.5:
            self.last_stop_check = now
            self.stopped = Message.objects.filter(pk=self.message.pk, stop_requested=True).exists()
        return self.stopped


class StopRequested(Exception):
    pass


class SandboxRefused(Exception):
    """This server has no OS sandbox and the user is not staff."""


def reply(message_id: int, *, llm: LLM | None = None) -> str:
    close_old_connections()
    if not Message.objects.filter(pk=message_id, status=Message.Status.PENDING).update(status=Message.Status.STREAMING):
        return "skipped"
    message = Message.objects.select_related("conversation").get(pk=message_id)
    question = (message.conversation.messages.filter(role="user", created_at__lte=message.created_at)
                .order_by("-created_at", "-id").first())  # fmt: skip
    text = question.content if question else ""
    stream = _Stream(message)
    llm = llm or LLM()
    meta: dict = {}
    status = Message.Status.DONE
    error = ""
    try:
        if is_code_request(text):
            Message.objects.filter(pk=message.pk).update(kind="code")

            def on_event(event: dict) -> None:
                if stream.should_stop():
                    raise StopRequested
                if event["type"] == "token":
                    stream.add(event["text"])
                elif event["type"] == "spec" and event["spec"].get("assumptions"):
                    stream.add("Not specified, so I assumed: " + "; ".join(event["spec"]["assumptions"]) + ".\n")
                elif event["type"] == "attempt":
                    stream.close_fence()
                    stream.add(f"\n\n**Attempt {event['number']}** ({event['strategy']}: {event['note']})\n\n")
                elif event["type"] == "shortened":
                    stream.add(
                        f"(The full run would take {duration_words(event['estimated_full_s'])} on one core here: "
                        f"verifying it {event['factor']} times shorter.)\n"
                    )
                elif event["type"] == "attempt_done":
                    stream.close_fence()
                    err = event.get("error") or {}
                    detail = f" [{err.get('class')}] {err.get('message', '')[:300]}" if err else ""
                    stream.add(f"\n\n-> {event['status']}{detail}\n")

            # The project's uploaded files (data files, potentials) are the user's inputs.
            inputs = {f.name: Path(f.file.path) for f in message.conversation.project.input_files.all()}
            policy = sandbox_policy()
            if not policy.may_run(question.author if question else None):
                raise SandboxRefused(policy.refusal())
            runner = EngineRunner(input_files=inputs, sandbox=sandbox_mode())
            result = run_agent(text, llm=llm, on_event=on_event, input_files=inputs, runner=runner)
            meta = {"agent": {k: v for k, v in result.to_dict().items() if k != "run"}}
            stream.close_fence()
            stream.add("\n\n" + summary_text(result))
            if result.run and result.final_script:
                # The verification run is a real project run: its page, files and viewer, no second run.
                from simulations.services import add_generated_input, record_finished_run

                conv = message.conversation
                title = f"From chat: {conv.title or text[:80]}"
                if result.verified_script:  # the project run shows the script that ran, not the full-length one
                    title += " (shortened verification run)"
                run = record_finished_run(conv.project, question.author if question else None,
                                          result.verified_script or result.final_script, result.run, title=title,
                                          source="assistant")  # fmt: skip
                message.runs.add(run)
                meta["run_id"] = run.pk
                for name, body in result.supplied_files.items():  # the molecule file the script reads
                    add_generated_input(conv.project, name, body, question.author if question else None)
        else:
            Message.objects.filter(pk=message.pk).update(kind="qa")
            answer = ask(text, llm=llm, on_token=lambda t: (stream.should_stop() and _raise()) or stream.add(t))
            meta = {"sources": answer.sources}
    except SandboxRefused as exc:
        status = Message.Status.ERROR
        error = f"I cannot run scripts for you here: {exc}"
    except StopRequested:
        status = Message.Status.STOPPED
        stream.add("\n\n*(stopped)*")
    except ModelUnavailable as exc:
        status = Message.Status.ERROR
        error = str(exc)
    except Exception as exc:  # keep what was said, say what went wrong
        log.exception("chat reply %s failed", message_id)
        status = Message.Status.ERROR
        error = f"The assistant failed: {exc}"
    stream.flush(force=True)
    Message.objects.filter(pk=message.pk).update(status=status, error=error, meta=meta)
    message.refresh_from_db()
    publish(message)
    return status


def _raise():
    raise StopRequested


def summary_text(result) -> str:
    """What the chat says at the end of a code request: the outcome in words, every physics check
    with what it saw, who wrote the script, the assumptions, and the script."""
    if result.status == "needs_input":
        return "I need a bit more information:\n\n" + "\n".join(f"- {q}" for q in result.questions)
    word = "SUCCEEDED" if result.status == "succeeded" else "NOT DONE"
    parts = [f"**{word}**: {result.explanation}"]
    if result.checks:
        rows = [f"- {'passed' if c['passed'] else 'FAILED'}: {c['name']} (got {c['value']}, expected {c['expected']})"
                for c in result.checks]  # fmt: skip
        parts.append("Physics checks of the run:\n" + "\n".join(rows))
    printed = (result.run or {}).get("printed") or []
    if printed:
        parts.append("What the run reported:\n" + "\n".join(f"- {line}" for line in printed))
    if result.author:
        parts.append(f"The script was written by {result.author}.")
    if result.final_script:
        parts.append(f"Final script:\n\n```lammps\n{result.final_script}```")
    for name, body in result.supplied_files.items():
        parts.append(f"The script reads `{name}`, which I wrote (it is now in the project's input files):\n\n"
                     f"```\n{body}```")  # fmt: skip
    if result.assumptions and result.status != "needs_input":
        parts.append("I chose these where you did not say; tell me if you want something else: "
                     + "; ".join(result.assumptions) + ".")  # fmt: skip
    return "\n\n".join(parts) + "\n"
