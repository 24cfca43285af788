"""Every view for anonymous users, non-members, viewers, editors, owners and staff."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from simulations.models import InputFile, Membership, Project, Review, Run, RunStatus

from .factories import LJ_SHORT, project_with_roles, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    project, m = project_with_roles(viewer="viewer", editor="editor")
    m["stranger"] = user("stranger")
    m["staff"] = user("staff", is_staff=True)
    workdir = tmp_path / "run"
    workdir.mkdir()
    (workdir / "log.lammps").write_text("LAMMPS log")
    (workdir / "dump.atom").write_text("ITEM: TIMESTEP")
    run = Run.objects.create(project=project, author=m["editor"], script=LJ_SHORT.format(steps=10),
                             status=RunStatus.FAILED, error_class="lost_atoms", error_message="Lost atoms",
                             workdir=str(workdir), files=["dump.atom", "log.lammps"], log="LAMMPS log",
                             thermo=[{"columns": ["Step", "Temp"], "rows": [[0, 1.0], [10, 1.1]]}])  # fmt: skip
    item = InputFile(project=project, name="data.x")
    item.file.save("data.x", ContentFile(b"data"), save=False)
    item.save()
    return {"project": project, "run": run, "input": item, **m}


def client_for(client, who, world):
    if who != "anonymous":
        client.force_login(world[who])
    return client


READ_URLS = [
    ("project", lambda w: reverse("project", args=[w["project"].pk])),
    ("run", lambda w: reverse("run", args=[w["run"].pk])),
    ("run_live", lambda w: reverse("run_live", args=[w["run"].pk])),
    ("run_json", lambda w: reverse("run_json", args=[w["run"].pk])),
    ("run_log", lambda w: reverse("run_log", args=[w["run"].pk])),
    ("run_file", lambda w: reverse("run_file", args=[w["run"].pk, "dump.atom"])),
    ("download_input", lambda w: reverse("download_input", args=[w["project"].pk, w["input"].pk])),
    ("compare", lambda w: reverse("compare", args=[w["project"].pk]) + f"?runs={w['run'].pk}"),
]


@pytest.mark.parametrize("name, url", READ_URLS, ids=[n for n, _ in READ_URLS])
@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("stranger", 404), ("viewer", 200), ("editor", 200),
                                           ("owner", 200)])  # fmt: skip
def test_read_views(client, world, name, url, who, expected):
    response = client_for(client, who, world).get(url(world))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


WRITE_URLS = [
    ("submit_run", lambda w: reverse("submit_run", args=[w["project"].pk]), {"script": "units lj\nrun 0\n"}),
    ("upload_input", lambda w: reverse("upload_input", args=[w["project"].pk]), {}),
    ("delete_input", lambda w: reverse("delete_input", args=[w["project"].pk, w["input"].pk]), {}),
    ("cancel_run", lambda w: reverse("cancel_run", args=[w["run"].pk]), {}),
    ("rerun", lambda w: reverse("rerun", args=[w["run"].pk]), {}),
]


@pytest.mark.parametrize("name, url, data", WRITE_URLS, ids=[n for n, _, _ in WRITE_URLS])
@pytest.mark.parametrize("who, allowed", [("anonymous", None), ("stranger", 404), ("viewer", 403), ("editor", True),
                                          ("owner", True)])  # fmt: skip
def test_write_views(client, world, redis_conn, name, url, data, who, allowed):
    runs_before = Run.objects.count()
    files_before = InputFile.objects.count()
    response = client_for(client, who, world).post(url(world), data)
    if allowed is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif allowed is True:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == allowed
    if allowed is not True:  # nothing changed
        assert Run.objects.count() == runs_before
        assert InputFile.objects.count() == files_before
        assert Run.objects.get(pk=world["run"].pk).status == RunStatus.FAILED


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("stranger", 404), ("viewer", 403), ("editor", 403),
                                           ("owner", 200)])  # fmt: skip
def test_members_page_is_for_owners(client, world, who, expected):
    url = reverse("members", args=[world["project"].pk])
    assert client_for(client, who, world).get(url).status_code == expected
    client_for(client, who, world).post(url, {"action": "add", "username": "stranger", "role": "editor"})
    added = Membership.objects.filter(project=world["project"], user=world["stranger"]).exists()
    assert added is (expected == 200)


def test_project_list_shows_only_my_projects(client, world):
    other = Project.objects.create(name="Secret alloys")
    client.force_login(world["viewer"])
    page = client.get(reverse("projects")).content.decode()
    assert "Copper melting" in page and "Secret alloys" not in page
    client.force_login(world["stranger"])
    page = client.get(reverse("projects")).content.decode()
    assert "Copper melting" not in page
    assert other.pk


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("stranger", 403), ("owner", 403), ("staff", 200)])
def test_review_pages_are_staff_only(client, world, who, expected):
    for url in [reverse("review_queue"), reverse("review_run", args=[world["run"].pk]), reverse("review_export")]:
        assert client_for(client, who, world).get(url).status_code == expected


def test_project_filters_and_search(client, world):
    p = world["project"]
    Run.objects.create(project=p, author=world["owner"], script="units metal\n", title="copper melt",
                       status=RunStatus.SUCCEEDED)  # fmt: skip
    client.force_login(world["viewer"])
    url = reverse("project", args=[p.pk])
    page = client.get(url, {"status": "succeeded"}).content.decode()
    assert "copper melt" in page and f"Run {world['run'].pk}<" not in page
    page = client.get(url, {"error_class": "lost_atoms"}).content.decode()
    assert f"Run {world['run'].pk}<" in page and "copper melt" not in page
    page = client.get(url, {"author": "owner"}).content.decode()
    assert "copper melt" in page and f"Run {world['run'].pk}<" not in page
    page = client.get(url, {"q": "metal", "partial": "runs"}, HTTP_HX_REQUEST="true").content.decode()
    assert "copper melt" in page and "<html" not in page


def test_submit_creates_a_queued_run(client, world, redis_conn, django_capture_on_commit_callbacks):
    client.force_login(world["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submit_run", args=[world["project"].pk]),
                               {"script": LJ_SHORT.format(steps=10), "title": "mine"})  # fmt: skip
    run = Run.objects.get(title="mine")
    assert response["Location"] == reverse("run", args=[run.pk])
    assert run.status == RunStatus.QUEUED and run.author == world["editor"]
    assert run.job_id, run.status_reason


def test_submit_form_asks_for_ranks_within_the_project_cap(client, world, redis_conn, settings):
    settings.MDWEB_MAX_RANKS = 2
    client.force_login(world["editor"])
    page = client.get(reverse("project", args=[world["project"].pk])).content.decode()
    assert 'name="ranks"' in page and "allows up to 2" in page
    response = client.post(reverse("submit_run", args=[world["project"].pk]),
                           {"script": LJ_SHORT.format(steps=10), "title": "wide", "ranks": "8"}, follow=True)  # fmt: skip
    assert "MPI ranks: Ensure this value is less than or equal to 2." in response.content.decode()
    assert not Run.objects.filter(title="wide").exists()
    client.post(reverse("submit_run", args=[world["project"].pk]),
                {"script": LJ_SHORT.format(steps=10), "title": "two", "ranks": "2"})  # fmt: skip
    assert Run.objects.get(title="two").ranks == 2


def test_submit_empty_script_is_a_clear_error(client, world, redis_conn):
    client.force_login(world["editor"])
    response = client.post(reverse("submit_run", args=[world["project"].pk]), {"script": "  "}, follow=True)
    assert "Paste a LAMMPS script or upload one." in response.content.decode()


def test_upload_rejects_unsafe_names(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["editor"])
    url = reverse("upload_input", args=[world["project"].pk])
    bad = SimpleUploadedFile("my data.txt", b"x")
    response = client.post(url, {"file": bad}, follow=True)
    assert "is not a plain file name" in response.content.decode()
    good = SimpleUploadedFile("data.lj", b"LAMMPS data")
    client.post(url, {"file": good})
    item = InputFile.objects.get(name="data.lj")
    assert item.size == 11 and len(item.sha256) == 64


def test_run_file_download_is_confined_to_the_run(client, world):
    client.force_login(world["viewer"])
    ok = client.get(reverse("run_file", args=[world["run"].pk, "dump.atom"]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"ITEM: TIMESTEP"
    for name in ["../../etc/passwd", "in.lammps", "/etc/passwd"]:
        assert client.get(reverse("run_file", args=[world["run"].pk, name])).status_code == 404


def test_review_flow_and_jsonl_export(client, world, redis_conn, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    url = reverse("review_run", args=[world["run"].pk])
    fixed = LJ_SHORT.format(steps=10).replace("run 10", "timestep 0.002\nrun 10")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reviewed": "on", "for_training": "on", "corrected_script": fixed, "notes": "dt too big",
                      "action": "run"})  # fmt: skip
    review = Review.objects.get(run=world["run"])
    assert review.reviewed and review.for_training and review.reviewer == world["staff"]
    assert review.corrected_run is not None and review.corrected_run.script == fixed
    assert review.corrected_run.status == RunStatus.QUEUED and review.corrected_run.parent == world["run"]
    assert review.corrected_run.job_id
    queue = client.get(reverse("review_queue"), {"show": "reviewed"}).content.decode()
    assert "lost_atoms" in queue
    export = client.get(reverse("review_export"))
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 1
    item = json.loads(lines[0])
    assert item["error"]["class"] == "lost_atoms" and item["corrected_script"] == fixed
    assert item["for_training"] is True and item["corrected_run"]["status"] == "queued"


def test_health(client, redis_conn):
    data = client.get(reverse("health")).json()
    assert data["redis"] is True and data["workers"] == 0


def test_signup_and_login(client, db, settings):
    settings.MDWEB_SIGNUP = "open"
    response = client.post(reverse("signup"), {"username": "newbie", "password1": "a-long-pass-9876",
                                               "password2": "a-long-pass-9876"})  # fmt: skip
    assert response.status_code == 302
    assert client.get(reverse("projects")).status_code == 200


def test_editor_check_reports_lines_and_fixes(client, world):
    client.force_login(world["editor"])
    url = reverse("check_script", args=[world["project"].pk])
    script = LJ_SHORT.format(steps=10).replace("fix 1 all nvt", "fix 1 all nvtt")
    data = client.post(url + "?format=json", {"script": script}).json()
    assert not data["ok"] and data["errors"][0]["line"] == 11 and data["errors"][0]["replace"] == ["nvtt", "nvt"]
    page = client.post(url, {"script": script}).content.decode()
    assert "Apply the fix: nvtt → nvt" in page and 'data-line="11"' in page
    assert client.post(url, {"script": LJ_SHORT.format(steps=10)}).content.decode().count("passes the checks") == 1
    assert client.post(url, {"script": "  \n"}).content.decode() == ""  # an empty form says nothing yet
    assert not client.post(url + "?format=json", {"script": ""}).json()["ok"]
    client.force_login(world["viewer"])
    assert client.post(url, {"script": script}).status_code == 403
