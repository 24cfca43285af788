"""Templates for crystals and their properties at rest or under a temperature ramp: equilibration
(with optional MC atom swaps), melting and cooling ramps, minimisation, vacancies, surfaces, elastic
constants, thermal expansion, the vibrational spectrum and stacking faults.
"""

from __future__ import annotations

import dataclasses
import math

from .. import facts
from ..facts import element
from ..plan import Plan
from .pieces import (
    SEED,
    THERMOSTATTED,
    Script,
    comment,
    crystal,
    enforce2d,
    equilibration_steps,
    fill,
    masses,
    ntypes,
    output_file,
    outputs,
    pdamp,
    potential,
    premelt,
    relax_volume,
    setup,
    stress_scale,
    tdamp,
    thermo,
    thermostat,
    timestep,
    velocities,
)


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
