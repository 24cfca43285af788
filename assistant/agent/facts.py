"""One home for the MD facts the assistant uses: elements (ASE's tables), melting points,
noble-gas Lennard-Jones parameters, atoms per lattice cell, usual timesteps, the potential an
expert would pick, and the ranges a plausible run stays in. Every other module imports from
here; nothing keeps its own copy.

Element data come from `ase.data` (masses: IUPAC; reference states: the ground-state crystal
and lattice constant at low temperature, from Kittel / Ashcroft-Mermin as compiled by ASE).
Melting points: CRC Handbook of Chemistry and Physics, 97th ed. (at 1 atm).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import ase.data

from simulations.engine.units import FS, LAMMPS_DEFAULT_TIMESTEP

# Atoms in the conventional cell of each LAMMPS lattice style.
ATOMS_PER_CELL = {"sc": 1, "bcc": 2, "fcc": 4, "hcp": 4, "diamond": 8, "sq": 1, "sq2": 2, "hex": 2, "graphene": 4,
                  "rocksalt": 8, "wurtzite": 8}  # fmt: skip
# Two-element crystals LAMMPS has no lattice name for, as `lattice custom`: the cell's edges in units of a
# and the basis (fractional coordinates; the first half one element, the second the other).
# Rocksalt (B1): two interpenetrating fcc lattices. Wurtzite (B4): the orthogonal hcp cell (c/a and the
# internal parameter u of GaN: a = 3.189 A, c = 5.185 A, u = 0.377; Schulz & Thiemann 1977).
CUSTOM_LATTICES = {
    "rocksalt": {"cell": (1.0, 1.0, 1.0),
                 "basis": ((0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5),
                           (0.5, 0, 0), (0, 0.5, 0), (0, 0, 0.5), (0.5, 0.5, 0.5))},
    "wurtzite": {"cell": (1.0, 3 ** 0.5, 5.185 / 3.189),
                 "basis": ((0, 0, 0), (0.5, 0.5, 0), (0.5, 5 / 6, 0.5), (0, 1 / 3, 0.5),
                           (0, 0, 0.377), (0.5, 0.5, 0.377), (0.5, 5 / 6, 0.877), (0, 1 / 3, 0.877))},
    # rutile TiO2 (tetragonal, c/a = 2.959/4.594, O at u = 0.3048): Ti at the corners and the centre
    "rutile": {"cell": (1.0, 1.0, 2.959 / 4.594),
               "basis": ((0, 0, 0), (0.5, 0.5, 0.5), (0.3048, 0.3048, 0), (0.6952, 0.6952, 0),
                         (0.8048, 0.1952, 0.5), (0.1952, 0.8048, 0.5))},
}  # fmt: skip

# Lattices whose box sides relax apart under a barostat (aniso rather than iso).
NONCUBIC_LATTICES = {"hcp", "wurtzite", "rutile"}

MELTING_K = {
    "Li": 453.7, "Na": 371.0, "K": 336.5, "Be": 1560, "Mg": 923, "Ca": 1115, "Al": 933.5, "Ga": 302.9,
    "In": 429.7, "Sn": 505.1, "Pb": 600.6, "Bi": 544.6, "Ti": 1941, "V": 2183, "Cr": 2180, "Mn": 1519,
    "Fe": 1811, "Co": 1768, "Ni": 1728, "Cu": 1357.8, "Zn": 692.7, "Zr": 2128, "Nb": 2750, "Mo": 2896,
    "Pd": 1828, "Ag": 1234.9, "Cd": 594.2, "Ta": 3290, "W": 3695, "Pt": 2041.4, "Au": 1337.3, "Si": 1687,
    "Ge": 1211.4, "C": 4800, "Ne": 24.56, "Ar": 83.81, "Kr": 115.8, "Xe": 161.4, "Hf": 2506, "Re": 3459,
    "Ir": 2719, "Rh": 2237, "Ru": 2607, "Y": 1799, "Sc": 1814, "U": 1405, "Te": 722.7, "Se": 494,
    "Sb": 903.8, "As": 1090, "B": 2349,
}  # fmt: skip
# Melting points (K) of the ordered compounds the builder makes (plan.COMPOUNDS, by description).
# B2 NiAl: 1911 K (congruent); L1_2 Ni3Al: 1668 K (peritectic); 3C-SiC decomposes near 3003 K.
# Rocksalt NaCl: 1074 K; MgO: 3098 K; rutile TiO2: 2116 K; wurtzite GaN decomposes before it melts (about 2800 K under pressure).
COMPOUND_MELTING_K = {"rutile TiO2": 2116.0, "B2 NiAl": 1911.0, "L1_2 Ni3Al": 1668.0, "zincblende 3C-SiC": 3003.0, "rocksalt NaCl": 1074.0,
                      "rocksalt MgO": 3098.0, "wurtzite GaN": 2800.0}  # fmt: skip
# Graphene: lattice constant a (A; C-C = a/sqrt(3) = 1.42 A), in a rectangular cell a x a*sqrt(3) with
# four atoms (fractional x, y), and the vacuum (A) above and below a sheet.
GRAPHENE = {"a": 2.46, "basis": ((0.0, 0.0), (0.5, 1 / 6), (0.5, 0.5), (0.0, 2 / 3)), "vacuum": 15.0}

# Rigid-ion models with no potential file (pair_style born/coul/long, metal units): per pair of elements
# A (eV), rho (A), sigma (A), C (eV A^6), D (eV A^8) of E = A exp((sigma - r)/rho) - C/r^6 + D/r^8, and the
# ions' charges. NaCl: Fumi & Tosi 1964 with Mayer's 1933 dispersion (b = 0.338e-19 J, Pauling factors
# 1.25/1.00/0.75); on the installed LAMMPS it gives -8.06 eV per ion pair and a = 5.62 A at 0 K.
# Non-metals: with much of one of these, a mixture is a compound or a molecule, not a random alloy.
NONMETALS = frozenset({"H", "C", "N", "O", "F", "P", "S", "Cl", "Br", "I"})

IONIC_MODELS = {
    ("Cl", "Na"): {"name": "Fumi-Tosi (Born-Mayer-Huggins)", "charges": {"Na": 1.0, "Cl": -1.0}, "cutoff": 10.0,
                   "pairs": {("Na", "Na"): (0.2637, 0.317, 2.340, 1.0487, -0.4994),
                             ("Na", "Cl"): (0.2110, 0.317, 2.755, 6.9906, -8.6758),
                             ("Cl", "Cl"): (0.1582, 0.317, 3.170, 72.40, -145.43)}},
    # Matsui & Akaogi 1991 (Mol. Simul. 6, 239): Buckingham A exp(-r/rho) - C/r^6 with partial charges
    ("O", "Ti"): {"name": "Matsui-Akaogi (Buckingham with partial charges)", "charges": {"Ti": 2.196, "O": -1.098},
                  "cutoff": 10.0,
                  "pairs": {("Ti", "Ti"): (31120.1, 0.154, 0.0, 5.25, 0.0),
                            ("Ti", "O"): (16957.53, 0.194, 0.0, 12.59, 0.0),
                            ("O", "O"): (11782.76, 0.234, 0.0, 30.22, 0.0)}},
    # Lewis & Catlow 1985 (J. Phys. C 18, 1149), used as a rigid-ion model: Buckingham with formal charges
    ("Mg", "O"): {"name": "Lewis-Catlow (Buckingham with formal charges)", "charges": {"Mg": 2.0, "O": -2.0},
                  "cutoff": 10.0,
                  "pairs": {("Mg", "Mg"): (0.0, 1.0, 0.0, 0.0, 0.0),
                            ("Mg", "O"): (821.6, 0.3242, 0.0, 0.0, 0.0),
                            ("O", "O"): (22764.0, 0.149, 0.0, 27.88, 0.0)}},
}  # fmt: skip

# Noble gases as Lennard-Jones atoms (real units): epsilon kcal/mol, sigma Angstrom.
# Ar: epsilon/kB = 119.8 K, sigma = 3.405 A (Rahman 1964); Ne, Kr, Xe: Hirschfelder, Curtiss & Bird.
NOBLE_LJ = {"Ar": (0.2381, 3.405), "Ne": (0.0721, 2.782), "Kr": (0.3166, 3.636), "Xe": (0.4389, 4.055)}

# 12-6 Lennard-Jones parameters of fcc metals for their interfaces with other materials (Heinz, Vaia, Farmer &
# Naik, J. Phys. Chem. C 112, 17281 (2008)): epsilon (kcal/mol), sigma (A). Mixed with a fluid's by
# Lorentz-Berthelot, they give the wall-fluid interaction of a channel.
METAL_LJ = {"Ag": (4.56, 2.644), "Al": (4.02, 2.620), "Au": (5.29, 2.629), "Cu": (4.72, 2.331), "Ni": (5.65, 2.282),
            "Pb": (2.93, 3.001), "Pd": (6.15, 2.520), "Pt": (7.80, 2.534)}  # fmt: skip
LIQUID_NOBLE_DENSITY = 0.80  # of the reference crystal's number density: the liquid near its boiling point

# Rigid water models (real units): O-H length (A), H-O-H angle (degrees), charges (e), the O-O Lennard-Jones
# epsilon (kcal/mol) and sigma (A), and for a four-site model the M site's distance from O along the bisector (A).
WATER_MODELS = {
    "spce": {"name": "SPC/E", "r_oh": 1.0, "angle": 109.47, "q_o": -0.8476, "q_h": 0.4238, "epsilon": 0.1553,
             "sigma": 3.166, "qdist": None, "source": "Berendsen, Grigera & Straatsma 1987"},
    "tip3p": {"name": "TIP3P", "r_oh": 0.9572, "angle": 104.52, "q_o": -0.834, "q_h": 0.417, "epsilon": 0.1521,
              "sigma": 3.1507, "qdist": None, "source": "Jorgensen et al. 1983"},
    "tip4p2005": {"name": "TIP4P/2005", "r_oh": 0.9572, "angle": 104.52, "q_o": -1.1128, "q_h": 0.5564,
                  "epsilon": 0.18520, "sigma": 3.1589, "qdist": 0.1546, "source": "Abascal & Vega 2005"},
}  # fmt: skip
# TraPPE united-atom alkanes (Martin & Siepmann 1998, J. Phys. Chem. B 102, 2569): per group the mass (amu)
# and LJ epsilon/k_B (K) and sigma (A), Lorentz-Berthelot mixing, 14 A cutoff with tail corrections, no LJ
# within three bonds. Bonds 1.54 A (harmonic here, k_B 452900 K/A^2 as k/2), angles 114 deg (k_B 62500 K/rad^2
# as k/2), torsions c1, c2, c3 / k_B in K of c1 (1 + cos phi) + c2 (1 - cos 2 phi) + c3 (1 + cos 3 phi).
TRAPPE_UA = {
    "CH3": {"mass": 15.035, "epsilon_K": 98.0, "sigma": 3.75},
    "CH2": {"mass": 14.027, "epsilon_K": 46.0, "sigma": 3.95},
    "CH": {"mass": 13.019, "epsilon_K": 10.0, "sigma": 4.68},
}
TRAPPE_BONDED = {"r0": 1.54, "k_bond_K": 452900.0, "theta0": 114.0, "k_angle_K": 62500.0,
                 "torsion_K": (355.03, -68.19, 791.32), "cutoff": 14.0}  # fmt: skip
# [001] symmetric tilt grain boundaries: the usual boundary plane (h k 0) for a coincidence index Sigma.
TILT_PLANES = {5: (3, 1), 13: (5, 1), 17: (4, 1), 25: (7, 1), 29: (5, 2), 37: (6, 1), 41: (5, 4)}
EV_PER_A2_TO_MJ_PER_M2 = 16021.766  # 1 eV/A^2 in mJ/m^2


def tilt_sigma(h: int, k: int) -> int:
    """The coincidence index of the [001] tilt boundary on (h k 0) in a cubic crystal: h^2 + k^2 made odd."""
    sigma = h * h + k * k
    while sigma and sigma % 2 == 0:
        sigma //= 2
    return sigma


WATER_DENSITY = 0.997  # g/cm3, liquid water at 298 K and 1 atm
WATER_MOLAR_MASS = 18.015  # g/mol

# The reduced Lennard-Jones phase diagram (Hansen & Verlet 1969; Johnson et al. 1993).
LJ_TRIPLE_T = 0.69
LJ_CRITICAL_T = 1.31  # full potential; about 1.08 with the cutoff at 2.5 sigma
LJ_LIQUID_DENSITY = 0.8442  # the classic state point near the triple point
LJ_MIN_CUTOFF = 2.5  # sigma: below this the attractive well is cut away (2**(1/6) is purely repulsive)

# Timesteps an expert would use, in the unit system's time unit.
TIMESTEP = {
    "lj": 0.005,
    "metal": 0.001,  # 1 fs for metals and semiconductors
    "metal_light": 0.0005,  # 0.5 fs when H or C bonds vibrate fast (Tersoff/REBO carbon, hydrocarbons)
    "real": 1.0,  # 1 fs (2 fs needs SHAKE on bonds to hydrogen)
    "real_atomic": 2.0,  # 2 fs for atomic liquids such as argon (no fast bonds)
}
# Damping an expert uses: 100 timesteps for a thermostat, 1000 for a barostat.
TDAMP_STEPS = 100
PDAMP_STEPS = 1000

# Pressure scale a condensed system at rest stays within when no pressure is asked for.
# metal: bar, real: atm, lj: reduced. A lattice 5-10 % off its equilibrium constant gives tens of GPa.
PLAUSIBLE_PRESSURE = {"metal": 50_000.0, "real": 20_000.0, "lj": 10.0}

# Number density of a phase relative to the element's reference crystal.
DENSITY_RATIO = {"solid": (0.85, 1.12), "liquid": (0.72, 1.05), "gas": (0.0, 0.2)}
LJ_DENSITY = {"solid": (0.94, 1.25), "liquid": (0.55, 1.0), "gas": (0.0, 0.3)}

# What an experienced user picks when a request names only the element(s): a widely used,
# well-tested file of the wheel's potentials library, by sorted element set. Other sets are
# matched by `grounding.potentials_for` (the simplest pair style that covers them all).
PREFERRED_POTENTIAL = {
    ("Cu",): "Cu_u3.eam", ("Ni",): "Ni_u3.eam", ("Ag",): "Ag_u3.eam", ("Au",): "Au_u3.eam",
    ("Pd",): "Pd_u3.eam", ("Pt",): "Pt_u3.eam", ("Al",): "Al_jnp.eam", ("Fe",): "Fe_mm.eam.fs",
    ("Mg",): "Mg_mm.eam.fs", ("Si",): "Si.sw", ("Ge",): "Ge.tersoff", ("C",): "SiC.tersoff",
    ("Ta",): "CuTa.eam.alloy", ("W",): "W_zhou.eam.alloy", ("Zr",): "Zr_mm.eam.fs",
    ("Al", "Ni"): "NiAlH_jea.eam.alloy", ("Cu", "Ni"): "CuNi.eam.alloy", ("C", "Si"): "SiC.tersoff",
    ("Cu", "Zr"): "CuZr_mm.eam.fs", ("Al", "Cu"): "AlCu.eam.alloy",
    ("Cu", "Ta"): "CuTa.eam.alloy", ("Al", "Fe"): "AlFe_mm.eam.fs", ("Fe", "V"): "VFe_mm.eam.fs",
    ("Al", "Co"): "CoAl.eam.alloy", ("Ga", "N"): "GaN.tersoff", ("C", "H"): "CH.airebo",
}  # fmt: skip


@dataclass(frozen=True)
class Element:
    symbol: str
    name: str
    mass: float  # g/mol
    lattice: str | None  # LAMMPS lattice style of the reference crystal (fcc, bcc, hcp, diamond) or None
    a: float | None  # lattice constant, Angstrom
    melting_K: float | None

    @property
    def atoms_per_cell(self) -> int | None:
        return ATOMS_PER_CELL.get(self.lattice or "")

    @property
    def nearest_neighbour(self) -> float | None:
        """Nearest-neighbour distance in the reference crystal, Angstrom."""
        factor = {"fcc": 2**-0.5, "bcc": 3**0.5 / 2, "diamond": 3**0.5 / 4, "hcp": 1.0, "sc": 1.0}
        return self.a * factor[self.lattice] if self.a and self.lattice in factor else None

    @property
    def number_density(self) -> float | None:
        """Atoms per cubic Angstrom in the reference crystal."""
        if not self.a or not self.atoms_per_cell:
            return None
        if self.lattice == "hcp":
            c_over_a = ase.data.reference_states[ase.data.atomic_numbers[self.symbol]].get("c/a", 1.633)
            return 2 / ((3**0.5 / 2) * self.a**2 * c_over_a * self.a)
        return self.atoms_per_cell / self.a**3


@functools.cache
def element(symbol: str) -> Element | None:
    z = ase.data.atomic_numbers.get(symbol)
    if z is None:
        return None
    ref = ase.data.reference_states[z] or {}
    lattice = ref.get("symmetry")
    lattice = lattice if lattice in ATOMS_PER_CELL else None
    a = ref.get("a") if lattice else None
    if symbol in NOBLE_LJ:  # ASE gives the solid at low temperature: fcc
        lattice, a = "fcc", ref.get("a")
    return Element(symbol, ase.data.atomic_names[z].lower(), float(ase.data.atomic_masses[z]), lattice, a,
                   MELTING_K.get(symbol))  # fmt: skip


def timestep(units: str, elements: list[str] | tuple[str, ...] = ()) -> float:
    """The timestep an expert would use for these units and elements."""
    if units == "metal" and {"H", "C"} & set(elements):
        return TIMESTEP["metal_light"]
    if units == "real" and set(elements) and set(elements) <= set(NOBLE_LJ):
        return TIMESTEP["real_atomic"]
    return TIMESTEP.get(units, LAMMPS_DEFAULT_TIMESTEP.get(units, 0.005))


def fs(units: str) -> float | None:
    """One femtosecond in this unit system's time unit (None for lj)."""
    return FS.get(units)


def speed_A_per_ps(energy_eV: float, mass_amu: float) -> float:
    """The speed (Angstrom/ps, metal units) of a particle of mass `mass_amu` with kinetic energy `energy_eV`."""
    return math.sqrt(2 * energy_eV * 1.602176634e-19 / (mass_amu * 1.66053906660e-27)) / 100
