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

import dataclasses
import math
import re
from pathlib import Path

import numpy as np

from simulations.engine.units import KB

from . import datafile, facts
from .evaluate import lines_do
from .facts import element
from .physics import PROCESS_NEEDS
from .plan import Plan, melting_point

SEED = 4928459


class Script:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> Script:
        self.lines.extend(lines)
        return self

    def section(self, title: str) -> Script:
        self.lines += ["", f"# ---- {title}"]
        return self

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


def comment(text: str) -> str:
    """One comment line: no line breaks, and never a trailing & (LAMMPS would join the next line)."""
    return "# " + " ".join(str(text).split()).rstrip("&").rstrip()


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


# ---- shared pieces -----------------------------------------------------------------------------


def ntypes(plan: Plan) -> int:
    return max(1, len(plan.elements), (plan.lj or {}).get("types", 0))


def setup(s: Script, plan: Plan, boundary: str = "p p p") -> None:
    s.section("units and box")
    s.add(f"units           {plan.units}")
    if plan.dimension == 2:
        s.add("dimension       2")
        boundary = boundary.rsplit(" ", 1)[0] + " p"
    s.add("atom_style      " + ("charge" if plan.extra.get("ionic") else "atomic"), f"boundary        {boundary}")


def lattice_line(plan: Plan) -> str:
    custom = facts.CUSTOM_LATTICES.get(plan.lattice)
    if custom:
        cell = " ".join(f"a{i + 1} " + " ".join(f"{v:.7g}" if j == i else "0" for j in range(3))
                        for i, v in enumerate(custom["cell"]))  # fmt: skip
        basis = " ".join("basis " + " ".join(f"{x:.6g}" for x in xyz) for xyz in custom["basis"])
        return f"lattice         custom {plan.a:g} {cell} {basis}"
    orient = plan.extra.get("orient")
    if orient:
        return f"lattice         {plan.lattice} {plan.a:g} " + " ".join(
            f"orient {d} {v}" for d, v in zip("xyz", orient, strict=True)
        )
    return f"lattice         {plan.lattice} {plan.a:g}"


def region_box(plan: Plan, nx: float, ny: float, nz: float, z0: float = 0.0, name: str = "box") -> str:
    if plan.dimension == 2:
        return f"region          {name} block 0 {nx:g} 0 {ny:g} -0.5 0.5"
    return f"region          {name} block 0 {nx:g} 0 {ny:g} {z0:g} {nz:g}"


def fill(s: Script, plan: Plan, region: str = "box") -> None:
    """create_atoms of the plan's material into a region (random alloy or ordered compound)."""
    basis = plan.extra.get("basis")
    if basis:
        words = " ".join(f"basis {i} {t + 1}" for t, el in enumerate(plan.elements) for i in basis.get(el, []))
        s.add(f"create_atoms    1 region {region} {words}")
        return
    s.add(f"create_atoms    1 region {region}")
    if ntypes(plan) > 1 and len(plan.fractions) == ntypes(plan):
        # Each type takes its share of the atoms still of type 1 (set would overwrite earlier types).
        left = plan.fractions[0] + sum(plan.fractions[1:])
        for t, frac in enumerate(plan.fractions[1:], start=2):
            s.add(f"group           host{t} type 1",
                  f"set             group host{t} type/fraction {t} {min(1.0, frac / left):.6g} {SEED + t}")  # fmt: skip
            left -= frac


def masses(s: Script, plan: Plan, ntype: int | None = None) -> None:
    if plan.units == "lj" or not plan.masses:
        s.add("mass            * 1.0")
        return
    for t, m in enumerate(plan.masses, start=1):
        s.add(f"mass            {t} {m:g}  # {plan.elements[t - 1]}")
    for t in range(len(plan.masses) + 1, (ntype or len(plan.masses)) + 1):
        s.add(f"mass            {t} {plan.masses[0]:g}")


def potential(s: Script, plan: Plan, ntype: int | None = None) -> None:
    n = ntype or ntypes(plan)
    s.section("interactions")
    if plan.pair_style.startswith("lj"):
        lj = plan.lj or {"epsilon": 1.0, "sigma": 1.0, "cutoff": 2.5}
        if lj.get("pairs"):  # a mixture with its own pair parameters, each pair cut at rc * its sigma
            s.add(f"pair_style      lj/cut {lj['cutoff']:g}")
            for (i, j), p in sorted(lj["pairs"].items()):
                s.add(f"pair_coeff      {i} {j} {p['epsilon']:g} {p['sigma']:g} {lj['cutoff'] * p['sigma']:.4g}")
        elif lj.get("per_type"):  # one species per type, unlike pairs mixed
            s.add(f"pair_style      lj/cut {lj['cutoff']:g}")
            for t, (eps, sig) in enumerate(lj["per_type"], start=1):
                s.add(f"pair_coeff      {t} {t} {eps:g} {sig:g}")
            s.add(f"pair_modify     mix {lj.get('mix', 'arithmetic')}")
        else:
            s.add(f"pair_style      lj/cut {lj['cutoff']:g}", f"pair_coeff      * * {lj['epsilon']:g} {lj['sigma']:g}")
        if lj["cutoff"] < 1.2 * lj["sigma"]:
            s.add("pair_modify     shift yes")
    elif plan.pair_style == "eam":
        style, named = pair_style_words(plan)
        s.add(f"pair_style      {style}")
        for t in range(1, n + 1):
            s.add(f"pair_coeff      {t} {t} {named}{plan.potential_file}")
        zbl_coeffs(s, plan, n)
    elif plan.pair_style == "born/coul/long":
        model = facts.IONIC_MODELS[plan.extra["ionic"]]
        for t, el in enumerate(plan.elements, start=1):
            s.add(f"set             type {t} charge {model['charges'][el]:g}")
        s.add(f"pair_style      born/coul/long {model['cutoff']:g}")
        for (a, b), coeffs in model["pairs"].items():
            i, j = sorted((plan.elements.index(a) + 1, plan.elements.index(b) + 1))
            s.add(f"pair_coeff      {i} {j} " + " ".join(f"{c:g}" for c in coeffs) + f"  # {a}-{b}")
        s.add("kspace_style    pppm 1.0e-5")
    elif plan.pair_style == "meam":
        from .grounding import meam_library

        names = " ".join((plan.elements + [plan.elements[0]] * n)[:n])
        library, library_elements = meam_library(plan.potential_file)
        s.add("pair_style      meam",
              f"pair_coeff      * * {library} {' '.join(library_elements)} {plan.potential_file} {names}")  # fmt: skip
    else:
        names = " ".join((plan.elements + [plan.elements[0]] * n)[:n])
        style, named = pair_style_words(plan, AIREBO_ARGS if plan.pair_style in {"airebo", "airebo/morse"} else "")
        s.add(f"pair_style      {style}", f"pair_coeff      * * {named}{plan.potential_file} {names}")
        zbl_coeffs(s, plan, n)
    s.add(
        "neighbor        " + ("0.3 bin" if plan.units == "lj" else "2.0 bin"),
        "neigh_modify    delay 0 every 1 check yes",
    )


# A ZBL core overlaid on a file without one (plan.extra["zbl_overlay"]): switched on below ZBL_INNER and
# off by ZBL_OUTER (A), well inside the nearest-neighbour distance, so the crystal's properties are unchanged.
ZBL_INNER, ZBL_OUTER = 1.0, 1.5


def pair_style_words(plan: Plan, args: str = "") -> tuple[str, str]:
    """The pair_style's arguments, and the word each of the file's pair_coeff lines needs before the
    file: hybrid/overlay with ZBL names the sub-style there."""
    if plan.extra.get("zbl_overlay"):
        return f"hybrid/overlay {plan.pair_style}{args} zbl {ZBL_INNER:.1f} {ZBL_OUTER:.1f}", f"{plan.pair_style} "
    return f"{plan.pair_style}{args}", ""


def zbl_coeffs(s: Script, plan: Plan, n: int) -> None:
    """The overlaid ZBL's pair_coeff for each pair of types: their atomic numbers."""
    if not plan.extra.get("zbl_overlay"):
        return
    from ase.data import atomic_numbers

    z = [atomic_numbers[e] for e in (plan.elements + [plan.elements[0]] * n)[:n]]
    for i in range(1, n + 1):
        for j in range(i, n + 1):
            s.add(f"pair_coeff      {i} {j} zbl {z[i - 1]} {z[j - 1]}")


def tdamp(plan: Plan) -> float:
    return round(facts.TDAMP_STEPS * plan.timestep, 6)


def pdamp(plan: Plan) -> float:
    return round(facts.PDAMP_STEPS * plan.timestep, 6)


# AIREBO's LJ cutoff scale (3 sigma) and its LJ and torsion terms switched on, as in examples/airebo.
AIREBO_ARGS = " 3.0 1 1"
# The thermostatted counterpart of an ensemble without a thermostat (a ramp needs one).
THERMOSTATTED = {"nve": "nvt", "nph": "npt"}


def box_coupling(plan: Plan, couple: str = "iso") -> str:
    """iso, except for a hexagonal or tetragonal crystal, whose a and c relax apart (aniso)."""
    return "aniso" if couple == "iso" and plan.lattice in facts.NONCUBIC_LATTICES else couple


def thermostat(plan: Plan, t0: float, t1: float, group: str = "all", fix: str = "1", couple: str = "iso") -> str:
    couple = box_coupling(plan, couple)
    if plan.ensemble == "npt" and plan.pressure is not None:
        p = plan.pressure
        dims = couple if plan.dimension == 3 else "x {p} {p} {d} y {p} {p} {d}".format(p=f"{p:g}", d=pdamp(plan))
        press = f"{dims} {p:g} {p:g} {pdamp(plan):g}" if plan.dimension == 3 else dims
        return f"fix             {fix} {group} npt temp {t0:g} {t1:g} {tdamp(plan):g} {press}"
    if plan.ensemble == "nph" and plan.pressure is not None:  # no thermostat: the velocities set the temperature
        p = plan.pressure
        return f"fix             {fix} {group} nph {couple} {p:g} {p:g} {pdamp(plan):g}"
    kind = plan.extra.get("thermostat")
    if plan.ensemble == "nvt" and kind:
        args = {"berendsen": f"{t0:g} {t1:g} {tdamp(plan):g}", "csvr": f"{t0:g} {t1:g} {tdamp(plan):g} {SEED % 100000}",
                "rescale": f"10 {t0:g} {t1:g} {0.02 * t1:g} 1.0"}[kind]  # fmt: skip
        return f"fix             {fix} {group} nve\nfix             {fix}t {group} temp/{kind} {args}"
    if plan.ensemble == "langevin":
        integrate = f"nph {couple} {plan.pressure:g} {plan.pressure:g} {pdamp(plan):g}" if plan.pressure is not None \
            else "nve"  # Langevin at constant pressure: fix nph beside it  # fmt: skip
        return f"fix             {fix} {group} {integrate}\nfix             {fix}t {group} langevin {t0:g} {t1:g} {tdamp(plan):g} {SEED % 100000}"
    if plan.ensemble == "nve":
        return f"fix             {fix} {group} nve"
    return f"fix             {fix} {group} nvt temp {t0:g} {t1:g} {tdamp(plan):g}"


def velocities(s: Script, t: float, group: str = "all") -> None:
    s.add(f"velocity        {group} create {t:g} {SEED} mom yes rot yes dist gaussian")


def thermo(s: Script, plan: Plan, extra: str = "") -> None:
    s.section("output")
    cols = "step temp pe ke etotal press vol"
    if plan.units != "lj":
        cols += " density"
    s.add(f"thermo_style    custom {cols}{(' ' + extra) if extra else ''}", f"thermo          {plan.thermo_every}")


def output_file(plan: Plan, kind: str, default: str) -> str:
    """The file name the user asked for this output, else ours."""
    return next((name for name, k in plan.extra.get("files", {}).items() if k == kind), default)


# thermo quantities a user asks to have written to a file, as LAMMPS variables
QUANTITY_VARIABLES = {"step": "step", "temp": "temp", "vol": "vol", "press": "press", "etotal": "etotal", "pe": "pe",
                      "density": "density"}  # fmt: skip


