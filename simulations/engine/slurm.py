"""The Slurm executor (MDWEB_EXECUTOR=slurm): a run becomes a batch job on the cluster, and the
worker that took it from the queue follows it until it ends.

- submit: the run directory and a status directory next to it live on storage the compute nodes
  share (MDWEB_RUNS_DIR, the HPC norm); the project's input files are staged there; `sbatch`
  runs `python -m simulations.engine.jobscript STATUS_DIR`, i.e. the engine itself, sandbox and
  all, on the node.
- follow: progress from STATUS_DIR/progress.json; the job's state from `squeue`, then `scontrol
  show job` (kept for MinJobAge after the end), then `sacct` where accounting is on.
- cancel: `scancel` (and a cancel file, so the engine stops LAMMPS cleanly if it still can).
- collect: STATUS_DIR/result.json is the engine's result; a job that ended without one (node
  failure, time limit, cancelled while pending) becomes a failed result that says why.

Plain Python (no Django). Commands take SLURM_CONF from the environment like any Slurm client.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .limits import Limits

FINAL_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY",
                "BOOT_FAIL", "DEADLINE"}  # fmt: skip
WHY = {
    "NODE_FAIL": ("node_failure", "The cluster node running this job failed (Slurm state NODE_FAIL).",
                  "Nothing in the script caused this: run it again (it will go to a healthy node)."),
    "TIMEOUT": ("slurm_timeout", "Slurm stopped the job at its time limit.",
                "Ask for fewer steps, or an administrator for a longer MDWEB_RUN_WALL_S."),
    "CANCELLED": ("cancelled", "The job was cancelled on the cluster.", ""),
    "PREEMPTED": ("preempted", "The job was preempted by the cluster's scheduler.", "Run it again."),
    "OUT_OF_MEMORY": ("out_of_memory", "The job ran out of memory on its node.", "Use fewer atoms or ask for more memory."),
    "BOOT_FAIL": ("node_failure", "The node for this job failed to start (BOOT_FAIL).", "Run it again."),
    "FAILED": ("slurm_failed", "The job failed on the cluster before the engine could report.",
               "See the job's output below; tell an administrator if it repeats."),
}  # fmt: skip


class SlurmError(RuntimeError):
    pass


@dataclass
class SlurmConfig:
    python: str = sys.executable  # the same installation must be visible on the nodes
    partition: str | None = None
    extra_args: list[str] = field(default_factory=list)
    poll_s: float = 1.0
    bin_dir: str | None = None  # where sbatch & co. are, if not on PATH

    @classmethod
    def from_env(cls) -> SlurmConfig:
        return cls(python=os.environ.get("MDWEB_SLURM_PYTHON", sys.executable),
                   partition=os.environ.get("MDWEB_SLURM_PARTITION") or None,
                   extra_args=os.environ.get("MDWEB_SLURM_ARGS", "").split(),
                   poll_s=float(os.environ.get("MDWEB_SLURM_POLL_S", "1.0")),
                   bin_dir=os.environ.get("MDWEB_SLURM_BIN") or None)  # fmt: skip

    def cmd(self, name: str) -> str:
        return str(Path(self.bin_dir) / name) if self.bin_dir else name


def status_dir_of(workdir: Path) -> Path:
    return workdir.with_name(workdir.name + ".slurm")


def _run(argv: list[str], timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


class SlurmJob:
    def __init__(self, config: SlurmConfig, workdir: Path, job_id: str) -> None:
        self.config, self.workdir, self.job_id = config, workdir, job_id
        self.status_dir = status_dir_of(workdir)

    def state(self) -> tuple[str, str]:
        """(state, exit code) from squeue while the job is known there, then scontrol, then sacct."""
        out = _run([self.config.cmd("squeue"), "-h", "-j", self.job_id, "-o", "%T"])
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.split()[0], ""
        out = _run([self.config.cmd("scontrol"), "show", "job", "-o", self.job_id])
        if out.returncode == 0 and "JobState=" in out.stdout:
            fields = dict(item.split("=", 1) for item in out.stdout.split() if "=" in item)
            return fields.get("JobState", "UNKNOWN"), fields.get("ExitCode", "")
        out = _run([self.config.cmd("sacct"), "-n", "-P", "-X", "-j", self.job_id, "-o", "State,ExitCode"])
        if out.returncode == 0 and out.stdout.strip():
            state, _, code = out.stdout.splitlines()[0].partition("|")
            return state.split()[0], code
        return "UNKNOWN", ""

    def cancel(self) -> None:
        try:
            (self.status_dir / "cancel").touch()
        except OSError:
            pass
        _run([self.config.cmd("scancel"), self.job_id])

    def progress(self) -> dict | None:
        try:
            return json.loads((self.status_dir / "progress.json").read_text())
        except (OSError, ValueError):
            return None

    def result(self) -> dict | None:
        try:
            return json.loads((self.status_dir / "result.json").read_text())
        except (OSError, ValueError):
            return None

    def output(self) -> str:
        path = self.status_dir / "slurm.out"
        try:
            return path.read_text(errors="replace")[-20000:]
        except OSError:
            return ""


def submit(script: str, *, workdir: Path, input_files: dict[str, Path] | None, limits: Limits, sandbox: str,
           config: SlurmConfig, job_name: str = "mdweb") -> SlurmJob:  # fmt: skip
    """Stage the run on shared storage and sbatch it; returns the job."""
    if any(workdir.iterdir()) if workdir.exists() else False:
        raise SlurmError(f"run directory {workdir} is not empty")
    status = status_dir_of(workdir)
    status.mkdir(parents=True, exist_ok=True)
    staged = {}
    if input_files:
        (status / "inputs").mkdir(exist_ok=True)
        for name, path in input_files.items():
            target = status / "inputs" / name
            shutil.copyfile(path, target)
            staged[name] = str(target)
    job = {"script": script, "workdir": str(workdir), "inputs": staged, "limits": limits.to_dict(), "sandbox": sandbox}
    (status / "job.json").write_text(json.dumps(job))
    minutes = max(1, math.ceil(limits.wall_s / 60) + 1)  # the engine stops at wall_s; Slurm one minute later
    argv = [config.cmd("sbatch"), "--parsable", f"--job-name={job_name}", f"--output={status / 'slurm.out'}",
            f"--chdir={status}", "--ntasks=1", f"--cpus-per-task={max(1, limits.nprocs) * max(1, limits.threads)}",
            f"--time={minutes}", "--export=ALL"]  # fmt: skip
    if config.partition:
        argv.append(f"--partition={config.partition}")
    argv += config.extra_args
    root = Path(__file__).resolve().parents[2]
    wrapper = status / "job.sh"
    wrapper.write_text("#!/bin/sh\n# MDWeb run: the engine on this node, reporting through this directory\n"
                       f"cd {_q(str(root))} && exec {_q(config.python)} -m simulations.engine.jobscript {_q(str(status))}\n")  # fmt: skip
    wrapper.chmod(0o755)
    out = _run([*argv, str(wrapper)], timeout=60)
    if out.returncode != 0:
        raise SlurmError(f"sbatch failed: {out.stderr.strip() or out.stdout.strip()}")
    return SlurmJob(config, workdir, out.stdout.strip().split(";")[0])


def _q(text: str) -> str:
    import shlex

    return shlex.quote(text)


def follow(job: SlurmJob, *, progress: Callable[[dict], None] | None = None,
           cancel: threading.Event | Callable[[], bool] | None = None, on_state: Callable[[str], None] | None = None) -> dict:  # fmt: skip
    """Wait for the job to end, passing on progress and cancellation; returns the engine's result
    dict (RunResult.to_dict() form), made up from the Slurm state when the engine left none."""
    is_cancelled = cancel.is_set if isinstance(cancel, threading.Event) else (cancel or (lambda: False))
    last_progress = None
    last_state = None
    cancelled = False
    started = time.monotonic()
    while True:
        state, code = job.state()
        if state != last_state:
            last_state = state
            if on_state:
                on_state(state)
        p = job.progress()
        if p and p != last_progress and progress:
            last_progress = p
            progress(p)
        if not cancelled and is_cancelled():
            cancelled = True
            job.cancel()
        if state in FINAL_STATES or (state == "UNKNOWN" and time.monotonic() - started > 30):
            break
        time.sleep(job.config.poll_s)
    result = None
    for _ in range(10):  # the result file may trail the job's end on a network file system
        result = job.result()
        if result or state in ("NODE_FAIL", "BOOT_FAIL"):
            break
        time.sleep(0.5)
    if result and state not in ("NODE_FAIL", "BOOT_FAIL"):
        result.setdefault("run", {})["slurm"] = {"job_id": job.job_id, "state": state, "exit_code": code}
        return result
    return failed_result(job, "CANCELLED" if cancelled else state, code, time.monotonic() - started)


def failed_result(job: SlurmJob, state: str, code: str, wall_s: float) -> dict:
    error_class, message, hint = WHY.get(state, ("slurm_failed", f"The job ended in Slurm state {state}.", ""))
    output = job.output()
    status = "cancelled" if state == "CANCELLED" else "failed"
    files = sorted(str(p.relative_to(job.workdir)) for p in job.workdir.rglob("*") if p.is_file()) \
        if job.workdir.exists() else []  # fmt: skip
    return {
        "status": status, "natoms": None, "thermo": [], "checks": [], "checks_passed": False, "warnings": [],
        "error": None if status == "cancelled" else {
            "class": error_class, "message": message + (f" Job output:\n{output[-2000:]}" if output.strip() else ""),
            "hint": hint, "line": None},
        "wall_s": round(wall_s, 2), "workdir": str(job.workdir), "files": files, "validation": {},
        "lammps_version": "", "reproducibility": {}, "final_state": None, "performance": {},
        "run": {"slurm": {"job_id": job.job_id, "state": state, "exit_code": code}},
    }  # fmt: skip
