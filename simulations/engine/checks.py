"""Physical sanity of a finished run: did it do what the script asked, and is it sane?

A run that exits cleanly can still be nonsense (NaN energies, a thermostat that never
reached its target, energy not conserved in NVE, atoms overlapping at the start). Each
check reports its value, what was expected, and pass/fail. Targets come from the
validator's static picture of each run (Segment); measured values from the thermo blocks.
Units: temperatures in the script's temperature unit, pressures in its pressure unit.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass

from .logparse import ThermoBlock
from .validator import Segment

# Initial potential energy per atom above which atoms almost surely overlap.
OVERLAP_PE_PER_ATOM = {"lj": 10.0, "metal": 10.0, "real": 100.0}  # epsilon, eV, kcal/mol
PRESSURE_FLOOR = {"lj": 0.5, "metal": 1000.0, "real": 1000.0}  # reduced, bar, atm: fluctuations of small systems
TEMPERATURE_RTOL = 0.10
NVE_MAX_REL_DRIFT = 0.01
TAIL_FRACTION = 0.2  # "last part of each run": the last 20% of thermo rows


@dataclass
class Check:
    name: str
    passed: bool
    value: float | int | str | None
    expected: str
    message: str
    segment: int | None = None  # index of the run/minimize (0-based)

    def to_dict(self) -> dict:
        d = asdict(self)
        if isinstance(self.value, float) and not math.isfinite(self.value):
            d["value"] = str(self.value)
        return d


def _tail(values: list[float]) -> list[float]:
    n = max(1, int(round(len(values) * TAIL_FRACTION)))
    return values[-n:]


def column(block: dict | None, name: str) -> list[float]:
    """Finite values of one thermo column of a result's block (`RunResult.thermo[i]`)."""
    if not block or name not in block.get("columns", []):
        return []
    i = block["columns"].index(name)
    return [float(r[i]) for r in block["rows"] if isinstance(r[i], int | float) and math.isfinite(r[i])]


def tail_mean(block: dict | None, name: str) -> float | None:
    """Mean of a column over the last part of a run (TAIL_FRACTION of its rows)."""
    values = _tail(column(block, name))
    return statistics.fmean(values) if values else None


def _pair(blocks: list[ThermoBlock], segments: list[Segment]) -> list[tuple[int, ThermoBlock, Segment | None]]:
    """Match thermo blocks to the script's run/minimize commands.

    One-to-one when the counts agree; with loops (label/jump) they do not, and only the
    last block is matched to the last command.
    """
    if len(blocks) == len(segments):
        return [(i, b, s) for i, (b, s) in enumerate(zip(blocks, segments, strict=True))]
    pairs: list[tuple[int, ThermoBlock, Segment | None]] = [(i, b, None) for i, b in enumerate(blocks)]
    if blocks and segments:
        pairs[-1] = (len(blocks) - 1, blocks[-1], segments[-1])
    return pairs


