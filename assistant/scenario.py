"""The system a question describes in words: "256 Cu atoms in fcc (a = 3.615 A), `units metal`,
`pair_style eam/alloy` with Cu_mishin1.eam.alloy: what does PotEng show after `run 0`?". An expert
builds that crystal, runs it and reads the thermo row; `experiment` runs the question's own commands in
it (instead of a generic system) and this module builds it and reads the values back. No Django import.

A system is described when the question names a Lennard-Jones system (reduced units), a potential file
of the installed library, or a noble gas with a quoted `lj/cut` pair style. Its size comes from "N
atoms" or "AxBxC", its lattice from the quoted `lattice` line, the prose ("fcc, a = 3.615", "rho* =
0.8442") or ASE's reference crystal of the element; what was not given is listed as assumed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.agent.facts import ATOMS_PER_CELL, NOBLE_LJ, element
from simulations.engine.units import ENERGY_UNIT, KB

LJ_WORDS = re.compile(r"\bLJ\b|Lennard[- ]Jones|\brho\s*\*|\breduced (LJ )?units|\bunits lj\b", re.I)
POTENTIAL_FILE = re.compile(r"(?<![\w/.-])[\w-]+(?:\.[\w-]+)*\.(?:eam\.alloy|eam\.fs|eam|tersoff|sw)\b")
ATOM_COUNT = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[A-Z][a-z]?\s+|LJ\s+|Lennard-Jones\s+|argon\s+)?atoms\b")
CELLS = re.compile(r"\b(\d+)\s*[x×]\s*(\d+)\s*[x×]\s*(\d+)\b")
LATTICE_PROSE = re.compile(r"\b(fcc|bcc|sc|diamond|hcp)\b")
CONSTANT = re.compile(r"\ba\s*=\s*(\d+\.\d+)|\b(?:fcc|bcc|sc|diamond|hcp)\s*\(?\s*(\d+\.\d+)")
DENSITY = re.compile(r"\brho\s*\*?\s*=\s*(\d*\.\d+)|\b(?:reduced |number )?density (?:of )?(\d*\.\d+)", re.I)
ELEMENT_WORD = re.compile(r"\b([A-Z][a-z]?)\b")
# Commands of the system itself: a quoted one takes the place of the one this module would write.
SYSTEM_COMMANDS = ("lattice", "region", "create_box", "create_atoms", "mass", "pair_style", "pair_coeff")
DEFAULT_CELLS = 4
LJ_DENSITY = 0.8442  # the LJ triple-point crystal density (Verlet 1967), the usual reduced-units test system
LJ_CUTOFF = 2.5


@dataclass
class Described:
    units: str
    lattice: str  # "fcc 0.8442", "fcc 3.615"
    cells: tuple[int, int, int]
    mass: list[str]
    pair: list[str]  # pair_style and pair_coeff lines
    element: str | None = None
    assumed: list[str] = field(default_factory=list)
    types: int = 1
    left_out: set[str] = field(default_factory=set)  # system commands the question says it has not ("no `mass`")
    stand_in: bool = False  # any system: the question asks only values that do not depend on it
    two_d: bool = False

    def system(self, quoted: list[str]) -> tuple[list[str], list[str]]:
        """The system's lines, with the question's own lattice, region, box, atoms and masses in their
        place, and the question's other lines (to run after it) in order. A question that gives both its
        pair style and coefficients has them run as its own lines, after the system."""
        own = {c: [line for line in quoted if line.split()[0] == c] for c in SYSTEM_COMMANDS}
        placed = [c for c in SYSTEM_COMMANDS if c not in PAIR_COMMANDS or not (own["pair_style"] and own["pair_coeff"])]
        nx, ny, nz = self.cells
        z = "-0.5 0.5" if self.two_d else f"0 {nz}"
        mine = {"lattice": [f"lattice {self.lattice}"], "region": [f"region box block 0 {nx} 0 {ny} {z}"],
                "create_box": [f"create_box {self.types} box"], "create_atoms": ["create_atoms 1 box"],
                "mass": self.mass, "pair_style": self.pair[:1], "pair_coeff": self.pair[1:]}  # fmt: skip
        lines = [f"units {self.units}"]
        for command in placed:
            lines += own[command] or ([] if command in self.left_out else mine[command])
        rest = [line for line in quoted if line.split()[0] not in placed and not line.startswith("units ")]
        return lines, rest

    def flat(self, question: str) -> Described:
        """This system in 2d (the question's `dimension 2` goes before it): a hexagonal (LJ) or square lattice
        of the same scale, one cell thick."""
        style = "hex" if self.units == "lj" else "sq"
        lattice = f"{style} {self.lattice.split()[1]}"
        count = ATOM_COUNT.search(question)
        n = round((int(count.group(1).replace(",", "")) / ATOMS_PER_CELL[style]) ** 0.5) if count else 0
        cells = (
            (n, n, 1)
            if n and n * n * ATOMS_PER_CELL[style] == int(count.group(1).replace(",", ""))
            else (self.cells[0], self.cells[1], 1)
        )
        return Described(self.units, lattice, cells, self.mass, self.pair, self.element,
                         [a.replace("an fcc crystal", f"a 2d {style} crystal") for a in self.assumed if "box (" not in a],
                         self.types, self.left_out, self.stand_in,
                         two_d=True)  # fmt: skip

    @property
    def natoms(self) -> int:
        nx, ny, nz = self.cells
        return nx * ny * nz * ATOMS_PER_CELL.get(self.lattice.split()[0], 4)


PAIR_COMMANDS = ("pair_style", "pair_coeff")
# "no `mass` command", "without a pair_coeff": a system line the question says is missing.
LEFT_OUT = re.compile(r"\b(?:no|without(?: an?)?)\s+`?(" + "|".join(SYSTEM_COMMANDS) + r")\b")
TYPES_IN_PROSE = re.compile(r"\b(\d|two|three|four)[- ](?:atom[- ])?types?\b", re.I)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4}


def _types(question: str, quoted: list[str]) -> int:
    """The atom types: as many as the question says ("a 2-type system"), as a quoted `pair_coeff * * FILE
    E1 E2` maps, or as the highest type a quoted `pair_coeff` names; else one."""
    said = [int(NUMBER_WORDS.get(m.lower(), m)) for m in TYPES_IN_PROSE.findall(question)]
    return max([1, *said, *coeff_types(quoted)])


def coeff_types(lines: list[str]) -> list[int]:
    """The atom types `pair_coeff` lines imply: as many as a many-body `pair_coeff * * FILE E1 E2 ...` maps,
    and the types a pair-wise one names ("`pair_coeff * 3 0.5 2.0`": 3)."""
    mapped = [len(line.split()) - 4 for line in lines if re.match(r"pair_coeff\s+\*\s+\*\s+\S*[A-Za-z]", line)]
    named = [int(w) for line in lines if line.startswith("pair_coeff ") for w in line.split()[1:3] if w.isdigit()]
    return mapped + named


def describe(question: str, quoted: list[str]) -> Described | None:
    """The system the question describes, or None when it names none this module can build."""
    units = next((line.split()[1] for line in quoted if line.startswith("units ") and len(line.split()) > 1), None)
    pair = [line for line in quoted if line.split()[0] in ("pair_style", "pair_coeff")]
    style = next((line.split()[1] for line in pair if line.startswith("pair_style ") and len(line.split()) > 1), None)
    built = _built(question, quoted, units, pair, style)
    if built is None and _asks_only_independent_values(question, quoted):
        built = _lennard_jones("", quoted)
        built.units = units or "lj"
        built.assumed, built.stand_in = [], True
    if built is not None:
        built.types = _types(question, quoted)
        built.left_out = set(LEFT_OUT.findall(question))
        if built.element and built.types > 1:  # every type is the one element
            built.pair[1:] = [line + f" {built.element}" * (built.types - 1) if line.startswith("pair_coeff * *") else line
                              for line in built.pair[1:]]  # fmt: skip
    return built


# What an equal-style variable may use and still not depend on the atoms: numbers, operators, math
# functions and the step/time functions (docs.lammps.org/variable.html).
INDEPENDENT_WORDS = {"ramp", "step", "elapsed", "elaplong", "time", "dt", "stagger", "logfreq", "logfreq2", "logfreq3",
                     "stride", "stride2", "vdisplace", "swiggle", "cwiggle", "sqrt", "exp", "ln", "log", "abs", "sin",
                     "cos", "tan", "asin", "acos", "atan", "atan2", "ceil", "floor", "round", "ternary", "PI", "version",
                     "yes", "no", "on", "off", "true", "false"}  # fmt: skip


def _asks_only_independent_values(question: str, quoted: list[str]) -> bool:
    """Whether the question asks for `v_NAME` values of its own equal-style variables that use nothing of
    the system (`variable T equal ramp(300,600)`): any system then gives its values."""
    formulas = {}
    for line in quoted:
        words = line.split(maxsplit=3)
        if words[0] == "variable" and len(words) == 4 and words[2] == "equal":
            formulas[words[1]] = words[3].strip("\"'")
    asked = [r[2:] for r in REFERENCE.findall(question) if r.startswith("v_")]
    return bool(asked) and all(_independent(name, formulas, set()) for name in asked)


def _independent(name: str, formulas: dict[str, str], seen: set[str]) -> bool:
    if name not in formulas or name in seen:
        return False
    seen.add(name)
    for word in re.findall(r"[A-Za-z_]\w*", formulas[name]):
        if word.startswith("v_"):
            if not _independent(word[2:], formulas, seen):
                return False
        elif word not in INDEPENDENT_WORDS and not re.fullmatch(r"[eE]\d*", word):
            return False
    return True


def _built(question: str, quoted: list[str], units: str | None, pair: list[str], style: str | None) -> Described | None:
    files = POTENTIAL_FILE.findall(" ".join([question, *pair]))
    if files:
        return _with_file(question, quoted, files[0], units, style)
    noble = [e for e in ELEMENT_WORD.findall(question) if e in NOBLE_LJ] or (["Ar"] if re.search(r"\bargon\b", question, re.I) else [])  # fmt: skip
    if noble and style and style.startswith("lj/") and units in ("real", "metal"):
        return _noble_gas(question, quoted, noble[0], units)
    if (units in (None, "lj") and LJ_WORDS.search(question)) or (units == "lj" and style and style.startswith("lj/")):
        return _lennard_jones(question, quoted)
    return None


def _lennard_jones(question: str, quoted: list[str]) -> Described:
    assumed = []
    density = DENSITY.search(question)
    rho = float(next(g for g in density.groups() if g)) if density else LJ_DENSITY
    if not density and not _quotes(quoted, "lattice"):
        assumed.append(f"an fcc crystal at reduced density {LJ_DENSITY}")
    lattice = _lattice_style(question) or "fcc"
    cells = _cells(question, lattice, assumed)
    pair = [f"pair_style lj/cut {LJ_CUTOFF}", "pair_coeff * * 1.0 1.0"]
    return Described("lj", f"{lattice} {rho:g}", cells, ["mass * 1.0"], pair, None, assumed)


def _noble_gas(question: str, quoted: list[str], symbol: str, units: str) -> Described | None:
    el = element(symbol)
    eps, sigma = NOBLE_LJ[symbol]
    if units == "metal":
        eps *= KB["metal"] / KB["real"]  # kcal/mol -> eV
    assumed = [f"{symbol} as fcc a = {el.a} A, epsilon {eps:.4g} {ENERGY_UNIT[units]}, sigma {sigma} A"]
    cells = _cells(question, "fcc", assumed)
    coeff = [] if _quotes(quoted, "pair_coeff") else [f"pair_coeff * * {eps:.6g} {sigma}"]
    return Described(units, f"fcc {_constant(question) or el.a}", cells, [f"mass * {el.mass:.4f}"],
                     ["pair_style lj/cut 10.0", *coeff], symbol, assumed)  # fmt: skip


def _with_file(question: str, quoted: list[str], name: str, units: str | None, style: str | None) -> Described | None:
    from simulations.engine import find_installation
    from simulations.engine.potentials import PotentialLibrary, styles_for

    info = PotentialLibrary(find_installation().potentials_dir).info(name)
    if info is None:
        return None
    symbol = _element_of(question, quoted, info.elements)
    el = element(symbol) if symbol else None
    if el is None or el.lattice not in ATOMS_PER_CELL:
        return None
    assumed = []
    lattice = _lattice_style(question) or el.lattice
    a = _constant(question)
    if a is None and not _quotes(quoted, "lattice"):
        a = el.a
        assumed.append(f"{symbol} as {lattice} with a = {a} A (ASE's reference crystal)")
    cells = _cells(question, lattice, assumed)
    style = style or styles_for(name)[0]
    coeff = f"pair_coeff 1 1 {name}" if style == "eam" else f"pair_coeff * * {name} {symbol}"
    return Described(units or info.units or "metal", f"{lattice} {a}", cells, [f"mass * {el.mass:.4f}"],
                     [f"pair_style {style}", coeff], symbol, assumed)  # fmt: skip


def _element_of(question: str, quoted: list[str], covered: tuple[str, ...]) -> str | None:
    """The one element of the system: the one a quoted `pair_coeff * * FILE E` maps, else the file's only
    element, else the one element of the file the question names."""
    for line in quoted:
        words = line.split()
        if words[:3] == ["pair_coeff", "*", "*"] and len(words) == 5:
            return words[4]
    if len(covered) == 1:
        return covered[0]
    named = {e for e in ELEMENT_WORD.findall(question) if e in covered}
    return named.pop() if len(named) == 1 else None


def _quotes(quoted: list[str], command: str) -> bool:
    return any(line.split()[0] == command for line in quoted)


def _lattice_style(question: str) -> str | None:
    m = LATTICE_PROSE.search(question)
    return m.group(1) if m else None


def _constant(question: str) -> float | None:
    m = CONSTANT.search(question)
    return float(next(g for g in m.groups() if g)) if m else None


def _cells(question: str, lattice: str, assumed: list[str]) -> tuple[int, int, int]:
    """The box in lattice cells: "4x4x4", or the cube that holds "256 atoms"; 4x4x4 when not given."""
    m = CELLS.search(question)
    if m:
        return tuple(int(g) for g in m.groups())  # type: ignore[return-value]
    count = ATOM_COUNT.search(question)
    if count:
        atoms = int(count.group(1).replace(",", ""))
        per = ATOMS_PER_CELL.get(lattice, 4)
        n = round((atoms / per) ** (1 / 3))
        if n > 0 and n**3 * per == atoms:
            return (n, n, n)
    n = DEFAULT_CELLS
    assumed.append(f"a {n}x{n}x{n} box ({n**3 * ATOMS_PER_CELL.get(lattice, 4)} atoms)")
    return (n, n, n)


# The thermo keywords a question names in words, as the columns LAMMPS prints.
COLUMN_WORDS = {
    "Temp": r"\btemp(erature)?\b",
    "PotEng": r"\bpoteng\b|\bpotential energy\b|\bpe\b",
    "KinEng": r"\bkineng\b|\bkinetic energy\b|\bke\b",
    "TotEng": r"\btoteng\b|\btotal energy\b|\betotal\b",
    "Press": r"\bpress(ure)?\b",
    "Volume": r"\bvol(ume)?\b",
}  # fmt: skip
EXTENSIVE = {"PotEng", "KinEng", "TotEng", "E_pair", "E_mol"}
REFERENCE = re.compile(r"\b([cvf]_[A-Za-z_][\w]*(?:\[\d+\])?)")
ASKED_STEP = re.compile(r"\bsteps?\s+(\d+)\b", re.I)
FIRST_ROW = re.compile(r"\b(initial|at the start|right after|before (the|any) run|step 0)\b", re.I)
LAST_ROW = re.compile(r"\b(after|end|final|finishes)\b", re.I)
RUN_IN_PROSE = re.compile(r"`run (\d+)`|\brun (\d+)\b|\b(\d+) (?:MD |time ?)?steps\b", re.I)
THERMO_SAID = "thermo ("  # how the values are said: "thermo (units metal, ...): step 0: ..."
THERMO_BASE = "thermo_style custom step temp pe ke etotal press vol"


def measuring_lines(question: str, rest: list[str]) -> tuple[list[str], list[str]]:
    """What to add before and after the question's lines so the run prints what it asks: before, the
    thermo keywords it names (`c_v[4]`, `v_T` of its own computes, fixes and variables; LAMMPS looks
    them up when the run starts) and thermo output at the steps it asks about; after, the run it
    describes in words ("after 500 steps") when it quotes none."""
    commands = {line.split()[0] for line in rest}
    defined = {
        line.split()[1] for line in rest if line.split()[0] in ("compute", "fix", "variable") and len(line.split()) > 1
    }
    added, run = [], []
    if "thermo_style" not in commands:
        refs = [r for r in dict.fromkeys(REFERENCE.findall(question)) if re.split(r"[\[]", r[2:])[0] in defined]
        added.append(" ".join([THERMO_BASE, *refs]))
    steps = [int(s) for s in ASKED_STEP.findall(question) if int(s) > 0]
    if "thermo" not in commands and steps:
        added.append(f"thermo {math.gcd(*steps)}")
    if "run" not in commands:
        prose = RUN_IN_PROSE.search(question)
        steps_run = int(next(g for g in prose.groups() if g)) if prose else 0
        run.append(f"run {steps_run}")
    return added, run


def thermo_rows(result) -> list[dict]:
    """Every thermo row the run printed, as {column: value}."""
    rows = []
    for block in result.thermo or []:
        for row in block.get("rows", []):
            rows.append(
                {c: v for c, v in zip(block.get("columns", []), row, strict=False) if isinstance(v, int | float)}
            )
    return rows


def reported_rows(rows: list[dict], question: str) -> list[dict]:
    """The rows worth telling: the first, those at the steps the question asks about, and the last."""
    steps = {int(s) for s in ASKED_STEP.findall(question)}
    picked = [rows[0]] + [r for r in rows[1:-1] if r.get("Step") in steps] + rows[-1:]
    out = []
    for r in picked:
        if r not in out:
            out.append(r)
    return out[:4]


def describe_rows(rows: list[dict], units: str, natoms: int) -> str:
    """ "thermo (units metal, energies in eV, totals over 256 atoms): step 0: Temp 0, PotEng -906.298 (-3.54023
    per atom), ...". In lj units LAMMPS prints extensive values per atom (thermo_modify norm yes)."""
    per_atom = units != "lj" and natoms > 0
    scale = "totals" if per_atom else "per atom"
    head = f"{THERMO_SAID}units {units}, energies in {ENERGY_UNIT.get(units, units)}, {scale} over {natoms} atoms)"
    parts = []
    for row in rows:
        values = [f"{c} {_g(v)}" + (f" ({_g(v / natoms)} per atom)" if per_atom and c in EXTENSIVE else "")
                  for c, v in row.items() if c != "Step"]  # fmt: skip
        parts.append(f"step {row.get('Step')}: " + ", ".join(values))
    return head + ": " + "; ".join(parts) + "."


