"""What the final structure is: crystalline or disordered (the fraction of atoms whose local order,
Lechner-Dellago averaged q6 over the 12 nearest neighbours, is below that of any crystal), and whether
a dense and a dilute phase coexist along z (the density contrast of a liquid slab and its vapour), and
how many atoms float above a surface (deposited atoms that never landed).

Crystals (fcc, hcp, bcc) have averaged q6 well above 0.4 even near melting; liquids and glasses
stay below about 0.3 (Lechner & Dellago, J. Chem. Phys. 129, 114707 (2008)). Frames are read
with ASE; neighbours come from scipy's periodic KD-tree.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

DISORDER_Q6 = 0.30
NEIGHBOURS = 12
MAX_ATOMS = 200_000


def _q6m(vectors: np.ndarray) -> np.ndarray:
    """q6m (m = -6..6) of each atom from its neighbour vectors, shape (n, k, 3) -> (n, 13)."""
    from scipy.special import sph_harm_y

    r = np.linalg.norm(vectors, axis=-1)
    theta = np.arccos(np.clip(vectors[..., 2] / np.where(r > 0, r, 1), -1, 1))
    phi = np.arctan2(vectors[..., 1], vectors[..., 0])
    return np.stack([sph_harm_y(6, m, theta, phi).mean(axis=1) for m in range(-6, 7)], axis=1)


def disordered_fraction(path: Path) -> float | None:
    """Fraction of atoms in the dump's last frame without crystalline order (None if unreadable)."""
    atoms = _last_frame(path)
    if atoms is None:
        return None
    from scipy.spatial import cKDTree

    n = len(atoms)
    if n < NEIGHBOURS + 1 or n > MAX_ATOMS:
        return None
    periodic = atoms.cell.orthorhombic and all(atoms.pbc)
    cell = atoms.cell.lengths()
    positions = np.mod(atoms.positions, cell) if periodic else atoms.positions
    tree = cKDTree(positions, boxsize=cell if periodic else None)
    _, idx = tree.query(positions, k=NEIGHBOURS + 1)
    vectors = positions[idx[:, 1:]] - positions[:, None, :]
    if periodic:
        vectors -= cell * np.round(vectors / cell)
    q6m = _q6m(vectors)
    averaged = q6m[idx].mean(axis=1)  # over the atom and its neighbours
    q6bar = np.sqrt(4 * np.pi / 13 * np.sum(np.abs(averaged) ** 2, axis=1))
    return float(np.mean(q6bar < DISORDER_Q6))


DENSITY_BINS = 20


def density_contrast(path: Path, bins: int = DENSITY_BINS) -> float | None:
    """The number density of the densest quarter of slabs along z over that of the most dilute quarter
    (each empty slab counted as half an atom), from the dump's last frame; None if unreadable."""
    atoms = _last_frame(path)
    if atoms is None or len(atoms) < bins:
        return None
    lz = atoms.cell.lengths()[2]
    counts, _ = np.histogram(np.mod(atoms.positions[:, 2], lz), bins=bins, range=(0, lz))
    ordered = np.sort(counts)
    quarter = max(1, bins // 4)
    dilute = max(float(ordered[:quarter].mean()), 0.5)
    return float(ordered[-quarter:].mean() / dilute)


FLOAT_GAP = 6.0  # A above the surface: an atom there is in flight, not adsorbed


def _last_frame(path: Path):
    if not Path(path).is_file():
        return None
    try:
        from ase.io import read

        return read(path, format="lammps-dump-text", index=-1)
    except Exception:
        return None


def floating_atoms(path: Path, bin_width: float = 2.0) -> int | None:
    """Atoms more than FLOAT_GAP above the surface (the top of the slabs along z holding at least 30 % of
    the densest slab's atoms), from the dump's last frame; None if unreadable."""
    atoms = _last_frame(path)
    if atoms is None or len(atoms) < 10:
        return None
    z = atoms.positions[:, 2]
    lo, hi = float(z.min()), float(z.max())
    bins = max(1, math.ceil((hi - lo) / bin_width))
    counts, edges = np.histogram(z, bins=bins, range=(lo, lo + bins * bin_width))
    dense = np.nonzero(counts >= 0.3 * counts.max())[0]
    surface = edges[dense.max() + 1]
    return int(np.sum(z > surface + FLOAT_GAP))
