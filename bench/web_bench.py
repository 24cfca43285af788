"""Queue overhead and throughput of queued runs vs the engine called directly.

Writes bench/results/web.json. Targets (issue 3): submit -> running < 0.3 s per run on an
idle worker; one worker completes >= 90% of the runs/minute of direct engine calls.
Everything is real: a private Redis, `manage.py rqworker` processes, SQLite, LAMMPS.

    python bench/web_bench.py [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulations.engine.samples import lj_fcc  # noqa: E402

SCRIPT = lj_fcc(5, 3000, ensemble="nve", seed="{seed}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "web.json"))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mdweb-bench-"))
    from mdweb import redis_server

    port = redis_server.free_port()
    redis_proc = redis_server.start(port, tmp / "redis")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mdweb.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "MDWEB_RUNS_DIR": str(tmp / "runs"),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from simulations import services
    from simulations.conf import engine_limits, sandbox_mode
    from simulations.engine import run_script
    from simulations.models import Membership, Project, Run

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password="x")
    project = Project.objects.create(name="bench")
    Membership.objects.create(project=project, user=user, role="owner")
    from django.conf import settings

    settings.MDWEB_MAX_QUEUED_PER_USER = settings.MDWEB_MAX_QUEUED_PER_PROJECT = 10_000

    def start_workers(n):
        return [subprocess.Popen([sys.executable, "manage.py", "rqworker", "default", "--worker-class",
                                  "simulations.worker.MDWebWorker"], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(n)]  # fmt: skip

    def stop(procs):
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)

    def wait_done(ids, timeout=1800):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if Run.objects.filter(pk__in=ids, status__in=["queued", "running"]).count() == 0:
                return
            time.sleep(0.05)
        raise TimeoutError("runs did not finish")

    results = {}
    # 1. direct engine calls, one after the other
    started = time.perf_counter()
    for i in range(args.runs):
        r = run_script(SCRIPT.format(seed=1000 + i), workdir=tmp / "direct" / str(i), limits=engine_limits(),
                       sandbox=sandbox_mode())  # fmt: skip
        assert r.status == "succeeded", r.error
    direct_s = time.perf_counter() - started
    results["direct_engine"] = {"runs": args.runs, "wall_s": round(direct_s, 2),
                                "runs_per_minute": round(60 * args.runs / direct_s, 1)}  # fmt: skip

    # 2. queue overhead on an idle worker: submit -> running
    workers = start_workers(1)
    time.sleep(3)  # worker up and listening
    overheads = []
    for i in range(10):
        run = services.submit(project, user, SCRIPT.format(seed=i))
        while True:
            run.refresh_from_db()
            if run.started_at:
                break
            time.sleep(0.005)
        overheads.append((run.started_at - run.created_at).total_seconds())
        wait_done([run.pk])
    results["queue_overhead"] = {"samples": len(overheads), "median_s": round(statistics.median(overheads), 4),
                                 "max_s": round(max(overheads), 4), "target_s": 0.3,
                                 "meets_target": statistics.median(overheads) < 0.3}  # fmt: skip

    # 3. batches through 1 and 2 workers
    for n in (1, 2):
        if n == 2:
            workers += start_workers(1)
            time.sleep(3)
        started = time.perf_counter()
        ids = [services.submit(project, user, SCRIPT.format(seed=100 * n + i)).pk for i in range(args.runs)]
        wait_done(ids)
        wall = time.perf_counter() - started
        ok = Run.objects.filter(pk__in=ids, status="succeeded").count()
        results[f"workers_{n}"] = {"runs": args.runs, "succeeded": ok, "wall_s": round(wall, 2),
                                   "runs_per_minute": round(60 * args.runs / wall, 1),
                                   "vs_direct_engine": round(direct_s / wall, 3)}  # fmt: skip
    stop(workers)
    results["workers_1"]["target_vs_direct"] = 0.9
    results["workers_1"]["meets_target"] = results["workers_1"]["vs_direct_engine"] >= 0.9
    out = {
        "benchmark": "web",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "run": "LJ fcc 5x5x5 (500 atoms), 3000 NVE steps",
        "database": "sqlite",
        "results": results,
    }
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    redis_proc.terminate()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
