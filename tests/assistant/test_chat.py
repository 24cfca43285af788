"""The chat: permissions, replies produced by a real worker with the real embedded model,
streaming over the WebSocket, stop, and a model server that is down."""

from __future__ import annotations

import asyncio
import re

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from assistant.jobs import is_code_request, publish
from assistant.models import Conversation, Message
from tests.conftest import session_cookie, wait_for, ws_connect
from tests.simulations.factories import project_with_roles, user


@pytest.fixture
def chat(db):
    project, m = project_with_roles(viewer="viewer", editor="editor")
    m["stranger"] = user("stranger")
    conv = Conversation.objects.create(project=project, created_by=m["owner"], title="LJ help")
    return project, conv, m


@pytest.mark.parametrize("who, page, send", [("anonymous", 302, 302), ("stranger", 404, 404), ("viewer", 200, 403),
                                             ("editor", 200, 200), ("owner", 200, 200)])  # fmt: skip
def test_chat_permissions(client, chat, redis_conn, who, page, send):
    project, conv, m = chat
    if who != "anonymous":
        client.force_login(m[who])
    assert client.get(reverse("conversation", args=[conv.pk])).status_code == page
    assert client.get(reverse("conversations", args=[project.pk])).status_code == page
    before = Message.objects.count()
    response = client.post(reverse("chat_send", args=[conv.pk]), {"text": "What is NVT?"})
    assert response.status_code == send
    assert Message.objects.count() == before + (2 if send == 200 else 0)


def test_code_or_question():
    assert is_code_request("Simulate copper at 300 K with EAM for 2000 steps")
    assert not is_code_request("What does neighbor 0.3 bin set?")


@pytest.mark.django_db(transaction=True)
def test_model_down_keeps_the_history(client, app_env, workers, settings):
    project, m = project_with_roles()
    conv = Conversation.objects.create(project=project, created_by=m["owner"])
    workers.env = {**app_env, "MDWEB_LLM_BASE_URL": "http://127.0.0.1:9/v1", "MDWEB_LLM_RETRIES": "0"}
    workers.start(1)
    client.force_login(m["owner"])
    client.post(reverse("chat_send", args=[conv.pk]), {"text": "What is the unit of time in metal units?"})
    answer = Message.objects.get(conversation=conv, role="assistant")
    wait_for(lambda: Message.objects.get(pk=answer.pk).status == "error", 60, message=f"error\n{workers.logs()}")
    answer.refresh_from_db()
    assert "not reachable" in answer.error
    question = Message.objects.get(conversation=conv, role="user")
    assert question.content == "What is the unit of time in metal units?"
    page = client.get(reverse("conversation", args=[conv.pk])).content.decode()
    assert "not reachable" in page and "unit of time in metal units" in page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_reply_streams_and_is_stored_without_a_browser(client, app_env, workers, model_server):
    """Nobody is watching: the worker generates with the real model, the text grows as tokens
    arrive, and the finished reply is stored with its sources."""
    project, m = project_with_roles()
    conv = Conversation.objects.create(project=project, created_by=m["owner"])
    workers.env = {**app_env, "MDWEB_LLM_BASE_URL": model_server.base_url}
    client.force_login(m["owner"])
    client.post(reverse("chat_send", args=[conv.pk]), {"text": "Which thermostat does fix nvt use?"})
    answer = Message.objects.get(conversation=conv, role="assistant")
    assert answer.status == "pending"
    workers.start(1)
    lengths = set()

    def grown_and_done():
        current = Message.objects.get(pk=answer.pk)
        if current.status == "streaming":
            lengths.add(len(current.content))
        return current.status in ("done", "error")

    wait_for(grown_and_done, 180, interval=0.05, message=f"the reply\n{workers.logs()}")
    answer.refresh_from_db()
    assert answer.status == "done", answer.error
    assert answer.content and answer.kind == "qa" and answer.meta["sources"]
    assert len(lengths) >= 2  # stored piece by piece while it was generated


@pytest.mark.django_db(transaction=True)
def test_chat_update_reaches_the_browser_socket(client, redis_conn):
    project, m = project_with_roles()
    conv = Conversation.objects.create(project=project, created_by=m["owner"])
    msg = Message.objects.create(conversation=conv, role="assistant", status="streaming", content="The Nose-Hoover")
    cookie = session_cookie(client, m["owner"])

    async def scenario():
        comm, connected, _ = await ws_connect(f"/ws/chat/{conv.pk}/", cookie)
        assert connected
        await sync_to_async(Message.objects.filter(pk=msg.pk).update)(content="The Nose-Hoover thermostat")
        await sync_to_async(publish)(msg)
        html = await comm.receive_from(timeout=10)
        await comm.disconnect()
        return html

    html = asyncio.run(scenario())
    assert f'id="msg-{msg.pk}"' in html and 'hx-swap-oob="true"' in html and "Nose-Hoover thermostat" in html


