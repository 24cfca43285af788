"""WebSocket: live progress of a run. Authenticated (session) and origin-checked in asgi.py;
membership is checked here, on connect, like every view."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string

from . import live
from .models import Project, Run


@database_sync_to_async
def _visible_run(user, run_id: int) -> Run | None:
    run = Run.objects.filter(pk=run_id).select_related("project").first()
    if run is None or run.project.role_of(user) is None:
        return None
    return run


@database_sync_to_async
def _visible_project(user, project_id: int) -> bool:
    project = Project.objects.filter(pk=project_id).first()
    return project is not None and project.role_of(user) is not None


class ProjectAccessMixin:
    """Consumers of one project's data: they also listen on their user's access group and
    close at once (4403) when the user no longer has access (member removed, group left)."""

    project_id: int

    async def watch_access(self, user, project_id: int) -> None:
        self.project_id = project_id
        self.user = user
        self.access = live.access_group(user.pk)
        await self.channel_layer.group_add(self.access, self.channel_name)

    async def forget_access(self) -> None:
        if getattr(self, "access", None):
            await self.channel_layer.group_discard(self.access, self.channel_name)

    async def access_check(self, event):
        if event.get("project_id") == self.project_id and not await _visible_project(self.user, self.project_id):
            await self.close(code=4403)


@database_sync_to_async
def _render(run_id: int, message: dict) -> str:
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        return ""
    if message.get("status") == "running" and message.get("progress"):
        run.progress = message["progress"]  # fresher than the row (throttled writes)
    # when the update left the worker (epoch seconds): the page and the load test measure delivery lag
    return render_to_string("simulations/_run_live.html", {"run": run, "oob": True, "sent": message.get("sent", "")})


class RunConsumer(ProjectAccessMixin, AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.run_id = int(self.scope["url_route"]["kwargs"]["run_id"])
        run = await _visible_run(user, self.run_id)
        if run is None:
            await self.close(code=4404)
            return
        self.group = live.run_group(self.run_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.watch_access(user, run.project_id)
        await self.accept()
        await self.send(text_data=await _render(self.run_id, {}))  # the state as of now

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.forget_access()

    async def receive(self, text_data=None, bytes_data=None):
        return  # read-only stream

    async def run_update(self, event):
        html = await _render(event["run_id"], event)
        if html:
            await self.send(text_data=html)


class ProjectConsumer(ProjectAccessMixin, AsyncWebsocketConsumer):
    """Status changes of the runs of one project (the project page's run list)."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.project_id = int(self.scope["url_route"]["kwargs"]["project_id"])
        if not await _visible_project(user, self.project_id):
            await self.close(code=4404)
            return
        self.group = live.project_group(self.project_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.watch_access(user, self.project_id)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.forget_access()

    async def run_update(self, event):
        html = await _render_row(event["run_id"])
        if html:
            await self.send(text_data=html)


@database_sync_to_async
def _render_row(run_id: int) -> str:
    run = Run.objects.filter(pk=run_id).select_related("author").first()
    if run is None:
        return ""
    return render_to_string("simulations/_run_row.html", {"run": run, "oob": True})


@database_sync_to_async
def _render_notice(user, run_id: int) -> str:
    run = Run.objects.filter(pk=run_id).select_related("project").first()
    if run is None or run.project.role_of(user) is None:
        return ""
    return render_to_string("simulations/_notice.html", {"run": run})


class NotificationConsumer(AsyncWebsocketConsumer):
    """A user's own notifications: their runs that ended, in every tab they have open."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.user = user
        self.group = live.notify_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def run_ended(self, event):
        html = await _render_notice(self.user, event["run_id"])
        if html:
            await self.send(text_data=html)
