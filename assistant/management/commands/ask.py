"""`manage.py ask "QUESTION" [--choices A B C D] [--no-model] [--json]`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from assistant.api import ModelUnavailable, ask


class Command(BaseCommand):
    help = "Answer an MD question from the knowledge base (with sources)."

    def add_arguments(self, parser):
        parser.add_argument("question")
        parser.add_argument("--choices", nargs="+")
        parser.add_argument("--no-model", action="store_true", help="retrieval only (no model server)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        try:
            answer = ask(opts["question"], opts["choices"], llm=not opts["no_model"])
        except ModelUnavailable as exc:
            self.stderr.write(f"model server unavailable: {exc}")
            sys.exit(3)
        out = answer.to_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(out, indent=2))
        else:
            self.stdout.write(out["answer"])
            if "choice" in out:
                self.stdout.write(f"choice: {out['choice']}")
            for s in out["sources"]:
                self.stdout.write(f"  source: {s['source']}")
