"""What a user's LAMMPS data file says (counts, types, masses, charges, the coefficient sections it
carries) and what it holds: which unit system its masses are in, which element each atom type is, and
whether it is a chemistry with a standard force field an expert would give it (rigid water, united-atom
alkanes) when the file carries no coefficients of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import ase.data

from . import facts

SECTIONS = ("Masses", "Atoms", "Velocities", "Bonds", "Angles", "Dihedrals", "Impropers", "Pair Coeffs",
            "PairIJ Coeffs", "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs", "Improper Coeffs")  # fmt: skip
# The coefficient section each kind of topology needs, and the kinds in order.
TOPOLOGY = {"bond": "Bond Coeffs", "angle": "Angle Coeffs", "dihedral": "Dihedral Coeffs",
            "improper": "Improper Coeffs"}  # fmt: skip
# Where the charge sits in a line of the Atoms section, by atom style.
CHARGE_COLUMN = {"full": 3, "charge": 2}
# The style LAMMPS's write_data names in a section's comment is used as is; without one, the style
# is the usual one for the number of coefficients per line.
STYLE_BY_COUNT = {
    "Pair Coeffs": {2: "lj/cut"},
    "Bond Coeffs": {2: "harmonic", 4: "fene"},
    "Angle Coeffs": {2: "harmonic", 4: "charmm"},
    "Dihedral Coeffs": {3: "harmonic", 4: "opls", 5: "multi/harmonic"},
    "Improper Coeffs": {2: "harmonic", 3: "cvff"},
}
MASS_TOLERANCE = 0.01  # amu (CH2, 14.027, is 0.02 from N)


@dataclass
class DataFile:
    counts: dict[str, int] = field(default_factory=dict)  # atoms, bonds, angles, dihedrals, impropers
    types: dict[str, int] = field(default_factory=dict)  # atom, bond, angle, dihedral, improper
    style: str = "atomic"
    masses: dict[int, float] = field(default_factory=dict)
    coeffs: dict[str, tuple[str | None, list[str]]] = field(default_factory=dict)  # section: (comment, 1st values)
    charged: bool = False

    def header(self) -> dict:
        """The counts and type counts in the flat form the planner records."""
        return {"style": self.style, **self.counts, **{f"{k}_types": v for k, v in self.types.items()}}

    def topology(self) -> list[str]:
        """The kinds of bonded terms present (bond, angle, ...), in order."""
        return [k for k in TOPOLOGY if self.counts.get(k + "s")]

    def missing_coeffs(self) -> list[str]:
        """The coefficient sections a run would need that the file does not carry."""
        need = ["Pair Coeffs"] + [TOPOLOGY[k] for k in self.topology()]
        have = set(self.coeffs) | ({"Pair Coeffs"} if "PairIJ Coeffs" in self.coeffs else set())
        return [n for n in need if n not in have]


def read(path: Path) -> DataFile:
    """Parse the header and the sections a script needs to know about (never raises on odd files)."""
    df = DataFile()
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return df
    section, style_comment, atoms, styled = None, None, [], False
    for raw in lines[1:]:
        line = raw.split("#")[0].strip()
        head = next((s for s in SECTIONS if raw.strip().startswith(s)), None)
        if head:
            section = head
            c = re.search(r"#\s*(\S+)", raw)
            style_comment = c.group(1) if c else None
            if head == "Atoms" and style_comment:
                df.style = style_comment
                styled = True
            continue
        if not line:
            continue
        if section is None:
            _header_line(df, line)
        elif section == "Masses":
            parts = line.split()
            if len(parts) >= 2 and parts[0].isdigit():
                df.masses[int(parts[0])] = float(parts[1])
        elif section == "Atoms":
            atoms.append(line.split())
        elif section.endswith("Coeffs") and section not in df.coeffs:
            df.coeffs[section] = (style_comment, line.split()[2 if section == "PairIJ Coeffs" else 1 :])
    if not styled:  # no "Atoms # style" comment: the columns tell
        df.style = _style_of_columns(df, len(atoms[0]) if atoms else 0)
    column = CHARGE_COLUMN.get(df.style)
    if column is not None:
        df.charged = any(len(a) > column and _nonzero(a[column]) for a in atoms)
    return df


def _style_of_columns(df: DataFile, columns: int) -> str:
    """The atom style of an Atoms section without a style comment, from its number of columns (with or
    without the three image flags) and the topology the header counts."""
    topology = ("molecular" if df.counts.get("dihedrals") else "angle" if df.counts.get("angles")
                else "bond" if df.counts.get("bonds") else None)  # fmt: skip
    if columns in (7, 10):
        return "full"
    if columns in (6, 9):
        return topology or "charge"
    return topology or "atomic"


def _nonzero(value: str) -> bool:
    try:
        return abs(float(value)) > 1e-12
    except ValueError:
        return False


def _header_line(df: DataFile, line: str) -> None:
    m = re.match(r"(\d+)\s+(atoms|bonds|angles|dihedrals|impropers)$", line)
    t = re.match(r"(\d+)\s+(atom|bond|angle|dihedral|improper)\s+types$", line)
    if m:
        df.counts[m.group(2)] = int(m.group(1))
    elif t:
        df.types[t.group(2)] = int(t.group(1))


def coeff_style(df: DataFile, section: str) -> str | None:
    """The style a coefficient section is written for: its comment, else the usual one for its values."""
    comment, values = df.coeffs.get(section, (None, []))
    if comment:
        return comment
    if section in ("Pair Coeffs", "PairIJ Coeffs") and len(values) == 4:  # epsilon, sigma and their 1-4 values
        return "lj/charmm/coul/long" if df.charged else "lj/charmm/coul/charmm"
    if section == "Dihedral Coeffs" and len(values) == 4 and _charmm_dihedral(values):
        return "charmm"
    style = STYLE_BY_COUNT.get(section.replace("PairIJ", "Pair"), {}).get(len(values))
    if section in ("Pair Coeffs", "PairIJ Coeffs") and style == "lj/cut" and df.charged:
        return "lj/cut/coul/long"
    return style


def _charmm_dihedral(values: list[str]) -> bool:
    """K n d w: an integer multiplicity, a phase of 0/90/180 degrees and a 1-4 weight in [0, 1]."""
    try:
        k, n, d, w = (float(v) for v in values)
    except ValueError:
        return False
    return n.is_integer() and 0 <= n <= 6 and d in (0.0, 90.0, 180.0) and 0 <= w <= 1


def element_of(mass: float) -> str | None:
    """The element whose standard atomic mass this is (within 0.01 amu), else None."""
    for z in range(1, len(ase.data.atomic_masses)):
        if abs(ase.data.atomic_masses[z] - mass) <= MASS_TOLERANCE:
            return ase.data.chemical_symbols[z]
    return None


def united_atom_of(mass: float) -> str | None:
    """The united-atom group (CH3, CH2, CH) whose mass this is, else None."""
    return next((g for g, p in facts.TRAPPE_UA.items() if abs(p["mass"] - mass) <= MASS_TOLERANCE), None)


def units_of(df: DataFile) -> str | None:
    """lj when every mass is 1 (reduced units), real when they are atomic or united-atom masses."""
    masses = list(df.masses.values())
    if not masses:
        return None
    if all(abs(m - 1.0) < 1e-9 for m in masses):
        return "lj"
    if all(element_of(m) or united_atom_of(m) for m in masses):
        return "real"
    return None


def chemistry(df: DataFile) -> str | None:
    """water: types of O and H with O-H bonds and H-O-H angles; alkane: only united-atom CH3/CH2/CH
    groups with bonds; atoms: every type an element and no bonds; else None."""
    if not df.masses:
        return None
    elements, groups = type_elements(df.masses), type_groups(df.masses)
    if set(elements) == {"O", "H"} and df.counts.get("bonds") and df.counts.get("angles"):
        return "water"
    if all(groups) and df.counts.get("bonds"):
        return "alkane"
    if all(elements) and not df.counts.get("bonds"):
        return "atoms"
    return None


def type_elements(masses: dict[int, float]) -> list[str]:
    """The element of each atom type, in type order ('' where the mass names none)."""
    return [element_of(masses.get(t, 0.0)) or "" for t in range(1, max(masses, default=0) + 1)]


def type_groups(masses: dict[int, float]) -> list[str]:
    """The united-atom group of each atom type, in type order ('' where the mass names none)."""
    return [united_atom_of(masses.get(t, 0.0)) or "" for t in range(1, max(masses, default=0) + 1)]
