"""Shared pieces of the builder's scripts: the Script being written, system set-up, the potential,
thermostats and barostats, velocities, thermo and output, and the relaxations every template uses.
"""

from __future__ import annotations

import math
import re

from .. import facts
from ..facts import element
from ..plan import Plan, melting_point

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
        from ..grounding import meam_library

        names = " ".join((plan.elements + [plan.elements[0]] * n)[:n])
        library, library_elements = meam_library(plan.potential_file)
        s.add("pair_style      meam",
              f"pair_coeff      * * {library} {' '.join(library_elements)} {plan.potential_file} {names}")  # fmt: skip
    else:
        labels = plan.extra.get("labels", {})  # the file's own names ("Si(D)" in SiCGe.tersoff)
        names = " ".join(labels.get(e, e) for e in (plan.elements + [plan.elements[0]] * n)[:n])
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
    melt = melting_point(plan)  # a compound's own (NaCl 1074 K, far above sodium's)
    if melt and plan.compound:
        points = [melt]
    return max(round(2.0 * min(points)) if points else 3000.0, round(1.5 * plan.temperature))


def premelt(s: Script, plan: Plan) -> None:
    """A liquid started from a lattice at the liquid's density: melt it hot first (plan.extra["premelt"])."""
    if plan.extra.get("premelt"):
        t_melt = hot(plan)
        s.add(comment(f"melt the starting lattice at {t_melt:g}, then bring the liquid to {plan.temperature:g}"),
              f"fix             melt all nvt temp {t_melt:g} {t_melt:g} {tdamp(plan):g}", "run             3000",
              "unfix           melt")  # fmt: skip


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


def equilibrate_first(s: Script, plan: Plan) -> None:
    """Velocities and an NVT equilibration before a transport measurement (melted first for a liquid); a
    crystal starts at twice the target (half the kinetic energy goes into the potential energy)."""
    liquid = bool(plan.extra.get("premelt")) or "liquid" in " ".join(plan.assumptions)
    velocities(s, plan.temperature if liquid else 2 * plan.temperature)
    premelt(s, plan)
    t = plan.temperature
    if plan.extra.get("premelt") and plan.units in ("metal", "real") and not plan.extra.get("fixed_volume"):
        p = plan.pressure or 0.0  # the melt's own volume at its temperature and pressure, then the measurement
        s.section(f"equilibrate the liquid at {t:g} and {p:g} (NPT), then at that volume")
        s.add(f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} iso {p:g} {p:g} {pdamp(plan):g}",
              "thermo 1000", f"run             3000  {RELAXATION}", "unfix           1")  # fmt: skip
        return
    s.section("equilibrate")
    s.add(f"fix             1 all nvt temp {t:g} {t:g} {tdamp(plan):g}", "thermo 1000",
          f"run             3000  {RELAXATION}", "unfix           1")  # fmt: skip


def mover_and_target(plan: Plan, words: str) -> tuple[int, int]:
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
