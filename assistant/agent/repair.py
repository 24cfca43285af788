"""Deterministic fixes for diagnoses with a known cure. Each returns the new script and a short
note, or None when it does not apply; the loop tries these before asking the model. Material
constants come from the plan (the elements it chose), never from a fix's own defaults: a fix
that would need a number the plan does not have does not apply."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import facts

if TYPE_CHECKING:
    from .plan import Plan

Fix = Callable[[str, dict, "Plan | None"], tuple[str, str] | None]


def _lines(script: str) -> list[str]:
    return script.splitlines()


def _first_index(lines: list[str], word: str) -> int | None:
    for i, line in enumerate(lines):
        if line.split()[:1] == [word]:
            return i
    return None


def _units(lines: list[str]) -> str:
    i = _first_index(lines, "units")
    return lines[i].split()[1] if i is not None and len(lines[i].split()) > 1 else "lj"


def add_pair_coeff(script: str, error: dict, plan: Plan | None) -> tuple[str, str] | None:
    lines = _lines(script)
    i = _first_index(lines, "pair_style")
    if i is None or "lj" not in lines[i]:
        return None
    if _units(lines) == "lj":
        coeff = "pair_coeff      * * 1.0 1.0"
    elif plan and plan.lj:
        coeff = f"pair_coeff      * * {plan.lj['epsilon']:g} {plan.lj['sigma']:g}"
    else:
        return None
    lines.insert(i + 1, coeff)
    return "\n".join(lines) + "\n", "added the missing pair_coeff for all type pairs"


def add_mass(script: str, error: dict, plan: Plan | None) -> tuple[str, str] | None:
    lines = _lines(script)
    i = _first_index(lines, "create_box")
    if i is None:
        return None
    if _units(lines) == "lj":
        new = ["mass            * 1.0"]
    elif plan and plan.masses:
        new = [f"mass            {t} {m:g}" for t, m in enumerate(plan.masses, start=1)]
    else:
        return None
    lines[i + 1 : i + 1] = new
    return "\n".join(lines) + "\n", "set a mass for every atom type" + (
        f" ({', '.join(plan.elements)})" if plan and plan.elements else ""
    )


def halve_timestep(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    lines = _lines(script)
    default = facts.timestep(_units(lines), plan.elements if plan else ())
    i = _first_index(lines, "timestep")
    if i is not None:
        try:
            dt = float(lines[i].split()[1])
        except (IndexError, ValueError):
            return None
        new = min(dt / 2, default)
        lines[i] = f"timestep        {new:g}"
        return "\n".join(lines) + "\n", f"reduced the timestep from {dt:g} to {new:g}"
    j = _first_index(lines, "run")
    if j is None:
        return None
    lines.insert(j, f"timestep        {default / 2:g}")
    return "\n".join(lines) + "\n", f"set a smaller timestep ({default / 2:g})"


def metal_units(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    msg = error.get("lammps_message") or error.get("message", "")
    m = re.search(r"requires (\w+) units", msg)
    if not m:
        return None
    lines = _lines(script)
    i = _first_index(lines, "units")
    if i is None:
        lines.insert(0, f"units           {m.group(1)}")
    else:
        lines[i] = f"units           {m.group(1)}"
    return "\n".join(lines) + "\n", f"switched to units {m.group(1)}, which the potential file needs"


def apply_suggestion(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    """Unknown command/style or a misspelt potential: take the validator's first suggestion."""
    msg = error.get("message", "") + " " + (error.get("hint") or "")
    m = re.search(r"unknown (?:command|\w+ style) '([^']+)' \(did you mean ([^,?)]+)", msg) or re.search(
        r"potential file '([^']+)'.*Did you mean ([^,?]+)\?", msg
    )
    line_no = error.get("line")
    if not m or not line_no:
        return None
    wrong, right = m.group(1), m.group(2).strip()
    from simulations.engine.validator import FORBIDDEN_COMMANDS

    if right in FORBIDDEN_COMMANDS:
        return None
    lines = _lines(script)
    if line_no - 1 >= len(lines) or wrong not in lines[line_no - 1]:
        return None
    lines[line_no - 1] = re.sub(rf"(?<![\w/]){re.escape(wrong)}(?![\w/])", right, lines[line_no - 1], count=1)
    return "\n".join(lines) + "\n", f"line {line_no}: replaced '{wrong}' by '{right}'"


def velocity_seed(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    line_no = error.get("line")
    lines = _lines(script)
    if not line_no or line_no - 1 >= len(lines):
        return None
    words = lines[line_no - 1].split()
    if words[:1] == ["velocity"] and len(words) == 4 and words[2] == "create":
        lines[line_no - 1] = lines[line_no - 1].rstrip() + " 4928459"
        return "\n".join(lines) + "\n", f"line {line_no}: velocity create needs a random seed; added one"
    return None


def velocity_loop_geom(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    """'Atom IDs must be consecutive for velocity create loop all' (after delete_atoms): loop geom
    gives each atom its velocity from its position instead of its ID."""
    if "consecutive for velocity create" not in (error.get("lammps_message") or error.get("message") or ""):
        return None
    line_no = error.get("line")
    lines = _lines(script)
    if not line_no or line_no - 1 >= len(lines) or lines[line_no - 1].split()[:1] != ["velocity"]:
        return None
    line = re.sub(r"\s+loop\s+(all|local|geom)\b", "", lines[line_no - 1].rstrip())
    lines[line_no - 1] = line + " loop geom"
    return "\n".join(lines) + "\n", f"line {line_no}: atom IDs have gaps (deleted atoms): velocity ... loop geom"


def add_integrator(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    lines = _lines(script)
    if any(w.split()[:1] == ["fix"] and len(w.split()) > 3 and w.split()[3].startswith(("nve", "nvt", "npt", "nph"))
           for w in lines):  # fmt: skip
        return None
    j = _first_index(lines, "run")
    if j is None:
        return None
    lines.insert(j, "fix             integrate all nve")
    return "\n".join(lines) + "\n", "added an integrator (fix nve) before the run"


FIXES: dict[str, list[Fix]] = {
    "pair_coeff_missing": [add_pair_coeff],
    "mass_not_set": [add_mass],
    "lost_atoms": [halve_timestep],
    "unstable": [halve_timestep],
    "out_of_range_atoms": [halve_timestep],
    "bond_atoms_missing": [halve_timestep],
    "potential_mismatch": [metal_units],
    "unknown_command": [apply_suggestion],
    "unknown_style": [apply_suggestion],
    "missing_potential": [apply_suggestion],
    "invalid_syntax": [velocity_seed],
    "no_integrator": [add_integrator],
    "lammps_error": [velocity_loop_geom],
}


def deterministic_fix(script: str, error: dict, plan: Plan | None = None) -> tuple[str, str] | None:
    for fix in FIXES.get(error.get("class", ""), []):
        out = fix(script, error, plan)
        if out and out[0] != script:
            return out
    return None
