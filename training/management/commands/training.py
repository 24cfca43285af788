"""Training MD-Code and MD-Instruct from the command line (the staff page queues the same runs).

manage.py training dataset md-codegen|md-knowledge
manage.py training instructqa [--limit N] [--samples 3]      (needs the model server)
manage.py training train CONFIG [--steps N] [--init-adapter DIR] [--base-model NAME]
manage.py training evaluate RUN_ID [--limit N] [--k 1] [--install]
manage.py training list
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training import services
from training.models import DatasetVersion, TrainingRun


class Command(BaseCommand):
    help = "Datasets, SFT/CPT/MD-GRPO training runs and their evaluation for the md-code and md-instruct adapters."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("dataset", help="build a new version of a dataset")
        d.add_argument("name", choices=["md-codegen", "md-knowledge"])
        q = sub.add_parser(
            "instructqa", help="generate MD-InstructQA with the model (kept when consistent and supported)"
        )
        q.add_argument("--limit", type=int, default=50)
        q.add_argument("--samples", type=int, default=3)
        t = sub.add_parser("train", help="run SFT, CPT or MD-GRPO (config: training/configs/NAME.toml or a path)")
        t.add_argument("config")
        t.add_argument("--steps", type=int)
        t.add_argument("--base-model")
        t.add_argument("--init-adapter", help="continue from this PEFT adapter directory (GRPO after SFT)")
        t.add_argument("--dataset", help="dataset version (default: the newest of the config's dataset)")
        e = sub.add_parser("evaluate", help="base vs adapter on the held-out requests; --install if it wins")
        e.add_argument("run_id", type=int)
        e.add_argument("--limit", type=int)
        e.add_argument("--k", type=int, default=1)
        e.add_argument("--threads", type=int, default=2)
        e.add_argument("--install", action="store_true", help="install the adapter for the model server if it wins")
        sub.add_parser("list", help="dataset versions and training runs")

    def handle(self, *args, **opts):
        getattr(self, "do_" + opts["action"])(opts)

    def do_dataset(self, opts):
        version = services.build_dataset(opts["name"])
        self.stdout.write(json.dumps(version.manifest, indent=2))

    def do_instructqa(self, opts):
        from assistant.llm import LLM
        from training import instructqa

        llm = LLM()
        health = llm.health()
        if not health["ok"]:
            raise CommandError(health["error"])
        kept = [0]

        def show(c):
            kept[0] += c.kept
            self.stdout.write(f"{'KEEP' if c.kept else 'drop'} {c.source}: {c.question[:90]} ({c.why})")

        candidates = instructqa.generate(instructqa.knowledge_passages(), llm, samples=opts["samples"],
                                         limit=opts["limit"], on_candidate=show)  # fmt: skip
        version = services.build_dataset("md-instructqa", instructqa_candidates=candidates)
        self.stdout.write(f"{kept[0]} of {len(candidates)} candidates kept -> {version}")

    def do_train(self, opts):
        from training import config as cfg
        from training.jobs import run_training

        overrides = {"max_steps": opts["steps"], "base_model": opts["base_model"]}
        try:
            config = cfg.load(opts["config"], **overrides)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        dataset = (DatasetVersion.objects.filter(name=config.dataset, version=opts["dataset"]).first()
                   if opts["dataset"] else services.latest(config.dataset))  # fmt: skip
        if dataset is None:
            raise CommandError(f"no version of {config.dataset}: manage.py training dataset {config.dataset}")
        run = TrainingRun.objects.create(kind=config.kind, adapter=config.adapter, dataset=dataset,
                                         config={**config.to_dict(), "init_adapter": opts["init_adapter"] or ""})  # fmt: skip
        self.stdout.write(f"training run {run.pk}: {config.kind} of {config.adapter} on {config.base_model}, {dataset}")
        status = run_training(run.pk, echo=lambda row: self.stdout.write(json.dumps(row)))
        run.refresh_from_db()
        if status != TrainingRun.Status.SUCCEEDED:
            raise CommandError(f"training run {run.pk} failed: {run.error[:2000]}")
        self.stdout.write(json.dumps(run.summary, indent=2))

    def do_evaluate(self, opts):
        from assistant.llm import LLM
        from assistant.modelserver import Running
        from training import evaluate

        run = TrainingRun.objects.filter(pk=opts["run_id"]).first()
        if run is None or not run.summary.get("gguf"):
            raise CommandError(f"training run {opts['run_id']} has no adapter to evaluate")
        gguf, base_model = Path(run.summary["gguf"]), run.config["base_model"]
        tasks = evaluate.held_out_tasks(limit=opts["limit"])
        log = Path(run.folder) / "evaluate-server.log"
        with Running(base_model, adapters={run.adapter: gguf}, threads=opts["threads"], log=log) as config:
            llm = LLM(config)
            if run.adapter not in llm.adapters():
                raise CommandError(f"the model server did not load {gguf} (see {log})")
            results = {}
            for label, model in (("before", "base"), ("after", run.adapter)):
                self.stdout.write(f"{label}: {model} on {len(tasks)} held-out requests")
                results[label] = evaluate.exec_success(llm, model, tasks, k=opts["k"],
                                                       progress=lambda tid: self.stdout.write(f"  {tid}"))  # fmt: skip
        verdict = evaluate.compare(results["before"], results["after"])
        (Path(run.folder) / "evaluation.json").write_text(json.dumps({**results, "verdict": verdict}, indent=2))
        if opts["install"] and verdict["better"]:
            target = evaluate.install(gguf, base_model, run.adapter)
            verdict["installed"] = str(target)
        run.summary = {**run.summary, "evaluation": {**verdict, "tasks": len(tasks), "k": opts["k"]}}
        run.save(update_fields=["summary"])
        self.stdout.write(verdict["verdict"])

    def do_list(self, opts):
        for v in DatasetVersion.objects.all():
            self.stdout.write(f"dataset {v} samples={v.manifest.get('samples')} {v.path}")
        for r in TrainingRun.objects.all():
            self.stdout.write(f"run {r.pk} {r.kind} {r.adapter} {r.status} {json.dumps(r.summary)[:200]}")
