"""What users do with projects and runs: access checks, submitting, cancelling, re-running.

Views, the admin review and (later) the assistant call these; status changes are
compare-and-set updates so that a worker, a cancel and the janitor never overwrite each other.
"""

from __future__ import annotations

import logging

import django_rq
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import ACTIVE, ROLE_RANK, Invitation, Project, Role, Run, RunStatus, Sweep

log = logging.getLogger(__name__)


class QuotaExceeded(Exception):
    """A limit on queued or running runs; the message says which and what to do."""


class SandboxUnavailable(PermissionDenied):
    """This server cannot sandbox runs and the user is not staff (the message says so)."""


def check_sandbox(user) -> None:
    from .sandbox_policy import sandbox_policy

    policy = sandbox_policy()
    if not policy.may_run(user):
        raise SandboxUnavailable(policy.refusal())


def project_for(user, project_id: int, minimum: str = Role.VIEWER) -> tuple[Project, str]:
    """The project and the user's role; 404 for non-members (no hint that it exists)."""
    try:
        project = Project.objects.get(pk=project_id)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    role = project.role_of(user)
    if role is None:
        raise Http404("No such project")
    if ROLE_RANK[role] < ROLE_RANK[minimum]:
        raise PermissionDenied(f"This needs the {minimum} role in the project; you are {role}.")
    return project, role


def run_for(user, run_id: int, minimum: str = Role.VIEWER) -> tuple[Run, str]:
    try:
        run = Run.objects.select_related("project", "author").get(pk=run_id)
    except Run.DoesNotExist:
        raise Http404("No such run") from None
    _, role = project_for(user, run.project_id, minimum)
    return run, role


def check_quota(project: Project, user) -> None:
    active = Run.objects.filter(status__in=ACTIVE)
    queued_user = active.filter(author=user).count()
    if queued_user >= settings.MDWEB_MAX_QUEUED_PER_USER:
        raise QuotaExceeded(
            f"You already have {queued_user} runs queued or running (limit {settings.MDWEB_MAX_QUEUED_PER_USER}). "
            "Wait for some to finish or cancel them."
        )
    limit = project.max_queued_runs or settings.MDWEB_MAX_QUEUED_PER_PROJECT
    queued_project = active.filter(project=project).count()
    if queued_project >= limit:
        raise QuotaExceeded(
            f"This project already has {queued_project} runs queued or running (limit {limit}). "
            "Wait for some to finish or cancel them."
        )


def job_timeout() -> int:
    return int(settings.MDWEB_LIMITS["wall_s"]) + 300


def enqueue(run: Run) -> None:
    queue = django_rq.get_queue("default")
    job = queue.enqueue(
        "simulations.jobs.execute_run",
        run.pk,
        job_id=f"run-{run.pk}-{run.requeues}",
        job_timeout=job_timeout(),
        result_ttl=3600,
        failure_ttl=86400,
    )
    Run.objects.filter(pk=run.pk).update(job_id=job.id)
    run.job_id = job.id


class RanksRefused(ValueError):
    """More MPI ranks than the project allows, or MPI where the sandbox cannot hold it."""


def check_ranks(project: Project, ranks: int) -> None:
    from simulations.conf import sandbox_mode
    from simulations.engine.sandbox import choose_sandbox

    if ranks < 1:
        raise RanksRefused("A run needs at least one MPI rank.")
    if ranks > project.rank_cap:
        raise RanksRefused(f"This project allows at most {project.rank_cap} MPI rank(s) per run; ask staff for more.")
    if ranks > 1 and choose_sandbox(sandbox_mode()) != "bwrap":
        raise RanksRefused("MPI runs need the bubblewrap sandbox (ranks talk over the network, which only its empty "
                           "network namespace makes safe); this server does not have it. Run with one rank.")  # fmt: skip


def submit(
    project: Project,
    user,
    script: str,
    *,
    title: str = "",
    source: str = "paste",
    parent: Run | None = None,
    ranks: int = 1,
) -> Run:
    """Create a queued run and put it on the queue. The run is stored even if Redis is down."""
    role = project.role_of(user)
    if role is None or ROLE_RANK[role] < ROLE_RANK[Role.EDITOR]:
        raise PermissionDenied("Submitting runs needs the editor role.")
    check_sandbox(user)
    check_quota(project, user)
    check_ranks(project, ranks)
    with transaction.atomic():
        run = Run.objects.create(project=project, author=user, script=script, title=title[:200], source=source,
                                 parent=parent, ranks=ranks)  # fmt: skip
    queue_after_commit(run)
    return run


