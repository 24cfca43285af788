"""Evaluate checks of a finished run from the script and the run itself, never from what a model
says: the MD-EvalBench vocabulary (evalbench/tasks/FORMAT.md, a copy of shared/evalbench/FORMAT.md,
including its process and physics checks) plus MDWeb's physical-sanity checks (`EXTRA`). The loop
(checks derived from the request by `physics.py`) and the benchmark use the same code.

Thermo averages use the engine's own column reader (`simulations.engine.checks`).
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from simulations.engine.checks import column, tail_mean
from simulations.engine.runner import FINAL_DUMP
from simulations.engine.scriptparse import parse
from simulations.engine.units import BAR

from .facts import ATOMS_PER_CELL

FORMAT_CHECKS = {"units", "natoms", "ntypes", "steps", "ensemble", "pair_style", "temperature", "pressure",
                 "energy_drift", "pe_per_atom", "files", "thermo_columns", "has", "pair_covers", "grows", "strain",
                 "temp_final_min", "temp_rise", "lj_cut_over_sigma", "number_density"}  # fmt: skip
# MDWeb's own physical-sanity checks (documented in evalbench/tasks/README.md).
EXTRA = {
    "process",
    "masses_match",
    "velocity_temperature",
    "pressure_max",
    "pressure_bar",
    "disordered",
    "not_lj_for",
    "temp_drop",
    "strain_any",
    "temp_peak_min",
    "temp_final_max",
    "density_contrast",
    "landed",
}
# Checks read from the final structure: the run must write it (the engine's final dump).
STRUCTURE_CHECKS = {"disordered", "density_contrast", "landed"}
KNOWN = FORMAT_CHECKS | EXTRA
BASIS = ATOMS_PER_CELL  # kept for callers that count atoms from cells


class UnknownCheck(ValueError):
    pass


@dataclass
class Verdict:
    name: str
    passed: bool
    value: object
    expected: object
    why: str = ""  # what was measured, in words, when it failed

    def to_dict(self) -> dict:
        return asdict(self)


# ---- what the script says -------------------------------------------------------------------


def script_facts(script: str) -> dict:
    facts: dict = {"units": "lj", "pair_style": None, "pair_args": [], "pair_coeffs": [], "fixes": [],
                   "minimize": False, "ntypes": None, "masses": {}, "velocity_create": [], "lines": [],
                   "read_data": [], "kept_fixes": []}  # fmt: skip
    live: dict[str, str] = {}  # fix id -> style, for the fixes not unfixed later (kept_fixes)
    try:
        commands = parse(script)
    except ValueError:
        return facts
    for cmd in commands:
        facts["lines"].append(" ".join(cmd.words))
        args = cmd.args
        if cmd.name == "units" and args:
            facts["units"] = args[0]
        elif cmd.name == "pair_style" and args:
            facts["pair_style"], facts["pair_args"] = args[0], args[1:]
        elif cmd.name == "pair_coeff":
            facts["pair_coeffs"].append(args)
        elif cmd.name == "fix" and len(args) >= 3:
            facts["fixes"].append(args[2])
            live[args[0]] = args[2]
        elif cmd.name == "unfix" and args:
            live.pop(args[0], None)
        elif cmd.name == "minimize":
            facts["minimize"] = True
        elif cmd.name == "create_box" and args:
            facts["ntypes"] = _int(args[0])
        elif cmd.name == "mass" and len(args) >= 2:
            value = _float(args[1])
            if value is not None:
                facts["masses"][args[0]] = value
        elif cmd.name == "velocity" and "create" in args:
            k = args.index("create")
            if k + 1 < len(args) and _float(args[k + 1]) is not None:
                facts["velocity_create"].append(_float(args[k + 1]))
        elif cmd.name == "read_data" and args:
            facts["read_data"].append(args[0])
    facts["kept_fixes"] = list(live.values())
    return facts


def ensemble_of(facts: dict) -> str | None:
    fixes = [f.split("/")[0] for f in facts["fixes"]]
    if "langevin" in fixes and ("nve" in fixes or "nph" in fixes):  # nph beside it: Langevin at constant pressure
        return "langevin"
    for name in ("npt", "nph", "nvt"):
        if name in fixes:
            return name
    if "nve" in fixes and any(f.startswith(("temp/berendsen", "temp/csvr", "temp/csld", "temp/rescale"))
                              for f in facts.get("kept_fixes", []) if "nve" in facts.get("kept_fixes", [])):  # fmt: skip
        # a velocity-rescaling thermostat kept to the end keeps the temperature (canonical for csvr);
        # one used only to equilibrate before an NVE run (Green-Kubo) leaves an NVE run
        return "nvt"
    if "nve" in fixes:
        return "nve"
    if facts["minimize"]:
        return "minimize"
    return None


def _int(word: str) -> int | None:
    try:
        return int(word)
    except ValueError:
        return None


def _float(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None


# ---- what the run says ----------------------------------------------------------------------


class RunView:
    """The facts of one finished run the checks read: thermo blocks, final state, log text."""

    def __init__(self, script: str, result: dict) -> None:
        self.script = script
        self.result = result
        self.facts = script_facts(script)
        self.blocks = [b for b in result.get("thermo") or [] if b.get("rows")]
        self.workdir = Path(result.get("workdir") or ".")
        self._log: str | None = None

    @property
    def last(self) -> dict | None:
        return self.blocks[-1] if self.blocks else None

    @property
    def final(self) -> dict:
        return self.result.get("final_state") or {}

    def log(self) -> str:
        if self._log is None:
            path = self.workdir / "screen.log"
            self._log = path.read_text(errors="replace") if path.is_file() else ""
        return self._log

    def created_atoms(self) -> int:
        """Atoms made by create_atoms and read_data (deposition and pouring add more later)."""
        text = self.log()
        created = sum(int(n) for n in re.findall(r"Created (\d+) atoms", text))
        created += sum(int(n) for n in re.findall(r"(?m)^\s+(\d+) atoms\s*$", text))
        return created

    def first_box(self) -> tuple[float, float, float] | None:
        m = re.search(r"(?:orthogonal|triclinic) box = \(([^)]*)\) to \(([^)]*)\)", self.log())
        if not m:
            return None
        lo = [float(x) for x in m.group(1).split()]
        hi = [float(x) for x in m.group(2).split()]
        return tuple(h - lo_ for lo_, h in zip(lo, hi, strict=False))  # type: ignore[return-value]


# ---- the checks -------------------------------------------------------------------------------

Result = tuple[bool, object, str]


def _units(v: RunView, expected) -> Result:
    return v.facts["units"] == expected, v.facts["units"], ""


def _natoms(v: RunView, expected) -> Result:
    value = v.result.get("natoms")
    if isinstance(expected, dict):
        ok = value is not None and expected.get("min", -1) <= value <= expected.get("max", math.inf)
    else:
        ok = value == expected
    return ok, value, ""


def _steps(v: RunView, expected) -> Result:
    # Summed over every run, so a ramp followed by a hold counts both (and reset_timestep is harmless).
    value = 0
    for b in v.blocks:
        if b.get("kind", "run") != "run":
            continue  # minimiser iterations are not MD steps
        steps = column(b, "Step")
        value += int(steps[-1] - steps[0]) if len(steps) >= 2 else 0
    return value >= expected, value, ""


def _temperature(v: RunView, expected) -> Result:
    value = tail_mean(v.last, "Temp")
    ok = value is not None and abs(value - expected["target"]) <= expected.get("rtol", 0.1) * abs(expected["target"])
    return ok, _round(value), ""


def _pressure(v: RunView, expected) -> Result:
    value = tail_mean(v.last, "Press")
    return value is not None and abs(value - expected["target"]) <= expected["atol"], _round(value), ""


def _energy_drift(v: RunView, expected) -> Result:
    etot = column(v.last, "TotEng")
    value = abs(etot[-1] - etot[0]) / abs(etot[0]) if len(etot) >= 2 and etot[0] else None
    return value is not None and value <= expected["max_rel"], value, ""


def _pe_per_atom(v: RunView, expected) -> Result:
    pe = column(v.last, "PotEng") or column(v.last, "E_pair")
    natoms = v.result.get("natoms") or 0
    if not pe or not natoms:
        return False, None, "no potential energy in the thermo output"
    value = pe[-1] if v.facts["units"] == "lj" and "norm no" not in v.script else pe[-1] / natoms
    return abs(value - expected["target"]) <= expected["atol"], round(value, 6), ""


def _files(v: RunView, expected) -> Result:
    files = v.result.get("files") or ([str(p.relative_to(v.workdir)) for p in v.workdir.rglob("*")]
                                      if v.workdir.is_dir() else [])  # fmt: skip
    missing = [pat for pat in expected if not any(fnmatch.fnmatch(f, pat) for f in files)]
    return not missing, missing or "all present", ""


def _thermo_columns(v: RunView, expected) -> Result:
    cols = {c for b in v.result.get("thermo") or [] for c in b.get("columns", [])}
    missing = [c for c in expected if c not in cols]
    return not missing, missing or "all present", ""


def _has(v: RunView, expected) -> Result:
    missing = [rx for rx in expected if not any(re.search(rx, line, re.I) for line in v.facts["lines"])]
    return not missing, missing or "all present", "no command matches " + ", ".join(missing) if missing else ""


def lines_do(all_of, lines) -> bool:
    """Each pattern matches some line (what a script needs to do a process: physics.PROCESS_NEEDS)."""
    return all(any(re.search(rx, line, re.I) for line in lines) for rx in all_of)


def _process(v: RunView, expected) -> Result:
    """{process: {"what": words, "all_of": [patterns]}}: each process the request asks for is done by
    some command (one line matching each pattern)."""
    missing = [name for name, needs in expected.items() if not lines_do(needs["all_of"], v.facts["lines"])]
    why = "; ".join(f"the request asks for {name.replace('_', ' ')}, but no command does it (it needs "
                    f"{expected[name]['what']})" for name in missing)  # fmt: skip
    return not missing, missing or "all present", why


def covered_elements(facts: dict) -> set[str]:
    """Elements the interatomic potential covers: symbols after the file in pair_coeff lines,
    and the symbols in the potential file's own name."""
    from ase.data import chemical_symbols

    out: set[str] = set()
    for args in facts["pair_coeffs"]:
        if "zbl" in args[:3]:  # pair_coeff i j [zbl] Z_i Z_j: the screened nuclear repulsion of those elements
            after = [int(w) for w in args[args.index("zbl") + 1 :] if w.isdigit()]
            numbers = after[1:3] if len(after) >= 3 else after[:2]  # "zbl 2 29 18": the second zbl instance
            out |= {chemical_symbols[z] for z in numbers if 0 < z < len(chemical_symbols)}
        files = [i for i, w in enumerate(args) if "." in w and _float(w) is None]
        for i in files:
            out |= {w for w in args[i + 1 :] if re.fullmatch(r"[A-Z][a-z]?", w)}
            stem = Path(args[i]).name.split(".")[0]
            out |= set(re.findall(r"[A-Z][a-z]?", stem))
    return out


