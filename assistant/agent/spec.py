"""Turn a plain-language request into a structured simulation spec.

Rules first (they are exact where the words are clear: "300 K", "6x6x6 cells", "Cu_u3.eam"),
so that the model is grounded in numbers the user actually gave; `missing()` says what is
essential and absent, so the assistant asks instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

ELEMENTS = {
    # element: (lattice, lattice constant in A, mass in g/mol)
    "Cu": ("fcc", 3.615, 63.546),
    "Al": ("fcc", 4.05, 26.982),
    "Ni": ("fcc", 3.52, 58.693),
    "Ag": ("fcc", 4.09, 107.868),
    "Au": ("fcc", 4.08, 196.967),
    "Pd": ("fcc", 3.89, 106.42),
    "Pt": ("fcc", 3.92, 195.08),
    "Pb": ("fcc", 4.95, 207.2),
    "Fe": ("bcc", 2.855, 55.845),
    "Mg": ("hcp", 3.21, 24.305),
    "Mo": ("bcc", 3.147, 95.95),
    "W": ("bcc", 3.165, 183.84),
    "Ta": ("bcc", 3.30, 180.948),
    "Si": ("diamond", 5.431, 28.0855),
    "Ge": ("diamond", 5.658, 72.63),
    "C": ("diamond", 3.567, 12.011),
    "Ar": ("fcc", 5.26, 39.948),
    "Ne": ("fcc", 4.46, 20.18),
    "Kr": ("fcc", 5.72, 83.798),
}
# The potential an experienced user would pick when the request names only the element.
DEFAULT_POTENTIAL = {
    "Cu": "Cu_u3.eam", "Ni": "Ni_u3.eam", "Ag": "Ag_u3.eam", "Au": "Au_u3.eam", "Pd": "Pd_u3.eam",
    "Pt": "Pt_u3.eam", "Al": "Al_jnp.eam", "Fe": "Fe_mm.eam.fs", "Mg": "Mg_mm.eam.fs", "Si": "Si.sw",
    "Ge": "Ge.tersoff",
}  # fmt: skip
# Noble gases: Lennard-Jones epsilon (kcal/mol) and sigma (A) for real units.
NOBLE_LJ = {"Ar": (0.2381, 3.405), "Ne": (0.0721, 2.782), "Kr": (0.3166, 3.636)}
ELEMENT_WORDS = {
    "copper": "Cu", "aluminium": "Al", "aluminum": "Al", "nickel": "Ni", "silver": "Ag", "gold": "Au",
    "palladium": "Pd", "platinum": "Pt", "lead": "Pb", "iron": "Fe", "molybdenum": "Mo", "tungsten": "W",
    "tantalum": "Ta", "magnesium": "Mg", "silicon": "Si", "germanium": "Ge", "diamond": "C", "carbon": "C", "argon": "Ar",
    "neon": "Ne", "krypton": "Kr",
}  # fmt: skip
ENSEMBLE_WORDS = [
    (r"\bminimi[sz]|relax(ation)? .*minimum|cohesive energy|energy minimi", "minimize"),
    (r"\blangevin\b", "langevin"),
    (r"\bnpt\b|isothermal[- ]isobaric|zero pressure|constant pressure|barostat|ambient (conditions|pressure)", "npt"),
    (r"\bnph\b", "nph"),
    (r"\bnve\b|microcanonical|energy (is )?conserv", "nve"),
    (r"\bnvt\b|nos[eé][- ]hoover|canonical|thermostat|equilibrat", "nvt"),
]


@dataclass
class Spec:
    units: str | None = None
    elements: list[str] = field(default_factory=list)
    lattice: str | None = None
    lattice_constant: float | None = None  # A (metal/real) or reduced density (lj)
    density: float | None = None  # reduced density (lj)
    cells: tuple[int, int, int] | None = None
    natoms: int | None = None
    pair_style: str | None = None
    potential_file: str | None = None
    epsilon: float | None = None
    sigma: float | None = None
    cutoff: float | None = None
    ensemble: str | None = None
    temperature: float | None = None
    temperature_end: float | None = None  # a ramp from `temperature` to this
    hold_steps: int | None = None  # steps at the final temperature after a ramp
    pressure: float | None = None
    damping: float | None = None
    timestep: float | None = None
    steps: int | None = None
    thermo_every: int | None = None
    outputs: list[str] = field(default_factory=list)  # rdf, msd, dump
    dimension: int = 3
    deform: dict | None = None  # {"mode": tension|compression|shear, "axis": x|y|z|xy, "rate": per time unit}
    box_relax: bool = False  # minimise with the box free (zero pressure)
    files: list[str] = field(default_factory=list)  # output file names the user asked for
    thermo_extra: list[str] = field(default_factory=list)  # thermo keywords the user asked to see
    assumptions: list[str] = field(default_factory=list)  # defaults chosen for the user, shown to them
    request: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def missing(self) -> list[str]:
        """Questions for the user: what cannot be guessed responsibly."""
        questions = []
        if self.units is None and not self.elements:
            questions.append("Which material or model system? (e.g. a Lennard-Jones fluid, copper, silicon)")
        if self.ensemble in {"nvt", "npt", "langevin"} and self.temperature is None:
            questions.append("At what temperature?")
        if self.ensemble == "npt" and self.pressure is None:
            questions.append("At what pressure?")
        return questions


def _num(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def extract(request: str, potentials: list[dict] | None = None) -> Spec:
    """Read a request. `potentials`: the library's metadata (name, elements, pair_styles, units)."""
    text = request.strip()
    low = text.lower()
    spec = Spec(request=text)
    # material
    for word, el in ELEMENT_WORDS.items():
        if word == "diamond" and re.search(r"diamond(?:[- ]cubic)?\s+(lattice|structure|cell|crystal)", low):
            continue  # the diamond lattice of Si or Ge, not carbon
        if re.search(rf"\b{word}\b", low) and el not in spec.elements:
            spec.elements.append(el)
    for el in re.findall(r"\b([A-Z][a-z]?)\b", text):
        if el in ELEMENTS and el not in spec.elements and el not in {"W", "C"}:
            spec.elements.append(el)
    lj = bool(re.search(r"lennard[- ]jones|\blj\b|reduced (units|density)|\bt\*|\bp\*|sigma\b", low))
    if re.search(r"\breal units\b|in real units|kcal/mol", low):
        spec.units = "real"
    elif re.search(r"\bmetal units\b", low):
        spec.units = "metal"
    elif lj and not (set(spec.elements) - {"Ar", "Ne", "Kr"}):
        spec.units = "lj" if "Ar" not in spec.elements or "real" not in low else "real"
    elif spec.elements and set(spec.elements) <= set(NOBLE_LJ) and not re.search(r"\.eam|tersoff|\.sw\b", low):
        spec.units = "real"
        spec.epsilon, spec.sigma = NOBLE_LJ[spec.elements[0]]
        spec.assumptions.append(f"{spec.elements[0]} as Lennard-Jones atoms in real units (epsilon {spec.epsilon} "
                                f"kcal/mol, sigma {spec.sigma} A)")  # fmt: skip
    elif spec.elements:
        spec.units = "metal"
    if spec.units == "lj":
        spec.elements = []
    # potential
    for m in re.finditer(r"\b([A-Za-z0-9_.-]+\.(?:eam(?:\.alloy|\.fs)?|tersoff|sw|meam|lmp|adp))\b", text):
        spec.potential_file = m.group(1)
    if spec.potential_file is None and potentials and spec.elements and spec.units == "metal":
        style = "tersoff" if re.search(r"tersoff", low) else ("sw" if re.search(r"stillinger|\bsw\b", low) else None)
        names = {pot["name"] for pot in potentials}
        default = DEFAULT_POTENTIAL.get(spec.elements[0]) if len(spec.elements) == 1 else None
        if default in names and (style is None or default.split(".")[-1] == style):
            spec.potential_file = default
        else:
            style = style or "eam"
            # Prefer a file made for exactly these elements over a multi-element one.
            for pot in sorted(potentials, key=lambda p: (set(p["elements"]) != set(spec.elements), p["name"])):
                if set(spec.elements) <= set(pot["elements"]) and any(s.startswith(style) for s in pot["pair_styles"]):
                    spec.potential_file = pot["name"]
                    break
        if spec.potential_file and not re.search(re.escape(spec.potential_file.lower()), low):
            spec.assumptions.append(f"potential {spec.potential_file} (none was named)")
    if spec.potential_file:
        name = spec.potential_file.lower()
        spec.pair_style = ("eam/alloy" if name.endswith(".eam.alloy") else "eam/fs" if name.endswith(".eam.fs")
                           else "eam" if name.endswith(".eam") else "tersoff" if name.endswith(".tersoff")
                           else "sw" if name.endswith(".sw") else None)  # fmt: skip
        if spec.units is None:
            spec.units = "metal"
    elif spec.units in {"lj", "real"} or lj:
        spec.pair_style = "lj/cut"
    # lattice
    m = re.search(r"\b(fcc|bcc|hcp|diamond|sc)\b", low)
    if m:
        spec.lattice = m.group(1)
    elif spec.elements:
        spec.lattice = ELEMENTS[spec.elements[0]][0]
    elif spec.units == "lj":
        spec.lattice = "fcc"
    m = re.search(r"(?:lattice constant|a\s*=)\s*(\d+(?:\.\d+)?|\.\d+)", low) or re.search(
        r"\b([0-9]\.[0-9]+)\s*(?:a\b|å|angstrom)", low
    )
    if m:
        spec.lattice_constant = _num(m.group(1))
    m = re.search(r"density\s*(?:of\s*)?(?:rho\*?\s*=\s*)?([0-9]*\.[0-9]+)", low)
    if m:
        spec.density = _num(m.group(1))
    m = re.search(r"\b(\d+)\s*[x×]\s*(\d+)\s*[x×]\s*(\d+)", low)
    if m:
        spec.cells = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:lennard[- ]jones |lj |[a-z]+ )?(?:atoms|particles)\b", low)
    if m:
        spec.natoms = int(m.group(1).replace(",", ""))
    # interactions (lj / real)
    m = re.search(r"epsilon\s*(?:=\s*)?(\d+(?:\.\d+)?|\.\d+)", low)
    if m:
        spec.epsilon = _num(m.group(1))
    m = re.search(r"sigma\s*(?:=\s*)?(\d+(?:\.\d+)?|\.\d+)", low)
    if m:
        spec.sigma = _num(m.group(1))
    m = re.search(r"cutoff\s*(?:of\s*)?(\d+(?:\.\d+)?|\.\d+)", low)
    if m:
        spec.cutoff = _num(m.group(1))
    # ensemble
    for pattern, ens in ENSEMBLE_WORDS:
        if re.search(pattern, low):
            spec.ensemble = ens
            break
    # state point
    m = re.search(r"t\*\s*=\s*(\d+(?:\.\d+)?|\.\d+)", low) or re.search(r"(-?\d+(?:\.\d+)?)\s*k\b", low)
    if m:
        spec.temperature = _num(m.group(1))
    elif m2 := re.search(r"temperature\s*(?:of\s*)?(\d+(?:\.\d+)?|\.\d+)", low):
        spec.temperature = _num(m2.group(1))
    m = re.search(r"p\*\s*=\s*(-?\d+(?:\.\d+)?|-?\.\d+)", low) or re.search(
        r"(-?\d+(?:\.\d+)?|-?\.\d+)\s*(bar|atm)\b", low
    )
    if m:
        spec.pressure = _num(m.group(1))
    elif re.search(r"zero (lateral |external )?pressure|zero stress", low):
        spec.pressure = 0.0
    if spec.temperature is None and re.search(r"room[- ]temperature|ambient", low) and spec.units in {"metal", "real"}:
        spec.temperature = 300.0
        spec.assumptions.append("room temperature = 300 K")
    if spec.pressure is None and re.search(r"ambient|atmospheric pressure", low) and spec.units in {"metal", "real"}:
        spec.pressure = 1.0
        spec.assumptions.append("ambient pressure = 1 " + ("bar" if spec.units == "metal" else "atm"))
    if spec.temperature is None and spec.units == "lj" and re.search(r"\b(liquid|fluid)\b", low):
        spec.temperature = 1.5
        spec.assumptions.append("a Lennard-Jones liquid at T* = 1.5 (above the triple point, T* about 0.69)")
    if spec.temperature is None and spec.units == "real" and re.search(r"\bliquid\b", low) and "Ar" in spec.elements:
        spec.temperature = 90.0
        spec.assumptions.append("liquid argon at 90 K (it melts near 84 K)")
    m = re.search(r"damping\s*(?:of\s*)?(\d+(?:\.\d+)?|\.\d+)", low)
    if m:
        spec.damping = _num(m.group(1))
    m = re.search(r"time ?step\s*(?:of\s*)?(\d+(?:\.\d+)?|\.\d+)", low) or re.search(
        r"(\d+(?:\.\d+)?|\.\d+)\s*fs\s*time ?step", low
    )
    if m:
        value = _num(m.group(1))
        spec.timestep = value / 1000.0 if spec.units == "metal" and re.search(r"fs\s*time ?step", low) else value
    m = re.search(r"\b(\d[\d,]*)\s*(?:md\s+)?(?:time)?steps\b", low)
    if m:
        spec.steps = int(m.group(1).replace(",", ""))
    m = re.search(r"thermo\s*(?:output\s*)?every\s*(\d+)", low) or re.search(r"every\s*(\d+)\s*steps", low)
    if m:
        spec.thermo_every = int(m.group(1))
    for word, out in [("radial distribution", "rdf"), (r"\bg\(r\)", "rdf"), (r"\brdf\b", "rdf"), ("mean[- ]squared displacement", "msd"),
                      ("msd", "msd"), ("diffusion", "msd"), ("dump", "dump"), ("trajectory", "dump")]:  # fmt: skip
        if re.search(word, low) and out not in spec.outputs:
            spec.outputs.append(out)
    if re.search(r"\b2d\b|two[- ]dimensional", low):
        spec.dimension = 2
    _ramp_and_hold(spec, low)
    _deformation(spec, low)
    spec.box_relax = spec.ensemble == "minimize" and bool(
        re.search(r"relax(ing|ation)? (of )?the box|box relax|zero pressure|equilibrium (lattice|volume)", low)
    )
    spec.files = re.findall(r"(?:file|files)\s+(?:named|called)?\s*['\"]?([A-Za-z0-9_-]+\.[A-Za-z0-9]+)\b", text)
    spec.files += [
        f for f in re.findall(r"\(([A-Za-z0-9_-]+\.(?:restart|lammpstrj|txt|dat))\)", text) if f not in spec.files
    ]
    spec.files += [
        f for f in re.findall(r"\bto ([A-Za-z0-9_-]+\.(?:lammpstrj|txt|dat|csv))\b", text) if f not in spec.files
    ]
    for pattern, word in [(r"\b(box length|lx\b|lattice (constant|parameter) (in|to) the thermo)", "lx"),
                          (r"(print|report|show|output)[^.]*\bdensity\b", "density"),
                          (r"(print|report|show|output)[^.]*\bvolume\b", "vol")]:  # fmt: skip
        if re.search(pattern, low):
            spec.thermo_extra.append(word)
    return spec


