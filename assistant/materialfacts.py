"""Measured facts of one element a question asks for ("What is the melting point of aluminium?", "Which
crystal structure does tungsten have?", "lattice constant of copper"), answered from the project's one
home of element data (`assistant.agent.facts`: ASE's reference crystals and masses, the CRC melting
points) instead of the model's memory. No Django import.

Only the real material: a question about what a potential, model or simulation gives is not answered.
Exactly one choice must hold the value (within the tolerance below) or name the structure.
"""

from __future__ import annotations

import re

import ase.data

from assistant.agent.facts import element

# What is asked -> (words that ask it, relative tolerance of a numeric answer)
ASKED = {
    "melting": (r"\bmelting (point|temperature)\b|\bmelts? at\b", 0.03),
    "lattice": (r"\blattice (constant|parameter)\b", 0.015),
    "mass": (r"\batomic (mass|weight)\b|\bmolar mass\b", 0.01),
    "structure": (r"\b(crystal )?structure\b|\blattice type\b|\bcrystalli[sz]es?\b", None),
}
# A question about a model's value, not the material's.
MODELLED = re.compile(r"\bpotential|\bEAM\b|\bMEAM\b|\btersoff\b|\bmodel\b|\bsimulat|\bpredict|\bMD\b|\bcomputed\b|"
                      r"\bgives\b|\bfitted\b|\bforce field\b|\bLJ\b|\bLennard", re.I)  # fmt: skip
# Conditions under which the tabulated value is not the answer (pressure, size, mixing).
CONDITIONS = re.compile(r"\bGPa\b|\bhigh pressure|\bunder pressure|\bcompress|\bnano|\bcluster|\bparticle|\bfilm\b|"
                        r"\bsurface|\balloy|\bamorphous|\bliquid\b|\bglass", re.I)  # fmt: skip
STRUCTURES = {"fcc": r"\bfcc\b|face[- ]centred|face[- ]centered", "bcc": r"\bbcc\b|body[- ]centred|body[- ]centered",
              "hcp": r"\bhcp\b|hexagonal close", "diamond": r"\bdiamond\b"}  # fmt: skip
# Symbols that are also English words ("At what temperature...", "In a run...").
ENGLISH = {"I", "A", "At", "In", "As", "He", "No", "Be", "Am", "Es"}
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def fact_answer(question: str, choices: list[str]) -> tuple[int, str] | None:
    """(the choice, why) when the element data single out one choice; else None."""
    if MODELLED.search(question) or CONDITIONS.search(question):
        return None
    symbols = _elements(question)
    asked = [k for k, (words, _) in ASKED.items() if re.search(words, question, re.I)]
    if len(symbols) != 1 or len(asked) != 1:
        return None
    el = element(symbols.pop())
    kind = asked[0]
    value = {"melting": el.melting_K, "lattice": el.a, "mass": el.mass, "structure": el.lattice}[kind]
    if value is None:
        return None
    if kind == "structure":
        holds = [bool(re.search(STRUCTURES.get(value, r"^$"), c, re.I)) for c in choices]
        said = f"{el.name} is {value} (ASE's reference crystal)"
    else:
        tolerance = ASKED[kind][1]
        holds = [_holds(c, value, tolerance, kind) for c in choices]
        said = f"{el.name}: {kind} {value:g}" + (" K (CRC Handbook)" if kind == "melting" else "")
    if holds.count(True) != 1:
        return None
    return holds.index(True), said


def _elements(question: str) -> set[str]:
    """The elements a question names, by symbol ("Cu") or name ("copper", "aluminium")."""
    names = {n.lower(): s for s, n in zip(ase.data.chemical_symbols, ase.data.atomic_names, strict=False) if n}
    names.update({"aluminium": "Al", "sulphur": "S", "caesium": "Cs"})
    found = {
        s
        for s in re.findall(r"(?<![°\w])(?<!° )(?<!degrees )([A-Z][a-z]?)\b", question)
        if s in ase.data.atomic_numbers and s not in ENGLISH
    }
    found |= {names[w] for w in re.findall(r"[a-z]+", question.lower()) if w in names}
    return found


def _holds(choice: str, value: float, tolerance: float, kind: str) -> bool:
    """Whether the choice's leading number is the value (a melting point in Celsius converted to K)."""
    m = NUMBER.search(choice.replace(",", ""))
    if not m:
        return False
    number = float(m.group())
    if kind == "melting" and re.search(r"°\s*C\b|\bdeg(rees)? C", choice):
        number += 273.15
    return abs(number - value) <= tolerance * abs(value)
