"""Split a LAMMPS input script into logical commands the way LAMMPS reads it.

The validator must see what LAMMPS will execute, not what the text looks like line by line:
`&` joins the next line even in the middle of a word (`sh&` + `ell` is `shell`), triple
quotes span lines, `#` starts a comment only outside quotes, and `$x`, `${name}` and
`$(expr)` are substituted outside quotes before words are split.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


class ScriptSyntaxError(ValueError):
    def __init__(self, lineno: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.lineno = lineno
        self.message = message
        self.hint = hint


@dataclass
class Command:
    """One logical command: the text after joining continuations and removing the comment."""

    lineno: int  # first physical line, 1-based
    text: str
    words: list[str] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # was word i written in quotes

    @property
    def name(self) -> str:
        return self.words[0] if self.words else ""

    @property
    def args(self) -> list[str]:
        return self.words[1:]


_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}
_BAD_CHAR = re.compile(r"[^\t\n\r\f\x20-\x7e]")


def check_characters(text: str) -> None:
    """Reject non-ASCII and control characters: LAMMPS folds some look-alikes to ASCII."""
    if not _BAD_CHAR.search(text):
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        for col, ch in enumerate(line, start=1):
            if ord(ch) > 126 or (ord(ch) < 32 and ch not in _ALLOWED_CONTROL) or ord(ch) == 127:
                kind = "non-ASCII" if ord(ch) > 127 else "control"
                raise ScriptSyntaxError(
                    lineno,
                    f"{kind} character U+{ord(ch):04X} at column {col}",
                    "LAMMPS input must be plain ASCII text; retype the line without special characters"
                    " (smart quotes, non-breaking spaces and binary data are common culprits).",
                )


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Join `&` continuations and triple-quoted spans; returns (first line number, text)."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(physical):
        start = i
        buf = physical[i]
        i += 1
        while True:
            if buf.count('"""') % 2 == 1:  # inside an open triple quote: keep the newline
                if i >= len(physical):
                    raise ScriptSyntaxError(start + 1, 'unterminated triple quote """', 'close it with """')
                buf += "\n" + physical[i]
                i += 1
                continue
            stripped = buf.rstrip()
            # LAMMPS tests the raw line, before comments are removed (input.cpp).
            if stripped.endswith("&"):
                if i >= len(physical):
                    buf = stripped[:-1]
                    break
                buf = stripped[:-1] + physical[i]
                i += 1
                continue
            break
        out.append((start + 1, buf))
    return out


def _strip_comment(line: str) -> str:
    """Remove a `#` comment that is outside quotes."""
    if "#" not in line:
        return line
    i = 0
    n = len(line)
    while i < n:
        if line.startswith('"""', i):
            end = line.find('"""', i + 3)
            if end < 0:
                return line
            i = end + 3
            continue
        ch = line[i]
        if ch in "\"'":
            end = line.find(ch, i + 1)
            if end < 0:
                return line
            i = end + 1
            continue
        if ch == "#":
            return line[:i]
        i += 1
    return line


_NAME_RE = re.compile(r"\$(\{[^}]*\}|[A-Za-z0-9_])")
MAX_EXPANSIONS = 1000


class SubstitutionError(ValueError):
    """A substitution LAMMPS would never finish (a variable whose value refers to itself)."""


@dataclass
class Substitution:
    text: str
    unknown: list[str]  # references whose value is not known before the run (markers in text)
    used: list[str]  # every variable name referenced, directly or through another's value


