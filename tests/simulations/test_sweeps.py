"""Parameter sweeps: values, scripts per combination, the batch as runs, cancelling it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from simulations import services, sweeps
from simulations.models import Run, RunStatus

from .factories import LJ_SHORT, project_with_roles

SCRIPT = "variable T equal 1.5\nvariable n index 100\n" + LJ_SHORT.format(steps="${n}").replace(
    "velocity all create 1.5", "velocity all create ${T}").replace("temp 1.5 1.5", "temp ${T} ${T}")  # fmt: skip


def test_values_and_scripts():
    assert sweeps.parse_values("0.8, 1.0,1.2") == ["0.8", "1.0", "1.2"]
    assert sweeps.parse_values("0.8:1.2:0.2") == ["0.8", "1", "1.2"]
    with pytest.raises(sweeps.SweepError, match="at most 50"):
        sweeps.parse_values("0:100:1")
    with pytest.raises(sweeps.SweepError, match="not"):
        sweeps.parse_values("1; shell id")
    assert sweeps.sweepable(SCRIPT) == {"T": "1.5", "n": "100"}
    out = sweeps.script_for(SCRIPT, {"T": "2.0"})
    assert out.splitlines()[0] == "variable T equal 2.0" and out.count("variable T") == 1
    assert len(sweeps.combinations({"T": ["1", "2"], "n": ["10", "20", "30"]})) == 6


@pytest.mark.django_db
def test_a_sweep_is_one_batch_of_runs_and_can_be_cancelled(redis_conn):
    project, m = project_with_roles(editor="editor")
    sweep = services.submit_sweep(project, m["editor"], SCRIPT, {"T": ["1.0", "1.5", "2.0"]})
    runs = list(sweep.runs.order_by("id"))
    assert [r.sweep_values for r in runs] == [{"T": "1.0"}, {"T": "1.5"}, {"T": "2.0"}]
    assert all("variable T equal" in r.script for r in runs) and runs[2].script.startswith("variable T equal 2.0")
    assert services.cancel_sweep(sweep) == 3
    assert set(Run.objects.filter(sweep=sweep).values_list("status", flat=True)) == {RunStatus.CANCELLED}


@pytest.mark.django_db
def test_sweep_pages_and_permissions(client, redis_conn):
    project, m = project_with_roles(editor="editor", viewer="viewer")
    base = services.submit(project, m["editor"], SCRIPT, title="base")
    client.force_login(m["viewer"])
    assert client.post(reverse("sweep_new", args=[base.pk]), {"variable1": "T", "values1": "1,2"}).status_code == 403
    client.force_login(m["editor"])
    bad = client.post(reverse("sweep_new", args=[base.pk]), {"variable1": "T", "values1": "0:999:1"}, follow=True)
    assert "at most 50" in bad.content.decode()
    response = client.post(reverse("sweep_new", args=[base.pk]), {"variable1": "T", "values1": "1.0:2.0:0.5"})
    sweep = project.sweeps.get()
    assert response.url == reverse("sweep", args=[sweep.pk]) and sweep.runs.count() == 3
    page = client.get(reverse("sweep", args=[sweep.pk])).content.decode()
    assert "T = 1, 1.5, 2" in page and page.count('id="sweep-row-') == 3


@pytest.mark.django_db
def test_tags_archive_delete_and_project_settings(client, redis_conn, tmp_path):
    project, m = project_with_roles(editor="editor")
    run = Run.objects.create(project=project, author=m["editor"], script="units lj\n", status=RunStatus.SUCCEEDED,
                             workdir=str(tmp_path / "r"))  # fmt: skip
    (tmp_path / "r").mkdir()
    client.force_login(m["editor"])
    url = reverse("run_manage", args=[run.pk])
    client.post(url, {"action": "tags", "tags": "Melting, production, melting, bad tag!"})
    run.refresh_from_db()
    assert run.tags == ["bad", "melting", "production"]  # lower-cased, deduplicated, "tag!" refused
    listing = client.get(reverse("project", args=[project.pk]) + "?tag=melting").content.decode()
    assert f'id="run-row-{run.pk}"' in listing
    client.post(url, {"action": "archive"})
    assert f'id="run-row-{run.pk}"' not in client.get(reverse("project", args=[project.pk])).content.decode()
    assert client.post(url, {"action": "delete", "confirm": f"delete run {run.pk}"}).status_code == 403  # owners only
    client.force_login(m["owner"])
    client.post(url, {"action": "delete", "confirm": "yes"})
    assert Run.objects.filter(pk=run.pk).exists()  # the confirmation must be typed
    client.post(url, {"action": "delete", "confirm": f"delete run {run.pk}"})
    assert not Run.objects.filter(pk=run.pk).exists() and not (tmp_path / "r").exists()
    settings_url = reverse("project_settings", args=[project.pk])
    client.post(settings_url, {"name": "Renamed", "description": "x"})
    project.refresh_from_db()
    assert project.name == "Renamed"
    client.post(settings_url, {"action": "delete", "confirm": "wrong"})
    project.refresh_from_db()
    client.post(settings_url, {"action": "delete", "confirm": "Renamed"})
    assert not type(project).objects.filter(pk=project.pk).exists()
