"""The production stack under load, on this machine: nginx in front of daphne (HTTP + WebSockets),
RQ workers running real LAMMPS, Redis, PostgreSQL; locust users browse, watch a running run's
page stream, and submit runs. Reports p50/p95 page latency and WebSocket delivery lag at each
user count, and what failed.

    python bench/load_bench.py [--users 50,200] [--seconds 60] [--web 2] [--workers 2]

Needs: PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres: a fresh
database mdweb_load is made there), nginx (apt install nginx-light; without it locust talks to
daphne directly and says so), and the load-test venv (`make loadtest` makes .venv-load with
locust and websocket-client). Writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulations.engine.samples import lj_fcc  # noqa: E402

LOCUST = ROOT / ".venv-load" / "bin" / "locust"


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def database(url: str) -> str:
    """A fresh mdweb_load database on the PostgreSQL at `url`."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS mdweb_load WITH (FORCE)")
        conn.execute("CREATE DATABASE mdweb_load")
    return url.rsplit("/", 1)[0] + "/mdweb_load"


SEED = r"""
import json, os
from django.contrib.auth import get_user_model
from simulations.models import Project, Membership, Role, Run, RunStatus
from simulations import services
U = get_user_model()
owner = U.objects.create_superuser("load-owner", "o@example.org", "load-password")
project = Project.objects.create(name="Load test", created_by=owner, max_queued_runs=100000)
Membership.objects.create(project=project, user=owner, role=Role.OWNER)
for i in range(int(os.environ["LOAD_USERS"])):
    u = U.objects.create_user(f"load-{i}", f"l{i}@example.org", "load-password")
    Membership.objects.create(project=project, user=u, role=Role.EDITOR)
thermo = [{"columns": ["Step", "Temp", "E_pair", "TotEng", "Press"], "rows": [[s, 1.0, -6.0, -4.5, 0.5] for s in range(0, 5001, 50)], "performance": {}}]
runs = [Run.objects.create(project=project, author=owner, script="units lj\nrun 5000\n", status=RunStatus.SUCCEEDED,
        title=f"finished {i}", thermo=thermo, natoms=4000, checks=[], files=[]) for i in range(30)]
live = services.submit(project, owner, open(os.environ["LOAD_LIVE_SCRIPT"]).read(), title="live run")
print(json.dumps({"project": project.pk, "runs": [r.pk for r in runs], "live": live.pk}))
"""

LIVE_SCRIPT = lj_fcc(8, 50000000)  # runs for the whole test
SHORT_RUN = lj_fcc(3, 200, ensemble="nve", temperature=1.0, seed=4928459, thermo=50)  # what users submit


def nginx_conf(tmp: Path, listen: int, upstreams: list[int], static_root: str) -> Path:
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = text.replace("__UPSTREAMS__", " ".join(f"server 127.0.0.1:{p};" for p in upstreams))
    text = text.replace("__LISTEN__", f"127.0.0.1:{listen}").replace("__STATIC_ROOT__", static_root)
    text = text.replace("__PID__", str(tmp / "nginx.pid")).replace("__LOGDIR__", str(tmp))
    path = tmp / "nginx.conf"
    path.write_text(text)
    return path


