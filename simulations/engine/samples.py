"""Small Lennard-Jones scripts (LAMMPS's classic `melt` set-up: fcc at reduced density 0.8442) that
the benchmarks and the tests submit. One home, so that their copies cannot drift apart."""

from __future__ import annotations


def lj_fcc(cells: int = 4, steps: int | str = 1000, *, ensemble: str = "nvt", temperature: float = 1.5,
           seed: int | str = 87287, thermo: int = 100) -> str:  # fmt: skip
    """`cells`^3 fcc cells (4 atoms each); `steps` and `seed` may be "{steps}"-style placeholders."""
    if ensemble not in ("nve", "nvt"):
        raise ValueError(f"ensemble must be nve or nvt, not {ensemble!r}")
    fix = "fix 1 all nve" if ensemble == "nve" else f"fix 1 all nvt temp {temperature} {temperature} 0.5"
    return (
        f"units lj\natom_style atomic\nlattice fcc 0.8442\nregion box block 0 {cells} 0 {cells} 0 {cells}\n"
        f"create_box 1 box\ncreate_atoms 1 box\nmass 1 1.0\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\n"
        f"velocity all create {temperature} {seed} loop geom\n{fix}\nthermo {thermo}\nrun {steps}\n"
    )
