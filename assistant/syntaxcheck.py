"""Does a candidate LAMMPS command parse in the installed LAMMPS? For multiple-choice syntax questions:
each choice that is a command line (or a few of them) is run after a small generic system (an LJ box
with atom_style full, unless the choice sets an atomic style) through the engine, so the validator and the OS sandbox
apply as for any user script. No Django import.

A verdict is True (LAMMPS accepted every line of the choice), False (LAMMPS rejected a line of the
choice itself as unknown or ill-formed: wrong arguments, an unknown keyword or style), or None (not a
command line, or it failed for a reason that depends on context the question did not give, such as a
compute it refers to, a file it reads, a box that already exists).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

# Errors that say the line itself is wrong, whatever came before it.
INVALIDATING = {"unknown_command", "unknown_style", "invalid_syntax", "pair_coeff_invalid"}
# Commands that must come before the box exists: the choice goes first, the generic system after it.
SETUP = {"units", "atom_style", "dimension", "boundary", "atom_modify", "newton", "processors"}
# Commands that make a box or read one: they cannot be checked after the generic system.
MAKES_BOX = {"create_box", "read_data", "read_restart", "read_dump", "clear"}
# A line that stops early ("pair_modify shift", "neighbor 0") may be a question's shorthand for the
# keyword, not a mistake: only too many or wrong arguments count against it.
TRUNCATED = re.compile(r"missing argument|expected (\d+) arguments? but found (\d+)")
COMMAND_WORD = re.compile(r"[a-z_][a-z0-9_/]*")
PROSE = re.compile(r"\b(the|a|an|of|is|are|to|and|in|with|for|by|it|its|that|which|only|when)\b|\s[+&]\s", re.I)


def command_lines(choice: str) -> list[str] | None:
    """The LAMMPS command lines of a choice, or None when it is not written as commands."""
    from simulations.engine import catalogue
    from simulations.engine.validator import STYLE_POSITIONS

    known = catalogue().commands | set(STYLE_POSITIONS)
    text = choice.strip().strip("`").strip()
    lines = [line.strip() for line in re.split(r"\n|;\s+(?=[a-z_]+\s)", text) if line.strip()]
    if not lines:
        return None
    for line in lines:
        first = line.split()[0]
        if not COMMAND_WORD.fullmatch(first) or first not in known or PROSE.search(line):
            return None  # not a command, or a command named inside a sentence ("pair_style soft with fix adapt")
    return lines


def generic_system(units: str, molecular: bool, two_d: bool, skip: set[str], types: int) -> list[str]:
    lattice = ("sq" if two_d else "fcc") + (" 0.8442" if units == "lj" else " 4.0")
    z = "-0.5 0.5" if two_d else "0 2"
    bonded = " bond/types 1 angle/types 1 dihedral/types 1 improper/types 1 extra/special/per/atom 4"
    bonded = bonded if molecular else ""
    lines = [
        f"units {units}",
        "atom_style full" if molecular else "atom_style atomic",
        "dimension 2" if two_d else "",
        f"lattice {lattice}",
        f"region box block 0 2 0 2 {z}",
        f"create_box {types} box{bonded}",
        "create_atoms 1 box",
        "mass * 1.0",
        "pair_style lj/cut 2.5",
        "pair_coeff * * 1.0 1.0",
    ]
    return [line for line in lines if line and line.split()[0] not in skip]


def units_of(lines: list[str]) -> str:
    """The unit style the lines set, lj (LAMMPS's default) when none."""
    return next((line.split()[1] for line in lines if line.split()[0] == "units" and len(line.split()) > 1), "lj")


def script_for(lines: list[str], types: int = 2, after_box: bool = False) -> tuple[str, int] | None:
    """The script that checks `lines`, and the line number where they start; None when they cannot be
    checked after a generic system (they make a box themselves). The system is molecular (atom_style
    full: charges, molecule ids, bond to improper types) unless the choice sets its own atom style.
    Set-up lines go before the system unless the question asks what may follow the box (`after_box`)."""
    commands = {line.split()[0] for line in lines}
    if commands & MAKES_BOX:
        return None
    if commands <= SETUP and not after_box:
        units = units_of(lines)
        two_d = any(re.fullmatch(r"dimension\s+2", line) for line in lines)
        styles = [line for line in lines if line.startswith("atom_style")]
        molecular = not styles or any(re.search(r"full|bond|angle|molecular", line) for line in styles)
        return "\n".join(lines + generic_system(units, molecular, two_d, skip=commands, types=types)) + "\n", 1
    if commands & SETUP and not after_box:
        return None  # set-up commands mixed with others: the order would be a guess
    system = generic_system("lj", True, False, skip=set(), types=types)
    return "\n".join(system + lines) + "\n", len(system) + 1


def bare_style(line: str) -> tuple[str, str] | None:
    """("pair", "buck") for a line that names a style without what a run needs: "pair_style buck",
    "fix 1 all nvt", and the shorthands "fix shake", "fix box/relax iso 0.0" (no ID and group)."""
    from simulations.engine import catalogue
    from simulations.engine.validator import STYLE_POSITIONS

    words = line.split()
    spec = STYLE_POSITIONS.get(words[0])
    if not spec:
        return None
    if len(words) == 2:
        return spec[1], words[1]
    cat = catalogue()
    third = words[3] if len(words) > 3 else ""
    if spec[0] == 2 and style_family(cat, spec[1], words[1]) and not style_family(cat, spec[1], third):
        return spec[1], words[1]
    if len(words) == spec[0] + 2:
        return spec[1], words[-1]
    return None


def style_family(cat, category: str, name: str) -> bool:
    """The style exists, as named or as a family ("qeq" for qeq/point, qeq/reaxff, ...)."""
    from simulations.engine.validator import base_style

    return (cat.has_style(category, name) or cat.has_style(category, base_style(name))
            or any(s.startswith(name + "/") for s in cat.styles.get(category, ())))  # fmt: skip


def rejects_line(error: dict, start: int, count: int, after_box: bool = False) -> bool:
    """Whether LAMMPS's error is about one of the `count` lines from `start` themselves: a syntax error
    there, or LAMMPS's own objection to what the line asks ("orient vectors are not right-handed"),
    not an error about context the question did not give (a compute, a file, coefficients) and not a
    line that only stops early (a question's shorthand). With `after_box`, "after the box is defined"
    is the line's own fault too."""
    from .experiment import CONTEXT_ERROR

    line = error.get("line")
    if not isinstance(line, int) or not start <= line < start + count or truncated(error):
        return False
    message = error.get("lammps_message") or error.get("message") or ""
    own = INVALIDATING | ({"box_already_defined"} if after_box else set())
    return error.get("class") in own or (error.get("class") == "lammps_error" and not CONTEXT_ERROR.search(message))


def verdict(lines: list[str], workdir: Path, after_box: bool = False) -> bool | None:
    """A bare style name: whether the installed LAMMPS has the style. Otherwise run in a system of one
    atom type and of two (a choice may name either): accepted in either is True; False only when both
    reject a line of the choice itself."""
    from simulations.engine import Limits, catalogue, run_script

    if len(lines) == 1 and len(lines[0].split()) == 1:
        return True  # a bare command name ("change_box"): command_lines found it in this LAMMPS
    if len(lines) == 1 and (named := bare_style(lines[0])):
        return style_family(catalogue(), *named)
    outcomes = []
    for types in (1, 2):
        made = script_for(lines, types, after_box)
        if made is None:
            return None
        script, start = made
        result = run_script(script, workdir=workdir / f"types-{types}", limits=Limits(wall_s=20, max_steps=10_000),
                            sandbox="bwrap")  # fmt: skip
        if result.status == "succeeded":
            return True
        outcomes.append(rejects_line(result.error or {}, start, len(lines), after_box))
    return False if all(outcomes) else None


def truncated(error: dict) -> bool:
    m = TRUNCATED.search(error.get("lammps_message") or error.get("message") or "")
    return bool(m) and (m.group(1) is None or int(m.group(2)) < int(m.group(1)))


def looks_like_a_command(choice: str) -> bool:
    """One line of lower-case words that is not an English phrase ("thermostat nvt 1.0", "unit metal")."""
    text = choice.strip().strip("`").strip()
    words = text.split()
    return bool(words) and "\n" not in text and bool(COMMAND_WORD.fullmatch(words[0])) and not PROSE.search(text)


def verdicts(choices: list[str], question: str = "") -> list[bool | None]:
    """One verdict per choice (see the module's docstring); all None where no OS sandbox can be made
    (the check runs LAMMPS on text a user may have written). When at least two choices are command
    lines, the others that look like commands are checked too (LAMMPS rejects an unknown command)."""
    from simulations.engine.sandbox import bwrap_works

    parsed = [command_lines(c) for c in choices]
    if sum(bool(p) and len(p[0].split()) > 1 for p in parsed) >= 2:  # two real command lines, not "fix", "compute"
        parsed = [p or ([c.strip().strip("`").strip()] if looks_like_a_command(c) else None)
                  for p, c in zip(parsed, choices, strict=True)]  # fmt: skip
    if not any(parsed):
        parsed = completions(question, choices)
    if not any(parsed) or not bwrap_works():
        return [None] * len(choices)
    after_box = bool(AFTER_BOX.search(question))
    base = Path(tempfile.mkdtemp(prefix="mdweb-syntax-"))
    try:
        return [verdict(lines, base / str(i), after_box) if lines else None for i, lines in enumerate(parsed)]
    finally:
        shutil.rmtree(base, ignore_errors=True)


# A question about what may still come once the box exists: set-up choices are checked after it.
AFTER_BOX = re.compile(r"\bafter\b[^.?]*\b(create_box|read_data|the (simulation )?box)\b", re.I)
FRAGMENT = re.compile(r"[a-z][a-z0-9_/]*(\s+[-+*\w./]+)*")


def completions(question: str, choices: list[str]) -> list[list[str] | None]:
    """For "which keywords does `lattice fcc 3.615` accept?" with choices written as the rest of that
    line ("`orient x 1 1 0 orient y ...`"): each choice appended to the one command line the question
    quotes; None for all when the question quotes no single command or the choices are not arguments."""
    from .experiment import quoted_commands

    quoted = quoted_commands(question)
    fragments = [c.strip().strip("`").strip() for c in choices]
    if len(quoted) != 1 or not all(FRAGMENT.fullmatch(f) and not PROSE.search(f) for f in fragments):
        return [None] * len(choices)
    return [[f"{quoted[0]} {f}"] for f in fragments]


ASKS_FOR_INVALID = re.compile(r"\b(invalid|illegal|incorrect|wrong|error|errors|fails?|rejected|rejects?|refuses?|"
                              r"refused|not valid|not accepted|not correct)\b", re.I)  # fmt: skip
NEGATED = re.compile(r"\b(not|n't|never|except|cannot)\b", re.I)


def candidates(question: str, choices: list[str]) -> tuple[list[int], list[bool | None]] | None:
    """The choices that can still be right once LAMMPS has checked them, or None when the check says
    nothing (no choice rejected and accepted alike, or a question whose negation makes it ambiguous).
    For a question that asks which line is wrong, the candidates are the rejected choices."""
    found = verdicts(choices, question)
    accepted = [i for i, v in enumerate(found) if v is True]
    rejected = [i for i, v in enumerate(found) if v is False]
    if not rejected or not (accepted or ASKS_FOR_INVALID.search(question)):
        return None
    if ASKS_FOR_INVALID.search(question):
        return rejected, found
    if NEGATED.search(question):
        return None
    return [i for i, v in enumerate(found) if v is not False], found
