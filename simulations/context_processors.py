"""Template context every page needs."""

from __future__ import annotations

from django.conf import settings

from .sandbox_policy import sandbox_policy


def site(request) -> dict:
    return {"sandbox_policy": sandbox_policy(), "signup_open": settings.MDWEB_SIGNUP == "open"}
