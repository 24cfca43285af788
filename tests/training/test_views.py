"""The staff training page: dataset versions, browsing and removing samples, starting a queued run,
live metrics over the WebSocket; nobody else gets in."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from django.urls import reverse

from tests.conftest import session_cookie, ws_connect
from tests.simulations.factories import user as make_user
from training import datasets as mddata
from training import services
from training.models import RemovedSample, TrainingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("staffer", is_staff=True)


@pytest.fixture
def version(tmp_path):
    samples = [mddata.Sample(f"id{i}", "suite-train", f"Request number {i}", f"units lj\nrun {i}\n") for i in range(25)]
    return services.record(mddata.write("md-codegen", samples, {"exact": 0}, out=tmp_path))


def test_only_staff_see_the_training_pages(client, version):
    user = make_user("plain")
    client.force_login(user)
    for url in (reverse("training"), reverse("training_dataset", args=[version.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("training_start"), {"config": "sft-smollm2"}).status_code == 403
    assert not TrainingRun.objects.exists()


def test_staff_browse_a_version_and_remove_a_sample_from_the_next_build(client, staff, version):
    client.force_login(staff)
    page = client.get(reverse("training")).content.decode()
    assert version.version in page and "25" in page
    first = client.get(reverse("training_dataset", args=[version.pk])).content.decode()
    assert "Request number 0" in first and "Request number 20" not in first  # 20 per page
    assert (
        "Request number 20" in client.get(reverse("training_dataset", args=[version.pk]) + "?page=2").content.decode()
    )
    client.post(reverse("training_remove_sample", args=[version.pk]), {"sample_id": "id3"})
    assert RemovedSample.objects.filter(dataset="md-codegen", sample_id="id3").exists()
    assert "removed from the next build" in client.get(reverse("training_dataset", args=[version.pk])).content.decode()
    rebuilt = services.build_dataset("md-codegen")
    assert rebuilt.manifest["samples"] > 0
    # the real sources do not hold id3; what was removed stays out of every later build
    assert "id3" in services.removed_ids("md-codegen")


def test_removed_real_samples_are_left_out_of_the_rebuild(staff):
    first = services.build_dataset("md-codegen")
    victim = mddata.read_samples(first.manifest)[0]
    services.remove_sample(first, victim["id"], staff)
    second = services.build_dataset("md-codegen")
    assert second.version != first.version
    assert victim["id"] not in {s["id"] for s in mddata.read_samples(second.manifest)}
    assert second.manifest["samples"] == first.manifest["samples"] - 1


def test_starting_a_run_queues_it_on_the_training_queue(
    client, staff, version, redis_conn, django_capture_on_commit_callbacks
):
    import django_rq

    queue = django_rq.get_queue("training")
    queue.empty()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training_start"), {"config": "sft-smollm2", "max_steps": "3"})
    run = TrainingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training_run", args=[run.pk])
    assert run.status == "queued" and run.config["max_steps"] == 3 and run.dataset == version
    job = queue.jobs[0]
    assert job.func_name == "training.jobs.run_training" and job.args == (run.pk,)
    queue.empty()
    bad = client.post(reverse("training_start"), {"config": "../../etc/passwd"})
    assert bad.status_code == 302 and TrainingRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_metrics_stream_to_staff_and_nobody_else(client, staff, redis_conn):
    run = TrainingRun.objects.create(kind="sft", adapter="md-code", config={"base_model": "smollm2"})
    from django.test import Client

    outsider_cookie = session_cookie(Client(), make_user("outsider"))
    staff_cookie = session_cookie(client, staff)

    async def watch():
        comm, ok, code = await ws_connect(f"/ws/training/{run.pk}/", outsider_cookie)
        assert not ok and code == 4403
        comm, ok, _ = await ws_connect(f"/ws/training/{run.pk}/", staff_cookie)
        assert ok
        from channels.layers import get_channel_layer

        await get_channel_layer().group_send(services.training_group(run.pk),
                                             {"type": "training.metrics", "row": {"step": 1, "loss": 2.5}})  # fmt: skip
        message = json.loads(await comm.receive_from(timeout=5))
        await comm.disconnect()
        return message

    assert async_to_sync(watch)() == {"row": {"step": 1, "loss": 2.5}}
    page = client.get(reverse("training_run", args=[run.pk])).content.decode()
    assert f"/ws/training/{run.pk}/" in page and "training-curves" in page