def outputs(s: Script, plan: Plan, name: str = "all") -> None:
    if "rdf" in plan.outputs:
        pairs = ""
        if ntypes(plan) > 1:  # partial RDFs: every pair of types
            n = ntypes(plan)
            pairs = " " + " ".join(f"{i} {j}" for i in range(1, n + 1) for j in range(i, n + 1))
        repeat = 10 if plan.steps >= 2000 else 1  # average g(r) over 10 samples when the run is long enough
        s.add(f"compute         rdf all rdf 100{pairs}",
              f"fix             rdf all ave/time 100 {repeat} {100 * repeat} c_rdf[*] file "
              f"{output_file(plan, 'rdf', 'rdf.dat')} mode vector")  # fmt: skip
    if "msd" in plan.outputs:
        s.add("compute         msd all msd com yes",
              f"fix             msd all ave/time 100 1 100 c_msd[4] file {output_file(plan, 'msd', 'msd.dat')}")  # fmt: skip
    if "dump" in plan.outputs:
        every = plan.extra.get("dump_every") or max(100, plan.steps // 50)
        file = output_file(plan, "dump", "dump.lammpstrj")
        if file.endswith(".xyz"):
            s.add(f"dump            traj {name} xyz {every} {file}")
        else:
            s.add(f"dump            traj {name} custom {every} {file} id type x y z")
    for index, (file, kind) in enumerate(plan.extra.get("files", {}).items()):
        if not kind.startswith("thermo:"):
            continue
        names = []
        for q in ["step"] + [q for q in kind.split(":", 1)[1].split(",") if q != "step"]:
            if q == "lattice":
                s.add(f"variable        out_a equal lx/{plan.cells[0]}")
                names.append("v_out_a")
            elif q in QUANTITY_VARIABLES:
                s.add(f"variable        out_{q} equal {QUANTITY_VARIABLES[q]}")
                names.append(f"v_out_{q}")
        every = max(10, plan.thermo_every)
        s.add(f"fix             out{index} all ave/time 1 1 {every} {' '.join(names)} file {file}")


def timestep(s: Script, plan: Plan) -> None:
    s.add(f"timestep        {plan.timestep:g}")


def enforce2d(s: Script, plan: Plan) -> None:
    if plan.dimension == 2:
        s.add("fix             2d all enforce2d")


def crystal(s: Script, plan: Plan, nx: float, ny: float, nz: float, boundary: str = "p p p") -> None:
    """Units, a lattice block filled with the plan's material, its masses and its potential."""
    setup(s, plan, boundary=boundary)
    if plan.lattice == "graphene":
        sheet(s, plan, nx, ny)
    else:
        s.add(lattice_line(plan), region_box(plan, nx, ny, nz), f"create_box      {ntypes(plan)} box")
        fill(s, plan)
    masses(s, plan)
    potential(s, plan)


def sheet(s: Script, plan: Plan, nx: float, ny: float) -> None:
    """A graphene sheet at z = 0: a rectangular custom lattice, one layer of it, vacuum in z."""
    g = facts.GRAPHENE
    basis = " ".join(f"basis {x:.6g} {y:.6g} 0" for x, y in g["basis"])
    half = g["vacuum"] / plan.a
    s.add(f"lattice         custom {plan.a:g} a1 1 0 0 a2 0 {math.sqrt(3):.7f} 0 a3 0 0 1 {basis}",
          f"region          box block 0 {nx:g} 0 {ny:g} {-half:.3f} {half:.3f}",
          f"create_box      {ntypes(plan)} box",
          "region          sheet block INF INF INF INF -0.01 0.01 units box",
          "create_atoms    1 region sheet")  # fmt: skip


def hot(plan: Plan) -> float:
    """A temperature at which the plan's crystal melts within a few thousand steps."""
    points = [element(e).melting_K for e in plan.elements if element(e) and element(e).melting_K]
    if plan.units == "lj":
        return 2.0
    return round(2.0 * min(points)) if points else 3000.0


def premelt(s: Script, plan: Plan) -> None:
    """A liquid started from a lattice at the liquid's density: melt it hot first (plan.extra["premelt"])."""
    if plan.extra.get("premelt"):
        t_melt = hot(plan)
        s.add(comment(f"melt the starting lattice at {t_melt:g}, then bring the liquid to {plan.temperature:g}"),
              f"fix             melt all nvt temp {t_melt:g} {t_melt:g} {tdamp(plan):g}", "run             3000",
              "unfix           melt")  # fmt: skip


# ---- templates ------------------------------------------------------------------------------------


def bulk(plan: Plan, s: Script, inputs) -> bool:
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    s.section("initial state")
    timestep(s, plan)
    if plan.extra.get("premelt") or plan.units == "lj" or plan.ensemble == "minimize":
        velocities(s, plan.temperature)
    else:
        s.add(comment("a crystal shares its kinetic energy with the potential energy: start at twice the target"))
        velocities(s, 2 * plan.temperature)
    premelt(s, plan)
    if plan.ensemble == "minimize":
        return minimize(plan, s, inputs, setup_done=True)
    relax_volume(s, plan)
    s.section("dynamics")
    s.add(thermostat(plan, plan.temperature, plan.temperature))
    enforce2d(s, plan)
    swaps = atom_swaps(s, plan)
    extra = " ".join((["c_msd[4]"] if "msd" in plan.outputs else []) + swaps)
    if "msd" in plan.outputs:
        outputs(s, plan)
        thermo(s, plan, extra)
    else:
        thermo(s, plan, extra)
        outputs(s, plan)
    s.add(f"run             {plan.steps}")
    if "msd" in plan.outputs and plan.dimension == 3:
        s.add("variable        D equal c_msd[4]/(6*step*dt)",
              'print           "Diffusion coefficient estimate (MSD/6t): ${D} (length^2/time units)"')  # fmt: skip
    return True


def atom_swaps(s: Script, plan: Plan) -> list[str]:
    """Hybrid MD/MC when asked: every 100 steps, 10 attempted swaps of unlike atoms per pair of types,
    accepted by the Metropolis rule at the run's temperature (fix atom/swap, canonical: the composition
    stays). Returns the thermo columns with the accepted swaps."""
    n = ntypes(plan)
    if not plan.extra.get("mc_swap") or n < 2:
        return []
    columns = []
    for i in range(1, n):
        for j in range(i + 1, n + 1):
            s.add(f"fix             swap{i}{j} all atom/swap 100 10 {SEED % 100000 + 10 * i + j} {plan.temperature:g} "
                  f"ke yes types {i} {j}")  # fmt: skip
            columns.append(f"f_swap{i}{j}[2]")
    plan.assume("hybrid MD/MC: 10 swap attempts of unlike atoms every 100 steps per pair of types (fix atom/swap, "
                "Metropolis at the run's temperature; the thermo column f_swapIJ[2] counts the accepted ones)")  # fmt: skip
    return columns


# Marks a run that brings the system to its state before the measured run: a verification that
# shortens the script keeps enough of it (loop.RELAXATION_KEEP steps).
RELAXATION = "# relaxation"
# A crystal held at its 0 K lattice constant near its melting point is under tens of kbar (Ni at
# 800 K: 61 kbar); above this share of the melting point a constant-volume run relaxes the box first.
RELAX_ABOVE_TM = 0.3


def relax_volume(s: Script, plan: Plan, couple: str = "iso") -> None:
    """Before a constant-volume run of a hot crystal, NPT at zero pressure to the volume of that
    temperature (unless the user fixed the lattice constant or the box)."""
    tm = melting_point(plan)
    hot_crystal = tm and plan.temperature >= RELAX_ABOVE_TM * tm and not plan.extra.get("premelt")
    if plan.units != "metal" or plan.ensemble not in {"nvt", "langevin"} or not hot_crystal or \
            plan.extra.get("fixed_volume"):  # fmt: skip
        return
    steps = min(10000, max(2000, plan.steps // 5))
    s.section("the volume of this temperature first (NPT, zero pressure)")
    s.add(f"fix             0 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} {box_coupling(plan, couple)} 0 0 "
          f"{pdamp(plan):g}", f"run             {steps}  {RELAXATION}", "unfix           0")  # fmt: skip
    plan.assume(f"the box relaxed at {plan.temperature:g} K and zero pressure ({steps} NPT steps) before the "
                f"constant-volume run: at the 0 K lattice constant the crystal would be under tens of kbar")  # fmt: skip


def ramp(plan: Plan, s: Script, inputs) -> bool:
    """Heating, melting or cooling: a temperature ramp, then a hold at the final temperature."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    s.section("initial state")
    timestep(s, plan)
    t0, t1 = plan.temperature, plan.temperature_end if plan.temperature_end is not None else plan.temperature
    velocities(s, t0)
    heater = plan
    if plan.ensemble in THERMOSTATTED and t0 != t1:  # NVE or NPH cannot change the temperature
        heater = dataclasses.replace(plan, ensemble=THERMOSTATTED[plan.ensemble])
        plan.assume(f"{plan.ensemble.upper()} has no thermostat to change the temperature with: the ramp runs in "
                    f"{heater.ensemble.upper()}, the hold in {plan.ensemble.upper()}")  # fmt: skip
    if plan.template in {"cooling", "solidification"}:
        s.add(comment(f"melt first at {t0:g}"), thermostat(heater, t0, t0, fix="0"),
              f"run             {plan.extra.get('melt_steps', 3000)}", "unfix           0")  # fmt: skip
    thermo(s, plan)
    outputs(s, plan)
    s.section(f"ramp {t0:g} -> {t1:g}, then hold")
    s.add(thermostat(heater, t0, t1))
    enforce2d(s, plan)
    s.add(f"run             {plan.steps}", "unfix           1")
    s.add(thermostat(plan, t1, t1))
    s.add(f"run             {plan.hold_steps}")
    return True


def minimize(plan: Plan, s: Script, inputs, setup_done: bool = False) -> bool:
    if not setup_done:
        crystal(s, plan, *plan.cells)
    s.section("energy minimisation (box relaxed to zero pressure)")
    s.add("thermo_style    custom step pe lx ly lz press", "thermo_modify   norm no", "thermo          10",
          "fix             relax all box/relax iso 0.0 vmax 0.001", "min_style       cg",
          "minimize        1.0e-12 1.0e-12 10000 100000", "unfix           relax",
          "minimize        1.0e-12 1.0e-12 10000 100000",
          "variable        ecoh equal pe/atoms", "variable        a equal lx/" + str(plan.cells[0]),
          'print           "Cohesive energy per atom: ${ecoh} (energy units); lattice constant: ${a}"')  # fmt: skip
    return True


def vacancy(plan: Plan, s: Script, inputs) -> bool:
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    if plan.extra.get("vacancy_md"):
        return vacancy_dynamics(plan, s)
    s.section("perfect crystal")
    s.add("thermo_style    custom step pe press", "thermo_modify   norm no", "thermo          50",
          "fix             relax all box/relax iso 0.0 vmax 0.001",
          "minimize        1.0e-12 1.0e-12 10000 100000", "unfix           relax",
          "variable        N equal atoms", "variable        E0 equal pe", "variable        N0 equal ${N}",
          "variable        Eperfect equal ${E0}")  # fmt: skip
    s.section("remove one atom and relax the neighbours")
    s.add("group           gone id 1", "delete_atoms    group gone compress no",
          "minimize        1.0e-12 1.0e-12 10000 100000",
          "variable        Ev equal pe-(${N0}-1)/${N0}*${Eperfect}",
          'print           "Vacancy formation energy: ${Ev} (energy units)"')  # fmt: skip
    return True


def vacancy_dynamics(plan: Plan, s: Script) -> bool:
    """A crystal with one vacancy at temperature: the vacancy hops, the atoms' MSD shows it."""
    s.section("one vacancy")
    s.add("group           gone id 1", "delete_atoms    group gone compress yes")
    s.section("dynamics")
    timestep(s, plan)
    s.add(comment("a crystal shares its kinetic energy with the potential energy: start at twice the target"))
    velocities(s, 2 * plan.temperature)
    relax_volume(s, plan)
    s.add(thermostat(plan, plan.temperature, plan.temperature))
    if "msd" not in plan.outputs:
        plan.outputs.append("msd")
    outputs(s, plan)
    thermo(s, plan, "c_msd[4]")
    s.add(f"run             {plan.steps}")
    return True


def surface_with_bulk(plan: Plan, s: Script, inputs) -> bool:
    """Surface energy: relax the bulk first (cohesive energy per atom), then open a vacuum gap."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, max(nz, 8))
    s.section("bulk reference: energy per atom of the relaxed crystal")
    s.add("thermo_style    custom step pe lz press", "thermo_modify   norm no", "thermo          50",
          "fix             relax all box/relax iso 0.0 vmax 0.001",
          "minimize        1.0e-12 1.0e-12 10000 100000", "unfix           relax",
          "variable        e equal pe/atoms", "variable        ebulk equal ${e}")  # fmt: skip
    s.section("open a vacuum gap along z: a slab with two free surfaces")
    conv = "*16.0218" if plan.units == "metal" else ""
    unit = "J/m^2" if plan.units == "metal" else "energy/area"
    s.add("change_box      all z final 0 $(2.0*lz) boundary p p p units box",
          "minimize        1.0e-12 1.0e-12 10000 100000",
          f"variable        gamma equal (pe-atoms*${{ebulk}})/(2*lx*ly){conv}",
          f'print           "Surface energy: ${{gamma}} {unit}"')  # fmt: skip
    return True


def deformation(plan: Plan, s: Script, inputs) -> bool:
    """Tension or compression at a constant strain rate, with the stress-strain curve in a file."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    axis = plan.extra.get("axis", "x")
    sign = -1 if plan.template == "compression" else 1
    rate = plan.extra["rate"]  # per time unit, chosen by the plan
    s.section("equilibrate at zero pressure")
    timestep(s, plan)
    velocities(s, plan.temperature)
    p = 0.0
    s.add(
        f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} iso {p:g} {p:g} {pdamp(plan):g}"
    )
    enforce2d(s, plan)
    s.add("thermo          500", "run             2000", "unfix           1")
    s.section(f"{plan.template} along {axis} at strain rate {sign * rate:g} per time unit")
    scale = "/10000" if plan.units == "metal" else ""
    unit = "GPa" if plan.units == "metal" else "pressure units"
    others = " ".join(f"{d} 0 0 {pdamp(plan):g}" for d in "xyz" if d != axis and not (plan.dimension == 2 and d == "z"))
    s.add(f"variable        L0 equal l{axis}", "variable        L0 equal ${L0}",
          f"variable        strain equal (l{axis}-v_L0)/v_L0", f"variable        stress equal -p{axis}{axis}{scale}",
          f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} {others}",
          f"fix             2 all deform 1 {axis} erate {sign * rate:g} units box remap x",
          f"fix             ss all ave/time 10 10 100 v_strain v_stress file "
          f"{output_file(plan, 'stress_strain', 'stress_strain.txt')}")  # fmt: skip
    enforce2d(s, plan)
    s.add(f"thermo_style    custom step temp pe press l{axis} v_strain v_stress  # stress in {unit}",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def shear(plan: Plan, s: Script, inputs) -> bool:
    setup(s, plan)
    nx, ny, nz = plan.cells
    if plan.dimension == 2:
        s.add(lattice_line(plan), f"region          box prism 0 {nx} 0 {ny} -0.5 0.5 0 0 0")
    else:
        s.add(lattice_line(plan), f"region          box prism 0 {nx} 0 {ny} 0 {nz} 0 0 0")
    s.add(f"create_box      {ntypes(plan)} box")
    fill(s, plan)
    masses(s, plan)
    potential(s, plan)
    timestep(s, plan)
    velocities(s, plan.temperature)
    rate = plan.extra["rate"]  # per time unit, chosen by the plan
    s.section("equilibrate")
    s.add(f"fix             1 all nvt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}")
    enforce2d(s, plan)
    s.add("run             2000", "unfix           1")
    s.section(f"simple shear in xy at rate {rate:g} per time unit (SLLOD with the deforming box)")
    scale = "/10000" if plan.units == "metal" else ""
    s.add(f"fix             1 all nvt/sllod temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}",
          f"fix             2 all deform 1 xy erate {rate:g} remap v",
          "compute         tdef all temp/deform", "fix_modify      1 temp tdef",
          "variable        gamma equal xy/ly", f"variable        sxy equal -pxy{scale}",
          "fix             ss all ave/time 10 10 100 v_gamma v_sxy file shear_stress.txt")  # fmt: skip
    enforce2d(s, plan)
    s.add("thermo_style    custom step temp pe press pxy v_gamma", "thermo_modify   temp tdef",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def equilibrate_first(s: Script, plan: Plan) -> None:
    """Velocities and an NVT equilibration before a transport measurement (melted first for a liquid); a
    crystal starts at twice the target (half the kinetic energy goes into the potential energy)."""
    liquid = bool(plan.extra.get("premelt")) or "liquid" in " ".join(plan.assumptions)
    velocities(s, plan.temperature if liquid else 2 * plan.temperature)
    premelt(s, plan)
    s.section("equilibrate")
    s.add(f"fix             1 all nvt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}", "thermo 1000",
          f"run             3000  {RELAXATION}", "unfix           1")  # fmt: skip


# Green-Kubo: SI conversion of (energy x velocity)^2 x time / length, per unit system, for the heat-flux
# autocorrelation integral (examples/KAPPA/in.heatflux): energy in J, time in s, length in m.
GK_CONVERT = {"real": "(4186.0/6.02214076e23)^2/1.0e-15/1.0e-10", "metal": "(1.602176634e-19)^2/1.0e-12/1.0e-10"}


def green_kubo(plan: Plan, s: Script) -> None:
    """kappa = V/(3 kB T^2) * integral <J(0).J(t)> dt from the heat flux (compute heat/flux with centroid
    stress, which many-body potentials need), printed in W/mK every correlation window."""
    t = plan.temperature
    every, length = 5, 200
    window = every * length
    s.section("Green-Kubo: heat-flux autocorrelation in NVE (examples/KAPPA/in.heatflux)")
    s.add("fix             1 all nve", "compute         ke all ke/atom", "compute         pe all pe/atom",
          "compute         stress all centroid/stress/atom NULL virial",
          "compute         flux all heat/flux ke pe stress",
          f"fix             JJ all ave/correlate {every} {length} {window} c_flux[1] c_flux[2] c_flux[3] type auto "
          "file J0Jt.dat ave running",
          f"variable        scale equal {GK_CONVERT[plan.units]}/1.380649e-23/{t:g}/{t:g}/vol*{every}*{plan.timestep:g}",
          "variable        kappa equal (trap(f_JJ[3])+trap(f_JJ[4])+trap(f_JJ[5]))/3.0*v_scale",
          f'fix             kp all print {window} "Green-Kubo thermal conductivity so far: ${{kappa}} W/mK"',
          "thermo_style    custom step temp pe etotal press", f"thermo          {plan.thermo_every}")  # fmt: skip
    plan.assume(f"Green-Kubo: the heat-flux autocorrelation over {window} steps, sampled every {every}, "
                "averaged over the whole run; the printed value converges as the run lengthens")  # fmt: skip


def thermal_conductivity(plan: Plan, s: Script, inputs) -> bool:
    """Mueller-Plathe reverse NEMD (examples/KAPPA/in.mp): swap kinetic energy between slabs, read the
    temperature profile and the exchanged heat; Green-Kubo (`green_kubo`) when asked for."""
    if re.search(r"green[- ]?kubo|auto-?correlation|\bhfacf\b|\bgk\b", plan.request, re.I) and plan.units in GK_CONVERT:
        nx, ny, nz = plan.cells
        crystal(s, plan, nx, ny, nz)
        timestep(s, plan)
        equilibrate_first(s, plan)
        green_kubo(plan, s)
        outputs(s, plan)
        s.add(f"run             {plan.steps}")
        return True
    nx, ny, nz = plan.cells
    nx, ny = min(nx, 4), min(ny, 4)
    nz = max(5 * nx, 20)
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    equilibrate_first(s, plan)
    s.section("Mueller-Plathe heat exchange along z (NVE): hot slab in the middle, cold at the ends")
    s.add("fix             1 all nve", "fix             mp all thermal/conductivity 10 z 20",
          "compute         ke all ke/atom", f"variable        temp atom c_ke*(2/3)/{KB.get(plan.units, 1.0):g}",
          "compute         layers all chunk/atom bin/1d z lower 0.05 units reduced",
          "fix             profile all ave/chunk 10 100 1000 layers v_temp file temp_profile.txt",
          "variable        Q equal f_mp", "thermo_style    custom step temp pe etotal press f_mp",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}",
          'print           "Heat exchanged (energy units): ${Q}; kappa = Q/(2 t A dT/dz) from temp_profile.txt"')  # fmt: skip
    return True


def viscosity(plan: Plan, s: Script, inputs) -> bool:
    """Mueller-Plathe momentum exchange (examples/VISCOSITY/in.mp.2d)."""
    nx, ny, nz = plan.cells
    nz = max(2 * nz, 16)
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    equilibrate_first(s, plan)
    s.section("Mueller-Plathe momentum exchange: vx swapped between slabs along z")
    s.add(f"fix             1 all nvt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}",
          "fix             mp all viscosity 100 x z 20",
          "compute         layers all chunk/atom bin/1d z lower 0.05 units reduced",
          "fix             profile all ave/chunk 10 100 1000 layers vx file velocity_profile.txt",
          "thermo_style    custom step temp pe etotal press f_mp", f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}",
          'print           "Momentum exchanged: $(f_mp); viscosity = Px/(2 t A dvx/dz) from velocity_profile.txt"')  # fmt: skip
    return True


def nanoparticle(plan: Plan, s: Script, inputs) -> bool:
    """A spherical particle carved from the crystal, in a periodic box with vacuum around it."""
    size_nm = plan.extra.get("size_nm") or 3.0
    if plan.units == "lj":
        radius = size_nm / 2 if plan.extra.get("size_nm") else 6.0
        radius_cells = radius / (4 / plan.a) ** (1 / 3)
    else:
        radius = size_nm * 10 / 2
        radius_cells = radius / plan.a
        if not plan.extra.get("size_nm"):
            plan.assumptions.append("a particle 3 nm across")
    r = round(radius_cells, 2)
    edge = math.ceil(2 * r + 2 * (3.0 if plan.units == "lj" else max(10.0 / plan.a, 3)))
    if plan.extra.get("two_particles"):
        return two_particles(plan, s, r, edge)
    setup(s, plan)
    s.add(lattice_line(plan), f"region          box block 0 {edge} 0 {edge} 0 {edge}",
          f"create_box      {ntypes(plan)} box",
          f"region          particle sphere {edge / 2:g} {edge / 2:g} {edge / 2:g} {r:g}")  # fmt: skip
    if plan.extra.get("core_shell"):
        rc = (plan.extra.get("core_radius_nm") or size_nm / 4) * 10 / plan.a
        c = f"{edge / 2:g} {edge / 2:g} {edge / 2:g}"
        s.add(comment(f"core of {plan.elements[0]} (type 1), shell of {plan.elements[1]} (type 2) on the same lattice"),
              f"region          core sphere {c} {rc:.3g}", f"region          outside sphere {c} {rc:.3g} side out",
              "region          shell intersect 2 particle outside", "create_atoms    1 region core",
              "create_atoms    2 region shell")  # fmt: skip
    else:
        fill(s, plan, region="particle")
    particles_start(s, plan)
    t0 = plan.temperature
    t1 = plan.temperature_end if plan.temperature_end is not None else t0
    s.section("dynamics: Langevin thermostat (no net momentum drift for an isolated particle)")
    s.add("fix             1 all nve", f"fix             2 all langevin {t0:g} {t1:g} {tdamp(plan) * 10:g} 48279 zero yes",
          f"run             {plan.steps}")  # fmt: skip
    if plan.hold_steps and t1 != t0:
        s.add("unfix           2", f"fix             2 all langevin {t1:g} {t1:g} {tdamp(plan) * 10:g} 48279 zero yes",
              f"run             {plan.hold_steps}")  # fmt: skip
    return True


def particles_start(s: Script, plan: Plan) -> None:
    """Masses, potential, velocities at the start temperature and output (with the radius of gyration)
    for isolated particles."""
    masses(s, plan)
    potential(s, plan)
    s.section("initial state")
    timestep(s, plan)
    velocities(s, plan.temperature)
    thermo(s, plan)
    s.add("compute         rg all gyration", "thermo_style    custom step temp pe ke etotal c_rg")
    outputs(s, plan)


def two_particles(plan: Plan, s: Script, r: float, edge: int) -> bool:
    """Sintering: two spheres of radius r (lattice units) side by side along x, 2 A apart at their closest
    (one element each when two are named, each on its own element's lattice), then held at temperature."""
    gap = 2.0 / plan.a if plan.units != "lj" else 0.2
    length = math.ceil(edge + 2 * r + gap)
    c1, c2, mid = edge / 2, edge / 2 + 2 * r + gap, edge / 2
    setup(s, plan)
    s.add(lattice_line(plan), f"region          box block 0 {length} 0 {edge} 0 {edge}",
          f"create_box      {ntypes(plan)} box",
          f"region          left sphere {c1:g} {mid:g} {mid:g} {r:g}",
          f"region          right sphere {c2:g} {mid:g} {mid:g} {r:g}")  # fmt: skip
    if len(plan.elements) == 2:
        own = [element(e).a if element(e) and element(e).a and element(e).lattice == plan.lattice else plan.a
               for e in plan.elements]  # fmt: skip
        for t, (region, a) in enumerate(zip(("left", "right"), own, strict=True), start=1):
            s.add(comment(f"{plan.elements[t - 1]} particle on its own lattice (a = {a:g} A)"),
                  f"lattice         {plan.lattice} {a:g}", f"create_atoms    {t} region {region}")  # fmt: skip
    else:
        fill(s, plan, region="left")
        fill(s, plan, region="right")
    particles_start(s, plan)
    t0 = plan.temperature
    s.section("dynamics: the particles sinter at constant temperature (no net drift or spin)")
    if plan.extra.get("ensemble_named") == "nvt":
        s.add(f"fix             1 all nvt temp {t0:g} {t0:g} {tdamp(plan):g}",
              "fix             2 all momentum 100 linear 1 1 1 angular")  # fmt: skip
    else:
        s.add(
            "fix             1 all nve",
            f"fix             2 all langevin {t0:g} {t0:g} {tdamp(plan) * 10:g} 48279 zero yes",
        )
    s.add(f"run             {plan.steps}")
    return True


def _roles(plan: Plan, words: str) -> tuple[int, int]:
    """(moving species type, target type) for 'X on Y', 'X into Y', 'X hits Y' (1-based)."""
    if len(plan.elements) < 2:
        return 1, 1
    text = plan.request
    names = {e: [e, (element(e).name if element(e) else e)] for e in plan.elements}

    def pos(e: str, pattern: str) -> bool:
        return any(re.search(pattern.format(n=re.escape(n)), text, re.I) for n in names[e])

    for e in plan.elements:
        if pos(e, r"\b{n}\w*\s+(atoms?\s+)?(" + words + r")") or pos(e, r"(" + words + r")\w*\s+(of\s+)?(an?\s+)?{n}"):
            mover = plan.elements.index(e) + 1
            return mover, 2 if mover == 1 else 1
    return 2, 1


def deposition(plan: Plan, s: Script, inputs) -> bool:
    """Atoms deposited one by one onto a substrate (examples/deposit/in.deposit.atom)."""
    mover, target = _roles(plan, r"deposit|atoms? on|onto|land|adsorb|grow")
    nx, ny, nz = plan.cells
    nz = max(4, nz // 2)
    top = nz + 8
    setup(s, plan, boundary="p p f")
    n = ntypes(plan)
    s.add(lattice_line(plan), f"region          box block 0 {nx} 0 {ny} 0 {top}", f"create_box      {n} box",
          f"region          substrate block INF INF INF INF INF {nz}")  # fmt: skip
    sub = Plan(**{**plan.to_dict(), "elements": [plan.elements[target - 1]] if plan.elements else [],
                  "fractions": [], "extra": {}})  # fmt: skip
    fill(s, sub, region="substrate")
    if target != 1:
        s.add(f"set             region substrate type {target}")
    masses(s, plan)
    potential(s, plan)
    s.section("groups: a fixed bottom layer, a thermostatted substrate, the deposited atoms")
    # the deposited atoms join `adatoms` as fix deposit inserts them (groups are static: `mobile` never
    # gains them), so they are integrated by a fix of their own, as in examples/deposit
    s.add("region          bottom block INF INF INF INF INF 1", "group           bottom region bottom",
          "group           mobile subtract all bottom", "group           adatoms empty")  # fmt: skip
    timestep(s, plan)
    velocities(s, plan.temperature, group="mobile")
    mass = plan.masses[mover - 1] if plan.masses else 1.0
    energy = plan.extra.get("energy_eV")
    if plan.units == "metal":
        v = facts.speed_A_per_ps(energy or 1.0, mass)
        if not energy:
            plan.assumptions.append("deposited atoms arrive with 1 eV")
    else:
        v = 1.0
    count = max(20, nx * ny * 2)
    every = max(50, plan.steps // count)
    s.add("fix             0 bottom setforce 0.0 0.0 0.0",
          "fix             1 mobile nve",
          "fix             1a adatoms nve",
          f"fix             2 mobile langevin {plan.temperature:g} {plan.temperature:g} {tdamp(plan) * 10:g} 587283",
          f"region          source block 0 {nx} 0 {ny} {top - 4} {top - 2}",
          f"fix             3 adatoms deposit {count} {mover} {every} 12345 region source near 1.0 vz -{v:.4g} -{v:.4g}"
          if plan.units == "lj" else
          f"fix             3 adatoms deposit {count} {mover} {every} 12345 region source near 1.5 vz -{v:.4g} -{v:.4g} "
          "units box",
          "fix             4 all wall/reflect zhi EDGE")  # fmt: skip
    s.section("output")
    s.add("thermo_style    custom step atoms temp pe etotal press", f"thermo          {plan.thermo_every}",
          "thermo_modify   lost ignore", "compute_modify  thermo_temp dynamic/dof yes  # the atom count grows")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {max(plan.steps, count * every)}")
    return True


ION_ZBL_CUTOFFS = (3.0, 4.0)  # A: ZBL alone between the ions and the target, switched off smoothly by 4 A


def ion_potential(s: Script, plan: Plan) -> None:
    """The target's potential for the target types; for ions it does not cover, ZBL with every type
    (pair_style hybrid, the ion type NULL in the potential's own pair_coeff)."""
    n = ntypes(plan)
    if not plan.extra.get("ion_by_zbl"):
        potential(s, plan, n)
        return
    from ase.data import atomic_numbers

    s.section("interactions: the target's potential; ZBL screened repulsion for the ions")
    inner, outer = ION_ZBL_CUTOFFS
    args = AIREBO_ARGS if plan.pair_style in {"airebo", "airebo/morse"} else ""
    z = [atomic_numbers[e] for e in plan.elements]
    # an EAM has no hard core: the recoils of a >= 100 eV ion need ZBL below 1.5 A too (as in the cascade)
    core = plan.pair_style.startswith("eam") and plan.extra.get("energy_eV", 0) >= 100
    if core:
        s.add(
            f"pair_style      hybrid/overlay {plan.pair_style} zbl {ZBL_INNER:g} {ZBL_OUTER:g} zbl {inner:g} {outer:g}"
        )
    else:
        s.add(f"pair_style      hybrid {plan.pair_style}{args} zbl {inner:g} {outer:g}")
    ion_zbl = "zbl 2" if core else "zbl"
    if plan.pair_style == "eam":
        for t in range(1, n):
            s.add(f"pair_coeff      {t} {t} eam {plan.potential_file}")
    else:
        names = " ".join(plan.elements[:-1] + ["NULL"])
        s.add(f"pair_coeff      * * {plan.pair_style} {plan.potential_file} {names}")
    if core:
        for i in range(1, n):
            for j in range(i, n):
                s.add(f"pair_coeff      {i} {j} zbl 1 {z[i - 1]} {z[j - 1]}")
        plan.assume(f"ZBL overlaid on {plan.potential_file} below {ZBL_OUTER:g} A for the target's recoils")
    for t in range(1, n + 1):
        s.add(f"pair_coeff      {t} {n} {ion_zbl} {z[t - 1]} {z[-1]}")
    s.add("neighbor        2.0 bin", "neigh_modify    delay 0 every 1 check yes")


def sputtering(plan: Plan, s: Script, inputs) -> bool:
    """Ions sent one at a time at a crystal surface (fix deposit with the ions' speed), an adaptive timestep
    for the fast collisions, heat taken out by a Langevin layer above the fixed bottom; the atoms that
    leave through the top are lost, and the sputtering yield is the target atoms lost per ion."""
    if plan.units != "metal" or not plan.extra.get("ion"):
        return None
    n = ntypes(plan)
    nx, ny, nz = plan.cells
    top = nz + 10
    setup(s, plan, boundary="p p f")
    s.add(lattice_line(plan), f"region          box block 0 {nx} 0 {ny} 0 {top}", f"create_box      {n} box",
          f"region          target block INF INF INF INF INF {nz}")  # fmt: skip
    fill(s, Plan(**{**plan.to_dict(), "elements": plan.elements[:-1], "extra": {}}), region="target")
    masses(s, plan)
    ion_potential(s, plan)
    s.section("groups: a fixed bottom layer, a Langevin layer above it, the ions as they arrive")
    s.add("region          bottom block INF INF INF INF INF 1", "group           bottom region bottom",
          "region          bath block INF INF INF INF 1 3", "group           bath region bath",
          "group           target region target", "group           mobile subtract all bottom",
          "group           ions empty")  # fmt: skip
    timestep(s, plan)
    velocities(s, plan.temperature, group="mobile")
    energy = plan.extra["energy_eV"]
    v = facts.speed_A_per_ps(energy, plan.masses[-1])
    count = 10
    every = max(1000, plan.steps // count)
    s.section(f"{count} {plan.extra['ion']} ions of {energy:g} eV, one every {every} steps, at normal incidence")
    s.add("fix             0 bottom setforce 0.0 0.0 0.0", "fix             1 mobile nve", "fix             1a ions nve",
          f"fix             2 bath langevin {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} 587283",
          f"region          source block 0 {nx} 0 {ny} {top - 3} {top - 2}",
          f"fix             3 ions deposit {count} {n} {every} 12345 region source near 2.0 vz -{v:.4g} -{v:.4g} units box",
          f"fix             4 all dt/reset 1 NULL {plan.timestep:g} 0.05 units box",
          "variable        start equal $(count(target))", "variable        sputtered equal v_start-count(target)",
          f"variable        yield equal v_sputtered/{count}")  # fmt: skip
    s.section("output: target atoms lost through the top (sputtered)")
    s.add("thermo_style    custom step time atoms temp pe v_sputtered", f"thermo          {plan.thermo_every}",
          "thermo_modify   lost ignore", "compute_modify  thermo_temp dynamic/dof yes  # atoms arrive and leave")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {count * every}", 'print           "Sputtering yield: $(v_yield) target atoms per ion"')
    plan.assume(f"{count} ions, each {every} steps apart (adaptive timestep, at most {plan.timestep:g} ps); "
                "sputtered atoms are those that leave through the top of the box")  # fmt: skip
    return True


def impact(plan: Plan, s: Script, inputs) -> bool:
    """A projectile (a spherical cluster) hits a target slab at a given speed."""
    mover, target = _roles(plan, r"projectile|bullet|cluster|impact|hit|strike|shoot|fired|collid")
    size_nm = plan.extra.get("size_nm") or (1.0 if plan.units != "lj" else 4.0)
    r = round(size_nm * 10 / 2 / plan.a, 2) if plan.units != "lj" else round(size_nm / 2, 2)
    nx, ny, nz = plan.cells
    wide = max(10, math.ceil(6 * r))  # the target three projectile diameters wide
    nx, ny = max(nx, wide), max(ny, wide)
    nz = max(6, nz, math.ceil(2 * r))
    top = nz + max(14, math.ceil(2 * r) + 6)
    speed = plan.extra.get("speed")
    if plan.units == "metal":
        v = speed or 20.0  # A/ps = 2 km/s
        if not speed:
            plan.assumptions.append("the projectile flies at 2 km/s (20 A/ps)")
        v_lat = v  # the velocity command below uses units box
    else:
        v = speed or 2.0
        v_lat = v
    setup(s, plan, boundary="p p f")
    n = ntypes(plan)
    cz = nz + r + 2
    s.add(lattice_line(plan), f"region          box block 0 {nx} 0 {ny} -1 {top}", f"create_box      {n} box",
          f"region          target block INF INF INF INF 0 {nz}",
          f"region          projectile sphere {nx / 2:g} {ny / 2:g} {cz:g} {r:g}")  # fmt: skip
    tgt = Plan(**{**plan.to_dict(), "elements": [plan.elements[target - 1]] if plan.elements else [],
                  "fractions": [], "extra": {}})  # fmt: skip
    fill(s, tgt, region="target")
    if target != 1:
        s.add(f"set             region target type {target}")
    s.add(f"create_atoms    {mover} region projectile")
    masses(s, plan)
    potential(s, plan)
    s.section("groups: fixed base, thermostatted target, the projectile")
    s.add("region          base block INF INF INF INF INF 1", "group           base region base",
          "group           proj region projectile", "group           target region target",
          "group           mobile subtract target base")  # fmt: skip
    timestep(s, plan)
    s.add(f"velocity        target create {plan.temperature:g} {SEED} mom yes rot yes dist gaussian",
          f"velocity        proj set 0.0 0.0 -{v_lat:g} units box",
          "fix             0 base setforce 0.0 0.0 0.0",
          "fix             1 all nve",
          "region          skin block INF INF INF INF 1 3",
          "group           skin region skin",
          f"fix             2 skin langevin {plan.temperature:g} {plan.temperature:g} {tdamp(plan) * 10:g} 48279",
          "fix             3 all wall/reflect zhi EDGE")  # fmt: skip
    s.section("output")
    s.add("compute         pz proj reduce ave vz", "thermo_style    custom step temp pe ke etotal c_pz",
          f"thermo          {plan.thermo_every}", "thermo_modify   lost ignore")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


# A PKA moves along [1 3 5]: a high-index direction, so the knock-on atom does not channel.
PKA_DIRECTION = (1, 3, 5)


def cascade(plan: Plan, s: Script, inputs) -> bool:
    """A displacement cascade: a thermalized periodic crystal, one atom near the centre given the primary
    knock-on energy along a high-index direction, an adaptive timestep (fix dt/reset), heat removed
    at the box faces, and the Frenkel pairs counted by Wigner-Seitz occupation (compute voronoi/atom)."""
    if plan.units != "metal" or not plan.elements:
        return None
    nx, ny, nz = plan.cells
    if "zbl" not in plan.pair_style and plan.pair_style.startswith("eam") and plan.extra.get("energy_eV", 0) >= 100:
        plan.extra["zbl_overlay"] = True
        plan.assume(f"ZBL repulsion overlaid on {plan.potential_file} below {ZBL_OUTER:g} A (the library has no "
                    "ZBL-joined file for these elements)")  # fmt: skip
    crystal(s, plan, nx, ny, nz)
    at = next(i for i, line in enumerate(s.lines) if line.startswith("atom_style"))
    s.lines.insert(at + 1, "atom_modify     map yes  # the Wigner-Seitz analysis finds sites by atom ID")
    energy = plan.extra.get("energy_eV") or 1000.0
    if not plan.extra.get("energy_eV"):
        plan.assume("a 1 keV primary knock-on atom")
    mass = plan.masses[0] if plan.masses else element(plan.elements[0]).mass
    v = facts.speed_A_per_ps(energy, mass)
    norm = math.sqrt(sum(d * d for d in PKA_DIRECTION))
    vx, vy, vz = (round(v * d / norm, 3) for d in PKA_DIRECTION)
    settle = max(1000, plan.steps // 10)
    s.section("thermalize the crystal")
    timestep(s, plan)
    velocities(s, plan.temperature)
    s.add(f"fix             1 all nvt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}",
          "thermo          100", f"run             {settle}", "unfix           1")  # fmt: skip
    s.section(f"the primary knock-on atom: {energy:g} eV along [{' '.join(map(str, PKA_DIRECTION))}]")
    s.add(f"region          core block 2 {nx - 2} 2 {ny - 2} 2 {nz - 2}",
          "group           core region core", "group           border subtract all core",
          f"region          pka sphere {nx // 2} {ny // 2} {nz // 2} 0.2",  # a corner site: every lattice has one
          "group           pka region pka",
          f"velocity        pka set {vx:g} {vy:g} {vz:g} sum yes units box",
          "fix             1 all nve",
          f"fix             2 border langevin {plan.temperature:g} {plan.temperature:g} {tdamp(plan) * 10:g} 48279",
          f"fix             3 all dt/reset 1 NULL {plan.timestep:g} 0.05 units box")  # fmt: skip
    s.section("output: Wigner-Seitz occupation of the thermalized sites")
    s.add("compute         ws all voronoi/atom occupation", "variable        vacant atom c_ws[1]==0",
          "compute         vacancies all reduce sum v_vacant",
          "thermo_style    custom step dt time temp pe ke etotal press c_vacancies",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(
        f"run             {plan.steps}", 'print           "Frenkel pairs (vacant Wigner-Seitz cells): $(c_vacancies)"'
    )
    plan.assume(f"the knock-on atom moves along [{' '.join(map(str, PKA_DIRECTION))}] (no channeling); heat leaves "
                "through a Langevin layer two cells thick at the box faces")  # fmt: skip
    return True


def interdiffusion(plan: Plan, s: Script, inputs) -> bool:
    """A diffusion couple: the first material in the lower half of a periodic box along z, the second
    in the upper half (two interfaces), annealed at temperature; the concentration profile of each type
    along z is written by fix ave/chunk."""
    if len(plan.elements) != 2:
        return None
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    s.section(
        f"the couple: {plan.elements[0]} below z = {nz / 2:g}, {plan.elements[1]} above (periodic: two interfaces)"
    )
    s.add(f"region          upper block INF INF INF INF {nz / 2 - 0.01:g} INF", "set             region upper type 2")
    s.section("anneal")
    timestep(s, plan)
    s.add(comment("a crystal shares its kinetic energy with the potential energy: start at twice the target"))
    velocities(s, 2 * plan.temperature)
    relax_volume(s, plan, couple="aniso")  # the two sides' lattice mismatch: x, y and z relax apart
    s.add(thermostat(plan, plan.temperature, plan.temperature))
    s.section("concentration profiles along z")
    every = max(100, plan.steps // 10)
    s.add("compute         layers all chunk/atom bin/1d z lower 0.02 units reduced",
          "variable        c1 atom type==1", "variable        c2 atom type==2",
          f"fix             profile all ave/chunk 100 {every // 100} {every} layers v_c1 v_c2 file "
          f"{output_file(plan, 'profile', 'concentration.profile')}")  # fmt: skip
    thermo(s, plan)
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    plan.assume(f"a diffusion couple: pure {plan.elements[0]} and pure {plan.elements[1]} on one {plan.lattice} "
                f"lattice (a = {plan.a:g} A, between the two), each side half the box along z; the profiles of "
                "each type along z are written every "
                f"{every} steps")  # fmt: skip
    return True


def coexistence(plan: Plan, s: Script, inputs) -> bool:
    """The melting point by solid-liquid coexistence: a crystal relaxed near the estimated melting point,
    its upper half melted while the lower half is held, then NPH along z for the whole box: the interface
    moves until the temperature is the melting point (examples of the method: Morris & Song 2002)."""
    if plan.extra.get("vapour"):
        return liquid_vapour(plan, s)
    if plan.units != "metal" or not plan.elements:
        return None
    tm = melting_point(plan) or 1000.0
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    s.section(f"the crystal at the estimated melting point, {tm:g} K, zero pressure")
    velocities(s, 2 * tm)
    s.add(f"fix             1 all npt temp {tm:g} {tm:g} {tdamp(plan):g} iso 0 0 {pdamp(plan):g}",
          f"run             2000  {RELAXATION}", "unfix           1")  # fmt: skip
    s.section(f"melt the upper half at {2 * tm:g} K while the lower half is held, then cool the liquid to {tm:g} K")
    s.add(f"region          upper block INF INF INF INF {nz / 2:g} INF", "group           liquid region upper",
          "group           solid subtract all liquid", "velocity        solid set 0 0 0",
          "fix             hold solid setforce 0 0 0",
          f"fix             1 liquid nvt temp {2 * tm:g} {2 * tm:g} {tdamp(plan):g}", f"run             3000  {RELAXATION}",
          "unfix           1", f"fix             1 liquid nvt temp {tm:g} {tm:g} {tdamp(plan):g}",
          f"run             2000  {RELAXATION}", "unfix           1", "unfix           hold",
          f"velocity        solid create {tm:g} {SEED + 1} mom yes rot yes dist gaussian")  # fmt: skip
    s.section("coexistence: NPH along z, the temperature settles at the melting point")
    s.add(f"fix             1 all nph z 0 0 {pdamp(plan):g}", "compute         t all temp",
          "fix             tavg all ave/time 1 1 1 c_t ave running")  # every step: any thermo step may show it  # fmt: skip
    thermo(s, plan, "f_tavg")
    outputs(s, plan)
    s.add(
        f"run             {plan.steps}",
        'print           "Coexistence temperature (melting point estimate): $(f_tavg) K"',
    )
    plan.assume(f"solid-liquid coexistence started from {tm:g} K (the melting point in the table): half the box "
                "melted, then NPH along z; the running mean temperature of the NPH run estimates the potential's own "
                "melting point (if one phase takes the whole box, the estimate is off: run longer or start nearer)")  # fmt: skip
    return True


# Surface tension from the pressure tensor, per unit of the script's pressure x length, in mN/m.
SURFACE_TENSION_MN_PER_M = {"lj": None, "real": 101325 * 1e-10 * 1e3, "metal": 1e5 * 1e-10 * 1e3}


def liquid_vapour(plan: Plan, s: Script) -> bool:
    """A liquid slab in the middle third of a long box, vapour forming beside it (NVT): the density profile
    along z, and the surface tension from the pressure tensor, gamma = Lz/2 (Pzz - (Pxx + Pyy)/2), two
    interfaces (the LAMMPS examples' and textbooks' set-up)."""
    if plan.units == "metal" or plan.dimension != 3:
        return None
    nx, ny, nz = plan.cells
    third = nz / 3
    setup(s, plan)
    s.add(lattice_line(plan), region_box(plan, nx, ny, nz), f"region          slab block 0 {nx} 0 {ny} {third:g} {2 * third:g}",
          f"create_box      {ntypes(plan)} box", "create_atoms    1 region slab")  # fmt: skip
    masses(s, plan)
    potential(s, plan)
    timestep(s, plan)
    t = plan.temperature
    s.section(f"the slab at T = {t:g}: vapour forms on both sides; the centre of mass is kept still")
    velocities(s, t)
    s.add(f"fix             1 all nvt temp {t:g} {t:g} {tdamp(plan):g}", "fix             still all momentum 100 linear 1 1 1",
          f"run             {max(1000, plan.steps // 5)}  {RELAXATION}")  # fmt: skip
    s.section("the density profile along z and the surface tension, averaged after the interfaces formed")
    profile = output_file(plan, "density_profile", "density_profile.txt")
    s.add("compute         layers all chunk/atom bin/1d z lower 0.02 units reduced",
          f"fix             profile all ave/chunk 10 100 {max(1000, plan.steps // 4)} layers density/number file {profile}")  # fmt: skip
    factor = SURFACE_TENSION_MN_PER_M[plan.units]
    scale = f"*{factor:.6g}" if factor else ""
    every = 10 if plan.thermo_every % 10 == 0 else 1  # the running mean is ready at every thermo step
    s.add(f"variable        gamma equal 0.5*lz*(pzz-0.5*(pxx+pyy)){scale}",
          f"fix             gamma all ave/time {every} {plan.thermo_every // every} {plan.thermo_every} v_gamma ave running")  # fmt: skip
    thermo(s, plan, "pxx pyy pzz f_gamma")
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    s.add(
        f'print           "Surface tension (running mean, two interfaces): $(f_gamma) {"reduced units" if not factor else "mN/m"}"'
    )
    plan.assume(f"a liquid slab (the middle third of a box {nz} cells long) with vapour beside it, NVT; the density "
                f"profile along z in {profile}; the surface tension from the pressure tensor (running mean); a cutoff "
                "of 2.5 sigma gives a surface tension about a third below the full potential's (use 4-5 sigma for "
                "numbers to compare with experiment)")  # fmt: skip
    return True


TUBE_FILE = "cnt.data"
GRAPHITE_INTERLAYER = 3.4  # A: the wall thickness used for a tube's stress


def nanotube_data(n: int, m: int, length_A: float, vacuum: float = 10.0) -> tuple[str, float]:
    """A LAMMPS data file (atom_style atomic) of an (n, m) carbon nanotube along z, periodic along its axis,
    `vacuum` A around it (ASE's nanotube builder); and the tube's diameter in A."""
    import io

    from ase.build import nanotube as ase_nanotube
    from ase.io import write

    one = ase_nanotube(n, m, length=1, bond=1.42, symbol="C")
    tube = ase_nanotube(n, m, length=max(1, round(length_A / one.cell[2, 2])), bond=1.42, symbol="C")
    xy = tube.positions[:, :2]
    diameter = float(2 * np.sqrt(((xy - xy.mean(axis=0)) ** 2).sum(axis=1)).mean())
    tube.center(vacuum=vacuum, axis=(0, 1))
    tube.pbc = True
    buf = io.StringIO()
    write(buf, tube, format="lammps-data", masses=True, units="metal")
    return f"# ({n},{m}) carbon nanotube, written by MDWeb with ASE\n" + buf.getvalue().split("\n", 1)[1], diameter


def nanotube(plan: Plan, s: Script, inputs) -> bool:
    """A single-walled carbon nanotube (`nanotube_data`, supplied as cnt.data) with the plan's carbon potential:
    NVT at the temperature, or pulled along its axis (fix deform on z) with the axial stress over the wall's
    cross-section written against strain."""
    n, m = plan.extra["tube"]
    text, diameter = nanotube_data(n, m, plan.extra["tube_length"])
    plan.extra.setdefault("supplied", {})[TUBE_FILE] = text
    s.section(f"units and the ({n},{m}) tube, diameter {diameter:.2f} A")
    s.add("units           metal", "atom_style      atomic", "boundary        p p p", f"read_data       {TUBE_FILE}")
    masses(s, plan)
    potential(s, plan)
    timestep(s, plan)
    t = plan.temperature
    velocities(s, t)
    if "rate" not in plan.extra:
        thermo(s, plan)
        outputs(s, plan)
        s.section("dynamics")
        s.add(thermostat(plan, t, t), f"run             {plan.steps}")
        return True
    s.section("relax the tube's length at zero axial stress")
    s.add(f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} z 0 0 {pdamp(plan):g}", "thermo          500",
          f"run             2000  {RELAXATION}", "unfix           1")  # fmt: skip
    rate = plan.extra["rate"]  # per ps: the metal unit system's time unit
    wall = math.pi * diameter * GRAPHITE_INTERLAYER
    s.section(f"pull along z at {rate:g}/ps; stress = -pzz * (box cross-section) / (wall cross-section)")
    s.add("variable        L0 equal lz", "variable        L0 equal ${L0}", "variable        strain equal (lz-v_L0)/v_L0",
          f"variable        stress equal -pzz*lx*ly/{wall:.3f}/10000  # GPa",
          f"fix             1 all nvt temp {t:g} {t:g} {tdamp(plan):g}",
          f"fix             2 all deform 1 z erate {rate:g} units box remap x",
          f"fix             ss all ave/time 10 10 100 v_strain v_stress file {output_file(plan, 'stress_strain', 'stress_strain.txt')}",
          "thermo_style    custom step temp pe lz pzz v_strain v_stress", f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def repeat_length(lattice: str, direction: tuple[int, int, int]) -> float:
    """The shortest lattice translation along a direction, in units of the cubic lattice constant."""
    length = math.sqrt(sum(d * d for d in direction))
    if lattice in {"fcc", "diamond"} and sum(direction) % 2 == 0:
        return length / 2  # (a/2)[h k l] with h + k + l even
    if lattice == "bcc" and all(d % 2 for d in direction):
        return length / 2  # (a/2)[h k l] with all odd
    return length


def grain_boundary(plan: Plan, s: Script, inputs) -> bool:
    """A [001] symmetric tilt bicrystal (the grain-boundary-energy set-up of Tschopp and McDowell): two grains
    turned by +-theta/2 about z (boundary plane (h k 0) at y = 0; theta = 2 atan(k/h)), periodic in x and z, free surfaces in y; overlapping atoms at
    the boundary removed, energy minimised; the boundary energy from the atoms near it against the bulk
    energy per atom deep in a grain. At a temperature, NVT dynamics of the relaxed bicrystal follow."""
    if plan.units != "metal" or plan.lattice not in {"fcc", "bcc", "diamond"} or len(plan.elements) != 1:
        return None
    a = plan.a
    if plan.extra.get("gb_kind") == "twin":  # the lower grain turned 180 degrees about the boundary normal [111]
        if plan.lattice != "fcc":
            plan.declined = "the coherent twin is built for fcc metals only"
            return None
        x, z = (1, -1, 0), (-1, -1, 2)
        lower, upper = (
            "orient x 1 -1 0 orient y 1 1 1 orient z -1 -1 2",
            "orient x -1 1 0 orient y 1 1 1 orient z 1 1 -2",
        )
    else:
        h, k = plan.extra["gb_plane"]
        x, z = (k, -h, 0), (0, 0, 1)
        lower, upper = (
            f"orient x {k} {-h} 0 orient y {h} {k} 0 orient z 0 0 1",
            f"orient x {-k} {-h} 0 orient y {h} {-k} 0 orient z 0 0 1",
        )
    period_x, period_z = repeat_length(plan.lattice, x) * a, repeat_length(plan.lattice, z) * a
    lx = period_x * max(1, math.ceil(20.0 / period_x))
    lz = period_z * max(1, math.ceil(20.0 / period_z))
    ly = 40.0  # each grain's thickness (A): the reference atoms sit 10 A from the surface, 20 A from the boundary
    nn = element(plan.elements[0]).nearest_neighbour or 2.5
    setup(s, plan, boundary="p s p")
    s.add(f"region          whole block 0 {lx:.6f} {-ly:g} {ly:g} 0 {lz:.6f} units box", "create_box      1 whole",
          f"lattice         {plan.lattice} {a:g} {lower}",
          # the plane at y = 0 (rounded to +-1e-15) belongs to the lower grain only
          f"region          lower block INF INF {-ly:g} 0.01 INF INF units box", "create_atoms    1 region lower",
          "group           lower region whole",
          f"lattice         {plan.lattice} {a:g} {upper}",
          f"region          upper block INF INF 0.01 {ly:g} INF INF units box", "create_atoms    1 region upper",
          "group           upper subtract all lower")  # fmt: skip
    masses(s, plan)
    potential(s, plan)
    s.section("remove atoms that overlap at the boundary, then relax")
    s.add(f"delete_atoms    overlap {0.6 * nn:.3f} upper lower", "thermo_style    custom step pe press",
          "thermo          50", "min_style       cg", "minimize        1.0e-12 1.0e-12 20000 200000")  # fmt: skip
    s.section("boundary energy: atoms within 20 A of it against the bulk energy per atom deep in the lower grain")
    s.add("compute         peatom all pe/atom", f"region          near block INF INF {-ly / 2:g} {ly / 2:g} INF INF units box",
          f"region          deep block INF INF {-0.75 * ly:g} {-0.5 * ly:g} INF INF units box",
          "group           near region near", "group           deep region deep",
          "compute         enear near reduce sum c_peatom", "compute         edeep deep reduce ave c_peatom",
          "thermo_style    custom step pe c_enear c_edeep", "run             0",
          "variable        nnear equal count(near)",
          f"variable        gbe equal (c_enear-v_nnear*c_edeep)/(lx*lz)*{facts.EV_PER_A2_TO_MJ_PER_M2:g}",
          'print           "Grain boundary energy: ${gbe} mJ/m^2"')  # fmt: skip
    if plan.ensemble != "minimize":
        t = plan.temperature
        s.section(f"the relaxed bicrystal at {t:g} K (NVT; free surfaces in y)")
        timestep(s, plan)
        velocities(s, t)
        thermo(s, plan)
        outputs(s, plan)
        s.add(thermostat(plan, t, t), f"run             {plan.steps}")
    return True


def crack(plan: Plan, s: Script, inputs) -> bool:
    """Mode-I crack growth from a notch under tension (examples/crack/in.crack)."""
    if plan.units == "lj":
        plan.dimension = plan.dimension if plan.dimension == 2 else 2
        plan.lattice, plan.a = "hex", 0.93
        nx, ny = 100, 40
        setup(s, plan, boundary="s s p")
        s.add(lattice_line(plan), "region          box block 0 100 0 40 -0.25 0.25", "create_box      1 box",
              "create_atoms    1 box", "mass            * 1.0")  # fmt: skip
        potential(s, plan)
        vy = 0.3
        dt = 0.003
    else:
        nx, ny, nz = 40, 20, 2
        setup(s, plan, boundary="s s p")
        if plan.lattice == "graphene":  # a cracked sheet: the notch and the pull are in its plane
            sheet(s, plan, nx, ny)
        else:
            s.add(lattice_line(plan), f"region          box block 0 {nx} 0 {ny} 0 {nz}",
                  f"create_box      {ntypes(plan)} box")  # fmt: skip
            fill(s, plan)
        masses(s, plan)
        potential(s, plan)
        vy = 2.0  # A/ps, about a 1e10/s strain rate over the slab
        dt = plan.timestep
    plan.timestep = dt
    s.section("a notch: the bonds across a slit from the left edge to a third of the width are cut")
    s.add(f"region          lower block INF INF INF {ny * 0.03 + 0.25:g} INF INF",
          f"region          upper block INF INF {ny * 0.97 - 0.25:g} INF INF INF",
          "group           lower region lower", "group           upper region upper",
          "group           boundary union lower upper", "group           mobile subtract all boundary",
          f"region          notch block INF {nx / 3:g} {ny / 2 - 0.3:g} {ny / 2 + 0.3:g} INF INF",
          "delete_atoms    region notch")  # fmt: skip
    s.section("loading: the top edge is pulled apart at constant speed, the bottom held")
    s.add(f"velocity        mobile create {plan.temperature if plan.units != 'lj' else 0.01:g} 887723",
          f"velocity        upper set 0.0 {vy:g} 0.0",
          f"velocity        mobile ramp vy 0.0 {vy:g} y $(ylo) $(yhi) sum yes units box",
          "fix             1 all nve", "fix             2 boundary setforce NULL 0.0 0.0",
          f"timestep        {dt:g}")  # fmt: skip
    enforce2d(s, plan)
    s.add("compute         new mobile temp", "thermo_style    custom step temp pe ke press ly",
          "thermo_modify   temp new", f"thermo          {plan.thermo_every}")  # fmt: skip
    plan.outputs = list(dict.fromkeys(plan.outputs + ["dump"]))
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def flow(plan: Plan, s: Script, inputs) -> bool:
    """Poiseuille (or Couette) flow of a fluid between two crystalline walls (examples/flow)."""
    couette = bool(re.search(r"couette|moving wall|shear(ed)? between|sliding wall", plan.request, re.I))
    if plan.extra.get("channel") and not couette:
        return slit_pore_flow(plan, s)
    if plan.units != "lj":
        plan.declined = "flow of a named material needs a fluid model and walls chosen for it; the builder writes " \
                        "the Lennard-Jones channel only"  # fmt: skip
        return None
    dim2 = plan.dimension == 2
    setup(s, plan, boundary="p s p")
    if dim2:
        s.add("lattice         hex 0.7", "region          box block 0 20 0 10 -0.25 0.25")
    else:
        s.add("lattice         fcc 0.8", "region          box block 0 10 0 10 0 5")
    s.add("create_box      3 box", "create_atoms    1 box", "mass            * 1.0")
    s.section("interactions (the walls are the same LJ atoms, held in place)")
    s.add("pair_style      lj/cut 2.5", "pair_coeff      * * 1.0 1.0 2.5", "neighbor        0.3 bin",
          "neigh_modify    delay 5")  # fmt: skip
    s.section("walls: the bottom and top layers; the fluid in between")
    s.add("region          lower block INF INF INF 1.25 INF INF", "group           lower region lower",
          "region          upper block INF INF 8.75 INF INF INF" if dim2 else
          "region          upper block INF INF 8.75 INF INF INF",
          "group           upper region upper", "group           walls union lower upper",
          "group           fluid subtract all walls", "set             group lower type 2",
          "set             group upper type 3")  # fmt: skip
    s.add(comment("the thermostat sees only y and z: it must not drag on the flow along x"),
          f"compute         tfluid fluid temp/partial 0 1 {0 if dim2 else 1}",
          f"velocity        fluid create {plan.temperature:g} 482748 temp tfluid",
          "fix             1 all nve",
          f"fix             2 fluid langevin {plan.temperature:g} {plan.temperature:g} 1.0 2938 zero yes",
          "fix_modify      2 temp tfluid")  # fmt: skip
    if couette:
        s.section("Couette flow: the top wall slides at constant speed")
        speed = plan.extra.get("wall_speed")
        if speed is None:
            speed = 3.0
            plan.assume("the top wall slides at 3.0 sigma/tau (examples/flow)")
        s.add("velocity        lower set 0.0 0.0 0.0", f"velocity        upper set {speed:g} 0.0 0.0",
              "fix             3 walls setforce 0.0 0.0 0.0")  # fmt: skip
    else:
        s.section("Poiseuille flow: a body force drives the fluid along x between fixed walls")
        s.add("velocity        walls set 0.0 0.0 0.0", "fix             3 walls setforce 0.0 0.0 0.0",
              "fix             4 fluid addforce 0.1 0.0 0.0")  # fmt: skip
    if dim2:
        s.add("fix             2d all enforce2d")
    s.section("output: the velocity profile across the channel")
    s.add("compute         layers fluid chunk/atom bin/1d y lower 0.05 units reduced",
          "fix             profile fluid ave/chunk 10 100 1000 layers vx file velocity_profile.txt",
          "timestep        0.003", "thermo_style    custom step temp pe ke press", "thermo_modify   temp tfluid",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


# Body force on each fluid atom (kcal/mol/A): liquid argon in a 4-5 nm pore then flows at tens of m/s at the
# centre, fast enough to measure in a few hundred ps and slow enough not to heat the fluid much.
CHANNEL_FORCE = 0.002


def slit_pore_flow(plan: Plan, s: Script) -> bool:
    """Pressure-driven (Poiseuille) flow of a noble-gas liquid in a slit pore: frozen fcc walls at the bottom
    and top of the box, the liquid between them from a lattice at its density (overlaps at the periodic
    boundaries removed, then minimised), a body force along x on the fluid, a Langevin thermostat on y and z
    only, and the velocity profile across the pore (the slip length is where the fitted parabola reaches 0)."""
    c = plan.extra["channel"]
    fluid = c["fluid"]
    a = plan.a
    n = max(8, math.ceil(40.0 / a))  # about 4 nm along x and y
    layers = 1.5  # three (100) layers
    top = layers + c["width"] / a + layers
    fluid_a = round(element(fluid).a / facts.LIQUID_NOBLE_DENSITY ** (1 / 3), 4)
    gap = element(fluid).a / 2  # about a fluid atom's diameter of room next to each wall
    setup(s, plan, boundary="p p f")
    s.add(f"lattice         fcc {a:g}", f"region          box block 0 {n} 0 {n} -0.01 {top + 0.01:.4f}",
          "create_box      2 box",
          f"region          lower block INF INF INF INF INF {layers - 0.01:g}",
          f"region          upper block INF INF INF INF {top - layers + 0.01:.4f} INF",
          "create_atoms    1 region lower", "create_atoms    1 region upper",
          f"region          pore block INF INF INF INF {layers * a + gap:.3f} {(top - layers) * a - gap:.3f} units box",
          f"lattice         fcc {fluid_a:g}", "create_atoms    2 region pore",
          "group           walls type 1", "group           fluid type 2")  # fmt: skip
    masses(s, plan)
    potential(s, plan)
    s.add("neigh_modify    exclude type 1 1  # the frozen walls do not interact among themselves",
          f"delete_atoms    overlap {0.8 * plan.lj['per_type'][1][1]:.2f} fluid fluid  # images at the periodic boundaries")  # fmt: skip
    s.section("relax the fluid's overlaps, the walls held")
    s.add("fix             frozen walls setforce 0.0 0.0 0.0", "minimize        1.0e-4 1.0e-6 1000 10000")
    timestep(s, plan)
    t = plan.temperature
    s.section(f"liquid {fluid} at {t:g} K: the thermostat sees only y and z (it must not drag on the flow along x)")
    s.add("compute         tfluid fluid temp/partial 0 1 1",
          f"velocity        fluid create {t:g} {SEED} temp tfluid mom yes dist gaussian",
          "fix             1 fluid nve",
          f"fix             2 fluid langevin {t:g} {t:g} {10 * tdamp(plan):g} {SEED % 100000} zero yes",
          "fix_modify      2 temp tfluid", f"run             2000  {RELAXATION}")  # fmt: skip
    s.section(f"Poiseuille flow: a body force of {CHANNEL_FORCE:g} kcal/mol/A on each {fluid} atom along x")
    profile = output_file(plan, "velocity_profile", "velocity_profile.txt")
    s.add(f"fix             4 fluid addforce {CHANNEL_FORCE:g} 0.0 0.0",
          "compute         layers fluid chunk/atom bin/1d z lower 1.0 units box",
          f"fix             profile fluid ave/chunk 10 100 {max(1000, plan.steps // 5)} layers vx density/number file {profile}",
          "compute         vx fluid reduce ave vx",
          "thermo_style    custom step temp pe press c_vx", "thermo_modify   temp tfluid",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    plan.assume(f"the flow driven by a body force of {CHANNEL_FORCE:g} kcal/mol/A per {fluid} atom; the velocity "
                f"profile across the pore (1 A bins, A/fs) in {profile}; fit a parabola to it for the slip length")  # fmt: skip
    return True


def indentation(plan: Plan, s: Script, inputs) -> bool:
    """A spherical indenter pushed into a slab (examples/indent)."""
    nx, ny, nz = plan.cells
    nx, ny, nz = max(nx, 12), max(ny, 12), max(nz, 8)
    crystal(s, plan, nx, ny, nz, boundary="p p s")
    s.add("region          base block INF INF INF INF INF 1", "group           base region base",
          "group           mobile subtract all base")  # fmt: skip
    timestep(s, plan)
    velocities(s, plan.temperature, group="mobile")
    k = "10.0" if plan.units == "metal" else "1000.0"
    speed = "0.5" if plan.units == "metal" else "0.02"
    s.section("indenter: a sphere of radius 5 lattice spacings moving down at constant speed")
    s.add("fix             0 base setforce 0.0 0.0 0.0",
          f"fix             1 mobile nvt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g}",
          f"variable        z equal \"({nz} + 5.5)*zlat - step*dt*{speed}\"",
          f"fix             2 all indent {k} sphere $(0.5*lx) $(0.5*ly) v_z $(5.0*xlat) units box",
          "thermo_style    custom step temp pe f_2 f_2[3] v_z", f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def granular(plan: Plan, s: Script, inputs) -> bool:
    """Granular particles poured into a container under gravity (examples/pour/in.pour)."""
    n = plan.extra.get("n") or 1500
    s.section("granular particles (spheres) under gravity")
    s.add("units           lj", "atom_style      sphere", "boundary        p p fm", "newton          off",
          "comm_modify     vel yes", "region          reg block -10 10 -10 10 -0.5 16 units box",
          "create_box      1 reg", "neighbor        0.2 bin", "neigh_modify    delay 0",
          "pair_style      gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 0", "pair_coeff      * *",
          "timestep        0.001", "fix             1 all nve/sphere", "fix             2 all gravity 1.0 vector 0 0 -1",
          "fix             zlower all wall/gran hooke/history 2000.0 NULL 50.0 NULL 0.5 0 zplane 0.0 2000.0",
          "region          slab block -9.0 9.0 -9.0 9.0 10.0 15.0 units box",
          f"fix             ins all pour {n} 1 300719 vol 0.13 50 region slab",
          "compute         rot all erotate/sphere", "thermo_style    custom step atoms ke c_rot vol",
          f"thermo          {plan.thermo_every}", "thermo_modify   lost ignore norm no",
          "compute_modify  thermo_temp dynamic/dof yes")  # fmt: skip
    if "dump" in plan.outputs:
        s.add(f"dump            traj all custom {max(100, plan.steps // 50)} dump.lammpstrj id type radius x y z")
    s.add(f"run             {plan.steps}")
    return True


def data_file(plan: Plan, s: Script, inputs) -> bool:
    """The user's data file with the force field the plan chose for it: LJ beads (Kremer-Grest when asked),
    the file's own coefficients, rigid water, TraPPE-UA alkanes, or a library potential for atoms."""
    path = inputs.get(plan.data_file)
    if path is None:
        return None
    df = datafile.read(Path(path))
    if plan.units == "lj":
        return lj_beads_from_data(plan, s, df)
    model = plan.extra.get("data_model")
    s.section("units and atoms from your data file")
    s.add(f"units           {plan.units}", f"atom_style      {df.style}", "boundary        p p p")
    if model == "own":  # the styles come before read_data, which reads their coefficients
        if own_force_field(s, plan, df) is None:
            return None
    else:
        s.add(f"read_data       {plan.data_file}")
        {"water": water_force_field, "alkane": trappe_force_field, "atoms": potential_for_atoms}[model](s, plan, df)
    velocities(s, plan.temperature)
    if model == "water" or plan.extra.get(
        "rigid_water"
    ):  # SHAKE pulls the file's geometry onto the model's: a short warm-up at 0.5 fs first
        t = plan.temperature
        s.add("timestep        0.5", f"fix             warm all nvt temp {t:g} {t:g} 50",
              f"run             1000  {RELAXATION}", "unfix           warm")  # fmt: skip
    timestep(s, plan)
    thermo(s, plan)
    outputs(s, plan)
    s.section("dynamics")
    t0, t1 = plan.temperature, plan.temperature_end or plan.temperature
    s.add(thermostat(plan, t0, t1), f"run             {plan.steps}")
    if plan.hold_steps and t1 != t0:
        s.add("unfix           1", thermostat(plan, t1, t1), f"run             {plan.hold_steps}")
    return True


def lj_beads_from_data(plan: Plan, s: Script, df) -> bool:
    """Bonded LJ beads in reduced units: a Kremer-Grest bead-spring melt when the request says
    FENE/Kremer-Grest/bead-spring, LJ beads with harmonic bonds otherwise."""
    low = plan.request.lower()
    s.add("units           lj", f"atom_style      {df.style}", "boundary        p p p")
    kg = bool(re.search(r"fene|kremer|bead[- ]spring", low))
    if kg:
        s.add("special_bonds   fene", f"read_data       {plan.data_file}", "pair_style      lj/cut 1.122462",
              "pair_modify     shift yes", "pair_coeff      * * 1.0 1.0 1.122462")  # fmt: skip
        if df.counts.get("bonds"):
            s.add("bond_style      fene", "bond_coeff      * 30.0 1.5 1.0 1.0")
    else:
        s.add("special_bonds   lj 0.0 1.0 1.0", f"read_data       {plan.data_file}",
              "pair_style      lj/cut 2.5", "pair_coeff      * * 1.0 1.0")  # fmt: skip
        if df.counts.get("bonds"):
            k = re.search(r"\bk\s*=?\s*(\d+(?:\.\d+)?)", low)
            r0 = re.search(r"\br0\s*=?\s*(\d+(?:\.\d+)?)", low)
            s.add(
                "bond_style      harmonic",
                f"bond_coeff      * {k.group(1) if k else '100.0'} {r0.group(1) if r0 else '1.0'}",
            )
    if df.counts.get("angles"):
        stiff = re.search(r"(?:stiffness|bending[^.]*?)\s*(?:of\s*)?(\d+(?:\.\d+)?)", low)
        s.add("angle_style     cosine", f"angle_coeff     * {stiff.group(1) if stiff else '1.5'}")
    if df.counts.get("dihedrals"):
        s.add("dihedral_style  zero", "dihedral_coeff  *")
    s.add("neighbor        0.4 bin")
    dt = 0.01 if kg else 0.005
    plan.timestep = dt
    s.add(
        f"timestep        {dt:g}",
        f"velocity        all create {plan.temperature:g} {SEED} mom yes rot yes dist gaussian",
    )
    s.add(thermostat(plan, plan.temperature, plan.temperature))
    thermo(s, plan)
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


# Arguments for a pair style named by the data file, where the style needs more than one cutoff.
PAIR_ARGS = {"lj/charmm/coul/long": "8.0 10.0", "lj/charmm/coul/charmm": "8.0 10.0", "buck/coul/long": "10.0"}
# 1-2, 1-3, 1-4 weights by dihedral style (OPLS halves 1-4; CHARMM's dihedrals carry their own 1-4 weight).
SPECIAL_BY_DIHEDRAL = {"opls": "lj/coul 0.0 0.0 0.5", "charmm": "lj/coul 0.0 0.0 0.0"}


def potential_for_atoms(s: Script, plan: Plan, df) -> bool:
    """The plan's potential for the elements the masses name, one per atom type."""
    potential(s, plan, df.types.get("atom"))
    return True


def own_force_field(s: Script, plan: Plan, df) -> bool | None:
    """Styles for the coefficients the data file carries (its section comments, else the usual style for the
    number of coefficients); PPPM when the atoms are charged and the pair style is long-ranged."""
    pair = datafile.coeff_style(df, "Pair Coeffs") or datafile.coeff_style(df, "PairIJ Coeffs")
    styles = {k: datafile.coeff_style(df, datafile.TOPOLOGY[k]) for k in df.topology()}
    unknown = [
        n for n, st in [("Pair Coeffs", pair)] + [(datafile.TOPOLOGY[k], v) for k, v in styles.items()] if not st
    ]
    if unknown:
        plan.declined = (f"the coefficient sections of {plan.data_file} ({', '.join(unknown)}) do not say their style, "
                         "and their number of values fits none the builder knows: name the styles")  # fmt: skip
        return None
    s.section("interactions: the styles your data file's coefficients are written for (before read_data)")
    cut = plan.extra.get("cutoff_A")
    s.add(f"pair_style      {pair} {f'{cut:g}' if cut and 'charmm' not in pair else PAIR_ARGS.get(pair, '10.0')}")
    for kind, style in styles.items():
        s.add(f"{kind + '_style':<16}{style}")
    if "coul/long" in pair or "coul/msm" in pair:
        s.add("kspace_style    pppm 1.0e-4")
    special = SPECIAL_BY_DIHEDRAL.get(styles.get("dihedral", ""), "lj/coul 0.0 0.0 0.0")
    s.add(f"read_data       {plan.data_file}", f"special_bonds   {special}", "neighbor        2.0 bin",
          "neigh_modify    delay 0 every 1 check yes")  # fmt: skip
    if plan.extra.get("rigid_water"):
        s.add(shake_all(df))
    plan.assume(f"pair {pair}" + "".join(f", {k} {v}" for k, v in styles.items()) + f"; special_bonds {special}")
    return True


def water_force_field(s: Script, plan: Plan, df) -> bool | None:
    """Rigid water on the data file's molecules: the model's charges (unless the file sets them), LJ on O
    only, SHAKE on every bond and angle type, PPPM."""
    m = facts.WATER_MODELS[plan.extra["water"]]
    o, h = plan.elements.index("O") + 1, plan.elements.index("H") + 1
    s.section(f"interactions: {m['name']} ({m['source']})")
    if not df.charged:
        s.add(f"set             type {o} charge {m['q_o']:g}", f"set             type {h} charge {m['q_h']:g}")
    if m["qdist"]:
        s.add(f"pair_style      lj/cut/tip4p/long {o} {h} 1 1 {m['qdist']:g} {water_cutoff(plan):g}",
              "kspace_style    pppm/tip4p 1.0e-4")  # fmt: skip
    else:
        s.add(f"pair_style      lj/cut/coul/long {water_cutoff(plan):g}", "kspace_style    pppm 1.0e-4")
    s.add(f"pair_coeff      {o} {o} {m['epsilon']:g} {m['sigma']:g}", f"pair_coeff      {min(o, h)} {max(o, h)} 0.0 0.0",
          f"pair_coeff      {h} {h} 0.0 0.0  # no LJ on H", "bond_style      harmonic",
          f"bond_coeff      * 450.0 {m['r_oh']:g}", "angle_style     harmonic", f"angle_coeff     * 55.0 {m['angle']:g}",
          "special_bonds   lj/coul 0.0 0.0 0.0", "neighbor        2.0 bin", "neigh_modify    delay 0 every 1 check yes",
          shake_all(df))  # fmt: skip
    return True


def shake_all(df) -> str:
    """SHAKE on every bond and angle type of the data file (rigid water)."""
    bonds = " ".join(str(t) for t in range(1, df.types.get("bond", 1) + 1))
    angles = " ".join(str(t) for t in range(1, df.types.get("angle", 1) + 1))
    return f"fix             rigid all shake 0.0001 20 0 b {bonds} a {angles}"


def trappe_force_field(s: Script, plan: Plan, df) -> bool:
    """TraPPE-UA (facts.TRAPPE_UA) for the data file's united-atom groups."""
    s.section("interactions: TraPPE-UA (Martin & Siepmann 1998)")
    trappe_pair(s, datafile.type_groups(df.masses), plan.extra.get("cutoff_A"))
    trappe_bonded(s, df.counts)
    return True


def trappe_pair(s: Script, groups: list[str], cutoff: float | None = None) -> None:
    """LJ per united-atom group with Lorentz-Berthelot mixing and tail corrections, no LJ within three bonds;
    TraPPE's 14 A cutoff unless another is given."""
    b, kb = facts.TRAPPE_BONDED, KB["real"]
    s.add(f"pair_style      lj/cut {cutoff or b['cutoff']:g}")
    for t, group in enumerate(groups, start=1):
        p = facts.TRAPPE_UA[group]
        s.add(f"pair_coeff      {t} {t} {p['epsilon_K'] * kb:.4f} {p['sigma']:g}  # {group}")
    s.add("pair_modify     mix arithmetic tail yes", "special_bonds   lj 0.0 0.0 0.0")


def trappe_bonded(s: Script, counts: dict) -> None:
    """Harmonic bonds and angles and the TraPPE torsion as an OPLS dihedral, for the terms present."""
    b, kb = facts.TRAPPE_BONDED, KB["real"]
    s.add("bond_style      harmonic", f"bond_coeff      * {b['k_bond_K'] / 2 * kb:.1f} {b['r0']:g}")
    if counts.get("angles"):
        s.add("angle_style     harmonic", f"angle_coeff     * {b['k_angle_K'] / 2 * kb:.3f} {b['theta0']:g}")
    if counts.get("dihedrals"):  # OPLS's K_n are twice the TraPPE c_n
        k1, k2, k3 = (2 * c * kb for c in b["torsion_K"])
        s.add("dihedral_style  opls", f"dihedral_coeff  * {k1:.4f} {k2:.4f} {k3:.4f} 0.0")
    if counts.get("impropers"):
        s.add("improper_style  zero", "improper_coeff  *")
    s.add("neighbor        2.0 bin", "neigh_modify    delay 0 every 1 check yes")


ALKANE_FILE = "alkanes.data"


def alkane_chains(chains: int, carbons: int, density: float, seed: int = SEED) -> str:
    """A LAMMPS data file (atom_style molecular) of `chains` united-atom alkane chains of `carbons` groups
    (CH3 ends, type 1; CH2 inside, type 2), grown with TraPPE's bond length and angle and random
    trans/gauche torsions, at `density` g/cm3; overlaps are left to the script's soft push-off."""
    import random

    rng = random.Random(seed)
    b = facts.TRAPPE_BONDED
    mass = sum(facts.TRAPPE_UA["CH3" if i in (0, carbons - 1) else "CH2"]["mass"] for i in range(carbons)) * chains
    box = (mass / (0.60221408 * density)) ** (1 / 3)  # amu / (g/cm3) -> A^3
    atoms, bonds, angles, dihedrals = [], [], [], []
    for c in range(chains):
        path = _grow_chain(rng, carbons, b["r0"], math.radians(b["theta0"]), box)
        first = c * carbons + 1
        for i, xyz in enumerate(path):
            kind = 1 if i in (0, carbons - 1) else 2
            image = [math.floor(x / box) for x in xyz]
            inside = [x - k * box for x, k in zip(xyz, image, strict=True)]
            atoms.append(
                f"{first + i} {c + 1} {kind} " + " ".join(f"{x:.4f}" for x in inside) + " " + " ".join(map(str, image))
            )
        ids = list(range(first, first + carbons))
        for terms, size in ((bonds, 2), (angles, 3), (dihedrals, 4)):  # every run of 2, 3, 4 bonded groups
            terms += [f"{len(terms) + k + 1} 1 " + " ".join(map(str, ids[k : k + size]))
                      for k in range(len(ids) - size + 1)]  # fmt: skip
    head = (f"# {chains} united-atom alkane chains of {carbons} groups (TraPPE-UA), written by MDWeb\n\n"
            f"{len(atoms)} atoms\n{len(bonds)} bonds\n{len(angles)} angles\n{len(dihedrals)} dihedrals\n\n"
            f"2 atom types\n1 bond types\n{1 if angles else 0} angle types\n{1 if dihedrals else 0} dihedral types\n\n"
            f"0 {box:.4f} xlo xhi\n0 {box:.4f} ylo yhi\n0 {box:.4f} zlo zhi\n\nMasses\n\n"
            f"1 {facts.TRAPPE_UA['CH3']['mass']}\n2 {facts.TRAPPE_UA['CH2']['mass']}\n\nAtoms # molecular\n\n")  # fmt: skip
    body = "\n".join(atoms) + "\n\nBonds\n\n" + "\n".join(bonds) + "\n"
    if angles:
        body += "\nAngles\n\n" + "\n".join(angles) + "\n"
    if dihedrals:
        body += "\nDihedrals\n\n" + "\n".join(dihedrals) + "\n"
    return head + body


def _grow_chain(rng, n: int, bond: float, angle: float, box: float) -> list[np.ndarray]:
    """n points, `bond` apart with bond angle `angle`, torsions trans (60 %) or gauche (+-60 deg), from a
    random start (natural extension reference frame)."""
    start = np.array([rng.uniform(0, box) for _ in range(3)])
    u = np.array([rng.gauss(0, 1) for _ in range(3)])
    path = [start, start + bond * u / np.linalg.norm(u)]
    while len(path) < n:
        if len(path) == 2:
            helper = np.array([1.0, 0.0, 0.0]) if abs(u[0]) < 0.9 * np.linalg.norm(u) else np.array([0.0, 1.0, 0.0])
            a, b, c = path[-1] + helper, path[-2], path[-1]
        else:
            a, b, c = path[-3], path[-2], path[-1]
        phi = math.pi if rng.random() < 0.6 else rng.choice((1, -1)) * math.pi / 3
        bc = (c - b) / np.linalg.norm(c - b)
        normal = np.cross(b - a, bc)
        normal /= np.linalg.norm(normal)
        m = np.column_stack((bc, np.cross(normal, bc), normal))
        d = bond * np.array([-math.cos(angle), math.sin(angle) * math.cos(phi), math.sin(angle) * math.sin(phi)])
        path.append(c + m @ d)
    return path


def alkane(plan: Plan, s: Script, inputs) -> bool:
    """United-atom alkanes or polyethylene (TraPPE-UA) from chains the builder grows (alkanes.data): a soft
    push-off removes the overlaps, the melt equilibrates at 1 atm (at 450 K or the run's temperature if
    higher), is cooled to the run's temperature, then runs NPT, or is pulled along x (true stress-strain)."""
    chains, carbons = plan.extra["alkane"]
    plan.extra.setdefault("supplied", {})[ALKANE_FILE] = alkane_chains(chains, carbons, 0.5)
    t, p = plan.temperature, plan.pressure if plan.pressure is not None else 1.0
    melt = max(t, 450.0) if carbons >= 20 else t  # a polymer is equilibrated as a melt; short alkanes would boil
    s.section(f"units and {chains} chains of {carbons} united-atom groups")
    s.add(
        "units           real", "atom_style      molecular", "boundary        p p p", f"read_data       {ALKANE_FILE}"
    )
    trappe_bonded(s, {"angles": carbons > 2, "dihedrals": carbons > 3})
    s.add("special_bonds   lj 0.0 0.0 0.0")
    s.section("soft push-off: a soft repulsion grows while the groups move apart (the grown chains overlap)")
    s.add("pair_style      soft 4.0", "pair_coeff      * * 0.0", "variable        push equal ramp(0,50)",
          "fix             push all adapt 1 pair soft a * * v_push", f"velocity        all create {melt:g} {SEED}",
          "fix             move all nve/limit 0.1", f"fix             heat all langevin {melt:g} {melt:g} 100 {SEED % 100000}",
          "timestep        1", f"run             5000  {RELAXATION}", "unfix           push", "unfix           move",
          "unfix           heat")  # fmt: skip
    s.section("interactions: TraPPE-UA (Martin & Siepmann 1998)")
    trappe_pair(s, ["CH3", "CH2"], plan.extra.get("cutoff_A"))
    s.add("fix             move all nve/limit 0.1", f"fix             heat all langevin {melt:g} {melt:g} 100 {SEED % 100000 + 1}",
          f"run             2000  {RELAXATION}", "unfix           move", "unfix           heat")  # fmt: skip
    timestep(s, plan)
    s.section(f"the melt at {melt:g} K and {p:g} atm" + (f", then cooled to {t:g} K" if melt > t else ""))
    s.add(f"fix             1 all npt temp {melt:g} {melt:g} {tdamp(plan):g} iso {p:g} {p:g} {pdamp(plan):g}",
          "thermo_style    custom step temp pe press density", "thermo          1000",
          f"run             {max(10000, plan.steps // 5)}  {RELAXATION}", "unfix           1")  # fmt: skip
    if melt > t:
        s.add(f"fix             1 all npt temp {melt:g} {t:g} {tdamp(plan):g} iso {p:g} {p:g} {pdamp(plan):g}",
              f"run             {max(10000, plan.steps // 5)}  {RELAXATION}", "unfix           1")  # fmt: skip
    if "rate" in plan.extra:
        rate = plan.extra["rate"]
        s.section(f"pull along x at {rate:g}/fs, {p:g} atm on y and z: true stress (MPa) against true strain")
        s.add("variable        L0 equal lx", "variable        L0 equal ${L0}", "variable        strain equal ln(lx/v_L0)",
              "variable        stress equal -pxx*0.101325  # atm -> MPa",
              f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} y {p:g} {p:g} {pdamp(plan):g} z {p:g} {p:g} {pdamp(plan):g}",
              f"fix             2 all deform 1 x erate {rate:g} units box remap x",
              f"fix             ss all ave/time 10 10 100 v_strain v_stress file {output_file(plan, 'stress_strain', 'stress_strain.txt')}",
              "thermo_style    custom step temp pe lx pxx density v_strain v_stress", f"thermo          {plan.thermo_every}")  # fmt: skip
        outputs(s, plan)
        s.add(f"run             {plan.steps}")
        return True
    s.section("dynamics")
    s.add("thermo_style    custom step temp pe ke etotal press vol density", f"thermo          {plan.thermo_every}")
    outputs(s, plan)
    s.add(thermostat(plan, t, t), f"run             {plan.steps}")
    return True


# ---- properties and driven processes without a template before: elastic constants, thermal
# expansion, vibrational spectrum, shock, friction ---------------------------------------------


def water_molecule(model: str) -> str:
    """A LAMMPS molecule file of one rigid water molecule (O at the origin, the H atoms in the xy plane)."""
    m = facts.WATER_MODELS[model]
    half = math.radians(m["angle"] / 2)
    x, y = m["r_oh"] * math.sin(half), m["r_oh"] * math.cos(half)
    return (f"# {m['name']} water ({m['source']}), written by MDWeb\n\n3 atoms\n2 bonds\n1 angles\n\n"
            f"Coords\n\n1 0.0 0.0 0.0\n2 {x:.6f} {y:.6f} 0.0\n3 {-x:.6f} {y:.6f} 0.0\n\n"
            "Types\n\n1 1\n2 2\n3 2\n\n"
            f"Charges\n\n1 {m['q_o']}\n2 {m['q_h']}\n3 {m['q_h']}\n\n"
            "Bonds\n\n1 1 1 2\n2 1 1 3\n\nAngles\n\n1 1 2 1 3\n")  # fmt: skip


WATER_FILE = "water.mol"


def water(plan: Plan, s: Script, inputs) -> bool:
    """A box of rigid water (SHAKE) from a molecule file (`water_molecule`, supplied with the script as
    water.mol), 10 A cutoffs and PPPM; warmed up at 0.5 fs, then run at 2 fs in the plan's ensemble."""
    m = facts.WATER_MODELS[plan.extra["water"]]
    plan.extra.setdefault("supplied", {})[WATER_FILE] = water_molecule(plan.extra["water"])
    n = plan.cells[0]
    s.section("units and box")
    s.add("units           real", "atom_style      full", "boundary        p p p", f"lattice         sc {plan.a:g}",
          f"region          box block 0 {n} 0 {n} 0 {n}",
          "create_box      2 box bond/types 1 angle/types 1 extra/bond/per/atom 2 extra/angle/per/atom 1 "
          "extra/special/per/atom 2")  # fmt: skip
    masses(s, plan)
    s.add(f"molecule        water {WATER_FILE}", f"create_atoms    0 box mol water {SEED % 1000003}")
    s.section(f"interactions: {m['name']} ({m['source']})")
    if m["qdist"]:  # the negative charge sits on the massless M site, qdist from O
        s.add(f"pair_style      lj/cut/tip4p/long 1 2 1 1 {m['qdist']:g} {water_cutoff(plan):g}",
              "kspace_style    pppm/tip4p 1.0e-4")  # fmt: skip
    else:
        s.add(f"pair_style      lj/cut/coul/long {water_cutoff(plan):g}", "kspace_style    pppm 1.0e-4")
    s.add(f"pair_coeff      1 1 {m['epsilon']:g} {m['sigma']:g}", "pair_coeff      * 2 0.0 0.0  # no LJ on H",
          "bond_style      harmonic", f"bond_coeff      1 450.0 {m['r_oh']:g}", "angle_style     harmonic",
          f"angle_coeff     1 55.0 {m['angle']:g}", "special_bonds   lj/coul 0.0 0.0 0.0",
          "neighbor        2.0 bin", "neigh_modify    delay 0 every 1 check yes")  # fmt: skip
    s.section("initial state: rigid molecules, a short warm-up at 0.5 fs while the grid loosens")
    velocities(s, plan.temperature)
    t = plan.temperature
    s.add("fix             rigid all shake 0.0001 20 0 b 1 a 1", "timestep        0.5",
          f"fix             warm all nvt temp {t:g} {t:g} 50", f"run             2000  {RELAXATION}",
          "unfix           warm")  # fmt: skip
    timestep(s, plan)
    thermo(s, plan)
    outputs(s, plan)
    if "viscosity" in plan.extra.get("water_does", ()):
        return water_viscosity(plan, s)
    s.section("dynamics")
    s.add(thermostat(plan, t, t), f"run             {plan.steps}")
    return True


def water_cutoff(plan: Plan) -> float:
    """The water models' LJ and real-space Coulomb cutoff: 10 A unless the request named one."""
    return plan.extra.get("cutoff_A", 10.0)


COS_ACCELERATION = 0.05e-5  # A/fs^2: the amplitude of examples/VISCOSITY/in.cos.1000SPCE


def water_viscosity(plan: Plan, s: Script) -> bool:
    """The shear viscosity of water by periodic perturbation (examples/VISCOSITY/in.cos.1000SPCE; Hess 2002):
    a cosine-shaped acceleration along x varying along z drives a velocity profile whose amplitude V gives
    1/eta = V / (A rho) (2 pi / Lz)^2; the thermostat acts on the motion beside the profile."""
    t = plan.temperature
    p = plan.pressure if plan.pressure is not None else 1.0
    s.section("viscosity by periodic perturbation: fix accelerate/cos, the profile's amplitude gives 1/eta")
    s.add("fix             com all momentum 100 linear 1 1 1", f"fix             cos all accelerate/cos {COS_ACCELERATION:g}",
          "compute         cos all viscosity/cos", "variable        vmax equal c_cos[7]  # the profile's amplitude, A/fs",
          f"variable        invvis equal v_vmax/{COS_ACCELERATION:g}/density*39.4784/lz/lz*100  # 1/(Pa s)",
          "fix             invvis all ave/time 10 10 100 v_invvis ave running",
          "variable        eta equal 1000/f_invvis  # mPa s",
          f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} iso {p:g} {p:g} {pdamp(plan):g}",
          "fix_modify      1 temp cos", "thermo_style    custom step temp press density v_vmax v_invvis f_invvis",
          "thermo_modify   temp cos", f"run             {plan.steps}",
          'print           "Shear viscosity (periodic perturbation, running mean): ${eta} mPa s"')  # fmt: skip
    plan.assume(f"the viscosity by periodic perturbation (fix accelerate/cos, A = {COS_ACCELERATION:g} A/fs^2, "
                "as examples/VISCOSITY/in.cos.1000SPCE), the running mean of 1/eta over the run; the first "
                "picoseconds, while the profile builds up, bias it low: run long (hundreds of ps)")  # fmt: skip
    return True


CHAINS_FILE = "chains.data"


def random_walk_chains(chains: int, beads: int, density: float, seed: int = SEED) -> str:
    """A LAMMPS data file (atom_style bond) of `chains` random walks of `beads` beads, bond length 0.97
    sigma, no immediate back-steps, in a cubic box at `density`; overlaps between chains are removed by the
    script's soft push-off."""
    import random

    rng = random.Random(seed)
    box = (chains * beads / density) ** (1 / 3)
    atoms, bonds = [], []
    for c in range(chains):
        path = [[rng.uniform(0, box) for _ in range(3)]]
        while len(path) < beads:
            v = [rng.gauss(0, 1) for _ in range(3)]
            norm = math.sqrt(sum(x * x for x in v))
            step = [p + 0.97 * x / norm for p, x in zip(path[-1], v, strict=True)]
            if len(path) > 1 and math.dist(step, path[-2]) < 1.1:
                continue  # no folding back onto the bead before
            path.append(step)
        for i, xyz in enumerate(path):
            ident = c * beads + i + 1
            image = [math.floor(x / box) for x in xyz]
            inside = [x - k * box for x, k in zip(xyz, image, strict=True)]
            atoms.append(f"{ident} {c + 1} 1 " + " ".join(f"{x:.5f}" for x in inside) + " " + " ".join(map(str, image)))
            if i:
                bonds.append(f"{len(bonds) + 1} 1 {ident - 1} {ident}")
    return (f"# {chains} bead-spring chains of {beads} beads, random walks (MDWeb)\n\n{len(atoms)} atoms\n"
            f"{len(bonds)} bonds\n1 atom types\n1 bond types\n\n0 {box:.6f} xlo xhi\n0 {box:.6f} ylo yhi\n"
            f"0 {box:.6f} zlo zhi\n\nMasses\n\n1 1.0\n\nAtoms # bond\n\n" + "\n".join(atoms)
            + "\n\nBonds\n\n" + "\n".join(bonds) + "\n")  # fmt: skip


def polymer(plan: Plan, s: Script, inputs) -> bool:
    """A Kremer-Grest melt (FENE bonds, WCA beads; Kremer & Grest 1990) from random walks the builder writes
    (chains.data): a soft push-off removes the walks' overlaps (Auhl et al. 2003), then the melt runs."""
    chains, beads = plan.extra["chains"]
    plan.extra.setdefault("supplied", {})[CHAINS_FILE] = random_walk_chains(chains, beads, plan.a)
    plan.assume(f"{chains} chains of {beads} beads as random walks in {CHAINS_FILE}, a file MDWeb writes next to "
                "the script; Kremer-Grest: FENE bonds (K = 30, R0 = 1.5), WCA beads (cut at 2^(1/6) sigma)")  # fmt: skip
    t = plan.temperature
    s.section("units and the random-walk chains")
    s.add("units           lj", "atom_style      bond", "boundary        p p p", "special_bonds   fene",
          f"read_data       {CHAINS_FILE}", "bond_style      fene", "bond_coeff      1 30.0 1.5 1.0 1.0",
          "neighbor        0.4 bin", "neigh_modify    delay 0 every 1 check yes")  # fmt: skip
    s.section("soft push-off: a soft repulsion grows while the beads move apart (the walks overlap)")
    s.add("pair_style      soft 1.122462", "pair_coeff      * * 0.0", "variable        push equal ramp(0,60)",
          "fix             push all adapt 1 pair soft a * * v_push", f"velocity        all create {t:g} {SEED}",
          "fix             move all nve/limit 0.05", f"fix             heat all langevin {t:g} {t:g} 1.0 {SEED % 100000}",
          "timestep        0.005", f"run             4000  {RELAXATION}",
          "unfix           push", "unfix           move", "unfix           heat")  # fmt: skip
    s.section("the Kremer-Grest melt")
    s.add("pair_style      lj/cut 1.122462", "pair_modify     shift yes", "pair_coeff      * * 1.0 1.0 1.122462",
          comment("the last overlaps relax with capped displacements before the free dynamics"),
          "fix             move all nve/limit 0.05", f"fix             heat all langevin {t:g} {t:g} 1.0 {SEED % 100000}",
          "timestep        0.005", f"run             2000  {RELAXATION}", "unfix           move", "unfix           heat")  # fmt: skip
    timestep(s, plan)
    s.add("compute         chain all chunk/atom molecule", "compute         rg all gyration/chunk chain",
          "variable        rg2 equal ave(c_rg)^2")  # fmt: skip
    s.section("output")
    s.add("thermo_style    custom step temp pe ke epair ebond press v_rg2", f"thermo          {plan.thermo_every}")
    outputs(s, plan)
    s.section("dynamics")
    if plan.ensemble in {"nvt", "langevin"} or plan.ensemble is None:
        s.add("fix             1 all nve", f"fix             2 all langevin {t:g} {t:g} 2.0 {SEED % 100000 + 1}")
    else:
        s.add(thermostat(plan, t, t))
    s.add(f"run             {plan.steps}")
    return True


def stress_scale(plan: Plan) -> tuple[str, str]:
    """(factor that turns the script's pressure unit into GPa, its label); LJ stays reduced."""
    from simulations.engine.units import BAR

    bar = BAR.get(plan.units)
    if not bar:
        return "", "pressure units"
    factor = 1e-4 / bar
    return f"*{factor:.6g}", "GPa"


def equilibration_steps(plan: Plan) -> int:
    """Steps of equilibration before the measured part: 2000, or half the run when that is shorter
    (at least 1000 after a premelt: the liquid comes down from twice the melting point)."""
    return max(1000 if plan.extra.get("premelt") else 200, min(2000, plan.steps // 2))


def elastic(plan: Plan, s: Script, inputs) -> bool:
    """Static elastic constants by finite strain (the idea of examples/ELASTIC): relax the crystal to
    zero pressure, strain the box by +d and -d along x and in yz, relax the atoms, and take the
    stress change per strain: C11 and C12 from x, C44 from yz (for a cubic crystal)."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    scale, unit = stress_scale(plan)
    plan.assume("static (0 K) elastic constants by +/-0.1 % finite strains; C11, C12 and C44 describe a cubic "
                "crystal (other symmetries need the other strains too)")  # fmt: skip
    s.section("relax the crystal to zero pressure")
    s.add("thermo_style    custom step pe press pxx pyy pzz pyz lx ly lz", "thermo          100",
          "fix             relax all box/relax aniso 0.0 vmax 0.001", "min_style       cg",
          "minimize        1.0e-12 1.0e-12 10000 100000", "unfix           relax",
          "change_box      all triclinic", "variable        d equal 0.001",
          "variable        Lx0 equal $(lx)", "variable        Lz0 equal $(lz)")  # fmt: skip
    s.section("C11 and C12: strain along x by +d and -d")
    s.add("change_box      all x delta 0 $(v_d*v_Lx0) remap units box",
          "minimize        1.0e-12 1.0e-12 10000 100000",
          "variable        pxxp equal $(pxx)", "variable        pyyp equal $(pyy)",
          "change_box      all x delta 0 $(-2*v_d*v_Lx0) remap units box",
          "minimize        1.0e-12 1.0e-12 10000 100000",
          "variable        pxxm equal $(pxx)", "variable        pyym equal $(pyy)",
          "change_box      all x delta 0 $(v_d*v_Lx0) remap units box")  # fmt: skip
    s.section("C44: shear strain in yz by +d and -d")
    s.add("change_box      all yz delta $(v_d*v_Lz0) remap units box",
          "minimize        1.0e-12 1.0e-12 10000 100000", "variable        pyzp equal $(pyz)",
          "change_box      all yz delta $(-2*v_d*v_Lz0) remap units box",
          "minimize        1.0e-12 1.0e-12 10000 100000", "variable        pyzm equal $(pyz)",
          "change_box      all yz delta $(v_d*v_Lz0) remap units box")  # fmt: skip
    s.section(f"the constants ({unit}): stress = -pressure")
    s.add(f"variable        C11 equal -(v_pxxp-v_pxxm)/(2*v_d){scale}",
          f"variable        C12 equal -(v_pyyp-v_pyym)/(2*v_d){scale}",
          f"variable        C44 equal -(v_pyzp-v_pyzm)/(2*v_d){scale}",
          "variable        B equal (v_C11+2*v_C12)/3",
          f'print           "Elastic constants ({unit}): C11 = ${{C11}} C12 = ${{C12}} C44 = ${{C44}}; '
          'bulk modulus B = (C11+2C12)/3 = ${B}"')  # fmt: skip
    return True


def expansion_temperatures(plan: Plan) -> list[float]:
    """The temperatures of a thermal-expansion run: those given (3 or more), else 5 evenly spaced
    between the two given, else from room temperature to 60 % of the melting point."""
    given = sorted(plan.extra.get("temperatures") or [])
    if len(given) >= 3:
        return given
    lo, hi = (given[0], given[-1]) if len(given) == 2 else (None, None)
    if len(given) == 1 and plan.units != "lj":  # "at 700 K": from room temperature up to it (or from it up)
        lo, hi = (300.0, given[0]) if given[0] > 400 else (given[0], given[0] + 400)
        plan.assume(f"temperatures from {lo:g} to {hi:g} K in 5 steps")
    if lo is None:
        if plan.units == "lj":
            lo, hi = 0.1, 0.5
        else:
            points = [element(e).melting_K for e in plan.elements if element(e) and element(e).melting_K]
            lo, hi = 300.0, round(0.6 * min(points), -2) if points else 900.0
            hi = max(hi, 500.0)
        plan.assume(f"temperatures from {lo:g} to {hi:g} in 5 steps (a solid well below its melting point)")
    step = (hi - lo) / 4
    return [round(lo + i * step, 3) for i in range(5)]


def thermal_expansion(plan: Plan, s: Script, inputs) -> bool:
    """The lattice constant at several temperatures under zero pressure (NPT), then the linear
    expansion coefficient between the lowest and the highest."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    temps = expansion_temperatures(plan)
    plan.temperature, plan.temperature_end = temps[0], temps[-1]
    equil, average = max(200, plan.steps // 2), max(200, plan.steps - plan.steps // 2)  # per temperature
    s.section("initial state")
    timestep(s, plan)
    velocities(s, 2 * temps[0])
    hexagonal = (
        plan.lattice in facts.NONCUBIC_LATTICES
    )  # a and c expand differently: each box side free (aniso), c/a reported
    s.add(f"variable        a equal lx/{nx}")
    if hexagonal:  # LAMMPS's hcp cell is a x sqrt(3) a x c, with c along z
        s.add(f"variable        c equal lz/{nz}", "variable        ca equal v_c/v_a")
    s.add("thermo_style    custom step temp pe press vol lx v_a" + (" v_c v_ca" if hexagonal else ""),
          f"thermo          {plan.thermo_every}")  # fmt: skip
    file = output_file(plan, "expansion", "expansion.txt")
    s.add(f'print           "# T  lattice_constant{"  c  c/a" if hexagonal else ""}" file {file} screen no')
    p = plan.pressure or 0.0
    coupling = "aniso" if hexagonal else "iso"
    averaged = "v_a v_c v_ca" if hexagonal else "v_a"
    for i, t in enumerate(temps):
        s.section(f"T = {t:g}: equilibrate, then average the lattice constant")
        s.add(f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} {coupling} {p:g} {p:g} {pdamp(plan):g}",
              f"run             {equil}", f"fix             av all ave/time 10 1 10 {averaged} ave running",
              f"run             {average}", f"variable        a{i} equal $(f_av[1])" if hexagonal else
              f"variable        a{i} equal $(f_av)")  # fmt: skip
        if hexagonal:
            s.add(f"variable        c{i} equal $(f_av[2])", f"variable        ca{i} equal $(f_av[3])",
                  f'print           "{t:g} ${{a{i}}} ${{c{i}}} ${{ca{i}}}" append {file} screen no',
                  f'print           "T = {t:g}: a ${{a{i}}}  c ${{c{i}}}  c/a ${{ca{i}}}"')  # fmt: skip
        else:
            s.add(f'print           "{t:g} ${{a{i}}}" append {file} screen no',
                  f'print           "T = {t:g}: lattice constant ${{a{i}}}"')  # fmt: skip
        s.add("unfix           av", "unfix           1")
    last = len(temps) - 1
    s.add(f"variable        alpha equal (v_a{last}-v_a0)/(v_a0*({temps[-1]:g}-{temps[0]:g}))",
          f'print           "Linear thermal expansion coefficient {temps[0]:g}-{temps[-1]:g}: ${{alpha}} per degree"')  # fmt: skip
    if hexagonal:
        s.add(f"variable        alphac equal (v_c{last}-v_c0)/(v_c0*({temps[-1]:g}-{temps[0]:g}))",
              'print           "Along c: ${alphac} per degree"')  # fmt: skip
    return True


def vibrations(plan: Plan, s: Script, inputs) -> bool:
    """The velocity autocorrelation function of an equilibrated NVE run (compute vacf): its Fourier
    transform is the vibrational (phonon) density of states."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    s.section("equilibrate at the temperature")
    timestep(s, plan)
    velocities(s, plan.temperature if plan.extra.get("premelt") else 2 * plan.temperature)
    premelt(s, plan)
    s.add(thermostat(plan, plan.temperature, plan.temperature), "thermo          500",
          f"run             {equilibration_steps(plan)}", "unfix           1")  # fmt: skip
    steps = min(plan.steps, 4000)
    file = output_file(plan, "vacf", "vacf.txt")
    plan.assume(f"the VACF over {steps} NVE steps, written every step to {file}: its Fourier transform is the "
                "vibrational density of states (the run does not transform it)")  # fmt: skip
    s.section("velocity autocorrelation in NVE")
    s.add("fix             1 all nve", "reset_timestep  0", "compute         vacf all vacf",
          f"fix             vacf all ave/time 1 1 1 c_vacf[4] file {file}",
          "thermo_style    custom step temp pe etotal c_vacf[4]", f"thermo          {max(10, steps // 50)}",
          f"run             {steps}")  # fmt: skip
    return True


def shock(plan: Plan, s: Script, inputs) -> bool:
    """A piston-driven shock (NEMD): the bottom layers move up at the piston speed into a long
    crystal (examples/shock); the density and velocity profiles along z show the shock front."""
    nx, ny, nz = plan.cells  # a long column along z (plan.SHOCK_ASPECT)
    speed = plan.extra.get("speed")
    up = speed or (10.0 if plan.units == "metal" else 1.0)
    if not speed:
        plan.assume("piston speed 1 km/s (10 A/ps)" if plan.units == "metal" else f"piston speed {up:g}")
    crystal(s, plan, nx, ny, nz, boundary="p p s")
    s.section("equilibrate, then drive the piston")
    timestep(s, plan)
    velocities(s, 2 * plan.temperature)
    s.add(thermostat(plan, plan.temperature, plan.temperature), "thermo          500",
          f"run             {equilibration_steps(plan)}", "unfix           1",
          "region          piston block INF INF INF INF INF 2", "group           piston region piston",
          "group           sample subtract all piston",
          f"velocity        piston set 0.0 0.0 {up:g} sum no units box",
          "fix             p piston setforce 0.0 0.0 0.0", "fix             1 all nve")  # fmt: skip
    file = output_file(plan, "profile", "shock_profile.txt")
    s.add("compute         slab sample chunk/atom bin/1d z lower 0.02 units reduced",
          f"fix             prof sample ave/chunk 10 10 100 slab density/mass vz file {file}",
          "compute         vz sample reduce ave vz", "thermo_style    custom step temp pe press lz c_vz",
          f"thermo          {plan.thermo_every}", "thermo_modify   lost ignore")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def stacking_fault(plan: Plan, s: Script, inputs) -> bool | None:
    """The generalized stacking-fault energy of an fcc metal on (111) along [11-2]: the upper half
    of a (111) slab is shifted rigidly in ten steps up to the partial Burgers vector a/sqrt(6),
    the atoms relax only normal to the plane (fix setforce 0 0 NULL), and the energy per area is
    printed at each shift: the unstable fault energy near the middle, the intrinsic one at the end."""
    if plan.lattice != "fcc":
        plan.declined = f"the stacking-fault template is written for fcc crystals (this is {plan.lattice})"
        return None
    a = plan.a
    nx, ny, nz = 2, 3, 4  # periods along [11-2] (a*sqrt(6)/2), [-110] (a*sqrt(2)/2), [111] (a*sqrt(3))
    lx, ly, lz = nx * a * math.sqrt(6) / 2, ny * a * math.sqrt(2) / 2, nz * a * math.sqrt(3)
    bp = a / math.sqrt(6)
    to_mj = "*16021.766" if plan.units == "metal" else ""
    unit = "mJ/m^2" if plan.units == "metal" else "energy/area"
    plan.assume(f"fcc (111) slab, {nx}x{ny}x{nz} periods, free surfaces along z; shifts up to the partial "
                f"Burgers vector a/sqrt(6) = {bp:.3f} in 10 steps")  # fmt: skip
    setup(s, plan, boundary="p p s")
    s.add(f"lattice         fcc {a:g} orient x 1 1 -2 orient y -1 1 0 orient z 1 1 1",
          f"region          box block 0 {lx:.6f} 0 {ly:.6f} 0 {lz:.6f} units box",
          f"create_box      {ntypes(plan)} box")  # fmt: skip
    fill(s, plan)
    masses(s, plan)
    potential(s, plan)
    s.section("the upper half, and relaxation normal to the slip plane only")
    cut = (nz * 3 // 2 + 0.5) * a * math.sqrt(3) / 3  # between two (111) planes, half way up
    s.add(f"region          upper block INF INF INF INF {cut:.6f} INF units box", "group           upper region upper",
          "fix             1 all setforce 0.0 0.0 NULL", "thermo_style    custom step pe", "thermo          100",
          "min_style       cg", "minimize        1.0e-12 1.0e-12 10000 100000", "variable        E0 equal $(pe)",
          "variable        area equal lx*ly")  # fmt: skip
    file = output_file(plan, "gsfe", "gsfe.txt")
    s.add(f'print           "# shift(A) energy({unit})" file {file} screen no')
    step = bp / 10
    for i in range(1, 11):
        s.add(f"displace_atoms  upper move {step:.6f} 0.0 0.0 units box",
              "minimize        1.0e-12 1.0e-12 10000 100000",
              f"variable        g{i} equal $((pe-v_E0)/v_area{to_mj})",
              f'print           "{i * step:.4f} ${{g{i}}}" append {file} screen no')  # fmt: skip
    s.add(f'print           "Unstable stacking-fault energy (shift {5 * step:.3f}): ${{g5}} {unit}; intrinsic '
          f'stacking-fault energy (shift {bp:.3f}): ${{g10}} {unit}"')  # fmt: skip
    return True


def friction(plan: Plan, s: Script, inputs) -> bool:
    """A slider block on a substrate: the substrate's bottom layer is fixed, the slider's top
    layer is pushed down with a constant load and moved along x at constant speed; the lateral
    force on it (compute reduce sum fx) is the friction force. Thermostat on the other atoms,
    perpendicular to the sliding only. The layers stack along z (along y in 2D)."""
    nx, ny, nz = plan.cells
    two_d = plan.dimension == 2
    nx, ny = max(nx, 8 if not two_d else 20), max(ny, 6)
    sub, gap, top = 5, 0.6, 10.6
    speed = plan.extra.get("speed")
    v = speed or (0.5 if plan.units == "metal" else 0.1)
    scale, unit = stress_scale(plan)
    if not speed:
        plan.assume("sliding speed 50 m/s (0.5 A/ps)" if plan.units == "metal" else f"sliding speed {v:g}")
    load = 1.0 if unit == "GPa" else 0.5
    plan.assume(f"normal load {load:g} {unit} on the slider")
    normal = "y" if two_d else "z"

    def slab(lo, hi) -> str:  # a block between two heights along the normal
        return f"INF INF {lo} {hi} -0.5 0.5" if two_d else f"INF INF INF INF {lo} {hi}"

    setup(s, plan, boundary="p f p" if two_d else "p p f")
    box = f"0 {nx} -0.5 {top + 2} -0.5 0.5" if two_d else f"0 {nx} 0 {ny} -0.5 {top + 2}"
    s.add(lattice_line(plan), f"region          box block {box}", f"create_box      {ntypes(plan)} box",
          f"region          lower block {slab(0, sub)}", f"region          upper block {slab(sub + gap, top)}")  # fmt: skip
    if len(plan.elements) == 2 and len(plan.fractions) != 2:  # "an Al block sliding on Cu": one each
        mover, target = _roles(plan, r"slid|slider|tip|block|moving|rubb|drag")
        for region, t in (("lower", target), ("upper", mover)):
            fill(s, Plan(**{**plan.to_dict(), "elements": [plan.elements[t - 1]], "fractions": [], "extra": {}}),
                 region=region)  # fmt: skip
            if t != 1:
                s.add(f"set             region {region} type {t}")
    else:
        fill(s, plan, region="lower")
        fill(s, plan, region="upper")
    masses(s, plan)
    potential(s, plan)
    s.add(f"region          base block {slab('INF', 1)}", "group           base region base",
          f"region          grip block {slab(top - 1, 'INF')}", "group           grip region grip",
          "group           slider region upper", "group           mobile subtract all base grip")  # fmt: skip
    s.section("equilibrate with the slider resting on the substrate")
    timestep(s, plan)
    pressure_to_force = "/160.21766" if plan.units == "metal" else ""  # GPa * A^2 -> eV/A
    area = "lx" if two_d else "lx*ly"  # in 2D a pressure is a force per length
    push = "0.0 ${fload} 0.0" if two_d else "0.0 0.0 ${fload}"
    s.add(f"variable        fload equal -{load:g}*{area}{pressure_to_force}/count(grip)",
          "variable        fload equal ${fload}",
          f"velocity        mobile create {plan.temperature:g} {SEED} mom yes rot yes dist gaussian",
          "fix             0 base setforce 0.0 0.0 0.0", "fix             1 mobile nve",
          f"compute         tperp mobile temp/partial 0 1 {0 if two_d else 1}",
          f"fix             2 mobile langevin {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} {SEED % 100000}",
          "fix_modify      2 temp tperp", f"fix             3 grip aveforce {push}",
          "fix             4 grip nve")  # fmt: skip
    enforce2d(s, plan)
    s.add("thermo          500", f"run             {equilibration_steps(plan)}", "unfix           4")
    s.section(f"slide along x at {v:g} (distance per time unit)")
    glide = f"{v:g} NULL 0.0" if two_d else f"{v:g} 0.0 NULL"
    s.add(f"fix             4 grip move linear {glide} units box",
          "compute         ffric grip reduce sum fx", f"compute         fnorm grip reduce sum f{normal}",
          "thermo_style    custom step temp pe c_ffric c_fnorm",
          f"fix             fric all ave/time 10 10 100 c_ffric c_fnorm file {output_file(plan, 'friction', 'friction.txt')}",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan, name="all")
    s.add(f"run             {plan.steps}")
    return True


TEMPLATES = {
    "bulk": bulk, "equilibrate": bulk, "density": bulk, "rdf": bulk, "diffusion": bulk,
    "melting": ramp, "heating": ramp, "cooling": ramp, "solidification": ramp,
    "minimize": minimize, "vacancy": vacancy, "surface": surface_with_bulk,
    "tension": deformation, "compression": deformation, "shear": shear,
    "thermal_conductivity": thermal_conductivity, "viscosity": viscosity,
    "nanoparticle": nanoparticle, "deposition": deposition, "sputtering": sputtering, "impact": impact, "cascade": cascade, "interdiffusion": interdiffusion, "coexistence": coexistence, "crack": crack, "flow": flow,
    "indentation": indentation, "granular": granular, "data_file": data_file,
    "elastic": elastic, "thermal_expansion": thermal_expansion, "phonon": vibrations, "shock": shock,
    "friction": friction, "stacking_fault": stacking_fault, "grain_boundary": grain_boundary, "nanotube": nanotube, "alkane": alkane, "water": water, "polymer": polymer,
}  # fmt: skip
