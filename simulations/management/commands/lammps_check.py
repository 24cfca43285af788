"""`manage.py lammps_check SCRIPT [--json]`: validate without running.

Exit status 0 when the script may run, 1 when it is rejected.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from simulations.conf import engine_limits
from simulations.engine import check_script

from ._scriptfile import read_script


class Command(BaseCommand):
    help = "Validate a LAMMPS input script (no run). Exit 0 if it may run, 1 if rejected."

    def add_arguments(self, parser):
        parser.add_argument("script")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **opts):
        limits = engine_limits()
        data, inputs = read_script(opts["script"], limits.max_script_bytes)
        report = check_script(data, input_files=inputs, limits=limits)
        if opts["json"]:
            out = report.to_dict()
            payload = {"ok": out["ok"], "errors": out["errors"], "warnings": out["warnings"],
                       "units": out["units"], "estimated_atoms": out["estimated_atoms"],
                       "total_steps": out["total_steps"], "segments": out["segments"]}  # fmt: skip
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            for issue in report.errors:
                self.stdout.write(f"ERROR   line {issue.line}: {issue.message}")
                if issue.hint:
                    self.stdout.write(f"        hint: {issue.hint}")
            for issue in report.warnings:
                self.stdout.write(f"WARNING line {issue.line}: {issue.message}")
                if issue.hint:
                    self.stdout.write(f"        hint: {issue.hint}")
            self.stdout.write("OK: the script may run" if report.ok else "REJECTED")
        sys.exit(0 if report.ok else 1)
