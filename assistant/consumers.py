"""WebSocket: a conversation's messages as they stream (authenticated, origin-checked in
asgi.py, membership-checked here)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string

from simulations.consumers import ProjectAccessMixin

from .jobs import conversation_group
from .models import Conversation, Message


@database_sync_to_async
def _project_if_allowed(user, conversation_id: int) -> int | None:
    conv = Conversation.objects.filter(pk=conversation_id).select_related("project").first()
    return conv.project_id if conv is not None and conv.project.role_of(user) is not None else None


@database_sync_to_async
def _render(message_id: int) -> str:
    message = Message.objects.filter(pk=message_id).select_related("conversation__project").first()
    if message is None:
        return ""
    return render_to_string("assistant/_message.html", {"m": message, "oob": True})


class ChatConsumer(ProjectAccessMixin, AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        project_id = await _project_if_allowed(user, self.conversation_id)
        if project_id is None:
            await self.close(code=4404)
            return
        self.group = conversation_group(self.conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.watch_access(user, project_id)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.forget_access()

    async def chat_update(self, event):
        html = await _render(event["message_id"])
        if html:
            await self.send(text_data=html)
