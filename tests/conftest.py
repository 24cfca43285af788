"""Fixtures shared by the whole suite: the real LAMMPS installation and fresh run directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulations.engine import Limits, PotentialLibrary, catalogue, find_installation, run_script

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def inst():
    return find_installation()


@pytest.fixture(scope="session")
def cat():
    return catalogue()


@pytest.fixture(scope="session")
def library(inst):
    return PotentialLibrary(inst.potentials_dir)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def run(tmp_path):
    """Run a script for real in a fresh directory under tmp_path; returns the RunResult."""
    counter = iter(range(1000))

    def _run(script, *, inputs=None, sandbox="auto", **limits):
        workdir = tmp_path / f"run{next(counter)}"
        lim = Limits().replace(**{"wall_s": 60.0, **limits})
        return run_script(script, workdir=workdir, input_files=inputs, limits=lim, sandbox=sandbox)

    return _run


def processes_in(directory: Path) -> list[int]:
    """PIDs whose working directory is inside `directory` (what a leaked LAMMPS would show)."""
    found = []
    directory = str(Path(directory).resolve())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if cwd == directory or cwd.startswith(directory + os.sep):
            found.append(int(entry))
    return found