@pytest.mark.django_db(transaction=True)
def test_stop_and_chat_websocket_refuses_strangers(client, redis_conn):
    project, m = project_with_roles()
    stranger = user("stranger")
    conv = Conversation.objects.create(project=project, created_by=m["owner"])
    msg = Message.objects.create(conversation=conv, role="assistant", status="streaming", content="partial")
    client.force_login(m["owner"])
    assert client.post(reverse("chat_stop", args=[msg.pk])).status_code == 204
    assert Message.objects.get(pk=msg.pk).stop_requested
    client.force_login(stranger)
    assert client.post(reverse("chat_stop", args=[msg.pk])).status_code == 404
    cookie = session_cookie(client, stranger)

    async def scenario():
        comm, connected, code = await ws_connect(f"/ws/chat/{conv.pk}/", cookie)
        assert not connected and code == 4404
        await sync_to_async(publish)(msg)

    asyncio.run(scenario())


def test_code_blocks_have_validate_and_run_actions(client, chat, redis_conn, django_capture_on_commit_callbacks):
    project, conv, m = chat
    script = "units lj\natom_style atomic\nshell ls\n"
    msg = Message.objects.create(conversation=conv, role="assistant", status="done",
                                 content=f"Try this:\n```lammps\n{script}```\nand <script>alert(1)</script>")  # fmt: skip
    client.force_login(m["editor"])
    page = client.get(reverse("conversation", args=[conv.pk])).content.decode()
    assert "Validate block 1" in page and "Run block 1" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    v = client.post(reverse("chat_validate", args=[msg.pk, 0])).content.decode()
    assert "Rejected" in v and "shell" in v
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("chat_run", args=[msg.pk, 0])).content.decode()
    assert "run " in r and msg.runs.count() == 1 and msg.runs.first().source == "assistant"
    client.force_login(m["viewer"])
    assert client.post(reverse("chat_run", args=[msg.pk, 0])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_code_request_uses_the_projects_data_files(chat, redis_conn, scripted):
    """A data file uploaded to the project reaches the runs: the builder reads its LJ dimers (masses 1: reduced
    units) itself, so the model is not asked (tests/assistant/agent/test_loop.py covers the model's prompt)."""
    from django.core.files.base import ContentFile

    from assistant.jobs import reply
    from bench.suite_data import dimers
    from simulations.models import InputFile

    project, conv, m = chat
    item = InputFile(project=project, name="pairs.data")
    item.file.save("pairs.data", ContentFile(dimers(n=(3, 3, 3)).encode()), save=False)
    item.compute_hash()
    item.save()
    script = ("units lj\natom_style bond\nread_data pairs.data\nspecial_bonds lj 0.0 1.0 1.0\npair_style lj/cut 2.5\n"
              "pair_coeff 1 1 1.0 1.0\nbond_style harmonic\nbond_coeff 1 100.0 1.0\nvelocity all create 1.0 4411\n"
              "fix 1 all nve\ntimestep 0.002\nthermo 100\nrun 300\n")  # fmt: skip
    Message.objects.create(conversation=conv, role="user", author=m["owner"],
                           content="Write a LAMMPS script: NVE run of the LJ dimers in pairs.data, T*=1.0, 300 steps.")  # fmt: skip
    answer = Message.objects.create(conversation=conv, role="assistant", status="pending")
    llm = scripted([f"```lammps\n{script}```"])
    reply(answer.pk, llm=llm)
    answer.refresh_from_db()
    assert answer.status == "done" and answer.kind == "code", answer.error
    assert "**SUCCEEDED**" in answer.content
    assert "read_data       pairs.data" in answer.content and "bond_style      harmonic" in answer.content
    assert not llm.prompts  # the builder covered it


def test_highlighted_code_has_colours():
    """Pygments emits spans; the stylesheet that colours them is the generator's output."""
    from assistant.render import pygments_css, render
    from tests.conftest import ROOT

    assert (ROOT / "static" / "mdweb" / "pygments.css").read_text() == pygments_css()
    html = str(render("```lammps\nfix 1 all nvt temp 300 300 0.1\n```"))
    classes = set(re.findall(r'class="(\w+)"', html)) - {"code"}
    css = pygments_css()
    assert classes and all(f"pre.code .{c} " in css for c in classes)
