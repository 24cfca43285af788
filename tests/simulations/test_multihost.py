"""Workers on several hosts: each runs LAMMPS on its own local scratch disk and leaves the run on
the shared storage the web server reads; one Redis and one database between them (PostgreSQL
when the suite runs with DATABASE_URL=postgres://..., as in production)."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from simulations import services
from simulations.models import RunStatus
from tests.conftest import wait_for

from .factories import LJ_SHORT, project_with_roles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_two_workers_with_their_own_scratch_share_runs_through_storage(workers, app_env, tmp_path, client, settings):
    scratch = {name: tmp_path / f"scratch-{name}" for name in ("a", "b")}
    for path in scratch.values():
        path.mkdir()
        workers.env = {**app_env, "MDWEB_SCRATCH_DIR": str(path)}
        workers.start(1)
    project, m = project_with_roles()
    script = LJ_SHORT.format(steps=3000).replace("thermo 100", "thermo 100\ndump d all atom 1000 traj.lammpstrj")
    runs = [services.submit(project, m["owner"], script, title=f"run {i}") for i in range(4)]

    def done():
        for r in runs:
            r.refresh_from_db()
        return all(r.status not in ("queued", "running") for r in runs)

    wait_for(done, 180, message=f"4 runs\n{workers.logs()}")
    assert all(r.status == RunStatus.SUCCEEDED for r in runs), [(r.status, r.error_message) for r in runs]
    hosts = {r.worker.split(" (pid")[0] for r in runs}
    assert len(hosts) == 2, hosts  # both workers took runs
    shared = settings.MDWEB_RUNS_DIR
    for r in runs:
        assert os.path.commonpath([r.workdir, shared]) == str(shared)  # the run lives on the shared storage
        assert os.path.join(r.workdir, "traj.lammpstrj") and "traj.lammpstrj" in r.files
        assert r.reproducibility["executor"] == {"kind": "local", "scratch": True}
        assert "Loop time" in r.log
    for path in scratch.values():  # nothing left on the workers' own disks
        assert not [p for p in path.rglob("*") if p.is_file()], list(path.rglob("*"))
    client.force_login(m["owner"])
    response = client.get(reverse("run_file", args=[runs[0].pk, "traj.lammpstrj"]))
    assert response.status_code == 200 and b"ITEM: TIMESTEP" in b"".join(response.streaming_content)
