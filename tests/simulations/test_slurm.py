"""MDWEB_EXECUTOR=slurm against a real slurmctld + slurmd (+ munge) started for the test: a queued
run becomes a batch job whose progress reaches the run page, cancel is scancel, and a node
failure ends the run with that reason."""

from __future__ import annotations

import os

import pytest

from simulations import services
from simulations.models import RunStatus
from tests.conftest import wait_for
from tests.slurm_cluster import SlurmCluster, missing

from .factories import LJ_SHORT, project_with_roles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def cluster(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.fail("the Slurm tests start slurmd, which runs jobs as the submitting user: run them as root")
    if missing():
        pytest.fail(f"slurm-wlm is not installed (missing {', '.join(missing())}): apt install slurm-wlm munge")
    c = SlurmCluster(tmp_path_factory.mktemp("slurm")).start()
    yield c
    c.stop()


@pytest.fixture
def slurm_workers(workers, cluster, app_env, settings):
    settings.MDWEB_EXECUTOR = "slurm"
    workers.env.update({"MDWEB_EXECUTOR": "slurm", "MDWEB_SLURM_POLL_S": "0.3", **cluster.env})
    workers.start(1)
    return workers


def status(run) -> str:
    run.refresh_from_db()
    return run.status


LONG = LJ_SHORT.replace("region box block 0 4 0 4 0 4", "region box block 0 10 0 10 0 10").replace(
    "thermo 100", "thermo 50"
)


def test_a_run_becomes_a_batch_job_and_reports_progress(slurm_workers, client):
    project, m = project_with_roles()
    run = services.submit(project, m["owner"], LONG.format(steps=6000), title="on the cluster")
    seen, reasons = [], []

    def progressing():
        run.refresh_from_db()
        if run.progress.get("steps_done"):
            seen.append(run.progress["steps_done"])
        if not reasons or reasons[-1] != (run.status, run.status_reason):
            reasons.append((run.status, run.status_reason))
            print(f"run {run.pk}: {run.status}: {run.status_reason} (steps done {run.progress.get('steps_done')})")
        return run.status not in ("queued", "running")

    wait_for(progressing, 240, interval=0.3, message=f"the Slurm run to end\n{slurm_workers.logs()}")
    assert run.status == RunStatus.SUCCEEDED, (run.error_message, slurm_workers.logs())
    print(f"progress seen: {sorted(set(seen))}")
    assert any("Slurm job" in r for _, r in reasons)
    assert len(set(seen)) >= 2 and seen == sorted(seen)  # live progress came through while it ran
    assert run.reproducibility["executor"]["kind"] == "slurm"
    job_id = run.reproducibility["executor"]["job_id"]
    assert run.reproducibility["executor"]["state"] == "COMPLETED"
    assert run.thermo and run.natoms == 4000 and "log.lammps" in run.files
    client.force_login(m["owner"])
    page = client.get(f"/runs/{run.pk}/").content.decode()
    assert "Finished" in page or "succeeded" in page
    out = cluster_status_dir(run) / "slurm.out"
    assert out.exists(), f"job {job_id} wrote no output file"


def cluster_status_dir(run):
    from pathlib import Path

    from simulations.engine.slurm import status_dir_of

    return status_dir_of(Path(run.workdir))


def test_cancel_is_scancel(slurm_workers, cluster):
    project, m = project_with_roles()
    run = services.submit(project, m["owner"], LONG.format(steps=2_000_000), title="long")
    wait_for(lambda: (run.refresh_from_db() or run.progress.get("steps_done")), 120, interval=0.3,
             message=f"the job to start\n{slurm_workers.logs()}")  # fmt: skip
    services.cancel(run)
    wait_for(lambda: status(run) not in ("queued", "running"), 60, message=f"cancel\n{slurm_workers.logs()}")
    assert run.status == RunStatus.CANCELLED
    print(f"run {run.pk}: {run.status}: {run.status_reason}; Slurm: {run.reproducibility.get('executor')}")
    assert run.reproducibility.get("executor", {}).get("state") in ("CANCELLED", "COMPLETED")
    wait_for(lambda: not cluster.stepds(), 30, message="the job's step to go")


def test_a_node_failure_ends_the_run_with_that_reason(slurm_workers, cluster):
    project, m = project_with_roles()
    run = services.submit(project, m["owner"], LONG.format(steps=2_000_000), title="doomed")
    wait_for(lambda: (run.refresh_from_db() or run.progress.get("steps_done")), 120, interval=0.3,
             message=f"the job to start\n{slurm_workers.logs()}")  # fmt: skip
    print(f"run {run.pk}: running at step {run.progress.get('steps_done')}; killing slurmd (node {cluster.host})")
    cluster.kill_slurmd()
    wait_for(lambda: status(run) not in ("queued", "running"), 120, message=f"node failure\n{slurm_workers.logs()}")
    print(f"run {run.pk}: {run.status} [{run.error_class}] {run.error_message[:120]}; node: {cluster.sinfo_state()}")
    assert run.status == RunStatus.FAILED
    assert run.error_class == "node_failure" and "NODE_FAIL" in run.error_message
    assert "run it again" in run.error_hint.lower()
    cluster.kill_orphaned_steps()  # the killed node's job would run on at full CPU under the later tests
    assert not cluster.stepds()
