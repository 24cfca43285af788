"""Templates for transport: Green-Kubo and Muller-Plathe thermal conductivity and viscosity, and
pressure-driven flow in channels and slit pores (examples/KAPPA, VISCOSITY, flow).
"""

from __future__ import annotations

import math
import re

from simulations.engine.units import KB

from .. import facts
from ..facts import element
from ..plan import Plan
from .pieces import (
    RELAXATION,
    SEED,
    Script,
    comment,
    crystal,
    equilibrate_first,
    masses,
    output_file,
    outputs,
    pdamp,
    potential,
    setup,
    tdamp,
    timestep,
    velocities,
)

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


def equilibrium_correlation(plan: Plan, s: Script, correlate) -> bool:
    """A Green-Kubo run: the crystal (or melt), equilibrated, then `correlate` sets up the autocorrelation."""
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    equilibrate_first(s, plan)
    correlate(plan, s)
    outputs(s, plan)
    s.add(f"run             {plan.steps}")
    return True


def temperature_profile(plan: Plan, axis: str, width: float, file: str) -> list[str]:
    """Per-atom kinetic temperature binned along an axis (bins `width` of the box) and averaged into a file:
    the profile of a Mueller-Plathe heat-exchange run."""
    return ["compute         ke all ke/atom", f"variable        temp atom c_ke*(2/3)/{KB.get(plan.units, 1.0):g}",
            f"compute         layers all chunk/atom bin/1d {axis} lower {width:g} units reduced",
            f"fix             profile all ave/chunk 10 100 1000 layers v_temp file {file}"]  # fmt: skip


def thermal_conductivity(plan: Plan, s: Script, inputs) -> bool:
    """Mueller-Plathe reverse NEMD (examples/KAPPA/in.mp): swap kinetic energy between slabs, read the
    temperature profile and the exchanged heat; Green-Kubo (`green_kubo`) when asked for."""
    if re.search(r"green[- ]?kubo|auto-?correlation|\bhfacf\b|\bgk\b", plan.request, re.I) and plan.units in GK_CONVERT:
        return equilibrium_correlation(plan, s, green_kubo)
    nx, ny, nz = plan.cells
    if plan.lattice == "graphene":  # along the sheet: x is the ribbon's length (plan._graphene)
        axis = "x"
    else:  # a column along z, as long as asked (plan._cells) or five times its width
        axis = "z"
        nx, ny = min(nx, 4), min(ny, 4)
        nz = nz if nz > 4 * nx else max(5 * nx, 20)
    crystal(s, plan, nx, ny, nz)
    timestep(s, plan)
    equilibrate_first(s, plan)
    s.section(f"Mueller-Plathe heat exchange along {axis} (NVE): hot slab in the middle, cold at the ends")
    s.add("fix             1 all nve", f"fix             mp all thermal/conductivity 10 {axis} 20",
          *temperature_profile(plan, axis, 0.05, "temp_profile.txt"), "variable        Q equal f_mp", "thermo_style    custom step temp pe etotal press f_mp",
          f"thermo          {plan.thermo_every}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}",
          'print           "Heat exchanged (energy units): ${Q}; kappa = Q/(2 t A dT/dz) from temp_profile.txt"')  # fmt: skip
    return True


# Steps between kinetic-energy swaps for the Kapitza run: one in 10 (examples/KAPPA) drives jumps of tens of
# K across an interface in a short run, far from linear response; one in 50 keeps them near 10-20 K.
KAPITZA_SWAP_EVERY = 50
# 1 eV/(ps A^2) in W/m^2, for the heat flux of metal units.
EV_PER_PS_A2_IN_W_M2 = 1.602176634e-19 / 1.0e-12 / 1.0e-20