def _ramp_and_hold(spec: Spec, low: str) -> None:
    """'heat from 300 K to 2000 K ... then hold at 2000 K for 3000 steps'"""
    m = re.search(
        r"from\s+(?:t\*\s*=\s*)?(\d+(?:\.\d+)?)\s*(?:k\b)?\s*to\s+(?:t\*\s*=\s*)?(\d+(?:\.\d+)?)\s*(?:k\b)?", low
    )
    if m and (
        "k" in m.group(0) or "t*" in m.group(0) or re.search(r"(heat|cool|quench|anneal)\w*\s+(\w+\s+){0,2}from", low)
    ):
        spec.temperature, spec.temperature_end = _num(m.group(1)), _num(m.group(2))
        steps = re.search(r"over\s+(\d[\d,]*)\s*(?:md\s+)?steps", low)
        if steps:
            spec.steps = int(steps.group(1).replace(",", ""))
        hold = re.search(r"hold(?:(?!\. )[^;])*?for\s+(\d[\d,]*)\s*(?:more\s+)?steps", low)
        if hold:
            spec.hold_steps = int(hold.group(1).replace(",", ""))
        if spec.ensemble is None:
            spec.ensemble = "nvt"


def _deformation(spec: Spec, low: str) -> None:
    if re.search(r"compress(ion)?\b", low) and not re.search(r"compressib", low):
        mode = "compression"
    elif re.search(r"tensile|tension|\bpull|stretch|elongat", low):
        mode = "tension"
    elif re.search(r"shear (rate|flow|deformation|strain)|simple shear|sllod|tilt", low):
        mode = "shear"
    else:
        return
    rate = re.search(r"(?:strain|shear)\s+rate\s*(?:of\s*)?(-?\d*\.?\d+(?:e-?\d+)?)", low) or re.search(
        r"\brate\s*(?:of\s*)?(-?\d*\.?\d+(?:e-?\d+)?)", low
    )
    axis = re.search(r"(?:along|in)\s+([xyz])\b", low)
    value = abs(_num(rate.group(1))) if rate else (0.01 if spec.units != "lj" else 0.001)
    if not rate:
        spec.assumptions.append(f"strain rate {value} per time unit")
    if mode == "shear":
        spec.deform = {"mode": "shear", "axis": "xy", "rate": value}
    else:
        spec.deform = {"mode": mode, "axis": axis.group(1) if axis else "x",
                       "rate": -value if mode == "compression" else value}  # fmt: skip
    if spec.ensemble is None or (spec.ensemble == "nvt" and mode != "shear" and "lateral" in low):
        spec.ensemble = "nvt" if mode == "shear" else "npt"
    if spec.ensemble == "npt" and spec.pressure is None:
        spec.pressure = 0.0
        spec.assumptions.append("zero lateral pressure")
