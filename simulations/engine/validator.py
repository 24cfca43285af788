"""Static checks of a LAMMPS script before anything runs.

Two jobs: refuse scripts that reach outside their run directory (see SECURITY-LAMMPS.md:
the OS sandbox is the real wall, this gives clear errors with line numbers), and catch
mistakes early with a message a student understands. Commands and styles are checked
against the installed LAMMPS's own lists (installation.catalogue), so nothing goes stale.

The walk also records what each `run`/`minimize` will do (integrators, thermostat and
barostat targets, timestep), which the physical checks use after the run.
"""

from __future__ import annotations

import ast
import copy
import difflib
import itertools
import math
import operator
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .installation import Catalogue
from .limits import Limits
from .potentials import PotentialLibrary
from .scriptparse import (
    Command,
    ScriptSyntaxError,
    SubstitutionError,
    check_characters,
    expand,
    logical_lines,
    parse_line,
    split_words,
    strip_comment,
    substitute,
)
from .units import LAMMPS_DEFAULT_TIMESTEP as DEFAULT_TIMESTEP
from .units import TIME_UNIT

# ---- vocabulary --------------------------------------------------------------------

FORBIDDEN_COMMANDS = {
    "shell": "it runs programs on the server",
    "python": "it runs Python code on the server",
    "plugin": "it loads compiled code into LAMMPS",
    "geturl": "it downloads files from the network",
    "mdi": "it connects LAMMPS to outside programs",
    "message": "it connects LAMMPS to outside programs",
    "server": "it connects LAMMPS to outside programs",
    "kim": "it uses the network-backed OpenKIM API",
    "kim_init": "it uses the network-backed OpenKIM API",
    "kim_interactions": "it uses the network-backed OpenKIM API",
    "kim_query": "it queries the network",
    "kim_param": "it uses the OpenKIM API",
    "kim_property": "it uses the OpenKIM API",
    "fitpod": "it trains potentials from arbitrary files, not a simulation",
}
# Fix styles (prefix match on the style without accelerator suffix).
FORBIDDEN_FIX_PREFIXES = {
    "python": "it runs Python code on the server",
    "mdi": "it connects LAMMPS to outside programs",
    "imd": "it opens a network socket",
    "ipi": "it opens a network socket",
    "external": "it needs a calling program",
    "colvars": "its configuration file can read and write arbitrary paths",
    "plumed": "its input file can read and write arbitrary paths",
}
FORBIDDEN_PAIR = {"python": "it runs Python code on the server", "kim": "it uses the OpenKIM API"}
FORBIDDEN_DUMP = {"movie": "it pipes frames to an external ffmpeg program"}
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".zst", ".xz", ".lzma", ".lz4", ".z")
ACCEL_SUFFIXES = ("/omp", "/opt", "/intel", "/kk", "/gpu", "/kk/host", "/kk/device")

PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Output files that LAMMPS numbers itself (`dump.*.lammpstrj`): one `*` allowed.
PATTERN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$|^(?=[^*]*\*[^*]*$)[A-Za-z0-9*][A-Za-z0-9._*-]{0,63}$")

STYLE_POSITIONS = {
    "atom_style": (0, "atom"),
    "pair_style": (0, "pair"),
    "bond_style": (0, "bond"),
    "angle_style": (0, "angle"),
    "dihedral_style": (0, "dihedral"),
    "improper_style": (0, "improper"),
    "kspace_style": (0, "kspace"),
    "fix": (2, "fix"),
    "compute": (2, "compute"),
    "dump": (2, "dump"),
    "write_dump": (1, "dump"),
    "region": (1, "region"),
    "run_style": (0, "integrate"),
    "min_style": (0, "minimize"),
}

LATTICE_BASIS = {"sc": 1, "bcc": 2, "fcc": 4, "hcp": 4, "diamond": 8, "sq": 1, "sq2": 2, "hex": 2}

INTEGRATOR_PREFIXES = (
    "nve", "nvt", "npt", "nph", "rigid", "bocs", "gld", "gle", "nvk", "brownian", "tgnvt",
    "tgnpt", "sph", "smd/integrate", "move", "rheo", "nvtsllod",
)  # fmt: skip
THERMOSTAT_FIXES = {
    # style: index (in fix args after "fix ID group style") of Tstart, Tstop, damp
    "langevin": (0, 1, 2),
    "temp/berendsen": (0, 1, 2),
    "temp/csvr": (0, 1, 2),
    "temp/csld": (0, 1, 2),
    "temp/rescale": (1, 2, None),
    "langevin/eff": (0, 1, 2),
}
DATA_WORDS_AFTER_FILE = {"fix", "group", "add", "offset", "shift", "extra/atom/types", "nocoeff"}

# Files of the run itself: the script, LAMMPS's log (only `log` may name it), our screen
# capture and result. A script may not write them, and no input may be called so.
SCRIPT_FILE = "in.lammps"
RESERVED_NAMES = {SCRIPT_FILE: "the script itself", "in.mdweb": "the file that runs the script",
                  "screen.log": "the run's screen output", "mdweb_final.dump": "the run's final positions",
                  "result.json": "the run's result", "log.lammps": "LAMMPS's log"}  # fmt: skip
# A file the script writes may be read back only by the reader of what LAMMPS itself wrote.
READS_WHAT = {
    "read_data": {"write_data"},
    "read_restart": {"write_restart", "restart"},
    "read_dump": {"dump", "write_dump"},
    "rerun": {"dump", "write_dump"},
    "ndx2group": {"group2ndx"},
}
MAX_INCLUDE_DEPTH = 5
MAX_ALTERNATIVES = 64  # value combinations of multi-valued variables checked per line
SIMPLE_FORMAT = re.compile(r"^%[-+ 0#]*\d*(?:\.\d+)?[eEfgG]$")


@dataclass
class Issue:
    line: int
    command: str
    message: str
    hint: str = ""
    code: str = "invalid"
    replace: tuple[str, str] | None = None  # a suggested fix: this word on the line -> that word

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "command": self.command,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
            "replace": list(self.replace) if self.replace else None,
        }


@dataclass
class Segment:
    """What one `run` or `minimize` command will do, as far as the script says statically."""

    kind: str  # "run" | "minimize"
    line: int
    steps: int | None
    units: str
    timestep: float
    integrators: list[str] = field(default_factory=list)
    thermostat: dict | None = None  # {"style", "target", "damp", "group"}
    barostat: dict | None = None  # {"style", "target", "damp"}

    @property
    def ensemble(self) -> str:
        if self.kind == "minimize":
            return "minimize"
        styles = [s for s in self.integrators]
        if any(s.startswith("npt") or "/npt" in s for s in styles):
            return "npt"
        if any(s.startswith("nph") for s in styles):
            return "nph" if not self.thermostat else "npt"
        if any(s.startswith("nvt") or "/nvt" in s for s in styles):
            return "nvt"
        if self.thermostat and self.thermostat.get("style") == "langevin":
            return "langevin"
        if self.thermostat:
            return "nvt"
        if any(s.startswith("nve") or s.startswith("rigid") for s in styles):
            return "nve"
        return "none"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ensemble"] = self.ensemble
        return d


