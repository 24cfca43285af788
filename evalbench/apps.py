from django.apps import AppConfig


class EvalbenchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evalbench"
