"""`manage.py evalbench --tasks FILE.jsonl [--mode loop|oneshot] [--first builder|model] [--max-attempts N]
[--workers K] [--sample N --seed S] [--json] [--out PATH] [--no-model]`: run MD-EvalBench tasks and score
them from the runs."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assistant.llm import LLM, LLMConfig, ModelUnavailable
from evalbench.runner import TaskError, load_tasks, run_suite, terminal_progress


class Command(BaseCommand):
    help = "Run MD-EvalBench tasks with the assistant and score every check from the script and the run."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", required=True)
        parser.add_argument("--mode", choices=["loop", "oneshot"], default="loop")
        parser.add_argument(
            "--first",
            choices=["builder", "model"],
            default="builder",
            help="loop mode: who drafts first where the builder covers a request (model: measure the model)",
        )
        parser.add_argument("--sample", type=int, help="run a seeded random sample of N tasks, in random order")
        parser.add_argument("--seed", type=int, default=0, help="the sample's seed")
        parser.add_argument("--max-attempts", type=int, default=4)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--out", help="results JSON (finished tasks also go to OUT.partial.jsonl, for --resume)")
        parser.add_argument("--no-model", action="store_true", help="deterministic builder and retrieval only")
        parser.add_argument("--label", default="", help="name shown on the results page")
        parser.add_argument("--no-store", action="store_true", help="do not store the results in the database")
        parser.add_argument("--no-retrieval", action="store_true", help="Q&A from the model alone (no passages)")

    def handle(self, *args, **opts):
        try:
            tasks = load_tasks(Path(opts["tasks"]))
        except (TaskError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if opts["sample"]:
            if not 0 < opts["sample"] <= len(tasks):
                raise CommandError(f"--sample must be between 1 and {len(tasks)} (the tasks in the file)")
            # In the sample's random order, so that the tasks finished before an interruption are a
            # random sample too (task files are often grouped by category).
            tasks = [tasks[i] for i in random.Random(opts["seed"]).sample(range(len(tasks)), opts["sample"])]
        llm, backend, model = None, "none", "none (deterministic builder, retrieval)"
        if not opts["no_model"]:
            config = LLMConfig.from_env()
            llm = LLM(config)
            health = llm.health()
            if not health["ok"]:
                raise CommandError(health["error"])
            served = [m for m in health.get("models") or [] if m and m != "-"]  # llama.cpp may list "-"
            backend = config.base_url
            model = (
                ",".join(served)
                or f"{config.code_model} / {config.instruct_model} ({os.environ.get('MDWEB_EMBEDDED_MODEL', 'as served')})"
            )
        try:
            report = run_suite(tasks, llm=llm, mode=opts["mode"], max_attempts=opts["max_attempts"], first=opts["first"],
                               workers=opts["workers"], out=Path(opts["out"]) if opts["out"] else None,
                               backend=backend, model=model, progress=terminal_progress,
                               retrieval=not opts["no_retrieval"])  # fmt: skip
        except ModelUnavailable as exc:
            raise CommandError(
                f"model server failed during the run: {exc} (finished tasks are kept; run again to resume)"
            ) from None
        if not opts["no_store"]:
            from evalbench.models import store

            report["stored_as"] = store(report, label=opts["label"], tasks_file=str(opts["tasks"])).pk
        if opts["json"]:
            self.stdout.write(json.dumps(report, indent=2, default=str))
        else:
            for key, value in report["summary"].items():
                self.stdout.write(f"{key}: {value}")
        sys.exit(0)
