"""Read LAMMPS screen/log output: thermo blocks, warnings, the error, timings, atom counts.

One parser serves both the live run (fed line by line as LAMMPS writes, for progress) and
the finished run (fed the whole file). Handles every thermo layout LAMMPS writes: one line
per step (any `thermo_style custom` columns), `thermo_style multi` ("Key = value" blocks)
and YAML (`thermo_style yaml` or `thermo_modify line yaml`).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_SOURCE_RE = re.compile(r"\s*\((?:src/)+[^()]*:\d+\)\s*$")
_MULTI_HEAD_RE = re.compile(r"^-+ Step\s+(\S+) -+ CPU =\s*(\S+) \(sec\) -+\s*$")
_MULTI_PAIR_RE = re.compile(r"(\S+)\s+=\s+(\S+)")
_LOOP_RE = re.compile(r"^Loop time of (\S+) on (\d+) procs for (\d+) steps with (\d+) atoms")
_PERF_RE = re.compile(r"^Performance: (.*)$")
_CPU_RE = re.compile(r"^(\S+)% CPU use with (\d+) MPI tasks x (\d+) OpenMP threads")
_CREATED_RE = re.compile(r"^Created (\d+) atoms")
_READ_ATOMS_RE = re.compile(r"^\s+(\d+) atoms$")
_DELETED_RE = re.compile(r"^Deleted (\d+) atoms, new total = (\d+)")
_MIN_STAT_KEYS = {
    "Iterations, force evaluations": ("iterations", "force_evaluations"),
    "Force two-norm initial, final": ("force_two_norm_initial", "force_two_norm_final"),
    "Force max component initial, final": ("force_max_initial", "force_max_final"),
}
_VERSION_RE = re.compile(r"^LAMMPS \((.+)\)\s*$")


def to_number(token: str) -> float | int | None:
    low = token.lower()
    if low in {"nan", "-nan", "+nan"}:
        return math.nan
    if low in {"inf", "+inf", "infinity"}:
        return math.inf
    if low in {"-inf", "-infinity"}:
        return -math.inf
    try:
        if re.fullmatch(r"[-+]?\d+", token):
            return int(token)
        return float(token)
    except ValueError:
        return None


@dataclass
class ThermoBlock:
    """Thermo output of one run or minimize command."""

    kind: str = "run"  # run | minimize
    columns: list[str] = field(default_factory=list)
    rows: list[list[float | int]] = field(default_factory=list)
    style: str = "one"  # one | multi | yaml
    start_step: int | None = None
    steps: int | None = None  # from the "Loop time" line
    atoms: int | None = None  # at the end (Loop time line)
    atoms_start: int | None = None  # when the run started, as far as the log says
    loop_time_s: float | None = None
    procs: int | None = None
    performance: dict = field(default_factory=dict)
    complete: bool = False
    min_stats: dict = field(default_factory=dict)

    def column(self, name: str) -> list[float] | None:
        if name not in self.columns:
            return None
        i = self.columns.index(name)
        return [float(r[i]) for r in self.rows if i < len(r)]

    def last_row(self) -> dict:
        if not self.rows:
            return {}
        return dict(zip(self.columns, self.rows[-1], strict=False))

    def to_dict(self) -> dict:
        def clean(v: float | int) -> float | int | str:
            if isinstance(v, float) and not math.isfinite(v):
                return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
            return v

        return {
            "kind": self.kind,
            "style": self.style,
            "columns": self.columns,
            "rows": [[clean(v) for v in row] for row in self.rows],
            "steps": self.steps,
            "atoms": self.atoms,
            "atoms_start": self.atoms_start,
            "loop_time_s": self.loop_time_s,
            "procs": self.procs,
            "performance": self.performance,
            "complete": self.complete,
            "min_stats": self.min_stats,
        }


@dataclass
class LammpsError:
    message: str
    input_line: str | None = None  # "Last input line:" as LAMMPS printed it
    script_line: int | None = None  # line number in our script, when it could be mapped
    docs: str | None = None
    raw: str = ""


class LogParser:
    """Feed lines; read the state at any time."""

    def __init__(self, echo_lookup: Callable[[str], int | None] | None = None) -> None:
        self.echo_lookup = echo_lookup
        self.version: str | None = None
        self.blocks: list[ThermoBlock] = []
        self.warnings: list[str] = []
        self.error: LammpsError | None = None
        self.created_atoms = 0
        self.atom_count: int | None = None  # current number of atoms, tracked through the log
        self._replicating = False
        self.last_command_line: int | None = None  # script line of the last echoed command
        self.finished = False  # "Total wall time" seen
        self.crash: str | None = None
        self._mode: str | None = None  # None | await_header | one | multi | yaml_head | yaml
        self._pending_kind = "run"
        self._pending_start: int | None = None
        self._multi_row: dict[str, float | int] | None = None
        self._in_error = False
        self._in_min_stats = False
        self._energy_next = False

    # -- helpers --

    @property
    def current(self) -> ThermoBlock | None:
        return self.blocks[-1] if self.blocks and not self.blocks[-1].complete else None

    @property
    def natoms(self) -> int | None:
        for block in reversed(self.blocks):
            if block.atoms is not None:
                return block.atoms
        return self.created_atoms or None

    def _new_block(self, style: str, columns: list[str]) -> ThermoBlock:
        block = ThermoBlock(kind=self._pending_kind, columns=columns, style=style, start_step=self._pending_start,
                            atoms_start=self.atom_count)  # fmt: skip
        self.blocks.append(block)
        return block

    def _flush_multi(self) -> None:
        if self._multi_row is not None and self.current is not None:
            block = self.current
            for key in self._multi_row:
                if key not in block.columns:
                    block.columns.append(key)
            block.rows.append([self._multi_row.get(c, math.nan) for c in block.columns])
        self._multi_row = None

    def feed_all(self, lines: Iterable[str]) -> LogParser:
        for line in lines:
            self.feed(line)
        self._flush_multi()
        return self

    # -- the state machine --

    def feed(self, raw: str) -> None:
        line = raw.rstrip("\n").rstrip("\r")
        stripped = line.strip()
        if self._in_error:
            if stripped.startswith("Last input line:"):
                self.error.input_line = stripped[len("Last input line:") :].strip()  # type: ignore[union-attr]
                return
            if stripped.startswith("For more information see"):
                self.error.docs = stripped.split()[-1]  # type: ignore[union-attr]
                return
            if stripped and set(stripped) <= {"^", " "}:
                return
            if stripped and not stripped.startswith(("Abort(", "application called MPI_Abort")):
                if len(self.error.raw) < 4000 and not self.error.input_line:  # type: ignore[union-attr]
                    self.error.raw += "\n" + line  # type: ignore[union-attr]
                    if _SOURCE_RE.search(line):
                        self.error.message = (self.error.message + " " + _SOURCE_RE.sub("", stripped)).strip()  # type: ignore[union-attr]
                return
            return
        if stripped.startswith("ERROR"):
            self._flush_multi()
            message = re.sub(r"^ERROR(?: on proc \d+)?:\s*", "", stripped)
            message = _SOURCE_RE.sub("", message)
            self.error = LammpsError(message=message, raw=line, script_line=self.last_command_line)
            self._in_error = True
            return
        if stripped.startswith("WARNING"):
            text = _SOURCE_RE.sub("", re.sub(r"^WARNING(?: on proc \d+)?:\s*", "", stripped))
            if len(self.warnings) < 200 and text not in self.warnings[-5:]:
                self.warnings.append(text)
            return
        if self.version is None:
            m = _VERSION_RE.match(stripped)
            if m:
                self.version = m.group(1)
                return
        if stripped.startswith("Total wall time:"):
            self.finished = True
            return
        if "Segmentation fault" in line or "BAD TERMINATION" in line or "signal 11" in line.lower():
            self.crash = stripped
            return

        # thermo output modes
        mode = self._mode
        if mode == "yaml_head":
            if stripped.startswith("keywords:"):
                cols = re.findall(r"'([^']*)'", stripped)
                self._new_block("yaml", cols)
                return
            if stripped == "data:":
                self._mode = "yaml"
                return
        if mode == "yaml":
            if stripped.startswith("- ["):
                inner = stripped[3:].rstrip().rstrip("]").rstrip().rstrip(",")
                values = [to_number(v.strip()) for v in inner.split(",") if v.strip()]
                if self.current is not None and all(v is not None for v in values):
                    self.current.rows.append(values)  # type: ignore[arg-type]
                return
            if stripped == "...":
                self._mode = None
                return
        if mode == "one":
            parts = stripped.split()
            block = self.current
            if block is not None and len(parts) == len(block.columns):
                values = [to_number(p) for p in parts]
                if all(v is not None for v in values):
                    block.rows.append(values)  # type: ignore[arg-type]
                    return
        if mode == "multi":
            head = _MULTI_HEAD_RE.match(stripped)
            if head:
                self._flush_multi()
                self._multi_row = {"Step": to_number(head.group(1)) or 0, "CPU": to_number(head.group(2)) or 0.0}
                return
            pairs = _MULTI_PAIR_RE.findall(line)
            if pairs and self._multi_row is not None and "=" in line and not line.startswith(" "):
                for key, value in pairs:
                    num = to_number(value)
                    if num is not None:
                        self._multi_row[key] = num
                return

        if (
            stripped.startswith("Setting up Verlet")
            or stripped.startswith("Setting up r-RESPA")
            or (stripped.startswith("Setting up") and "run" in stripped)
        ):
            self._pending_kind = "run"
            return
        if stripped.startswith("Setting up") and "minimization" in stripped:
            self._pending_kind = "minimize"
            return
        if stripped.startswith("Current step"):
            self._pending_start = to_number(stripped.split(":")[-1].strip())  # type: ignore[assignment]
            return
        if stripped.startswith("Per MPI rank memory allocation"):
            self._mode = "await_header"
            return
        if mode == "await_header":
            if stripped == "---":
                self._mode = "yaml_head"
                return
            if _MULTI_HEAD_RE.match(stripped):
                self._new_block("multi", [])
                self._mode = "multi"
                self.feed(line)
                return
            parts = stripped.split()
            if parts and not any(to_number(p) is not None for p in parts):
                self._new_block("one", parts)
                self._mode = "one"
                return
        loop = _LOOP_RE.match(stripped)
        if loop:
            self._flush_multi()
            block = self.current
            if block is None:
                block = self._new_block("one", [])
            block.loop_time_s = float(loop.group(1))
            block.procs = int(loop.group(2))
            block.steps = int(loop.group(3))
            block.atoms = int(loop.group(4))
            self.atom_count = block.atoms
            block.complete = True
            self._mode = None
            self._pending_kind = "run"
            return
        perf = _PERF_RE.match(stripped)
        if perf and self.blocks:
            for item in perf.group(1).split(","):
                bits = item.strip().split()
                if len(bits) == 2 and to_number(bits[0]) is not None:
                    self.blocks[-1].performance[bits[1]] = to_number(bits[0])
            return
        cpu = _CPU_RE.match(stripped)
        if cpu and self.blocks:
            self.blocks[-1].performance["cpu_use_percent"] = to_number(cpu.group(1))
            self.blocks[-1].performance["mpi_tasks"] = int(cpu.group(2))
            self.blocks[-1].performance["omp_threads"] = int(cpu.group(3))
            return
        if stripped == "Minimization stats:":
            self._in_min_stats = True
            return
        if self._in_min_stats and self.blocks:
            stats = self.blocks[-1].min_stats
            if self._energy_next:
                nums = [to_number(p) for p in stripped.split()]
                if len(nums) == 3 and all(n is not None for n in nums):
                    stats["energy_initial"], stats["energy_next_to_last"], stats["energy_final"] = nums
                self._energy_next = False
                return
            if stripped.startswith("Stopping criterion"):
                stats["stopping_criterion"] = stripped.split("=", 1)[1].strip()
            elif stripped.startswith("Energy initial, next-to-last, final"):
                self._energy_next = True
            elif "=" in stripped and stripped.startswith(tuple(_MIN_STAT_KEYS)):
                head, values = (part.strip() for part in stripped.split("=", 1))
                nums = [to_number(v) for v in values.split()]
                for key, num in zip(_MIN_STAT_KEYS[head], nums, strict=False):
                    stats[key] = num
            elif stripped.startswith("MPI task timing"):
                self._in_min_stats = False
            return
        created = _CREATED_RE.match(stripped)
        if created:
            self.created_atoms += int(created.group(1))
            self.atom_count = (self.atom_count or 0) + int(created.group(1))
            return
        read = _READ_ATOMS_RE.match(line)
        if read:
            n = int(read.group(1))
            if self._replicating:  # replicate reports the new total
                self.created_atoms = self.atom_count = n
                self._replicating = False
            else:
                self.created_atoms += n
                self.atom_count = (self.atom_count or 0) + n
            return
        deleted = _DELETED_RE.match(stripped)
        if deleted:
            self.atom_count = int(deleted.group(2))
            return
        if re.match(r"replicate\s+\d", stripped):
            self._replicating = True
        if self.echo_lookup is not None and stripped:
            lineno = self.echo_lookup(stripped)
            if lineno is not None:
                self.last_command_line = lineno
                if stripped.split()[0] == "clear":
                    self.created_atoms = 0
                    self.atom_count = None


def parse_text(text: str, echo_lookup: Callable[[str], int | None] | None = None) -> LogParser:
    return LogParser(echo_lookup).feed_all(text.splitlines())


class EchoMatcher:
    """Map echoed input lines back to script line numbers.

    LAMMPS echoes each command as read (continuations joined, comment kept) and again after
    variable substitution. We walk forward through the script; a repeated text (a loop, or
    a second `run 1000`) matches its next occurrence after the previous match.
    """

    def __init__(self, logical: list[tuple[int, str]]) -> None:
        self.by_text: dict[str, list[int]] = {}
        for lineno, text in logical:
            key = " ".join(text.split())
            if key:
                self.by_text.setdefault(key, []).append(lineno)
        self.last = 0

    def __call__(self, echoed: str) -> int | None:
        candidates = self.by_text.get(" ".join(echoed.split()))
        if not candidates:
            return None
        # The next occurrence after the last match (binary search: linear over a whole log
        # even when one text repeats on every line of a long script).
        k = bisect.bisect_right(candidates, self.last)
        lineno = candidates[k] if k < len(candidates) else candidates[0]
        self.last = lineno
        return lineno


_PRINT_ECHO = re.compile(r"""^print\s+(["'])(.*)\1(.*)$""")
_SUBSTITUTION = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$\w")


_FIX_PRINT_ECHO = re.compile(r"""^fix\s+\S+\s+\S+\s+print\s+\S+\s+(["'])(.*)\1(.*)$""")


def _output_pattern(text: str) -> str | None:
    """A regex for what a print text writes once its variables are substituted; None for a text with
    fewer than three letters of its own (a bare number is not a reported result)."""
    if len(re.findall(r"[A-Za-z]", _SUBSTITUTION.sub(" ", text))) < 3:
        return None
    return "".join(".+?" if _SUBSTITUTION.fullmatch(part) else re.escape(part)
                   for part in re.split(f"({_SUBSTITUTION.pattern})", text))  # fmt: skip


def printed_lines(log_text: str, most: int = 30) -> list[str]:
    """What the script's `print` commands wrote (the results a script reports: "Elastic constants
    (GPa): C11 = 167 ..."), found as the line after each echoed print whose text matches the
    command with its variables substituted; and the last line each `fix print` wrote to the screen (a
    running value such as a Green-Kubo conductivity). Prints to a file only, the engine's own report
    line and prints with no words of their own are left out; the last `most` are kept."""
    lines = log_text.splitlines()
    out = []
    for echoed, following in zip(lines, lines[1:], strict=False):
        m = _PRINT_ECHO.match(echoed.strip())
        if not m or re.search(r"\bscreen\s+no\b", m.group(3)) or m.group(2).startswith("MDWEB_"):
            continue
        pattern = _output_pattern(m.group(2))
        if pattern and re.fullmatch(pattern, following.strip()):
            out.append(following.strip())
    for line in lines:
        m = _FIX_PRINT_ECHO.match(line.strip())
        pattern = _output_pattern(m.group(2)) if m and not re.search(r"\bscreen\s+no\b", m.group(3)) else None
        if pattern:
            written = [ln.strip() for ln in lines if re.fullmatch(pattern, ln.strip()) and ln.strip() != line.strip()]
            if written:
                out.append(written[-1])
    return out[-most:]
