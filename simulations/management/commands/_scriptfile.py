"""Shared by lammps_check and lammps_run: read SCRIPT and find the files next to it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from simulations.engine import input_files_in


def read_script(path_arg: str, max_bytes: int) -> tuple[bytes, dict[str, Path]]:
    path = Path(path_arg)
    if not path.is_file():
        raise CommandError(f"script not found: {path_arg}")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)  # enough to know it is too big, not the whole 50 MB
    inputs = input_files_in(path.resolve().parent, exclude={path.name})
    return data, inputs