def queue_after_commit(run: Run) -> None:
    """Enqueue once the row is committed (a worker must be able to read it)."""

    def go() -> None:
        try:
            enqueue(run)
        except Exception as exc:  # the run is kept; the janitor enqueues it when Redis is back
            log.warning("run %s stored but not queued: %s", run.pk, exc)
            Run.objects.filter(pk=run.pk).update(status_reason=f"Waiting for the queue (Redis unavailable: {exc}).")
        from . import live

        live.publish(run)

    transaction.on_commit(go)


def cancel(run: Run) -> bool:
    """Cancel a queued or running run. Queued: final at once. Running: the worker stops LAMMPS."""
    now = timezone.now()
    done = Run.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.CANCELLED, cancel_requested=True, finished_at=now, status_reason="Cancelled before it started."
    )
    if not done:
        done = Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(cancel_requested=True)
    run.refresh_from_db()
    if done and run.status == RunStatus.CANCELLED and run.job_id:
        try:
            from rq.job import Job

            Job.fetch(run.job_id, connection=django_rq.get_connection("default")).cancel()
        except Exception:
            pass
    from . import live

    live.publish(run)
    return bool(done)


def rerun(run: Run, user, script: str | None = None) -> Run:
    new_script = run.script if script is None else script
    ranks = min(run.ranks, run.project.rank_cap)
    return submit(run.project, user, new_script, title=run.title, source="rerun", parent=run, ranks=ranks)


# ---- accounts -------------------------------------------------------------------------------

INVITATION_DAYS = 14


def invite(staff_user, note: str = "") -> Invitation:
    return Invitation.objects.create(created_by=staff_user, note=note[:200],
                                     expires_at=timezone.now() + timezone.timedelta(days=INVITATION_DAYS))  # fmt: skip


def usable_invitation(token: str) -> Invitation | None:
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation and invitation.usable else None


def create_account(form, invitation: Invitation | None):
    """Create the user; an invitation is used up in the same transaction (None if it was
    used meanwhile and sign-up is closed)."""
    with transaction.atomic():
        if invitation is not None:
            taken = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
            if not taken and settings.MDWEB_SIGNUP != "open":
                return None
        user = form.save()
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk).update(used_by=user)
    return user


# ---- presenting runs ---------------------------------------------------------------------------


def queue_position(run: Run) -> int | None:
    """1-based place of a queued run's job in its RQ queue (None when not queued or unknown)."""
    if run.status != RunStatus.QUEUED or not run.job_id:
        return None
    try:
        ids = django_rq.get_queue("default").get_job_ids()
    except Exception:
        return None
    return ids.index(run.job_id) + 1 if run.job_id in ids else None


def reproducibility_rows(run: Run) -> list[tuple[str, str]]:
    """What a reader needs to repeat the run, as (label, value) rows, without server paths."""
    repro = run.reproducibility or {}
    if not repro:
        return []
    rows = [("LAMMPS version", repro.get("lammps_version") or run.lammps_version or "-"),
            ("Script SHA-256", repro.get("script_sha256", "-"))]  # fmt: skip
    for item in repro.get("inputs", []):
        where = "potentials library" if item.get("source") == "library" else "project input"
        rows.append((f"{item['name']} ({where})", f"SHA-256 {item.get('sha256', '-')}"))
    seeds = repro.get("seeds") or []
    rows.append(("Random seeds", ", ".join(f"{s['seed']} (line {s['line']}: {s['command']})" for s in seeds) or "none"))
    limits = repro.get("limits") or {}
    if limits:
        rows.append(("Limits", f"wall {limits.get('wall_s')} s, memory {limits.get('memory_mb')} MB, "
                               f"{limits.get('nprocs', 1)} MPI rank(s), {limits.get('threads', 1)} thread(s)"))  # fmt: skip
    sandbox = repro.get("sandbox") or {}
    if sandbox:
        rows.append(("Sandbox", f"{sandbox.get('kind')}: uid {sandbox.get('uid_outside')}, "
                                f"namespaces {', '.join(sandbox.get('namespaces') or []) or 'none'}; "
                                f"{sandbox.get('seccomp', '')}"))  # fmt: skip
    return rows


def bundle_bytes(run: Run) -> bytes:
    from pathlib import Path

    from simulations.engine import find_installation

    from . import bundle

    info = {"id": run.pk, "project": run.project.name, "title": run.display_title, "status": run.status,
            "created_at": run.created_at, "started_at": run.started_at, "finished_at": run.finished_at,
            "wall_s": run.wall_s}  # fmt: skip
    return bundle.make(script=run.script, workdir=Path(run.workdir) if run.workdir else None, files=run.files or [],
                       reproducibility=run.reproducibility or {}, info=info, thermo=run.thermo,
                       potentials_dir=find_installation().potentials_dir)  # fmt: skip


