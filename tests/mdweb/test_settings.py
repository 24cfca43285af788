"""Production settings come from the environment; `check --deploy` is clean with them."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

PROD = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-Zq8_xP3vL1mN0bR7tY6uI5oW4eA2sD9fG",
    "ALLOWED_HOSTS": "md.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://md.example.org",
    "DATABASE_URL": "postgres://mdweb@127.0.0.1:5432/test",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
}


def manage(*args, env):
    full = {k: v for k, v in os.environ.items() if k not in PROD}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**full, **env},
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_check_deploy_is_clean_with_production_settings():
    proc = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PROD, "SECRET_KEY": ""}
    proc = manage("check", env=env)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in proc.stderr


def test_bad_environment_values_fail_loudly():
    proc = manage("check", env={"DEBUG": "maybe"})
    assert proc.returncode != 0 and "DEBUG='maybe' is not a boolean" in proc.stderr