def run_checks(blocks: list[ThermoBlock], segments: list[Segment], *, units: str, warnings: list[str],
               lost_atoms_allowed: bool = False) -> list[Check]:  # fmt: skip
    checks: list[Check] = []
    complete = [b for b in blocks if b.rows]
    if not complete:
        return checks
    # 1. finite thermo everywhere
    bad: list[str] = []
    for i, block in enumerate(complete):
        for row in block.rows:
            for col, value in zip(block.columns, row, strict=False):
                if isinstance(value, float) and not math.isfinite(value):
                    bad.append(f"{col} at step {row[0]} (run {i + 1})")
                    break
            if bad and len(bad) >= 3:
                break
    checks.append(
        Check(
            "finite_thermo",
            not bad,
            len(bad) if bad else 0,
            "no NaN or infinite thermo values",
            ("Non-finite values: " + "; ".join(bad[:3])) if bad else "All thermo values are finite.",
        )
    )
    # 2. no lost atoms
    lost_warnings = [w for w in warnings if "Lost atoms" in w]
    lost = 0
    for block in complete:
        atoms = block.column("Atoms")
        if atoms and atoms[-1] < atoms[0]:
            lost += int(atoms[0] - atoms[-1])
        elif block.atoms is not None and block.atoms_start is not None and block.atoms < block.atoms_start:
            lost += block.atoms_start - block.atoms  # `thermo_modify lost ignore` hides the warning
    if lost_atoms_allowed and lost:  # lost ignore and an open face: atoms leaving is the point (sputtering)
        checks.append(Check("no_lost_atoms", True, lost, "atoms may leave through an open face (lost ignore)",
                            f"{lost} atoms left the box, as the script allows."))  # fmt: skip
    else:
        checks.append(
            Check(
                "no_lost_atoms",
                not lost and not lost_warnings,
                lost,
                "atom count constant (no 'Lost atoms')",
                lost_warnings[0] if lost_warnings else (f"{lost} atoms lost" if lost else "No atoms were lost."),
            )
        )
    # 3. initial potential energy: overlapping atoms
    first = complete[0]
    pe_col = "PotEng" if "PotEng" in first.columns else ("E_pair" if "E_pair" in first.columns else None)
    threshold = OVERLAP_PE_PER_ATOM.get(units)
    if pe_col and threshold is not None and first.rows:
        pe = float(first.rows[0][first.columns.index(pe_col)])
        natoms = first.atoms or 0
        # thermo is normalised per atom by default only in lj units
        per_atom = pe if units == "lj" else (pe / natoms if natoms else None)
        if per_atom is not None and math.isfinite(per_atom):
            checks.append(
                Check(
                    "initial_potential_energy",
                    per_atom <= threshold,
                    round(per_atom, 6),
                    f"<= {threshold:g} per atom at the first step",
                    "Initial energy per atom is plausible."
                    if per_atom <= threshold
                    else "Very high initial energy: atoms probably overlap (check lattice constant/density).",
                )
            )
    # 4-6. per-run checks against the script's targets
    for index, block, segment in _pair(complete, segments):
        if segment is None or segment.kind != block.kind:
            continue
        if segment.kind == "minimize":
            crit = block.min_stats.get("stopping_criterion")
            if crit:
                converged = crit not in {"max iterations", "max force evaluations"}
                checks.append(
                    Check(
                        "minimization_converged",
                        converged,
                        crit,
                        "energy or force tolerance reached",
                        f"Minimization stopped on: {crit}.",
                        index,
                    )  # fmt: skip
                )
            continue
        ensemble = segment.ensemble
        temps = block.column("Temp")
        thermostat = segment.thermostat
        if thermostat and thermostat.get("target") is not None and temps and thermostat.get("group") == "all":
            target = float(thermostat["target"])
            start = thermostat.get("start")
            if start is not None and start != target:
                # A ramp: the last rows follow it, so compare with where it is over that stretch.
                target = float(start) + (1 - TAIL_FRACTION / 2) * (target - float(start))
            mean = statistics.fmean(_tail(temps))
            ok = abs(mean - target) <= TEMPERATURE_RTOL * abs(target) if target else abs(mean) < 1e-6
            checks.append(
                Check(
                    "temperature",
                    ok,
                    round(mean, 6),
                    f"{target:g} +/- {TEMPERATURE_RTOL:.0%} (mean of last {TAIL_FRACTION:.0%} of rows)",
                    f"Mean temperature {mean:.4g} vs target {target:g} (fix {thermostat['style']})."
                    + ("" if ok else " The run may be too short to equilibrate, or the damping too weak."),
                    index,
                )
            )
        barostat = segment.barostat
        press = block.column("Press")
        ramping = bool(thermostat and thermostat.get("start") not in (None, thermostat.get("target")))
        # Press is the trace of the stress: only a barostat on all three dimensions sets it.
        full = barostat and barostat.get("couple") in {"iso", "aniso", "tri"}
        if full and barostat.get("target") is not None and press and not ramping:
            target = float(barostat["target"])
            tail = _tail(press)
            mean = statistics.fmean(tail)
            sem = statistics.stdev(tail) / math.sqrt(len(tail)) if len(tail) > 1 else 0.0
            tol = max(PRESSURE_FLOOR.get(units, 0.0), 0.1 * abs(target), 3 * sem)
            ok = abs(mean - target) <= tol
            checks.append(
                Check(
                    "pressure",
                    ok,
                    round(mean, 6),
                    f"{target:g} +/- {tol:.3g}",
                    f"Mean pressure {mean:.4g} vs target {target:g} (fix {barostat['style']}).",
                    index,
                )
            )
        if ensemble == "nve":
            etot = block.column("TotEng")
            if etot and len(etot) >= 2 and all(math.isfinite(e) for e in etot):
                kin = block.column("KinEng")
                scale = max(abs(etot[0]), statistics.fmean(abs(k) for k in kin) if kin else 0.0, 1e-12)
                drift = abs(etot[-1] - etot[0]) / scale
                checks.append(
                    Check(
                        "energy_conservation",
                        drift <= NVE_MAX_REL_DRIFT,
                        float(f"{drift:.3g}"),
                        f"relative TotEng drift <= {NVE_MAX_REL_DRIFT:g}",
                        f"Total energy changed by {drift:.2e} (relative) over the NVE run."
                        + ("" if drift <= NVE_MAX_REL_DRIFT else " Reduce the timestep or check the cutoff."),
                        index,
                    )
                )
    return checks