def reproduction_of(run: Run) -> dict | None:
    """For a run made by "reproduce": does its first thermo row equal its parent's?"""
    if run.source != "reproduce" or not run.parent or run.status != RunStatus.SUCCEEDED:
        return None
    from . import bundle

    diffs = bundle.compare_first_rows(bundle.first_row(run.parent.thermo), bundle.first_row(run.thermo))
    return {"parent": run.parent, "same": not diffs, "differences": diffs}


def record_finished_run(project: Project, user, script: str, result: dict, *, title: str, source: str) -> Run:
    """A run that already happened (the assistant's verification run) as a project run: its
    directory moves under MDWEB_RUNS_DIR, its files become downloadable, its page shows it all."""
    import shutil
    from pathlib import Path

    from .jobs import result_fields, run_dir

    now = timezone.now()
    run = Run.objects.create(project=project, author=user, script=script, title=title[:200], source=source,
                             status=RunStatus.RUNNING, started_at=now)  # fmt: skip
    target = run_dir(run)
    source_dir = Path(result["workdir"])
    if source_dir.is_dir() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source_dir), str(target))
    status, fields = result_fields({**result, "workdir": str(target)})
    Run.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), **fields)
    run.refresh_from_db()
    from . import live

    live.publish(run)
    return run


def add_generated_input(project: Project, name: str, text: str, user) -> bool:
    """A file the assistant wrote for its script (a molecule file) kept as a project input file, so that
    the script reruns in the project. A file the project already has under that name is never replaced."""
    from django.core.files.base import ContentFile

    from .models import InputFile

    if project.input_files.filter(name=name).exists():
        return False
    item = InputFile(project=project, name=name, size=len(text.encode()), uploaded_by=user)
    item.file.save(name, ContentFile(text.encode()), save=False)
    item.compute_hash()
    item.save()
    return True


# ---- sweeps and run management ----------------------------------------------------------------


def submit_sweep(project: Project, user, script: str, axes: dict[str, list[str]], *, title: str = "") -> Sweep:
    """One run per combination of the variables' values, submitted as one batch."""
    from . import sweeps

    combos = sweeps.combinations(axes)
    scripts = [sweeps.script_for(script, combo) for combo in combos]  # all or nothing: check every script first
    role = project.role_of(user)
    if role is None or ROLE_RANK[role] < ROLE_RANK[Role.EDITOR]:
        raise PermissionDenied("Submitting runs needs the editor role.")
    check_sandbox(user)
    limit = project.max_queued_runs or settings.MDWEB_MAX_QUEUED_PER_PROJECT
    active = Run.objects.filter(status__in=ACTIVE, project=project).count()
    if active + len(combos) > limit:
        raise QuotaExceeded(f"This sweep has {len(combos)} runs and the project already has {active} queued or "
                            f"running (limit {limit}). Use fewer values or wait.")  # fmt: skip
    with transaction.atomic():
        sweep = Sweep.objects.create(project=project, author=user, script=script, axes=axes,
                                     title=title or ", ".join(f"{k} over {len(v)} values" for k, v in axes.items()))  # fmt: skip
        runs = [Run.objects.create(project=project, author=user, script=text, source="sweep", sweep=sweep,
                                   sweep_values=combo,
                                   title=f"{sweep.title}: " + ", ".join(f"{k}={v}" for k, v in combo.items()))
                for combo, text in zip(combos, scripts, strict=True)]  # fmt: skip
    for run in runs:
        queue_after_commit(run)
    return sweep


def cancel_sweep(sweep: Sweep) -> int:
    return sum(cancel(run) for run in sweep.runs.filter(status__in=ACTIVE))


def set_tags(run: Run, text: str) -> None:
    import re

    tags = sorted({t.lower() for t in re.split(r"[,\s]+", text) if re.fullmatch(r"[\w.-]{1,30}", t)})[:10]
    Run.objects.filter(pk=run.pk).update(tags=tags)
    run.tags = tags


def archive(run: Run, archived: bool = True) -> None:
    Run.objects.filter(pk=run.pk).update(archived=archived)
    run.archived = archived


def delete_run(run: Run) -> None:
    """Delete a finished run and its directory (owners only; the view checks the role)."""
    import shutil
    from pathlib import Path

    if run.is_active:
        raise PermissionDenied("Cancel the run before deleting it.")
    if run.workdir and Path(run.workdir).is_dir():
        shutil.rmtree(run.workdir, ignore_errors=True)
    run.delete()
