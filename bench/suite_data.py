"""LAMMPS data files shipped with MD-EvalBench molecular tasks (evalbench/tasks/inputs/).

Written by a program so that the geometry is exact and reviewable: straight or zigzag chains on
a grid, far enough apart that no non-bonded pair overlaps, bonds and angles at their minima.
"""

from __future__ import annotations

import math


def _write(title, box, masses, atoms, bonds=(), angles=(), dihedrals=(), types=None, charges=False) -> str:
    ntypes = types or {}
    lines = [title, ""]
    lines.append(f"{len(atoms)} atoms")
    lines += [f"{len(rows)} {name}" for name, rows in (("bonds", bonds), ("angles", angles), ("dihedrals", dihedrals))
              if rows]  # fmt: skip
    lines.append("")
    lines.append(f"{len(masses)} atom types")
    for kind in ("bond", "angle", "dihedral"):
        if ntypes.get(kind):
            lines.append(f"{ntypes[kind]} {kind} types")
    lines += [
        "",
        f"0.0 {box[0]:.4f} xlo xhi",
        f"0.0 {box[1]:.4f} ylo yhi",
        f"0.0 {box[2]:.4f} zlo zhi",
        "",
        "Masses",
        "",
    ]
    lines += [f"{i} {m}" for i, m in enumerate(masses, 1)]
    lines += ["", "Atoms # full" if charges else "Atoms # molecular", ""]
    for i, (mol, typ, q, x, y, z) in enumerate(atoms, 1):
        q_txt = f" {q:.4f}" if charges else ""
        lines.append(f"{i} {mol} {typ}{q_txt} {x:.4f} {y:.4f} {z:.4f}")
    for name, rows in (("Bonds", bonds), ("Angles", angles), ("Dihedrals", dihedrals)):
        if rows:
            lines += ["", name, ""]
            lines += [f"{i} {' '.join(str(v) for v in row)}" for i, row in enumerate(rows, 1)]
    return "\n".join(lines) + "\n"


def bead_spring(nx=5, ny=4, length=20, bond=0.97, spacing=1.1, angles=False) -> str:
    """Kremer-Grest melt: nx*ny straight chains along z, density about 0.85."""
    atoms, bonds, angle_rows = [], [], []
    for c in range(nx * ny):
        x, y = (c % nx + 0.5) * spacing, (c // nx + 0.5) * spacing
        first = len(atoms) + 1
        for i in range(length):
            atoms.append((c + 1, 1, 0.0, x, y, (i + 0.5) * bond))
            if i:
                bonds.append((1, first + i - 1, first + i))
            if angles and i >= 2:
                angle_rows.append((1, first + i - 2, first + i - 1, first + i))
    title = f"Kremer-Grest bead-spring melt: {nx * ny} chains of {length} beads" + (" with angles" if angles else "")
    return _write(title, (nx * spacing, ny * spacing, length * bond), [1.0], atoms, bonds, angle_rows,
                  types={"bond": 1, "angle": 1 if angles else 0})  # fmt: skip


def dimers(n=(5, 5, 10), spacing=2.0, bond=1.0) -> str:
    """Diatomic LJ molecules on a simple-cubic grid."""
    atoms, bonds = [], []
    mol = 0
    for k in range(n[2]):
        for j in range(n[1]):
            for i in range(n[0]):
                mol += 1
                x, y, z = (i + 0.25) * spacing, (j + 0.5) * spacing, (k + 0.5) * spacing
                atoms += [(mol, 1, 0.0, x, y, z), (mol, 1, 0.0, x + bond, y, z)]
                bonds.append((1, len(atoms) - 1, len(atoms)))
    return _write(f"{mol} LJ dimers", tuple(c * spacing for c in n), [1.0], atoms, bonds, types={"bond": 1})


def butane(n=(5, 5, 4), spacing=(6.0, 6.0, 7.5)) -> str:
    """United-atom n-butane (TraPPE sites CH3-CH2-CH2-CH3), all-trans planar zigzag along z."""
    half = math.radians(114.0) / 2
    dz, dx = 1.54 * math.sin(half), 1.54 * math.cos(half)
    atoms, bonds, angles, dihedrals = [], [], [], []
    mol = 0
    for k in range(n[2]):
        for j in range(n[1]):
            for i in range(n[0]):
                mol += 1
                x0, y0, z0 = (i + 0.4) * spacing[0], (j + 0.5) * spacing[1], (k + 0.25) * spacing[2]
                first = len(atoms) + 1
                for s in range(4):
                    atoms.append((mol, 1 if s in (0, 3) else 2, 0.0, x0 + (s % 2) * dx, y0, z0 + s * dz))
                bonds += [(1, first, first + 1), (1, first + 1, first + 2), (1, first + 2, first + 3)]
                angles += [(1, first, first + 1, first + 2), (1, first + 1, first + 2, first + 3)]
                dihedrals.append((1, first, first + 1, first + 2, first + 3))
    box = tuple(c * s for c, s in zip(n, spacing, strict=True))
    return _write(f"{mol} united-atom n-butane molecules (TraPPE-UA)", box, [15.035, 14.027], atoms, bonds, angles,
                  dihedrals, types={"bond": 1, "angle": 1, "dihedral": 1})  # fmt: skip


def water(n=5, spacing=3.104) -> str:
    """SPC/E water on a cubic grid (density about 1 g/cm3), all molecules in the same orientation."""
    s, c = math.sin(math.radians(109.47) / 2), math.cos(math.radians(109.47) / 2)
    atoms, bonds, angles = [], [], []
    mol = 0
    for k in range(n):
        for j in range(n):
            for i in range(n):
                mol += 1
                x, y, z = (i + 0.5) * spacing, (j + 0.3) * spacing, (k + 0.5) * spacing
                o = len(atoms) + 1
                atoms += [
                    (mol, 1, -0.8476, x, y, z),
                    (mol, 2, 0.4238, x + s, y + c, z),
                    (mol, 2, 0.4238, x - s, y + c, z),
                ]
                bonds += [(1, o, o + 1), (1, o, o + 2)]
                angles.append((1, o + 1, o, o + 2))
    return _write(f"{mol} SPC/E water molecules", (n * spacing,) * 3, [15.9994, 1.008], atoms, bonds, angles,
                  types={"bond": 1, "angle": 1}, charges=True)  # fmt: skip


DATA_FILES = {
    "kg_chains.data": bead_spring,
    "kg_chains_angles.data": lambda: bead_spring(angles=True),
    "lj_dimers.data": dimers,
    "butane.data": butane,
    "spce_water.data": water,
}
