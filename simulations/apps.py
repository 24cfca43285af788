from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "simulations"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401 - registers the system check and the signal handlers
