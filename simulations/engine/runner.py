"""Validate, run, parse, diagnose and check one LAMMPS script: the engine's front door.

The result (RunResult.to_dict) is the shared format of the CLI, the web app, the assistant
and the benchmark. A failed or rejected run keeps its script, log and error; everything
needed to reproduce it (LAMMPS version, script and input hashes, limits) is recorded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import checks as checks_mod
from . import diagnosis
from .installation import Catalogue, Installation, catalogue, find_installation
from .limits import Limits
from .logparse import EchoMatcher, LogParser, printed_lines
from .potentials import PotentialLibrary, sha256_of
from .sandbox import Outcome, choose_sandbox, run_limited
from .scriptparse import ScriptSyntaxError, logical_lines
from .validator import PLAIN_NAME, Report, validate

SCRIPT_NAME = "in.lammps"
DRIVER_NAME = "in.mdweb"  # includes the script, then reports the final state
LOG_NAME = "log.lammps"
END_MARK = "MDWEB_END"
FINAL_DUMP = "mdweb_final.dump"
_END_RE = re.compile(r"^" + END_MARK + r"((?:[ \t]+\w+[ \t]+\S+)+)[ \t]*$", re.M)
SCREEN_NAME = "screen.log"
RESULT_NAME = "result.json"

Progress = dict  # {"segment", "segments", "step", "start_step", "segment_steps", "steps_done", "total_steps",
#                   "fraction", "thermo", "final"}


@dataclass
class RunResult:
    status: str  # succeeded | failed | rejected | timeout | cancelled
    error: dict | None
    natoms: int | None
    thermo: list[dict]
    checks: list[dict]
    warnings: list[dict]
    wall_s: float
    workdir: str
    files: list[str]
    validation: dict
    lammps_version: str
    reproducibility: dict = field(default_factory=dict)
    final_state: dict | None = None  # step, atoms, lx, ly, lz, vol after the script ended (None if it quit early)
    run: dict = field(default_factory=dict)  # exit code, signal, limit, cpu, memory, sandbox
    performance: dict = field(default_factory=dict)
    printed: list[str] = field(default_factory=list)  # what the script's print commands reported

    @property
    def checks_passed(self) -> bool:
        return all(c["passed"] for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "error": self.error,
            "natoms": self.natoms,
            "thermo": self.thermo,
            "checks": self.checks,
            "checks_passed": self.checks_passed,
            "warnings": self.warnings,
            "wall_s": round(self.wall_s, 4),
            "workdir": self.workdir,
            "files": self.files,
            "validation": self.validation,
            "lammps_version": self.lammps_version,
            "reproducibility": self.reproducibility,
            "run": self.run,
            "performance": self.performance,
            "final_state": self.final_state,
            "printed": self.printed,
        }


def input_files_in(directory: Path | None, *, exclude: set[str] | None = None) -> dict[str, Path]:
    """Plain-named regular files in a directory (no symlinks): what a script may read."""
    if directory is None:
        return {}
    files: dict[str, Path] = {}
    for entry in sorted(Path(directory).iterdir()):
        if entry.is_symlink() or not entry.is_file() or not PLAIN_NAME.match(entry.name):
            continue
        if exclude and entry.name in exclude:
            continue
        files[entry.name] = entry
    return files


def check_script(
    script: str | bytes,
    *,
    input_files: dict[str, Path] | None = None,
    limits: Limits | None = None,
    cat: Catalogue | None = None,
    library: PotentialLibrary | None = None,
) -> Report:
    """Static validation only (the `lammps_check` command)."""
    inst = find_installation()
    return validate(
        script,
        catalogue=cat or catalogue(),
        library=library or PotentialLibrary(inst.potentials_dir),
        input_files=input_files or {},
        limits=limits,
    )


def list_files(workdir: Path) -> list[str]:
    out = []
    for root, dirs, names in os.walk(workdir, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in names:
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                out.append(os.path.relpath(path, workdir))
    return sorted(out)


def _prepare_workdir(workdir: Path) -> Path:
    workdir = Path(workdir)
    if workdir.exists():
        if not workdir.is_dir():
            raise ValueError(f"workdir {workdir} is not a directory")
        if any(workdir.iterdir()):
            raise ValueError(f"workdir {workdir} is not empty; each run needs a fresh directory")
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir.resolve()


class _LiveOutput:
    """Reads new screen output while LAMMPS runs and reports progress."""

    def __init__(
        self,
        path: Path,
        parser: LogParser,
        report: Report,
        callback: Callable[[Progress], None] | None,
        min_interval_s: float = 0.25,
    ) -> None:
        self.path = path
        self.parser = parser
        self.report = report
        self.callback = callback
        self.min_interval_s = min_interval_s
        self.fh = None
        self.partial = ""
        self.last_sent = 0.0
        self.last_key: tuple | None = None

    def poll(self, final: bool = False) -> None:
        if self.fh is None:
            try:
                self.fh = open(self.path, "rb")  # noqa: SIM115 - kept open across polls
            except OSError:
                return
        chunk = self.fh.read()
        if chunk:
            text = self.partial + chunk.decode("utf-8", errors="replace")
            lines = text.split("\n")
            self.partial = lines.pop()
            for line in lines:
                self.parser.feed(line)
        if final and self.partial:
            self.parser.feed(self.partial)
            self.partial = ""
        self._report(final)

    def progress(self) -> Progress:
        parser = self.parser
        segments = self.report.segments
        index = max(0, len(parser.blocks) - 1)
        block = parser.blocks[-1] if parser.blocks else None
        step = None
        start = None
        thermo = {}
        if block is not None:
            thermo = {k: v for k, v in block.last_row().items()}
            step = thermo.get("Step")
            start = block.start_step if block.start_step is not None else (block.rows[0][0] if block.rows else None)
        seg_steps = segments[index].steps if index < len(segments) else None
        done_before = sum((s.steps or 0) for s in segments[:index] if s.kind == "run")
        fraction = None
        done = None
        total = self.report.total_steps
        if step is not None and start is not None and seg_steps:
            done = done_before + min(max(int(step) - int(start), 0), seg_steps)
            if total:
                fraction = min(1.0, done / total)
        return {
            "segment": index,  # which run/minimize command (0-based)
            "segments": len(segments),
            "step": step,  # the LAMMPS timestep of the last thermo row
            "start_step": start,
            "segment_steps": seg_steps,  # steps of the current run command
            "steps_done": done,  # over the whole script
            "total_steps": total or None,  # over the whole script (loops excepted)
            "fraction": fraction,
            "thermo": {k: (v if isinstance(v, int) or v == v else None) for k, v in thermo.items()},
        }

    def _report(self, final: bool) -> None:
        if not self.callback:
            return
        now = time.monotonic()
        if not final and now - self.last_sent < self.min_interval_s:
            return
        prog = self.progress()
        key = (prog["segment"], prog["step"])
        if key == self.last_key and not final:
            return
        self.last_key = key
        self.last_sent = now
        prog["final"] = final
        try:
            self.callback(prog)
        except Exception:  # a broken progress consumer must not break the run
            pass

    def close(self) -> None:
        if self.fh:
            self.fh.close()


SEEDED = re.compile(
    r"^\s*(velocity\s+\S+\s+create\s+\S+\s+(\d+)|fix\s+\S+\s+\S+\s+(?:langevin|temp/csvr|temp/csld)"
    r"\s+\S+\s+\S+\s+\S+\s+(\d+)|create_atoms\s+.*\brandom\s+\d+\s+(\d+)|fix\s+\S+\s+\S+\s+"
    r"(?:deposit|pour)\s+\S+\s+\S+\s+\S+\s+(\d+)|set\s+.*type/fraction\s+\S+\s+\S+\s+(\d+))",
    re.M,
)


def random_seeds(script: str) -> list[dict]:
    """Random-number seeds the script sets (velocities, Langevin, random placement, deposition):
    with the same seeds, LAMMPS version and inputs a run repeats."""
    out = []
    for m in SEEDED.finditer(script):
        seed = next(g for g in m.groups()[1:] if g)
        out.append({"command": " ".join(m.group(1).split()[:3]), "seed": int(seed),
                    "line": script.count("\n", 0, m.start()) + 1})  # fmt: skip
    return out


def repro_inputs(repro: dict) -> list[str]:
    """Names of the input files copied into the run directory."""
    return [i["name"] for i in repro["inputs"] if i["source"] == "input"]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 16384))
            data = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(data.splitlines()[-lines:])


def _sandbox_refusal(sandbox: str, limits: Limits) -> diagnosis.Diagnosis | None:
    if limits.nprocs > 1 and choose_sandbox(sandbox) != "bwrap":
        return diagnosis.Diagnosis(
            "sandbox_unavailable",
            f"an MPI run ({limits.nprocs} ranks) needs the bubblewrap sandbox, which this server does not have: "
            "MPI ranks talk over TCP, which only the sandbox's empty network namespace makes safe",
            None,
            "Run with one process, or ask the administrator to install bubblewrap.",
        )
    return None


def driver_text(final_dump: bool = False) -> str:
    """What LAMMPS is started on: the user's script unchanged, then one line with the final
    state (and, for structure checks, a dump of the final positions)."""
    lines = ["# MDWeb runs your script, then reports the state it ended in.", f"include {SCRIPT_NAME}",
             f'print "{END_MARK} step $(step) atoms $(atoms) lx $(lx) ly $(ly) lz $(lz) vol $(vol)"']  # fmt: skip
    if final_dump:
        lines.append(f"write_dump all custom {FINAL_DUMP} id type x y z")
    return "\n".join(lines) + "\n"


def _printed(screen: Path, limit: int = 4 << 20) -> list[str]:
    """The results the script printed, from the last `limit` bytes of its screen output."""
    try:
        with open(screen, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - limit))
            return printed_lines(fh.read().decode("utf-8", errors="replace"))
    except OSError:
        return []


def _final_state(screen_tail: str) -> dict | None:
    matches = list(_END_RE.finditer(screen_tail))
    if not matches:
        return None
    m = matches[-1]
    words = m.group(1).split()
    state = {}
    for key, value in zip(words[::2], words[1::2], strict=False):
        try:
            state[key] = int(value) if key in {"step", "atoms"} else float(value)
        except ValueError:
            state[key] = None
    return state


def _forgive_driver(parser: LogParser, screen_tail: str) -> bool:
    """An error in our own report lines (a script that ends without a box) is not the script's:
    the error came after LAMMPS echoed the first of them."""
    ours = screen_tail.rfind(f'print "{END_MARK}')
    if parser.error and ours >= 0 and screen_tail.rfind("ERROR") > ours:
        parser.error = None
        parser.finished = True
        return True
    return False


def lammps_command(inst: Installation, limits: Limits, script_name: str = DRIVER_NAME,
                   ) -> tuple[list[str], dict[str, str], list[Path]]:  # fmt: skip
    """How a run starts LAMMPS on `script_name`: argv, environment, read-only directories."""
    argv = [str(inst.binary)]
    if limits.nprocs > 1 and inst.mpiexec:
        argv = [str(inst.mpiexec), "-n", str(limits.nprocs), str(inst.binary)]
    argv += ["-in", script_name, "-log", LOG_NAME, "-echo", "both", "-nonbuf", "-nocite"]
    env = inst.child_env(threads=limits.threads)
    if inst.mpiexec:
        env["PATH"] = f"{inst.mpiexec.parent}:{env['PATH']}"
    read_only = inst.read_only_dirs() + ([inst.mpiexec.parent] if inst.mpiexec and limits.nprocs > 1 else [])
    return argv, env, read_only


def run_script(
    script: str | bytes,
    *,
    workdir: Path,
    input_files: dict[str, Path] | None = None,
    limits: Limits | None = None,
    sandbox: str = "auto",
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | threading.Event | None = None,
    installation: Installation | None = None,
    final_dump: bool = False,
) -> RunResult:
    """Validate and run a script in `workdir` (created, must be empty). Never raises for a
    bad script: the result says what went wrong."""
    started = time.monotonic()
    limits = limits or Limits()
    inst = installation or find_installation()
    cat = catalogue()
    library = PotentialLibrary(inst.potentials_dir)
    inputs = dict(input_files or {})
    workdir = _prepare_workdir(workdir)
    raw = script.encode("utf-8", errors="surrogateescape") if isinstance(script, str) else script
    # Keep the script whatever happens (capped, so a 50 MB script is not copied around).
    (workdir / SCRIPT_NAME).write_bytes(raw[: limits.max_script_bytes + 1])
    report = validate(raw, catalogue=cat, library=library, input_files=inputs, limits=limits)
    repro = {
        "script_sha256": hashlib.sha256(raw).hexdigest(),
        "lammps_version": cat.version,
        "lammps_binary": str(inst.binary),
        "limits": limits.to_dict(),
        "inputs": [],
        "seeds": random_seeds(raw.decode("utf-8", errors="replace")),
    }
    base = dict(
        natoms=report.estimated_atoms,
        thermo=[],
        checks=[],
        warnings=[w.to_dict() for w in report.warnings],
        workdir=str(workdir),
        validation=report.to_dict(),
        lammps_version=cat.version,
        reproducibility=repro,
    )
    refusal = _sandbox_refusal(sandbox, limits)
    if refusal:
        return RunResult(status="rejected", error=refusal.to_dict(), wall_s=time.monotonic() - started,
                         files=list_files(workdir), **base)  # fmt: skip
    if not report.ok:
        diag = diagnosis.from_validation(report)
        return RunResult(
            status="rejected",
            error=diag.to_dict(),
            wall_s=time.monotonic() - started,
            files=list_files(workdir),
            **base,
        )
    # Copy the files the script reads into the run directory.
    total = 0
    for name in report.read_files + [p for p in report.potential_files if p in inputs]:
        src = inputs[name]
        total += src.stat().st_size
        if total > limits.max_input_mb * 1024 * 1024:
            diag = diagnosis.Diagnosis("limit_exceeded", f"Input files are larger than {limits.max_input_mb} MB.",
                                       None, "Use smaller data files.")  # fmt: skip
            return RunResult(status="rejected", error=diag.to_dict(), wall_s=time.monotonic() - started,
                             files=list_files(workdir), **base)  # fmt: skip
        shutil.copyfile(src, workdir / name)  # the content (the caller chose the inputs), never a link
        repro["inputs"].append({"name": name, "sha256": sha256_of(workdir / name), "source": "input"})
    for name in report.potential_files:
        if name not in inputs:
            path = library.path(name)
            if path:
                repro["inputs"].append({"name": name, "sha256": sha256_of(path), "source": "library"})
    text = raw.decode("ascii")
    try:
        matcher = EchoMatcher(logical_lines(text))
    except ScriptSyntaxError:
        matcher = None
    parser = LogParser(matcher)
    screen = workdir / SCREEN_NAME
    live = _LiveOutput(screen, parser, report, progress)
    (workdir / DRIVER_NAME).write_text(driver_text(final_dump))
    argv, env, read_only = lammps_command(inst, limits)
    should_cancel = cancel.is_set if isinstance(cancel, threading.Event) else cancel
    try:
        outcome: Outcome = run_limited(
            argv,
            workdir=workdir,
            limits=limits,
            env=env,
            stdout_path=screen,
            read_only=read_only,
            protect=[SCRIPT_NAME, DRIVER_NAME, *repro_inputs(repro)],
            sandbox=sandbox,
            mpi=limits.nprocs > 1,
            allow_inet=limits.nprocs > 1,
            on_poll=live.poll,
            should_cancel=should_cancel,
        )
    finally:
        live.poll(final=True)
        live.close()
    repro["sandbox"] = outcome.isolation
    parser.feed_all([])  # flush a pending multi-style row
    forgiven = _forgive_driver(parser, _tail(screen, lines=60))
    tail = _tail(screen)
    diag = diagnosis.from_run(parser, outcome, report, tail)
    if forgiven and outcome.limit is None and not outcome.cancelled and outcome.signal is None:
        diag = None  # the script ended; only our report line could not be evaluated
    if diag is None:
        status = "succeeded"
    elif diag.error_class == "timeout":
        status = "timeout"
    elif diag.error_class == "cancelled":
        status = "cancelled"
    else:
        status = "failed"
    blocks = parser.blocks
    checks = []
    if status == "succeeded":
        checks = [c.to_dict() for c in checks_mod.run_checks(blocks, report.segments, units=report.units,
                                                              warnings=parser.warnings,
                                                              lost_atoms_allowed=report.lost_atoms_allowed)]  # fmt: skip
    warnings = base.pop("warnings") + [
        {"line": None, "command": "", "message": w, "hint": "", "code": "lammps"} for w in parser.warnings
    ]
    base["natoms"] = parser.natoms if parser.natoms is not None else report.estimated_atoms
    if parser.version:
        base["lammps_version"] = parser.version
        repro["lammps_version"] = parser.version
    perf = {}
    if blocks:
        perf = dict(blocks[-1].performance)
        perf["loop_time_s"] = sum(b.loop_time_s or 0 for b in blocks)
    return RunResult(
        status=status,
        error=diag.to_dict() if diag else None,
        warnings=warnings,
        wall_s=time.monotonic() - started,
        files=list_files(workdir),
        run=outcome.to_dict(),
        performance=perf,
        final_state=_final_state(_tail(screen, lines=400)) if status == "succeeded" else None,
        printed=_printed(screen),
        **{**base, "thermo": [b.to_dict() for b in blocks], "checks": checks},
    )