@dataclass
class Report:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    units: str = "lj"
    segments: list[Segment] = field(default_factory=list)
    read_files: list[str] = field(default_factory=list)  # from the input directory
    potential_files: list[str] = field(default_factory=list)  # bare names (input dir or library)
    write_files: list[str] = field(default_factory=list)
    estimated_atoms: int | None = None
    total_steps: int = 0
    pair_style: str | None = None
    lost_atoms_allowed: bool = False  # thermo_modify lost ignore with a non-periodic face: atoms may leave

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            "units": self.units,
            "segments": [s.to_dict() for s in self.segments],
            "read_files": self.read_files,
            "potential_files": self.potential_files,
            "write_files": self.write_files,
            "estimated_atoms": self.estimated_atoms,
            "total_steps": self.total_steps,
        }


# ---- small helpers -----------------------------------------------------------------


def base_style(style: str) -> str:
    for suffix in ACCEL_SUFFIXES:
        if style.endswith(suffix):
            return style[: -len(suffix)]
    return style


def _num(word: str) -> float | None:
    try:
        value = float(word)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _int(word: str) -> int | None:
    value = _num(word)
    if value is None or value != int(value):
        return None
    return int(value)


_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
}


def evaluate_constant(expr: str) -> float | None:
    """Evaluate an equal-style expression made only of numbers and + - * / ^ ( )."""
    text = expr.strip().replace("^", "**")
    if not text or len(text) > 200 or not re.fullmatch(r"[0-9eE.+\-*/%() ]+", text):
        return None
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return None

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 64:
                raise ValueError("exponent too large")
            return _BINOPS[type(node.op)](left, right)
        raise ValueError("not a constant expression")

    try:
        value = ev(tree)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _format_number(value: float) -> str:
    # LAMMPS prints equal-style values with %.15g
    return f"{value:.15g}"


