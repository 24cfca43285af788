"""Live metrics of a training run (staff only): each logged step as JSON, for the plotly curves."""

from __future__ import annotations

import json

from channels.generic.websocket import AsyncWebsocketConsumer

from .services import training_group


class TrainingConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not (user.is_active and user.is_staff):
            await self.close(code=4403)
            return
        self.group = training_group(int(self.scope["url_route"]["kwargs"]["run_id"]))
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        return  # read-only stream

    async def training_metrics(self, event):
        await self.send(text_data=json.dumps({"row": event["row"]}))

    async def training_status(self, event):
        await self.send(text_data=json.dumps({"status": event["status"]}))
