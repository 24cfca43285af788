"""Nothing stuck: runs whose worker died are ended with the reason; queued runs whose job the
queue lost (a Redis restart without persistence) are queued again.

Called by the worker (at start and between jobs), by `manage.py up`, and cheaply by the
run pages, so a run never shows "running" forever.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import live
from .models import Run, RunStatus

log = logging.getLogger(__name__)
MAX_REQUEUES = 3


def reap_lost_runs() -> list[int]:
    """Running runs without a heartbeat for MDWEB_LOST_AFTER_S seconds -> failed (worker_lost)."""
    cutoff = timezone.now() - timedelta(seconds=settings.MDWEB_LOST_AFTER_S)
    lost = list(Run.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=cutoff).values_list("pk", flat=True))
    ended = []
    for pk in lost:
        n = Run.objects.filter(pk=pk, status=RunStatus.RUNNING, heartbeat_at__lt=cutoff).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error_class="worker_lost",
            error_message=(
                "The worker running this job stopped without reporting back (killed, out of memory or the machine "
                f"restarted); no heartbeat for {settings.MDWEB_LOST_AFTER_S:g} s."
            ),
            error_hint="Re-run it. If it happens again, the run may need more memory than a worker has.",
            status_reason="Worker lost.",
        )
        if n:
            ended.append(pk)
            live.publish(Run.objects.get(pk=pk))
    return ended


def requeue_lost_jobs(min_age_s: float = 5.0) -> list[int]:
    """Queued runs whose RQ job no longer exists in Redis -> enqueue again (up to MAX_REQUEUES)."""
    import django_rq
    from rq.job import Job

    from .services import enqueue

    connection = django_rq.get_connection("default")
    cutoff = timezone.now() - timedelta(seconds=min_age_s)
    requeued = []
    for run in Run.objects.filter(status=RunStatus.QUEUED, cancel_requested=False, created_at__lt=cutoff):
        if run.job_id and Job.exists(run.job_id, connection=connection):
            continue
        if run.requeues >= MAX_REQUEUES:
            Run.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error_class="queue_lost",
                error_message=f"The queue lost this run {run.requeues} times.",
                error_hint="Check the Redis server, then re-run.", status_reason="Queue lost.",
            )  # fmt: skip
            continue
        run.requeues += 1
        Run.objects.filter(pk=run.pk).update(
            requeues=run.requeues, status_reason="Queued again: the queue had lost it (Redis restarted)."
        )
        enqueue(run)
        requeued.append(run.pk)
        log.info("run %s queued again (attempt %s)", run.pk, run.requeues)
    return requeued


def sweep() -> dict:
    out = {"lost": reap_lost_runs(), "requeued": []}
    try:
        out["requeued"] = requeue_lost_jobs()
    except Exception as exc:  # Redis down: try again next sweep
        log.warning("requeue check skipped: %s", exc)
    return out
