"""What the drafts are grounded in: the potential files that cover the named elements, the
nearest examples (our verified examples and the LAMMPS examples corpus, by technique and
physics), and real usages of a command or style for repair (the user's data files are read by
`datafile`)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from simulations.engine import PotentialLibrary, find_installation

from .facts import PREFERRED_POTENTIAL

# Pair styles the builder can write without extra parameter files, simplest first.
SIMPLE_STYLES = (
    "eam",
    "eam/alloy",
    "eam/fs",
    "tersoff",
    "sw",
    "adp",
    "edip",
    "vashishta",
    "extep",
    "airebo",
    "meam",
    "tersoff/zbl",
    "gw/zbl",
)


@functools.lru_cache(maxsize=1)
def library_files() -> tuple[dict, ...]:
    return tuple(p.to_dict() for p in PotentialLibrary(find_installation().potentials_dir).all())


def potentials_for(elements: list[str] | tuple[str, ...], style: str | None = None) -> list[dict]:
    """Library files that cover all the elements, the usual choice first, then simpler styles,
    then files made for exactly these elements, then by name."""
    wanted = set(elements)
    preferred = PREFERRED_POTENTIAL.get(tuple(sorted(wanted)))
    found = []
    for pot in library_files():
        styles = pot["pair_styles"]
        if not wanted or not wanted <= set(pot["elements"]) or not styles:
            continue
        if style and not any(s == style or s.startswith(style) for s in styles):
            continue
        if styles[0] not in SIMPLE_STYLES:
            continue
        found.append(pot)

    def rank(pot: dict) -> tuple:
        return (pot["name"] != preferred, SIMPLE_STYLES.index(pot["pair_styles"][0]),
                set(pot["elements"]) != wanted, pot["name"])  # fmt: skip

    return sorted(found, key=rank)


def meam_library(parameter_file: str) -> tuple[str, list[str]]:
    """The MEAM library file a parameter file goes with, and the elements to read from it, in the
    order the parameter file's indices refer to (its own element list): the file's own "Use with"
    note when it has one, library_2nn.meam for 2NN parameter files, else library.meam."""
    meta = next((p for p in library_files() if p["name"] == parameter_file), None)
    elements = list(meta["elements"]) if meta else []
    library = "library_2nn.meam" if "_2nn" in parameter_file else "library.meam"
    path = meta.get("path") if meta else None
    if path:
        try:
            m = re.search(r"Use with (library\S*?)(?:\.meam)?\s", Path(path).read_text(errors="replace")[:2000])
            if m:
                library = m.group(1) + ".meam"
        except OSError:
            pass
    return library, elements


def describe_input(name: str, path: Path, max_lines: int = 14) -> str:
    """A data file's header (counts, types, box) is what a script writer needs to know about it."""
    try:
        with open(path, errors="replace") as fh:
            head = []
            for line in fh:
                if line.strip() in {"Masses", "Atoms", "Pair Coeffs", "Bond Coeffs"} or line.startswith("Atoms"):
                    break
                if line.strip():
                    head.append(line.rstrip())
                if len(head) >= max_lines:
                    break
    except OSError:
        return f"- {name}"
    return f"- {name}:\n" + "\n".join(f"    {h}" for h in head)


# ---- examples ----------------------------------------------------------------------------------

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


@functools.lru_cache(maxsize=1)
def verified_examples() -> dict[str, str]:
    """Our examples (assistant/examples/), each tested to run and pass its checks."""
    return {p.stem: p.read_text() for p in sorted(EXAMPLES_DIR.glob("*.lammps"))}


def nearest_verified(req, plan) -> tuple[str, str]:
    """The verified example closest by process, then unit system, then words."""
    from .request import read

    words = set(re.findall(r"[a-z0-9*]+", req.flat.lower()))
    best, best_score = "", -1e9
    for name, text in verified_examples().items():
        head = text.splitlines()[0] if text else ""
        ex = read(head.lstrip("# ").replace("MDWeb:", ""))
        score = 6 * len(set(ex.processes) & set(req.processes)) - 3 * len(set(ex.processes) - set(req.processes))
        score += 3 * (f"units {plan.units}" in " ".join(text.split()))
        score += len(words & set(re.findall(r"[a-z0-9*]+", head.lower())))
        if score > best_score:
            best, best_score = name, score
    return best, verified_examples().get(best, "")


def nearest_examples(req, plan) -> list[tuple[str, str]]:
    """(title, script) pairs for the first draft: our nearest verified example and the nearest
    real LAMMPS example (when the lammps-examples corpus is installed)."""
    out = []
    name, text = nearest_verified(req, plan)
    if text:
        out.append((f"A verified example for a similar task ({name})", text))
    try:
        from assistant import corpus

        found = corpus.nearest(req.flat, processes=req.processes, units=plan.units, k=1)
    except Exception:  # the corpus is optional grounding
        found = []
    for ex in found:
        out.append((f"A real LAMMPS example ({ex.path}: {ex.description})", corpus.excerpt(ex)))
    return out


def real_usages(error: dict, script: str) -> list[str]:
    """Lines from the LAMMPS examples that use the command (and style) of the failing line."""
    line_no = error.get("line")
    lines = script.splitlines()
    if not line_no or not 0 < line_no <= len(lines):
        return []
    words = lines[line_no - 1].split()
    if not words:
        return []
    style = None
    if words[0] in {"fix", "compute"} and len(words) > 3:
        style = words[3]
    elif words[0].endswith("_style") and len(words) > 1:
        style = words[1]
    try:
        from assistant import corpus

        return corpus.usages(words[0], style if style else None)
    except Exception:
        return []


def process_usages(failed_checks: list[dict]) -> list[str]:
    """For a failed `process` check: lines from the LAMMPS examples that do each missing process."""
    from .physics import PROCESS_NEEDS

    out: list[str] = []
    for verdict in failed_checks:
        if verdict["name"] != "process" or not isinstance(verdict.get("value"), list):
            continue
        for process in verdict["value"]:
            needs = PROCESS_NEEDS.get(process)
            if needs is None:
                continue
            try:
                from assistant import corpus

                out += corpus.lines_matching(list(needs.all_of), processes=[process])
            except Exception:  # the corpus is optional grounding
                pass
    return out