def _immediate_end(line: str, start: int) -> int:
    """Index after the parenthesis that closes the `$(` at `start` (nesting counted)."""
    depth = 1
    for j in range(start + 1, len(line)):
        if line[j] == "(":
            depth += 1
        elif line[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(line)


def expand(line: str, resolve: Callable[[str], str | None]) -> Substitution:
    """Substitute `$x`, `${name}`, `$(expr)` outside quotes, as LAMMPS does: the value is
    spliced into the line and scanned again, so a value that holds `${other}` is expanded
    too (LAMMPS stores index-style values raw and substitutes them on use).

    `resolve` gets the name ("x", "name") or "(expr)" and returns the text or None when the
    value cannot be known before the run; unknown references become `\x00name\x00` markers.
    """
    if "$" not in line:
        return Substitution(line, [], [])
    unknown: list[str] = []
    used: list[str] = []
    expansions = 0
    out: list[str] = []
    i = 0
    while i < len(line):
        if line.startswith('"""', i):
            end = line.find('"""', i + 3)
            end = len(line) if end < 0 else end + 3
            out.append(line[i:end])
            i = end
            continue
        ch = line[i]
        if ch in "\"'":
            end = line.find(ch, i + 1)
            end = len(line) if end < 0 else end + 1
            out.append(line[i:end])
            i = end
            continue
        if ch == "$" and i + 1 < len(line):
            if line[i + 1] == "(":
                end = _immediate_end(line, i + 1)
                ref, name = line[i + 1 : end], line[i + 1 : end]
                used.extend(m.group(1).strip("{}") for m in _NAME_RE.finditer(ref))
            else:
                m = _NAME_RE.match(line, i)
                if not m:
                    out.append(ch)
                    i += 1
                    continue
                end = m.end()
                ref = m.group(1)
                name = ref[1:-1] if ref.startswith("{") else ref
                used.append(name)
            value = resolve(name)
            if value is None:
                unknown.append(name)
                out.append(f"\x00{name}\x00")
                i = end
                continue
            expansions += 1
            if expansions > MAX_EXPANSIONS:
                raise SubstitutionError(f"substituting variables in this line never ends (more than {MAX_EXPANSIONS})")
            # Splice the value in and scan it again (immediate values are numbers: no rescan).
            if name.startswith("("):
                out.append(value)
                i = end
            else:
                line = line[:i] + value + line[end:]
            continue
        out.append(ch)
        i += 1
    return Substitution("".join(out), unknown, used)


def substitute(line: str, resolve: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """`expand` for callers that need only the text and the unknown references."""
    result = expand(line, resolve)
    return result.text, result.unknown


def split_words(text: str, lineno: int) -> tuple[list[str], list[bool]]:
    """Split into words; quoted words keep their content without the quotes."""
    if '"' not in text and "'" not in text:
        words = text.split()
        return words, [False] * len(words)
    words: list[str] = []
    quoted: list[bool] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text.startswith('"""', i):
            end = text.find('"""', i + 3)
            if end < 0:
                raise ScriptSyntaxError(lineno, 'unbalanced triple quote """', 'close the quote with """')
            words.append(text[i + 3 : end])
            quoted.append(True)
            i = end + 3
            continue
        if text[i] in "\"'":
            q = text[i]
            end = text.find(q, i + 1)
            if end < 0:
                raise ScriptSyntaxError(
                    lineno, f"unbalanced quote {q}", f"add the closing {q} or remove the opening one"
                )
            words.append(text[i + 1 : end])
            quoted.append(True)
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        words.append(text[i:j])
        quoted.append(False)
        i = j
    return words, quoted


def parse(text: str, resolve: Callable[[str], str | None] | None = None) -> list[Command]:
    """Parse a whole script into commands (without variable substitution unless `resolve`)."""
    check_characters(text)
    commands: list[Command] = []
    for lineno, raw in logical_lines(text):
        body = _strip_comment(raw).strip()
        if not body:
            continue
        if resolve is not None:
            body, _ = substitute(body, resolve)
        words, quoted = split_words(body, lineno)
        if words:
            commands.append(Command(lineno=lineno, text=body, words=words, quoted=quoted))
    return commands


def parse_line(body: str, lineno: int) -> Command:
    """Parse one already-joined command (e.g. the quoted command of an `if`)."""
    body = _strip_comment(body).strip()
    words, quoted = split_words(body, lineno)
    return Command(lineno=lineno, text=body, words=words, quoted=quoted)


def strip_comment(line: str) -> str:
    return _strip_comment(line)
