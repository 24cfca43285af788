"""`manage.py lammps_run SCRIPT|BUNDLE.zip [--workdir DIR] [--timeout S] [--json]`.

Validate, run, parse, diagnose and check. Files the script reads are taken from the
directory of SCRIPT. A run bundle (the web app's "Download everything as a bundle") is run
from its own script and inputs, and its first thermo row is compared with the manifest's.
Exit status 0 when the run succeeded (and, for a bundle, reproduced), 1 otherwise.
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from simulations.conf import engine_limits, sandbox_mode
from simulations.engine import run_script

from ._scriptfile import read_script


class Command(BaseCommand):
    help = "Validate and run a LAMMPS input script in a sandboxed run directory."

    def add_arguments(self, parser):
        parser.add_argument("script")
        parser.add_argument("--workdir", help="run directory (new or empty); default under MDWEB_RUNS_DIR")
        parser.add_argument("--timeout", type=float, help="wall-time limit in seconds")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")
        parser.add_argument("--progress", action="store_true", help="print progress lines to stderr")

    def handle(self, *args, **opts):
        limits = engine_limits(wall_s=opts["timeout"])
        manifest = None
        if opts["script"].endswith(".zip"):
            import tempfile

            from simulations import bundle

            unpacked = Path(tempfile.mkdtemp(prefix="mdweb-bundle-"))
            try:
                text, inputs, manifest = bundle.unpack(Path(opts["script"]), unpacked)
            except (OSError, KeyError, ValueError) as exc:
                raise CommandError(f"cannot read the bundle: {exc}") from None
            data = text.encode()
        else:
            data, inputs = read_script(opts["script"], limits.max_script_bytes)
        if opts["workdir"]:
            workdir = Path(opts["workdir"])
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            workdir = Path(settings.MDWEB_RUNS_DIR) / f"cli-{stamp}-{uuid.uuid4().hex[:8]}"
        progress = None
        if opts["progress"]:

            def progress(p):
                frac = f"{100 * p['fraction']:.0f}%" if p.get("fraction") is not None else "?"
                self.stderr.write(f"run {p['segment'] + 1}/{p['segments']} step {p['step']} ({frac})")

        try:
            result = run_script(data, workdir=workdir, input_files=inputs, limits=limits,
                                sandbox=sandbox_mode(), progress=progress)  # fmt: skip
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out = result.to_dict()
        reproduced = True
        if manifest is not None:
            from simulations import bundle

            diffs = bundle.compare_first_rows(manifest.get("first_thermo_row"), bundle.first_row(out["thermo"]))
            reproduced = not diffs
            out["reproduction"] = {"same_first_thermo_row": reproduced, "differences": diffs,
                                   "original_run": manifest.get("run", {}).get("id")}  # fmt: skip
        if opts["json"]:
            self.stdout.write(json.dumps(out, indent=2))
        else:
            self.stdout.write(f"status: {out['status']}   atoms: {out['natoms']}   wall: {out['wall_s']:.2f} s")
            self.stdout.write(f"workdir: {out['workdir']}")
            if out["error"]:
                err = out["error"]
                self.stdout.write(f"error [{err['class']}] line {err['line']}: {err['message']}")
                self.stdout.write(f"hint: {err['hint']}")
            for check in out["checks"]:
                mark = "PASS" if check["passed"] else "FAIL"
                self.stdout.write(f"{mark} {check['name']}: {check['value']} (expected {check['expected']})")
            if manifest is not None:
                rep = out["reproduction"]
                self.stdout.write("reproduced: the first thermo row is identical to the bundle's" if reproduced else
                                  "NOT reproduced: " + "; ".join(rep["differences"]))  # fmt: skip
        sys.exit(0 if out["status"] == "succeeded" and reproduced else 1)