def _pair_covers(v: RunView, expected) -> Result:
    covered = covered_elements(v.facts)
    missing = [e for e in expected if e not in covered]
    return not missing, sorted(covered), f"the potential does not cover {', '.join(missing)}" if missing else ""


def _grows(v: RunView, expected) -> Result:
    end = v.final.get("atoms")
    start = v.created_atoms()
    value = {"created": start, "end": end}
    return bool(expected) == (end is not None and end > start), value, ""


def _strain(v: RunView, expected) -> Result:
    box = v.first_box()
    dim = expected.get("dim", "x")
    end = v.final.get(f"l{dim}")
    if not box or end is None:
        return False, None, "box lengths not found"
    start = box["xyz".index(dim)]
    value = end / start - 1 if start else None
    return value is not None and value >= expected["min"], _round(value), ""


def _temp_final_min(v: RunView, expected) -> Result:
    value = tail_mean(v.last, "Temp")
    return value is not None and value >= expected, _round(value), ""


def _temp_peak_min(v: RunView, expected) -> Result:
    """The hottest the run got (thermo Temp over every run block), for melt-and-quench runs."""
    temps = [t for block in v.blocks for t in column(block, "Temp")]
    value = max(temps) if temps else None
    return value is not None and value >= expected, _round(value), ""


