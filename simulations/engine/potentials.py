"""The read-only potentials library: which elements each file covers, which pair style
reads it, and which unit system its numbers are in.

Users pick potentials by element and style, not by file name; the validator uses the same
facts to catch a `pair_style eam/alloy` pointed at a funcfl `.eam` file, or a metal-units
file used with `units real`. Facts come from each file's own header (the `UNITS:` tag that
LAMMPS itself checks, the element line of setfl/fs files, the element columns of
parameter files), so they hold for any library directory, not just the wheel's.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

# File-name suffix -> pair styles that read it. Longest suffix wins.
SUFFIX_STYLES: dict[str, tuple[str, ...]] = {
    "eam": ("eam",),
    "eam.alloy": ("eam/alloy",),
    "eam.fs": ("eam/fs",),
    "eam.he": ("eam/he",),
    "eam.cd": ("eam/cd",),
    "adp": ("adp",),
    "tersoff": ("tersoff",),
    "tersoff.mod": ("tersoff/mod",),
    "tersoff.modc": ("tersoff/mod/c",),
    "tersoff.zbl": ("tersoff/zbl",),
    "sw": ("sw",),
    "sw.mod": ("sw/mod",),
    "meam": ("meam",),
    "msmeam": ("meam",),
    "meam.spline": ("meam/spline",),
    "meam.sw.spline": ("meam/sw/spline",),
    "bop.table": ("bop",),
    "comb": ("comb",),
    "comb3": ("comb3",),
    "vashishta": ("vashishta",),
    "edip": ("edip",),
    "extep": ("extep",),
    "gw": ("gw",),
    "gw.zbl": ("gw/zbl",),
    "nb3b.harmonic": ("nb3b/harmonic",),
    "poly": ("polymorphic",),
    "snapcoeff": ("snap",),
    "snapparam": ("snap",),
    "lcbop": ("lcbop",),
    "airebo": ("airebo",),
    "airebo-m": ("airebo/morse",),
    "rebo": ("rebo",),
    "streitz": ("coul/streitz",),
    "table": ("table",),
    "agni": ("agni",),
    "ILP": ("ilp/graphene/hbn", "ilp/tmd"),
    "KC": ("kolmogorov/crespi/full", "kolmogorov/crespi/z"),
    "reax": ("reaxff",),
    "cgdna": ("oxdna/excv",),
    "pod": ("pod",),
    "uf3": ("uf3",),
    "rann": ("rann",),
}

ELEMENTS = """H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga
Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm
Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np
Pu Am Cm Bk Cf Es Fm Md No Lr""".split()
_ELEMENT_SET = set(ELEMENTS)
# Potential files name species this way too (e.g. "Si(D)" in some ReaxFF sets) but these
# are the common ones; anything else is reported as not known.

_UNITS_RE = re.compile(r"UNITS:\s*(\w+)")


@dataclass(frozen=True)
class PotentialFile:
    name: str
    path: str
    pair_styles: tuple[str, ...]
    elements: tuple[str, ...]
    units: str | None
    size: int
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The name a file gives an element when it is not the bare symbol, for pair_coeff: SiCGe.tersoff
    # has three Si parameter sets, Si(B), Si(C) and Si(D): (("Si", "Si(D)"),), the one with cross terms.
    labels: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)


def styles_for(name: str) -> tuple[str, ...]:
    parts = name.split(".")
    for i in range(1, len(parts)):
        suffix = ".".join(parts[i:])
        if suffix in SUFFIX_STYLES:
            return SUFFIX_STYLES[suffix]
    return ()


def _elements_from_setfl(lines: list[str]) -> tuple[str, ...]:
    # setfl (eam/alloy, eam/fs, adp): three comment lines, then "N El1 El2 ...".
    if len(lines) >= 4:
        words = lines[3].split()
        if words and words[0].isdigit() and len(words) == int(words[0]) + 1:
            return tuple(w for w in words[1:])
    return ()


def _elements_from_funcfl(lines: list[str]) -> tuple[str, ...]:
    # funcfl (.eam): comment line, then "Z mass a lattice".
    if len(lines) >= 2:
        words = lines[1].split()
        if words and words[0].isdigit() and 0 < int(words[0]) <= len(ELEMENTS):
            return (ELEMENTS[int(words[0]) - 1],)
    return ()


def _elements_from_parameter_lines(lines: list[str]) -> tuple[str, ...]:
    # tersoff/sw/vashishta/...: each non-comment entry starts with element names.
    found: list[str] = []
    for line in lines:
        body = line.split("#", 1)[0].split()
        if not body:
            continue
        for word in body[:3]:
            if word in _ELEMENT_SET and word not in found:
                found.append(word)
            elif word not in _ELEMENT_SET:
                break
    return tuple(found)


_LABEL_RE = re.compile(r"([A-Z][a-z]?)\(\w+\)")


def _labels_from_parameter_lines(lines: list[str]) -> dict[str, str]:
    """Element -> label for files that name species "Si(D)": for an element with no bare entry, the
    label that shares the most entries with other elements (the set meant for the mixture)."""
    shared: dict[str, int] = {}
    bare: set[str] = set()
    for line in lines:
        words = line.split("#", 1)[0].split()[:3]
        species = [(m.group(1) if (m := _LABEL_RE.fullmatch(w)) else w, w) for w in words]
        if len(species) < 3 or not all(el in _ELEMENT_SET for el, _ in species):
            continue
        for el, label in species:
            if label == el:
                bare.add(el)
            else:
                shared[label] = shared.get(label, 0) + sum(other != el for other, _ in species)
    out: dict[str, str] = {}
    for label, _ in sorted(shared.items(), key=lambda kv: -kv[1]):
        el = _LABEL_RE.fullmatch(label).group(1)
        if el not in bare and el not in out:
            out[el] = label
    return out


def describe(path: Path) -> PotentialFile:
    """Read what a potential file's header says about it."""
    name = path.name
    styles = styles_for(name)
    try:
        with path.open("r", errors="replace") as fh:
            head = [fh.readline() for _ in range(400)]
    except OSError:
        head = []
    head = [h.rstrip("\n") for h in head if h]
    first = " ".join(head[:3])
    units_match = _UNITS_RE.search(first)
    units = units_match.group(1) if units_match else None
    elements: tuple[str, ...] = ()
    labels: dict[str, str] = {}
    if "eam" in styles or "eam/he" in styles or "eam/cd" in styles:
        elements = _elements_from_funcfl(head)
    if not elements and any(s in {"eam/alloy", "eam/fs", "adp", "eam/he", "eam/cd"} for s in styles):
        elements = _elements_from_setfl(head)
    if not elements and any(
        s.startswith(("tersoff", "sw", "vashishta", "edip", "extep", "gw", "nb3b", "comb")) for s in styles
    ):
        elements = _elements_from_parameter_lines(head)
        labels = _labels_from_parameter_lines(head)
        elements += tuple(el for el in labels if el not in elements)
    if not elements:
        # A name like CuZr_mm.eam.fs or AlCu.adp still tells the elements.
        stem = re.split(r"[._-]", name)[0]
        elements = tuple(re.findall(r"[A-Z][a-z]?", stem))
        elements = tuple(e for e in elements if e in _ELEMENT_SET)
    description = ""
    if units_match:
        cit = re.search(r"CITATION:\s*(.+)", first)
        description = cit.group(1).strip() if cit else ""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return PotentialFile(
        name=name,
        path=str(path),
        pair_styles=styles,
        elements=elements,
        units=units,
        size=size,
        description=description[:200],
        labels=tuple(labels.items()),
    )


class PotentialLibrary:
    """A read-only directory of potential files, looked up by bare name."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, name: str) -> Path | None:
        if "/" in name or name in {".", ".."} or name.startswith("."):
            return None
        candidate = self.directory / name
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
        return None

    def names(self) -> list[str]:
        return sorted(p.name for p in self.directory.iterdir() if p.is_file() and p.name != "README")

    @functools.lru_cache(maxsize=512)  # noqa: B019 - the library is read-only and long-lived
    def info(self, name: str) -> PotentialFile | None:
        p = self.path(name)
        return describe(p) if p else None

    def all(self) -> list[PotentialFile]:
        return [info for n in self.names() if (info := self.info(n))]

    def find(self, *, elements: list[str] | None = None, pair_style: str | None = None) -> list[PotentialFile]:
        """Files that cover all `elements` and are read by `pair_style` (prefix match)."""
        out = []
        for info in self.all():
            if elements and not set(elements) <= set(info.elements):
                continue
            if pair_style and not any(s == pair_style or s.startswith(pair_style + "/") for s in info.pair_styles):
                continue
            out.append(info)
        return out


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
