"""Turn a failed run into a class, a plain explanation and a concrete fix.

This is what the self-correcting assistant feeds back to the model and what a student reads,
so each class says what went wrong in words and what to change, with the line. Classes
are stable strings (the web app filters on them and the review queue groups by them).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .logparse import LogParser
from .sandbox import Outcome
from .units import LAMMPS_DEFAULT_TIMESTEP as DEFAULT_TIMESTEP
from .units import TIME_UNIT
from .validator import Issue, Report

# class -> explanation a student understands
EXPLANATIONS = {
    "forbidden_command": "The script uses a command that is not allowed to run on this server.",
    "forbidden_path": "The script names a file outside its own run directory.",
    "unknown_command": "LAMMPS does not know this command.",
    "unknown_style": "LAMMPS does not have this style (pair/fix/compute/... name).",
    "missing_file": "A file the script reads is not there.",
    "missing_potential": "The potential file could not be found or opened.",
    "potential_mismatch": "The potential file does not fit the pair style, units or elements used.",
    "pair_coeff_missing": "Some pairs of atom types have no interaction parameters (pair_coeff).",
    "pair_coeff_invalid": "The pair_coeff line has the wrong number or kind of arguments for this pair style.",
    "lost_atoms": "Atoms flew out of the box: the simulation became unstable.",
    "unstable": "Positions or energies became NaN/infinite: the simulation blew up.",
    "bond_atoms_missing": "A bonded partner atom is too far away: bonds stretched past the communication cutoff.",
    "out_of_range_atoms": "Atoms moved outside the k-space grid: the system blew up or the box is wrong.",
    "invalid_syntax": "A command has wrong or missing arguments.",
    "undefined_variable": "The script uses a variable that was never defined.",
    "box_not_defined": "A command needs the simulation box, but no box exists yet.",
    "box_already_defined": "The box was created twice.",
    "mass_not_set": "Some atom types have no mass.",
    "atom_style_mismatch": "The pair/bond style needs per-atom data the atom style does not have.",
    "kspace": "Long-range electrostatics (kspace) are set up inconsistently.",
    "missing_id": "The script refers to a group, fix, compute, region or variable that does not exist.",
    "invalid_atom_type": "An atom type number is larger than the number of types in the box.",
    "atoms_outside_box": "Atoms from the data file do not fit in the box.",
    "neighbor_list": "The neighbor list overflowed: atoms are too close together or the density is too high.",
    "empty_script": "The script is empty.",
    "limit_exceeded": "The script asks for more than the server allows (steps, atoms or size).",
    "timeout": "The run took longer than its time limit and was stopped.",
    "memory_limit": "The run used more memory than allowed and was stopped.",
    "output_limit": "The run wrote more output than allowed and was stopped.",
    "cancelled": "The run was cancelled.",
    "killed": "The LAMMPS process was killed by a signal.",
    "crash": "LAMMPS crashed without an error message.",
    "lammps_error": "LAMMPS stopped with an error.",
}

# (pattern on the LAMMPS error message, class); first match wins.
PATTERNS: list[tuple[str, str]] = [
    (r"Unknown command", "unknown_command"),
    (r"Unrecognized \S+ style|Unknown \S+ style|Invalid \S+ style|style .* is not part of this build", "unknown_style"),
    (r"requires \w+ units but \w+ units are in use|units .* (do not match|mismatch)", "potential_mismatch"),
    (r"missing an entry for|Incorrect element names|[Ee]lement .* not (found|in)", "potential_mismatch"),
    (r"(?i)potential file|cannot open .*(eam|tersoff|sw|meam|table)", "missing_potential"),
    (r"Cannot open (file|molecule|data|restart|dump|include|input)|Cannot open .*: No such file", "missing_file"),
    (r"All pair coeffs are not set", "pair_coeff_missing"),
    (r"Incorrect args for pair coefficients|Incorrect (number of )?args.*pair_coeff", "pair_coeff_invalid"),
    (r"Lost atoms", "lost_atoms"),
    (r"Non-numeric atom coords|Non-numeric pressure|[Nn]on-numeric .* - simulation unstable", "unstable"),
    (r"(Bond|Angle|Dihedral|Improper) atoms? .*missing", "bond_atoms_missing"),
    (r"Out of range atoms", "out_of_range_atoms"),
    (r"Substitution for illegal variable|Variable name .* (does not exist|for .* does not exist)|"
     r"Invalid variable (name|reference)|[Vv]ariable .* (is not defined|does not exist)", "undefined_variable"),
    (r"before simulation box is defined", "box_not_defined"),
    (r"after simulation box is defined", "box_already_defined"),
    (r"Not all per-type masses are set|Not all masses are set", "mass_not_set"),
    (r"requires atom (attribute|style)|Must use atom style|Atom style .* requires", "atom_style_mismatch"),
    (r"(?i)kspace", "kspace"),
    (r"Could not find .*(group|fix|compute|region|dump|molecule) ID|"
     r"(Group|Fix|Compute|Region|Molecule) ID .* does not exist|ID .* for .* does not exist", "missing_id"),
    (r"Invalid atom type|Invalid (bond|angle|dihedral|improper) type|Numeric index .* is out of bounds", "invalid_atom_type"),
    (r"Did not assign all atoms correctly|Atom count is inconsistent|outside (of )?box", "atoms_outside_box"),
    (r"Neighbor list overflow|Too many neighbor bins|Too many atoms per bin|neigh_modify one", "neighbor_list"),
    (r"Failed to allocate|bad_alloc|Cannot allocate memory", "memory_limit"),
    (r"Illegal .* (command|argument|keyword)|Expected (integer|floating point|boolean)|Incorrect args|Unknown keyword|"
     r"Invalid .* (keyword|argument)|missing argument|Unexpected argument|Unknown .* (keyword|argument)",
     "invalid_syntax"),
]  # fmt: skip

VALIDATOR_CLASS = {
    "forbidden": "forbidden_command",
    "bad_path": "forbidden_path",
    "unknown_command": "unknown_command",
    "unknown_style": "unknown_style",
    "missing_file": "missing_file",
    "syntax": "invalid_syntax",
    "limit": "limit_exceeded",
    "empty": "empty_script",
    "undefined_variable": "undefined_variable",
}


@dataclass
class Diagnosis:
    error_class: str
    message: str  # plain explanation plus the specific cause
    line: int | None
    hint: str
    lammps_message: str | None = None
    input_line: str | None = None
    log_excerpt: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["class"] = d.pop("error_class")
        return d


def classify(message: str) -> str:
    for pattern, cls in PATTERNS:
        if re.search(pattern, message):
            return cls
    return "lammps_error"


def from_validation(report: Report) -> Diagnosis:
    first: Issue = report.errors[0]
    cls = VALIDATOR_CLASS.get(first.code, "invalid_syntax")
    if cls == "missing_file" and "potential" in first.message:
        cls = "missing_potential"
    more = len(report.errors) - 1
    message = f"{EXPLANATIONS[cls]} Line {first.line}: {first.message}."
    if more:
        message += f" ({more} more problem{'s' if more > 1 else ''} found.)"
    return Diagnosis(error_class=cls, message=message, line=first.line or None, hint=first.hint)


def _hint(cls: str, msg: str, report: Report | None) -> str:
    units = report.units if report else "lj"
    dt_default = DEFAULT_TIMESTEP.get(units)
    tu = TIME_UNIT.get(units, "")
    dt = None
    if report and report.segments:
        dt = report.segments[-1].timestep
    if cls == "unknown_command":
        return "Check the spelling of the command; it may belong to a package this LAMMPS lacks."
    if cls == "unknown_style":
        m = re.search(r"style '([^']+)'", msg)
        return f"Check the style name{' ' + repr(m.group(1)) if m else ''}; run `lammps_check` for suggestions."
    if cls == "missing_potential":
        return ("Use a file from the potentials library (matching your elements and pair style) by its bare "
                "name, e.g. `pair_coeff 1 1 Cu_u3.eam` for pair_style eam, or upload the file to the project.")  # fmt: skip
    if cls == "potential_mismatch":
        if "entry for" in msg or "element" in msg.lower():
            return (
                "Map each atom type to an element the file contains, in order "
                "(`pair_coeff * * FILE El1 El2 ...`, NULL for types it does not cover), or pick a file for your elements."
            )
        return "Set `units` to what the potential file says (usually metal) before creating the box."
    if cls == "missing_file":
        m = re.search(r"Cannot open \w* ?file (\S+?):", msg)
        return (
            f"Upload {m.group(1) if m else 'the file'} to the project's input files, or create it in the script first."
        )
    if cls == "pair_coeff_missing":
        return "Add pair_coeff lines for every pair of atom types, e.g. `pair_coeff * * 1.0 1.0` for lj/cut."
    if cls == "pair_coeff_invalid":
        return ("Manybody potentials take `pair_coeff * * FILE El1 El2 ...` (one element per atom type); "
                "pair potentials take `pair_coeff I J params...`.")  # fmt: skip
    if cls in {"lost_atoms", "unstable", "out_of_range_atoms", "bond_atoms_missing"}:
        parts = []
        if dt and dt_default and dt > 2 * dt_default:
            parts.append(f"reduce the timestep ({dt:g} {tu}; usual for units {units} is {dt_default:g} {tu})")
        else:
            parts.append(f"reduce the timestep (now {dt:g} {tu})" if dt else "reduce the timestep")
        parts.append("remove overlapping atoms (check the lattice constant / density and the initial energy)")
        parts.append("start from a lower temperature or minimize first")
        if cls == "bond_atoms_missing":
            parts.append("or increase `comm_modify cutoff` if bonds are legitimately long")
        return "To stabilise it: " + "; ".join(parts) + "."
    if cls == "invalid_syntax":
        m = re.search(r"Illegal (\S+) command", msg)
        name = m.group(1) if m else "this"
        return f"Check the arguments of the {name} command against its documentation (order, count and keywords)."
    if cls == "undefined_variable":
        m = re.search(r"variable (\S+)", msg)
        var = m.group(1) if m else "NAME"
        return f"Define it before use, e.g. `variable {var} equal 300`, or fix the spelling; use ${{{var}}} or v_{var}."
    if cls == "box_not_defined":
        return ("Create the box first: `lattice`, `region`, `create_box`, `create_atoms` (or `read_data`) "
                "come before pair_coeff, mass, velocity and fixes.")  # fmt: skip
    if cls == "box_already_defined":
        return "Use create_box or read_data once; use `clear` to start a new system."
    if cls == "mass_not_set":
        return "Add `mass TYPE VALUE` for each atom type (e.g. `mass 1 1.0` in lj units, `mass 1 63.55` for Cu)."
    if cls == "atom_style_mismatch":
        return "Choose an atom_style with the needed data: `charge` or `full` for charges, `bond`/`molecular`/`full` for bonds."
    if cls == "kspace":
        return "Charged systems with coul/long need `kspace_style pppm 1.0e-4` (or ewald) and a matching pair style."
    if cls == "missing_id":
        return "Define the group/fix/compute/region before referring to it, and check the ID's spelling."
    if cls == "invalid_atom_type":
        return "Atom types run from 1 to the number given in create_box (or the data file header)."
    if cls == "atoms_outside_box":
        return "Make the box in the data file large enough for all coordinates, or check `boundary`."
    if cls == "neighbor_list":
        return "Atoms overlap or the density is too high; check the lattice constant, or use `neigh_modify one 5000`."
    if cls == "memory_limit":
        return "Use fewer atoms, or fewer/lower-frequency dumps and averages."
    if cls == "timeout":
        return "Run fewer steps or fewer atoms, or raise the time limit; check for endless label/jump loops."
    if cls == "output_limit":
        return "Write dumps and prints less often (every 100-1000 steps) and fewer files."
    if cls == "crash":
        return (
            "This is often a bad potential file or invalid input that LAMMPS does not check; inspect the last command."
        )
    return "Read the LAMMPS message and the line it names."


def from_run(parser: LogParser, outcome: Outcome, report: Report | None, tail: str) -> Diagnosis | None:
    """Diagnose a run that went wrong; None when it finished cleanly."""
    err = parser.error
    line = err.script_line if err else parser.last_command_line
    if outcome.cancelled:
        return Diagnosis(
            "cancelled", EXPLANATIONS["cancelled"], line, "Re-run it when you are ready.", log_excerpt=tail
        )
    if outcome.limit in {"wall_time", "cpu_time"}:
        what = "wall-clock" if outcome.limit == "wall_time" else "CPU"
        return Diagnosis(
            "timeout",
            f"{EXPLANATIONS['timeout']} ({what} time limit, after {outcome.wall_s:.1f} s).",
            line,
            _hint("timeout", "", report),
            log_excerpt=tail,
        )
    if outcome.limit == "memory":
        return Diagnosis("memory_limit", f"{EXPLANATIONS['memory_limit']} (peak {outcome.max_rss_mb:.0f} MB).", line,
                         _hint("memory_limit", "", report), log_excerpt=tail)  # fmt: skip
    if outcome.limit in {"output_size", "file_count", "file_size"}:
        detail = {"output_size": "total output size", "file_count": "number of files", "file_size": "size of one file"}
        return Diagnosis("output_limit", f"{EXPLANATIONS['output_limit']} ({detail[outcome.limit]} limit).", line,
                         _hint("output_limit", "", report), log_excerpt=tail)  # fmt: skip
    if outcome.limit == "processes":
        return Diagnosis("killed", "The run started too many processes and was stopped.", line,
                         "Scripts may not start other programs.", log_excerpt=tail)  # fmt: skip
    if err:
        cls = classify(err.message)
        message = f"{EXPLANATIONS[cls]} LAMMPS says: {err.message}"
        if line:
            message = f"Line {line}: " + message
        return Diagnosis(
            cls,
            message,
            line,
            _hint(cls, err.message, report),
            lammps_message=err.message,
            input_line=err.input_line,
            log_excerpt=tail,
        )
    if outcome.signal is not None:
        import signal as _signal

        try:
            name = _signal.Signals(outcome.signal).name
        except ValueError:
            name = str(outcome.signal)
        cls = (
            "crash"
            if outcome.signal in {_signal.SIGSEGV, _signal.SIGBUS, _signal.SIGFPE, _signal.SIGABRT}
            else "killed"
        )
        return Diagnosis(cls, f"{EXPLANATIONS[cls]} (signal {name}).", line, _hint(cls, "", report), log_excerpt=tail)
    if outcome.returncode not in (0, None) or not parser.finished:
        return Diagnosis(
            "crash",
            f"{EXPLANATIONS['crash']} (exit status {outcome.returncode}).",
            line,
            _hint("crash", "", report),
            log_excerpt=tail,
        )
    return None
