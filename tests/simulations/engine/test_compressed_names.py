"""Which commands of the installed LAMMPS open compressed file names through /bin/sh, found
by running them (not from memory), and the validator refusing a shell-active name in each.

Each template runs in the real sandbox with fake `gzip`, `bzip2`, ... first on PATH; a fake
leaves a marker in the run directory when LAMMPS pipes a name through it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulations.engine import Limits, check_script, find_installation
from simulations.engine.runner import SCRIPT_NAME, lammps_command
from simulations.engine.sandbox import run_limited

BOX = (
    "units metal\natom_style atomic\nlattice fcc 3.615\nregion box block 0 2 0 2 0 2\ncreate_box 1 box\n"
    "create_atoms 1 box\nmass 1 63.5\npair_style eam\npair_coeff 1 1 Cu_u3.eam\ncompute t all temp\n"
)
# Every command that takes a file name, with {f} where the name goes.
TEMPLATES = {
    "read_data": "read_data {f} add append",
    "read_dump": "read_dump {f} 0 x y z",
    "rerun": "rerun {f} dump x y z",
    "read_restart": "read_restart {f}",
    "molecule": "molecule m {f}",
    "include": "include {f}",
    "jump": "jump {f}",
    "variable file": "variable a file {f}",
    "variable atomfile": "variable a atomfile {f}",
    "pair_coeff": "pair_coeff 1 1 {f}",
    "dump atom": "dump 1 all atom 1 {f}\nrun 0",
    "dump custom": "dump 1 all custom 1 {f} id x\nrun 0",
    "dump xyz": "dump 1 all xyz 1 {f}\nrun 0",
    "write_dump": "write_dump all atom {f}",
    "write_data": "write_data {f}",
    "write_restart": "write_restart {f}",
    "write_coeff": "write_coeff {f}",
    "restart": "restart 1 {f}\nrun 1",
    "log": "log {f}",
    "print file": 'print "x" file {f}',
    "fix print": 'fix p all print 1 "x" file {f}\nrun 1',
    "fix ave/time": "fix a all ave/time 1 1 1 c_t file {f}\nrun 1",
    "fix ave/histo": "fix h all ave/histo 1 1 1 0 1 2 c_t file {f}\nrun 1",
    "group2ndx": "group2ndx {f}",
    "ndx2group": "ndx2group {f}",
    "pair_write": "pair_write 1 1 10 r 2.0 4.0 {f} CuCu",
}
COMPRESSORS = ("gzip", "bzip2", "zstd", "xz", "lzma", "lz4")


def piped(template: str, tmp_path: Path) -> bool:
    workdir = tmp_path / "run"
    fake = workdir / "fakebin"
    fake.mkdir(parents=True)
    for tool in COMPRESSORS:
        (fake / tool).write_text('#!/bin/sh\n: > "$(dirname "$0")/../piped-through-a-shell"\ncat >/dev/null\n')
        os.chmod(fake / tool, 0o755)
    (workdir / "probe.gz").write_bytes(b"")  # readers may check that the file exists first
    (workdir / SCRIPT_NAME).write_text(BOX + template.format(f="probe.gz") + "\n")
    limits = Limits(wall_s=20)
    argv, env, read_only = lammps_command(find_installation(), limits, SCRIPT_NAME)
    env["PATH"] = f"{fake}:{env['PATH']}"
    run_limited(argv, workdir=workdir, limits=limits, env=env, read_only=read_only,
                stdout_path=workdir / "screen.log", protect=[SCRIPT_NAME])  # fmt: skip
    return (workdir / "piped-through-a-shell").exists()


@pytest.fixture(scope="module")
def piping_commands(tmp_path_factory) -> list[str]:
    return [name for name, template in TEMPLATES.items() if piped(template, tmp_path_factory.mktemp("probe"))]


@pytest.mark.slow
def test_the_probe_finds_the_commands_known_to_pipe(piping_commands):
    # Seen on this wheel: dump, write_dump and read_data go through popen(). The probe must
    # see at least those, or it is not measuring anything.
    assert {"dump atom", "write_dump", "read_data"} <= set(piping_commands), piping_commands


@pytest.mark.slow
def test_validator_refuses_a_shell_active_compressed_name_in_every_piping_command(piping_commands):
    for name in piping_commands:
        report = check_script(BOX + TEMPLATES[name].format(f='"x`id`.gz"') + "\n")
        assert not report.ok, name
        assert any("a shell would interpret" in e.message for e in report.errors), (name, report.errors)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_validator_refuses_a_shell_active_compressed_name_in_any_file_command(name):
    for bad in ('"x`id`.gz"', '"x$(id).bz2"', '"a;id;.xz"'):
        report = check_script(BOX + TEMPLATES[name].format(f=bad) + "\n")
        assert not report.ok, (name, bad)
