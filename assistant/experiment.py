"""Try it and see: run the LAMMPS commands a question quotes in the installed LAMMPS and report what
LAMMPS itself said (its error, its new warnings, what `print` wrote, the atoms and box it made). This
is what an expert does with "what happens when..." and "how many atoms does..." questions; the report
goes in front of the model as the first note. No Django import.

The commands run after a small generic system (`syntaxcheck`) unless they make the box themselves,
through the engine, so the validator and the OS sandbox apply as for any user script. Nothing is
reported when the run says nothing the question's own lines caused: an error in the generic system,
an error about context the question did not give (a pair coefficient, a file, a compute ID), or a run
with no error, warning, print or box of its own.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant import scenario, syntaxcheck

QUOTED = re.compile(r"`([^`]+)`")
# Errors that mean the question left out context the generic system cannot guess.
CONTEXT_ERROR = re.compile(r"coeffs? (are|is) not set|does not exist|could not find|cannot open|no such file|"
                           r"not found|unknown identifier|must be defined|substitution for illegal variable|"
                           r"invalid (compute|fix|variable) id|incompatible|reuse of|already exists|units are in use", re.I)  # fmt: skip
# A lattice scale above this is a lattice constant in Angstrom, not a reduced density (units lj).
LATTICE_CONSTANT_MIN = 1.8


@dataclass
class Observation:
    lines: list[str]
    assumed: list[str]
    said: list[str]
    # The thermo rows of a system the question described (`scenario`), its units and size.
    rows: list[dict] = field(default_factory=list)
    units: str = ""
    natoms: int = 0

    @property
    def stopped(self) -> bool:
        return any(s.startswith("ERROR") for s in self.said)

    @property
    def warned(self) -> bool:
        return any(s.startswith("WARNING") for s in self.said)

    def text(self, version: str) -> str:
        ran = "; ".join(self.lines)
        assumed = f" (assumed: {'; '.join(self.assumed)})" if self.assumed else ""
        return f"Ran in the installed LAMMPS {version}: {ran}{assumed}. LAMMPS said: " + " ".join(self.said)


def quoted_commands(question: str) -> list[str]:
    """The quoted LAMMPS command lines of a question, in order ("`units metal`, `lattice fcc 3.615`").
    A bare word ("`run`", "`density`"), a style named without an ID and group ("`compute cna/atom`")
    or a line with a gap ("`pair_coeff 1 1 ...`") is not a command line."""
    from simulations.engine import catalogue
    from simulations.engine.validator import STYLE_POSITIONS

    cat = catalogue()
    known = cat.commands | set(STYLE_POSITIONS)
    out = []
    for quoted in QUOTED.findall(question):
        for line in quoted.split("\n"):
            words = line.strip().split()
            if not words:
                continue
            line = " ".join(words)
            position = STYLE_POSITIONS.get(words[0], (0, ""))
            shorthand = position[0] > 0 and len(words) > 1 and syntaxcheck.style_family(cat, position[1], words[1])
            if len(words) > 1 and words[0] in known and "..." not in line and not shorthand:
                out.append(line)
    return out


def script_for(lines: list[str], question: str = "") -> tuple[str, int, list[str], list[str]] | None:
    """(script, first line of the question's commands, those commands as run, assumptions), or None
    when the lines cannot be run on their own (they read a file, or mix set-up with other commands)."""
    commands = script_commands(lines)
    if {"read_data", "read_restart", "read_dump", "include", "molecule"} & commands:
        return None
    lines, assumed = _with_box(lines)
    lines, assumed = _with_region(lines, assumed, question)
    if any(line.split()[0] == "create_box" for line in lines):
        return _own_box(lines, assumed, question)
    # Set-up lines ("`boundary p p p`", "`units real`") can only come before the box: they go first, in
    # place of the generic system's own, and the other lines after the system.
    # The lines returned are the others: what is said is about them, in the set-up the question gave.
    setup = [line for line in lines if line.split()[0] in syntaxcheck.SETUP]
    lines = [line for line in lines if line.split()[0] not in syntaxcheck.SETUP]
    # Their own pair style and coefficients replace the generic ones (which would leave nothing to mix).
    skip = {"pair_style", "pair_coeff"} if {"pair_style", "pair_coeff"} <= commands else set()
    two_d = "dimension 2" in setup
    system = setup + syntaxcheck.generic_system(syntaxcheck.units_of(setup), _molecular(lines, setup), two_d, types=_types(lines),
                                                skip=skip | script_commands(setup))  # fmt: skip
    return "\n".join(system + lines + ["run 0"]) + "\n", len(system) + 1, lines, assumed


def _with_box(lines: list[str]) -> tuple[list[str], list[str]]:
    """Atoms created in a region with no box quoted: the box is that region (the question left it out)."""
    commands = [line.split()[0] for line in lines]
    if "create_atoms" not in commands or "create_box" in commands or "region" not in commands:
        return lines, []
    at = max(i for i, c in enumerate(commands) if c == "region")
    region = lines[at].split()[1]
    made = f"create_box 1 {region}"
    return lines[: at + 1] + [made] + lines[at + 1 :], [made]


def _with_region(lines: list[str], assumed: list[str], question: str) -> tuple[list[str], list[str]]:
    """A box made in a region no line defines ("a 3x3x3 box, `create_box 2 box`"): that region as a block
    of the cells the question gives (one when it gives none)."""
    regions = {line.split()[1] for line in lines if line.startswith("region ") and len(line.split()) > 1}
    at = next((i for i, line in enumerate(lines) if line.startswith("create_box ") and len(line.split()) > 2), None)
    if at is None or lines[at].split()[2] in regions:
        return lines, assumed
    cells = scenario.CELLS.search(question)
    nx, ny, nz = cells.groups() if cells else ("1", "1", "1")
    made = f"region {lines[at].split()[2]} block 0 {nx} 0 {ny} 0 {nz}"
    return lines[:at] + [made] + lines[at:], [*assumed, made]


def _own_box(lines: list[str], assumed: list[str], question: str = "") -> tuple[str, int, list[str], list[str]]:
    """Lines that make their own box, with what a run needs and they do not say (units for a lattice
    constant in Angstrom, masses, a pair style that computes nothing). When they give their own pair
    style the system is wholly theirs: the thermo keywords the question names are printed too."""
    commands = {line.split()[0] for line in lines}
    head, tail = [], []
    if "units" not in commands and _lattice_scale(lines) > LATTICE_CONSTANT_MIN:
        head.append("units metal")
        assumed = [*assumed, "units metal, as the lattice constant is in Angstrom"]
    if "mass" not in commands:
        tail.append("mass * 1.0")
    if "pair_style" not in commands:
        tail += ["pair_style zero 5.0", "pair_coeff * *"]
    box = next(line.split() for line in lines if line.startswith("create_box "))
    types = int(box[1]) if box[1].isdigit() else 1
    count = [f"group {TYPE_GROUP}{t} type {t}" for t in range(1, types + 1)] if types > 1 else []
    if "pair_style" not in commands:
        return "\n".join(head + lines + tail + ["run 0", *count]) + "\n", len(head) + 1, lines, assumed
    k = _measuring_at(lines)
    before, after = scenario.measuring_lines(question, lines)
    script = head + lines[:k] + tail + before + lines[k:] + (after or ["run 0"]) + count
    return "\n".join(script) + "\n", len(head) + 1, lines[:k], assumed


def _measuring_at(lines: list[str]) -> int:
    """Where thermo lines go: after the definitions they name, before the closing runs and the first
    thermo_modify (which a thermo_style resets)."""
    k = len(lines)
    while k and lines[k - 1].split()[0] == "run":
        k -= 1
    return next((i for i, line in enumerate(lines[:k]) if line.startswith("thermo_modify ")), k)


TYPE_GROUP = "mdweb_type_"  # the groups that count the atoms of each type in a box the question made
TYPE_COUNT = re.compile(rf"^(\d+) atoms in group {TYPE_GROUP}(\d+)")


MOLECULAR = re.compile(r"bond|angle|dihedral|improper|molecule|shake|rattle|special|coul|kspace|charge", re.I)


BONDED_STYLE = re.compile(r"^atom_style\s+(bond|angle|molecular|full|template)\b")


def _molecular(lines: list[str], setup: list[str] = ()) -> bool:
    """Whether the generic system needs molecules and charges (atom_style full) for these lines; when the
    question gives its atom style, whether that style has bonds (the box then reserves bond types)."""
    styles = [line for line in setup if line.startswith("atom_style ")]
    if styles:
        return bool(BONDED_STYLE.match(styles[-1]))
    return any(MOLECULAR.search(line) for line in lines)


def _types(lines: list[str]) -> int:
    """Two atom types, or as many as a many-body `pair_coeff * * FILE E1 E2 ...` maps, or as the highest
    type a `pair_coeff` names ("`pair_coeff * 3 0.5 2.0`": three)."""
    return max([2, *scenario.coeff_types(lines)])


def _lattice_scale(lines: list[str]) -> float:
    for line in lines:
        words = line.split()
        if words[0] == "lattice" and len(words) > 2:
            try:
                return float(words[2])
            except ValueError:
                return 0.0
    return 0.0


@lru_cache(maxsize=8)
def _generic_warnings(molecular: bool, types: int) -> frozenset[str]:
    """The warnings the generic system gives by itself: not the question's doing."""
    return _baseline_warnings(tuple(syntaxcheck.generic_system("lj", molecular, False, skip=set(), types=types)))


@lru_cache(maxsize=32)
def _baseline_warnings(system: tuple[str, ...]) -> frozenset[str]:
    """The warnings a system gives by itself, run with nothing after it."""
    result, _, _ = _run("\n".join([*system, "run 0"]) + "\n", max_steps=10)
    return frozenset(w["message"] for w in result.warnings if w.get("code") == "lammps")


def _run(script: str, max_steps: int, keep: str | None = None):
    """The engine's result of a throw-away sandboxed run, and its screen output (the echoed commands and
    what LAMMPS printed after each), and the lines of the file `keep` the script wrote."""
    from simulations.engine import Limits, run_script
    from simulations.engine.runner import SCREEN_NAME

    base = Path(tempfile.mkdtemp(prefix="mdweb-experiment-"))
    try:
        result = run_script(script, workdir=base / "run", limits=Limits(wall_s=20, max_steps=max_steps),
                            sandbox="bwrap")  # fmt: skip
        screen = _lines(base / "run" / SCREEN_NAME)
        kept = _lines(base / "run" / keep) if keep else []
        return result, screen, kept
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except OSError:
        return []


def observe(question: str) -> Observation | None:
    """What the installed LAMMPS says when it runs the question's quoted commands, or None (nothing
    quoted, nothing runnable, no OS sandbox, or nothing the question's lines caused). The commands run in
    the system the question describes when it describes one (`scenario`), with its thermo values
    reported, else after a small generic system."""
    return observe_lines(question, quoted_commands(question))


def observe_lines(question: str, quoted: list[str], describe: bool = True) -> Observation | None:
    """`observe` for these command lines (the question's own, or the question's with a choice tried)."""
    prepared = _prepared(question, quoted, describe)
    if prepared is None:
        return None
    (script, start, lines, assumed), described = prepared
    measured = described is not None
    end = start + len(lines)  # the appended run 0 and context lines come after
    commands, rows = script_commands(lines), script.splitlines()
    mixing = "pair_coeff" in commands
    result, screen, coeffs = _run(script + (f"write_data {COEFFS} pair ij\n" if mixing else ""), max_steps=10_000,
                                  keep=COEFFS if mixing else None)  # fmt: skip
    if mixing and (result.error or {}).get("line") == len(rows) + 1:
        result.status, result.error = "succeeded", None  # the pair style has no pair-wise coefficients to write
    line = (result.error or {}).get("line")
    if measured and isinstance(line, int) and line < start:  # the described system itself failed (a 2d box...)
        return observe_lines(question, quoted, describe=False)
    system = tuple(rows[: start - 1])
    baseline = _baseline_warnings(system) if measured else _generic_warnings(_molecular(lines), _types(lines))
    said = _what_it_said(result, _printed(screen), lines, start, end, baseline, at_run=measured)
    if said or result.status == "succeeded":
        said += _messages(screen, rows, start, end, own_box="create_box" in commands, question=question)
        said += _pair_coefficients(coeffs)
    counts = [m.groups() for row in screen if (m := TYPE_COUNT.match(row.strip()))]
    if counts and result.status == "succeeded":
        said.append("atoms of each type: " + "; ".join(f"type {t}: {n}" for n, t in counts) + ".")
    whole = not measured and {"create_box", "pair_style"} <= commands  # the question's own whole system
    thermo = scenario.thermo_rows(result) if (measured or whole) and result.status == "succeeded" else []
    if thermo and measured and described.stand_in:  # only the values asked are the question's
        thermo = [{c: v for c, v in row.items() if c == "Step" or c.startswith("v_")} for row in thermo]
    units = described.units if measured else syntaxcheck.units_of([r for r in rows if r.startswith("units ")])
    natoms = described.natoms if measured else (result.natoms or 0)
    if thermo and scenario.named_columns(thermo, question):  # (values nobody asked for are noise in the notes)
        said.append(scenario.describe_rows(scenario.reported_rows(thermo, question), units, natoms))
    if not said:
        return None
    return Observation(quoted, assumed, said, thermo, units, natoms) if thermo else Observation(quoted, assumed, said)


def runs_cleanly(question: str, quoted: list[str]) -> bool | None:
    """Whether these lines run without an error of their own in the question's system: False when LAMMPS
    stops at one of them (or when the run starts), True when the run ends normally, None when it cannot
    tell (nothing runnable, or an error in the system or about context the question left out)."""
    prepared = _prepared(question, quoted)
    if prepared is None:
        return None
    (script, start, lines, _), described = prepared
    result, _, _ = _run(script, max_steps=10_000)
    if result.status == "succeeded":
        return True
    # (the system alone runs: an error when the run starts is these lines' doing)
    said = _what_it_said(result, [], lines, start, start + len(lines), frozenset(), at_run=True)
    return False if any(s.startswith("ERROR") for s in said) else None


def _prepared(question: str, quoted: list[str], describe: bool = True):
    """((script, first line of the question's commands, those commands, assumptions), the system described
    or None), or None when nothing can be run. `describe=False`: the generic system, not the described one."""
    from simulations.engine.sandbox import bwrap_works

    if not quoted or not any(line.split()[0] not in syntaxcheck.SETUP for line in quoted):
        return None
    described = scenario.describe(question, quoted) if describe else None
    if described is not None and "dimension 2" in quoted:
        described = described.flat(question)
    made = _described_script(question, quoted, described) if described else None
    if made is None:
        described, made = None, script_for(quoted, question)
    if made is None or not bwrap_works():
        return None
    return made, described


def _described_script(question: str, quoted: list[str], described: scenario.Described):
    """The script that runs the question's lines in the system it describes, with what makes the run print
    the values it asks about; None when the lines make or read a box of their own."""
    if script_commands(quoted) & (syntaxcheck.MAKES_BOX | {"include", "molecule"}):
        return None
    setup = [line for line in quoted if line.split()[0] in syntaxcheck.SETUP and line.split()[0] != "units"]
    system, rest = described.system([line for line in quoted if line not in setup])
    system = system[:1] + setup + system[1:]
    k = _measuring_at(rest)
    before, after = scenario.measuring_lines(question, rest)
    built = (
        "a stand-in system (the values asked do not depend on it)"
        if described.stand_in
        else "the system the question describes"
    )
    assumed = [f"{built}, built as: {'; '.join(system)}", *described.assumed]
    script = system + rest[:k] + before + rest[k:] + after
    return "\n".join(script) + "\n", len(system) + 1, rest[:k], assumed


def script_commands(lines: list[str]) -> set[str]:
    return {line.split()[0] for line in lines}


def _printed(screen: list[str]) -> list[str]:
    """Every line a `print` wrote, as is (the engine's own `printed` keeps only reported results)."""
    from simulations.engine.runner import END_MARK

    return [after.strip() for echoed, after in zip(screen, screen[1:], strict=False)
            if echoed.startswith("print ") and END_MARK not in echoed and not after.startswith(("ERROR", "WARNING"))]  # fmt: skip


# What LAMMPS prints when a run is set up that answers questions about the quoted lines, and which
# quoted command makes it worth saying: how unlike pair coefficients were mixed, the neighbour list's
# cut-offs, the units and timestep in force, the thermo columns.
SETUP_FACTS = (
    (re.compile(r"^Generated \d+ of \d+ mixed pair_coeff terms"), {"pair_coeff"}),
    (re.compile(r"^\s*(master list distance cutoff|ghost atom cutoff) ="), {"neighbor", "comm_modify"}),
    (re.compile(r"^\s*(Unit style|Time step)\s*:"), {"units", "timestep"}),
)  # fmt: skip
# A question about the neighbour list is answered by the cut-offs LAMMPS prints for the pair style it quotes.
ASKS_NEIGHBOUR = re.compile(r"\bneighbou?r|\bskin\b", re.I)
NOT_SAID = re.compile(r"CPU = |processor grid|^\s*$|^For more information|^(WARNING|ERROR)")


def _messages(
    screen: list[str], script: list[str], start: int, end: int, own_box: bool, question: str = ""
) -> list[str]:
    """What LAMMPS printed for the question's own lines, read from the echoed screen: after each line
    ("Created 32 atoms", "16 atoms in group top", "Lattice spacing in x,y,z = ..."; only when the lines
    made their own system, else it describes the generic one), and at run set-up the facts in SETUP_FACTS
    that one of the lines bears on, and the thermo columns with their first values after a thermo_style."""
    quoted = script[start - 1 : end - 1]
    commands = script_commands(quoted)
    after: dict[int, list[str]] = {}
    at, current = 0, None
    for row in screen:
        if at < len(script) and row.strip() == script[at].strip():
            current, at = at, at + 1
        elif current is not None:
            after.setdefault(current, []).append(row.rstrip())
    said = []
    if own_box:
        for i in range(start - 1, end - 1):
            printed = [m.strip() for m in after.get(i, []) if not NOT_SAID.search(m)][:2]
            if printed:
                said.append(f"after `{script[i]}`: " + "; ".join(printed) + ".")
    setup = [row for i, rows in after.items() if i >= end - 1 for row in rows]
    for pattern, bears in SETUP_FACTS:
        asked = "neighbor" in bears and ASKS_NEIGHBOUR.search(question) and "`pair_style " in question
        if commands & bears or asked:
            found = dict.fromkeys(" ".join(m.split()) for m in setup if pattern.search(m))
            said += [f"at run set-up: {m}." for m in found]
    if "thermo_style" in commands or "thermo_modify" in commands:
        said += _thermo_columns(setup, values=own_box)
    return said[:10]


COEFFS = "coeffs.data"


def _pair_coefficients(data: list[str]) -> list[str]:
    """The coefficients of every pair of types as LAMMPS used them (mixed ones included), from the
    PairIJ Coeffs section of `write_data ... pair ij`."""
    try:
        at = next(i for i, row in enumerate(data) if row.strip().startswith("PairIJ Coeffs"))
    except StopIteration:
        return []
    pairs = []
    for row in data[at + 2 :]:
        if not row.strip():
            break
        pairs.append(" ".join(row.split()))
    return ["pair coefficients in use (i j coefficients): " + "; ".join(pairs[:10]) + "."] if pairs else []


def _thermo_columns(setup: list[str], values: bool) -> list[str]:
    """The thermo header as printed, with its first row when the question built the system (the
    generic system's values are not the question's)."""
    for i, row in enumerate(setup):
        if row.startswith("Per MPI rank memory") and i + 2 < len(setup):
            first = f"; first row: {' '.join(setup[i + 2].split())}" if values else ""
            return [f"thermo columns printed: {' '.join(setup[i + 1].split())}{first}."]
    return []


def _what_it_said(result, printed: list[str], lines: list[str], start: int, end: int, baseline: frozenset[str],
                  at_run: bool = False) -> list[str]:  # fmt: skip
    """LAMMPS's error at one of the question's lines (or when the run started, when the question gave the
    pair style or the whole system: `at_run`), its warnings the system alone does not give, what the
    question's prints wrote, and the box its lines made."""
    said = []
    if result.status == "rejected":
        return []  # MDWeb's validator, not LAMMPS: says nothing about LAMMPS's behaviour
    if result.status != "succeeded":
        error = result.error or {}
        message = error.get("lammps_message") or error.get("message") or ""
        line = error.get("line")
        ours = isinstance(line, int) and start <= line < end
        # An error when the run starts depends on the whole system: the question's only if it gave the pair style.
        at_run = isinstance(line, int) and line >= end and (at_run or any(x.startswith("pair_style") for x in lines))
        if not message or CONTEXT_ERROR.search(message) or not (ours or at_run):
            return []
        if ours and (_style_named(lines[line - start]) or syntaxcheck.truncated(error)):
            return []  # "`pair_style lj/cut`", "`thermo_style custom`": a style named, not a command written
        where = f" at `{lines[line - start]}`" if ours else " when the run started"
        said.append(f"ERROR{where}: {message.strip()}")
    for w in result.warnings:
        if w.get("code") == "lammps" and w["message"] not in baseline and len(said) < 6:
            said.append(f"WARNING: {w['message'].strip()}")
    said += [f"print wrote: {p}" for p in printed[:5]]
    state = result.final_state or {}
    if result.status == "succeeded" and "create_box" in script_commands(lines) and state:
        dims = " x ".join(f"{state[k]:.6g}" for k in ("lx", "ly", "lz") if k in state)
        said.append(f"{state.get('atoms')} atoms; box {dims}.")
    return said


def _style_named(line: str) -> bool:
    """ "`pair_style lj/cut`", "`thermo_style custom`", "`fix 1 all nvt`": a style named, not a command written
    ("`print "${t}"`" is a whole command)."""
    words = line.split()
    return bool(syntaxcheck.bare_style(line)) or (len(words) == 2 and words[0].endswith("_style"))


NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def choice_shown(seen: Observation, question: str, choices: list[str]) -> int | None:
    """The one choice whose numbers LAMMPS printed when it ran the question's commands ("36.15 A" for a
    box of 36.15; "sigma = 1.414" for a mixed 1.41421), or that LAMMPS printed word for word (a thermo
    header), or None when no choice or more than one is shown. Numbers the question itself gives are no
    evidence and are not compared; a choice without numbers of its own is not shown by its numbers. Only
    what LAMMPS reports of the system is compared, not what a `print` wrote (`choice_printed`) or an
    error or warning."""
    reported = " ".join(
        s for s in seen.said if not s.startswith(("print wrote", "ERROR", "WARNING", scenario.THERMO_SAID))
    )
    printed = [float(n) for n in NUMBER.findall(reported)]
    given = {float(n) for n in NUMBER.findall(question)}
    shown = []
    for choice in choices:
        own = [n for n in NUMBER.findall(choice) if float(n) not in given]
        by_numbers = bool(own) and all(any(_written_as(p, n) for p in printed) for n in own)
        shown.append(by_numbers or _verbatim(choice, reported, question))
    return shown.index(True) if shown.count(True) == 1 else None


def _verbatim(choice: str, reported: str, question: str) -> bool:
    """A choice of several words that LAMMPS printed as is and the question does not hold."""
    text = " ".join(choice.strip().strip("`").split())
    return len(text.split()) > 1 and text in " ".join(reported.split()) and text not in " ".join(question.split())


ASKS_PRINTED = re.compile(r"\b(print|prints|printed|show|shows|shown|output|echo|echoes)\b", re.I)
# A value printed here can differ from the question's run when its command line or a loop sets variables.
OUTSIDE_VALUES = re.compile(r"(?<!\w)-(var|v)\s|command[- ]line|\bnext\b|\bjump\b|\bloop\b", re.I)


def choice_printed(seen: Observation, question: str, choices: list[str]) -> int | None:
    """For a question about what a `print` shows: the one choice that is what the print wrote, as text
    ("Xbc", or "1: redefining ... is ignored" for a print of 1) or as the same numbers in the same order
    ("64 4", not "64 -4"), or None. Not when variables may come from the command line or a loop."""
    wrote = [s.removeprefix("print wrote: ") for s in seen.said if s.startswith("print wrote: ")]
    if not wrote or not ASKS_PRINTED.search(question) or OUTSIDE_VALUES.search(question):
        return None
    matches = [any(_is_printed(choice, line) for line in wrote) for choice in choices]
    return matches.index(True) if matches.count(True) == 1 else None


def _is_printed(choice: str, line: str) -> bool:
    text, line = " ".join(choice.strip().strip("`").split()), " ".join(line.split())
    if line and re.match(re.escape(line) + r"(?=$|\s*[:;,(]|\s+(-|because|since|as)\b)", text):
        return True
    numbers = NUMBER.findall(line)
    return bool(numbers) and [float(n) for n in NUMBER.findall(text)] == [float(n) for n in numbers]


CLAIMS_ERROR = re.compile(r"\b(errors?|stops?|stopped|refuses?|rejects?|rejected|fails?|aborts?|crash(es)?|"
                          r"not accepted|illegal|invalid)\b", re.I)  # fmt: skip
CLAIMS_WARNING = re.compile(r"\bwarn(s|ing|ings)?\b", re.I)
NEGATION = re.compile(r"(\b(no|not|without|never|nor)\b|n't)(\s+\w+){1,3}", re.I)  # and the words it negates


# A question about what happens while atoms move: a run of no steps cannot show it.
DYNAMICS = re.compile(r"\brun\s+[1-9]|\bsteps?\b|\bduring\b|\blost\b|\bafter\s+\d+", re.I)


def consistent_choices(seen: Observation, question: str, choices: list[str]) -> list[int] | None:
    """The choices that say the run ended as it did: when LAMMPS stopped at one of the question's lines,
    those that say it stops; when it only warned, those that say it warns and not that it stops; when it
    ran the lines without an error (and the question is not about what happens during a run), those
    that do not say it stops. None when the outcome does not separate the choices (none or all say so),
    or when the question already says how the run ends (its choices are diagnoses or fixes)."""
    if _claims(CLAIMS_ERROR, question) or _claims(CLAIMS_WARNING, question):
        return None
    if seen.stopped:
        keep = [i for i, c in enumerate(choices) if _claims(CLAIMS_ERROR, c)]
    elif seen.warned:
        keep = [i for i, c in enumerate(choices) if _claims(CLAIMS_WARNING, c) and not _claims(CLAIMS_ERROR, c)]
    elif not DYNAMICS.search(question) and any(not s.startswith(scenario.THERMO_SAID) for s in seen.said):
        # (a clean run says something only when the question's lines did; thermo values of a system built
        # from the question's words are no sign that its lines run as written)
        keep = [i for i, c in enumerate(choices) if not _claims(CLAIMS_ERROR, c)]
    else:
        return None
    return keep if 0 < len(keep) < len(choices) else None


def outcome(seen: Observation) -> str:
    """How the run of the question's lines ended, as the answer says it."""
    if seen.stopped:
        return "stopped with an error"
    return "warned" if seen.warned else "ran without an error"


def _claims(claim: re.Pattern, text: str) -> bool:
    """Whether `text` says it, not that it does not ("stops with an error", not "runs without error")."""
    return bool(claim.search(NEGATION.sub(" ", text)))


def _written_as(value: float, written: str) -> bool:
    """Whether `value` is the number `written`: equal, or for a decimal ("1.414") rounded to its digits. A
    whole number must be equal (a printed 3.21 is not "3 atoms")."""
    if value == float(written):
        return True
    if "." not in written or "e" in written.lower():
        return False
    return round(value, len(written.split(".")[1])) == float(written)


# A choice that is a value: it starts with the number ("-4.63 eV", "about 0.5, since ...").
LEADING_NUMBER = re.compile(
    r"[^\w-]*(?:about|around|roughly|approximately|approx\.|close to|near|~|≈)?\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w.])",
    re.I,
)


def choice_measured(seen: Observation, question: str, choices: list[str]) -> int | None:
    """For a question about a value of the system it describes ("what does PotEng show after `run 0`?"):
    the one choice whose leading number is that value as LAMMPS printed it (or, for an energy in metal or
    real units, per atom), or None when the question names no thermo value, the row is unclear, or no
    choice or more than one matches."""
    values = scenario.asked_values(seen.rows, question, seen.units, seen.natoms)
    if not values or _unrun_actions(question):
        return None
    shown = []
    for choice in choices:
        lead = LEADING_NUMBER.match(choice.replace(",", ""))
        shown.append(bool(lead) and any(_measured_as(v, lead.group(1)) for v in values))
    return shown.index(True) if shown.count(True) == 1 else None


# Commands that only write output or tune bookkeeping: named in words, they do not change the values.
OUTPUT_ONLY = {"write_data", "write_restart", "write_dump", "write_coeff", "thermo_style", "thermo_modify", "dump_modify",
               "comm_modify", "neigh_modify", "atom_modify", "pair_write", "bond_write"}  # fmt: skip


def _unrun_actions(question: str) -> set[str]:
    """Commands the question names in words but does not quote as lines ("every atom is moved with
    `displace_atoms`"): the run did not do them, so its values are not the question's."""
    from simulations.engine import catalogue

    quoted = {line.split()[0] for line in quoted_commands(question)}
    words = set(re.findall(r"[a-z_]+", question))
    named = {w for w in words if w in catalogue().commands and ("_" in w or w in ("minimize", "replicate"))}
    return named - quoted - OUTPUT_ONLY


def _measured_as(value: float, written: str) -> bool:
    """`_written_as`, and for a number in e-notation ("4.14e7"), equal to the digits it gives."""
    if _written_as(value, written):
        return True
    if "e" not in written.lower():
        return False
    mantissa, exponent = written.lower().split("e")
    digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return round(value / 10 ** int(exponent), digits) == float(mantissa)


QUOTED_MESSAGE = re.compile(r"`([^`]{12,})`")


def choice_said(seen: Observation, choices: list[str]) -> int | None:
    """The one choice that quotes LAMMPS's own error or warning, as it said it when it ran the question's
    commands ("`Kspace style requires atom attribute q`"), or None."""
    said = " ".join(" ".join(s.split()).lower() for s in seen.said if s.startswith(("ERROR", "WARNING")))
    if not said:
        return None
    quoting = []
    for choice in choices:
        parts = [" ".join(p.split()).lower().rstrip(".") for p in QUOTED_MESSAGE.findall(choice)]
        pieces = [piece.strip() for p in parts for piece in p.split("...") if len(piece.strip()) >= 12]
        quoting.append(bool(pieces) and all(piece in said for piece in pieces))
    return quoting.index(True) if quoting.count(True) == 1 else None


TYPE_COUNTS_SAID = re.compile(r"type (\d+): (\d+)")
# "27 of type 1", "27 type-2 atoms", "none of type 2", "type 1: 27"
COUNT_OF_TYPE = re.compile(
    r"\b(\d+|none|no)\s+(?:atoms?\s+)?(?:of\s+)?type[- ]?(\d+)\b|\btype[- ]?(\d+)\s*[:=]\s*(\d+)\b", re.I
)


def choice_counted(seen: Observation, choices: list[str]) -> int | None:
    """The one choice whose atoms per type are those LAMMPS counted in the box the question made, or None."""
    said = next((s for s in seen.said if s.startswith("atoms of each type: ")), None)
    if said is None:
        return None
    counts = {int(t): int(n) for t, n in TYPE_COUNTS_SAID.findall(said)}
    matches = []
    for choice in choices:
        pairs = [(int(m[1] or m[2]), _count(m[0] or m[3])) for m in COUNT_OF_TYPE.findall(choice)]
        matches.append(bool(pairs) and all(counts.get(t, 0) == n for t, n in pairs))
    return matches.index(True) if matches.count(True) == 1 else None


def _count(word: str) -> int:
    return 0 if word.lower() in ("none", "no") else int(word)