def summarize(prefix: Path) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    out = {}
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        key = f"{r['Type']} {r['Name']}"
        out[key] = {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                    "p50_ms": float(r["50%"] or 0), "p95_ms": float(r["95%"] or 0), "max_ms": float(r["Max Response Time"] or 0),
                    "rps": round(float(r["Requests/s"] or 0), 2)}  # fmt: skip
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        grouped: Counter = Counter()
        for f in csv.DictReader(open(f"{prefix}_failures.csv")):
            # one row per distinct error: drop the dates and headers that make every row unique
            error = re.sub(r" -\+-\+- .*", "", f["Error"])[:200]
            grouped[(f"{f['Method']} {f['Name']}", error)] += int(f["Occurrences"])
        failures = [{"name": n, "error": e, "count": c} for (n, e), c in grouped.most_common()]
    pages = [v for k, v in out.items() if not k.startswith("WS")]
    total = sum(v["requests"] for v in pages) or 1
    return {"endpoints": out, "failures": failures,
            "pages_p50_ms": round(sum(v["p50_ms"] * v["requests"] for v in pages) / total, 1),
            "pages_p95_ms_worst": max((v["p95_ms"] for v in pages), default=None),
            "ws_lag": out.get("WS update lag"), "ws_connect": out.get("WS connect")}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", default="50,200")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--web", type=int, default=2, help="daphne processes behind nginx")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.json"))
    args = ap.parse_args()
    if not LOCUST.exists():
        raise SystemExit("the load-test venv is missing: make loadtest (or python -m venv .venv-load && "
                         ".venv-load/bin/pip install locust==2.47.0 websocket-client==1.9.2)")  # fmt: skip
    counts = [int(x) for x in args.users.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="mdweb-load-"))
    procs: list[subprocess.Popen] = []
    from mdweb import redis_server

    redis_port = redis_server.free_port()
    procs.append(redis_server.start(redis_port, tmp / "redis"))
    db = database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mdweb.settings", "DATABASE_URL": db,
           "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "MDWEB_RUNS_DIR": str(tmp / "runs"),
           "MEDIA_ROOT": str(tmp / "media"), "STATIC_ROOT": str(tmp / "static"), "DEBUG": "0",
           "SECRET_KEY": "load-test-" + os.urandom(8).hex(), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "MDWEB_DB_POOL": os.environ.get("MDWEB_DB_POOL", "8"), "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1", "PYTHONUNBUFFERED": "1",
           "LOAD_USERS": str(max(counts)), "MDWEB_MAX_QUEUED_PER_USER": "100000",
           "LOAD_LIVE_SCRIPT": str(tmp / "live.lammps"), "LOAD_SHORT_SCRIPT": str(tmp / "short.lammps"), "MDWEB_LLM_BASE_URL": "http://127.0.0.1:9/v1"}  # fmt: skip
    (tmp / "live.lammps").write_text(LIVE_SCRIPT)
    (tmp / "short.lammps").write_text(SHORT_RUN)
    py = sys.executable

    def manage(*argv):
        return subprocess.run([py, "manage.py", *argv], cwd=ROOT, env=env, check=True, capture_output=True, text=True)

    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    seed = json.loads(manage("shell", "-c", SEED).stdout.strip().splitlines()[-1])
    web_ports = [redis_server.free_port() for _ in range(args.web)]
    for port in web_ports:
        procs.append(subprocess.Popen([py, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "mdweb.asgi:application"],
                                      cwd=ROOT, env=env, stdout=open(tmp / f"web-{port}.log", "wb"), stderr=subprocess.STDOUT))  # fmt: skip
    for i in range(args.workers):
        procs.append(subprocess.Popen([py, "manage.py", "rqworker", "default", "--worker-class",
                                       "simulations.worker.MDWebWorker"], cwd=ROOT, env=env,
                                      stdout=open(tmp / f"worker-{i}.log", "wb"), stderr=subprocess.STDOUT))  # fmt: skip
    for port in web_ports:
        wait_http(f"http://127.0.0.1:{port}/health/")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    front = None
    if nginx:
        listen = redis_server.free_port()
        conf = nginx_conf(tmp, listen, web_ports, str(tmp / "static"))
        subprocess.run([nginx, "-p", str(tmp), "-c", str(conf)], check=True)
        front = f"http://127.0.0.1:{listen}"
        wait_http(front + "/health/")
    host = front or f"http://127.0.0.1:{web_ports[0]}"
    time.sleep(5)  # the live run starts producing updates
    results = {}
    try:
        for users in counts:
            prefix = tmp / f"locust-{users}"
            lenv = {**os.environ, "LOAD_USERS": str(max(counts)), "LOAD_PROJECT": str(seed["project"]),
                    "LOAD_RUNS": ",".join(map(str, seed["runs"])), "LOAD_LIVE_RUN": str(seed["live"]),
                    "LOAD_SHORT_SCRIPT": env["LOAD_SHORT_SCRIPT"]}  # fmt: skip
            subprocess.run([str(LOCUST), "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                            "-u", str(users), "-r", str(max(5, users // 10)), "-t", f"{args.seconds}s", "--host", host,
                            "--csv", str(prefix), "--only-summary"], env=lenv, cwd=tmp,
                           stdout=open(tmp / f"locust-{users}.log", "wb"), stderr=subprocess.STDOUT)  # fmt: skip
            results[str(users)] = summarize(prefix)
            print(
                f"{users} users: pages p50 {results[str(users)]['pages_p50_ms']} ms, worst p95 "
                f"{results[str(users)]['pages_p95_ms_worst']} ms, ws lag {results[str(users)]['ws_lag']}",
                flush=True,
            )
        queued = manage("shell", "-c", "from simulations.models import Run; import json; "
                        "print(json.dumps({s: Run.objects.filter(status=s, title='load test').count() "
                        "for s in ['queued','running','succeeded','failed']}))").stdout.strip().splitlines()[-1]  # fmt: skip
    finally:
        if nginx and front:
            subprocess.run([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-s", "stop"], capture_output=True)
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.platform(),
           "cpus": os.cpu_count(), "stack": {"front": "nginx" if front else "daphne directly (no nginx)",
                                            "daphne_processes": args.web, "workers": args.workers,
                                            "database": "PostgreSQL", "redis": "private redis-server"},
           "seconds_per_level": args.seconds, "levels": results, "submitted_runs_after": json.loads(queued),
           "logs": str(tmp)}  # fmt: skip
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
