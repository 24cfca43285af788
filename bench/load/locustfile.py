"""MDWeb users under load (locust): they log in, browse projects and runs, read run data, watch a
running run's page stream over its WebSocket (delivery lag = receipt time - the time the worker
published the update, from the fragment's data-sent), and now and then submit a short run.

Environment: LOAD_USERS (number of seeded accounts, load-0 ... load-N-1), LOAD_PASSWORD,
LOAD_PROJECT (project id), LOAD_RUNS (comma-separated finished run ids), LOAD_LIVE_RUN (the
running run to watch), LOAD_WATCH_S (seconds a watcher stays), LOAD_SHORT_SCRIPT (the script users submit)."""

from __future__ import annotations

import itertools
import os
import random
import re
import time

import websocket
from locust import HttpUser, between, events, task

USERS = int(os.environ.get("LOAD_USERS", "200"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "load-password")
PROJECT = os.environ.get("LOAD_PROJECT", "1")
RUNS = [r for r in os.environ.get("LOAD_RUNS", "").split(",") if r]
LIVE_RUN = os.environ.get("LOAD_LIVE_RUN", "")
WATCH_S = float(os.environ.get("LOAD_WATCH_S", "8"))
# The script users submit: written by load_bench.py (from simulations/engine/samples.py); locust runs in
# its own venv without the app.
if not os.environ.get("LOAD_SHORT_SCRIPT"):
    raise SystemExit("LOAD_SHORT_SCRIPT is not set: run the load test with `make loadtest` (bench/load_bench.py)")
SHORT_RUN = open(os.environ["LOAD_SHORT_SCRIPT"]).read()
_accounts = itertools.count()
SENT = re.compile(r'data-sent="([0-9.]+)"')


def _csrf(text: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    return m.group(1) if m else ""


class MDWebUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.name = f"load-{next(_accounts) % USERS}"
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        self.client.post("/accounts/login/", {"username": self.name, "password": PASSWORD,
                                              "csrfmiddlewaretoken": _csrf(page.text)},
                         headers={"Referer": self.host + "/accounts/login/"}, name="/accounts/login/ POST")  # fmt: skip

    @task(3)
    def projects(self):
        self.client.get("/", name="/ (projects)")

    @task(3)
    def project(self):
        self.client.get(f"/projects/{PROJECT}/", name="/projects/[id]/")

    @task(4)
    def run_page(self):
        if RUNS:
            self.client.get(f"/runs/{random.choice(RUNS)}/", name="/runs/[id]/")

    @task(2)
    def run_json(self):
        if RUNS:
            self.client.get(f"/runs/{random.choice(RUNS)}/json/", name="/runs/[id]/json/")

    @task(2)
    def watch_live_run(self):
        """Open the running run's page and its WebSocket; every update's lag is a sample."""
        if not LIVE_RUN:
            return
        self.client.get(f"/runs/{LIVE_RUN}/", name="/runs/[id]/ (live)")
        url = self.host.replace("http", "ws", 1) + f"/ws/runs/{LIVE_RUN}/"
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)
        started = time.perf_counter()
        try:
            ws = websocket.create_connection(url, cookie=cookie, origin=self.host, timeout=10)
        except Exception as exc:
            events.request.fire(request_type="WS", name="connect", response_time=(time.perf_counter() - started) * 1000,
                                response_length=0, exception=exc)  # fmt: skip
            return
        events.request.fire(request_type="WS", name="connect", response_time=(time.perf_counter() - started) * 1000,
                            response_length=0, exception=None)  # fmt: skip
        end = time.time() + WATCH_S
        try:
            while time.time() < end:
                ws.settimeout(max(0.1, end - time.time()))
                try:
                    msg = ws.recv()
                except websocket.WebSocketTimeoutException:
                    break
                m = SENT.search(msg or "")
                if m:
                    lag_ms = (time.time() - float(m.group(1))) * 1000
                    events.request.fire(request_type="WS", name="update lag", response_time=lag_ms,
                                        response_length=len(msg), exception=None)  # fmt: skip
        finally:
            ws.close()

    @task(1)
    def submit_short_run(self):
        page = self.client.get(f"/projects/{PROJECT}/", name="/projects/[id]/")
        self.client.post(f"/projects/{PROJECT}/runs/new/", {"script": SHORT_RUN, "title": "load test",
                                                            "csrfmiddlewaretoken": _csrf(page.text), "ranks": "1"},
                         headers={"Referer": self.host + f"/projects/{PROJECT}/"}, name="/projects/[id]/runs/new/ POST")  # fmt: skip
