"""A real ASGI server (daphne) with a real worker, Redis and (for the chat) model server, and
Debian's headless Chromium driven by Playwright. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, Workers, wait_for

SHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def start_server(env: dict, tmp_path: Path) -> tuple[str, subprocess.Popen, Workers]:
    from mdweb.redis_server import free_port

    port = free_port()
    log = open(tmp_path / "daphne.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "mdweb.asgi:application"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    workers = Workers(env, tmp_path)
    workers.start(1)

    def up():
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1).status == 200
        except OSError:
            return False

    wait_for(up, 30, message="daphne to answer")
    return f"http://127.0.0.1:{port}", proc, workers


@pytest.fixture
def server(app_env, redis_conn, tmp_path):
    base, proc, workers = start_server(app_env, tmp_path)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    workers.stop_all()


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls here are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])  # fmt: skip
        yield b
        b.close()


@pytest.fixture
def real_passwords(settings):
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the server checks against


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-button")
    page.wait_for_url(re.compile(r".*:\d+/$"))
