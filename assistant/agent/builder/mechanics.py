"""Templates that load a solid mechanically: tension and compression, shear, cracks, nanoindentation,
shock and friction (the way examples/crack, indent, shock and friction do it).
"""

from __future__ import annotations

from simulations.engine.units import BAR

from ..plan import EOS_DEFAULT_BAR, EOS_STEPS, Plan
from .pieces import (
    SEED,
    Script,
    box_coupling,
    crystal,
    enforce2d,
    equilibration_steps,
    fill,
    lattice_line,
    masses,
    mover_and_target,
    ntypes,
    output_file,
    outputs,
    pdamp,
    potential,
    setup,
    sheet,
    stress_scale,
    tdamp,
    thermostat,
    timestep,
    velocities,
)


def _equilibrated_crystal(plan: Plan, s: Script) -> None:
    """The crystal, relaxed at the temperature and zero pressure (NPT), before it is loaded."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    s.section("equilibrate at zero pressure")
    timestep(s, plan)
    velocities(s, plan.temperature)
    s.add(
        f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} iso 0 0 {pdamp(plan):g}"
    )
    enforce2d(s, plan)
    s.add("thermo          500", "run             2000", "unfix           1")


def _free_faces(plan: Plan, axis: str) -> str:
    """Zero pressure on the axes other than the loaded one (fix npt keywords)."""
    return " ".join(f"{d} 0 0 {pdamp(plan):g}" for d in "xyz" if d != axis and not (plan.dimension == 2 and d == "z"))


def deformation(plan: Plan, s: Script, inputs) -> bool:
    """Tension or compression at a constant strain rate, or cyclic tension-compression (a sine, fix deform
    wiggle), with the stress-strain curve in a file."""
    _equilibrated_crystal(plan, s)
    axis = plan.extra.get("axis", "x")
    sign = -1 if plan.template == "compression" else 1
    rate = plan.extra["rate"]  # per time unit, chosen by the plan
    if plan.template == "cyclic":
        amplitude, period, cycles = plan.extra["cyclic"]
        s.section(f"cyclic tension-compression along {axis}: strain amplitude {100 * amplitude:g}%, period "
                  f"{period:.4g} time units, {cycles} cycles")  # fmt: skip
        deform = f"fix             2 all deform 1 {axis} wiggle ${{A}} {period:.6g} units box remap x"
    else:
        s.section(f"{plan.template} along {axis} at strain rate {sign * rate:g} per time unit")
        deform = f"fix             2 all deform 1 {axis} erate {sign * rate:g} units box remap x"
    scale = "/10000" if plan.units == "metal" else ""
    unit = "GPa" if plan.units == "metal" else "pressure units"
    s.add(f"variable        L0 equal l{axis}", "variable        L0 equal ${L0}")
    if plan.template == "cyclic":
        s.add(f"variable        A equal {plan.extra['cyclic'][0]:g}*v_L0  # the amplitude in distance units")
    s.add(f"variable        strain equal (l{axis}-v_L0)/v_L0", f"variable        stress equal -p{axis}{axis}{scale}",
          f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} {_free_faces(plan, axis)}",
          deform,
          f"fix             ss all ave/time 10 10 100 v_strain v_stress file "
          f"{output_file(plan, 'stress_strain', 'stress_strain.txt')}")  # fmt: skip
    enforce2d(s, plan)
    s.add(f"thermo_style    custom step temp pe press l{axis} v_strain v_stress  # stress in {unit}",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def creep(plan: Plan, s: Script, inputs) -> bool:
    """Creep: a constant uniaxial stress held by NPT on the loaded axis (zero pressure on the others) at the
    temperature; the strain against time goes to creep.txt."""
    _equilibrated_crystal(plan, s)
    axis = plan.extra.get("axis", "z")
    p = plan.extra["creep_stress"]  # as a pressure: negative in tension
    s.section(f"constant {'tensile' if p < 0 else 'compressive'} stress {abs(p):g} on {axis} (NPT on {axis}, the other "
              "faces free)")  # fmt: skip
    s.add(f"variable        L0 equal l{axis}", "variable        L0 equal ${L0}",
          f"variable        strain equal (l{axis}-v_L0)/v_L0", "variable        t equal time",
          f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} "
          f"{axis} {p:g} {p:g} {pdamp(plan):g} {_free_faces(plan, axis)}",
          f"fix             cr all ave/time 10 10 100 v_t v_strain file {output_file(plan, 'creep', 'creep.txt')}")  # fmt: skip
    enforce2d(s, plan)
    s.add(
        f"thermo_style    custom step temp pe press p{axis}{axis} l{axis} v_strain",
        f"thermo          {plan.thermo_every}",
    )
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
        mover, target = mover_and_target(plan, r"slid|slider|tip|block|moving|rubb|drag")
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


def equation_of_state(plan: Plan, s: Script, inputs) -> bool:
    """Hydrostatic compression: NPT at pressures from 0 to the highest asked (10 GPa unless said; 10 in reduced units), the volume
    averaged at each, written as P-V pairs for an equation-of-state fit (Birch-Murnaghan, Vinet)."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    velocities(s, 2 * plan.temperature)
    top = plan.pressure or (EOS_DEFAULT_BAR * BAR[plan.units] if plan.units in BAR else 10.0)
    pressures = [round(top * i / EOS_STEPS, 6) for i in range(EOS_STEPS + 1)]
    equil, average = max(200, plan.steps // (2 * len(pressures))), max(200, plan.steps // (2 * len(pressures)))
    coupling = box_coupling(plan)
    file = output_file(plan, "eos", "pv.txt")
    s.add("variable        vatom equal vol/atoms", "thermo_style    custom step temp press vol v_vatom",
          f"thermo          {plan.thermo_every}",
          f'print           "# P (pressure units)  V (volume per atom)" file {file} screen no')  # fmt: skip
    for p in pressures:
        s.section(f"P = {p:g}: equilibrate, then average the volume per atom")
        s.add(f"fix             1 all npt temp {plan.temperature:g} {plan.temperature:g} {tdamp(plan):g} {coupling} "
              f"{p:g} {p:g} {pdamp(plan):g}", f"run             {equil}",
              "fix             av all ave/time 10 1 10 c_thermo_press v_vatom ave running", f"run             {average}",
              f'print           "$(f_av[1]) $(f_av[2])" append {file} screen no',
              'print           "P = $(f_av[1]): volume per atom $(f_av[2])"', "unfix           av",
              "unfix           1")  # fmt: skip
    plan.assume(f"hydrostatic compression in {EOS_STEPS} NPT steps from 0 to {top:g} (pressure units) at "
                f"{plan.temperature:g}, the volume per atom averaged at each and written to {file} for an "
                "equation-of-state fit (Birch-Murnaghan or Vinet)")  # fmt: skip
    return True
