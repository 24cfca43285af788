"""WebSocket progress: authenticated, origin-checked, membership-checked, real Redis channel layer."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async

from simulations import live
from simulations.models import Run, RunStatus
from tests.conftest import session_cookie, ws_connect

from .factories import LJ_SHORT, project_with_roles, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(redis_conn):
    project, m = project_with_roles(viewer="viewer")
    m["stranger"] = user("stranger")
    run = Run.objects.create(project=project, author=m["owner"], script=LJ_SHORT.format(steps=10),
                             status=RunStatus.RUNNING)  # fmt: skip
    return project, run, m


def test_member_gets_live_updates_in_every_tab(client, setup):
    project, run, m = setup
    cookie = session_cookie(client, m["viewer"])

    async def scenario():
        tab1, ok1, _ = await ws_connect(f"/ws/runs/{run.pk}/", cookie)
        tab2, ok2, _ = await ws_connect(f"/ws/runs/{run.pk}/", cookie)
        rows, ok3, _ = await ws_connect(f"/ws/projects/{project.pk}/", cookie)
        assert ok1 and ok2 and ok3
        first = await tab1.receive_from(timeout=5)  # the state at connect time
        await tab2.receive_from(timeout=5)
        assert f'id="run-live-{run.pk}"' in first and "running" in first
        progress = {"step": 420, "steps_done": 420, "total_steps": 1000, "segment": 0, "segments": 1,
                    "thermo": {"Step": 420, "Temp": 1.49}}  # fmt: skip
        await sync_to_async(live.publish)(Run(pk=run.pk, project_id=project.pk, status="running", progress=progress))
        for tab in (tab1, tab2):
            html = await tab.receive_from(timeout=5)
            assert 'hx-swap-oob="true"' in html
            assert 'value="420"' in html and 'max="1000"' in html and "1.49" in html
        row = await rows.receive_from(timeout=5)
        assert f'id="run-row-{run.pk}"' in row
        for comm in (tab1, tab2, rows):
            await comm.disconnect()

    asyncio.run(scenario())


@pytest.mark.parametrize("who, path_kind", [("anonymous", "run"), ("stranger", "run"), ("stranger", "project"),
                                            ("anonymous", "project")])  # fmt: skip
def test_non_members_and_anonymous_are_refused(client, setup, who, path_kind):
    project, run, m = setup
    cookie = b"" if who == "anonymous" else session_cookie(client, m[who])
    path = f"/ws/runs/{run.pk}/" if path_kind == "run" else f"/ws/projects/{project.pk}/"

    async def scenario():
        comm, connected, code = await ws_connect(path, cookie)
        assert not connected
        assert code in (4401, 4404)
        await comm.disconnect()

    asyncio.run(scenario())


def test_foreign_origin_is_refused(client, setup):
    project, run, m = setup
    cookie = session_cookie(client, m["owner"])

    async def scenario():
        comm, connected, _ = await ws_connect(f"/ws/runs/{run.pk}/", cookie, origin=b"http://evil.example")
        assert not connected
        await comm.disconnect()

    asyncio.run(scenario())


@pytest.mark.parametrize("how", ["membership", "group"])
def test_losing_access_closes_the_users_open_sockets_at_once(client, setup, how):
    from django.contrib.auth.models import Group

    from simulations.models import Membership

    project, run, m = setup
    member = m["viewer"]
    if how == "group":  # access through a Django group instead of a membership
        group = Group.objects.create(name="lab")
        member.groups.add(group)
        Membership.objects.filter(user=member).delete()
        project.group = group
        project.group_role = "viewer"
        project.save()
    from django.test import Client

    cookie = session_cookie(client, member)
    other = session_cookie(Client(), m["owner"])

    async def scenario():
        run_ws, ok1, _ = await ws_connect(f"/ws/runs/{run.pk}/", cookie)
        rows_ws, ok2, _ = await ws_connect(f"/ws/projects/{project.pk}/", cookie)
        owner_ws, ok3, _ = await ws_connect(f"/ws/runs/{run.pk}/", other)
        assert ok1 and ok2 and ok3
        await run_ws.receive_from(timeout=5)
        await owner_ws.receive_from(timeout=5)
        if how == "membership":
            await sync_to_async(Membership.objects.filter(project=project, user=member).delete)()
        else:
            await sync_to_async(member.groups.remove)(group)
        for ws in (run_ws, rows_ws):
            closed = await ws.receive_output(timeout=5)
            assert closed == {"type": "websocket.close", "code": 4403}
        # the owner keeps receiving updates
        await sync_to_async(live.publish)(Run(pk=run.pk, project_id=project.pk, status="running", progress={}))
        assert f'id="run-live-{run.pk}"' in await owner_ws.receive_from(timeout=5)
        await owner_ws.disconnect()

    asyncio.run(scenario())


def test_an_idle_socket_stays_open_and_still_gets_updates(client, setup):
    """redis-py 8's default 5 s read timeout equals channels_redis's blocking pop: an idle
    consumer used to crash with 'Timeout reading from Redis' and close with 1011."""
    project, run, m = setup
    cookie = session_cookie(client, m["viewer"])

    async def scenario():
        ws, ok, _ = await ws_connect(f"/ws/runs/{run.pk}/", cookie)
        assert ok
        await ws.receive_from(timeout=5)
        await asyncio.sleep(12)  # idle for longer than two blocking pops
        assert await ws.receive_nothing(timeout=0.5)  # no close frame arrived
        await sync_to_async(live.publish)(Run(pk=run.pk, project_id=project.pk, status="running", progress={}))
        assert f'id="run-live-{run.pk}"' in await ws.receive_from(timeout=5)
        await ws.disconnect()

    asyncio.run(scenario())


def test_the_author_is_notified_in_every_tab_when_a_run_ends(client, setup):
    project, run, m = setup
    owner = session_cookie(client, m["owner"])

    async def scenario():
        tab1, ok1, _ = await ws_connect("/ws/notifications/", owner)
        tab2, ok2, _ = await ws_connect("/ws/notifications/", owner)
        assert ok1 and ok2
        await sync_to_async(Run.objects.filter(pk=run.pk).update)(status=RunStatus.SUCCEEDED)
        run.status = RunStatus.SUCCEEDED
        await sync_to_async(live.publish)(run)
        for tab in (tab1, tab2):
            html = await tab.receive_from(timeout=5)
            assert 'class="notice"' in html and f'data-run="{run.pk}"' in html and "succeeded" in html
        run.status = RunStatus.RUNNING
        await sync_to_async(live.publish)(run)  # progress is not a notification
        assert await tab1.receive_nothing(timeout=0.5)
        for tab in (tab1, tab2):
            await tab.disconnect()
        anon, connected, code = await ws_connect("/ws/notifications/")
        assert not connected and code == 4401

    asyncio.run(scenario())
