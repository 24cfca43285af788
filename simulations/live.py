"""Push run updates to browsers over the channel layer (Redis); never fatal for the caller."""

from __future__ import annotations

import logging
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)


def run_group(run_id: int) -> str:
    return f"run-{run_id}"


def project_group(project_id: int) -> str:
    return f"project-{project_id}"


def access_group(user_id: int) -> str:
    """Every open WebSocket of one user: told to re-check access when it may have changed."""
    return f"access-{user_id}"


def access_changed(user_id: int, project_id: int) -> None:
    """The user may have lost access to the project: their sockets on it re-check and close."""
    send([access_group(user_id)], {"type": "access.check", "project_id": project_id})


def send(groups: list[str], message: dict) -> bool:
    """Send one message to channel-layer groups; False (logged) when Redis is unavailable."""
    layer = get_channel_layer()
    if layer is None:
        return False

    async def go() -> None:
        for group in groups:
            await layer.group_send(group, message)

    try:
        async_to_sync(go)()
        return True
    except Exception as exc:  # Redis down: the work goes on, the page falls back to polling
        log.warning("live update to %s not sent: %s", ", ".join(groups), exc)
        return False


FINAL_STATES = {"succeeded", "failed", "rejected", "cancelled", "timed_out"}


def notify_group(user_id: int) -> str:
    """The in-app notifications of one user (every tab they have open)."""
    return f"notify-{user_id}"


def publish(run) -> None:
    """Tell everyone watching the run (or its project) about its current state, and its author
    that it has ended."""
    message = {
        "type": "run.update",
        "run_id": run.pk,
        "status": run.status,
        "progress": run.progress or {},
        "sent": round(time.time(), 4),
    }
    send([run_group(run.pk), project_group(run.project_id)], message)
    if run.status in FINAL_STATES and getattr(run, "author_id", None):
        send([notify_group(run.author_id)], {"type": "run.ended", "run_id": run.pk})
