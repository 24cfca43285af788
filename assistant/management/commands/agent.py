"""`manage.py agent "REQUEST" [--max-attempts N] [--mode loop|oneshot] [--first builder|model] [--wall-s S]
[--no-model] [--json]`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from assistant.api import ModelUnavailable, generate


class Command(BaseCommand):
    help = "Generate, run, evaluate and repair a LAMMPS script for a plain-language request."

    def add_arguments(self, parser):
        parser.add_argument("request")
        parser.add_argument("--max-attempts", type=int, default=4)
        parser.add_argument("--mode", choices=["loop", "oneshot"], default="loop")
        parser.add_argument("--first", choices=["builder", "model"], default="builder",
                            help="loop mode: who drafts first where the builder covers the request")  # fmt: skip
        parser.add_argument("--wall-s", type=float, default=300, help="wall-time limit of each LAMMPS run (seconds)")
        parser.add_argument("--no-model", action="store_true", help="deterministic builder only (no model server)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        def show(event):
            if opts["json"]:
                return
            if event["type"] == "attempt":
                self.stderr.write(f"attempt {event['number']} ({event['strategy']}): {event['note']}")
            elif event["type"] == "attempt_done":
                err = event.get("error") or {}
                self.stderr.write(
                    f"  -> {event['status']}" + (f" [{err.get('class')}] {err.get('message', '')[:160]}" if err else "")
                )

        try:
            result = generate(opts["request"], llm=not opts["no_model"], max_attempts=opts["max_attempts"],
                              mode=opts["mode"], first=opts["first"], run_wall_s=opts["wall_s"], on_event=show)  # fmt: skip
        except ModelUnavailable as exc:
            self.stderr.write(f"model server unavailable: {exc}")
            sys.exit(3)
        out = result.to_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(out, indent=2, default=str))
        else:
            self.stdout.write(f"status: {out['status']} after {len(out['attempts'])} attempt(s). {out['explanation']}")
            for q in out["questions"]:
                self.stdout.write(f"question: {q}")
            for a in out["spec"].get("assumptions") or []:
                self.stdout.write(f"assumed: {a}")
            if out["final_script"]:
                self.stdout.write(out["final_script"])
        sys.exit(0 if out["status"] == "succeeded" else 1)