def _temp_final_max(v: RunView, expected) -> Result:
    value = tail_mean(v.last, "Temp")
    return value is not None and value <= expected, _round(value), ""


def _temp_rise(v: RunView, expected) -> Result:
    first = column(v.blocks[0], "Temp") if v.blocks else []
    start = sum(first[: max(1, len(first) // 5)]) / max(1, len(first[: max(1, len(first) // 5)])) if first else None
    end = tail_mean(v.last, "Temp")
    value = end - start if end is not None and start is not None else None
    return value is not None and value >= expected, _round(value), ""


def lj_cut_over_sigma(facts: dict) -> float | None:
    style = facts["pair_style"] or ""
    if not style.startswith("lj") and "lj/" not in " ".join(facts["pair_args"]):
        return None
    numbers = [_float(a) for a in facts["pair_args"] if _float(a) is not None]
    cutoff = numbers[0] if numbers else None
    for args in facts["pair_coeffs"]:
        nums = [_float(a) for a in args[2:] if _float(a) is not None]
        if len(nums) >= 2:
            sigma = nums[1]
            if len(nums) >= 3:
                cutoff = nums[2]
            return cutoff / sigma if cutoff and sigma else None
    return None


def _lj_cut_over_sigma(v: RunView, expected) -> Result:
    value = lj_cut_over_sigma(v.facts)
    return value is not None and value >= expected, _round(value), ""


def _number_density(v: RunView, expected) -> Result:
    atoms, vol = v.final.get("atoms"), v.final.get("vol")
    value = atoms / vol if atoms and vol else None
    ok = value is not None and abs(value - expected["target"]) <= expected.get("rtol", 0.1) * expected["target"]
    return ok, _round(value), ""


def _masses_match(v: RunView, expected) -> Result:
    """expected: {element: mass}. Every named element has a type with its mass, and no type has a
    mass that belongs to none of them."""
    masses = list(v.facts["masses"].values())
    if not masses:
        return True, "masses from the data file", ""
    close = lambda m, ref: abs(m - ref) <= 0.02 * ref  # noqa: E731
    missing = [el for el, ref in expected.items() if not any(close(m, ref) for m in masses)]
    strange = [m for m in masses if not any(close(m, ref) for ref in expected.values())]
    why = "; ".join(([f"no atom type has the mass of {', '.join(missing)}"] if missing else [])
                    + ([f"mass(es) {', '.join(f'{m:g}' for m in strange)} match no named element"] if strange else []))  # fmt: skip
    return not missing and not strange, masses, why


def _velocity_temperature(v: RunView, expected) -> Result:
    created = v.facts["velocity_create"]
    if not created:
        return True, "no velocity create", ""
    lo, hi = expected.get("min_ratio", 0.4), expected.get("max_ratio", 2.5)
    bad = [t for t in created if not lo * expected["target"] <= t <= hi * expected["target"]]
    return not bad, created, f"velocities created for {bad[0]:g} for a target of {expected['target']:g}" if bad else ""


def _pressure_max(v: RunView, expected) -> Result:
    """expected: {"abs": P} in the script's pressure unit, or {"abs": {units: P, ...}}."""
    limit = expected["abs"]
    if isinstance(limit, dict):
        limit = limit.get(v.facts["units"])
        if limit is None:
            return True, None, ""
    value = tail_mean(v.last, "Press")
    if value is None:  # not in the thermo output: the density checks still see a wrong box
        return True, "not in the thermo output", ""
    return abs(value) <= limit, _round(value), \
        f"|P| = {abs(value):.4g} is implausible for a condensed system at rest (at most {limit:g})"  # fmt: skip


def _pressure_bar(v: RunView, expected) -> Result:
    """expected: {"target": bar, "atol": bar}; the script's pressure unit is converted."""
    scale = BAR.get(v.facts["units"])
    if scale is None:
        return False, None, f"pressure in bar has no meaning in units {v.facts['units']}"
    value = tail_mean(v.last, "Press")
    bar = value / scale if value is not None else None
    return bar is not None and abs(bar - expected["target"]) <= expected["atol"], _round(bar), ""


def _temp_drop(v: RunView, expected) -> Result:
    first = column(v.blocks[0], "Temp") if v.blocks else []
    start = sum(first[: max(1, len(first) // 5)]) / max(1, len(first[: max(1, len(first) // 5)])) if first else None
    end = tail_mean(v.last, "Temp")
    value = start - end if end is not None and start is not None else None
    return value is not None and value >= expected, _round(value), ""


def _strain_any(v: RunView, expected) -> Result:
    box = v.first_box()
    if not box:
        return False, None, "box lengths not found"
    strains = [abs(v.final[f"l{d}"] / b - 1) for d, b in zip("xyz", box, strict=False)
               if v.final.get(f"l{d}") and b]  # fmt: skip
    value = max(strains) if strains else None
    return value is not None and value >= expected["min"], _round(value), ""


def _disordered(v: RunView, expected) -> Result:
    from .structure import disordered_fraction

    value = disordered_fraction(v.workdir / FINAL_DUMP)
    if value is None:
        return False, None, "no final structure to analyse"
    ok = expected.get("min", 0.0) <= value <= expected.get("max", 1.0)
    return ok, round(value, 3), ""


def _density_contrast(v: RunView, expected) -> Result:
    """expected: {"min": ratio}: a dense phase and a dilute one side by side along z (a liquid slab and
    its vapour), from the final structure."""
    from .structure import density_contrast

    value = density_contrast(v.workdir / FINAL_DUMP)
    if value is None:
        return False, None, "no final structure to analyse"
    ok = value >= expected.get("min", 5.0)
    return ok, round(value, 1), "" if ok else "no dense and dilute phases side by side: one phase fills the box"


def _landed(v: RunView, expected) -> Result:
    """expected: True: the atoms added during the run reached the surface (at most a quarter of them, or 3,
    still in flight at the end), from the final structure."""
    from .structure import floating_atoms

    floating = floating_atoms(v.workdir / FINAL_DUMP)
    if floating is None:
        return False, None, "no final structure to analyse"
    end, start = v.final.get("atoms"), v.created_atoms()
    added = max(0, (end or 0) - start)
    ok = floating <= max(3, 0.25 * added)
    why = (
        ""
        if ok
        else f"{floating} of the {added} added atoms are still above the surface: are they integrated (fix nve on their group)?"
    )
    return ok, {"floating": floating, "added": added}, why


def _not_lj_for(v: RunView, expected) -> Result:
    """expected: elements that have a real potential in the library: an LJ model for them is a
    silent substitution unless the request asked for LJ."""
    style = v.facts["pair_style"] or ""
    is_lj = style.startswith("lj") and not covered_elements(v.facts)
    return not is_lj, style, f"a generic Lennard-Jones model for {', '.join(expected)}" if is_lj else ""


def _ntypes(v: RunView, expected) -> Result:
    return v.facts["ntypes"] == expected, v.facts["ntypes"], ""


def _ensemble(v: RunView, expected) -> Result:
    """The named ensemble is the one of the production run: the fixes kept to the end (a ramp in NPT
    before an NPH hold is fine), else any integrator of the script."""
    final = ensemble_of({**v.facts, "fixes": v.facts.get("kept_fixes", [])}) if v.facts.get("kept_fixes") else None
    value = final if final == expected else ensemble_of(v.facts)
    return value == expected, value, ""


def _pair_style(v: RunView, expected) -> Result:
    value = v.facts["pair_style"]
    return bool(value) and value.startswith(expected), value, ""


CHECKS: dict[str, Callable[[RunView, object], Result]] = {
    "units": _units, "natoms": _natoms, "ntypes": _ntypes, "steps": _steps, "ensemble": _ensemble,
    "pair_style": _pair_style, "temperature": _temperature, "pressure": _pressure, "energy_drift": _energy_drift,
    "pe_per_atom": _pe_per_atom, "files": _files, "thermo_columns": _thermo_columns, "has": _has, "process": _process,
    "pair_covers": _pair_covers, "grows": _grows, "strain": _strain, "temp_final_min": _temp_final_min,
    "temp_rise": _temp_rise, "lj_cut_over_sigma": _lj_cut_over_sigma, "number_density": _number_density,
    "masses_match": _masses_match, "velocity_temperature": _velocity_temperature, "pressure_max": _pressure_max,
    "pressure_bar": _pressure_bar, "disordered": _disordered, "density_contrast": _density_contrast, "landed": _landed, "not_lj_for": _not_lj_for, "temp_drop": _temp_drop,
    "strain_any": _strain_any, "temp_peak_min": _temp_peak_min, "temp_final_max": _temp_final_max,
}  # fmt: skip
assert set(CHECKS) == KNOWN


def _round(value):
    return round(value, 6) if isinstance(value, float) else value


def evaluate(checks: dict, script: str, result: dict) -> list[Verdict]:
    unknown = set(checks) - KNOWN
    if unknown:
        raise UnknownCheck(f"unknown check(s): {', '.join(sorted(unknown))}")
    view = RunView(script, result)
    out = []
    for name, expected in checks.items():
        ok, value, why = CHECKS[name](view, expected)
        out.append(Verdict(name, bool(ok), value, expected, "" if ok else why))
    return out


def checks_from_spec(spec) -> dict:
    """What the plan fixed (numbers the user gave), as checks the loop verifies after the run."""
    checks: dict = {}
    if spec.units:
        checks["units"] = spec.units
    basis = ATOMS_PER_CELL.get(spec.lattice or "")
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
