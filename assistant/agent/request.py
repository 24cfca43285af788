"""What the user asked, read from their words: materials, the process, numbers with their
units, files. It keeps the raw text and never decides the script; it only says what must be
true of any script that does what was asked (the physics checks read it, independently of the
plan and the builder, so that one can catch the other's misreading).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import ase.data

from simulations.engine.units import KB

from .facts import NOBLE_LJ, NONMETALS

# Element symbols written in a request. Two-letter symbols are unambiguous; of the one-letter
# ones only those common in MD (and never English words on their own) are read as symbols.
# Symbols from einsteinium (Z = 99) on are never simulated by MD and are common abbreviations there ("Rg"
# the radius of gyration, "Cn" a coordination number, "Ds", "Mc", "Ts"): not read as elements.
SYMBOL_MAX_Z = 98
_SYMBOLS = set(ase.data.chemical_symbols[1 : SYMBOL_MAX_Z + 1])
_AMBIGUOUS = {"Tm", "I", "In", "As", "Be", "No", "At", "He", "Am", "Es", "Pa", "Mt", "S", "P", "U", "V", "K", "B", "Y",
              "F", "N", "O", "H", "W", "C"}  # fmt: skip
# Element symbols that are read in lower case too, when nothing else names a material: none is an
# English word or a common abbreviation ("in", "as", "at", "be", "no", "pt" for point are not here).
LOWERCASE_SYMBOLS = ("cu", "si", "fe", "ni", "ti", "zr", "mg", "au", "ag", "pd", "ge", "ta", "mo", "cr", "nb", "zn",
                     "kr", "xe", "hf", "ru", "rh", "ir", "sic", "gan")  # fmt: skip
# Compounds typed in lower case without a number ("zno nanowire"); with a number any formula is read ("sio2").
LOWERCASE_COMPOUNDS = ("zno", "mgo", "nacl", "kcl", "gaas", "zns", "cdte", "cdse", "nial", "tial", "feal", "cuzr",
                       "nicr", "fecr", "wc", "tic")  # fmt: skip
# Words for elements and materials (besides ASE's element names).
MATERIAL_WORDS = {
    "aluminum": ["Al"], "aluminium": ["Al"], "argon": ["Ar"], "steel": ["Fe"], "iron": ["Fe"],
    "graphene": ["C"], "graphite": ["C"], "diamond": ["C"], "nanotube": ["C"], "cnt": ["C"], "carbon": ["C"],
    "silicon carbide": ["Si", "C"], "silica": ["Si", "O"], "quartz": ["Si", "O"], "alumina": ["Al", "O"],
    "salt": ["Na", "Cl"], "h-bn": ["B", "N"], "hbn": ["B", "N"], "boron nitride": ["B", "N"], "water": ["H", "O"], "ice": ["H", "O"], "brass": ["Cu", "Zn"], "bronze": ["Cu", "Sn"],
    "methane": ["C", "H"], "hydrocarbon": ["C", "H"], "polyethylene": ["C", "H"], "gallium nitride": ["Ga", "N"],
}  # fmt: skip
_NAMES = {name.lower(): sym for sym, name in zip(ase.data.chemical_symbols, ase.data.atomic_names, strict=True)
          if sym and name}  # fmt: skip

# Process words -> process key. Order matters only for display.
PROCESS_WORDS: list[tuple[str, str]] = [
    (
        r"\bmelt(s|ing|ed)\b|\bliquef|(^|[.;:,!?]\s*|\b(and|then|to|please|you|we|i|let's|should|can|could|will|"
        r"would)\s+)melt\b",
        "melting",
    ),
    (
        r"\bcoexist|\btwo[- ]phase (method|simulation|approach|set-?up)|solid[- ]liquid interface (method|simulation)|"
        r"liquid[- /]+(vapou?r|gas)\b|\b(vapou?r|gas)[- /]+liquid\b|\bsurface tension of (a |the )?(\w+ )?liquid",
        "coexistence",
    ),
    (r"\bsolidif|\bfreez|\bcrystalli[sz]|\bcrystal growth|\bunder-?cool|\bsuper-?cool", "solidification"),
    (r"\bquench|\bcool(s|ing|ed)?\b( down)?|\banneal|\bramp(s|ing|ed)? (it |the temperature |t )?down", "cooling"),
    (
        r"\bheat(s|ing|ed)?\b(?! (flux|conduct|transport|current|capacity|baths?|sinks?|sources?))|\bwarm(s|ing|ed)?\b|"
        r"(?<!pressure )\bramp(s|ing|ed)?\b(?! (it |the temperature |t )?down)(?!.{0,40}\b(strain|pressure|[gmk]?pa|k?bar)\b)",
        "heating",
    ),
    (
        r"\bsputter(ing|ed)?\s+(yield|of|by|from|rate)\b|\bsputtering\b(?![^.;]{0,30}\b(deposit|film|grow))|"
        r"\bion (beam|bombard\w*|irradiat\w*|impacts?|implant\w*)|\bions?\s+(bombard|hit|irradiat|impinge|strik)\w*|"
        r"\b(bombard|irradiat)\w*\s+(\w+\s+){0,4}(with|by)\s+(\d+\s*k?ev\s+)?\w+\s+ions?\b|"
        r"\b(implant\w*)\s+(\w+\s+){0,3}ions?\b",
        "sputtering",
    ),
    (
        r"\bdeposit|\bsputter|vapou?r deposition|\bfilm growth|\bepitax\w*|\b(homo|hetero)epitax\w*|"
        r"\b\d+(\.\d+)?\s*(ml|monolayers?)\b[^.;]{0,30}\bon\b|\bgrow(ing|th)? a (thin )?film|\bgrow\w*\s+(\w+\s+){0,2}"
        r"on(to)?\b|\bdrop(s|ping|ped)?\s+(\w+\s+){0,3}atoms|\batoms?\s+(\w+\s+){0,2}(one by one|one at a time)",
        "deposition",
    ),
    (
        r"\bcascades?\b|\bpka\b|primary knock|knock-?on atom|radiation damage|displacement spike",
        "cascade",
    ),
    (
        r"\bimpact|\bprojectile|\bbombard|\bcollision|\bcollide|\bshoot|\bbullet|\bhits? |\bhitting\b|\bstrik(e|es|ing)\b",
        "impact",
    ),
    (r"\bcrack|\bfracture(?! (strain|stress|strength|point))|\bnotch", "crack"),
    (
        r"\bindent|\bnano-?indent|\b(tip|indenter|probe)\b[^.;]{0,40}\b(press\w*|push\w*|driven|lowered)\s+(in)?to\b|"
        r"\b(press\w*|push\w*)\s+(a\s+|the\s+)?(\w+\s+){0,3}(tip|indenter|probe)\b|\bload[- ]vs\.?[- ]depth|"
        r"\bload[- ]depth\b|\bnanohardness|\bhardness\b",
        "indentation",
    ),
    (r"\bpoiseuille|\bcouette|\bflow\b|\bflowing|\bchannel flow|\bpipe flow", "flow"),
    (r"\bshear(?!\s+viscosit)", "shear"),
    (
        r"\btensile|(?<!surface )(?<!interfacial )\btension|\bstretch|\bpull(ing|ed)?\b|\belongat|\buniaxial (strain|load)",
        "tension",
    ),
    (r"\bcompress(ion|ing|ed)?\b(?!ib)", "compression"),
    (
        r"equation of state|\beos\b|\bp-?v (curve|relation|data|isotherm)|birch[- ]murnaghan|\bvinet\b|"
        r"hydrostatic (pressure|compression|loading)|pressure ramp|\bramp(s|ing)? (up )?the pressure",
        "compression",
    ),
    (r"diffusion couple|\binter-?diffusion|\bbilayer\b", "interdiffusion"),
    (r"\bdiffus|\bmsd\b|mean[- ]squared? displacement|\bself-diffusion", "diffusion"),
    (r"\brdfs?\b|radial distribution|\bg\(r\)|pair (correlation|distribution) function", "rdf"),
    (
        r"\bkapitza|thermal (boundary|interface|contact) (resistance|conductance)|"
        r"interfac\w* thermal (resistance|conductance)",
        "kapitza",
    ),
    (r"thermal conductiv|heat conduct|\bkappa\b|phonon transport|heat transport|heat flux", "thermal_conductivity"),
    (r"\bviscosit", "viscosity"),
    (r"\bvacanc", "vacancy"),
    (r"stacking[- ]faults?|\bgsfe\b|\bsfe\b|generali[sz]ed stacking", "stacking_fault"),
    (r"surface energy|\bslab\b|free surface|\bsurfaces?\b", "surface"),
    (r"nano[- ]?particle|nanocluster|\bcluster\b|\bdroplet|nano[- ]?sphere|core[- ]shell|\bsinter", "nanoparticle"),
    (
        r"\bgranular|\bgrains? (pour|flow|pack)|\bsand\b|\bpowder|\bpour(ing|ed)?\b|\bbeads? (pour|pile|settl)",
        "granular",
    ),
    (r"\bminimi[sz]|cohesive energy|energy minimum|lattice constant (optimi|relax)|relax(ed)? structure", "minimize"),
    (r"elastic constant|bulk modulus|young'?s modulus|stiffness tensor", "elastic"),
    (r"\bshock|\bpiston\b|hugoniot|\bmsst\b|\bflyer", "shock"),
    (r"\bfriction|\bsliding|\bslides?\b|\btribolog|\bwear\b|stick[- ]slip", "friction"),
    (
        r"(?<!surface )free energy|thermodynamic integration|\bumbrella sampling|\bmetadynamics|"
        r"potential of mean force|\bpmf\b",
        "free_energy",
    ),
    (
        r"atom/swap|\b(mc|monte[- ]carlo) (atom |type )?swaps?|\bhybrid (md[- /]?mc|mc[- /]?md)\b|\b(md[- /]mc|mc[- /]md)\b|\bswap(s|ping)? (of )?atoms?\b|"
        r"\batom swaps\b",
        "mc_swap",
    ),
    (
        r"\btwin (boundar|plane)\w*|\bnano-?twin\w*|grain[- ]boundar|\bbicrystal|\btilt (gb|boundary)|\bsigma ?\d+\s*\(|\bσ ?\d+",
        "grain_boundary",
    ),
    (
        r"\b(gb|grain[- ]boundary) (mobility|migration|motion)|\borient/(fcc|bcc|eco)|synthetic driving force",
        "gb_migration",
    ),
    (r"nano[- ]?tubes?\b|\bcnts?\b|\bswcnt|\bmwcnt|\(\d+, ?\d+\) (carbon )?(nano)?tube", "nanotube"),
    (
        r"\b(self-?)?interstitials? (diffusion|migration|formation|atoms?|defects?|cluster|loop)|\binterstitials? in\b|"
        r"\bdumbbell interstitial|\binsert(ed)? an? (extra|additional) atom",
        "interstitial",
    ),
    (r"\bcreep\b|constant (uniaxial |tensile |compressive |applied )?(stress|load)\b", "creep"),
    (
        r"\bfatigue\b|\bcyclic (load\w*|tension|compression|strain\w*|deform\w*)|\bwiggle\b|"
        r"tension[- ]compression cycl\w*|\b\d+\s+(loading |strain |deformation )?cycles\b",
        "cyclic",
    ),
    (r"\bnano-?crystalline\b|\bpoly-?crystal\w*|\bvoronoi\b|\bgrain size\b", "polycrystal"),
    (r"\bgcmc\b|grand[- ]canonical|adsorption isotherm|\bisotherm of\b", "gcmc"),
    (
        r"\b(edge|screw|mixed|single|an?|one|the)\s+(\d/\d\s*<\d+>\s+)?(edge\s+|screw\s+)?dislocations?\b(?!\s+emission)|"
        r"\bdislocation (velocity|mobility|glide|core|dipole|loop|pinning|climb)|\bpeierls",
        "dislocation",
    ),
    (r"\bneb\b|nudged elastic band|minimum energy path|(migration|diffusion|energy) barrier", "neb"),
    (
        r"\bphonons?\b(?!\s+(transport|thermal|heat|conduct|scatter|mean free))|dispersion relation|"
        r"vibrational (density|spectrum)|\bvdos\b|\bvacf\b|velocity auto-?correlation",
        "phonon",
    ),
    (
        r"thermal expansion|expansion coefficient|\bcte\b|"
        r"(lattice (constant|parameter)s?|\ba and c\b|\bc/a\b)[^.;]{0,40}\b(vs\.?|versus|with|as a function of|change)"
        r"[^.;]{0,20}\btemperature",
        "thermal_expansion",
    ),
    (r"\bequilibrat|\bthermali[sz]", "equilibrate"),
    (r"\bdensity\b", "density"),
]
PHASE_WORDS = [(r"\bliquid|\bmolten|\b(polymer|a|the|an?\s+\w+)\s+melt\b", "liquid"), (r"\bgas\b|\bvapou?r\b", "gas"),
               (r"\bamorphous|\bglass", "amorphous"),
               (r"\bsolid\b|\bcrystal|\blattice\b|\bbulk\b|\bfcc\b|\bbcc\b|\bhcp\b|\bdiamond (lattice|structure)", "solid")]  # fmt: skip
ENSEMBLE_WORDS = [
    (r"\blangevin\b", "langevin"),
    (r"\bnpt\b|isothermal[- ]isobaric|constant pressure|\bbarostat", "npt"),
    (r"\bnph\b", "nph"),
    (r"\bnve\b|microcanonical|constant energy|energy (is )?conserv", "nve"),
    (
        r"\bnvt\b|nos[eé][- ]hoover|\bcanonical\b|constant temperature|\bthermostat|(constant|fixed) (volume|area)|"
        r"(volume|area|box) (fixed|constant)",
        "nvt",
    ),
]
# A thermostat on part of the system (the boundary layers of a cascade, an indentation or an impact):
# the rest runs NVE, so it names no ensemble.
LOCAL_THERMOSTAT = re.compile(
    r"(\b(langevin|nos[eé][- ]hoover|berendsen)\s+)?(thermostat\w*\s+)?(\w+\s+){0,2}(only\s+)?(on|near|at|in)\s+"
    r"(the\s+)?(box\s+)?(edges?|boundar(y|ies)|borders?|sides|outer\s+(layers?|shell)|bottom|boundary\s+atoms)"
    r"(\s+(atoms|layers?|regions?))?(\s+only)?"
)
# Thermostats that rescale velocities (fix nve + fix temp/...), named instead of Nose-Hoover.
THERMOSTAT_WORDS = [(r"\bberendsen\b(?!\s+barostat)", "berendsen"),
                    (r"\bcsvr\b|bussi|stochastic velocity rescal|canonical sampling through velocity", "csvr"),
                    (r"velocity rescal|\brescal\w* (the )?velocit|temp/rescale", "rescale")]  # fmt: skip
NUM = r"(-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)"
STRAIN_RATE_PER_S = (1.0e3, 1.0e13)  # a number per second in this range, with no other words, is a strain rate

# Words whose misspellings are worth correcting (users type fast): element and material names and
# the process and quantity words the reader looks for. Only words of six letters or more that are
# not themselves in this vocabulary are corrected, and only to a close match.
_DOMAIN_WORDS = sorted(
    {n for n in _NAMES if len(n) >= 6} | {w for w in MATERIAL_WORDS if " " not in w and len(w) >= 6}
    | set("""compress compressed compression compressing tensile tension stretch pressure temperature parameter
    parameters coefficient coefficients diffusion diffusivity viscosity conductivity deposition deposit deposited
    indentation indenter equilibrate equilibrium equilibration thermostat barostat lattice crystal crystalline liquid
    melting melted solidify solidification nanoparticle minimize minimise minimization vacancy vacancies surface
    simulation simulate simulated density energy constant fracture amorphous quench cooling heating anneal
    temperatures pressures molten polyethylene polymer polymers polystyrene nanotube nanotubes nanowire
    nanocrystalline polycrystalline dislocation interstitial sputtering cascade granular""".split())
)  # fmt: skip


def correct_spelling(low: str) -> str:
    """'alumnium' -> 'aluminium', 'compres' -> 'compress', 'presure' -> 'pressure' (lower-case text)."""
    import difflib

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if len(word) < 6 or any(word.removesuffix(end) in _DOMAIN_SET for end in ("", "s", "es", "ed", "d", "ing")):
            return word
        close = difflib.get_close_matches(word, _DOMAIN_WORDS, n=1, cutoff=0.86)
        return close[0] if close else word

    return re.sub(r"[a-z]+", fix, low)


_DOMAIN_SET = set(_DOMAIN_WORDS)


def _num(text: str) -> float:
    text = text.replace("\u2212", "-")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    return float(text.replace(",", "."))


def _count(text: str) -> int:
    """'10,000', '1e5', '100k', '2 million' -> int."""
    t = text.lower().replace(",", "").strip()
    mult = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1000)):
        if t.endswith(word):
            return int(round(float(t.removesuffix(word).strip()) * factor))
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(round(float(t) * mult))


@dataclass
class Request:
    text: str
    elements: list[str] = field(default_factory=list)  # every element named, in order of mention
    materials: list[str] = field(default_factory=list)  # the words that named them
    lj: bool = False  # a Lennard-Jones model system ("LJ fluid", reduced units)
    phase: str | None = None
    processes: list[str] = field(default_factory=list)
    temperatures: list[float] = field(default_factory=list)  # K, or reduced when lj (in order of mention)
    pressure_bar: float | None = None
    pressure_reduced: float | None = None
    steps: int | None = None
    duration_ps: float | None = None
    hold_ps: float | None = None  # a later hold: "ramp to 1500 K over 500 ps, then hold for 100 ps"
    every: dict = field(default_factory=dict)  # output intervals in steps: {"dump": 1000, "thermo": 100}
    timestep_fs: float | None = None
    timestep_reduced: float | None = None
    natoms: int | None = None
    cells: tuple[int, int, int] | None = None
    size_nm: float | None = None
    speed_A_per_ps: float | None = None  # projectile / wall speed
    speed_reduced: float | None = None  # a wall's speed in LJ units (sigma/tau): "top wall moves at 1.0"
    energy_eV: float | None = None  # projectile / deposited-atom energy
    ion: str | None = None  # the element of the ions that bombard a surface (sputtering)
    strain_rate_per_ps: float | None = None
    strain: float | None = None  # the total strain asked for (0.1 = 10 %)
    dimension: int = 3
    units: str | None = None  # named explicitly
    ensemble: str | None = None  # named explicitly
    thermostat: str | None = None  # a named velocity-rescaling thermostat: berendsen | csvr | rescale
    lattice: str | None = None  # named explicitly
    lattice_constant: float | None = None
    density: float | None = None  # reduced (lj) or g/cm3
    outputs: list[str] = field(default_factory=list)  # rdf msd dump
    data_files: list[str] = field(default_factory=list)  # files the user refers to as theirs
    output_files: dict = field(default_factory=dict)  # {name: what goes in it} for files the user names
    potential_file: str | None = None
    pair_style: str | None = None  # named: eam, tersoff, sw, lj/cut, meam, airebo, reaxff
    repulsive_only: bool = False
    sheet: str | None = None  # a two-dimensional material named: "graphene"
    chains: tuple[int, int] | None = None  # bead-spring polymer: (number of chains, beads per chain)
    two_particles: bool = False  # sintering / coalescence of two particles side by side
    water: str | None = None  # liquid water asked for: the rigid model named (spce, tip3p, tip4p2005), else spce
    surface: str | None = None  # Miller index of a named surface: "111", "110", "100"
    core_shell: tuple[str, str] | None = None  # (core element, shell element)
    core_radius_nm: float | None = None
    wants_zbl: bool = False  # a hard repulsive core asked for (high-energy collisions)
    epsilon: float | None = None  # in the script's energy unit (reduced for LJ)
    epsilon_K: float | None = None  # a well depth given as epsilon/k_B in K
    temperature_step: float | None = None  # K: "from 100 to 1200 K every 100 K"
    temperature_rate: float | None = None  # K/ps of a heating or cooling ramp: "quench at 10^12 K/s"
    sigma: float | None = None
    cutoff: float | None = None
    lj_pairs: dict = field(default_factory=dict)  # {"ab": {"epsilon": .., "sigma": ..}} of an LJ mixture

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def flat(self) -> str:
        return " ".join(self.text.split())

    def has(self, *processes: str) -> bool:
        return any(p in self.processes for p in processes)

    @property
    def liquid_vapour(self) -> bool:
        """Coexistence of a liquid and its vapour (a slab with vapour beside it), not solid and liquid."""
        return self.has("coexistence") and bool(re.search(LIQUID_VAPOUR, self.flat, re.I))


LIQUID_VAPOUR = r"\bvapou?r|\bgas\b|surface tension|\bevaporat|\bboil"


def water_model(low: str) -> str | None:
    """The rigid water model a request asks for: SPC/E, TIP3P or a TIP4P variant (TIP4P/2005); SPC/E when
    water is asked for without a model. None when there is no water (ice and steam are not this model's)."""
    if re.search(r"\btip4p", low):
        return "tip4p2005"
    if re.search(r"\btip3p", low):
        return "tip3p"
    if re.search(r"\bspc(/?e)?\b", low):
        return "spce"
    if re.search(r"\bwater\b", low) and not re.search(r"\bice\b|\bsteam\b|\bvapou?r\b", low):
        return "spce"
    return None


def powers_of_ten(text: str) -> str:
    """'10^12' -> '1e12', '5 x 10^8' -> '5e8', '10^-3' -> '1e-3' (users write rates and counts this way)."""
    text = re.sub(r"(\d+(?:\.\d+)?)\s*[x×*]\s*10\s*\^\s*\(?([-+]?\d+)\)?", r"\1e\2", text)
    return re.sub(r"(?<![\d.])10\s*\^\s*\(?([-+]?\d+)\)?", r"1e\1", text)


def read(text: str) -> Request:
    """Read a request (one line or many)."""
    req = Request(text=text.strip())
    flat = req.flat
    low = powers_of_ten(correct_spelling(flat.lower()))
    _materials(req, flat, low)
    _model(req, low)
    req.water = water_model(low)
    req.two_particles = bool(
        re.search(
            r"\bsinter|\bcoalesc|\btwo (\w+ ){0,2}(nano[- ]?particles|clusters|spheres)|"
            r"\bpair of (\w+ )?(nano[- ]?particles|clusters)|\bnano[- ]?particle with an? ",
            low,
        )
    )
    req.processes = [key for pattern, key in PROCESS_WORDS if re.search(pattern, low)]
    if (
        "melting" in req.processes
        and re.search(r"\bmelting (point|temperature)", low)
        and not re.search(r"\bmelt(s|ing)? (the|a|some|it)\b|\bmelt\b|melting (of|simulation|process)", low)
    ):  # "find the melting point" is still melting; "below the melting point" is not
        if re.search(r"below (the|its) melting", low):
            req.processes.remove("melting")
    for pattern, phase in PHASE_WORDS:
        if re.search(pattern, low):
            req.phase = phase
            break
    whole = LOCAL_THERMOSTAT.sub(" ", low)  # a thermostat on the edge atoms only is not the run's ensemble
    for pattern, ens in ENSEMBLE_WORDS:
        if re.search(pattern, whole):
            req.ensemble = ens
            break
    for pattern, kind in THERMOSTAT_WORDS:
        if re.search(pattern, low):
            req.thermostat = kind
            req.ensemble = req.ensemble if req.ensemble in {"npt", "nph"} else "nvt"
            break
    if re.search(r"\bminimi[sz]", low) and req.ensemble is None:
        req.ensemble = "minimize"
    _numbers(req, flat, low)
    m = re.search(r"(\d+)\s*(?:polymer\s+)?chains?\s*(?:x|×|\*|of|with|each of)\s*(\d+)\s*(?:beads|monomers|units|segments)?", low) \
        or re.search(r"(\d+)\s*chains?\b[^.;]{0,30}?\b(?:n|length)\s*=?\s*(\d+)", low)  # fmt: skip
    if m:
        req.chains = (int(m.group(1)), int(m.group(2)))
        req.natoms = req.chains[0] * req.chains[1]
    if "sputtering" in req.processes:  # ions hitting a surface: not deposition, an impact template or a surface energy
        req.processes = [p for p in req.processes if p not in ("deposition", "impact", "surface")]
        req.ion = _ion(req, flat)
    if "cooling" in req.processes and len(req.temperatures) < 2 and not re.search(r"\bquench|\bcool", low):
        req.processes.remove("cooling")  # "anneal at 500 K" is a hold at 500 K, not a cooling ramp
    if "creep" in req.processes:  # "a tensile stress of 1 GPa": held constant, not a strain rate
        req.processes = [p for p in req.processes if p not in ("tension", "compression")]
    _files(req, flat)
    _outputs(req, low)
    _output_files(req, flat)
    if re.search(r"\b2d\b|two[- ]dimension|\b2-d\b|in 2 dimensions|monolayer of disks", low):
        req.dimension = 2
    m = re.search(r"\((1\s*1\s*1|1\s*1\s*0|1\s*0\s*0|0\s*0\s*1|0\s*1\s*0)\)|\{(111|110|100|001)\}", low)
    if m:
        req.surface = re.sub(r"\s", "", m.group(1) or m.group(2)).replace("001", "100").replace("010", "100")
    m = re.search(r"\b([a-z]+|[A-Z][a-z]?)\s+core\b.*?\b(?:with\s+an?\s+|and\s+an?\s+)?([a-z]+|[A-Z][a-z]?)\s+shell\b",
                  flat, re.I)  # fmt: skip
    if m:
        core, shell = (_NAMES.get(m.group(i).lower(), m.group(i)) for i in (1, 2))
        if core in _SYMBOLS and shell in _SYMBOLS:
            req.core_shell = (core, shell)
            cm = re.search(r"core\s*\(?\s*(?:radius|r)\s*(?:of\s*|=\s*)?" + NUM + r"\s*(nm|a\b|å|angstrom)", low)
            if cm:
                req.core_radius_nm = _num(cm.group(1)) * (1.0 if cm.group(2) == "nm" else 0.1)
    m = re.search(r"\b(fcc|bcc|hcp|diamond|sc)\b(?: lattice| structure| crystal)?", low)
    if m and not (
        m.group(1) == "diamond"
        and "diamond" in req.materials
        and not re.search(r"diamond (lattice|structure|cubic)", low)
    ):
        req.lattice = m.group(1)
    req.wants_zbl = bool(re.search(r"\bzbl\b|ziegler|repulsive core|short[- ]range (part|repulsion)", low)) or \
        (req.energy_eV or 0) >= 100  # fmt: skip
    if re.search(r"\bgraphene\b", low):
        req.sheet = "graphene"
    req.repulsive_only = bool(
        re.search(r"\bwca\b|weeks[- ]chandler|purely repulsive|repulsive[- ]only|soft spheres?|hard spheres?", low)
    )
    return req


def _materials(req: Request, flat: str, low: str) -> None:
    """Elements in order of mention, from material words, element names, formulas and symbols."""
    found: list[tuple[int, list[str], str]] = []
    for word, symbols in MATERIAL_WORDS.items():
        for m in re.finditer(rf"\b{word}s?\b", low):
            if word == "diamond" and re.match(r"diamond[- ](cubic|lattice|structure)", low[m.start() :]):
                continue
            if word == "salt" and re.search(r"rock[- ]?$", low[: m.start()]):
                continue  # the rock-salt structure (MgO), not NaCl
            found.append((m.start(), symbols, word))
    for name, sym in _NAMES.items():
        for m in re.finditer(rf"\b{name}\b", low):
            if name == "lead" and re.match(r"lead(s|ing)? to\b", low[m.start() :]):
                continue
            written = [w.group(0) for w in re.finditer(rf"\b{name}\b", flat, re.I)]
            if written and all(re.search(r"[A-Z]", w[1:]) for w in written):
                continue  # a formula written in capitals ("TiN" is titanium nitride, not tin)
            found.append((m.start(), [sym], name))
    # Formulas and symbols: NiAl, Cu50Zr50, Ni3Al, SiC, "Cu", CuNi
    for m in re.finditer(r"(?<![A-Za-z])((?:[A-Z][a-z]?\d*(?:\.\d+)?){1,6})(?![a-z])", flat):
        token = m.group(1)
        parts = re.findall(r"([A-Z][a-z]?)\d*(?:\.\d+)?", token)
        if not parts or not all(p in _SYMBOLS for p in parts):
            continue
        if len(parts) == 1 and parts[0] in _AMBIGUOUS and not _symbol_in_context(flat, token):
            continue
        if len(parts) == 1 and _cited(flat, token):
            continue  # an author ("EAM Ta from Ravelo or Li", "Li et al."), not lithium
        if token in ("Tm", "Tg") and re.match(r"\s*(is|=|~|≈|:|of|\(|around|about|approx)", flat[m.end() :]):
            continue  # the melting or glass temperature ("Tm is ~25 K"), not thulium
        if len(parts) > 1 and all(len(p) == 1 for p in parts) and not re.search(r"\d", token):
            continue  # an abbreviation ("SW", "NPH", "BB"), not a formula (CH4, H2O have their numbers)
        before = flat[m.start() - 1] if m.start() else " "
        if re.match(r"[._][A-Za-z0-9]", flat[m.end() : m.end() + 2]) or before in "_.":
            continue  # part of a file name (CH.airebo, Cu_u3.eam) or an identifier (eps_AB)
        if _structure_name(flat, m.start(), token, parts):
            token = STRUCTURE_MARK + token  # kept only if nothing else names a material
        found.append((m.start(), parts, token))
    for m in re.finditer(r"\b([A-Z][a-z]?)\s*[-/]\s*([A-Z][a-z]?)\b", flat):  # "Fe-Cr", "Cu/Ni"
        if m.group(1) in _SYMBOLS and m.group(2) in _SYMBOLS:
            if m.group(1) in _AMBIGUOUS and m.group(2) in _AMBIGUOUS:
                continue  # quantities ("a P-V curve", "T-P diagram"), not a pair of elements
            found.append((m.start(), [m.group(1), m.group(2)], m.group(0)))
    # "diamond" next to another material is the structure ("a diamond Si slab"), not carbon
    others = {sym for _, symbols, word in found if word != "diamond" for sym in symbols}
    if others - {"C"} and "C" not in others:
        found = [f for f in found if f[2] != "diamond"]
    named = {sym for _, symbols, word in found if not word.startswith(STRUCTURE_MARK) for sym in symbols}
    found = [(at, symbols, word.removeprefix(STRUCTURE_MARK)) for at, symbols, word in found
             if not word.startswith(STRUCTURE_MARK) or not named - set(symbols)]  # fmt: skip
    if not found:  # typed in lower case: "si tension test", "ni at 800K" (symbols that are not English words)
        found = [(m.start(), [m.group(1).capitalize()], m.group(1)) for m in re.finditer(
            rf"(?<![\w.])({'|'.join(LOWERCASE_SYMBOLS)})(?![\w.])", flat)]  # fmt: skip
        for m in re.finditer(rf"(?<![\w.])([a-z]+\d[a-z\d]*|{'|'.join(LOWERCASE_COMPOUNDS)})(?![\w.])", flat):
            parts = lowercase_formula(m.group(1))
            if parts:
                found.append((m.start(), parts, m.group(1)))
    for _, symbols, word in sorted(found, key=lambda t: t[0]):
        for s in symbols:
            if s not in req.elements:
                req.elements.append(s)
        if word not in req.materials:
            req.materials.append(word)


STRUCTURE_MARK = "structure:"


def _structure_name(flat: str, at: int, token: str, parts: list[str]) -> bool:
    """A structure named like an element: Strukturbericht types ("B2 NiAl", "B19' martensite", "C15 Laves")
    and beta-Sn (the high-pressure phase of Si and Ge)."""
    if len(parts) != 1:
        return False
    if re.fullmatch(r"[BC]\d{1,2}", token) and token not in ("C60", "C70"):
        return True
    return token == "Sn" and bool(re.search(r"(beta|β)[- ]?$", flat[:at], re.I))


def lowercase_formula(token: str) -> list[str] | None:
    """The elements of a formula typed in lower case ("sio2" -> Si, O; "co2" -> C, O; "al2o3" -> Al, O): a
    compound rather than one element, the reading with the fewest symbols, and of equal ones the one with more
    non-metals."""
    readings: list[list[str]] = []

    def split(rest: str, parts: list[str]) -> None:
        if not rest:
            readings.append(parts)
            return
        for n in (2, 1):
            sym = rest[:n].capitalize()
            if len(rest) >= n and sym in _SYMBOLS:
                digits = re.match(r"\d*", rest[n:]).group(0)
                split(rest[n + len(digits) :], parts + [sym])

    if re.fullmatch(r"tip\d+p\w*|spc\w*|c\d\d", token):  # water models, elastic constants
        return None
    split(token, [])
    readings = [r for r in readings if len(set(r)) > 1]  # one symbol with a number ("c11", "b2") is no formula
    if not readings:
        return None
    # the fewest symbols ("co2" is CO2, not C-O-O), then more non-metals
    best = min(readings, key=lambda r: (len(r), -sum(e in NONMETALS for e in r)))
    return list(dict.fromkeys(best))


def _cited(flat: str, token: str) -> bool:
    """A symbol that is a surname in a citation: "Li et al.", "Li (2019)", "from Ravelo or Li", "by Lee and Li"."""
    t = re.escape(token)
    return bool(
        re.search(rf"\b{t}\s+(et\.?\s+al|\(?(19|20)\d\d\b)", flat)
        or re.search(rf"\b(from|by)\s+([A-Z][a-z]+\s+(or|and|&)\s+)?{t}\b(?!\s+(atoms?|ions?)\b)", flat)
    )


def _symbol_in_context(flat: str, token: str) -> bool:
    """A one-letter or word-like symbol counts only in a chemical context ('C atoms', 'W crystal',
    'bcc W', 'Ar at 85 K', 'Si(100)')."""
    ctx = r"(?i:atoms?|crystal|lattice|slab|film|surface|substrate|nanoparticles?|clusters?|projectile|target|bulk|" \
          r"melt|liquid|solid|gas|fcc|bcc|hcp|diamond|eam|tersoff|sw|potential|system|sample|block|wire|bubbles?|" \
          r"impurit\w*|interstitials?|dopants?|solutes?|ions?|adatoms?|cascades?|pka|\(\d{3}\))"  # fmt: skip
    t = re.escape(token)
    # the context words in any case, the symbol only as written ("melt at 2000 K" is not astatine)
    near = rf"\b{t}-(?i:terminated|passivated|saturated|capped)\b|\b{t}\s+{ctx}\b|\b{ctx}\s+((?i:of)\s+)?{t}\b|\b{t}\(\d{{3}}\)|\b{t}\s+(?i:at)\s+\d"
    placed = rf"\b(in|into|on|onto|of|and|with)\s+{t}(?=\s*([.,;:)]|$)|\s+(at|with|and|under|using|for)\b)"
    if re.search(rf"\d\s*{t}\b|\b{t}\s*=", flat):  # a unit (300 K) or a variable (P = 1 bar)
        return False
    quantity = r"(U[sp]|T|V|E|rho|density|temperature|volume|energy|stress|pressure|velocity|speed)"
    if re.search(rf"\b{quantity}\s*(,|and|&)\s*{t}\b|\b{t}\s*(,|and|&)\s*{quantity}\b", flat):
        return False  # "the Hugoniot state (Us and P)": a list of quantities
    return bool(re.search(near, flat) or re.search(placed, flat)) \
        and not re.search(rf"(^|[.!?]\s+){t}\s+(is|was|will|can|should|would)\b", flat)  # fmt: skip


# A bead-spring (Kremer-Grest) polymer model: reduced LJ units, WCA beads.
BEAD_SPRING_WORDS = r"kremer|bead[- ]spring|\bfene\b"


def _model(req: Request, low: str) -> None:
    mentions_lj = bool(re.search(r"lennard[- ]jones|\blj\b|kremer|bead[- ]spring", low))  # bead-spring: LJ units
    reduced = bool(
        re.search(r"reduced units|\blj units|units lj|\bt\*|\bp\*|\brho\*|reduced (density|temperature)", low)
    )
    # A Lennard-Jones model system in reduced units; LJ parameters for a named material (argon,
    # ions in real units) are that material's model, not an LJ system.
    req.lj = reduced or (mentions_lj and not req.elements and not re.search(r"real units|metal units", low))
    if re.search(r"\breal units\b|units real|in real units|kcal/mol", low):
        req.units = "real"
    elif re.search(r"\bmetal units\b|units metal", low):
        req.units = "metal"
    elif re.search(r"\blj units\b|units lj|reduced units", low):
        req.units = "lj"
    for pattern, style in [(r"\beam\b|embedded[- ]atom", "eam"), (r"tersoff", "tersoff"),
                           (r"stillinger|\bsw potential|\bsw\b", "sw"), (r"\bmeam\b", "meam"),
                           (r"airebo|\brebo\b", "airebo"), (r"reax", "reaxff"),
                           (r"lennard[- ]jones|\blj\b", "lj/cut")]:  # fmt: skip
        if re.search(pattern, low):
            req.pair_style = style
            break
    m = re.search(r"\b([A-Za-z0-9_.-]+\.(?:eam(?:\.alloy|\.fs)?|tersoff|sw|meam|adp|airebo|snap\w*))\b", req.flat)
    if m:
        req.potential_file = m.group(1)


def _unsigned_after_digit(low: str, m: re.Match) -> float:
    """The number of a match; a minus sign right after a digit is a range dash ("300-700 K"), not a sign."""
    value = _num(m.group(1))
    return -value if value < 0 and m.start() > 0 and low[m.start() - 1].isdigit() else value


def _numbers(req: Request, flat: str, low: str) -> None:
    # temperatures: 300 K, 300K, 300 kelvin, 25 °C, T* = 1.5, T=0.8 (lj)
    temps = []
    for m in re.finditer(NUM + r"\s*(?:k\b|kelvin|°\s*k)", low):
        after, before = low[m.end() : m.end() + 14], low[max(0, m.start() - 24) : m.start()]
        if re.match(
            r"\s*(md\s+|time\s*)?(steps?|timesteps?|atoms?|particles?|iterations?|frames?|molecules?)\b", after
        ):
            continue  # "10k steps" is a count
        rate = re.match(r"\s*(/|per\s+)\s*(s|ps|ns|fs|sec|second|picosecond|nanosecond)\b", after)
        if rate:  # "1e13 K/s" is a cooling rate
            unit = rate.group(2)
            per_ps = {"s": 1e-12, "sec": 1e-12, "second": 1e-12, "ns": 1e-3, "nanosecond": 1e-3, "fs": 1e3}
            req.temperature_rate = abs(_num(m.group(1))) * per_ps.get(unit, 1.0)
            continue
        if re.search(r"(\beps(ilon)?|ε)\s*(/\s*k_?b?)?\s*(=|~|≈|:|of|is)?\s*(about\s+|around\s+)?$", before):
            req.epsilon_K = _num(m.group(1))  # "eps/kB ~ 120 K" is the LJ well depth
            continue
        if re.search(r"(\btm|\bt_m|melting (point|temperature)|melts at|transition( temperature)?)\s*"
                     r"(is|of|=|~|≈|:|at|near|\()?\s*(about\s+|around\s+|~\s*|\(\s*~?\s*)?$", before):  # fmt: skip
            continue  # "Ne Tm is ~25 K" tells the melting point; it is not a temperature to run at
        if re.search(r"\b(every|by|(in )?(steps?|increments?|intervals?) of)\s*$", before):
            req.temperature_step = abs(_num(m.group(1)))  # "from 100 to 1200 K every 100 K" is a step
            continue
        temps.append((m.start(), _unsigned_after_digit(low, m)))
    for m in re.finditer(NUM + r"\s*(?:°\s*c|degrees? c(elsius)?\b|celsius)", low):
        temps.append((m.start(), _unsigned_after_digit(low, m) + 273.15))
    # a range whose unit is written once: "between 300 and 700 K", "from 300 to 1500 K", "300-700 K", "25-100 °C"
    for m in re.finditer(NUM + r"\s*(?:-|–|to|and)\s*" + NUM + r"\s*(k\b|kelvin|°\s*c|degrees? c|celsius)", low):
        first = _num(m.group(1))
        temps.append((m.start(), first + (273.15 if "c" in m.group(3) else 0.0)))
    for m in re.finditer(r"\bt\*?\s*=\s*" + NUM, low):
        if req.lj or "*" in m.group(0):
            temps.append((m.start(), _num(m.group(1))))
        elif _num(m.group(1)) >= 10 and not re.match(r"\s*(k\b|kelvin|°|degrees?|celsius)", low[m.end() :]):
            temps.append((m.start(), _num(m.group(1))))  # "T=300" for a real material: kelvin
    for m in re.finditer(
        r"(?<![(\w])" + NUM + r"\s?C\b(?!\s*(atoms?\b|-|\d|\)))", flat
    ):  # "at 25 C" (flat: the case matters)
        if -100 <= _num(m.group(1)) <= 3000:
            temps.append((m.start(), _num(m.group(1)) + 273.15))
    if req.lj:  # reduced temperatures have no unit: "from T=0.3 up to 1.2", "at low T (0.1)"
        for m in re.finditer(r"\bfrom\s+t\*?\s*=\s*" + NUM + r"\s+(?:up\s+|down\s+)?to\s+(?:t\*?\s*=\s*)?" + NUM, low):
            if not re.search(r"to\s+t\*?\s*=", m.group(0)):  # "to T*=1.8" was read above
                temps.append((m.start(2), _num(m.group(2))))
        for m in re.finditer(r"\bt\*?\s*\(\s*" + NUM + r"\s*\)", low):
            temps.append((m.start(), _num(m.group(1))))
    temps = list(dict(temps).items())  # one value per position
    if not temps and req.lj:
        for m in re.finditer(r"temperature (?:of )?" + NUM, low):
            temps.append((m.start(), _num(m.group(1))))
    req.temperatures = [t for _, t in sorted(temps)]
    # pressure
    m = re.search(NUM + r"\s*(gpa|mpa|kbar|bar|atm|atmospheres?|pa)\b", low)
    if m:
        factor = {"gpa": 1e4, "mpa": 10.0, "kbar": 1e3, "bar": 1.0, "atm": 1.01325, "atmosphere": 1.01325,
                  "atmospheres": 1.01325, "pa": 1e-5}[m.group(2)]  # fmt: skip
        req.pressure_bar = _num(m.group(1)) * factor
    elif re.search(r"\b(ambient|atmospheric) pressure|\bambient conditions", low):
        req.pressure_bar = 1.0
    elif re.search(r"zero (external |lateral )?pressure|stress[- ]free|\bzero stress", low):
        req.pressure_bar = 0.0
    m = re.search(r"\bp\*?\s*=\s*" + NUM, low)
    if m and (req.lj or "*" in m.group(0)):
        req.pressure_reduced = _num(m.group(1))
    # steps, durations, timestep
    _steps_and_intervals(req, low)
    m = re.search(r"(?:time ?step|\bdt)\s*(?:of|=|is|:)?\s*" + NUM + r"\s*(fs|femtoseconds?|ps|picoseconds?)?", low) or \
        re.search(NUM + r"\s*(fs|femtoseconds?)\s*(?:time ?step|steps?\b)", low)  # fmt: skip
    if m:
        value, unit = _num(m.group(1)), (m.group(2) or "")
        if unit.startswith(("fs", "femto")):
            req.timestep_fs = value
        elif unit.startswith(("ps", "pico")):
            req.timestep_fs = value * 1000
        elif req.lj:
            req.timestep_reduced = value
    for m in re.finditer(NUM + r"\s*(ns|nanoseconds?|ps|picoseconds?|fs|femtoseconds?)\b", low):
        before = low[max(0, m.start() - 25) : m.start()]
        if re.search(r"(time ?step|\bdt)\s*(of|=|is|:)?\s*$", before) or re.match(r"\s*time ?steps?\b", low[m.end() :]):
            continue
        scale = {"n": 1000.0, "p": 1.0, "f": 0.001}[m.group(2)[0]]
        if req.duration_ps is None:
            req.duration_ps = _num(m.group(1)) * scale
        elif re.search(r"\b(hold|then|another|keep|stay|anneal|equilibrat\w*|soak)\b", before):
            req.hold_ps = _num(m.group(1)) * scale
            break
    # size
    count = r"(\d[\d,]*(?:\.\d+)?\s*(?:million|thousand|[km])?)(?:-atom\b|\s+(?:[a-z-]+\s+){0,2}(?:"
    m = re.search(count + r"atoms)\b)", low) or re.search(count + r"particles|beads|molecules)\b)", low)
    if not m and re.search(
        r"\bgranular|\bsand\b|\bpowder|\bpour|\bspheres\b", low
    ):  # "8 grains" of a polycrystal is no count
        m = re.search(count + r"grains|spheres|balls)\b)", low)
    if m:
        try:
            req.natoms = _count(m.group(1))
        except ValueError:
            pass
    m = re.search(r"\b(\d+)\s*[x×*]\s*(\d+)\s*[x×*]\s*(\d+)", low)
    if m:
        req.cells = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    sizes = []
    for m in re.finditer(NUM + r"\s*(nm|nanomet(?:er|re)s?|a\b|å|angstroms?)\s*(?:diameter|radius|wide|thick|across|"
                         r"in size|cube|box|long|nanoparticle|particle|cluster|sphere)?", low):  # fmt: skip
        around = low[max(0, m.start() - 30) : m.end() + 20]
        if not re.search(r"diameter|radius|size|wide|thick|across|box|cube|long|nanoparticle|particle|cluster|sphere",
                         around) or re.search(r"\bshell\b[^.,;]*$", low[max(0, m.start() - 30) : m.start()]) \
                or re.match(r"\s*thick", low[m.end() :]):  # fmt: skip
            continue  # a shell's thickness is not the particle's size
        value = _num(m.group(1)) * (1.0 if m.group(2).startswith(("nm", "nano")) else 0.1)
        if re.search(r"radius|radii", low[max(0, m.start() - 20) : m.end() + 16]):
            value *= 2
        total = bool(re.search(r"\b(total|overall|outer)\b", low[max(0, m.start() - 20) : m.end() + 16]))
        sizes.append((total, value))
    if sizes:
        req.size_nm = max(sizes)[1]  # the overall size: said to be total, else the largest named
    m = re.search(r"(?:lattice (?:constant|parameter)|a\s*=|a0\s*=)\s*(?:of\s*)?" + NUM, low)
    if m:
        req.lattice_constant = _num(m.group(1))
    m = re.search(r"density\s*(?:of\s*|=\s*|rho\*?\s*=\s*)?" + NUM, low) or re.search(r"rho\*?\s*=\s*" + NUM, low)
    if m:
        req.density = _num(m.group(1))
    # speeds and energies of projectiles or deposited atoms
    m = re.search(NUM + r"\s*(km/s|m/s|a/ps|å/ps|angstroms?/ps|nm/ps)", low)
    if m:
        factor = {"km/s": 10.0, "m/s": 0.01, "a/ps": 1.0, "å/ps": 1.0, "nm/ps": 10.0}.get(m.group(2), 1.0)
        if m.group(2).startswith("angstrom"):
            factor = 1.0
        req.speed_A_per_ps = _num(m.group(1)) * factor
    m = re.search(
        r"\b(wall|plate)\b[^.;?]{0,30}?\b(mov\w*|slid\w*|velocity|speed)\s*(at|of|=|is|with)?\s*"
        r"(a\s+)?(speed|velocity)?\s*(of\s+)?" + NUM + r"(?!\s*(m/s|km/s|a/ps|å/ps|nm/ps|angstrom))",
        low,
    )
    if m and req.speed_A_per_ps is None:
        req.speed_reduced = _num(m.group(7))
    m = re.search(NUM + r"\s*(kev|ev)\b", low)
    if m:
        req.energy_eV = _num(m.group(1)) * (1000.0 if m.group(2) == "kev" else 1.0)
    m = re.search(NUM + r"\s*(?:%|percent)\s*(?:engineering\s+|true\s+|shear\s+|tensile\s+|compressive\s+)?strain", low) \
        or re.search(r"strain\s*(?:of|to|up to|until|=)\s*(?:about\s+|~\s*|roughly\s+)?" + NUM + r"\s*(%|percent)?", low) \
        or re.search(r"\b(?:by|to|up to|until|reach\w*)\s+(?:about\s+|~\s*|roughly\s+)?" + NUM + r"\s*(?:%|percent)", low)  # fmt: skip
    if m:
        value = _num(m.group(1))
        percent = "%" in m.group(0) or "percent" in m.group(0)
        req.strain = value / 100 if percent or value > 1 else value
    m = re.search(r"strain rate\s*(?:of\s*)?" + NUM + r"\s*(/s|s\^?-1|1/s|per second|/ps|per ps|ps\^?-1)?", low)
    if m:
        rate, unit = _num(m.group(1)), m.group(2) or ""
        req.strain_rate_per_ps = rate * (1e-12 if "s" in unit and "ps" not in unit else 1.0) if unit else rate
    if req.strain_rate_per_ps is None:  # "at 1e8/s", "10^9 s^-1" (made 1e9 by powers_of_ten): no "strain rate"
        m = re.search(r"(?<![\w.])" + NUM + r"\s*(?:/\s*s(?:ec)?\b|s\s*\^?\s*-\s*1\b|s−1|1/s\b|per second\b)", low)
        if m and STRAIN_RATE_PER_S[0] <= _num(m.group(1)) <= STRAIN_RATE_PER_S[1]:
            req.strain_rate_per_ps = _num(m.group(1)) * 1e-12
    m = re.search(r"(?:\bepsilon|\beps\b|ε)(?!_)\s*(?:of|=|is|~|≈|:)?\s*(?:about\s+|~\s*)?" + NUM
                  + r"\s*(k\b|kelvin|kcal/mol|ev\b|kj/mol)?", low)  # fmt: skip
    if m:
        value, unit = _num(m.group(1)), m.group(2) or ""
        if unit.startswith("k") and not unit.startswith(("kcal", "kj")):
            req.epsilon_K = value
        elif unit:
            req.epsilon_K = value / {"kcal/mol": KB["real"], "ev": KB["metal"], "kj/mol": 0.0083144626}[unit]
        else:
            req.epsilon = value
    m = re.search(r"(?:\bsigma|\bsig\b|σ)(?!_)\s*(?:of|=|is|~|≈|:)?\s*(?:about\s+|~\s*)?" + NUM, low)
    if m:
        req.sigma = _num(m.group(1))
    m = re.search(r"cut-?off\s*(?:of|=|is|~|:)?\s*(?:about\s+)?" + NUM, low) or \
        re.search(NUM + r"\s*(?:sigma|σ|a|å|angstroms?)\s+(?:lj\s+|pair\s+)?cut-?off", low)  # fmt: skip
    if m:
        req.cutoff = _num(m.group(1))
    # LJ pair parameters of a mixture: eps_AB=1.5, sigma_BB = 0.88
    for kind, a, b, value in re.findall(r"\b(eps(?:ilon)?|sig(?:ma)?)_?\{?([a-z])([a-z])\}?\s*=\s*" + NUM, low):
        pair = "".join(sorted(a + b))
        entry = req.lj_pairs.setdefault(pair, {})
        entry["epsilon" if kind.startswith("e") else "sigma"] = _num(value)


# "every 1000 steps" is how often something is written, not how long the run is.
_INTERVAL_BEFORE = re.compile(r"\b(every|each|per|interval of|frequency of|once every)\s*$")
_INTERVAL_KINDS = [(r"\bdump|\bpositions?|trajector|snapshots?|frames?|configurations?|\bxyz\b|movie", "dump"),
                   (r"\bthermo|\bprint|\blog\b|\boutput|\breport|\bwrite", "thermo")]  # fmt: skip


def _steps_and_intervals(req: Request, low: str) -> None:
    for m in re.finditer(r"(\d[\d,.]*\s*(?:million|thousand|[km])?|\d+(?:\.\d+)?e\d+)\s*(?:md\s+|time\s*|"
                         r"integration\s+)?steps?\b", low):  # fmt: skip
        try:
            count = _count(m.group(1))
        except ValueError:
            continue
        before = low[max(0, m.start() - 40) : m.start()]
        if _INTERVAL_BEFORE.search(before):
            clause = re.split(r"[.;!?,](?:\s|$)|\band\b", low[max(0, m.start() - 80) : m.start()])[-1]
            kind = next((k for pattern, k in _INTERVAL_KINDS if re.search(pattern, clause)), None)
            if kind and kind not in req.every:
                req.every[kind] = count
            continue
        if req.steps is None:
            req.steps = count


NOBLE_GASES = ("He", "Ne", "Ar", "Kr", "Xe")


def _ion(req: Request, flat: str) -> str | None:
    """The element of the bombarding ions: the one named before 'ion(s)', '+' or 'beam', or after 'ions of';
    else a noble gas named; else the last element named."""
    for m in re.finditer(
        r"\b([A-Za-z]{1,12})\s*\+?\s*(?:ions?|beam|projectiles?)\b|\bions?\s+of\s+([A-Za-z]{1,12})", flat
    ):
        word = m.group(1) or m.group(2)
        symbol = _NAMES.get(word.lower(), word if word in _SYMBOLS else None)
        if symbol in req.elements:
            return symbol
    noble = [e for e in req.elements if e in NOBLE_GASES]
    return noble[0] if noble else (req.elements[-1] if req.elements else None)


def _files(req: Request, flat: str) -> None:
    """Files the user says they have (to read), not outputs they ask for."""
    for m in re.finditer(r"([A-Za-z0-9_.-]+\.(?:data|lmp|dat|xyz|pdb|mol|txt|in|restart))\b", flat):
        name = m.group(1)
        before = flat[max(0, m.start() - 40) : m.start()].lower()
        named = name.endswith((".data", ".lmp")) or re.search(
            r"(my|our|the|this|attached|uploaded|provided|from|read|load|using|use|in)\s+(\w+\s+)?(data\s+)?(file\s+)?$",
            before,
        )
        if named and not re.search(r"(write|save|output|dump|store)\w*\s+(\w+\s+)?(to\s+)?(a\s+)?(file\s+)?$", before):  # fmt: skip
            if name not in req.data_files and not re.search(r"\.(eam|tersoff|sw)", name):
                req.data_files.append(name)


def _outputs(req: Request, low: str) -> None:
    for pattern, out in [(r"\brdfs?\b|radial distribution|\bg\(r\)", "rdf"),
                         (r"\bmsd\b|mean[- ]squared? displacement|diffusion coeff", "msd"),
                         (r"\bdump|trajector|\bmovie|\bvisuali[sz]|\bsnapshots?\b|\bovito\b|\bvmd\b|\banimat|"
                          r"\b(look at|watch|see) (the |how )?\w*\s*(ripple|motion|atoms?|structure|defect|evolution)",
                          "dump")]:  # fmt: skip
        if re.search(pattern, low) and out not in req.outputs:
            req.outputs.append(out)


# What a named output file holds, from the words around its name.
OUTPUT_KINDS = [(r"\brdf\b|radial distribution|\bg\(r\)|pair (correlation|distribution)", "rdf"),
                (r"\bmsd\b|mean[- ]squared? displacement", "msd"),
                (r"stress[- ]strain|stress vs\.? strain|stress and strain", "stress_strain"),
                (r"\btrajector|\bdump\b|\bsnapshots?|\bframes\b|\bpositions\b", "dump")]  # fmt: skip
QUANTITY_WORDS = [(r"\btemperatures?\b|\bt\b(?=\s*(and|,|vs|versus))", "temp"), (r"\bvolumes?\b|\bv\(t\)", "vol"),
                  (r"\bpressures?\b", "press"), (r"\btotal energy|\benerg(y|ies)\b", "etotal"),
                  (r"\bpotential energy", "pe"), (r"\bdensit(y|ies)\b", "density"),
                  (r"lattice (parameter|constant)|\bbox length", "lattice"), (r"\bstep\b|\btime\b", "step")]  # fmt: skip


def _output_files(req: Request, flat: str) -> None:
    """Files the user asks to be written: 'write T and V to a text file called vol_T.txt', 'save it as
    ni_rdf.dat', 'dump the trajectory to traj.xyz'."""
    for m in re.finditer(r"['\"`]?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:txt|dat|csv|out|xyz|lammpstrj|dump|log))\b['\"`]?",
                         flat):  # fmt: skip
        name = m.group(1)
        if name in req.data_files:
            continue
        before = flat[max(0, m.start() - 160) : m.start()].lower()
        # the sentence (or clause) that names the file
        clause = re.split(r"[.;!?](?:\s|$)", before)[-1]
        if not re.search(r"\b(write|writ|save|output|print|dump|store|record|put|log|keep)\w*\b|\b(as|to|into|in)\s+"
                         r"(a\s+)?(text\s+|data\s+)?(file\s+)?(called|named)?\s*['\"`]?$", clause):  # fmt: skip
            continue
        kind = next((k for pattern, k in OUTPUT_KINDS if re.search(pattern, clause)), None)
        if name.endswith(".log") and re.search(r"\blog\b(\s+file)?\s*(called|named|as|to|=|:)?\s*['\"`]?$", clause):
            kind = "log"  # "name the log al_melt.log": LAMMPS's own log
        stem = name.lower().rsplit(".", 1)[0]
        for hint, k in (("rdf", "rdf"), ("msd", "msd"), ("stress", "stress_strain"), ("traj", "dump")):
            if kind is None and hint in stem:
                kind = k
        if kind is None and name.endswith((".xyz", ".lammpstrj", ".dump")):
            kind = "dump"
        if kind is None:
            quantities = [q for pattern, q in QUANTITY_WORDS if re.search(pattern, clause)]
            kind = "thermo:" + ",".join(quantities or ["step", "temp", "press", "pe", "etotal"])
        req.output_files[name] = kind


def noble_gas_only(req: Request) -> bool:
    return bool(req.elements) and set(req.elements) <= set(NOBLE_LJ)
