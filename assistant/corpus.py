"""The LAMMPS examples corpus: Debian's `lammps-examples` package (the 621 input scripts of the
LAMMPS distribution with their data files, potentials and READMEs; GPL-2), read where apt
installs it and never copied into the repository.

The index (one record per script: commands and styles, units, atom style, potentials, the files
it needs, its README line and comments, the processes it shows) is built on first use and kept
in `var/corpus/`. It grounds MD-Code with the nearest real examples, gives repair real usages of
a failing command or style, supplies the data and potential files an adapted example needs, and
feeds the Q&A knowledge base. `manage.py corpus --run` records which scripts run on our wheel
(steps capped) and why the others do not.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulations.engine.scriptparse import ScriptSyntaxError, logical_lines, parse, strip_comment

from .agent.request import PROCESS_WORDS

EXAMPLES_DIR = Path(os.environ.get("MDWEB_LAMMPS_EXAMPLES", "/usr/share/lammps/examples"))
INDEX_DIR = Path(__file__).resolve().parent.parent / "var" / "corpus"
INSTALL_HINT = "install Debian's lammps-examples package (apt install lammps-examples; make run and make test do this)"
FILE_COMMANDS = {"read_data": 0, "read_restart": 0, "read_dump": 0, "include": 0, "molecule": 1, "rerun": 0}
STYLE_COMMANDS = {"pair_style": 0, "bond_style": 0, "angle_style": 0, "dihedral_style": 0, "kspace_style": 0,
                  "atom_style": 0, "fix": 2, "compute": 2, "dump": 2, "region": 1, "min_style": 0}  # fmt: skip


class CorpusMissing(RuntimeError):
    """The lammps-examples package is not installed."""


@dataclass
class Example:
    path: str  # relative to EXAMPLES_DIR
    directory: str
    description: str  # the README line of its directory, or its first comment
    units: str
    atom_style: str
    dimension: int
    commands: list[str]
    styles: list[str]  # "fix nvt", "pair_style eam/alloy", ...
    potentials: list[str]  # potential/parameter files named in pair_coeff
    needs: list[str]  # files it reads (data, include, molecule, potential)
    comments: str
    processes: list[str]
    lines: int
    run: dict = field(default_factory=dict)  # {status, error_class, message} when checked on our wheel

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        return (EXAMPLES_DIR / self.path).read_text(errors="replace")

    def words(self) -> list[str]:
        return re.findall(r"[a-z][a-z0-9/]+", f"{self.description} {self.comments} {self.directory}".lower())


def available() -> bool:
    return EXAMPLES_DIR.is_dir() and any(EXAMPLES_DIR.glob("*/in.*"))


def script_paths() -> list[Path]:
    if not available():
        raise CorpusMissing(f"the LAMMPS examples are not at {EXAMPLES_DIR}: {INSTALL_HINT}")
    return sorted(p for p in EXAMPLES_DIR.rglob("in.*") if p.is_file() and not p.name.endswith((".gz", "~")))


@functools.lru_cache(maxsize=1)
def readme_lines() -> dict[str, str]:
    """The one-line descriptions in examples/README ("crack:    crack propagation in a 2d solid")."""
    out = {}
    path = EXAMPLES_DIR / "README"
    if path.is_file():
        for line in path.read_text(errors="replace").splitlines():
            m = re.match(r"^([A-Za-z0-9_-]+):\s+(.+)$", line)
            if m:
                out[m.group(1)] = m.group(2).strip()
    return out


def _readme_text(directory: Path) -> str:
    for name in ("README", "README.md", "README.txt"):
        path = directory / name
        if path.is_file():
            return path.read_text(errors="replace")[:4000]
    return ""


def describe(path: Path) -> Example:
    text = path.read_text(errors="replace")
    rel = path.relative_to(EXAMPLES_DIR)
    directory = str(rel.parent)
    comments = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip().startswith("#"))
    try:
        commands = parse(text)
    except (ScriptSyntaxError, ValueError):
        commands = []
    units, atom_style, dimension = "lj", "atomic", 3
    names, styles, potentials, needs = [], [], [], []
    for cmd in commands:
        names.append(cmd.name)
        args = cmd.args
        if cmd.name == "units" and args:
            units = args[0]
        elif cmd.name == "atom_style" and args:
            atom_style = args[0]
        elif cmd.name == "dimension" and args:
            dimension = 2 if args[0] == "2" else 3
        if cmd.name in STYLE_COMMANDS and len(args) > STYLE_COMMANDS[cmd.name]:
            styles.append(f"{cmd.name} {args[STYLE_COMMANDS[cmd.name]]}")
        if cmd.name in FILE_COMMANDS and len(args) > FILE_COMMANDS[cmd.name]:
            name = args[FILE_COMMANDS[cmd.name]]
            if "$" not in name:
                needs.append(name)
        if cmd.name == "pair_coeff":
            for word in args:
                if "." in word and not re.fullmatch(r"[-+0-9.eE]+", word) and "$" not in word:
                    potentials.append(word)
    needs += potentials
    top = directory.split("/")[0]
    description = readme_lines().get(top) or readme_lines().get(directory) or comments[:160]
    readme = _readme_text(path.parent)
    haystack = f"{description} {comments} {readme[:1500]} {' '.join(styles)}".lower()
    processes = [key for pattern, key in PROCESS_WORDS if re.search(pattern, haystack)]
    return Example(path=str(rel), directory=directory, description=description, units=units,
                   atom_style=atom_style, dimension=dimension, commands=sorted(set(names)),
                   styles=sorted(set(styles)), potentials=sorted(set(potentials)), needs=sorted(set(needs)),
                   comments=comments[:1500], processes=processes, lines=text.count("\n") + 1)  # fmt: skip


def _fingerprint(paths: list[Path]) -> str:
    """The examples' files and how they are described (this module and the process vocabulary): a
    new process word relabels the examples instead of reading a stale cache."""
    h = hashlib.sha256(Path(__file__).read_bytes() + repr(PROCESS_WORDS).encode())
    for p in paths:
        st = p.stat()
        h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def index_path() -> Path:
    return INDEX_DIR / "lammps-examples.json"


def runs_path() -> Path:
    return INDEX_DIR / "lammps-examples-runs.json"


@functools.lru_cache(maxsize=1)
def index() -> list[Example]:
    """All examples (built once and cached on disk; rebuilt when the package changes)."""
    paths = script_paths()
    key = _fingerprint(paths)
    cache = index_path()
    try:
        data = json.loads(cache.read_text())
        if data.get("fingerprint") == key:
            examples = [Example(**e) for e in data["examples"]]
            return _with_runs(examples)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    examples = [describe(p) for p in paths]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps({"fingerprint": key, "examples": [e.to_dict() for e in examples]}))
        tmp.replace(cache)
    except OSError:
        pass
    return _with_runs(examples)


COMMITTED_RUNS = Path(__file__).resolve().parent.parent / "bench" / "results" / "corpus-runs.json"


def _with_runs(examples: list[Example]) -> list[Example]:
    """Each example's outcome on our wheel: this machine's `manage.py corpus --run`, else the committed one."""
    try:
        runs = json.loads(runs_path().read_text()).get("runs", {})
    except (OSError, ValueError):
        try:
            runs = json.loads(COMMITTED_RUNS.read_text()).get("per_script", {})
        except (OSError, ValueError):
            return examples
    for e in examples:
        e.run = runs.get(e.path, {})
    return examples


# ---- search ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _idf() -> dict[str, float]:
    docs = [set(e.words()) | set(e.styles) for e in index()]
    counts = Counter(w for d in docs for w in d)
    n = len(docs)
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in counts.items()}


def nearest(request_words: str, *, processes: list[str] = (), units: str | None = None, styles: list[str] = (),
            k: int = 3, runnable_only: bool = True) -> list[Example]:  # fmt: skip
    """Examples closest to a request: same processes first, then shared styles and words (idf
    weighted), the same unit system, shorter scripts; those that failed on our wheel last."""
    idf = _idf()
    words = set(re.findall(r"[a-z][a-z0-9/]+", request_words.lower()))
    scored = []
    for e in index():
        if runnable_only and e.run and e.run.get("status") not in (None, "succeeded"):
            continue
        score = 8.0 * len(set(processes) & set(e.processes))
        score += sum(idf.get(w, 0.0) for w in words & set(e.words()))
        score += 3.0 * len(set(styles) & set(e.styles))
        score += 2.0 * (units is not None and e.units == units)
        score -= 0.01 * e.lines
        scored.append((score, e.path, e))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [e for _, _, e in scored[:k]]


def usages(command: str, style: str | None = None, k: int = 3) -> list[str]:
    """Real lines that use a command (and style) in the examples, for repair prompts."""
    found: list[str] = []
    want = f"{command} {style}" if style else None
    for e in index():
        if command not in e.commands or (want and want not in e.styles):
            continue
        line = _first_line(e, lambda body: body.split()[:1] == [command] and (style is None or style in body.split()))
        if line:
            found.append(line)
        if len(found) >= k:
            break
    return found


def lines_matching(patterns: list[str], *, processes: list[str], k: int = 3) -> list[str]:
    """Real lines that match one of the patterns, from the runnable examples that do these processes
    (for a repair that must add a process: how the LAMMPS examples do it)."""
    found: list[str] = []
    for e in nearest("", processes=processes, k=k):
        if not set(processes) & set(e.processes):
            continue
        line = _first_line(e, lambda body: bool(body) and any(re.search(rx, body, re.I) for rx in patterns))
        if line:
            found.append(line)
    return found


def _first_line(example: Example, wanted) -> str | None:
    """The example's first logical line (comment stripped, spaces collapsed) that `wanted(body)`
    accepts, with the example's path; None when none does or the file cannot be read."""
    try:
        text = example.text()
    except OSError:
        return None
    for _, line in logical_lines(text):
        body = " ".join(strip_comment(line).split())
        if wanted(body):
            return f"{body}    # {example.path}"
    return None


def excerpt(example: Example, max_lines: int = 60) -> str:
    """The script without blank and commented-out lines, capped."""
    lines = [line for line in example.text().splitlines() if line.strip() and not line.strip().startswith("#")]
    body = "\n".join(lines[:max_lines])
    return body + ("\n# ... (truncated)" if len(lines) > max_lines else "")


def files_for(example: Example) -> dict[str, Path]:
    """The data and potential files an adapted example needs, from its directory (or the
    potentials folder of the examples)."""
    out = {}
    folder = EXAMPLES_DIR / example.directory
    for name in example.needs:
        for candidate in (folder / name, EXAMPLES_DIR.parent / "potentials" / name):
            if candidate.is_file():
                out[name] = candidate
                break
    return out
