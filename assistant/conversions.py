"""Unit conversions a question asks for ("0.010 Hartree is how much in eV and in kcal/mol?", "10 THz in
cm^-1 and meV", "what factor converts amu/A^3 to g/cm^3?"), done with pint (CODATA constants, with its
spectroscopy and Boltzmann contexts and Avogadro's number for molar units) instead of the model's
arithmetic. No Django import.

A question is answered only when its choices give values with units (or bare factors for a "factor"
question), exactly one choice's values all equal the question's quantity converted to their units
(within 3 %, for "about" values), and at least one other choice is a conversion too.
"""

from __future__ import annotations

import re
from functools import lru_cache

TOLERANCE = 0.03
NUMBER = r"(?<![\w.^])(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:\s*[x×]\s*10\^?\(?(-?\d+)\)?)?"
UNIT = r"((?:per\s+)?[A-Za-zÅμ][\w^*\-]*(?:\s*/\s*[A-Za-zÅμ][\w^\-]*)*)"
QUANTITY = re.compile(NUMBER + r"\s*" + UNIT)
UNIT_ONLY = re.compile(r"(?<![\w^])([A-Za-zÅμ][\w^\-]*(?:\s*/\s*[A-Za-zÅμ][\w^\-]*)+)")  # "amu/A^3", "g/cm^3"
ASKS_CONVERSION = re.compile(r"\bhow (much|many)\b|\bequals?\b|\bconver(t|ts|ted|sion)\b|\bwhat is (that|this|it) in\b|"
                             r"\bexpressed in\b|\bcorresponds? to\b|\bfactor\b", re.I)  # fmt: skip
ASKS_FACTOR = re.compile(r"\bfactor\b|\bmultiply\b", re.I)
# How MD texts write units that pint spells otherwise (pint's "A" is the ampere, "D" a day).
SPELLINGS = (
    (r"Å|\bangstroms?\b|\bAngstroms?\b|\bA\b", "angstrom"), (r"\bHartrees?\b|\bHa\b", "hartree"), (r"\bamu\b", "dalton"),
    (r"\bDebye\b|\bD\b", "debye"), (r"\bkcal/mole\b", "kcal/mol"), (r"\bg/cc\b", "g/cm^3"), (r"/atom\b", ""),
    (r"^per\s+", "1/"), (r"\bBohr\b", "bohr"), (r"\bRy\b", "rydberg"),
)  # fmt: skip


@lru_cache(maxsize=1)
def registry():
    import pint

    return pint.UnitRegistry()


def conversion_answer(question: str, choices: list[str]) -> tuple[int, str] | None:
    """(the choice, why) when converting the question's quantity singles out one choice; else None."""
    try:
        return _answer(question, choices)
    except Exception:  # pint cannot read or relate what was written: nothing to say
        return None


def _answer(question: str, choices: list[str]) -> tuple[int, str] | None:
    if not ASKS_CONVERSION.search(question):
        return None
    given = _quantities(question)
    factor = None
    if ASKS_FACTOR.search(question):
        units = [u for u in (_unit(m) for m in UNIT_ONLY.findall(question)) if u is not None]
        factor = (1.0 * units[0], units[-1]) if len(units) >= 2 and units[0] != units[-1] else None
    found = []
    for choice in choices:
        values = _quantities(choice)
        if values:
            # (a value in the question's own unit is no conversion: "about 1 bar" for a run at 1 bar)
            found.append(all(any(q.units != v.units and _equal(_converted(q, v.units), v.magnitude) for q in given)
                             for v in values))  # fmt: skip
        elif factor is not None and (bare := re.match(r"\W*" + NUMBER + r"\s*(?:$|[,;(])", choice)):
            found.append(_equal(_converted(factor[0], factor[1]), _number(bare.group(1), bare.group(2))))
        else:
            found.append(None)
    conversions = [f for f in found if f is not None]
    if found.count(True) != 1 or len(conversions) < 2:
        return None
    index = found.index(True)
    return index, f"converted with pint (CODATA constants): {choices[index]}"


def _quantities(text: str) -> list:
    """The quantities with units a text gives ("0.010 Hartree", "334 cm^-1", "17e-6 per K")."""
    ureg = registry()
    out = []
    for number, power, unit in QUANTITY.findall(text):
        parsed = _unit(unit)
        if parsed is not None and not parsed.dimensionless:
            out.append(ureg.Quantity(_number(number, power), parsed))
    return out


def _unit(text: str):
    text = text.strip()
    for pattern, spelled in SPELLINGS:
        text = re.sub(pattern, spelled, text)
    try:
        return registry().parse_units(text.replace("^", "**").replace("−", "-"))
    except Exception:
        return None


def _number(number: str, power: str) -> float:
    return float(number) * (10 ** int(power) if power else 1)


def _converted(quantity, units) -> float | None:
    """The quantity in these units, directly, through the spectroscopy or Boltzmann relation, or per mole
    (Avogadro's number) where one side is molar and the other is not."""
    ureg = registry()
    n_a = ureg.avogadro_constant
    for q in (quantity, quantity * n_a, quantity / n_a):
        for context in ((), ("sp",), ("boltzmann",)):
            try:
                with ureg.context(*context):
                    return q.to(units).magnitude
            except Exception:
                continue
    return None


def _equal(value: float | None, written: float) -> bool:
    if value is None:
        return False
    if written == 0:
        return abs(value) < 1e-12
    return abs(value - written) <= TOLERANCE * abs(written)
