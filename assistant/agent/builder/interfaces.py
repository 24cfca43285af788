"""Templates for interfaces and nanostructures: interdiffusion couples, solid-liquid and
liquid-vapour coexistence, carbon nanotubes and grain boundaries.
"""

from __future__ import annotations

import math

import numpy as np

from simulations.engine.units import KB

from .. import facts
from ..facts import element
from ..plan import UNDERCOOLING, Plan, melting_point
from .pieces import (
    RELAXATION,
    SEED,
    Script,
    comment,
    crystal,
    lattice_line,
    masses,
    ntypes,
    output_file,
    outputs,
    pdamp,
    potential,
    region_box,
    relax_volume,
    setup,
    tdamp,
    thermo,
    thermostat,
    timestep,
    velocities,
)


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
    if plan.extra.get("growth"):  # the crystal's energy per atom at the melting point: the solid's reference
        s.add("variable        pe_solid equal $(pe/atoms)")
    s.section(f"melt the upper half at {2 * tm:g} K while the lower half is held, then cool the liquid to {tm:g} K")
    s.add(f"region          upper block INF INF INF INF {nz / 2:g} INF", "group           liquid region upper",
          "group           solid subtract all liquid", "velocity        solid set 0 0 0",
          "fix             hold solid setforce 0 0 0",
          f"fix             1 liquid nvt temp {2 * tm:g} {2 * tm:g} {tdamp(plan):g}", f"run             3000  {RELAXATION}",
          "unfix           1", f"fix             1 liquid nvt temp {tm:g} {tm:g} {tdamp(plan):g}",
          f"run             2000  {RELAXATION}", "unfix           1", "unfix           hold",
          f"velocity        solid create {tm:g} {SEED + 1} mom yes rot yes dist gaussian")  # fmt: skip
    if plan.extra.get("growth"):
        return seeded_growth(plan, s, tm)
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


def seeded_growth(plan: Plan, s: Script, tm: float) -> bool:
    """The crystal half grows into its undercooled melt under NPT along z; the solid fraction is read from the
    energy per atom between the liquid's and the crystal's, and the interface velocity from its rate (two
    interfaces in the periodic box)."""
    t = plan.temperature if plan.temperature and plan.temperature < tm else round(UNDERCOOLING * tm)
    s.add("compute         peatom all pe/atom", "compute         pel liquid reduce ave c_peatom",
          "thermo_style    custom step temp pe c_pel", "run             0",
          "variable        pe_liquid equal $(c_pel)")  # the melt's energy per atom at the melting point  # fmt: skip
    s.section(
        f"growth at {t:g} K ({tm - t:g} K undercooling): NPT (box sides free), the crystal advances into the melt"
    )
    s.add(f"velocity        all scale {t:g}",
          f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} aniso 0 0 {pdamp(plan):g}",
          # both phases' energies shifted from the melting point by 3/2 kB per K (harmonic potential energy)
          f"variable        solid equal (v_pe_liquid+{1.5 * KB.get(plan.units, 1.0):.6g}*({t:g}-{tm:g})-pe/atoms)/"
          "(v_pe_liquid-v_pe_solid)",
          "variable        front equal v_solid*lz/2.0",  # two interfaces: each has advanced by half the grown length
          "fix             fv all ave/time 100 1 100 v_front file front.dat")  # fmt: skip
    thermo(s, plan, "v_solid v_front")
    outputs(s, plan)
    s.add(f"run             {plan.steps}",
          'print           "Solid fraction $(v_solid) (start about 0.5); front position $(v_front) A: the interface '
          'velocity is the slope of front.dat (A/ps)"')  # fmt: skip
    plan.assume(f"seeded growth at {t:g} K, {tm - t:g} K below the melting point in the table ({tm:g} K; the "
                "potential's own may differ): a crystal half against its melt, NPT with the box sides free; the solid fraction from "
                "the energy per atom between the liquid's and the crystal's, the interface velocity from front.dat. "
                "For velocity against undercooling, run it at several temperatures (a sweep)")  # fmt: skip
    return True


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
    rate = plan.extra["rate"]  # per ps: the metal unit system's time unit; negative: compression
    wall = math.pi * diameter * GRAPHITE_INTERLAYER
    s.section(
        f"{'push' if rate < 0 else 'pull'} along z at {rate:g}/ps; stress = -pzz * (box cross-section) / (wall cross-section)"
    )
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
        plan.declined = (f"the grain-boundary template builds [001] tilt boundaries in one cubic element in metal "
                         f"units; {'-'.join(plan.elements) or 'this system'} ({plan.lattice}) is not one")  # fmt: skip
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
