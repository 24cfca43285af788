"""Queued runs with real Redis, real `rqworker` processes and real LAMMPS: nothing lost, nothing stuck."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.contrib.auth.models import Group

from simulations import janitor, services
from simulations.models import InputFile, Run, RunStatus
from tests.conftest import processes_in, wait_for

from .factories import LJ_SHORT, project_with_roles

pytestmark = pytest.mark.django_db(transaction=True)


def status(run) -> str:
    run.refresh_from_db()
    return run.status


def test_run_goes_through_the_queue_and_stores_everything(workers):
    project, m = project_with_roles()
    workers.start(1)
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=500), title="LJ NVT")
    assert run.status == RunStatus.QUEUED and run.job_id
    wait_for(lambda: status(run) in ("succeeded", "failed"), 60, message=f"run to finish\n{workers.logs()}")
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, (run.error_message, workers.logs())
    assert run.started_at and run.finished_at and run.started_at <= run.finished_at
    assert run.natoms == 256
    assert run.thermo and run.thermo[0]["columns"][0] == "Step"
    assert [c["name"] for c in run.checks][:2] == ["finite_thermo", "no_lost_atoms"]
    assert run.checks_passed is True
    assert run.lammps_version.startswith("22 Jul 2025")
    assert "Loop time" in run.log
    assert "log.lammps" in run.files and os.path.isdir(run.workdir)
    assert run.progress.get("final") is True and run.progress.get("steps_done") == 500
    assert run.worker


def test_failed_run_keeps_script_log_and_diagnosis(workers):
    project, m = project_with_roles()
    workers.start(1)
    script = LJ_SHORT.format(steps=100).replace("pair_coeff 1 1 1.0 1.0\n", "")
    run = services.submit(project, m["owner"], script)
    wait_for(lambda: status(run) not in ("queued", "running"), 60, message="run to end")
    assert run.status == RunStatus.FAILED
    assert run.error_class == "pair_coeff_missing"
    assert run.error_line == 12 and run.error_hint  # the `run` line
    assert run.script == script and "All pair coeffs are not set" in run.log


def test_rejected_run(workers):
    project, m = project_with_roles()
    workers.start(1)
    run = services.submit(project, m["owner"], "units lj\nshell rm -rf /\n")
    wait_for(lambda: status(run) not in ("queued", "running"), 60, message="run to end")
    assert run.status == RunStatus.REJECTED and run.error_class == "forbidden_command"


def test_input_files_are_available_to_runs(workers, inst, settings):
    from django.core.files.base import ContentFile

    project, m = project_with_roles()
    item = InputFile(project=project, name="data.chain")
    item.file.save("data.chain", ContentFile((inst.bench_dir / "data.chain").read_bytes()), save=False)
    item.compute_hash()
    item.save()
    script = (inst.bench_dir / "in.chain").read_text().replace("run\t\t100", "run\t\t20")
    workers.start(1)
    run = services.submit(project, m["owner"], script)
    wait_for(lambda: status(run) not in ("queued", "running"), 60, message="run to end")
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    assert run.reproducibility["inputs"][0] == {"name": "data.chain", "sha256": item.sha256, "source": "input"}


def test_cancel_queued_and_running(workers):
    project, m = project_with_roles()
    queued = services.submit(project, m["owner"], LJ_SHORT.format(steps=100))
    assert services.cancel(queued)
    assert status(queued) == RunStatus.CANCELLED
    workers.start(1)
    running = services.submit(project, m["owner"], LJ_SHORT.format(steps=50_000_000))
    wait_for(lambda: status(running) == "running" and running.progress.get("step"), 60, message="run to start")
    assert services.cancel(running)
    wait_for(lambda: status(running) == "cancelled", 30, message="cancel to take effect")
    assert running.status_reason == "Cancelled while running."
    assert running.thermo  # what it computed before the cancel is kept
    wait_for(lambda: not processes_in(running.workdir), 10, message="LAMMPS to be gone")
    # The cancelled queued run was never executed.
    queued.refresh_from_db()
    assert queued.started_at is None


def test_worker_killed_mid_run_ends_the_run_with_the_reason(workers):
    project, m = project_with_roles()
    (victim,) = workers.start(1)
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=50_000_000))
    wait_for(lambda: status(run) == "running" and run.progress.get("step"), 60, message="run to start")
    killed = workers.kill_tree(victim)  # main worker, work horse and LAMMPS below it
    assert len(killed) >= 3
    # The janitor (in another worker, or on a page view) notices the missing heartbeat.
    workers.start(1)
    wait_for(lambda: status(run) == "failed", 30, message=f"run to be declared lost\n{workers.logs()}")
    assert run.error_class == "worker_lost"
    assert "no heartbeat" in run.error_message
    assert run.finished_at is not None


def test_worker_process_killed_alone_takes_lammps_with_it(workers):
    """Only the worker process gets SIGKILL (as from the OOM killer): LAMMPS must not outlive it."""
    from pathlib import Path

    project, m = project_with_roles()
    (worker,) = workers.start(1)
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=50_000_000))
    wait_for(lambda: status(run) == "running" and run.progress.get("step"), 60, message="run to start")
    runs_dir = Path(workers.env["MDWEB_RUNS_DIR"])
    assert any(processes_in(d) for d in runs_dir.rglob("run-*"))
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    wait_for(lambda: all(not processes_in(d) for d in runs_dir.rglob("run-*")), 10, message="LAMMPS to be gone")
    janitor_runs_after = time.monotonic()
    wait_for(lambda: janitor.reap_lost_runs() or status(run) == "failed", 30, message="run to be declared lost")
    assert status(run) == "failed" and run.error_class == "worker_lost"
    assert time.monotonic() - janitor_runs_after < 30


def test_lammps_crash_is_a_final_state(workers):
    """Fault injection: SIGSEGV to the LAMMPS process of a running job."""
    project, m = project_with_roles()
    workers.start(1)
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=50_000_000))
    wait_for(lambda: status(run) == "running" and run.progress.get("step"), 60, message="run to start")
    from pathlib import Path

    runs_dir = Path(workers.env["MDWEB_RUNS_DIR"])
    pids = wait_for(lambda: [p for d in runs_dir.rglob("run-*") for p in processes_in(d)
                             if open(f"/proc/{p}/comm").read().strip() == "lmp"], 10, message="lmp process")  # fmt: skip
    os.kill(pids[0], signal.SIGSEGV)
    wait_for(lambda: status(run) == "failed", 30, message="crash to be recorded")
    assert run.error_class == "crash"
    assert "SIGSEGV" in run.error_message


def test_redis_restart_loses_no_run(app_env, redis_conn, workers):
    """A Redis restart (no persistence) empties the queue: the janitor queues the run again."""
    from mdweb import redis_server

    project, m = project_with_roles()
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=200))
    port = int(os.environ["MDWEB_TEST_REDIS_PORT"])
    redis_conn.shutdown(nosave=True)  # the real server goes away, with the queue
    proc = redis_server.start(port, __import__("pathlib").Path(os.environ["MDWEB_TEST_REDIS_DIR"]))
    try:
        Run.objects.filter(pk=run.pk).update(created_at=run.created_at - __import__("datetime").timedelta(seconds=10))
        assert janitor.requeue_lost_jobs() == [run.pk]
        workers.start(1)
        wait_for(lambda: status(run) not in ("queued", "running"), 60, message=f"run to end\n{workers.logs()}")
        assert run.status == RunStatus.SUCCEEDED
        assert run.requeues == 1
    finally:
        workers.stop_all()
        # leave the restarted server running for the rest of the suite (same port)
        assert proc.poll() is None


def test_two_workers_share_the_queue(workers):
    project, m = project_with_roles()
    workers.start(2)
    runs = [services.submit(project, m["owner"], LJ_SHORT.format(steps=300)) for _ in range(4)]
    wait_for(lambda: all(status(r) == "succeeded" for r in runs), 120, message=f"4 runs\n{workers.logs()}")
    assert len({r.worker.split(" (pid")[0] for r in runs}) == 2


def test_quota_gives_a_clear_message(settings, redis_conn):
    settings.MDWEB_MAX_QUEUED_PER_USER = 2
    project, m = project_with_roles()
    services.submit(project, m["owner"], LJ_SHORT.format(steps=10))
    services.submit(project, m["owner"], LJ_SHORT.format(steps=10))
    with pytest.raises(services.QuotaExceeded, match=r"already have 2 runs queued or running \(limit 2\)"):
        services.submit(project, m["owner"], LJ_SHORT.format(steps=10))
    assert Run.objects.count() == 2


def test_project_quota(settings, redis_conn):
    project, m = project_with_roles(editor="editor")
    project.max_queued_runs = 1
    project.save()
    services.submit(project, m["owner"], LJ_SHORT.format(steps=10))
    with pytest.raises(services.QuotaExceeded, match="This project already has 1"):
        services.submit(project, m["editor"], LJ_SHORT.format(steps=10))


def test_group_projects_give_members_the_group_role(redis_conn):
    project, m = project_with_roles()
    group = Group.objects.create(name="lab")
    from .factories import user

    student = user("student")
    student.groups.add(group)
    assert project.role_of(student) is None
    project.group = group
    project.group_role = "editor"
    project.save()
    assert project.role_of(student) == "editor"
    run = services.submit(project, student, LJ_SHORT.format(steps=10))
    assert run.author == student


def test_status_changes_are_compare_and_set(redis_conn):
    project, m = project_with_roles()
    run = services.submit(project, m["owner"], LJ_SHORT.format(steps=10))
    assert services.cancel(run)
    # A worker picking up the cancelled job must not start it.
    from simulations.jobs import execute_run

    assert execute_run(run.pk) == "skipped"
    assert status(run) == RunStatus.CANCELLED
    # Cancelling a finished run changes nothing.
    assert not services.cancel(run)
    time.sleep(0)


def test_mpi_run_through_the_queue_matches_the_serial_run(workers, settings):
    """Two ranks (mpiexec -n 2 inside the sandbox), asked for at submit time: LAMMPS reports 2 MPI
    tasks and the step-0 thermo row equals the serial run's."""
    settings.MDWEB_MAX_RANKS = 2
    project, m = project_with_roles()
    workers.start(1)
    script = LJ_SHORT.format(steps=200)
    serial = services.submit(project, m["owner"], script, title="serial")
    parallel = services.submit(project, m["owner"], script, title="2 ranks", ranks=2)
    wait_for(lambda: status(serial) in ("succeeded", "failed") and status(parallel) in ("succeeded", "failed"), 120,
             message=f"both runs\n{workers.logs()}")  # fmt: skip
    assert parallel.status == "succeeded", (parallel.error_message, workers.logs())
    assert parallel.ranks == 2 and parallel.reproducibility["limits"]["nprocs"] == 2
    assert parallel.thermo[0]["performance"]["mpi_tasks"] == 2
    assert serial.thermo[0]["performance"]["mpi_tasks"] == 1
    assert parallel.thermo[0]["rows"][0] == serial.thermo[0]["rows"][0]


def test_ranks_over_the_project_cap_are_refused_with_the_cap(settings, redis_conn):
    settings.MDWEB_MAX_RANKS = 2
    project, m = project_with_roles()
    with pytest.raises(services.RanksRefused, match="at most 2 MPI rank"):
        services.submit(project, m["owner"], LJ_SHORT.format(steps=10), ranks=3)
    project.max_ranks = 4  # staff raised this project's cap
    project.save()
    assert services.submit(project, m["owner"], LJ_SHORT.format(steps=10), ranks=3).ranks == 3
    with pytest.raises(services.RanksRefused, match="at least one"):
        services.submit(project, m["owner"], LJ_SHORT.format(steps=10), ranks=0)
    assert Run.objects.count() == 1


def test_mpi_needs_the_bubblewrap_sandbox(settings, redis_conn):
    settings.MDWEB_MAX_RANKS = 4
    settings.MDWEB_SANDBOX = "none"
    project, m = project_with_roles()
    m["owner"].is_staff = True  # staff may run without the wall, but not MPI
    m["owner"].save()
    with pytest.raises(services.RanksRefused, match="bubblewrap"):
        services.submit(project, m["owner"], LJ_SHORT.format(steps=10), ranks=2)
