from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:project_id>/chat/", views.conversations, name="conversations"),
    path("chat/<int:conversation_id>/", views.conversation, name="conversation"),
    path("chat/<int:conversation_id>/send/", views.send, name="chat_send"),
    path("chat/messages/<int:message_id>/stop/", views.stop, name="chat_stop"),
    path("chat/messages/<int:message_id>/blocks/<int:index>/validate/", views.validate_block, name="chat_validate"),
    path("chat/messages/<int:message_id>/blocks/<int:index>/run/", views.run_block, name="chat_run"),
    path("assistant/health/", views.health, name="assistant_health"),
]
