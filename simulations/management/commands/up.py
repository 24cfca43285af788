"""`manage.py up` (what `make run` calls): everything on one machine, Ctrl-C stops it all.

Migrates the database, makes sure Redis answers at REDIS_URL (starting a local server if
not), creates a demo user and project on an empty database, then runs the ASGI server
(daphne: HTTP and WebSockets) and RQ workers, and sweeps for lost runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from mdweb import redis_server
from mdweb.supervisor import Supervisor
from simulations.models import Membership, Project, Role

DEMO_SCRIPT = """# Lennard-Jones liquid, NVT at T* = 1.5 (a demo run)
units           lj
atom_style      atomic
lattice         fcc 0.8442
region          box block 0 6 0 6 0 6
create_box      1 box
create_atoms    1 box
mass            1 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0 2.5
velocity        all create 1.5 87287 loop geom
fix             1 all nvt temp 1.5 1.5 0.5
thermo          100
run             5000
"""


class Command(BaseCommand):
    help = "Run MDWeb on this machine: database, Redis, web server and workers."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MDWEB_WORKERS", "1")))

    def handle(self, *args, **opts):
        base = Path(settings.BASE_DIR)
        (base / "var").mkdir(exist_ok=True)
        children: list[subprocess.Popen] = []
        redis_proc = redis_server.ensure(settings.REDIS_URL, base / "var" / "redis")
        if redis_proc:
            children.append(redis_proc)
            self.stdout.write(f"started redis-server for {settings.REDIS_URL}")
        else:
            self.stdout.write(f"using the Redis server at {settings.REDIS_URL}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._demo()
        from simulations.sandbox_policy import sandbox_policy

        policy = sandbox_policy()
        style = self.style.SUCCESS if policy.walled else self.style.WARNING
        self.stdout.write(style(f"sandbox for LAMMPS runs: {policy.describe()}"))
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        py = sys.executable
        model = self._model_server(env)
        if model:
            children.append(model)
        supervisor = Supervisor(base / "var" / "supervisor.json", log=lambda m: self.stderr.write(f"supervisor: {m}"))
        supervisor.add("web", [py, "-m", "daphne", "-b", opts["host"], "-p", str(opts["port"]), "mdweb.asgi:application"],
                       env, base)  # fmt: skip
        worker = [py, "manage.py", "rqworker", "--worker-class", "simulations.worker.MDWebWorker"]
        for i in range(opts["workers"]):
            supervisor.add(f"worker-{i + 1}", [*worker, "default"], env, base)
        # Chat replies have their own queue and worker: a run never waits behind a reply, nor a reply behind a run.
        supervisor.add("chat-worker", [*worker, "chat"], env, base)
        # Training runs started from the staff page: one at a time, never in the way of runs or chat.
        supervisor.add("training-worker", [*worker, "training"], env, base)
        self.stdout.write(
            self.style.SUCCESS(f"MDWeb is running on http://{opts['host']}:{opts['port']}/  (Ctrl-C stops it)")
        )
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                supervisor.check()
                for child in children:  # Redis and the model server: restarting them is not ours to do
                    if child.poll() is not None:
                        self.stderr.write(f"{child.args[:3]} exited with {child.returncode}; stopping")
                        stopping = True
                time.sleep(0.5)
        finally:
            supervisor.stop()
            for child in reversed(children):
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("stopped")

    def _model_server(self, env):
        """Start the embedded model server unless the configured one already answers."""
        from urllib.parse import urlparse

        from assistant.llm import LLM, LLMConfig

        config = LLMConfig.from_env()
        if LLM(config).health()["ok"]:
            self.stdout.write(f"using the model server at {config.base_url}")
            return None
        url = urlparse(config.base_url)
        if url.hostname not in {"127.0.0.1", "localhost"}:
            self.stderr.write(f"WARNING: the model server at {config.base_url} does not answer; the chat will say so")
            return None
        model = settings.MDWEB_EMBEDDED_MODEL
        self.stdout.write(f"starting the embedded model server ({model}) on port {url.port}")
        return subprocess.Popen([sys.executable, "-m", "assistant.modelserver", "--model", model, "--port",
                                 str(url.port or 8091), "--threads", str(settings.MDWEB_LLM_THREADS)], env=env)  # fmt: skip

    def _demo(self):
        User = get_user_model()
        if User.objects.exists():
            return
        password = os.environ.get("MDWEB_DEMO_PASSWORD", "demo-password")
        with transaction.atomic():
            user = User.objects.create_superuser("demo", "demo@example.org", password)
            project = Project.objects.create(name="Demo project", description="A first project with a demo run.",
                                             created_by=user)  # fmt: skip
            Membership.objects.create(project=project, user=user, role=Role.OWNER)
        from simulations import services

        services.submit(project, user, DEMO_SCRIPT, title="LJ liquid NVT (demo)")
        self.stdout.write(f"created user 'demo' (password '{password}', an admin) and a demo project")
