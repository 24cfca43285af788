"""Decide a simulation from what was asked: the choices an expert would make where the request
is silent (stated as assumptions, shown to the user), and questions only where no reasonable
default exists (a data file named but not uploaded).

The plan is what the builder renders; the physics checks come from the request itself
(`physics.py`), so a plan that misreads the request still fails them.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulations.engine.units import BAR, KB

from . import datafile, facts
from .facts import ATOMS_PER_CELL, NOBLE_LJ, element
from .grounding import potentials_for
from .physics import MOLECULE_NAMES, PROCESS_NEEDS, molecular
from .request import BEAD_SPRING_WORDS, NUM, Request, noble_gas_only

# Ordered compounds the builder knows: lattice, constant (A), the atom type of each basis atom.
COMPOUNDS = {
    ("C", "Si"): ("diamond", 4.36, {"Si": [1, 2, 3, 4], "C": [5, 6, 7, 8]}, "zincblende 3C-SiC"),
    ("Al", "Ni"): ("bcc", 2.88, {"Ni": [1], "Al": [2]}, "B2 NiAl"),
    ("Al", "Ni", "L12"): ("fcc", 3.57, {"Al": [1], "Ni": [2, 3, 4]}, "L1_2 Ni3Al"),
    ("Cl", "Na"): ("rocksalt", 5.64, {"Na": [1, 2, 3, 4], "Cl": [5, 6, 7, 8]}, "rocksalt NaCl"),
    ("Mg", "O"): ("rocksalt", 4.212, {"Mg": [1, 2, 3, 4], "O": [5, 6, 7, 8]}, "rocksalt MgO"),
    ("Ga", "N"): ("wurtzite", 3.189, {"Ga": [1, 2, 3, 4], "N": [5, 6, 7, 8]}, "wurtzite GaN"),
    ("O", "Ti"): ("rutile", 4.594, {"Ti": [1, 2], "O": [3, 4, 5, 6]}, "rutile TiO2"),
}
# Lattice orientations that put a low-index surface normal to z (x, y, z directions); the box
# lengths along LAMMPS's lattice spacings are whole repeat lengths when ny is a multiple of 3.
SURFACE_ORIENT = {
    "fcc": {"100": ("1 0 0", "0 1 0", "0 0 1"), "110": ("0 0 1", "1 -1 0", "1 1 0"), "111": ("1 -1 0", "1 1 -2", "1 1 1")},
    "bcc": {"100": ("1 0 0", "0 1 0", "0 0 1"), "110": ("0 0 1", "1 -1 0", "1 1 0"), "111": ("1 -1 0", "1 1 -2", "1 1 1")},
}  # fmt: skip
# Strain rate when the request gives none, per time unit [metal (1/ps), lj (1/tau)]: 1e10/s for
# tension and compression, 1e9/s for shear.
DEFAULT_STRAIN_RATE = {"tension": {False: 0.01, True: 0.001}, "compression": {False: 0.01, True: 0.001},
                       "cyclic": {False: 0.01, True: 0.001},
                       "shear": {False: 0.001, True: 0.01}}  # fmt: skip
# Processes the builder has a template for, in order of precedence (the first present wins).
TEMPLATES = ["granular", "flow", "crack", "shock", "sputtering", "cascade", "impact", "deposition", "indentation", "friction", "nanoparticle",
             "kapitza", "thermal_conductivity", "viscosity", "elastic", "phonon", "thermal_expansion", "stacking_fault", "grain_boundary", "interdiffusion", "coexistence", "vacancy", "surface",
             "creep", "cyclic", "tension", "compression", "shear", "melting", "solidification", "cooling", "heating", "minimize",
             "diffusion", "rdf", "density", "equilibrate"]  # fmt: skip


@dataclass
class Plan:
    request: str
    template: str = "bulk"  # one of TEMPLATES or "bulk" / "data_file"
    units: str = "metal"
    dimension: int = 3
    elements: list[str] = field(default_factory=list)  # one per atom type; [] for an LJ model
    fractions: list[float] = field(default_factory=list)  # random alloy composition per type
    compound: str | None = None  # an ordered structure from COMPOUNDS (its description)
    lattice: str = "fcc"
    a: float = 1.0  # Angstrom, or the reduced density for units lj
    cells: tuple[int, int, int] = (6, 6, 6)
    pair_style: str = "lj/cut"
    potential_file: str | None = None
    lj: dict | None = None  # epsilon, sigma, cutoff (in the script's units)
    masses: list[float] = field(default_factory=list)
    temperature: float = 300.0
    temperature_end: float | None = None
    pressure: float | None = None  # in the script's pressure unit
    ensemble: str = "nvt"
    timestep: float = 0.001
    steps: int = 5000
    hold_steps: int = 0
    thermo_every: int = 100
    outputs: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # template parameters (radius, speed, axis, rate, ...)
    data_file: str | None = None
    data_info: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    declined: str | None = None  # why the builder cannot write this one (the model still may)
    not_built: list[str] = field(default_factory=list)  # processes asked for that no template is for

    def to_dict(self) -> dict:
        return asdict(self)

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    @property
    def natoms_estimate(self) -> int:
        nx, ny, nz = self.cells
        per = ATOMS_PER_CELL.get(self.lattice, 4)
        return per * nx * ny * (1 if self.dimension == 2 else nz)


def not_built(req: Request) -> list[str]:
    """The processes asked for that no template of the builder is for (the builder says so in its
    script's assumptions when the script it writes does not do them anyway)."""
    return [p for p in req.processes if p in PROCESS_NEEDS and p not in TEMPLATES]


# What the water template does (a box of rigid water: equilibrium properties); other processes in water are
# said NOT DONE in its assumptions.
WATER_DOES = {"equilibrate", "density", "diffusion", "rdf", "viscosity"}


BEAD_SPRING = BEAD_SPRING_WORDS + r"|coarse[- ]grain"


POLYMER_DOES = {"equilibrate", "density", "diffusion", "rdf", "cooling", "heating"}


def bead_spring(req: Request) -> bool:
    """A coarse-grained polymer melt in LJ units (Kremer-Grest) the builder makes itself: chains asked for,
    or the model named, with no element and no data file."""
    return (
        not req.elements and not req.data_files and (bool(req.chains) or bool(re.search(BEAD_SPRING, req.flat, re.I)))
    )


# United-atom alkanes and polyethylene (TraPPE-UA), grown by the builder; carbons per named n-alkane.
ALKANES = {"butane": 4, "pentane": 5, "hexane": 6, "heptane": 7, "octane": 8, "nonane": 9, "decane": 10,
           "dodecane": 12, "hexadecane": 16, "eicosane": 20}  # fmt: skip
ALKANE_WORDS = r"polyethylene|\bpe\b (chains?|melts?)|\bn-?alkanes?\b|\b(" + "|".join(ALKANES) + r")\b|united[- ]atom"
ALKANE_DOES = {"tension", "equilibrate", "density", "rdf", "diffusion", "cooling"}


def united_atom_chains(req: Request) -> bool:
    """Polyethylene or n-alkanes the builder grows itself (TraPPE-UA): no data file, no other element."""
    return (bool(re.search(ALKANE_WORDS, req.flat, re.I)) and set(req.elements) <= {"C", "H"} and not req.data_files
            and not re.search(BEAD_SPRING, req.flat, re.I))  # fmt: skip


# What the nanotube template does (a single-walled carbon tube, periodic along its axis).
NANOTUBE_DOES = {"nanotube", "tension", "compression", "equilibrate", "heating"}


def nanotube(req: Request) -> bool:
    """A carbon nanotube the builder makes itself (ASE's nanotube, written as a data file)."""
    return req.has("nanotube") and set(req.elements) <= {"C"} and not req.data_files


DIATOMIC = {"H", "N", "O", "F", "Cl", "Br", "I"}  # elements whose pure substance is made of molecules


def pure_water(req: Request) -> bool:
    """Liquid water and nothing else (no methanol, no salt): the builder's rigid-water box."""
    return (bool(req.water) and set(req.elements) <= {"H", "O"} and not req.data_files
            and not MOLECULE_NAMES.search(req.flat))  # fmt: skip


def make_plan(req: Request, inputs: dict[str, Path] | None = None) -> Plan:
    inputs = dict(inputs or {})
    plan = Plan(request=req.text, dimension=req.dimension, outputs=list(req.outputs))
    _files(plan, req, inputs)
    plan.template = next((t for t in TEMPLATES if req.has(t)), "bulk")
    plan.not_built = not_built(req)
    if plan.data_file:
        plan.template = "data_file"
    elif bead_spring(req):
        plan.template = "polymer"
        plan.not_built = [p for p in req.processes if p in PROCESS_NEEDS and p not in POLYMER_DOES]
    elif united_atom_chains(req):
        plan.template = "alkane"
        plan.not_built = [p for p in req.processes if p in PROCESS_NEEDS and p not in ALKANE_DOES]
    elif nanotube(req):
        plan.template = "nanotube"
        plan.not_built = [p for p in req.processes if p in PROCESS_NEEDS and p not in NANOTUBE_DOES]
    elif pure_water(req):
        plan.template = "water"
        plan.not_built = [p for p in req.processes if p in PROCESS_NEEDS and p not in WATER_DOES]
    if req.has("mc_swap"):
        plan.extra["mc_swap"] = True
    if plan.template == "coexistence" and req.liquid_vapour:
        plan.extra["vapour"] = True
    if plan.template == "compression" and re.search(HYDROSTATIC, req.flat, re.I):
        plan.template = "equation_of_state"  # pressure steps under NPT, not a uniaxial strain rate
    if plan.template == "solidification" and re.search(SEEDED_GROWTH, req.flat, re.I):
        plan.template = "coexistence"  # a crystal seed against its melt, held below the melting point
        plan.extra["growth"] = True
    if plan.template == "grain_boundary":
        _tilt_boundary(plan, req)
    _model(plan, req)
    _structure(plan, req)
    _two_particles(plan, req)
    _state(plan, req)
    _one_temperature(plan, req)
    _dynamics(plan, req)
    if plan.template == "nanotube":
        _tube(plan, req)
    if plan.template == "alkane" and req.has("tension"):
        _pull_chains(plan, req)
    _outputs(plan, req)
    if plan.ensemble == "minimize":  # a static calculation: no temperature and no MD steps to assume
        plan.assumptions = [a for a in plan.assumptions if not a.startswith(("room temperature", "T* = 1.0"))
                            and not re.match(r"\d+ steps of ", a)]  # fmt: skip
    return plan


# ---- the steps -----------------------------------------------------------------------------


# A material the user has in mind but does not name ("my material", "the alloy one again"): no default exists.
UNNAMED_MATERIAL = (
    r"\b(my|our|this|that|the same)\s+(own\s+)?(material|system|sample|alloy|compound|structure|"
    r"crystal|molecule|polymer|model)\b|\b(the|that)\s+(\w+\s+)?one\s+again\b|\bsame\s+as\s+(before|last)"
)


def _files(plan: Plan, req: Request, inputs: dict[str, Path]) -> None:
    data = [n for n in inputs if re.search(r"\.(data|lmp|dat)$|^data\.", n)]
    for name in req.data_files:
        if name not in inputs and not re.search(r"\.(txt|in|restart)$", name):
            plan.questions.append(f"You mention the file '{name}', but it is not among the project's input files: "
                                  "upload it (Project page, Input files) and ask again.")  # fmt: skip
    if (
        not req.elements
        and not req.lj
        and not data
        and not req.data_files
        and re.search(UNNAMED_MATERIAL, req.flat, re.I)
    ):
        plan.questions.append("Which material? You refer to one without naming it: give its elements or compound "
                              "(for example 'Cu', 'NiAl', 'SiC') or upload its data file, and say the temperature "
                              "and what you want to know.")  # fmt: skip
    if data:
        plan.data_file = data[0]
        df = datafile.read(inputs[data[0]])
        plan.data_info = {**df.header(), "masses": df.masses, "charged": df.charged, "chemistry": datafile.chemistry(df),
                          "units": datafile.units_of(df), "missing": df.missing_coeffs()}  # fmt: skip
        plan.assume(f"the atoms come from your data file {data[0]}")


def _model(plan: Plan, req: Request) -> None:
    """Units and interactions: a library potential for the named elements, LJ for noble gases
    and model systems, and an honest, labelled generic model where the library has nothing."""
    if plan.template == "data_file":
        _data_model(plan, req)
        return
    if plan.template == "alkane":
        plan.units, plan.pair_style = "real", "lj/cut"
        _cutoff_A(plan, req, facts.TRAPPE_BONDED["cutoff"])
        plan.assume("the TraPPE united-atom force field (Martin & Siepmann 1998): CH3 and CH2 groups as single "
                    "sites, 14 A cutoff with tail corrections, flexible bonds")  # fmt: skip
        return
    if molecular(req) and not req.lj and not req.elements and not re.search(BEAD_SPRING, req.flat, re.I):
        named = MOLECULE_NAMES.search(req.flat)
        what = f"{named.group(1)} is a molecular system: it" if named else \
            "molecular systems (lipids, proteins, polymers with an all-atom force field)"  # fmt: skip
        plan.declined = f"{what} need{'s' if named else ''} a force field (OPLS-AA, CHARMM, TraPPE...) and a data " \
                        "file or molecule template, which the builder does not write; upload a data file with its " \
                        "coefficients (from moltemplate, LigParGen or CHARMM-GUI) and it will be run as it is"  # fmt: skip
        return
    if req.lj or (not req.elements and req.potential_file is None):
        plan.units = req.units or "lj"
        plan.pair_style = "lj/cut"
        cutoff = req.cutoff or (2 ** (1 / 6) if req.repulsive_only else facts.LJ_MIN_CUTOFF)
        plan.lj = {"epsilon": req.epsilon or 1.0, "sigma": req.sigma or 1.0, "cutoff": cutoff}
        if req.lj_pairs:
            _lj_mixture(plan, req)
        if plan.template == "granular":
            plan.units = "lj"
            plan.extra["n"] = req.natoms or GRANULAR_DEFAULT_N
            plan.assume(f"{plan.extra['n']} frictional spheres of diameter 1 (Hookean contacts with history, "
                        "reduced units) poured under gravity onto a floor"
                        + ("" if req.natoms else ": give a number of spheres for another size"))  # fmt: skip
            return
        if not req.lj:
            plan.assume("a Lennard-Jones model system in reduced units (no material was named)")
        return
    if plan.template == "water":
        _water(plan, req)
        return
    if molecular(req) and tuple(sorted(set(req.elements))) not in facts.IONIC_MODELS:  # "molten salt NaCl" is built
        plan.declined = "molecular systems (water, polymers, ions) need a force field and a data file or molecule " \
                        "template; the builder does not write those"  # fmt: skip
    if noble_gas_only(req) and not req.potential_file:
        _noble_gases(plan, req)
        return
    if plan.template == "flow" and _channel(plan, req):
        return
    plan.units = "metal"
    plan.elements = _ordered_elements(req)
    if plan.template == "sputtering":
        _sputtering_model(plan, req)
        return
    _element_potential(plan, req)


def _sputtering_model(plan: Plan, req: Request) -> None:
    """The target's library potential (a ZBL-joined one first); the ions are the last atom type, and where
    the potential does not cover them they interact by ZBL alone (pair_style hybrid)."""
    ion = req.ion or plan.elements[-1]
    targets = [e for e in plan.elements if e != ion] or [ion]
    plan.elements = targets + [ion]
    pots = potentials_for(targets)
    hard = [p for p in pots if "zbl" in p["pair_styles"][0]]
    pots = hard + [p for p in pots if p not in hard]
    if not pots:
        plan.declined = f"no potential in the library covers the target ({', '.join(targets)}): upload one"
        return
    plan.potential_file, plan.pair_style = pots[0]["name"], pots[0]["pair_styles"][0]
    plan.extra["ion"] = ion
    plan.extra["ion_by_zbl"] = ion not in pots[0]["elements"]
    plan.extra["energy_eV"] = req.energy_eV or 500.0
    plan.assume(f"potential {plan.potential_file} ({plan.pair_style}) for {', '.join(targets)}"
                + (f"; the {ion} ions interact with every atom by ZBL screened repulsion alone"
                   if plan.extra["ion_by_zbl"] else ""))  # fmt: skip
    if not req.energy_eV:
        plan.assume(f"{ion} ions of 500 eV at normal incidence")


def _decline_molecules(plan: Plan, req: Request) -> None:
    named = MOLECULE_NAMES.search(req.flat)
    what = named.group(1) if named else "-".join(plan.elements) + " with nothing but non-metals"
    plan.declined = (f"{what} is a molecular system: it needs a force field with bonds, angles and charges "
                     "(OPLS-AA, TraPPE...) and a data file or molecule template, which the builder does not write; "
                     "upload a data file with its coefficients and it will be run as it is")  # fmt: skip


def _element_potential(plan: Plan, req: Request) -> None:
    """The potential for plan.elements: the user's file, the library's usual one, a rigid-ion model, or a
    labelled generic LJ model when nothing covers them."""
    if req.potential_file:
        plan.potential_file = req.potential_file
        plan.pair_style = _style_of(req.potential_file)
        return
    if set(plan.elements) <= DIATOMIC:  # N2, O2, H2, Cl2 gases and liquids are molecules, not Tersoff atoms
        _decline_molecules(plan, req)
        return
    named = req.pair_style if req.pair_style not in (None, "lj/cut") else None
    pots = potentials_for(plan.elements, named)
    fallback = potentials_for(plan.elements) if named and not pots else []
    if fallback:  # another real potential beats a generic LJ model
        pots = fallback
        plan.assume(f"the library has no {named} file for {', '.join(plan.elements)}: the nearest real potential "
                    f"instead ({pots[0]['name']}, {pots[0]['pair_styles'][0]}); upload a {named} file to use one")  # fmt: skip
    hard = [p for p in pots if "zbl" in p["pair_styles"][0]]
    if req.wants_zbl and hard:  # high-energy collisions need the screened nuclear repulsion at short range
        pots = hard + [p for p in pots if p not in hard]
        plan.assume("a potential with a ZBL repulsive core (the close approaches of a high-energy collision)")
    ionic = facts.IONIC_MODELS.get(tuple(sorted(plan.elements)))
    if ionic and not pots:  # a published rigid-ion model beats a generic LJ one
        plan.pair_style = "born/coul/long"
        plan.extra["ionic"] = tuple(sorted(plan.elements))
        plan.assume(f"the {ionic['name']} rigid-ion model, charges "
                    + ", ".join(f"{e} {q:+g}" for e, q in ionic["charges"].items())
                    + f", {ionic['cutoff']:g} A cutoff, PPPM electrostatics")  # fmt: skip
        return
    if pots:
        plan.potential_file = pots[0]["name"]
        plan.pair_style = pots[0]["pair_styles"][0]
        labels = {el: label for el, label in pots[0].get("labels") or () if el in plan.elements}
        if labels:  # SiCGe.tersoff's Si is "Si(D)"
            plan.extra["labels"] = labels
        plan.assume(f"potential {plan.potential_file} ({plan.pair_style}, covers {', '.join(pots[0]['elements'])})")
        return
    if len(plan.elements) > 1 and set(plan.elements) <= facts.NONMETALS:  # CO2, NH3, CH3OH: molecules, not a crystal
        _decline_molecules(plan, req)
        return
    if len(plan.elements) > 1 and _compound_like(plan.elements, _composition(req, plan.elements)):
        plan.declined = (f"NO potential in the library covers {'-'.join(plan.elements)}, and a generic Lennard-Jones "
                         f"model of a compound ({' '.join(req.materials) or '-'.join(plan.elements)}: its bonding is "
                         "ionic or covalent) would not be it; upload a potential file for these elements (and a data "
                         "file of the structure if it is not a simple one)")  # fmt: skip
        return
    # Nothing in the library covers them: a generic LJ model, labelled as such, on an fcc
    # lattice at the element's nearest-neighbour distance (where the LJ solid is at rest).
    host = element(plan.elements[0])
    d = host.nearest_neighbour if host and host.nearest_neighbour else 2.8
    sigma = round(d / 1.102, 3)  # the fcc LJ solid cut at 2.5 sigma rests with neighbours 1.102 sigma apart
    plan.pair_style = "lj/cut"
    plan.lj = {"epsilon": 0.4, "sigma": sigma, "cutoff": math.ceil(2500 * sigma) / 1000}
    plan.extra["generic_lattice"] = ("fcc", round(d * math.sqrt(2), 4))
    plan.assume(f"NO potential in the library covers {'-'.join(plan.elements)}: this uses a generic Lennard-Jones "
                f"model instead (epsilon 0.4 eV, sigma {sigma} A from the nearest-neighbour distance, on an fcc lattice), which gives qualitative "
                "behaviour only; upload a potential file for real numbers")  # fmt: skip


KCAL_PER_MOL_PER_K = KB["real"]  # k_B
EV_PER_KCAL_MOL = KB["metal"] / KB["real"]  # 0.0433641


def _alkane_chains(plan: Plan, req: Request) -> None:
    """Chains and their length: 'N chains of M' (or 'N x M'), else a named n-alkane, else polyethylene of
    100 groups; about 3000 groups in all unless a number of molecules or chains is given."""
    name = next((n for n in ALKANES if re.search(rf"\b{n}\b", req.flat, re.I)), None)
    count = re.search(r"(\d+)\s+(?:\w+\s+){0,2}(?:molecules|chains)\b", req.flat, re.I)
    if req.chains:
        chains, carbons = req.chains
    else:
        carbons = ALKANES[name] if name else 100
        chains = int(count.group(1)) if count else max(2, round(3000 / carbons))
    plan.extra["alkane"] = (chains, carbons)
    what = name or ("polyethylene" if carbons > 20 else "alkane")
    plan.assume(f"{chains} {what} chains of {carbons} united-atom groups, grown with random trans/gauche torsions "
                f"into {'alkanes.data'} (a file MDWeb writes next to the script), then relaxed by a soft push-off")  # fmt: skip


def _pull_chains(plan: Plan, req: Request) -> None:
    """Tension of the chains along x at a constant true-strain-free engineering rate (1e9/s unless asked)."""
    per_ps = req.strain_rate_per_ps or 0.001
    strain = req.strain or 1.0
    plan.extra["rate"] = per_ps / 1000  # per fs, the time unit of real units
    if not req.steps:
        _steps_to_strain(plan, strain, plan.extra["rate"])
    plan.assume(f"pulled along x at {per_ps * 1e12:.0e}/s to {100 * strain:g} % strain, y and z at the run's pressure")


CYCLIC_AMPLITUDE = 0.02  # strain amplitude when none is given
CYCLES = 5  # cycles when none are given
CREEP_STRESS_BAR = 1.0e4  # 1 GPa when no stress is given (metal units)


def _cycles(plan: Plan, req: Request) -> None:
    """Cyclic loading: a sine of the asked strain amplitude whose peak strain rate is the asked (or default)
    rate, repeated for the asked number of cycles (the run's length unless steps were given)."""
    m = re.search(r"amplitude\s*(?:of\s*)?(?:\+-|±|\+/-)?\s*" + NUM + r"\s*%|(?:\+-|±|\+/-)\s*" + NUM + r"\s*%",
                  req.flat)  # fmt: skip
    amplitude = float((m.group(1) or m.group(2)).replace(",", ".")) / 100 if m else CYCLIC_AMPLITUDE
    n = re.search(r"\b(\d+)\s+(?:loading |strain |deformation )?cycles\b", req.flat)
    cycles = int(n.group(1)) if n else CYCLES
    period = 2 * math.pi * amplitude / plan.extra["rate"]  # time units: the peak rate of A sin(2 pi t/T) is 2 pi A/T
    plan.extra["cyclic"] = (amplitude, period, cycles)
    if not req.steps:
        plan.steps = math.ceil(cycles * period / plan.timestep / 100) * 100
        plan.assumptions = [a for a in plan.assumptions if not re.match(r"\d+ steps (of|to) ", a)]
    plan.assume(f"cyclic tension-compression: strain amplitude {100 * amplitude:g}% (a sine, fix deform wiggle), period "
                f"{period:.4g} {_time_unit(plan.units)} (peak strain rate {plan.extra['rate']:g} per "
                f"{_time_unit(plan.units)}), {cycles} cycles in {plan.steps} steps")  # fmt: skip


def _creep_stress(plan: Plan, req: Request) -> None:
    """Creep: the constant uniaxial stress asked (tension unless compression is named), lateral faces free."""
    lj = plan.units == "lj"
    stress = req.pressure_reduced if lj else req.pressure_bar
    if stress is None:
        stress = 1.0 if lj else CREEP_STRESS_BAR
        plan.assume(f"a constant stress of {stress:g} {'(reduced units)' if lj else 'bar (1 GPa)'}: none was given")
    compressive = bool(re.search(r"compress", req.flat, re.I))
    plan.extra["creep_stress"] = -abs(stress) if not compressive else abs(stress)  # as a pressure: tension < 0
    plan.pressure = 0.0  # equilibrated stress-free first
    plan.assume(f"creep under a constant {'compressive' if compressive else 'tensile'} stress of {abs(stress):g} "
                f"{'(reduced)' if lj else 'bar'} on one axis (NPT on that axis, zero pressure on the others); strain "
                "against time in creep.txt")  # fmt: skip


def _steps_to_strain(plan: Plan, strain: float, rate: float) -> None:
    """The steps that reach the strain (and 5 % more) at this rate per time unit, replacing any step count
    assumed before."""
    plan.steps = math.ceil(1.05 * strain / (rate * plan.timestep) / 100) * 100
    plan.assumptions = [a for a in plan.assumptions if not re.match(r"\d+ steps (of|to) ", a)]
    plan.assume(f"{plan.steps} steps to reach {100 * strain:g}% strain (and 5% more)")


def _tube(plan: Plan, req: Request) -> None:
    """An (n, m) single-walled carbon nanotube ((10, 10) unless named), 10 nm long unless a length is given,
    periodic along z; pulled along its axis at a constant strain rate when tension is asked."""
    chir = re.search(r"\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)", req.flat)
    n, m = (int(chir.group(1)), int(chir.group(2))) if chir else (10, 10)
    length = re.search(r"(\d+(?:\.\d+)?)" + r"\s*(nm|a\b|angstrom|å)\s*(long|in length)", req.flat, re.I)
    length_A = (float(length.group(1)) * (10.0 if length.group(2).lower() == "nm" else 1.0)) if length else 100.0
    plan.extra["tube"] = (n, m)
    plan.extra["tube_length"] = length_A
    plan.assume(f"a single-walled ({n},{m}) carbon nanotube, {length_A:g} A long, periodic along z, 10 A of vacuum "
                "around it (built with ASE, written to cnt.data next to the script)")  # fmt: skip
    if not chir:
        plan.assume("the (10,10) armchair tube (no chirality was named)")
    if req.has("tension", "compression"):
        pushed = req.has("compression") and not req.has("tension")
        breaks = bool(re.search(r"\bbreak|\bfractur|\bfail|\brupture|\bsnap|\bbuckl", req.flat, re.I))
        strain = req.strain or ((0.1 if pushed else 0.3) if breaks else (0.05 if pushed else 0.1))
        per_ps = req.strain_rate_per_ps or 0.01
        plan.extra["rate"] = -per_ps if pushed else per_ps
        plan.extra["strain"] = strain
        if not req.steps:
            _steps_to_strain(plan, strain, per_ps)
        if pushed:
            note = " (a long thin tube buckles at a few per cent)"
        else:
            note = " (past the tube's breaking strain, about 20 %)" if breaks else ""
        plan.assume(f"{'compressed' if pushed else 'pulled'} along its axis at {per_ps * 1e12:.0e}/s to "
                    f"{100 * strain:g} % strain{note}; stress over the wall's cross-section (pi d x 3.4 A)")  # fmt: skip


def _tilt_boundary(plan: Plan, req: Request) -> None:
    """A [001] symmetric tilt boundary: the plane (h k 0) named, else the usual one for the Sigma named, else
    Sigma 5 (310). Other boundaries (twist, [110] or [111] tilt, the (111) twin) are said not built."""
    plane = re.search(r"\(\s*(\d)\s*,?\s*(\d)\s*,?\s*(\d)\s*\)", req.flat)
    sigma = re.search(r"(?:sigma|\u03a3|\u03c3)\s*-?\s*(\d+)", req.flat, re.I)
    hk = None
    if plane and "0" in plane.groups():
        digits = [int(d) for d in plane.groups()]
        digits.remove(0)
        hk = tuple(sorted(digits, reverse=True))
    elif sigma and not plane:
        hk = facts.TILT_PLANES.get(int(sigma.group(1)))
    elif not plane:
        hk = (3, 1)
    twin = (
        re.search(r"twin", req.flat, re.I)
        or (sigma and sigma.group(1) == "3")
        or (plane and plane.groups() == ("1", "1", "1"))
    )
    if twin and not re.search(r"\btwist\b|\bincoherent\b", req.flat, re.I):
        plan.extra["gb_kind"] = "twin"
        plan.assume("a coherent Sigma 3 (111) twin boundary (fcc: the stacking mirrored across one (111) plane), "
                    "the grains stacked along y with free surfaces beyond them")  # fmt: skip
        return
    if not hk or hk[1] == 0 or re.search(r"\btwist\b|\[\s*1\s*1\s*0\s*\]|\[\s*1\s*1\s*1\s*\]", req.flat, re.I):
        plan.declined = ("the builder makes [001] symmetric tilt boundaries on (h k 0) planes (Sigma 5 (310), "
                         "Sigma 13 (510), ...) and the coherent Sigma 3 twin of fcc metals; this boundary is not one "
                         "of them")  # fmt: skip
        return
    h, k = hk
    plan.extra["gb_plane"] = (h, k)
    angle = 2 * math.degrees(math.atan(k / h))
    plan.assume(f"a Sigma {facts.tilt_sigma(h, k)} ({h}{k}0)[001] symmetric tilt boundary (misorientation "
                f"{angle:.2f} deg about [001]), the grains stacked along y with free surfaces beyond them")  # fmt: skip
    plan.assume("one relative position of the grains, relaxed by energy minimisation (a full search also scans "
                "rigid translations of one grain)")  # fmt: skip


def _cutoff_A(plan: Plan, req: Request, default: float) -> float:
    """The pair cutoff in A for a molecular model: the one asked (6 A or more; smaller numbers are in sigma),
    else the model's own."""
    if req.cutoff and req.cutoff >= 6:
        plan.extra["cutoff_A"] = req.cutoff
        return req.cutoff
    return default


def _data_model(plan: Plan, req: Request) -> None:
    """Units and force field for the user's data file: its own coefficients when it carries them all, else
    the standard model for the chemistry its masses show (rigid water, TraPPE united-atom alkanes, a library
    potential for atoms of named elements), else reduced LJ beads when the masses are 1."""
    info = plan.data_info
    chem, units = info.get("chemistry"), info.get("units")
    _cutoff_A(plan, req, 10.0)
    if req.units == "lj" or units == "lj" or (units is None and not molecular(req) and not info.get("masses")):
        plan.units, plan.pair_style = "lj", "lj/cut"
        return
    masses = ", ".join(f"type {t} {m:g}" for t, m in sorted(info.get("masses", {}).items()))
    if not info.get("missing"):
        plan.units = req.units or ("metal" if chem == "atoms" else "real")
        plan.extra["data_model"] = "own"
        plan.assume(f"the force field's coefficients from your data file, in {plan.units} units")
        if chem == "water":  # water is run rigid, as its models are made
            plan.extra["rigid_water"] = True
            plan.assume("water held rigid by SHAKE on its bonds and angle, 2 fs steps")
    elif chem == "water":
        _water(plan, req)
        plan.elements = datafile.type_elements(info.get("masses", {}))
        plan.extra["data_model"] = "water"
        plan.assumptions = [a for a in plan.assumptions if "water.mol" not in a]
        plan.assume(f"water, from the masses in your data file ({masses}): the {facts.WATER_MODELS[req.water]['name']}"
                    " charges and LJ on O, SHAKE for the geometry (the file has no coefficients)")  # fmt: skip
    elif chem == "alkane":
        plan.units, plan.pair_style = "real", "lj/cut"
        plan.extra["data_model"] = "alkane"
        plan.assume(f"united-atom alkane groups from the masses in your data file ({masses}): the TraPPE-UA force "
                    "field (Martin & Siepmann 1998), 14 A cutoff with tail corrections (the file has no coefficients)")  # fmt: skip
    elif chem == "atoms":
        plan.units = "metal"
        plan.elements = datafile.type_elements(info.get("masses", {}))
        plan.extra["data_model"] = "atoms"
        plan.assume(f"the atom types are {', '.join(plan.elements)} (from the masses in your data file)")
        _element_potential(plan, req)
    else:
        plan.units = req.units or "real"
        plan.declined = (f"your data file {plan.data_file} has no {' and no '.join(info.get('missing', []))}, and its "
                         f"masses ({masses}) are not a chemistry with a standard force field the builder knows (water, "
                         "united-atom alkanes, atoms of elements): add the coefficient sections to the file, or say "
                         "which force field to use")  # fmt: skip


def _water(plan: Plan, req: Request) -> None:
    """Rigid water (SHAKE) in real units with long-range electrostatics (PPPM)."""
    model = facts.WATER_MODELS[req.water]
    plan.units = "real"
    plan.elements = ["O", "H"]
    plan.pair_style = "lj/cut/tip4p/long" if model["qdist"] else "lj/cut/coul/long"
    plan.extra["water"] = req.water
    _cutoff_A(plan, req, 10.0)
    plan.extra["water_does"] = [p for p in req.processes if p in WATER_DOES]
    named = re.search(r"tip4p|tip3p|spc", req.flat, re.I)
    if req.water == "tip4p2005" and not re.search(r"tip4p\s*/\s*2005", req.flat, re.I):
        plan.assume("TIP4P/2005 as the TIP4P model (the four-site model that best reproduces liquid water)")
    elif not named:
        plan.assume(f"the {model['name']} water model ({model['source']}): rigid molecules held by SHAKE, "
                    "10 A cutoff, PPPM electrostatics")  # fmt: skip
    plan.assume("the molecule's geometry and charges are in water.mol, a file MDWeb writes next to the script")


def _water_box(plan: Plan, req: Request) -> None:
    """Molecules on a simple-cubic grid at 90 % of the liquid's density (room to turn; the barostat or the
    first picoseconds close it): n x n x n molecules, n from the count asked (atoms / 3 when atoms are)."""
    count = req.natoms or 512
    if req.natoms and re.search(r"\d[\d,.]*\s*(k\b|thousand\s+)?atoms\b", req.flat, re.I):
        count = max(1, req.natoms // 3)
    n = max(4, round(count ** (1 / 3)))
    plan.cells = (n, n, n)
    spacing = (facts.WATER_MOLAR_MASS / (facts.WATER_DENSITY * 0.6022140857)) ** (1 / 3)  # A per molecule
    plan.a = round(spacing / 0.9 ** (1 / 3), 4)
    plan.lattice = "sc"
    plan.masses = [element("O").mass, element("H").mass]
    said = f"{n**3} water molecules ({3 * n**3} atoms)"
    plan.assume(said + (f" ({n}^3, the nearest cube to {count})" if n ** 3 != count else "")
                + ", started on a grid at 90% of the liquid's density")  # fmt: skip


def _channel(plan: Plan, req: Request) -> bool:
    """A noble-gas fluid between walls of an fcc metal (a slit pore): the fluid as Lennard-Jones atoms, the
    frozen walls interacting with it by Heinz's metal LJ mixed by Lorentz-Berthelot (real units)."""
    fluid = [e for e in req.elements if e in NOBLE_LJ]
    wall = [e for e in req.elements if e in facts.METAL_LJ]
    if len(fluid) != 1 or len(wall) != 1 or len(set(req.elements)) != 2:
        return False
    (f,), (w,) = fluid, wall
    plan.units, plan.pair_style, plan.elements = "real", "lj/cut", [w, f]
    (ew, sw), (ef, sf) = facts.METAL_LJ[w], NOBLE_LJ[f]
    plan.lj = {"epsilon": ef, "sigma": sf, "cutoff": math.ceil(2500 * sf) / 1000, "per_type": [(ew, sw), (ef, sf)],
               "mix": "arithmetic"}  # fmt: skip
    plan.extra["channel"] = {"wall": w, "fluid": f}
    plan.assume(f"{f} as Lennard-Jones atoms (epsilon {ef:g} kcal/mol, sigma {sf:g} A); the {w} walls frozen, "
                f"interacting with the {f} by {w}'s LJ (Heinz et al. 2008: epsilon {ew:g} kcal/mol, sigma {sw:g} A) "
                "mixed by Lorentz-Berthelot")  # fmt: skip
    return True


def _noble_gases(plan: Plan, req: Request) -> None:
    """Noble gases as Lennard-Jones atoms (real units by default): the user's epsilon and sigma
    when given, the usual ones otherwise; a mixture mixes by Lorentz-Berthelot."""
    plan.units = req.units or "real"
    plan.elements = list(dict.fromkeys(req.elements))
    plan.pair_style = "lj/cut"
    per_type = []
    for el in plan.elements:
        eps, sig = NOBLE_LJ[el]
        if len(plan.elements) == 1 and req.epsilon_K:
            eps = round(req.epsilon_K * KCAL_PER_MOL_PER_K, 6)
        if len(plan.elements) == 1 and req.sigma:
            sig = req.sigma
        per_type.append((eps, sig))
    sig_max = max(sig for _, sig in per_type)
    cutoff = req.cutoff * sig_max if req.cutoff and req.cutoff < 6 else req.cutoff
    cutoff = cutoff or math.ceil(2500 * sig_max) / 1000
    plan.lj = {"epsilon": per_type[0][0], "sigma": per_type[0][1], "cutoff": cutoff}
    if len(per_type) > 1:
        plan.lj["per_type"] = per_type
        plan.lj["mix"] = "arithmetic"
    if plan.units == "metal":
        plan.lj["epsilon"] = round(plan.lj["epsilon"] * EV_PER_KCAL_MOL, 6)
        if "per_type" in plan.lj:
            plan.lj["per_type"] = [(round(e * EV_PER_KCAL_MOL, 6), sg) for e, sg in per_type]
    given = "your" if req.epsilon_K or req.sigma else "the usual"
    for el, (eps, sig) in zip(plan.elements, per_type, strict=True):
        plan.assume(f"{el} as Lennard-Jones atoms in {plan.units} units ({given} epsilon {eps:g} kcal/mol = "
                    f"{eps / KCAL_PER_MOL_PER_K:.0f} K, sigma {sig:g} A)")  # fmt: skip
    plan.assume(f"cutoff {cutoff:g} A" + (" with Lorentz-Berthelot mixing" if len(per_type) > 1 else ""))
    if len(plan.elements) > 1:
        plan.fractions = _composition(req, plan.elements)


def _lj_mixture(plan: Plan, req: Request) -> None:
    """A binary LJ mixture with the pair parameters given (eps_AB = 1.5, sig_BB = 0.88 ...): type A
    is 1, type B is 2; unnamed pairs default to 1.0 (AA) or mix by Lorentz-Berthelot."""
    letters = sorted({c for pair in req.lj_pairs for c in pair})
    if len(letters) != 2:
        return
    types = {c: i + 1 for i, c in enumerate(letters)}
    a, b = letters
    aa = {"epsilon": 1.0, "sigma": 1.0, **req.lj_pairs.get(a + a, {})}
    bb = {"epsilon": 1.0, "sigma": 1.0, **req.lj_pairs.get(b + b, {})}
    ab = {"epsilon": math.sqrt(aa["epsilon"] * bb["epsilon"]), "sigma": (aa["sigma"] + bb["sigma"]) / 2,
          **req.lj_pairs.get(a + b, {})}  # fmt: skip
    rc = req.cutoff or facts.LJ_MIN_CUTOFF
    plan.lj["pairs"] = {(types[a], types[a]): aa, (types[a], types[b]): ab, (types[b], types[b]): bb}
    plan.lj["cutoff"] = rc
    plan.lj["types"] = 2
    m = re.search(r"\b(\d{1,2})\s*[/:]\s*(\d{1,2})\b", req.flat)
    share = (int(m.group(1)), int(m.group(2))) if m and int(m.group(1)) + int(m.group(2)) == 100 else (50, 50)
    plan.fractions = [share[0] / 100, share[1] / 100]
    plan.assume(f"a binary Lennard-Jones mixture: {share[0]}% type 1 ({a.upper()}), {share[1]}% type 2 "
                f"({b.upper()}); each pair cut at {rc:g} sigma of that pair")  # fmt: skip


def _ordered_elements(req: Request) -> list[str]:
    """Type order: the host first: the first named that is a solid element ("interstitial H in bcc iron",
    "He bubbles in W": Fe and W host the gas atoms), else the first named."""
    named = list(dict.fromkeys(req.elements))
    solid = [e for e in named if element(e) and element(e).lattice in ATOMS_PER_CELL]
    return solid + [e for e in named if e not in solid] if solid else named


def _style_of(name: str) -> str:
    low = name.lower()
    for suffix, style in [(".eam.alloy", "eam/alloy"), (".eam.fs", "eam/fs"), (".eam", "eam"), (".tersoff", "tersoff"),
                          (".sw", "sw"), (".meam", "meam"), (".adp", "adp"), (".airebo", "airebo")]:  # fmt: skip
        if low.endswith(suffix):
            return style
    return "eam/alloy"


def _composition(req: Request, elements: list[str]) -> list[float]:
    """Fractions from a formula (Ni3Al, Cu50Zr50, Cu0.7Ni0.3) or percentages, else equal."""
    text = req.flat
    for token in re.findall(r"((?:[A-Z][a-z]?\d*(?:\.\d+)?){2,4})", text):
        parts = re.findall(r"([A-Z][a-z]?)(\d*(?:\.\d+)?)", token)
        if {p for p, _ in parts} == set(elements) and any(n for _, n in parts):
            amount = {p: float(n) if n else 1.0 for p, n in parts}
            total = sum(amount.values())
            return [amount[e] / total for e in elements]
    shares = {}
    for value, el in re.findall(r"(\d+(?:\.\d+)?)\s*(?:at\.?\s*)?%\s*(?:of\s+)?([A-Z][a-z]?)\b", text):
        shares[el] = float(value) / 100
    if shares and set(shares) <= set(elements):
        rest = [e for e in elements if e not in shares]
        left = max(0.0, 1 - sum(shares.values()))
        for e in rest:
            shares[e] = left / len(rest)
        return [shares[e] for e in elements]
    return [1.0 / len(elements)] * len(elements)


def _two_particles(plan: Plan, req: Request) -> None:
    """Sintering: two particles side by side (one of each element when two are named)."""
    if not (req.two_particles and plan.template == "nanoparticle"):
        return
    plan.extra["two_particles"] = True
    pure = len(plan.elements) == 2  # "a Cu particle with a Ni particle": one of each
    if pure:
        plan.fractions = []
        plan.assumptions = [a for a in plan.assumptions if not a.startswith("a random")]
    plan.assume("two particles side by side, 2 A apart at their closest (just touching)"
                + (f": one of {plan.elements[0]}, one of {plan.elements[1]}" if pure else ""))  # fmt: skip


def _structure(plan: Plan, req: Request) -> None:
    if plan.template == "data_file":
        return
    if plan.template == "nanotube":
        plan.masses = [element("C").mass]
        return
    if plan.template == "alkane":
        _alkane_chains(plan, req)
        return
    if plan.template == "water":
        _water_box(plan, req)
        return
    if plan.extra.get("channel"):
        wall, fluid = plan.extra["channel"]["wall"], plan.extra["channel"]["fluid"]
        plan.lattice, plan.a = "fcc", element(wall).a
        plan.masses = [element(wall).mass, element(fluid).mass]
        size = re.search(
            r"(\d+(?:\.\d+)?)\s*(nm|a|å|angstroms?)\b[^.;]{0,30}\b(pore|channel|slit|gap|wide)", req.flat, re.I
        )
        width = (float(size.group(1)) * (10.0 if size.group(2).lower() == "nm" else 1.0)) if size else \
            (round(req.size_nm * 10, 1) if req.size_nm else 40.0)  # fmt: skip
        plan.extra["channel"]["width"] = width
        plan.assume(f"a slit pore {width:g} A wide between two {wall} walls of three (100) layers each, periodic "
                    f"in x and y; the {fluid} at its liquid density")  # fmt: skip
        return
    if plan.template == "polymer":
        n, m = req.chains or (50, 50)
        plan.extra["chains"] = (n, m)
        plan.a = req.density or 0.85
        if not req.chains:
            plan.assume("50 chains of 50 beads")
        if not req.density:
            plan.assume("bead density 0.85 sigma^-3 (the Kremer-Grest melt)")
        return
    if plan.dimension == 2:
        plan.lattice = req.lattice if req.lattice in {"sq", "sq2", "hex"} else "hex"
        plan.a = req.density or 0.8
        if plan.units != "lj":
            plan.a = req.density or 0.8
        plan.cells = _cells(plan, req, default=(30, 30, 1))
        return
    if plan.units == "lj":
        plan.lattice = req.lattice or "fcc"
        dense = plan.template in {"crack", "tension", "compression", "melting", "indentation"}
        plan.a = req.density or (1.0 if dense or req.phase == "solid" else facts.LJ_LIQUID_DENSITY)
        if req.phase == "gas":
            plan.a = req.density or 0.05
        plan.cells = _cells(plan, req, default=(8, 8, 8))
        if plan.template in {"granular"}:
            return
        if not req.density and plan.template not in {"flow", "granular"}:
            plan.assume(f"reduced density {plan.a:g}" + (" (a dense LJ liquid near the triple point)"
                                                           if plan.a == facts.LJ_LIQUID_DENSITY else ""))  # fmt: skip
        return
    els = plan.elements[:-1] if plan.extra.get("ion") else plan.elements  # the ions are not in the crystal
    key = tuple(sorted(els))
    formula = " ".join(req.materials)
    compound = None
    if key == ("Al", "Ni") and re.search(r"Ni3Al|L1_?2", formula + req.flat):
        compound = COMPOUNDS[("Al", "Ni", "L12")]
    elif key in COMPOUNDS and not re.search(r"\balloy|random|solid solution|mixture", req.flat, re.I):
        compound = COMPOUNDS[key]
    if compound and not req.lattice:
        plan.lattice, plan.a, basis, plan.compound = compound
        plan.extra["basis"] = basis
        plan.assume(f"the ordered {plan.compound} structure (a = {plan.a} A)")
        if req.phase == "liquid" and plan.template in LIQUID_START_TEMPLATES:  # molten NaCl: melt the crystal first
            plan.extra["premelt"] = True
            plan.assume(f"the {plan.compound} crystal melted before the run, its volume then relaxed at the liquid's "
                        "temperature and pressure")  # fmt: skip
    else:
        host = element(els[0]) if els else None
        plan.lattice = req.lattice or (host.lattice if host and host.lattice else "fcc")
        if plan.extra.get("generic_lattice"):
            plan.lattice, generic_a = plan.extra["generic_lattice"]
            plan.a = req.lattice_constant or generic_a
            plan.masses = [element(e).mass for e in els if element(e)]
            plan.cells = _cells(plan, req, default=_default_cells(plan, req))
            return
        if len(els) > 1:
            couple = req.has("interdiffusion", "kapitza")  # two pure sides on one lattice (the builder says so)
            plan.fractions = [] if couple else _composition(req, els)
            if _unknown_compound(plan, req, els):
                return
            weights = plan.fractions or [1.0] * len(els)
            consts = [element(e).a if element(e) and element(e).a and element(e).lattice == plan.lattice else None
                      for e in els]  # fmt: skip
            known = [(c, f) for c, f in zip(consts, weights, strict=True) if c]
            plan.a = req.lattice_constant or (sum(c * f for c, f in known) / sum(f for _, f in known) if known else 3.6)
            if not couple:
                shares = ", ".join(f"{round(100 * f)}% {e}" for e, f in zip(els, plan.fractions, strict=True))
                plan.assume(f"a random {plan.lattice} solid solution ({shares}), a = {plan.a:.3f} A (Vegard's law)")
        else:
            plan.a = req.lattice_constant or (host.a if host and host.a else 3.6)
            if (
                (req.phase == "liquid" or plan.extra.get("vapour"))
                and not req.lattice_constant
                and (plan.template in LIQUID_START_TEMPLATES or plan.extra.get("vapour"))
            ):
                # Start from a lattice at the liquid's density: a crystal at the solid's density
                # would be compressed by the volume the liquid needs.
                # Silicon and germanium are denser as liquids (about 10 % and 5 %: CRC Handbook).
                ratio = 0.80 if els and set(els) <= set(NOBLE_LJ) else 1.05 if plan.lattice == "diamond" else 0.89
                plan.a = round(plan.a / ratio ** (1 / 3), 4)
                plan.extra["premelt"] = not (els and set(els) <= set(NOBLE_LJ))
                plan.assume(f"atoms on an {plan.lattice} lattice at the liquid's density (a = {plan.a} A, "
                            f"{round(100 * ratio)}% of the crystal's), melted before the run")  # fmt: skip
            elif not req.lattice_constant:
                plan.assume(f"{plan.lattice} {els[0] if els else ''} with a = {plan.a} A (reference crystal)")
    plan.masses = [element(e).mass for e in plan.elements if element(e)]
    plan.cells = _cells(plan, req, default=_default_cells(plan, req))
    if req.sheet == "graphene" and els == ["C"] and not req.lattice:
        _graphene(plan, req)
    if req.surface and plan.lattice in SURFACE_ORIENT and req.surface in SURFACE_ORIENT[plan.lattice] and \
            plan.template != "stacking_fault":  # that template orients its own slab  # fmt: skip
        plan.extra["orient"] = SURFACE_ORIENT[plan.lattice][req.surface]
        if req.surface != "100":
            nx, ny, nz = plan.cells
            plan.cells = (nx, 3 * math.ceil(ny / 3), nz)  # whole repeat lengths along [11-2] in the periodic box
            plan.assume(f"the ({req.surface}) surface normal to z ({plan.lattice} oriented x [{plan.extra['orient'][0]}], "
                        f"y [{plan.extra['orient'][1]}], z [{plan.extra['orient'][2]}])")  # fmt: skip
    if req.core_shell and plan.template == "nanoparticle":
        core, shell = req.core_shell
        if set(req.core_shell) <= set(plan.elements):
            plan.elements = [core, shell]
            plan.masses = [element(e).mass for e in plan.elements]
            plan.extra["core_shell"] = True
            plan.extra["core_radius_nm"] = req.core_radius_nm
            plan.fractions = []


SHOCK_ASPECT = 7  # a shock runs along z through a long column: length / width


SHEET_TRANSPORT_WIDTH_A = 30.0  # a periodic ribbon: the width barely matters, the length limits the phonons


def _graphene(plan: Plan, req: Request) -> None:
    """A flat graphene sheet in the xy plane with vacuum above and below (facts.GRAPHENE)."""
    plan.lattice, plan.a = "graphene", facts.GRAPHENE["a"]
    width = (req.size_nm or 5.0) * 10  # Angstrom
    length = width
    if plan.template == "thermal_conductivity":  # heat runs along x through a long ribbon, periodic in y
        length = width if req.size_nm and re.search(r"\blong\b|\blength\b", req.flat, re.I) else 200.0
        width = SHEET_TRANSPORT_WIDTH_A
    nx = max(4, round(length / plan.a))
    ny = max(3, round(width / (plan.a * math.sqrt(3))))
    plan.cells = (nx, ny, 1)
    plan.assume(f"a flat graphene sheet, a = {plan.a} A (C-C 1.42 A), {nx * plan.a / 10:.1f} x "
                f"{ny * plan.a * math.sqrt(3) / 10:.1f} nm, periodic in x and y, {facts.GRAPHENE['vacuum']:g} A of "
                "vacuum in z")  # fmt: skip


# Compression by pressure on every side: an equation of state, P against V.
HYDROSTATIC = (
    r"\bhydrostatic|\bisotropic(ally)? compress|equation of state|\beos\b|\bp-v\b|\bp\(v\)|\bbirch|murnaghan|\bvinet|"
    r"pressure ramp|\bramp(s|ing)? (up )?the pressure"
)
EOS_STEPS = 10  # pressures from 0 to the highest asked
EOS_DEFAULT_BAR = 1.0e5  # 10 GPa
# Crystal growth from a seed in contact with the melt (not a melt cooled as a whole).
SEEDED_GROWTH = r"\bseed|interface (velocity|speed|migration)|growth (rate|velocity|speed)|solid[-/ ]liquid interface"
UNDERCOOLING = 0.9  # of the melting point, when the request names no temperature for seeded growth
GRANULAR_DEFAULT_N = 1500  # spheres poured (examples/pour/in.pour pours 3000)
# Templates that start a liquid from a lattice melted first (plan.extra["premelt"]).
LIQUID_START_TEMPLATES = {"bulk", "diffusion", "rdf", "density", "equilibrate", "phonon", "thermal_conductivity",
                          "viscosity"}  # fmt: skip
COMPOUND_SHARE = 0.2  # above this share of a non-metal, a mixture is a compound with its own structure


def _compound_like(els: list[str], shares: list[float]) -> bool:
    """A non-metal above COMPOUND_SHARE: a compound with its own structure and bonding, not an alloy."""
    return any(e in facts.NONMETALS and f > COMPOUND_SHARE for e, f in zip(els, shares, strict=True))


def _unknown_compound(plan: Plan, req: Request, els: list[str]) -> bool:
    """A metal with much oxygen, nitrogen, carbon or hydrogen (Al2O3, TiN, Fe-C half and half) is a compound
    with its own crystal structure, never a random alloy on the metal's lattice: declined unless COMPOUNDS
    knows it. A few per cent of a non-metal (C in Fe) stays a dilute solution."""
    if plan.declined:  # already declined, with a better reason (molecules)
        return True
    if not _compound_like(els, plan.fractions or [1.0 / len(els)] * len(els)):
        return False
    name = " ".join(req.materials) or "-".join(els)
    plan.declined = (f"{name}: the builder knows no crystal structure for this compound (a random {plan.lattice} "
                     f"alloy of {', '.join(els)} would not be it); upload a data file of its structure (from the "
                     "Materials Project, or a CIF converted with ASE) and it will be run with a potential that "
                     "covers its elements")  # fmt: skip
    return True


def _default_cells(plan: Plan, req: Request) -> tuple[int, int, int]:
    per = ATOMS_PER_CELL.get(plan.lattice, 4)
    if plan.template == "shock":
        return (6, 6, 6 * SHOCK_ASPECT)
    if plan.template == "interdiffusion":  # two blocks stacked along z: a long box
        return (6, 6, 24)
    if plan.template == "kapitza":  # a long column, two interfaces: each side ~10 nm of a 5 A lattice
        return (4, 4, 40)
    if plan.template == "coexistence":  # a crystal half and a liquid half along z: a long box of ~6000 atoms
        n = max(4, round((6000 / 3 / per) ** (1 / 3)))
        return (n, n, 3 * n)
    if plan.template == "sputtering":  # a slab wide enough for the cascade of one ion, deep enough not to pass
        return (10, 10, 8)
    if plan.template == "cascade":  # about 50 atoms per eV: the knock-on energy heats the box by < ~200 K
        target = min(2_000_000, max(16_000, 50 * (req.energy_eV or 1000.0)))
        n = max(10, round((target / per) ** (1 / 3)))
        return (n, n, n)
    target = {"melting": 1000, "heating": 1000, "cooling": 1000, "solidification": 1000, "tension": 1500,
              "compression": 1500, "shear": 1500}.get(plan.template, 2000)  # fmt: skip
    n = max(3, round((target / per) ** (1 / 3)))
    return (n, n, n)


def _cells(plan: Plan, req: Request, default: tuple[int, int, int]) -> tuple[int, int, int]:
    per = ATOMS_PER_CELL.get(plan.lattice, 4)
    if req.cells:
        return req.cells
    if req.natoms and plan.template != "impact":  # an impact's atom count is its projectile's
        if plan.dimension == 2:
            n = max(2, round(math.sqrt(req.natoms / per)))
            return (n, n, 1)
        if plan.template == "shock":
            n = max(2, round((req.natoms / per / SHOCK_ASPECT) ** (1 / 3)))
            return (n, n, max(2, round(req.natoms / per / n**2)))
        if plan.template == "coexistence":  # a long box: crystal and liquid, or a liquid slab (a third) and vapour
            n = max(2, round((req.natoms / per / (1 if plan.extra.get("vapour") else 3)) ** (1 / 3)))
            return (n, n, 3 * n)
        n = max(2, round((req.natoms / per) ** (1 / 3)))
        return (n, n, n)
    if plan.extra.get("vapour"):  # the slab is the middle third of the box
        return (default[0], default[1], 3 * default[0])
    if req.size_nm and plan.units != "lj" and plan.template not in {"nanoparticle", "impact"}:
        n = max(2, round(req.size_nm * 10 / plan.a))
        if plan.template in {"shock", "interdiffusion", "coexistence", "thermal_conductivity"} and re.search(
            r"\blong\b|\blength\b", req.flat, re.I
        ):
            return (default[0], default[1], n)  # "a sample 200 nm long": the length along the long axis
        return (n, n, n)
    return default


# Templates that take the temperature from plan.temperature to plan.temperature_end, or visit several.
FOLLOWS_TEMPERATURES = {"melting", "heating", "cooling", "solidification", "thermal_expansion", "nanoparticle",
                        "water", "alkane", "polymer"}  # fmt: skip


def _one_temperature(plan: Plan, req: Request) -> None:
    """A run at one temperature asked at several ("tension at 77 K and at 300 K"): say which one it does
    and that the others are not done."""
    temps = list(dict.fromkeys(t for t in req.temperatures if t > 0))
    if len(temps) < 2 or plan.template in FOLLOWS_TEMPERATURES:
        return
    unit = "" if plan.units == "lj" else " K"
    others = ", ".join(f"{t:g}{unit}" for t in temps if t != plan.temperature)
    plan.assume(f"NOT DONE by this script: the run at {others} (it runs at {plan.temperature:g}{unit} only; run it "
                "again at each other temperature, or sweep the temperature over several runs)")  # fmt: skip


def _state(plan: Plan, req: Request) -> None:
    temps = req.temperatures
    lj = plan.units == "lj"
    room = 1.0 if lj else 300.0
    melt = melting_point(plan)
    if temps:
        plan.temperature = temps[0]
        if len(temps) > 1:
            plan.temperature_end = temps[-1]
    elif plan.extra.get("channel"):  # the fluid's liquid just above its melting point
        fluid = plan.extra["channel"]["fluid"]
        plan.temperature = round(1.07 * (element(fluid).melting_K or 100.0))
        plan.assume(f"liquid {fluid} at {plan.temperature:g} K")
    elif plan.extra.get("vapour"):  # between the triple point (T* 0.69) and the critical point (about 1.1)
        eps_k = 1.0 if lj else (plan.lj or {}).get("epsilon", 0.0) / (KB[plan.units] if plan.units in KB else 1.0)
        plan.temperature = 0.8 if lj else round(0.8 * eps_k)
        plan.assume(f"T = {plan.temperature:g}" + ("" if lj else " K") + " (0.8 epsilon/k_B: between the triple "
                    "point and the critical point, where liquid and vapour coexist)")  # fmt: skip
    elif req.phase == "liquid" and not lj and melt:
        noble = set(plan.elements) <= set(NOBLE_LJ)
        plan.temperature = round(melt * (1.07 if noble else 1.2))
        what = plan.compound or plan.elements[0]
        plan.assume(f"a liquid at {plan.temperature:g} K (the melting point of {what} is {melt:g} K)")
    elif req.phase == "liquid" and lj:
        plan.temperature = 1.5
        plan.assume("a Lennard-Jones liquid at T* = 1.5 (above the triple point, T* about 0.69)")
    else:
        plan.temperature = room
        plan.assume(f"room temperature, {room:g}" + ("" if lj else " K") if not lj else "T* = 1.0")
    if plan.template == "melting" and plan.temperature_end is not None and plan.temperature_end < plan.temperature:
        # "melt at 1500 K, then cool to 300 K": a melt-quench, i.e. the cooling template from the melt
        plan.template = "solidification" if req.has("solidification") else "cooling"
    # melting and cooling: where the ramp goes when the request does not say
    if req.has("melting") and plan.temperature_end is None:
        if lj:
            plan.temperature, plan.temperature_end = (plan.temperature if temps else 0.5), max(2.0, plan.temperature)
        elif melt:
            # start in the crystal: room temperature, or half the melting point for a cryogenic solid (Ne: 12 K)
            start = plan.temperature if temps and plan.temperature < melt else min(300.0, round(0.5 * melt))
            given_end = bool(temps) and plan.temperature >= melt
            end = plan.temperature if given_end else max(plan.temperature, 1.5 * melt)
            plan.temperature, plan.temperature_end = start, round(end)
            why = "as asked" if given_end else "1.5 x the melting point: a periodic crystal superheats before it melts"
            plan.assume(f"heat from {start:g} K to {plan.temperature_end:g} K ({why}; the melting point is "
                        f"{melt:g} K), then hold")  # fmt: skip
    if req.has("cooling", "solidification") and not req.has("melting") and plan.temperature_end is None:
        hot = round(1.5 * melt) if melt else (2.0 if lj else 2000.0)
        plan.temperature_end = plan.temperature if temps else room
        plan.temperature = hot if not temps or plan.temperature <= (melt or 0) else plan.temperature
        if plan.temperature_end >= plan.temperature:
            plan.temperature, plan.temperature_end = hot, room
        plan.assume(f"start from a melt at {plan.temperature:g} and cool to {plan.temperature_end:g}")
    if req.has("heating") and not req.has("melting", "cooling") and plan.temperature_end is None:
        plan.temperature_end = plan.temperature
        plan.temperature = room if plan.temperature > room else plan.temperature
    # pressure in the script's unit
    if req.pressure_bar is not None and not lj:
        plan.pressure = req.pressure_bar * BAR.get(plan.units, 1.0)
    elif req.pressure_reduced is not None and lj:
        plan.pressure = req.pressure_reduced


def melting_point(plan: Plan) -> float | None:
    """The compound's own melting point; for a random alloy the composition-weighted mean of its
    elements' (between solidus and liquidus for most binaries); an element's own."""
    if plan.compound in facts.COMPOUND_MELTING_K:
        return facts.COMPOUND_MELTING_K[plan.compound]
    known = [(i, element(e).melting_K) for i, e in enumerate(plan.elements) if element(e) and element(e).melting_K]
    if not known:
        return None
    weights = [plan.fractions[i] if len(plan.fractions) == len(plan.elements) else 1.0 for i, _ in known]
    return round(sum(w * t for w, (_, t) in zip(weights, known, strict=True)) / sum(weights), 1)


def _dynamics(plan: Plan, req: Request) -> None:
    lj = plan.units == "lj"
    plan.timestep = _timestep(plan, req)
    if req.lattice_constant or req.density or re.search(r"constant[- ]volume|fixed[- ](box|volume)", req.flat, re.I):
        plan.extra["fixed_volume"] = True  # the user chose the volume: never relaxed
    named = req.ensemble
    if req.thermostat:
        plan.extra["thermostat"] = req.thermostat
    if plan.template == "thermal_expansion":  # the temperatures it visits, whatever the ensemble is called
        plan.extra["temperatures"] = list(req.temperatures)
        if req.temperature_step and len(req.temperatures) == 2:  # "from 100 to 1200 K every 100 K"
            lo, hi = sorted(req.temperatures)
            count = min(40, int(round((hi - lo) / req.temperature_step)) + 1)
            plan.extra["temperatures"] = [lo + i * req.temperature_step for i in range(count)]
    if named == "langevin" and plan.template in {"melting", "heating", "cooling", "solidification"} and \
            plan.pressure is None and not plan.extra.get("fixed_volume"):  # fmt: skip
        plan.pressure = 0.0
        plan.assume("the Langevin thermostat with a barostat (fix nph) at zero pressure: in a fixed box a crystal "
                    "superheats far past its melting point")  # fmt: skip
    if (
        plan.temperature == 0
        and plan.temperature_end in (None, 0)
        and plan.template in {"bulk", "equilibrate", "density"}
    ):
        plan.template = "minimize"  # "at 0 K": a static relaxation (a thermostat cannot target 0 K)
        plan.assume("0 K: an energy minimization, not dynamics")
    if named:
        plan.extra["ensemble_named"] = named
    if plan.template == "water":
        _water_ensemble(plan, named)
    elif named:
        plan.ensemble = named
    elif plan.template == "vacancy" and (req.temperatures or req.duration_ps or req.has("diffusion")):
        plan.extra["vacancy_md"] = True  # a vacancy in a crystal at temperature (diffusion), not its energy
        plan.ensemble = "nvt"
    elif plan.template in {"minimize", "vacancy", "surface", "elastic", "stacking_fault"} or (
        plan.template == "grain_boundary" and not any(t > 0 for t in req.temperatures)
    ):
        plan.ensemble = "minimize"
    elif plan.template == "thermal_expansion":  # the volume at each temperature: NPT
        plan.ensemble = "npt"
    elif plan.pressure is not None or plan.template in {"melting", "density", "cooling", "solidification"}:
        plan.ensemble = "npt" if plan.template not in {"nanoparticle"} and not (lj and plan.template == "melting") \
            else "nvt"  # fmt: skip
    else:
        plan.ensemble = "nvt"
    if plan.pressure is None and plan.ensemble in {"npt", "nph"}:  # named or chosen: NPT needs a pressure
        plan.pressure = 0.0
        plan.assume("zero pressure" if not lj else "P* = 0")
    deforming = plan.template in DEFAULT_STRAIN_RATE
    if deforming:
        per_ps = req.strain_rate_per_ps or DEFAULT_STRAIN_RATE[plan.template][lj]  # 1/ps (or 1/tau for lj)
        rate = per_ps if lj else per_ps / (1000 * (facts.fs(plan.units) or 0.001))  # per time unit
        if not req.strain_rate_per_ps:
            plan.assume(
                f"strain rate {rate:g} per {_time_unit(plan.units)}" + (f" ({per_ps * 1e12:.0e}/s)" if not lj else "")
            )
        plan.extra["rate"] = rate
    # a temperature ramp (thermal expansion visits its temperatures in turn: no ramp, no hold)
    ramped = plan.temperature_end not in (None, plan.temperature) and plan.template != "thermal_expansion"
    if req.steps:
        plan.steps = req.steps
    elif deforming and req.strain:
        _steps_to_strain(plan, req.strain, plan.extra["rate"])
    elif ramped and req.temperature_rate and not lj:
        _ramp_at_rate(plan, req)
    elif req.duration_ps and not lj:
        fs = facts.fs(plan.units) or 1.0
        plan.steps = max(100, round(req.duration_ps * 1000 * fs / plan.timestep))
    else:
        ramp_default = 20000 if ramped else 0
        density_default = 20000 if plan.template == "density" else 0  # equilibrium averages need a long run
        plan.steps = ramp_default or density_default or {"melting": 20000, "cooling": 20000, "solidification": 20000, "heating": 10000,
                      "impact": 4000, "sputtering": 20000, "cascade": 10000, "coexistence": 20000, "deposition": 10000, "granular": 20000, "flow": 20000, "crack": 10000,
                      "thermal_conductivity": 20000, "kapitza": 40000, "creep": 20000, "viscosity": 20000, "diffusion": 10000,
                      "tension": 10000, "compression": 10000, "shear": 10000,
                      "thermal_expansion": 2000}.get(plan.template, 5000)  # fmt: skip
        each = " at each temperature" if plan.template == "thermal_expansion" else ""
        plan.assume(f"{plan.steps} steps of {plan.timestep:g} {_time_unit(plan.units)}{each}")
    if plan.template == "cyclic":
        _cycles(plan, req)
    if plan.template == "creep":
        _creep_stress(plan, req)
    if (plan.template in {"melting", "cooling", "solidification", "heating"} or ramped) and not plan.hold_steps:
        hold_ps = req.hold_ps if req.hold_ps and not lj else None
        plan.hold_steps = round(hold_ps * 1000 * (facts.fs(plan.units) or 1.0) / plan.timestep) if hold_ps \
            else max(1000, plan.steps // 4)  # fmt: skip
    plan.thermo_every = req.every.get("thermo") or max(10, min(1000, plan.steps // 50))
    if req.every.get("dump"):
        plan.extra["dump_every"] = req.every["dump"]


def _water_ensemble(plan: Plan, named: str | None) -> None:
    """Water at 1 atm (NPT) unless a constant-volume ensemble is named; then the grid starts at the liquid's
    density (a box at 90 % of it would hold the water under tension)."""
    plan.ensemble = named or "npt"
    if plan.ensemble in {"npt", "nph"}:
        if plan.pressure is None:
            plan.pressure = 1.0  # atm (real units)
            plan.assume("1 atm")
        return
    plan.a = round(plan.a * 0.9 ** (1 / 3), 4)
    plan.assume(f"{plan.ensemble.upper()} at the liquid's density, {facts.WATER_DENSITY} g/cm3")


def _ramp_at_rate(plan: Plan, req: Request) -> None:
    """A ramp at the rate asked ("quench at 10^12 K/s"): its length follows from the temperature change. A
    duration stated beside a rate is the time held at the start temperature (a melt before a quench) or,
    for heating, at the end."""
    per_step_ps = plan.timestep / (facts.fs(plan.units) or 1.0) / 1000  # fs(units): time units per fs
    change = abs(plan.temperature_end - plan.temperature)
    plan.steps = max(100, round(change / req.temperature_rate / per_step_ps))
    plan.assume(
        f"{plan.steps} steps: {change:g} K at {req.temperature_rate:g} K/ps ({req.temperature_rate * 1e12:.0e} K/s)"
    )
    if req.duration_ps and plan.template in {"cooling", "solidification"}:
        plan.extra["melt_steps"] = max(1000, round(req.duration_ps / per_step_ps))
        plan.assume(f"the liquid held {req.duration_ps:g} ps at {plan.temperature:g} K before the ramp")
    elif req.duration_ps and not req.hold_ps:
        plan.hold_steps = max(1000, round(req.duration_ps / per_step_ps))


def _timestep(plan: Plan, req: Request) -> float:
    if req.timestep_fs and plan.units != "lj":
        return req.timestep_fs * (facts.fs(plan.units) or 1.0)
    if req.timestep_reduced and plan.units == "lj":
        return req.timestep_reduced
    if plan.template == "granular":
        return 0.001
    if plan.template == "water" or plan.extra.get("data_model") == "water" or plan.extra.get("rigid_water"):
        return 2.0  # fs: rigid water (SHAKE) allows 2 fs
    if plan.template == "polymer":
        return 0.01  # tau: the Kremer-Grest model's usual step with FENE bonds
    dt = facts.timestep(plan.units, plan.elements)
    if plan.template in {"impact", "shock"} and plan.units != "lj":
        dt = dt / 2  # fast projectiles: half the usual step
    return dt


def _time_unit(units: str) -> str:
    from simulations.engine.units import TIME_UNIT

    return TIME_UNIT.get(units, "")


def _outputs(plan: Plan, req: Request) -> None:
    for process, out in [("rdf", "rdf"), ("diffusion", "msd")]:
        if req.has(process) and out not in plan.outputs:
            plan.outputs.append(out)
    if req.output_files:
        plan.extra["files"] = dict(req.output_files)
        for kind in req.output_files.values():
            if kind in ("rdf", "msd", "dump") and kind not in plan.outputs:
                plan.outputs.append(kind)
    if plan.template in {"impact", "deposition", "crack", "nanoparticle", "flow", "granular", "indentation"} and \
            "dump" not in plan.outputs:  # fmt: skip
        plan.outputs.append("dump")
        plan.assume("a trajectory dump (these runs are best judged by looking at them)")
    if req.speed_A_per_ps:
        plan.extra["speed"] = req.speed_A_per_ps
    if req.speed_reduced and plan.units == "lj":
        plan.extra["wall_speed"] = req.speed_reduced
    if req.energy_eV:
        plan.extra["energy_eV"] = req.energy_eV
    if req.size_nm:
        plan.extra["size_nm"] = req.size_nm
    elif plan.template == "impact" and req.natoms and plan.units != "lj":  # the projectile's atoms
        per_A3 = ATOMS_PER_CELL.get(plan.lattice, 4) / plan.a**3
        plan.extra["size_nm"] = round(2 * (3 * req.natoms / (4 * math.pi * per_A3)) ** (1 / 3) / 10, 2)
        plan.assume(f"a projectile of about {req.natoms} atoms ({plan.extra['size_nm']:g} nm across)")
    m = re.search(r"(?:along|in)(?: the)?\s+([xyz])\b|\b([xyz])[- ](?:direction|axis)", req.flat.lower())
    if m:
        plan.extra["axis"] = m.group(1) or m.group(2)
    elif plan.lattice == "hcp" and re.search(r"\bc[- ]?axis|\[0001\]|<0001>", req.flat, re.I):
        plan.extra["axis"] = "z"  # LAMMPS's hcp lattice has c along z
