"""Try each proposed fix: for "this line stops with ERROR ...; which setting works?", an expert edits the
line as each choice says and runs it. A choice that writes LAMMPS (a whole command, or keywords such as
"`x 0 0 5 y 0 0 5`" or "`fix deform ... remap v`") is put into the question's lines in every way it can
stand there; it works when one of those runs without an error, and it does not when all of them stop.
Choices in words only are not tried. No Django import.
"""

from __future__ import annotations

import re

from assistant import experiment

FRAGMENT = re.compile(r"`([^`]+)`")
ASKS_FIX = re.compile(r"\b(which|what)\b[^?]*\b(works?|avoids?|fix(es)?|solves?|valid|correct|would run|runs?)\b|"
                      r"\bhow (do|can|should) (you|i)\b[^?]*\b(fix|avoid|get|make)\b", re.I)  # fmt: skip
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?$|^\$|^v_")
MAX_VARIANTS = 6


def fixes_that_work(question: str, choices: list[str]) -> list[bool | None] | None:
    """For each choice: True when LAMMPS runs the question's lines edited as it says, False when every way
    of putting it in still stops, None when it is not written in LAMMPS. None for the whole question when
    it is not a question about fixing an error LAMMPS reproduces."""
    if not ASKS_FIX.search(question) or not experiment._claims(experiment.CLAIMS_ERROR, question):
        return None
    lines = experiment.quoted_commands(question)
    if experiment.runs_cleanly(question, lines) is not False:
        return None  # the error is not reproduced: the edits could not be judged
    found = []
    for choice in choices:
        variants = edits(lines, choice)[:MAX_VARIANTS]
        if not variants or _more_in_words(choice):
            found.append(None)
            continue
        outcomes = [experiment.runs_cleanly(question, v) for v in variants]
        found.append(True if True in outcomes else (False if all(o is False for o in outcomes) else None))
    return found


def working_choices(question: str, choices: list[str]) -> list[int] | None:
    """The choices left once those whose edits all still stop are ruled out (`fixes_that_work`); None when
    nothing is ruled out. Only when some edit runs: when every edit still stops, or none could be judged,
    the edits are not what the question means."""
    tested = fixes_that_work(question, choices)
    if tested is None or True not in tested or False not in tested:
        return None
    return [i for i, works in enumerate(tested) if works is not False]


def _more_in_words(choice: str) -> bool:
    """Whether the choice asks for more than its LAMMPS says, in words that name a command ("`tri 0 0 5`
    (after change_box all triclinic)"): its edit alone is not what it proposes."""
    from simulations.engine import catalogue

    words = set(re.findall(r"[a-z_]+", FRAGMENT.sub(" ", choice)))
    return bool(words & (catalogue().commands - {"run", "print", "set", "label", "shell", "next", "include"}))


def edits(lines: list[str], choice: str) -> list[list[str]]:
    """The question's lines with the choice's LAMMPS put in, every way it can stand there."""
    out: list[list[str]] = []
    for fragment in FRAGMENT.findall(choice):
        fragment = " ".join(fragment.split())
        words = fragment.split()
        if "..." in words[1:]:  # "fix deform ... remap v": keywords for the line that starts that way
            at = words.index("...")
            head, tail = words[:at], words[at + 1 :]
            out += [v for i, line in enumerate(lines) if _starts_as(line, head) for v in _with_keywords(lines, i, tail)]
        elif words[0] == "...":
            out += _keyword_edits(lines, words[1:])
        elif experiment.quoted_commands(f"`{fragment}`"):
            out += _command_edits(lines, fragment)
        elif words[0][0].isalpha():
            out += _keyword_edits(lines, words)
    unique = []
    for variant in out:
        if variant not in unique and variant != lines:
            unique.append(variant)
    return unique


def _starts_as(line: str, head: list[str]) -> bool:
    """ "fix 2 all deform 1 x erate 0.01" starts as "fix deform" (its command and style)."""
    words = line.split()
    return bool(head) and words[0] == head[0] and all(w in words for w in head[1:])


def _command_edits(lines: list[str], command: str) -> list[list[str]]:
    """A whole command: in place of the line with the same command and ID, else added before the run."""
    words = command.split()
    same = [i for i, line in enumerate(lines) if line.split()[:2] == words[:2]]
    if same:
        return [[command if i == same[0] else line for i, line in enumerate(lines)]]
    runs = [i for i, line in enumerate(lines) if line.startswith("run ")]
    at = runs[0] if runs else len(lines)
    return [lines[:at] + [command] + lines[at:]]


def _keyword_edits(lines: list[str], words: list[str]) -> list[list[str]]:
    """Keywords ("x 0 0 5 y 0 0 5") put into each line that takes keywords (`_with_keywords`)."""
    return [variant for i, line in enumerate(lines) if line.split()[0] in TAKES_KEYWORDS
            for variant in _with_keywords(lines, i, words)]  # fmt: skip


TAKES_KEYWORDS = {"fix", "compute", "pair_style", "velocity", "dump", "thermo_modify", "fix_modify", "neigh_modify",
                  "kspace_modify", "pair_modify", "run", "minimize", "create_atoms", "dump_modify", "compute_modify"}  # fmt: skip


def _with_keywords(lines: list[str], i: int, words: list[str]) -> list[list[str]]:
    """Line i with the keyword groups of `words` in place of its groups of the same names; when it has none
    of them, in place of each group with as many values as the first new one, or added at the end."""
    head, groups = _groups(lines[i].split())
    new = _groups(["x", *words])[1]
    names = {g[0] for g in new}
    if names & {g[0] for g in groups}:
        kept = [g for g in groups if g[0] not in names]
        at = next(j for j, g in enumerate(groups) if g[0] in names)
        options = [kept[:at] + new + kept[at:]]
    else:
        alike = [j for j, g in enumerate(groups) if len(g) == len(new[0]) and len(g) > 1]
        options = [groups[:j] + new + groups[j + 1 :] for j in alike] + [groups + new]
    edited = [" ".join(head + [w for g in option for w in g]) for option in options]
    return [[e if j == i else line for j, line in enumerate(lines)] for e in edited]


def _groups(words: list[str]) -> tuple[list[str], list[list[str]]]:
    """(the head: command, ID, group, style and the values before the first keyword; the keyword groups)."""
    head_len = {"fix": 4, "compute": 4, "dump": 5}.get(words[0], 1)
    head, groups = words[:head_len], []
    for w in words[head_len:]:
        if not NUMBER.match(w) and not (groups and len(groups[-1]) == 1 and _value_of(groups[-1][0], w)):
            groups.append([w])
        elif groups:
            groups[-1].append(w)
        else:
            head.append(w)
    return head, groups


def _value_of(keyword: str, word: str) -> bool:
    """Words that are values, not keywords: yes/no, a group after `region`, a file after `file`."""
    return word in ("yes", "no", "none", "all") or keyword in WORD_VALUED


# Keywords whose value is a word ("remap v", "dilate partial", "loop geom").
WORD_VALUED = {
    "file",
    "region",
    "group",
    "units",
    "dilate",
    "remap",
    "couple",
    "loop",
    "dist",
    "mom",
    "rot",
    "sum",
    "mode",
    "ave",
    "flip",
    "norm",
    "temp",
    "press",
    "every",
    "modify",
    "style",
    "bin",
}