def _suggest(word: str, choices: frozenset[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    return ", ".join(close)


COMPRESSED_HINT = ("LAMMPS opens compressed files through a shell: use only letters, digits and . _ - in their "
                   "names (e.g. dump.atom.gz), or an uncompressed name.")  # fmt: skip


def _compressed_message(word: str, what: str) -> str:
    return f"compressed file name '{word}' for {what} has characters a shell would interpret"


def _is_pathlike_escape(word: str) -> bool:
    """True for text that names a place outside the run directory."""
    if word.startswith(("/", "~")):
        return True
    parts = re.split(r"[/\\]", word)
    return ".." in parts or "\\" in word and word.startswith("\\")


# ---- the walk ----------------------------------------------------------------------


class _Validator:
    def __init__(
        self,
        *,
        catalogue: Catalogue,
        library: PotentialLibrary | None,
        input_files: dict[str, Path],
        limits: Limits,
    ) -> None:
        self.cat = catalogue
        self.library = library
        self.inputs = input_files
        self.limits = limits
        self.report = Report()
        # state
        self.units = "lj"
        self.dimension = 3
        self.timestep: float | None = None
        self.box_defined = False
        self.data_read = False
        self.pair_style: str | None = None
        self.pair_args: list[str] = []
        self.pair_coeff_seen = False
        self.fixes: dict[str, tuple[str, list[str], int]] = {}  # id -> (style, args, line)
        self.variables: dict[str, list[str] | None] = {}
        self.lattice: tuple[str, float, int] | None = None  # (style, scale, basis atoms)
        self.regions: dict[str, float | None] = {}  # id -> number of lattice cells (or None)
        self.create_box_region: str | None = None
        self.atoms: float | None = 0.0
        self.written: dict[str, str] = {}  # file name -> the command that writes it
        self.tainted: dict[str, str] = {}  # variable -> why its text is unknown before the run
        self.override: dict[str, str] = {}  # one combination of multi-valued variables
        self.warned: set[tuple] = set()
        self.include_depth = 0

    # -- reporting --

    def error(self, cmd: Command, message: str, hint: str = "", code: str = "invalid",
              replace: tuple[str, str] | None = None) -> None:  # fmt: skip
        self.report.errors.append(Issue(cmd.lineno, cmd.name, message, hint, code, replace))

    def warn(self, cmd: Command, message: str, hint: str = "", code: str = "warning", key: tuple | None = None) -> None:
        if key is not None:
            if key in self.warned:
                return
            self.warned.add(key)
        self.report.warnings.append(Issue(cmd.lineno, cmd.name, message, hint, code))

    # -- variables --

    def resolve(self, name: str) -> str | None:
        if name in self.override:
            return self.override[name]
        if name in self.tainted:
            return None
        if name.startswith("("):
            inner = name[1:-1]
            # $(expr) and $(expr:fmt): evaluate when constant
            inner = inner.split(":")[0] if re.search(r":%", inner) else inner
            value = evaluate_constant(inner)
            return None if value is None else _format_number(value)
        values = self.variables.get(name)
        if not values:
            return None
        return values[0]

    def define_variable(self, cmd: Command, line_text: str) -> None:
        args = cmd.args
        if len(args) < 2:
            return
        name, style = args[0], args[1]
        values = args[2:]
        if style == "getenv":
            self.error(
                cmd,
                f"`variable {name} getenv` is not allowed: it reads the server's environment",
                "Set the value in the script instead, e.g. `variable T equal 300`.",
                "forbidden",
            )
            return
        if style == "python":
            self.error(cmd, "`variable ... python` is not allowed: it runs Python code on the server",
                       "Compute the value with an equal-style formula.", "forbidden")  # fmt: skip
            return
        self.tainted.pop(name, None)
        if style in {"file", "atomfile"}:
            if values:
                self.check_file(cmd, values[0], role="script", what=f"variable {style}")
            self.tainted[name] = f"its value is read from a file while the script runs (variable {style})"
        if style == "format" and len(values) > 1 and not SIMPLE_FORMAT.match(values[1]):
            self.error(cmd, f"the format of variable '{name}' must be one number format such as %10.4f, "
                       f"not '{values[1]}'", "Put other text around ${" + name + "} in the line that uses it.",
                       "forbidden")  # fmt: skip
            self.tainted[name] = "its format text is not a number format"
        self._taint_from_references(cmd, name, values)
        for value in values:
            if _is_pathlike_escape(value) or "`" in value:
                if style not in {"equal", "vector", "atom"}:
                    self.error(cmd, f"variable value '{value}' names a path outside the run directory",
                               "Use plain file names in the run directory.", "bad_path")  # fmt: skip
        if style in {"equal", "vector", "atom"}:
            for m in re.finditer(r"is_file\(([^)]*)\)", " ".join(values)):
                if not PLAIN_NAME.match(m.group(1).strip()):
                    self.error(cmd, f"is_file({m.group(1)}) may only test plain file names",
                               "Use a name in the run directory.", "bad_path")  # fmt: skip
        if style == "delete":
            self.variables.pop(name, None)
            self.tainted.pop(name, None)
        elif style in {"index", "world", "universe", "uloop"}:
            if name not in self.variables:  # LAMMPS ignores redefinition of these
                self.variables[name] = values or None
        elif style == "loop":
            n = _int(values[0]) if values else None
            first = _int(values[1]) if len(values) > 1 and values[1] != "pad" and _int(values[1]) else 1
            if name not in self.variables:
                self.variables[name] = [str(first)] if n is not None else None
        elif style == "string":
            # LAMMPS substitutes a string variable's references when it is defined.
            text = " ".join(values)
            expanded = expand(text, self.resolve) if "$" in text else None
            known = expanded is None or not expanded.unknown
            self.variables[name] = [expanded.text if expanded else text] if values and known else None
        elif style == "equal":
            value = evaluate_constant(" ".join(values))
            self.variables[name] = [_format_number(value)] if value is not None else None
        else:
            self.variables[name] = None

    def _taint_from_references(self, cmd: Command, name: str, values: list[str]) -> None:
        """A variable whose value refers (even in quotes) to one whose text is unknown is
        unknown too: LAMMPS substitutes the reference when it defines or uses the value."""
        for value in values:
            for ref in re.findall(r"\$\{([^}]*)\}|\$([A-Za-z0-9_])", value):
                ref_name = ref[0] or ref[1]
                if ref_name in self.tainted:
                    self.tainted[name] = f"it takes its value from variable '{ref_name}', and {self.tainted[ref_name]}"
                    return

    def alternatives(self, name: str) -> list[str] | None:
        """All values of a multi-valued variable (index, world, universe, uloop) when they are
        not all numbers: each may be substituted at some point (`next`, loops)."""
        values = self.variables.get(name)
        if not values or len(values) < 2 or name in self.override:
            return None
        if all(_num(v) is not None for v in values):
            return None
        return values

    # -- files --

    def check_file(self, cmd: Command, word: str, *, role: str, what: str, pattern: bool = False) -> bool:
        """Validate one file name argument. role: read | write | script | potential."""
        if "\x00" in word:
            names = ", ".join(sorted(set(re.findall(r"\x00([^\x00]*)\x00", word))))
            self.error(
                cmd,
                f"the file name for {what} depends on variable(s) {names} whose value is not known before the run",
                "Use a plain file name, or define the variable with a constant value (index/string/equal).",
                "bad_path",
            )
            return False
        regex = PATTERN_NAME if pattern else PLAIN_NAME
        if word.lower().endswith(COMPRESSED_SUFFIXES) and not regex.match(word):
            self.error(cmd, _compressed_message(word, what), COMPRESSED_HINT, "bad_path")
            return False
        if not regex.match(word):
            if _is_pathlike_escape(word) or "/" in word:
                msg = f"'{word}' for {what} is a path: only plain file names in the run directory are allowed"
            else:
                msg = f"'{word}' for {what} is not a plain file name (letters, digits, . _ -; at most 64 characters)"
            self.error(cmd, msg, "Use a plain name such as `data.lmp`; upload input files to the project.",
                       "bad_path")  # fmt: skip
            return False
        if role == "write":
            return self._check_write(cmd, word, what)
        if role == "potential":
            if word in self.inputs:
                self._add(self.report.potential_files, word)
                return True
            if self.library and self.library.path(word):
                self._add(self.report.potential_files, word)
                return True
            close = _suggest(word, set(self.inputs) | set(self.library.names() if self.library else []))
            self.error(
                cmd,
                f"potential file '{word}' is not in the project's input files or the potentials library",
                (f"Did you mean {close}? " if close else "")
                + "Pick a file from the potentials library (by element and pair style) or upload it.",
                "missing_file",
                (word, close.split(", ")[0]) if close else None,
            )
            return False
        # read / script
        if word in self.inputs:
            self._add(self.report.read_files, word)
            return True
        if word in self.written or (pattern and "*" in word):
            writer = self.written.get(word)
            if role == "script":
                self.error(cmd, f"{what} of '{word}', a file the script writes itself, is not allowed",
                           "Its contents cannot be checked before the run; put the commands in the script.",
                           "forbidden")  # fmt: skip
                return False
            if writer is not None and writer not in READS_WHAT.get(cmd.name, set()):
                self.error(cmd, f"{what} of '{word}', which this script writes with `{writer}`, is not allowed",
                           "A script may read back only what LAMMPS itself wrote for that reader (write_data for "
                           "read_data, write_restart for read_restart, dump for read_dump/rerun).",
                           "forbidden")  # fmt: skip
                return False
            return True
        close = _suggest(word, set(self.inputs))
        self.error(
            cmd,
            f"file '{word}' needed by {what} does not exist in the input files",
            (f"Did you mean {close}? " if close else "") + "Upload it next to the script (project input files).",
            "missing_file",
        )
        return False

    def _check_write(self, cmd: Command, word: str, what: str) -> bool:
        reserved = RESERVED_NAMES.get(word)
        if reserved and not (word == "log.lammps" and cmd.name == "log"):
            self.error(cmd, f"{what} may not write '{word}': that is {reserved}",
                       "Choose another file name.", "forbidden")  # fmt: skip
            return False
        if word in self.inputs:
            self.error(cmd, f"{what} may not overwrite the uploaded input file '{word}'",
                       "Write to a new file name; inputs stay as they were validated.", "forbidden")  # fmt: skip
            return False
        if self.library and self.library.path(word):
            self.error(cmd, f"{what} may not write '{word}': it would hide the potentials library's file of that name",
                       "Choose another file name.", "forbidden")  # fmt: skip
            return False
        self.written.setdefault(word, cmd.name)
        if word not in self.report.write_files:
            self.report.write_files.append(word)
        return True

    @staticmethod
    def _add(items: list[str], name: str) -> None:
        if name not in items:
            items.append(name)

    # -- main entry --

    def run(self, text: str, *, origin: str = "") -> None:
        for lineno, raw in logical_lines(text):
            body = strip_comment(raw).strip()
            if not body:
                continue
            self.line(lineno, body)

    def line(self, lineno: int, body: str) -> None:
        # The command word itself must be literal: `${c} id` with c=shell runs shell.
        first = body.split(None, 1)[0]
        if "$" in first:
            self.report.errors.append(
                Issue(
                    lineno,
                    first,
                    "the command word may not come from a variable",
                    "Write the command name literally.",
                    "forbidden",
                )  # fmt: skip
            )
            return
        try:
            used = expand(body, self.resolve).used
        except SubstitutionError as exc:
            self.report.errors.append(Issue(lineno, first, str(exc), "Remove the self-reference.", "syntax"))
            return
        varying = {n: v for n in dict.fromkeys(used) if (v := self.alternatives(n))}
        if varying:
            self._check_alternatives(lineno, body, varying)
        self.line_once(lineno, body, first)

    def _check_alternatives(self, lineno: int, body: str, varying: dict[str, list[str]]) -> None:
        """Check the line with every other value of its multi-valued variables on a copy of
        the state (LAMMPS may reach each through `next` and a loop); keep only new errors."""
        combos = list(itertools.islice(itertools.product(*varying.values()), MAX_ALTERNATIVES + 1))
        if len(combos) > MAX_ALTERNATIVES:
            self.report.errors.append(Issue(lineno, body.split()[0],
                f"variables {', '.join(varying)} give more than {MAX_ALTERNATIVES} versions of this line",
                "Use fewer values, or numbers, in index-style variables.", "limit"))  # fmt: skip
            return
        seen = {(e.line, e.message) for e in self.report.errors}
        for combo in combos[1:]:
            shadow = self._shadow()
            shadow.override = dict(zip(varying, combo, strict=True))
            shadow.line_once(lineno, body, body.split(None, 1)[0])
            for issue in shadow.report.errors:
                if (issue.line, issue.message) not in seen:
                    seen.add((issue.line, issue.message))
                    self.report.errors.append(issue)

    def _shadow(self) -> _Validator:
        shadow = copy.copy(self)
        shadow.report = Report()
        for attr in ("variables", "tainted", "written", "fixes", "regions"):
            setattr(shadow, attr, dict(getattr(self, attr)))
        shadow.warned = set(self.warned)
        return shadow

    def line_once(self, lineno: int, body: str, first: str) -> None:
        result = expand(body, self.resolve)
        tainted = [n for n in dict.fromkeys(result.used) if n in self.tainted]
        if tainted:
            name = tainted[0]
            self.report.errors.append(
                Issue(
                    lineno,
                    first,
                    f"variable '{name}' is substituted into this line, but {self.tainted[name]}: "
                    "its text could become any command, style or file name",
                    f"Use numbers from it inside a formula (v_{name} in an equal-style variable), or write "
                    "the value into the script.",
                    "forbidden",
                )  # fmt: skip
            )
            return
        substituted, unknown = result.text, result.unknown
        undefined = [n for n in unknown if not n.startswith("(") and n not in self.variables]
        if undefined:
            name = undefined[0]
            self.report.errors.append(
                Issue(
                    lineno,
                    first,
                    f"variable '{name}' is used but never defined before this line",
                    f"Define it first, e.g. `variable {name} equal 1000`, or fix the spelling "
                    f"(variables: {', '.join(sorted(self.variables)) or 'none defined'}).",
                    "undefined_variable",
                )  # fmt: skip
            )
            return
        try:
            words, quoted = split_words(substituted, lineno)
        except ScriptSyntaxError as exc:
            self.report.errors.append(Issue(lineno, first, exc.message, exc.hint, "syntax"))
            return
        if not words:
            return
        cmd = Command(lineno=lineno, text=substituted, words=words, quoted=quoted)
        self.command(cmd, body)

    def nested(self, parent: Command, text: str) -> None:
        """Validate a command given as a quoted argument (if/then, run every, partition)."""
        if not text.strip() or text.strip() == "NULL":
            return
        try:
            check_characters(text)
        except ScriptSyntaxError as exc:
            self.error(parent, exc.message, exc.hint, "syntax")
            return
        for piece in text.split("\n"):
            if strip_comment(piece).strip():
                self.line(parent.lineno, strip_comment(piece).strip())

    def command(self, cmd: Command, raw_body: str) -> None:
        name = cmd.name
        args = cmd.args
        if name in FORBIDDEN_COMMANDS:
            self.error(cmd, f"`{name}` is not allowed: {FORBIDDEN_COMMANDS[name]}",
                       "Remove this line; MDWeb runs scripts in a sandbox.", "forbidden")  # fmt: skip
            return
        if name not in self.cat.commands:
            close = _suggest(name, self.cat.commands)
            self.error(
                cmd,
                f"unknown command '{name}'" + (f" (did you mean {close}?)" if close else ""),
                f"Check the spelling{'; did you mean ' + close if close else ''}. This LAMMPS ({self.cat.version}) "
                "does not have it.",
                "unknown_command",
                (name, close.split(", ")[0]) if close else None,
            )
            return
        # path escapes anywhere in the arguments (message text of print is exempt)
        exempt = self._text_positions(cmd)
        for i, (word, _was_quoted) in enumerate(zip(args, cmd.quoted[1:], strict=False)):
            if i in exempt:
                continue
            if word.lower().endswith(COMPRESSED_SUFFIXES) and not PATTERN_NAME.match(word):
                # Any command may take a file name: LAMMPS pipes compressed names through /bin/sh.
                self.error(cmd, _compressed_message(word, f"`{name}`"), COMPRESSED_HINT, "bad_path")
                return
            if "`" in word or _is_pathlike_escape(word):
                self.error(cmd, f"'{word}' points outside the run directory",
                           "Only plain file names in the run directory are allowed.", "bad_path")  # fmt: skip
                return
        self.check_style(cmd)
        handler = getattr(self, "cmd_" + name.replace("/", "_"), None)
        if handler:
            handler(cmd)
        self.generic_file_keywords(cmd)

    def _text_positions(self, cmd: Command) -> set[int]:
        """Argument indexes holding free text or expressions rather than names."""
        name, args = cmd.name, cmd.args
        if name == "print":
            return {0}
        if name == "fix" and len(args) > 2 and base_style(args[2]) == "print":
            return {4}
        if name in {"if", "run", "partition", "label", "variable"}:
            return set(range(len(args)))
        if name in {"fix", "compute"} and len(args) > 2 and args[2] in {"halt", "ave/time"}:
            return set()
        if name == "thermo_modify" or name == "dump_modify":
            return {i + 1 for i, w in enumerate(args) if w in {"format", "header", "label"}}
        return set()

    def check_style(self, cmd: Command) -> None:
        spec = STYLE_POSITIONS.get(cmd.name)
        if not spec:
            return
        index, category = spec
        args = cmd.args
        if len(args) <= index:
            return
        if cmd.name == "region" and args[index] == "delete":
            return
        style = args[index]
        if "\x00" in style:
            names = ", ".join(sorted(set(re.findall(r"\x00([^\x00]*)\x00", style))))
            self.error(cmd, f"the {category} style comes from variable(s) {names} whose value is not known "
                       "before the run", "Write the style name literally, or give the variable its values in the "
                       "script (index or string style).", "forbidden")  # fmt: skip
            return
        bstyle = base_style(style)
        if category == "fix":
            for prefix, why in FORBIDDEN_FIX_PREFIXES.items():
                if bstyle == prefix or bstyle.startswith(prefix + "/"):
                    self.error(cmd, f"fix style '{style}' is not allowed: {why}", "Remove this fix.", "forbidden")
                    return
        if category == "pair":
            for word in args:
                if base_style(word) in FORBIDDEN_PAIR:
                    self.error(cmd, f"pair style '{word}' is not allowed: {FORBIDDEN_PAIR[base_style(word)]}",
                               "Use a tabulated or built-in pair style.", "forbidden")  # fmt: skip
                    return
            if bstyle.startswith("mliap") and any(w in {"mliappy", "unified"} for w in args):
                self.error(cmd, "pair style mliap with a Python model is not allowed: it loads Python code",
                           "Use a linear or quadratic mliap model file.", "forbidden")  # fmt: skip
                return
        if category == "dump":
            if bstyle in FORBIDDEN_DUMP:
                self.error(cmd, f"dump style '{style}' is not allowed: {FORBIDDEN_DUMP[bstyle]}",
                           "Use dump image for snapshots.", "forbidden")  # fmt: skip
                return
            if bstyle.endswith(("/gz", "/zstd")):
                self.error(cmd, f"compressed dump style '{style}' is not allowed",
                           "Use the uncompressed style (e.g. custom instead of custom/gz).", "forbidden")  # fmt: skip
                return
        if not self.cat.has_style(category, style):
            close = _suggest(style, self.cat.styles.get(category, frozenset()))
            self.error(
                cmd,
                f"unknown {category} style '{style}'" + (f" (did you mean {close}?)" if close else ""),
                (f"Did you mean {close}? " if close else "")
                + f"This LAMMPS ({self.cat.version}) has no {category} style '{style}'; check the spelling "
                "and the package it belongs to.",
                "unknown_style",
                (style, close.split(", ")[0]) if close else None,
            )

    # -- file keywords shared by many fixes ("file", "append") --

    def generic_file_keywords(self, cmd: Command) -> None:
        if cmd.name not in {"fix", "compute"}:
            return
        args = cmd.args
        for i, word in enumerate(args[3:], start=3):
            if word in {"file", "append", "filepos", "outfile"} and i + 1 < len(args):
                if cmd.quoted[i + 1] and base_style(args[2]) == "print" and i == 4:
                    continue
                self.check_file(cmd, args[i + 1], role="write", what=f"fix {args[2]} {word}")

    # -- per-command handlers --

    def cmd_thermo_modify(self, cmd: Command) -> None:
        args = cmd.args
        for i, word in enumerate(args[:-1]):
            if word == "lost" and args[i + 1] in {"ignore", "warn"}:
                self.lost_ignored = True
                self._update_lost()

    def cmd_boundary(self, cmd: Command) -> None:
        # Atoms may leave through a non-periodic face (sputtering, evaporation); in a periodic box
        # a lost atom means the run blew up, whatever thermo_modify says.
        self.open_boundary = any(set(word) - {"p"} for word in cmd.args[:3])
        self._update_lost()

    def _update_lost(self) -> None:
        self.report.lost_atoms_allowed = getattr(self, "lost_ignored", False) and getattr(self, "open_boundary", False)

    def cmd_units(self, cmd: Command) -> None:
        if cmd.args:
            self.units = cmd.args[0]
            self.report.units = self.units
            self.timestep = None

    def cmd_dimension(self, cmd: Command) -> None:
        if cmd.args and cmd.args[0] in {"2", "3"}:
            self.dimension = int(cmd.args[0])

    def cmd_timestep(self, cmd: Command) -> None:
        if not cmd.args:
            return
        dt = _num(cmd.args[0])
        if dt is None:
            return
        self.timestep = dt
        default = DEFAULT_TIMESTEP.get(self.units)
        if default and dt > 0:
            ratio = dt / default
            if ratio > 5 or ratio < 0.01:
                tu = TIME_UNIT.get(self.units, "")
                self.warn(
                    cmd,
                    f"timestep {dt:g} {tu} is {ratio:.3g}x the usual {default:g} {tu} for units {self.units}",
                    f"In `units {self.units}` time is in {tu}; a typical timestep is {default:g} {tu}."
                    + (" A too-large step makes atoms fly apart (lost atoms, NaN energies)." if ratio > 1 else ""),
                    "timestep",
                )

    def cmd_variable(self, cmd: Command) -> None:
        self.define_variable(cmd, cmd.text)

    def cmd_next(self, cmd: Command) -> None:
        for name in cmd.args:
            values = self.variables.get(name)
            if values and len(values) > 1:
                self.variables[name] = values[1:]

    def cmd_include(self, cmd: Command) -> None:
        if not cmd.args:
            return
        if self.check_file(cmd, cmd.args[0], role="script", what="include"):
            self.walk_file(cmd, cmd.args[0])

    def cmd_jump(self, cmd: Command) -> None:
        if not cmd.args or cmd.args[0] == "SELF":
            return
        if self.check_file(cmd, cmd.args[0], role="script", what="jump"):
            self.walk_file(cmd, cmd.args[0])

    def walk_file(self, cmd: Command, name: str) -> None:
        path = self.inputs.get(name)
        if path is None:
            return
        if self.include_depth >= MAX_INCLUDE_DEPTH:
            self.error(cmd, f"'{name}' is included more than {MAX_INCLUDE_DEPTH} files deep (or includes itself)",
                       "Flatten the includes: put the commands into fewer files.", "forbidden")  # fmt: skip
            return
        try:
            data = path.read_bytes()[: self.limits.max_script_bytes + 1]
            text = data.decode("ascii")
            check_characters(text)
        except (OSError, UnicodeDecodeError, ScriptSyntaxError):
            self.error(cmd, f"included file '{name}' is not plain ASCII text", "Check the file.", "syntax")
            return
        before = len(self.report.errors)
        self.include_depth += 1
        try:
            self.run(text, origin=name)
        finally:
            self.include_depth -= 1
        for issue in self.report.errors[before:]:
            issue.message = f"in {name} line {issue.line}: {issue.message}"
            issue.line = cmd.lineno

    def cmd_if(self, cmd: Command) -> None:
        args = cmd.args
        if args:
            self._check_condition(cmd, args[0])
        i = 1
        while i < len(args):
            word = args[i]
            if word in {"then", "else"}:
                i += 1
                continue
            if word == "elif":
                if i + 1 < len(args):
                    self._check_condition(cmd, args[i + 1])
                i += 2
                continue
            self.nested(cmd, word)
            i += 1

    def _check_condition(self, cmd: Command, condition: str) -> None:
        """LAMMPS substitutes an if condition when it runs: it may not depend on text that is
        unknown before the run (file, atomfile or format variables)."""
        refs = re.findall(r"\$\{([^}]*)\}|\$([A-Za-z0-9_])|\bv_([A-Za-z0-9_]+)", condition)
        for ref in refs:
            name = next(r for r in ref if r)
            if name in self.tainted:
                self.error(cmd, f"the if condition uses variable '{name}', but {self.tainted[name]}",
                           "Compare numbers computed in the script (equal-style variables) instead.",
                           "forbidden")  # fmt: skip
                return

    def cmd_run(self, cmd: Command) -> None:
        args = cmd.args
        steps = _int(args[0]) if args else None
        if "every" in args:
            k = args.index("every")
            for word in args[k + 2 :]:
                self.nested(cmd, word)
        if steps is None:
            if args and "\x00" not in args[0]:
                self.error(cmd, f"run needs a whole number of steps, got '{args[0]}'", "e.g. `run 1000`", "syntax")
            return
        if steps > self.limits.max_steps or self.report.total_steps + steps > self.limits.max_steps:
            self.error(
                cmd,
                f"run of {steps:,} steps exceeds the limit of {self.limits.max_steps:,} steps per script",
                "Shorten the run, or split it over several jobs with restart files.",
                "limit",
            )
            return
        self.report.total_steps += steps
        self.before_run(cmd, "run", steps)

    def cmd_minimize(self, cmd: Command) -> None:
        maxiter = _int(cmd.args[2]) if len(cmd.args) > 2 else None
        self.before_run(cmd, "minimize", maxiter)

    def cmd_partition(self, cmd: Command) -> None:
        if len(cmd.args) >= 3:
            self.nested(cmd, " ".join(cmd.args[2:]))

    def cmd_label(self, cmd: Command) -> None:
        return

    def cmd_print(self, cmd: Command) -> None:
        args = cmd.args
        i = 1
        while i < len(args):
            if args[i] in {"file", "append"} and i + 1 < len(args):
                self.check_file(cmd, args[i + 1], role="write", what=f"print {args[i]}")
                i += 2
            else:
                i += 1

    def cmd_log(self, cmd: Command) -> None:
        if cmd.args:
            if cmd.args[0] == "none":
                return
            self.check_file(cmd, cmd.args[0], role="write", what="log")

    def cmd_read_data(self, cmd: Command) -> None:
        if not cmd.args:
            return
        if self.check_file(cmd, cmd.args[0], role="read", what="read_data"):
            self.box_defined = True
            self.data_read = True
            added = self._data_atoms(cmd.args[0])
            if self.atoms is not None:
                self.atoms = None if added is None else self.atoms + added
        else:
            self.box_defined = True

    def _data_atoms(self, name: str) -> int | None:
        path = self.inputs.get(name)
        if not path:
            return None
        try:
            with path.open("r", errors="replace") as fh:
                for _ in range(60):
                    line = fh.readline()
                    m = re.match(r"\s*(\d+)\s+atoms\b", line)
                    if m:
                        return int(m.group(1))
        except OSError:
            return None
        return None

    def cmd_read_restart(self, cmd: Command) -> None:
        if cmd.args:
            self.check_file(cmd, cmd.args[0], role="read", what="read_restart", pattern=True)
        self.box_defined = True
        self.data_read = True
        self.atoms = None

    def cmd_read_dump(self, cmd: Command) -> None:
        if cmd.args:
            self.check_file(cmd, cmd.args[0], role="read", what="read_dump", pattern=True)

    def cmd_rerun(self, cmd: Command) -> None:
        keywords = {"first", "last", "every", "skip", "start", "stop", "post", "dump"}
        for word in cmd.args:
            if word in keywords:
                break
            self.check_file(cmd, word, role="read", what="rerun", pattern=True)

    def cmd_molecule(self, cmd: Command) -> None:
        nargs = {"offset": 5, "toff": 1, "boff": 1, "aoff": 1, "doff": 1, "ioff": 1, "key": 1, "scale": 1}
        args = cmd.args[1:]
        i = 0
        while i < len(args):
            if args[i] in nargs:
                i += 1 + nargs[args[i]]
                continue
            self.check_file(cmd, args[i], role="read", what="molecule")
            i += 1

    def cmd_ndx2group(self, cmd: Command) -> None:
        if cmd.args:
            self.check_file(cmd, cmd.args[0], role="read", what="ndx2group")

    def _write_arg(self, cmd: Command, index: int, pattern: bool = False) -> None:
        if len(cmd.args) > index:
            self.check_file(cmd, cmd.args[index], role="write", what=cmd.name, pattern=pattern)

    def cmd_write_data(self, cmd: Command) -> None:
        self._write_arg(cmd, 0)

    def cmd_write_restart(self, cmd: Command) -> None:
        self._write_arg(cmd, 0, pattern=True)

    def cmd_write_coeff(self, cmd: Command) -> None:
        self._write_arg(cmd, 0)

    def cmd_write_dump(self, cmd: Command) -> None:
        self._write_arg(cmd, 2, pattern=True)

    def cmd_group2ndx(self, cmd: Command) -> None:
        self._write_arg(cmd, 0)

    def cmd_region2vmd(self, cmd: Command) -> None:
        self._write_arg(cmd, 0)

    def cmd_pair_write(self, cmd: Command) -> None:
        self._write_arg(cmd, 6)

    def cmd_bond_write(self, cmd: Command) -> None:
        self._write_arg(cmd, 4)

    def cmd_angle_write(self, cmd: Command) -> None:
        self._write_arg(cmd, 2)

    def cmd_dihedral_write(self, cmd: Command) -> None:
        self._write_arg(cmd, 2)

    def cmd_info(self, cmd: Command) -> None:
        args = cmd.args
        for i, word in enumerate(args):
            if word == "out" and i + 2 < len(args) and args[i + 1] in {"append", "overwrite"}:
                self.check_file(cmd, args[i + 2], role="write", what="info out")

    def cmd_restart(self, cmd: Command) -> None:
        args = cmd.args
        if not args or args[0] == "0":
            return
        for word in args[1:3]:
            if word in {"fileper", "nfile"}:
                break
            self.check_file(cmd, word, role="write", what="restart", pattern=True)

    def cmd_dump(self, cmd: Command) -> None:
        args = cmd.args
        if len(args) >= 5:
            self.check_file(cmd, args[4], role="write", what=f"dump {args[2]}", pattern=True)
            every = _int(args[3])
            if every is not None and every < 10 and self.report.total_steps >= 0:
                self.warn(
                    cmd,
                    f"dump every {every} step(s) writes a lot of output",
                    "Dump every 100-1000 steps unless you need every frame (e.g. for a VACF).",
                    "output",
                    key=("dump-every", args[0]),
                )

    def cmd_pair_style(self, cmd: Command) -> None:
        if cmd.args:
            self.pair_style = cmd.args[0]
            self.report.pair_style = self.pair_style
            self.pair_args = cmd.args[1:]
            self.pair_coeff_seen = cmd.args[0] in {"none", "zero"} and False

    def cmd_pair_coeff(self, cmd: Command) -> None:
        self.pair_coeff_seen = True
        if not self.box_defined:
            self.warn(cmd, "pair_coeff before the simulation box is defined",
                      "Create the box first (create_box or read_data), then set pair_style and pair_coeff.",
                      "order")  # fmt: skip
        args = cmd.args
        style = base_style(self.pair_style or "")
        start = 2
        if style.startswith("hybrid") and len(args) > 2:
            style = base_style(args[2])
            start = 3
        file_styles_first = {
            "eam", "eam/alloy", "eam/fs", "eam/cd", "eam/he", "adp", "tersoff", "tersoff/mod", "tersoff/mod/c",
            "tersoff/zbl", "sw", "sw/mod", "meam", "meam/spline", "meam/sw/spline", "bop", "comb", "comb3",
            "vashishta", "edip", "extep", "gw", "gw/zbl", "nb3b/harmonic", "polymorphic", "snap", "lcbop",
            "airebo", "airebo/morse", "rebo", "coul/streitz", "table", "agni", "reaxff", "pod", "uf3", "rann",
            "ilp/graphene/hbn", "ilp/tmd", "kolmogorov/crespi/full", "kolmogorov/crespi/z", "pace",
            "eam/alloy/opt", "mliap", "threebody/table", "sw/angle/table", "lepton", "smtbq",
        }  # fmt: skip
        for i, word in enumerate(args[start:], start=start):
            must_be_file = i == start and style in file_styles_first and style not in {"mliap", "lepton"}
            looks_like_file = (
                "." in word and _num(word) is None and word != "NULL" and not word.startswith("v_")
            ) and style not in {"lepton"}
            if must_be_file or looks_like_file:
                if style == "table" and i > start:
                    break
                ok = self.check_file(cmd, word, role="potential", what=f"pair_coeff ({style})")
                if ok and i == start:
                    self._check_potential_match(cmd, word, style, args[i + 1 :])

    def _check_potential_match(self, cmd: Command, name: str, style: str, rest: list[str]) -> None:
        if not self.library or name in self.inputs:
            return
        info = self.library.info(name)
        if not info:
            return
        if info.pair_styles and style and not any(style == s or style.startswith(s) for s in info.pair_styles):
            self.warn(
                cmd,
                f"potential file '{name}' is meant for pair_style {' or '.join(info.pair_styles)}, "
                f"not {self.pair_style}",
                f"Use `pair_style {info.pair_styles[0]}` with this file, or pick a file for {self.pair_style}.",
                "potential",
            )
        if info.units and info.units != self.units:
            self.warn(
                cmd,
                f"potential file '{name}' is in {info.units} units but the script uses units {self.units}",
                f"Add `units {info.units}` before creating the box; LAMMPS converts some files between metal "
                f"and real units, but refuses other combinations and the parameters are meant for {info.units}.",
                "potential",
            )
        elements = [w for w in rest if re.fullmatch(r"[A-Z][a-z]?", w)]
        missing = [e for e in elements if info.elements and e not in info.elements]
        if missing:
            self.warn(
                cmd,
                f"potential file '{name}' covers {', '.join(info.elements)}; not {', '.join(missing)}",
                "Map each atom type to an element the file contains (or NULL).",
                "potential",
            )

    def cmd_bond_coeff(self, cmd: Command) -> None:
        self._coeff_files(cmd)

    def cmd_angle_coeff(self, cmd: Command) -> None:
        self._coeff_files(cmd)

    def cmd_dihedral_coeff(self, cmd: Command) -> None:
        self._coeff_files(cmd)

    def _coeff_files(self, cmd: Command) -> None:
        for word in cmd.args[1:]:
            if "." in word and _num(word) is None and "/" not in word:
                self.check_file(cmd, word, role="potential", what=f"{cmd.name} table")

    def cmd_lattice(self, cmd: Command) -> None:
        args = cmd.args
        if len(args) < 2:
            return
        style = args[0]
        scale = _num(args[1])
        if scale is None or scale <= 0:
            self.lattice = None
            return
        basis = LATTICE_BASIS.get(style)
        if style == "custom":
            basis = sum(1 for w in args if w == "basis") or None
        self.lattice = (style, scale, basis or 0)

    def _cell_volume(self) -> float | None:
        """Volume of one lattice cell in distance units (None when unknown)."""
        if not self.lattice:
            return None
        style, scale, basis = self.lattice
        dim = self.dimension
        if self.units == "lj":
            # scale is a reduced density: cell volume = basis atoms / density
            return basis / scale if basis else None
        return scale**dim

    def cmd_region(self, cmd: Command) -> None:
        args = cmd.args
        if len(args) < 2:
            return
        rid, style = args[0], args[1]
        cells: float | None = None
        if style == "block" and len(args) >= 8:
            bounds = [_num(w) for w in args[2:8]]
            if all(b is not None for b in bounds):
                lx = bounds[1] - bounds[0]  # type: ignore[operator]
                ly = bounds[3] - bounds[2]  # type: ignore[operator]
                lz = bounds[5] - bounds[4]  # type: ignore[operator]
                if self.dimension == 2:
                    lz = 1.0
                volume = max(lx, 0) * max(ly, 0) * max(lz, 0)
                units_box = "units" in args and args[args.index("units") + 1 : args.index("units") + 2] == ["box"]
                if units_box:
                    cell = self._cell_volume()
                    cells = volume / cell if cell else None
                else:
                    cells = volume
        self.regions[rid] = cells

    def cmd_create_box(self, cmd: Command) -> None:
        self.box_defined = True
        if len(cmd.args) >= 2:
            self.create_box_region = cmd.args[1]

    def cmd_create_atoms(self, cmd: Command) -> None:
        args = cmd.args
        if len(args) < 2 or self.atoms is None:
            return
        kind = args[1]
        added: float | None = None
        basis = self.lattice[2] if self.lattice else 0
        if kind == "box" and self.create_box_region is not None:
            cells = self.regions.get(self.create_box_region)
            added = cells * basis if cells is not None and basis else None
        elif kind == "region" and len(args) > 2:
            cells = self.regions.get(args[2])
            added = cells * basis if cells is not None and basis else None
        elif kind == "single":
            added = 1
        elif kind == "random" and len(args) > 2:
            added = _num(args[2])
        self.atoms = None if added is None else self.atoms + added
        self._check_atoms(cmd)

    def cmd_replicate(self, cmd: Command) -> None:
        factors = [_int(w) for w in cmd.args[:3]]
        if self.atoms is not None and all(f is not None and f > 0 for f in factors):
            self.atoms *= factors[0] * factors[1] * factors[2]  # type: ignore[operator]
            self._check_atoms(cmd)

    def _check_atoms(self, cmd: Command) -> None:
        if self.atoms is not None and self.atoms > self.limits.max_atoms:
            self.error(
                cmd,
                f"this would create about {self.atoms:.3g} atoms, over the limit of {self.limits.max_atoms:,}",
                "Use a smaller box (fewer lattice cells); test small, then scale up on a cluster.",
                "limit",
            )
            self.atoms = None  # report once

    def cmd_fix(self, cmd: Command) -> None:
        args = cmd.args
        if len(args) < 3:
            return
        fid, _group, style = args[0], args[1], args[2]
        self.fixes[fid] = (style, args, cmd.lineno)
        if base_style(style) in {"reaxff/species", "reaxff/bonds"}:
            index = 6 if base_style(style) == "reaxff/species" else 4
            if len(args) > index:
                self.check_file(cmd, args[index], role="write", what=f"fix {style}")

    def cmd_unfix(self, cmd: Command) -> None:
        if cmd.args:
            self.fixes.pop(cmd.args[0], None)

    def cmd_clear(self, cmd: Command) -> None:
        self.__init_state_after_clear()

    def __init_state_after_clear(self) -> None:
        self.units = "lj"
        self.dimension = 3
        self.timestep = None
        self.box_defined = False
        self.pair_style = None
        self.pair_coeff_seen = False
        self.fixes = {}
        self.lattice = None
        self.regions = {}
        self.atoms = 0.0

    # -- run-time picture --

    def _integrators_and_controls(self) -> tuple[list[str], dict | None, dict | None]:
        integrators: list[str] = []
        thermostat: dict | None = None
        barostat: dict | None = None
        for style, args, _line in self.fixes.values():
            bstyle = base_style(style)
            fargs = args[3:]
            if any(bstyle == p or bstyle.startswith(p + "/") or bstyle.startswith(p) for p in INTEGRATOR_PREFIXES):
                integrators.append(bstyle)
            if "temp" in fargs and (bstyle.startswith(("nvt", "npt")) or "/nvt" in bstyle or "/npt" in bstyle):
                k = fargs.index("temp")
                if len(fargs) > k + 3:
                    thermostat = {
                        "style": bstyle, "group": args[1], "fix": args[0],
                        "start": _num(fargs[k + 1]), "target": _num(fargs[k + 2]), "damp": _num(fargs[k + 3]),
                    }  # fmt: skip
            elif bstyle in THERMOSTAT_FIXES:
                i0, i1, i2 = THERMOSTAT_FIXES[bstyle]
                if len(fargs) > max(i0, i1, i2 or 0):
                    thermostat = {
                        "style": bstyle, "group": args[1], "fix": args[0],
                        "start": _num(fargs[i0]), "target": _num(fargs[i1]),
                        "damp": _num(fargs[i2]) if i2 is not None else None,
                    }  # fmt: skip
            for key in ("iso", "aniso", "tri", "x", "y", "z"):
                if key in fargs and (bstyle.startswith(("npt", "nph", "press/berendsen")) or "/np" in bstyle):
                    k = fargs.index(key)
                    if len(fargs) > k + 3:
                        barostat = {
                            "style": bstyle, "couple": key, "fix": args[0],
                            "start": _num(fargs[k + 1]), "target": _num(fargs[k + 2]), "damp": _num(fargs[k + 3]),
                        }  # fmt: skip
                    break
        return integrators, thermostat, barostat

    def before_run(self, cmd: Command, kind: str, steps: int | None) -> None:
        if not self.box_defined:
            self.warn(cmd, f"{kind} before the simulation box exists",
                      "Define the box first: lattice + region + create_box + create_atoms, or read_data.",
                      "order")  # fmt: skip
        if self.box_defined and not self.pair_style:
            self.warn(cmd, f"{kind} without a pair_style: atoms will not interact",
                      "Add a pair_style and pair_coeff (e.g. `pair_style lj/cut 2.5`, `pair_coeff * * 1.0 1.0`).",
                      "pair", key=("nopair",))  # fmt: skip
        elif self.pair_style and self.pair_style not in {"none", "zero"} and not self.pair_coeff_seen:
            if not self.data_read:
                self.warn(
                    cmd,
                    f"pair_style {self.pair_style} is set but no pair_coeff was given before this {kind}",
                    "Add `pair_coeff` for every pair of atom types (e.g. `pair_coeff * * 1.0 1.0`).",
                    "pair_coeff",
                    key=("nocoeff",),
                )
        dt = self.timestep if self.timestep is not None else DEFAULT_TIMESTEP.get(self.units, 0.005)
        integrators, thermostat, barostat = self._integrators_and_controls()
        if kind == "run" and not integrators and steps:
            self.warn(
                cmd,
                "run without an integrator fix: atoms will not move",
                "Add e.g. `fix 1 all nve` (or nvt/npt, or nve + langevin) before `run`.",
                "integrator",
                key=("noint", cmd.lineno),
            )
        # two integrators acting on the same group integrate twice
        groups: dict[str, list[str]] = {}
        for style, args, _line in self.fixes.values():
            bstyle = base_style(style)
            if bstyle.startswith(("nve", "nvt", "npt", "nph")) and not bstyle.startswith("nve/limit"):
                groups.setdefault(args[1], []).append(f"fix {bstyle}")
        for group, names in groups.items():
            if len(names) > 1:
                self.warn(
                    cmd,
                    f"{' and '.join(names)} both integrate group '{group}': atoms are moved twice per step",
                    "Keep one integrator per group (nvt and npt already include the nve update).",
                    "integrator",
                    key=("double", group),
                )
        if thermostat and thermostat.get("damp") and dt:
            ratio = thermostat["damp"] / dt
            if ratio < 10 or ratio > 2000:
                self.warn(
                    cmd,
                    f"thermostat damping {thermostat['damp']:g} is {ratio:.3g} timesteps (fix {thermostat['style']})",
                    f"Use about 100 timesteps: damping {100 * dt:g} for timestep {dt:g}.",
                    "damping",
                    key=("tdamp", thermostat["fix"]),
                )
        if barostat and barostat.get("damp") and dt:
            ratio = barostat["damp"] / dt
            if ratio < 100 or ratio > 20000:
                self.warn(
                    cmd,
                    f"barostat damping {barostat['damp']:g} is {ratio:.3g} timesteps (fix {barostat['style']})",
                    f"Use about 1000 timesteps: damping {1000 * dt:g} for timestep {dt:g}.",
                    "damping",
                    key=("pdamp", barostat["fix"]),
                )
        self.report.segments.append(
            Segment(
                kind=kind,
                line=cmd.lineno,
                steps=steps,
                units=self.units,
                timestep=dt,
                integrators=integrators,
                thermostat=thermostat,
                barostat=barostat,
            )
        )


def validate(
    text: str | bytes,
    *,
    catalogue: Catalogue,
    library: PotentialLibrary | None = None,
    input_files: dict[str, Path] | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check a script statically. `input_files` maps plain names to files the run may read."""
    limits = limits or Limits()
    report_errors: list[Issue] = []
    if isinstance(text, bytes):
        if len(text) > limits.max_script_bytes:
            report = Report()
            report.errors.append(_too_big(len(text), limits))
            return report
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError as exc:
            lineno = text[: exc.start].count(b"\n") + 1
            report = Report()
            report.errors.append(
                Issue(
                    lineno,
                    "",
                    f"byte 0x{text[exc.start]:02x} is not ASCII text",
                    "LAMMPS input must be plain ASCII text; is this a binary file?",
                    "syntax",
                )  # fmt: skip
            )
            return report
    if len(text) > limits.max_script_bytes:
        report = Report()
        report.errors.append(_too_big(len(text), limits))
        return report
    try:
        check_characters(text)
        lines = logical_lines(text)
    except ScriptSyntaxError as exc:
        report = Report()
        report.errors.append(Issue(exc.lineno, "", exc.message, exc.hint, "syntax"))
        return report
    if not any(strip_comment(raw).strip() for _, raw in lines):
        report = Report()
        what = "empty" if not text.strip() else "only comments and blank lines"
        report.errors.append(Issue(1, "", f"the script is {what}: there is nothing to run",
                                   "Write at least units, a box, atoms and a run.", "empty"))  # fmt: skip
        return report
    v = _Validator(catalogue=catalogue, library=library, input_files=dict(input_files or {}), limits=limits)
    for name in sorted(set(input_files or {}) & set(RESERVED_NAMES)):
        report_errors.append(Issue(0, "", f"an input file may not be called '{name}': that is {RESERVED_NAMES[name]}",
                                   "Rename the input file.", "forbidden"))  # fmt: skip
    v.run(text)
    v.report.errors = report_errors + v.report.errors
    v.report.estimated_atoms = int(v.atoms) if v.atoms is not None else None
    if not v.report.segments and not v.report.errors:
        v.report.warnings.append(
            Issue(0, "", "the script has no run or minimize command", "Add e.g. `run 1000`.", "no_run")
        )
    return v.report


def _too_big(size: int, limits: Limits) -> Issue:
    return Issue(
        1, "", f"the script is {size:,} bytes, over the limit of {limits.max_script_bytes:,}",
        "Put large data (atoms, tables) in a data file and read it with read_data.", "limit",
    )  # fmt: skip


def parse_commands(text: str, resolve: Callable[[str], str | None] | None = None) -> list[Command]:
    """The logical commands of a script (for tools that need them without validation)."""
    out = []
    for lineno, raw in logical_lines(text):
        body = strip_comment(raw).strip()
        if body:
            if resolve:
                body, _ = substitute(body, resolve)
            out.append(parse_line(body, lineno))
    return out
