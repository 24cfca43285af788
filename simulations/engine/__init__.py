"""The LAMMPS engine: plain Python, no Django. Django code, the worker and the CLI call it.

from simulations.engine import check_script, run_script, Limits
report = check_script(text)                       # static validation
result = run_script(text, workdir=Path("run1"))   # validate, run, parse, diagnose, check
result.to_dict()                                  # the shared result format
"""

from .installation import Catalogue, Installation, LammpsNotFound, catalogue, find_installation
from .limits import Limits
from .potentials import PotentialLibrary
from .runner import RunResult, check_script, input_files_in, run_script
from .validator import Report, validate

__all__ = [
    "Catalogue",
    "Installation",
    "LammpsNotFound",
    "Limits",
    "PotentialLibrary",
    "Report",
    "RunResult",
    "catalogue",
    "check_script",
    "find_installation",
    "input_files_in",
    "run_script",
    "validate",
]