def kapitza(plan: Plan, s: Script, inputs) -> bool:
    """Thermal boundary (Kapitza) resistance by reverse NEMD (examples/KAPPA/in.mp with two materials): the
    second material fills the middle half of a long periodic column along z (interfaces at L/4 and 3L/4),
    kinetic energy is swapped between the cold slab at the ends (in the first material) and the hot slab
    in the middle (in the second); R = dT/J, with dT the temperature jump at the interfaces and J the
    heat flux."""
    if len(plan.elements) != 2 or plan.units != "metal":
        plan.declined = ("a thermal boundary resistance here is between two materials named by their elements (Si "
                         "and Ge, Cu and Ni); the resistance of a grain boundary or of a molecular interface needs a "
                         "data file of that interface")  # fmt: skip
        return None
    nx, ny, nz = plan.cells
    crystal(s, plan, nx, ny, nz)
    lo, hi = nz / 4, 3 * nz / 4
    near = max(1.0, nz / 20)  # the layers either side of an interface whose temperatures give the jump
    s.section(f"{plan.elements[1]} in the middle half along z, {plan.elements[0]} outside: interfaces at z = "
              f"L/4 and 3L/4 (periodic)")  # fmt: skip
    s.add(f"region          second block INF INF INF INF {lo:g} {hi:g}", "set             region second type 2",
          f"region          below block INF INF INF INF {lo - near:g} {lo:g}",
          f"region          above block INF INF INF INF {lo:g} {lo + near:g}",
          "group           below region below", "group           above region above")  # fmt: skip
    timestep(s, plan)
    t = plan.temperature
    s.section(f"equilibrate at {t:g} K and zero pressure (NPT, each axis on its own: the lattice mismatch)")
    velocities(s, 2 * t)
    s.add(f"fix             1 all npt temp {t:g} {t:g} {tdamp(plan):g} aniso 0 0 {pdamp(plan):g}", "thermo 1000",
          f"run             {min(5000, max(1000, plan.steps // 4))}  {RELAXATION}", "unfix           1")  # fmt: skip
    s.section("Mueller-Plathe heat exchange along z (NVE): cold slab at the ends, hot slab in the middle")
    window = max(1000, plan.steps // 4)
    s.add("fix             1 all nve", f"fix             mp all thermal/conductivity {KAPITZA_SWAP_EVERY} z 20",
          *temperature_profile(plan, "z", 0.025, output_file(plan, "profile", "temp_profile.txt")),
          "compute         Tbelow below temp", "compute         Tabove above temp",
          f"fix             jump all ave/time 10 {window // 10} {window} c_Tbelow c_Tabove",
          f"variable        J equal f_mp/(2*{plan.steps}*{plan.timestep:g}*lx*ly)",
          "thermo_style    custom step temp pe etotal press f_mp c_Tbelow c_Tabove",  # f_mp: on swap steps only
          f"thermo          {max(1, round(plan.thermo_every / KAPITZA_SWAP_EVERY)) * KAPITZA_SWAP_EVERY}")  # fmt: skip
    outputs(s, plan)
    s.add(f"run             {plan.steps}",
          "variable        dT equal abs(f_jump[1]-f_jump[2])",
          f"variable        R equal v_dT/(v_J*{EV_PER_PS_A2_IN_W_M2:.6g})*1e9",
          f'print           "Heat flux J = $(v_J:%.4g) eV/ps/A^2; temperature jump at the interface dT = '
          f'$(v_dT:%.3g) K (last {window} steps); Kapitza resistance R = dT/J = $(v_R:%.3g) m^2 K/GW"')  # fmt: skip
    plan.assume(f"a {plan.elements[0]}/{plan.elements[1]} superlattice period: {plan.elements[1]} in the middle half "
                f"of a periodic column along z, both on one {plan.lattice} lattice (a = {plan.a:g} A between the two, "
                "a coherent interface; the box relaxes by NPT on each axis first)")  # fmt: skip
    plan.assume(f"reverse NEMD (fix thermal/conductivity every {KAPITZA_SWAP_EVERY} steps, 20 slabs): the temperature jump is taken between the "
                f"layers {near:g} cells either side of the interface at L/4 over the last {window} steps, and "
                "includes the bulk gradient across them; for a careful value fit the two linear profiles in "
                "temp_profile.txt and extrapolate them to the interface, and check R against the column length "
                "(size effects are large below ~100 nm)")  # fmt: skip
    return True


# Green-Kubo viscosity, eta = V/(kB T) * integral <P_ab(0) P_ab(t)> dt, to mPa s: (pressure unit in Pa)^2 *
# (A^3 in m^3) * (time unit in s) / kB * 1e3
GK_VISCOSITY = {"metal": "1.0e10*1.0e-30*1.0e-12/1.380649e-23*1.0e3",
                "real": "101325.0^2*1.0e-30*1.0e-15/1.380649e-23*1.0e3", "lj": "1.0"}  # fmt: skip


def green_kubo_viscosity(plan: Plan, s: Script) -> None:
    """The shear viscosity from the autocorrelation of the three off-diagonal pressure components in NVE
    (examples/VISCOSITY/in.gk.2d), printed every correlation window (mPa s, or reduced in lj units)."""
    t = plan.temperature
    every, length = 5, 200
    window = every * length
    unit = "mPa s" if plan.units != "lj" else "(reduced)"
    s.section("Green-Kubo: stress autocorrelation in NVE (examples/VISCOSITY/in.gk.2d)")
    s.add("fix             1 all nve", "variable        pxy equal pxy", "variable        pxz equal pxz",
          "variable        pyz equal pyz",
          f"fix             SS all ave/correlate {every} {length} {window} v_pxy v_pxz v_pyz type auto "
          "file S0St.dat ave running",
          f"variable        scale equal {GK_VISCOSITY[plan.units]}/{t:g}*vol*{every}*{plan.timestep:g}",
          "variable        eta equal (trap(f_SS[3])+trap(f_SS[4])+trap(f_SS[5]))/3.0*v_scale",
          f'fix             ep all print {window} "Green-Kubo shear viscosity so far: ${{eta}} {unit}"',
          "thermo_style    custom step temp pe etotal press pxy", f"thermo          {plan.thermo_every}")  # fmt: skip
    plan.assume(f"Green-Kubo: the autocorrelation of pxy, pxz and pyz over {window} steps, sampled every {every}, "
                "averaged over the whole run; the value converges over hundreds of ps for a liquid, so run long")  # fmt: skip


def viscosity(plan: Plan, s: Script, inputs) -> bool:
    """Mueller-Plathe momentum exchange (examples/VISCOSITY/in.mp.2d), or Green-Kubo when asked."""
    if re.search(r"green[- ]?kubo|auto-?correlation|\bgk\b", plan.request, re.I) and plan.units in GK_VISCOSITY:
        return equilibrium_correlation(plan, s, green_kubo_viscosity)
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