def _g(v: float) -> str:
    return f"{v:.6g}"


def named_columns(rows: list[dict], question: str) -> list[str]:
    """The thermo columns the question names: its own computes, fixes and variables (`c_v[4]`), else the
    keywords it names in words ("the temperature", "PotEng")."""
    columns = list(rows[-1]) if rows else []
    named = [c for c in columns if c[:2] in ("c_", "v_", "f_") and c in question]
    return named or [c for c, words in COLUMN_WORDS.items() if c in columns and re.search(words, question, re.I)]


def asked_values(rows: list[dict], question: str, units: str, natoms: int) -> list[float] | None:
    """The values of what the question asks (the thermo keywords it names, in the row it asks about),
    with energies per atom beside totals; None when it names no column or the row is unclear."""
    if not rows:
        return None
    named = named_columns(rows, question)
    picked = _asked_rows(rows, question)
    if not named or picked is None:
        return None
    values = [row[c] for row in picked for c in named if c in row]
    values += [row[c] / natoms for row in picked for c in named if c in row and c in EXTENSIVE and units != "lj" and natoms]  # fmt: skip
    return values


def _asked_rows(rows: list[dict], question: str) -> list[dict] | None:
    asking = [s for s in re.split(r"(?<=[.?!])\s+", question) if s.endswith("?")]
    steps = {int(s) for s in ASKED_STEP.findall(asking[-1] if asking else "")} or {
        int(s) for s in ASKED_STEP.findall(question)
    }
    at = [r for r in rows if r.get("Step") in steps]
    if at:
        return at
    if FIRST_ROW.search(question):
        return rows[:1]
    if LAST_ROW.search(question) or all(r == rows[-1] for r in rows):
        return rows[-1:]
    return None
