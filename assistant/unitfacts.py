"""Questions about the unit of a quantity in a LAMMPS unit style ("In `units real`, what unit is the
velocity in?"), answered from LAMMPS's own table (`simulations.engine.units.QUANTITY_UNITS`, from
docs.lammps.org/units.html) instead of the model's memory. No Django import.

A question is answered only when it names one unit style, its asking sentence ("what unit", "in which
units") names the quantities, and exactly one choice gives the unit of each of them.
"""

from __future__ import annotations

import re

from simulations.engine.units import QUANTITY_UNITS, UNIT_STYLES

ASKS_UNIT = re.compile(r"\b(what|which|in what|in which)\s+(time\s+|energy\s+)?units?\b|\bunits? (of|is|are)\b|"
                       r"\bexpressed in\b|\bmeasured in\b", re.I)  # fmt: skip
# Per-atom stress is pressure times volume: not the table's unit of pressure.
NOT_IN_TABLE = re.compile(r"stress/atom|per-atom stress|centroid/stress", re.I)
STYLE = re.compile(r"`units (\w+)`|\bunits[ =]+['\"]?(\w+)|['\"]?\b(\w+)['\"]? units\b", re.I)
QUANTITY_WORDS = {
    "time": r"\btime\b|\btimestep\b|\bdt\b|\b[tp]damp\b|\bdamping\b",
    "distance": r"\bdistances?\b|\blength\b|\bcut-?offs?\b|\blattice constant\b|\bpositions?\b|\bcoordinates?\b|\bskin\b",
    "energy": r"\benerg(y|ies)\b|\bpoteng\b|\btoteng\b|\bepsilon\b",
    "pressure": r"\bpress(ure)?\b|\bstress\b",
    "velocity": r"\bveloc\w*|\bspeeds?\b",
    "force": r"\bforces?\b",
    "mass": r"\bmass(es)?\b",
    "temperature": r"\btemp(erature)?\b",
    "charge": r"\bcharges?\b",
    "density": r"\bdensity\b",
    "viscosity": r"\bviscosity\b",
    "torque": r"\btorque\b",
}  # fmt: skip
# Spelled-out units as the table writes them (applied in order, to lower-case text).
SPELLINGS = (
    (r"ångström|angstr[oö]ms?|å", "a"), (r"picoseconds?", "ps"), (r"femtoseconds?", "fs"), (r"nanoseconds?", "ns"),
    (r"microseconds?", "us"), (r"seconds?", "s"), (r"electron[- ]?volts?", "ev"),
    (r"kilocalories? per mole?|kcal ?/ ?mole?|kcal mol\^?-1", "kcal/mol"), (r"atmospheres?", "atm"),
    (r"\bbars\b", "bar"), (r"pascals?", "pa"), (r"dynes?", "dyne"), (r"centimet(er|re)s?", "cm"),
    (r"square cm|cm2\b|cm\^2", "cm^2"), (r"cubic cm|cm3\b|cm\^3", "cm^3"),
    (r"grams? per mole?|g ?/ ?mole?|g mol\^?-1|atomic mass units?|daltons?", "g/mol"), (r"\bkelvin\b", "k"),
    (r"met(er|re)s?", "m"), (r"ergs\b", "erg"), (r"joules?", "j"), (r"newtons?", "n"), (r"kilograms?", "kg"),
    (r"\bgrams?\b", "g"), (r"hartrees?", "hartree"), (r"bohrs?", "bohr"), (r"poises?", "poise"),
    (r"elementary charges?|electron charges?|proton charges?", "e"), (r"\s+per\s+", "/"), (r"\s*/\s*", "/"),
)  # fmt: skip
UNIT_EXPRESSION = re.compile(r"[a-z]+(?:\^-?\d)?(?:[/*·-][a-z(]+\)?(?:\^-?\d)?)*")


def unit_answer(question: str, choices: list[str]) -> tuple[int, str] | None:
    """(the choice, why) when LAMMPS's unit table answers the question; else None."""
    styles = {next(g for g in m.groups() if g).lower() for m in STYLE.finditer(question)} & set(UNIT_STYLES)
    asking = [s for s in re.split(r"(?<=[.?!])\s+", question) if ASKS_UNIT.search(s)]
    if len(styles) != 1 or not asking or "lj" in styles or NOT_IN_TABLE.search(question):
        return None
    style = styles.pop()
    quantities = [q for q, words in QUANTITY_WORDS.items() if re.search(words, asking[-1], re.I)]
    expected = [QUANTITY_UNITS[q].get(style) for q in quantities]
    if not quantities or not all(expected):
        return None
    given = [_units_in(c) for c in choices]
    matches = [all(set(units) & g for units in expected) for g in given]
    if matches.count(True) != 1:
        return None
    said = "; ".join(f"{q} in {units[0]}" for q, units in zip(quantities, expected, strict=True))
    return matches.index(True), f"LAMMPS's units table (`units {style}`): {said}"


def _units_in(text: str) -> set[str]:
    """The unit expressions a choice writes, in the table's compact form ("Angstrom per femtosecond" ->
    "a/fs", "kcal/(mol Angstrom)" -> "kcal/mola")."""
    text = re.sub(r"\bA\b(?=\s*(/|per\b|\)|,|;|$))", "a", text)  # a capital A next to a unit is Angstrom
    text = text.replace("Å", "a").lower()
    for pattern, unit in SPELLINGS:
        text = re.sub(pattern, unit, text)
    found = set()
    for expr in UNIT_EXPRESSION.findall(text):
        found.add(expr)
        found.add(re.sub(r"[()·*\-]", "", expr.replace("·", "*")))  # "kcal/mol-a" -> "kcal/mola"
        found.add(expr.replace("·", "*"))
    return found
