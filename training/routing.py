from django.urls import path

from . import consumers

websocket_urlpatterns = [path("ws/training/<int:run_id>/", consumers.TrainingConsumer.as_asgi())]
