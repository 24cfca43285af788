"""LAMMPS unit systems: the one home of what each `units` style means (docs.lammps.org/units.html).

The validator, the physical checks and the assistant all read these tables; nothing else
keeps its own copy.
"""

from __future__ import annotations

# The timestep LAMMPS itself uses when a script sets none (in that system's time unit).
LAMMPS_DEFAULT_TIMESTEP = {
    "lj": 0.005,
    "real": 1.0,
    "metal": 0.001,
    "si": 1.0e-8,
    "cgs": 1.0e-8,
    "electron": 0.001,
    "micro": 2.0,
    "nano": 0.00045,
}
TIME_UNIT = {"lj": "tau", "real": "fs", "metal": "ps", "si": "s", "cgs": "s", "electron": "fs", "micro": "us",
             "nano": "ns"}  # fmt: skip
ENERGY_UNIT = {"lj": "epsilon", "real": "kcal/mol", "metal": "eV", "si": "J", "cgs": "erg", "electron": "Hartree",
               "micro": "pg um^2/us^2", "nano": "ag nm^2/ns^2"}  # fmt: skip
DISTANCE_UNIT = {"lj": "sigma", "real": "Angstrom", "metal": "Angstrom", "si": "m", "cgs": "cm", "electron": "Bohr",
                 "micro": "um", "nano": "nm"}  # fmt: skip
PRESSURE_UNIT = {"lj": "epsilon/sigma^3", "real": "atm", "metal": "bar", "si": "Pa", "cgs": "dyne/cm^2",
                 "electron": "Pa", "micro": "pN/um^2", "nano": "nN/nm^2"}  # fmt: skip
# One femtosecond / one picosecond in the system's time unit (where time is physical).
FS = {"real": 1.0, "metal": 0.001, "electron": 1.0, "si": 1e-15, "cgs": 1e-15}
# One bar in the system's pressure unit.
# Boltzmann's constant in each unit system's energy per kelvin (CODATA 2018; LAMMPS's force.cpp values).
KB = {"lj": 1.0, "real": 0.0019872067, "metal": 8.617343e-5, "si": 1.380649e-23, "cgs": 1.380649e-16}
BAR = {"metal": 1.0, "real": 1.0 / 1.01325, "si": 1.0e5, "cgs": 1.0e6}

# The unit of each quantity in each unit style, as docs.lammps.org/units.html lists them (lj: reduced).
# Written compactly (`unitfacts` compares choices in this form): "A" is Angstrom, "/" is per, "*" a
# product; where the manual writes a unit two ways ("Kcal/mol-Angstrom"), both are given.
QUANTITY_UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "mass": {"real": ("g/mol",), "metal": ("g/mol",), "si": ("kg",), "cgs": ("g",), "electron": ("amu", "g/mol"),
             "micro": ("pg",), "nano": ("ag",)},
    "distance": {"real": ("a",), "metal": ("a",), "si": ("m",), "cgs": ("cm",), "electron": ("bohr",), "micro": ("um",),
                 "nano": ("nm",)},
    "time": {"real": ("fs",), "metal": ("ps",), "si": ("s",), "cgs": ("s",), "electron": ("fs",), "micro": ("us",),
             "nano": ("ns",)},
    "energy": {"real": ("kcal/mol",), "metal": ("ev",), "si": ("j",), "cgs": ("erg",), "electron": ("hartree",)},
    "velocity": {"real": ("a/fs",), "metal": ("a/ps",), "si": ("m/s",), "cgs": ("cm/s",), "micro": ("um/us",),
                 "nano": ("nm/ns",)},
    "force": {"real": ("kcal/mol/a", "kcal/mola"), "metal": ("ev/a",), "si": ("n",), "cgs": ("dyne",),
              "electron": ("hartree/bohr",)},
    "temperature": {s: ("k",) for s in ("real", "metal", "si", "cgs", "electron", "micro", "nano")},
    "pressure": {"real": ("atm",), "metal": ("bar",), "si": ("pa",), "cgs": ("dyne/cm^2", "barye"), "electron": ("pa",)},
    "charge": {"real": ("e",), "metal": ("e",), "si": ("c",), "cgs": ("statcoulomb", "esu"), "electron": ("e",),
               "micro": ("pc",), "nano": ("e",)},
    "density": {"real": ("g/cm^3",), "metal": ("g/cm^3",), "si": ("kg/m^3",), "cgs": ("g/cm^3",)},
    "viscosity": {"real": ("poise",), "metal": ("poise",), "si": ("pa*s",), "cgs": ("poise",)},
    "torque": {"real": ("kcal/mol",), "metal": ("ev",), "si": ("n*m",), "cgs": ("dyne*cm",)},
}  # fmt: skip
UNIT_STYLES = ("lj", "real", "metal", "si", "cgs", "electron", "micro", "nano")
