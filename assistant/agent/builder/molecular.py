"""Templates for molecular systems: the user's own data file (its coefficients, rigid water,
TraPPE-UA alkanes or a library potential for its atoms), water, united-atom alkanes and
bead-spring polymers.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from simulations.engine.units import KB

from .. import datafile, facts
from ..plan import Plan
from .pieces import (
    RELAXATION,
    SEED,
    Script,
    comment,
    masses,
    output_file,
    outputs,
    pdamp,
    potential,
    tdamp,
    thermo,
    thermostat,
    timestep,
    velocities,
)


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
    if plan.temperature_end not in (None, t):
        return _polymer_ramp(plan, s)
    if plan.ensemble in {"nvt", "langevin"} or plan.ensemble is None:
        s.add("fix             1 all nve", f"fix             2 all langevin {t:g} {t:g} 2.0 {SEED % 100000 + 1}")
    else:
        s.add(thermostat(plan, t, t))
    s.add(f"run             {plan.steps}")
    return True


def _polymer_ramp(plan: Plan, s: Script) -> bool:
    """Cooling (or heating) the melt under NPT with attractive LJ beads (cut at 2.5 sigma: with WCA alone the
    melt has no cohesion at zero pressure): the density against temperature goes to a file, and its change of
    slope is the glass transition (e.g. Buchholz, Paul, Varnik & Binder 2002)."""
    t, end = plan.temperature, plan.temperature_end
    p = plan.pressure or 0.0
    s.add(comment("attractive beads for a melt that holds together at this pressure"),
          "pair_style      lj/cut 2.5", "pair_modify     shift yes", "pair_coeff      * * 1.0 1.0 2.5",
          f"fix             1 all npt temp {t:g} {t:g} 0.5 iso {p:g} {p:g} 5.0", f"run             {plan.hold_steps or 5000}",
          "unfix           1", "variable        rho equal atoms/vol",
          f"fix             1 all npt temp {t:g} {end:g} 0.5 iso {p:g} {p:g} 5.0",
          f"fix             tg all ave/time 100 10 1000 c_thermo_temp v_rho file "
          f"{output_file(plan, 'density', 'density_vs_T.txt')}",
          f"run             {plan.steps}", "unfix           1", comment("held at the last temperature"),
          f"fix             1 all npt temp {end:g} {end:g} 0.5 iso {p:g} {p:g} 5.0",
          f"run             {max(1000, plan.steps // 10)}")  # fmt: skip
    plan.assume(f"{'cooled' if end < t else 'heated'} from T* = {t:g} to {end:g} under NPT at P* = {p:g} with LJ beads cut at "
                "2.5 sigma (attractive); the density against temperature is in density_vs_T.txt, and the glass "
                "transition is where its slope changes (about T* = 0.4 at P* = 0 for long chains)")  # fmt: skip
    return True
