"""Engine configuration from Django settings (the engine itself never imports Django)."""

from __future__ import annotations

from django.conf import settings

from simulations.engine import Limits


def engine_limits(**overrides) -> Limits:
    data = dict(settings.MDWEB_LIMITS)
    data.update({k: v for k, v in overrides.items() if v is not None})
    return Limits.from_mapping(data)


def sandbox_mode() -> str:
    return settings.MDWEB_SANDBOX
