"""Evaluate MD-EvalBench checks (evalbench/tasks/FORMAT.md, a copy of shared/evalbench/FORMAT.md) from the script and the run itself,
never from what a model says. Used by the loop (checks derived from the spec) and the benchmark."""

from __future__ import annotations

import fnmatch
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from simulations.engine.scriptparse import parse

from .builder import BASIS

KNOWN = {"units", "natoms", "ntypes", "steps", "ensemble", "pair_style", "temperature", "pressure",
         "energy_drift", "pe_per_atom", "files", "thermo_columns"}  # fmt: skip


class UnknownCheck(ValueError):
    pass


@dataclass
class Verdict:
    name: str
    passed: bool
    value: object
    expected: object

    def to_dict(self) -> dict:
        return asdict(self)


def script_facts(script: str) -> dict:
    facts = {"units": "lj", "pair_style": None, "fixes": [], "minimize": False, "ntypes": None}
    try:
        commands = parse(script)
    except ValueError:
        return facts
    for cmd in commands:
        if cmd.name == "units" and cmd.args:
            facts["units"] = cmd.args[0]
        elif cmd.name == "pair_style" and cmd.args:
            facts["pair_style"] = cmd.args[0]
        elif cmd.name == "fix" and len(cmd.args) >= 3:
            facts["fixes"].append(cmd.args[2])
        elif cmd.name == "minimize":
            facts["minimize"] = True
        elif cmd.name == "create_box" and cmd.args:
            try:
                facts["ntypes"] = int(cmd.args[0])
            except ValueError:
                pass
    return facts


def ensemble_of(facts: dict) -> str | None:
    fixes = [f.split("/")[0] for f in facts["fixes"]]
    if "langevin" in fixes and "nve" in fixes:
        return "langevin"
    for name in ("npt", "nph", "nvt"):
        if name in fixes:
            return name
    if "nve" in fixes:
        return "nve"
    if facts["minimize"]:
        return "minimize"
    return None


def _last_block(result: dict) -> dict | None:
    blocks = [b for b in result.get("thermo") or [] if b.get("rows")]
    return blocks[-1] if blocks else None


def _column(block: dict, name: str) -> list[float]:
    if not block or name not in block["columns"]:
        return []
    i = block["columns"].index(name)
    return [float(r[i]) for r in block["rows"] if isinstance(r[i], int | float)]


def _tail(values: list[float]) -> list[float]:
    n = max(1, int(round(len(values) * 0.2)))
    return values[-n:]


def evaluate(checks: dict, script: str, result: dict) -> list[Verdict]:
    unknown = set(checks) - KNOWN
    if unknown:
        raise UnknownCheck(f"unknown check(s): {', '.join(sorted(unknown))}")
    facts = script_facts(script)
    block = _last_block(result)
    out: list[Verdict] = []
    for name, expected in checks.items():
        value: object = None
        ok = False
        if name == "units":
            value = facts["units"]
            ok = value == expected
        elif name == "natoms":
            value = result.get("natoms")
            if isinstance(expected, dict):
                ok = value is not None and expected.get("min", -1) <= value <= expected.get("max", float("inf"))
            else:
                ok = value == expected
        elif name == "ntypes":
            value = facts["ntypes"]
            ok = value == expected
        elif name == "steps":
            # Summed over every run, so a ramp followed by a hold counts both (and reset_timestep is harmless).
            value = 0
            for b in result.get("thermo") or []:
                if b.get("kind", "run") != "run":
                    continue  # minimiser iterations are not MD steps
                steps = _column(b, "Step") if b.get("rows") else []
                value += int(steps[-1] - steps[0]) if len(steps) >= 2 else 0
            ok = value >= expected
        elif name == "ensemble":
            value = ensemble_of(facts)
            ok = value == expected
        elif name == "pair_style":
            value = facts["pair_style"]
            ok = bool(value) and value.startswith(expected)
        elif name == "temperature":
            temps = _tail(_column(block, "Temp"))
            value = round(statistics.fmean(temps), 6) if temps else None
            ok = value is not None and abs(value - expected["target"]) <= expected.get("rtol", 0.1) * abs(
                expected["target"]
            )
        elif name == "pressure":
            press = _tail(_column(block, "Press"))
            value = round(statistics.fmean(press), 6) if press else None
            ok = value is not None and abs(value - expected["target"]) <= expected["atol"]
        elif name == "energy_drift":
            etot = _column(block, "TotEng")
            value = abs(etot[-1] - etot[0]) / abs(etot[0]) if len(etot) >= 2 and etot[0] else None
            ok = value is not None and value <= expected["max_rel"]
        elif name == "pe_per_atom":
            pe = _column(block, "PotEng") or _column(block, "E_pair")
            natoms = result.get("natoms") or 0
            if pe and natoms:
                value = pe[-1] if facts["units"] == "lj" and _normalised(script) else pe[-1] / natoms
                value = round(value, 6)
                ok = abs(value - expected["target"]) <= expected["atol"]
        elif name == "files":
            workdir = Path(result.get("workdir") or ".")
            files = result.get("files") or (
                [str(p.relative_to(workdir)) for p in workdir.rglob("*")] if workdir.is_dir() else []
            )
            missing = [pat for pat in expected if not any(fnmatch.fnmatch(f, pat) for f in files)]
            value = missing or "all present"
            ok = not missing
        elif name == "thermo_columns":
            cols = {c for b in result.get("thermo") or [] for c in b.get("columns", [])}
            missing = [c for c in expected if c not in cols]
            value = missing or "all present"
            ok = not missing
        out.append(Verdict(name, bool(ok), value, expected))
    return out


def _normalised(script: str) -> bool:
    """lj units normalise thermo per atom unless `thermo_modify norm no`."""
    return "norm no" not in script


def checks_from_spec(spec) -> dict:
    """What the user asked for, as checks the loop verifies after the run."""
    checks: dict = {}
    if spec.units:
        checks["units"] = spec.units
    basis = BASIS.get(spec.lattice or "")
    if spec.natoms:
        checks["natoms"] = {"min": int(spec.natoms * 0.75), "max": int(spec.natoms * 1.3)}
    elif spec.cells and basis and spec.dimension == 3:
        # "5x5x5 fcc cells" fixes the count; a few atoms may be removed on purpose (vacancies).
        n = basis * spec.cells[0] * spec.cells[1] * spec.cells[2]
        checks["natoms"] = {"min": int(n * 0.95), "max": n}
    if spec.steps and spec.ensemble != "minimize":
        checks["steps"] = spec.steps
    if spec.ensemble:
        checks["ensemble"] = spec.ensemble
    if spec.pair_style:
        checks["pair_style"] = spec.pair_style.split("/")[0]
    if spec.temperature is not None and spec.ensemble in {"nvt", "npt", "langevin"}:
        final = getattr(spec, "temperature_end", None)  # a ramp ends (and is measured) at its final value
        checks["temperature"] = {"target": spec.temperature if final is None else final, "rtol": 0.15}
    if "rdf" in spec.outputs:
        checks["files"] = ["*rdf*"]
    return checks
