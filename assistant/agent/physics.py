"""Checks of a finished run against the request (not against the plan or the builder): the
elements named are covered, the masses are theirs, the requested process happened, and the
state is plausible for the phase (cutoff, density, pressure, initial velocities, temperature).

Each check is in the evaluation vocabulary of `evaluate.py`, so the loop, the benchmark and a
reader of the result all see the same names, values and expectations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .facts import (
    DENSITY_RATIO,
    LJ_DENSITY,
    LJ_MIN_CUTOFF,
    NOBLE_LJ,
    PLAUSIBLE_PRESSURE,
    WATER_DENSITY,
    WATER_MOLAR_MASS,
    element,
)
from .request import BEAD_SPRING_WORDS, Request, correct_spelling

# Molecules and molecular liquids named by their common names (alcohols by their ending): each needs a
# force field with charges, bonds and angles, never a Lennard-Jones stand-in.
MOLECULE_NAMES = re.compile(r"\b(\w{2,}anol|glycerol|ethylene glycol|acetone|acetonitrile|benzene|toluene|xylene|"
                            r"phenol|chloroform|dichloromethane|dmso|dimethyl sulfoxide|dmf|thf|tetrahydrofuran|"
                            r"ammonia|urea|glucose|sugar|ionic liquids?|dna|rna|surfactants?|ethylene carbonate|"
                            r"alcohols?|solvents?|epoxy|drugs?|ligands?|caffeine|cholesterol)\b", re.I)  # fmt: skip
MOLECULAR = re.compile(MOLECULE_NAMES.pattern + r"|water|\bice\b|methane|polymer|polyethylene|hydrocarbon|protein|peptide|lipid|\bmolecules?\b|"
                       r"molecular (?!dynamics|simulation|mechanics)|"
                       r"force ?field|opls|charmm|amber|gromacs|tip3p|tip4p|spc|\bions?\b|(?<!rock)(?<!rock[ -])salt|electrolyte", re.I)  # fmt: skip
# Geometries that are not a filled periodic box: their density is not the bulk one.
NOT_BULK = {
    "nanoparticle",
    "surface",
    "deposition",
    "impact",
    "cascade",
    "crack",
    "flow",
    "granular",
    "indentation",
    "shock",
    "friction",
    "stacking_fault",
    "neb",
    "gcmc",
    "free_energy",
    "grain_boundary",
    "gb_migration",
    "nanotube",
}


# Processes driven away from equilibrium (or static): no thermostat target temperature is checked.
DRIVEN = ("minimize", "impact", "cascade", "deposition", "crack", "flow", "granular", "indentation", "shock",
          "friction", "neb")  # fmt: skip


@dataclass(frozen=True)
class Needs:
    """What a script must contain to do a process: each pattern matches some line of it (`all_of`),
    in the words a user reads when it does not (`what`)."""

    what: str
    all_of: tuple[str, ...]


# Every process the request reader knows (request.PROCESS_WORDS) is either here or in CHECKED_BY_RUN:
# a process that the builder has no template for still fails its check instead of "succeeding" as
# an equilibration (tests/assistant/agent/test_physics.py holds the two lists together).
PROCESS_NEEDS: dict[str, Needs] = {
    "cascade": Needs(
        "a primary knock-on atom given a velocity (velocity set on a group of one atom)",
        (r"^velocity\s+(?!all\b)\S+\s+set",),
    ),
    "sputtering": Needs(
        "ions sent at the surface with the asked energy (fix deposit ... vz, or velocity set) and a screened nuclear "
        "repulsion (ZBL) for their close collisions",
        (r"^fix\s+\S+\s+\S+\s+deposit\s.*\bv[xyz]\b|^velocity\s+(?!all\b)\S+\s+set", r"\bzbl\b"),
    ),
    "impact": Needs(
        "a projectile given a velocity (velocity set on a group, fix move, an indenter or a piston)",
        (r"^velocity\s+(?!all\b)\S+\s+(set|create)|^fix\s+\S+\s+\S+\s+(move|indent|wall/piston)",),
    ),
    "crack": Needs(
        "a notch or pre-crack (deleted or displaced atoms, a crack region) and a load on it",
        (
            r"^delete_atoms|^displace_atoms|^group\s+\S*(crack|notch)|^region\s+\S*(crack|notch)|^set\s+.*type",
            r"^fix\s+\S+\s+\S+\s+(deform|move|aveforce|addforce|setforce|velocity)|^velocity\s+\S+\s+(set|ramp)",
        ),
    ),
    "flow": Needs(
        "a driving force or moving wall (fix addforce, aveforce, flow/gauss, move, or shear) and walls",
        (
            r"^fix\s+\S+\s+\S+\s+(addforce|aveforce|flow/gauss|move|efield|gravity)|^velocity\s+\S+\s+set|"
            r"^fix\s+\S+\s+\S+\s+deform\s.*\b(xy|xz|yz)\b",
            r"^fix\s+\S+\s+\S+\s+wall|^boundary\s+.*\b[fsm]\w?\b|^fix\s+\S+\s+\S+\s+(setforce|freeze|move)|"
            r"^fix\s+\S+\s+\S+\s+rigid",
        ),
    ),
    "shear": Needs(
        "a shear deformation (fix deform xy/xz/yz, nvt/sllod, or a moving wall)",
        (
            r"^fix\s+\S+\s+\S+\s+deform\s.*\b(xy|xz|yz)\b|nvt/sllod|^velocity\s+\S+\s+(set|ramp)|"
            r"^fix\s+\S+\s+\S+\s+move",
        ),
    ),
    "tension": Needs(
        "a tensile strain (fix deform or moving grips)",
        (r"^fix\s+\S+\s+\S+\s+(deform|move)|^velocity\s+\S+\s+(set|ramp)",),
    ),
    "compression": Needs(
        "a compressive strain (fix deform, a moving wall, an indenter or a piston)",
        (
            r"^fix\s+\S+\s+\S+\s+(deform|move|indent|wall/piston)|^velocity\s+\S+\s+(set|ramp)|"
            r"^fix\s+\S+\s+\S+\s+(npt|nph)\b.*\b(iso|aniso|tri)\s+\S+\s+[1-9]",
        ),  # or a pressure raised by NPT
    ),
    "indentation": Needs(
        "an indenter (fix indent, or a moving tip)",
        (r"^fix\s+\S+\s+\S+\s+indent|^fix\s+\S+\s+\S+\s+move|^velocity\s+\S+\s+set",),
    ),
    "diffusion": Needs("the mean-squared displacement (compute msd)", (r"^compute\s+\S+\s+\S+\s+msd",)),
    "interdiffusion": Needs(
        "two materials in contact, each in its own part of the box, and their concentration profiles (ave/chunk)",
        (r"^set\s+region\s+\S+\s+type\s+2|^create_atoms\s+2\s+region", r"^fix\s+\S+\s+\S+\s+ave/chunk"),
    ),
    "rdf": Needs("the radial distribution function (compute rdf)", (r"^compute\s+\S+\s+\S+\s+rdf",)),
    "thermal_conductivity": Needs(
        "a heat flux (Muller-Plathe swaps, fix heat/ehex, or Green-Kubo heat-flux correlation)",
        (
            r"thermal/conductivity|heat/flux|\behex\b|^fix\s+\S+\s+\S+\s+heat\b|"
            r"^fix\s+\S+\s+\S+\s+(langevin|temp/\w+)\s.*|ave/correlate",
        ),
    ),
    "viscosity": Needs(
        "a momentum flux or shear (fix viscosity, nvt/sllod with deform, a periodic perturbation (fix accelerate/cos) "
        "or Green-Kubo stress correlation)",
        (
            r"^fix\s+\S+\s+\S+\s+(viscosity|accelerate/cos)|nvt/sllod|ave/correlate|^fix\s+\S+\s+\S+\s+deform|"
            r"^velocity\s+\S+\s+set\s+\S*[1-9]",
        ),  # a sliding wall (Couette flow) shears the fluid too
    ),
    "vacancy": Needs("atoms removed (delete_atoms)", (r"^delete_atoms",)),
    "stacking_fault": Needs(
        "one half of the crystal shifted over the other on the slip plane, with the energy minimized at each shift",
        (r"^displace_atoms|^fix\s+\S+\s+\S+\s+move", r"^minimize"),
    ),
    "surface": Needs(
        "a free surface (a non-periodic boundary or a slab in a larger box)",
        (r"^boundary\s+.*\b[fsm]\w?\b|^create_atoms\s+\d+\s+region|^region\s+\S+\s+\S+.*\bside\s+in",),
    ),
    "nanoparticle": Needs(
        "a particle cut out of the bulk (a sphere region, or read from a file)",
        (r"^region\s+\S+\s+sphere|^create_atoms\s+.*region|^read_data",),
    ),
    "granular": Needs(
        "granular particles (atom_style sphere with a granular pair style)",
        (r"^atom_style\s+sphere|^atom_style\s+hybrid.*sphere", r"^pair_style\s+gran|^pair_style\s+granular"),
    ),
    "minimize": Needs("an energy minimization (minimize)", (r"^minimize",)),
    "elastic": Needs(
        "strained boxes and the stress they give (change_box, displace_atoms, fix deform or box/relax)",
        (r"^change_box|^displace_atoms|^fix\s+\S+\s+\S+\s+(deform|box/relax)",),
    ),
    "shock": Needs(
        "a shock driver (fix wall/piston, msst or nphug, or a flyer/piston given a velocity)",
        (
            r"^fix\s+\S+\s+\S+\s+(wall/piston|msst|nphug|move)|^velocity\s+(?!all\b)\S+\s+set|"
            r"^fix\s+\S+\s+\S+\s+deform\s.*\bvel\b",
        ),
    ),
    "friction": Needs(
        "one body sliding on another (velocity set, fix move, or a force on a slider group)",
        (r"^velocity\s+(?!all\b)\S+\s+set|^fix\s+\S+\s+(?!all\b)\S+\s+(move|addforce|aveforce|smd)",),
    ),
    "free_energy": Needs(
        "a free-energy method (fix adapt or ti/spring for integration, a bias such as spring, "
        "colvars or plumed, or a sampled reaction coordinate)",
        (r"^fix\s+\S+\s+\S+\s+(adapt\S*|ti/\S+|spring\S*|colvars|plumed|smd)|^compute\s+\S+\s+\S+\s+ti\b",),
    ),
    "mc_swap": Needs(
        "Monte Carlo swaps of unlike atoms between MD steps (fix atom/swap)",
        (r"^fix\s+\S+\s+\S+\s+(atom/swap|sgcmc)",),
    ),
    "gb_migration": Needs(
        "a driving force that moves the boundary (fix orient/fcc, orient/bcc or orient/eco) and its position tracked",
        (r"^fix\s+\S+\s+\S+\s+orient/(fcc|bcc|eco)",),
    ),
    "grain_boundary": Needs(
        "two grains of different orientation (lattices with orient, or a data file of a bicrystal)",
        (
            r"^lattice\s.*\borient\b|^read_data",
            r"^create_atoms\s+\S+\s+region\s+(?!box\b)\S+|^read_data",
            r"^delete_atoms\s+overlap|^displace_atoms|^read_data",
        ),
    ),
    "nanotube": Needs(
        "a rolled sheet (a data file, a custom lattice or atoms placed one by one; not a bulk crystal)",
        (r"^read_data|^lattice\s+custom\s.*|^create_atoms\s+\S+\s+single\b|^molecule\b",),
    ),
    "interstitial": Needs(
        "an extra atom put into the crystal (create_atoms single, or a data file that has it)",
        (r"^create_atoms\s+\S+\s+single|^read_data",),
    ),
    "dislocation": Needs(
        "a dislocation put into the crystal (its displacement field by displace_atoms or variables, or a data file "
        "that holds it, e.g. from atomsk)",
        (r"^displace_atoms|^read_data|^set\s+.*\b(x|y|z)\s+v_",),
    ),
    "kapitza": Needs(
        "a heat flux across an interface between two materials (a heat exchange or a hot and a cold thermostat, "
        "and a second atom type in part of the box)",
        (r"^fix\s+\S+\s+\S+\s+(thermal/conductivity|ehex|heat|langevin)", r"^set\s.*\btype\s+2\b|^read_data"),
    ),
    "creep": Needs(
        "a constant stress held on one axis (fix npt or nph with a non-zero pressure on that axis)",
        (r"^fix\s+\S+\s+\S+\s+(npt|nph)\b.*\b[xyz]\s+-?[0-9.]*[1-9]",),
    ),
    "cyclic": Needs(
        "a strain that goes back and forth (fix deform with wiggle, or a variable strain)",
        (r"^fix\s+\S+\s+\S+\s+deform\b.*\b(wiggle|variable)\b",),
    ),
    "polycrystal": Needs(
        "grains of different orientations (a data file of the polycrystal, e.g. from atomsk's Voronoi "
        "construction, or several oriented lattices)",
        (r"^read_data|^lattice\s.*\borient\b",),
    ),
    "gcmc": Needs("grand-canonical insertions and deletions (fix gcmc)", (r"^fix\s+\S+\s+\S+\s+gcmc",)),
    "neb": Needs(
        "a nudged-elastic-band calculation (fix neb and the neb command)", (r"^neb\b", r"^fix\s+\S+\s+\S+\s+neb")
    ),
    "phonon": Needs(
        "a vibrational analysis (fix phonon, dynamical_matrix, or a velocity autocorrelation)",
        (r"^fix\s+\S+\s+\S+\s+phonon|^dynamical_matrix|vacf|ave/correlate",),
    ),
    "thermal_expansion": Needs(
        "the volume followed at several temperatures under fix npt",
        (r"^fix\s+\S+\s+\S+\s+(npt|nph)", r"\bvol\b|\blx\b|c_\S*vol|v_\S*(vol|lat|lx)"),
    ),
}
# Processes checked by what the run does rather than by a command (see `_process`).
CHECKED_BY_RUN = {
    "coexistence",
    "melting",
    "solidification",
    "cooling",
    "heating",
    "deposition",
    "equilibrate",
    "density",
}


@dataclass
class Expectations:
    """The checks a run must pass to do what was asked, and notes on what could not be checked."""

    checks: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def molecular(req: Request) -> bool:
    text = re.sub(r"\bions?\b", " ", req.flat) if req.has("sputtering") else req.flat  # an ion beam is not a solution
    return bool(MOLECULAR.search(text) or MOLECULAR.search(correct_spelling(text.lower()))) or bool(req.data_files)


def expectations(req: Request, *, covered_by_library: bool) -> Expectations:
    """`covered_by_library`: the potentials library has a file for all the named elements."""
    exp = Expectations()
    c = exp.checks
    _material(req, exp, covered_by_library)
    _state(req, exp)
    _process(req, exp)
    if req.ensemble and req.ensemble != "minimize" and not req.has("deposition", "impact", "granular", "flow"):
        c["ensemble"] = req.ensemble
    if req.steps and req.ensemble != "minimize":
        c["steps"] = req.steps
    if req.natoms and req.has("impact"):  # "a cluster (~500 atoms) hits a surface": the projectile's atoms
        c["natoms"] = {"min": int(req.natoms * 0.7)}
    elif req.natoms and not req.has("deposition", "granular"):
        molecules = bool(re.search(r"\bmolecules\b", req.flat, re.I)) and not req.chains
        per = 3 if req.water and molecules else 1  # "1000 water molecules"
        c["natoms"] = {"min": int(per * req.natoms * 0.7), "max": int(per * req.natoms * 1.3) + 1}
        if molecules and not req.water:  # "200 hexane molecules": sites per molecule depend on the model
            c["natoms"] = {"min": int(req.natoms * 0.7)}
    if req.water and set(req.elements) <= {"H", "O"} and (req.ensemble or "npt") in {"npt", "nph"}:
        c["number_density"] = {"target": 3 * WATER_DENSITY * 0.6022140857 / WATER_MOLAR_MASS, "rtol": 0.1}
        exp.notes.append("liquid water at about 1 atm: about 1 g/cm3 (0.1 atoms per cubic Angstrom)")
    if req.dimension == 2:
        c.setdefault("has", []).append(r"^dimension\s+2")
    if "dump" in req.outputs:
        c.setdefault("has", []).append(r"^dump\s|^write_dump\s")
    if req.output_files:  # the files the user named must be there, under those names
        c["files"] = sorted(set(c.get("files", [])) | set(req.output_files))
    return exp


def _material(req: Request, exp: Expectations, covered: bool) -> None:
    c = exp.checks
    if req.lj or not req.elements:
        bead_spring = re.search(BEAD_SPRING_WORDS, req.flat, re.I)  # WCA beads are that model
        if (req.lj or (req.pair_style or "").startswith("lj")) and not req.repulsive_only and not bead_spring:
            c["lj_cut_over_sigma"] = LJ_MIN_CUTOFF
        return
    masses = {el: element(el).mass for el in req.elements if element(el)}
    if molecular(req):
        exp.notes.append("molecular system: its force field is not checked against a potential file")
        return
    if set(req.elements) <= set(NOBLE_LJ):
        c["masses_match"] = masses
        if not req.repulsive_only:
            c["lj_cut_over_sigma"] = LJ_MIN_CUTOFF
        return
    c["masses_match"] = masses
    if req.has("sputtering"):  # the target by its potential, the ions at least by ZBL
        c["pair_covers"] = list(req.elements)
        return
    if covered:
        c["pair_covers"] = list(req.elements)
        c["not_lj_for"] = list(req.elements)
    else:
        exp.notes.append(f"no potential in the library covers {'-'.join(req.elements)}: an honest alternative "
                         "(a labelled generic model) is acceptable")  # fmt: skip


def _state(req: Request, exp: Expectations) -> None:
    c = exp.checks
    temps = [t for t in req.temperatures if t > 0]  # "at 0 K" is static: no thermostat target, no velocities
    ramp = req.has("heating", "cooling", "melting", "solidification")
    driven = req.has(*DRIVEN)
    if temps and not ramp and req.ensemble not in {"nve", "minimize"} and not driven:
        c["temperature"] = {"target": temps[-1], "rtol": 0.15}
    starts_at_first = not ramp or (len(temps) >= 2 and not req.has("cooling", "solidification"))
    if temps and starts_at_first and req.ensemble != "minimize" and not req.has("minimize"):
        c["velocity_temperature"] = {"target": temps[0], "min_ratio": 0.4, "max_ratio": 2.5}
    if temps and ramp and not req.has("melting", "solidification", "coexistence"):  # the ramp reaches its end
        if req.has("heating") and not req.has("cooling"):
            c["temp_final_min"] = round(0.85 * max(temps), 3)  # 3 decimals: reduced temperatures too
        elif req.has("cooling") and not req.has("heating"):
            c["temp_final_max"] = round(1.15 * min(temps), 3)
    # "1 GPa normal load" is not the box's pressure
    loaded = req.has("friction", "indentation", "shock", "impact", "creep")
    if req.pressure_bar is not None and not req.lj and not req.has("minimize") and not loaded:
        c["pressure_bar"] = {"target": req.pressure_bar, "atol": max(0.25 * abs(req.pressure_bar), 2000.0)}
    elif req.pressure_reduced is not None and req.lj:
        c["pressure"] = {"target": req.pressure_reduced, "atol": max(0.3 * abs(req.pressure_reduced), 0.5)}
    bulk = not (set(req.processes) & NOT_BULK) and req.dimension == 3 and not req.data_files and not molecular(req) \
        and not req.sheet and not req.liquid_vapour  # fmt: skip
    pressure_free = req.pressure_bar is None and req.pressure_reduced is None and req.ensemble not in {"npt", "nph"}
    if bulk and pressure_free and req.phase != "gas" and not ramp \
            and not req.has("tension", "compression", "shear", "minimize"):  # fmt: skip
        c["pressure_max"] = {"abs": PLAUSIBLE_PRESSURE}
    phase = req.phase if req.phase in {"solid", "liquid", "gas"} else None
    if bulk and pressure_free and phase and not ramp and not req.has("tension", "compression", "shear"):
        if req.lj:
            lo, hi = LJ_DENSITY[phase]
            target = req.density or (lo + hi) / 2
            c["number_density"] = {"target": target, "rtol": 0.1 if req.density else (hi - lo) / (hi + lo)}
        elif len(req.elements) == 1 and element(req.elements[0]) and element(req.elements[0]).number_density:
            ref = element(req.elements[0]).number_density
            lo, hi = DENSITY_RATIO[phase]
            c["number_density"] = {"target": ref * (lo + hi) / 2, "rtol": (hi - lo) / (hi + lo)}


def _process(req: Request, exp: Expectations) -> None:
    c = exp.checks
    needed = {p: {"what": PROCESS_NEEDS[p].what, "all_of": list(PROCESS_NEEDS[p].all_of)}
              for p in req.processes if p in PROCESS_NEEDS}  # fmt: skip
    if needed:
        c["process"] = needed
    temps = req.temperatures
    if req.has("deposition") or (
        req.has("granular") and re.search(r"\bpour|\bdeposit|\binsert|\bfill", req.flat, re.I)
    ):
        c["grows"] = True
        if req.has("deposition"):
            c["landed"] = True
    if req.has("tension", "compression") and not req.has("crack"):
        c["strain_any"] = {"min": 0.01}
    if req.liquid_vapour:  # a liquid slab and its vapour: a dense and a dilute phase side by side
        c["density_contrast"] = {"min": 5.0}
    elif req.has("coexistence"):  # half crystal, half liquid: the temperature settles near the melting point
        melt = _melting_point(req)
        if melt is not None:
            c["temp_final_min"], c["temp_final_max"] = round(0.6 * melt), round(1.5 * melt)
    elif req.has("melting"):
        melt = _melting_point(req)
        quench = req.has("cooling", "solidification") or req.phase == "amorphous"
        if melt is not None and quench:
            c["temp_peak_min"] = melt  # melted on the way...
            c["temp_final_max"] = melt  # ...and cooled below the melting point at the end
        elif melt is not None:
            c["temp_final_min"] = melt
        if not quench or req.phase == "amorphous":
            c["disordered"] = {"min": 0.5}
    elif req.has("heating") and len(temps) >= 2 and temps[-1] > temps[0]:
        c["temp_rise"] = 0.5 * (temps[-1] - temps[0])
    if req.has("cooling", "solidification") and not req.has("melting"):
        if len(temps) >= 2 and temps[0] > temps[-1]:
            c["temp_drop"] = 0.5 * (temps[0] - temps[-1])
        else:
            c["temp_drop"] = 0.0
    if req.has("minimize") and not set(req.processes) - {"minimize", "vacancy", "surface", "equilibrate", "density"}:
        c.pop("temperature", None)


def _melting_point(req: Request) -> float | None:
    """How hot a melting run must end: the named element's melting point (the lowest of an
    alloy's), or the temperature the user asked for if it is higher."""
    if req.lj:
        return None
    points = [element(e).melting_K for e in req.elements if element(e) and element(e).melting_K]
    if not points:
        return None
    return min(points)
