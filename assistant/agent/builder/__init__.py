"""Deterministic scripts from a plan: one template per process (bulk equilibration, melting,
cooling, deformation, transport, defects, surfaces, nanoparticles, deposition, impact, cracks,
flow, granular pouring, elastic constants, thermal expansion, vibrational spectrum, shock,
friction), composed from shared pieces (system, potential, velocities, output).

The builder writes a script only when the plan covers the whole request; otherwise `build`
returns None and `plan.declined` says why (the model may still try). Each template is written
the way the LAMMPS examples do it (examples/crack, flow, deposit, pour, indent, KAPPA,
VISCOSITY, ELASTIC, shock), with comments that tell the reader what each block does.
"""

from __future__ import annotations

from pathlib import Path

from ..evaluate import lines_do
from ..physics import PROCESS_NEEDS
from ..plan import Plan
from .collisions import cascade, deposition, granular, impact, nanoparticle, sputtering
from .crystals import (
    bulk,
    elastic,
    minimize,
    ramp,
    stacking_fault,
    surface_with_bulk,
    thermal_expansion,
    vacancy,
    vibrations,
)
from .interfaces import coexistence, grain_boundary, interdiffusion, nanotube
from .mechanics import crack, creep, deformation, equation_of_state, friction, indentation, shear, shock
from .molecular import alkane, data_file, polymer, random_walk_chains, water, water_molecule
from .pieces import RELAXATION, SEED, Script, comment
from .transport import flow, kapitza, thermal_conductivity, viscosity

__all__ = ["RELAXATION", "SEED", "TEMPLATES", "Script", "build", "comment", "random_walk_chains", "water_molecule"]


def build(plan: Plan, inputs: dict[str, Path] | None = None) -> str | None:
    if plan.declined:
        return None
    if plan.questions:
        plan.declined = "questions are open"
        return None
    template = TEMPLATES.get(plan.template, bulk)
    body = Script()
    if template(plan, body, inputs or {}) is None:
        return None
    for process in plan.not_built:
        needs = PROCESS_NEEDS[process]
        if not lines_do(needs.all_of, [line.strip() for line in body.lines]):
            plan.assume(f"NOT DONE by this script: {process.replace('_', ' ')} (the builder has no template for "
                        f"it; it needs {needs.what})")  # fmt: skip
    s = Script()
    s.add(comment(f"MDWeb: {plan.request[:300]}"))
    for a in plan.assumptions:
        s.add(comment(f"assumed: {a}"))
    for file, kind in plan.extra.get("files", {}).items():
        if kind == "log":  # the user named the log file
            s.add(f"log             {file}")
    s.lines += body.lines
    return s.text()


TEMPLATES = {
    "bulk": bulk, "equilibrate": bulk, "density": bulk, "rdf": bulk, "diffusion": bulk,
    "melting": ramp, "heating": ramp, "cooling": ramp, "solidification": ramp,
    "minimize": minimize, "vacancy": vacancy, "surface": surface_with_bulk,
    "tension": deformation, "cyclic": deformation, "creep": creep, "equation_of_state": equation_of_state, "compression": deformation, "shear": shear,
    "kapitza": kapitza, "thermal_conductivity": thermal_conductivity, "viscosity": viscosity,
    "nanoparticle": nanoparticle, "deposition": deposition, "sputtering": sputtering, "impact": impact, "cascade": cascade, "interdiffusion": interdiffusion, "coexistence": coexistence, "crack": crack, "flow": flow,
    "indentation": indentation, "granular": granular, "data_file": data_file,
    "elastic": elastic, "thermal_expansion": thermal_expansion, "phonon": vibrations, "shock": shock,
    "friction": friction, "stacking_fault": stacking_fault, "grain_boundary": grain_boundary, "nanotube": nanotube, "alkane": alkane, "water": water, "polymer": polymer,
}  # fmt: skip
