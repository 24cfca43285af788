"""The RQ job: run one queued Run with the engine and store everything it produced.

Every state change is a compare-and-set update on the row (`status=running` -> final), so a
cancel, the janitor and the worker never overwrite each other, and whatever happens the run
ends in a final state with its script, log and error kept.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from simulations.conf import engine_limits, sandbox_mode
from simulations.engine import run_script
from simulations.sandbox_policy import sandbox_policy

from . import live
from .models import ENGINE_STATUS, Run, RunStatus

log = logging.getLogger(__name__)
LOG_KEEP_BYTES = 1_000_000  # head and tail of log.lammps kept in the database


def worker_name() -> str:
    try:
        from rq import get_current_job

        job = get_current_job()
        if job is not None and job.worker_name:
            return f"{job.worker_name} (pid {os.getpid()})"
    except Exception:
        pass
    return f"{socket.gethostname()}:{os.getpid()}"


def run_dir(run: Run) -> Path:
    base = Path(settings.MDWEB_RUNS_DIR) / f"project-{run.project_id}" / f"run-{run.pk}"
    if base.exists() and any(base.iterdir()):  # an earlier attempt (re-queued): keep it, use a new one
        n = 2
        while (base.parent / f"run-{run.pk}.{n}").exists():
            n += 1
        base = base.parent / f"run-{run.pk}.{n}"
    return base


def read_log(workdir: Path) -> str:
    path = workdir / "log.lammps"
    if not path.exists():
        path = workdir / "screen.log"
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    if len(data) > LOG_KEEP_BYTES:
        head, tail = data[: LOG_KEEP_BYTES // 5], data[-(LOG_KEEP_BYTES * 4 // 5) :]
        data = head + b"\n[... log shortened: the full file is in the run's files ...]\n" + tail
    return data.decode("utf-8", errors="replace")


class _Watch:
    """Heartbeat, cancellation and throttled progress for a running run."""

    def __init__(self, run: Run) -> None:
        self.run_id = run.pk
        self.project_id = run.project_id
        self.cancel = threading.Event()
        self.stop = threading.Event()
        self.last_progress = 0.0
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-run-{run.pk}", daemon=True)

    def _beat(self) -> None:
        interval = max(0.2, float(settings.MDWEB_HEARTBEAT_S))
        while not self.stop.wait(interval):
            try:
                Run.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(heartbeat_at=timezone.now())
                if Run.objects.filter(pk=self.run_id, cancel_requested=True).exists():
                    self.cancel.set()
            except Exception as exc:  # the database hiccuped: try again next beat
                log.warning("heartbeat for run %s failed: %s", self.run_id, exc)
            finally:
                close_old_connections()

    def progress(self, p: dict) -> None:
        now = time.monotonic()
        if not p.get("final") and now - self.last_progress < 1.0:
            return
        self.last_progress = now
        Run.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(progress=p, heartbeat_at=timezone.now())
        stub = Run(pk=self.run_id, project_id=self.project_id, status=RunStatus.RUNNING, progress=p)
        live.publish(stub)


def execute_run(run_id: int) -> str:
    close_old_connections()
    now = timezone.now()
    started = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED, cancel_requested=False).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker_name()[:200], status_reason=""
    )
    if not started:
        return "skipped"  # cancelled, or already taken by another worker
    run = Run.objects.select_related("project", "author").get(pk=run_id)
    live.publish(run)
    policy = sandbox_policy()
    if not policy.may_run(run.author):  # fail closed, also for runs queued before the sandbox went away
        _finish(run_id, RunStatus.REJECTED, {
            "error_class": "sandbox_unavailable", "error_message": policy.refusal(),
            "error_hint": "Ask a staff member to run it, or an administrator to install bubblewrap.",
            "status_reason": policy.refusal()[:500],
        })  # fmt: skip
        return RunStatus.REJECTED
    watch = _Watch(run)
    watch.thread.start()
    workdir = run_dir(run)
    try:
        inputs = {f.name: Path(f.file.path) for f in run.project.input_files.all()}
        limits = engine_limits(nprocs=run.ranks)
        if settings.MDWEB_EXECUTOR == "slurm":
            data = _on_slurm(run, workdir, inputs, limits, watch)
        elif settings.MDWEB_SCRATCH_DIR:
            data = _on_scratch(run, workdir, inputs, limits, watch)
        else:
            data = run_script(run.script, workdir=workdir, input_files=inputs, limits=limits, sandbox=sandbox_mode(),
                              progress=watch.progress, cancel=watch.cancel).to_dict()  # fmt: skip
    except Exception as exc:
        watch.stop.set()
        _finish(run_id, RunStatus.FAILED, {
            "error_class": "internal_error",
            "error_message": f"MDWeb could not run this script: {exc}",
            "error_hint": "This is a problem on our side; the script is kept. Try again or tell an admin.",
            "log": traceback.format_exc()[-20000:],
            "workdir": str(workdir),
            "status_reason": "Internal error in the worker.",
        })  # fmt: skip
        raise
    finally:
        watch.stop.set()
    status, fields = result_fields(data)
    _finish(run_id, status, fields)
    return status


def _on_scratch(run: Run, shared: Path, inputs: dict[str, Path], limits, watch: _Watch) -> dict:
    """Run on this worker's local scratch disk, then move the run directory to the shared storage
    the web servers read (so a worker on another host serves its files like a local one)."""
    import shutil

    local = Path(settings.MDWEB_SCRATCH_DIR) / shared.relative_to(Path(settings.MDWEB_RUNS_DIR))
    if local.exists():
        shutil.rmtree(local)
    try:
        data = run_script(run.script, workdir=local, input_files=inputs, limits=limits, sandbox=sandbox_mode(),
                          progress=watch.progress, cancel=watch.cancel).to_dict()  # fmt: skip
        shared.parent.mkdir(parents=True, exist_ok=True)
        tmp = shared.with_name(f".{shared.name}.copying")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(local, tmp, symlinks=True)
        tmp.rename(shared)  # appears whole on the shared storage
    finally:
        shutil.rmtree(local, ignore_errors=True)
    data["workdir"] = str(shared)
    data["reproducibility"] = {**(data.get("reproducibility") or {}), "executor": {"kind": "local", "scratch": True}}
    return data


def _on_slurm(run: Run, workdir: Path, inputs: dict[str, Path], limits, watch: _Watch) -> dict:
    """Submit the run as a Slurm job and follow it until it ends (this worker waits for it)."""
    from simulations.engine import slurm

    config = slurm.SlurmConfig.from_env()
    job = slurm.submit(run.script, workdir=workdir, input_files=inputs, limits=limits, sandbox=sandbox_mode(),
                       config=config, job_name=f"mdweb-run-{run.pk}")  # fmt: skip
    Run.objects.filter(pk=run.pk).update(status_reason=f"Slurm job {job.job_id} submitted.")

    def on_state(state: str) -> None:
        Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status_reason=f"Slurm job {job.job_id}: {state.lower()}.", heartbeat_at=timezone.now()
        )
        live.publish(Run.objects.get(pk=run.pk))

    data = slurm.follow(job, progress=watch.progress, cancel=watch.cancel, on_state=on_state)
    info = data.get("run", {}).get("slurm", {})
    data["reproducibility"] = {**(data.get("reproducibility") or {}),
                               "executor": {"kind": "slurm", "job_id": job.job_id, "state": info.get("state"),
                                            "exit_code": info.get("exit_code")}}  # fmt: skip
    return data


def result_fields(data: dict) -> tuple[str, dict]:
    """A Run's status and fields from an engine result (RunResult.to_dict())."""
    err = data["error"] or {}
    status = ENGINE_STATUS[data["status"]]
    passed = data.get("checks_passed", all(c["passed"] for c in data.get("checks") or []))
    reason = {
        RunStatus.SUCCEEDED: "Finished." if passed else "Finished; some physical checks failed.",
        RunStatus.CANCELLED: "Cancelled while running.",
        RunStatus.TIMED_OUT: "Stopped at the time limit.",
    }.get(status, err.get("message", "")[:500])
    return status, {
        "error": data["error"],
        "error_class": err.get("class", ""),
        "error_message": err.get("message", ""),
        "error_hint": err.get("hint", ""),
        "error_line": err.get("line"),
        "natoms": data["natoms"],
        "thermo": data["thermo"],
        "checks": data["checks"],
        "checks_passed": passed if data["checks"] else None,
        "warnings": data["warnings"],
        "files": data["files"],
        "wall_s": data["wall_s"],
        "lammps_version": data["lammps_version"],
        "reproducibility": data["reproducibility"],
        "workdir": data["workdir"],
        "log": read_log(Path(data["workdir"])),
        "status_reason": reason,
    }  # fmt: skip


def _finish(run_id: int, status: str, fields: dict) -> None:
    fields = {**fields, "status": status, "finished_at": timezone.now()}
    run = Run.objects.get(pk=run_id)
    fields["progress"] = {**(run.progress or {}), "final": True}
    Run.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(**fields)
    run.refresh_from_db()
    live.publish(run)
