"""What a Slurm job runs on the compute node: the engine itself (validation, the sandbox, the
log watcher, the checks), reporting through files in the job's status directory on shared
storage, which the submitting worker reads:

    progress.json   the latest progress (written atomically, about once a second)
    result.json     the engine's full result, when it has ended
    cancel          created by the worker to stop the run (scancel also does it)

    python -m simulations.engine.jobscript STATUS_DIR

STATUS_DIR/job.json holds the script, the run directory, the staged input files, the limits
and the sandbox mode. Plain Python (no Django).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

from .limits import Limits
from .runner import run_script


def write_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    status_dir = Path(argv[0])
    job = json.loads((status_dir / "job.json").read_text())
    cancel = threading.Event()
    stop = threading.Event()

    def watch_cancel() -> None:
        while not stop.wait(0.5):
            if (status_dir / "cancel").exists():
                cancel.set()
                return

    threading.Thread(target=watch_cancel, daemon=True).start()
    inputs = {name: Path(path) for name, path in job.get("inputs", {}).items()}
    try:
        result = run_script(job["script"], workdir=Path(job["workdir"]), input_files=inputs,
                            limits=Limits.from_mapping(job["limits"]), sandbox=job.get("sandbox", "auto"),
                            progress=lambda p: write_atomic(status_dir / "progress.json", p), cancel=cancel)  # fmt: skip
    finally:
        stop.set()
    write_atomic(status_dir / "result.json", result.to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
