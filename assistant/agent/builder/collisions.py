"""Templates where particles meet a target or each other: nanoparticles and their sintering,
deposition, sputtering by ions, impacts, radiation cascades and granular pouring.
"""

from __future__ import annotations

import math

from .. import facts
from ..facts import element
from ..plan import Plan
from .pieces import (
    AIREBO_ARGS,
    SEED,
    ZBL_INNER,
    ZBL_OUTER,
    Script,
    comment,
    crystal,
    fill,
    lattice_line,
    masses,
    mover_and_target,
    ntypes,
    outputs,
    potential,
    setup,
    tdamp,
    thermo,
    timestep,
    velocities,
)


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


def deposition(plan: Plan, s: Script, inputs) -> bool:
    """Atoms deposited one by one onto a substrate (examples/deposit/in.deposit.atom)."""
    mover, target = mover_and_target(plan, r"deposit|atoms? on|onto|land|adsorb|grow")
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
    mover, target = mover_and_target(plan, r"projectile|bullet|cluster|impact|hit|strike|shoot|fired|collid")
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


def granular(plan: Plan, s: Script, inputs) -> bool:
    """Granular particles poured into a container under gravity (examples/pour/in.pour)."""
    n = plan.extra.get("n") or 1500
    half = round(10 * math.sqrt(max(1.0, n / 1500)), 1)  # the floor grows with the count: the pile stays as high
    s.section("granular particles (spheres) under gravity")
    s.add("units           lj", "atom_style      sphere", "boundary        p p fm", "newton          off",
          "comm_modify     vel yes", f"region          reg block {-half:g} {half:g} {-half:g} {half:g} -0.5 16 units box",
          "create_box      1 reg", "neighbor        0.2 bin", "neigh_modify    delay 0",
          "pair_style      gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 0", "pair_coeff      * *",
          "timestep        0.001", "fix             1 all nve/sphere", "fix             2 all gravity 1.0 vector 0 0 -1",
          "fix             zlower all wall/gran hooke/history 2000.0 NULL 50.0 NULL 0.5 0 zplane 0.0 2000.0",
          f"region          slab block {-(half - 1):g} {half - 1:g} {-(half - 1):g} {half - 1:g} 10.0 15.0 units box",
          f"fix             ins all pour {n} 1 300719 vol 0.13 50 region slab",
          "compute         rot all erotate/sphere", "thermo_style    custom step atoms ke c_rot vol",
          f"thermo          {plan.thermo_every}", "thermo_modify   lost ignore norm no",
          "compute_modify  thermo_temp dynamic/dof yes")  # fmt: skip
    if "dump" in plan.outputs:
        s.add(f"dump            traj all custom {max(100, plan.steps // 50)} dump.lammpstrj id type radius x y z")
    s.add(f"run             {plan.steps}")
    return True
