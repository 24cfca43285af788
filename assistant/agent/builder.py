"""A deterministic script from a spec: the loop's fallback strategy when the model repeats
itself, and the source of the verified example library (each example is built here and
tested to run)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from .spec import ELEMENTS, Spec

BASIS = {"fcc": 4, "bcc": 2, "diamond": 8, "sc": 1, "hcp": 4, "sq": 1, "sq2": 2, "hex": 2}
DEFAULT_DT = {"lj": 0.005, "metal": 0.001, "real": 2.0}
DEFAULT_T = {"lj": 1.0, "metal": 300.0, "real": 300.0}


def lattice_of(spec: Spec) -> str:
    if spec.dimension == 2:
        return "hex" if "hex" in spec.request.lower() else "sq"
    return spec.lattice or "fcc"


def cells_for(spec: Spec) -> tuple[int, int, int]:
    if spec.cells:
        return spec.cells
    basis = BASIS.get(lattice_of(spec), 4)
    if spec.dimension == 2:
        cells = round(spec.natoms / basis) if spec.natoms else 400
        # The most nearly square nx * ny that holds exactly that many cells.
        nx = next(n for n in range(max(1, math.isqrt(cells)), 0, -1) if cells % n == 0)
        nx, ny = cells // nx, nx
        return (nx, ny, 1) if nx <= 4 * ny else (math.isqrt(cells),) * 2 + (1,)
    if spec.natoms:
        n = max(1, round((spec.natoms / basis) ** (1 / 3)))
        return (n, n, n)
    return (5, 5, 5) if spec.units == "lj" else (4, 4, 4)


def data_header(path: Path) -> dict:
    """Counts, type counts and the atom style comment from a LAMMPS data file's header."""
    info: dict = {"style": None}
    try:
        with open(path, errors="replace") as fh:
            for line in fh:
                m = re.match(r"\s*(\d+)\s+(atoms|bonds|angles|dihedrals|impropers)\s*$", line)
                t = re.match(r"\s*(\d+)\s+(atom|bond|angle|dihedral|improper) types\s*$", line)
                if m:
                    info[m.group(2)] = int(m.group(1))
                elif t:
                    info[t.group(2) + "_types"] = int(t.group(1))
                elif line.startswith("Atoms"):
                    c = re.search(r"#\s*(\w+)", line)
                    info["style"] = c.group(1) if c else None
                    break
    except OSError:
        pass
    if not info["style"]:
        info["style"] = ("molecular" if info.get("dihedrals") else "angle" if info.get("angles")
                         else "bond" if info.get("bonds") else "atomic")  # fmt: skip
    return info


def build_from_data(spec: Spec, path: Path) -> str:
    """Bonded coarse-grained models from the user's data file: a Kremer-Grest bead-spring melt when the
    request says FENE/Kremer-Grest/bead-spring, otherwise LJ beads with harmonic bonds (k, r0 from the
    request). Other force fields need their parameters, which only the user or the model can supply."""
    low = spec.request.lower()
    info = data_header(path)
    units = spec.units or "lj"
    lines = [f"# {spec.request.strip()[:200]}", f"units           {units}", f"atom_style      {info['style']}",
             "boundary        p p p"]  # fmt: skip
    kg = bool(re.search(r"fene|kremer|bead[- ]spring", low))
    if kg:
        lines += ["special_bonds   fene", f"read_data       {path.name}",
                  "pair_style      lj/cut 1.122462", "pair_modify     shift yes", "pair_coeff      * * 1.0 1.0 1.122462"]  # fmt: skip
        if info.get("bonds"):
            lines += ["bond_style      fene", "bond_coeff      * 30.0 1.5 1.0 1.0"]
    else:
        cutoff = spec.cutoff or 2.5
        lines += ["special_bonds   lj 0.0 1.0 1.0", f"read_data       {path.name}",
                  f"pair_style      lj/cut {cutoff:g}", "pair_coeff      * * 1.0 1.0"]  # fmt: skip
        if info.get("bonds"):
            k = re.search(r"\bk\s*=?\s*(\d+(?:\.\d+)?)", low)
            r0 = re.search(r"\br0\s*=?\s*(\d+(?:\.\d+)?)", low)
            lines += ["bond_style      harmonic",
                      f"bond_coeff      * {k.group(1) if k else '100.0'} {r0.group(1) if r0 else '1.0'}"]  # fmt: skip
    if info.get("angles"):
        stiff = re.search(r"(?:stiffness|bending[^.]*?)\s*(?:of\s*)?(\d+(?:\.\d+)?)", low)
        lines += ["angle_style     cosine", f"angle_coeff     * {stiff.group(1) if stiff else '1.5'}"]
    if info.get("dihedrals"):
        lines += ["dihedral_style  zero", "dihedral_coeff  *"]
    lines.append("neighbor        0.4 bin")
    dt = spec.timestep or (0.01 if kg else 0.005)
    temp = spec.temperature if spec.temperature is not None else 1.0
    ensemble = spec.ensemble or "nvt"
    lines += [f"timestep        {dt:g}", f"velocity        all create {temp:g} 4928459 mom yes rot yes dist gaussian"]
    damp = spec.damping or 100 * dt
    if ensemble == "langevin":
        lines += ["fix             1 all nve", f"fix             2 all langevin {temp:g} {temp:g} {damp:g} 48279"]
    elif ensemble == "npt":
        press = spec.pressure if spec.pressure is not None else 1.0
        lines.append(f"fix             1 all npt temp {temp:g} {temp:g} {damp:g} iso {press:g} {press:g} {1000 * dt:g}")
    elif ensemble == "nve":
        lines.append("fix             1 all nve")
    else:
        lines.append(f"fix             1 all nvt temp {temp:g} {temp:g} {damp:g}")
    lines += ["thermo_style    custom step temp pe ke etotal press vol", f"thermo          {spec.thermo_every or 100}",
              f"run             {spec.steps or 2000}"]  # fmt: skip
    return "\n".join(lines) + "\n"


def build(spec: Spec, inputs: dict[str, Path] | None = None) -> str:
    data = [p for name, p in (inputs or {}).items() if name.endswith(".data") or name.startswith("data.")]
    if data and (spec.units in (None, "lj")):
        return build_from_data(spec, Path(data[0]))
    units = spec.units or "lj"
    lines = [f"# {spec.request.strip()[:200]}" if spec.request else "# generated by MDWeb", f"units           {units}"]
    lines += ["dimension       2"] if spec.dimension == 2 else []
    lines.append("atom_style      atomic")
    lines.append("boundary        p p p" if spec.dimension == 3 else "boundary        p p p")
    lattice = spec.lattice or "fcc"
    if units == "lj":
        density = spec.density or spec.lattice_constant or 0.8442
        lattice_line = f"lattice         {lattice_of(spec)} {density:g}"
    else:
        el = spec.elements[0] if spec.elements else None
        a = spec.lattice_constant or (ELEMENTS[el][1] if el in ELEMENTS else 3.615)
        lattice_line = f"lattice         {lattice} {a:g}"
    lines.append(lattice_line)
    nx, ny, nz = cells_for(spec)
    shear = bool(spec.deform and spec.deform["mode"] == "shear")
    z = "-0.5 0.5" if spec.dimension == 2 else f"0 {nz}"  # a 2D box must straddle z = 0
    lines.append(f"region          box prism 0 {nx} 0 {ny} {z} 0 0 0" if shear else
                 f"region          box block 0 {nx} 0 {ny} {z}")  # fmt: skip
    lines += ["create_box      1 box", "create_atoms    1 box"]
    el = spec.elements[0] if spec.elements else None
    mass = 1.0 if units == "lj" else (ELEMENTS[el][2] if el in ELEMENTS else 1.0)
    lines.append(f"mass            1 {mass:g}")
    style = spec.pair_style or ("lj/cut" if units in {"lj", "real"} else "eam")
    if style.startswith("lj"):
        cutoff = spec.cutoff or (2.5 if units == "lj" else 3.0 * (spec.sigma or 3.4))
        eps = spec.epsilon or 1.0 if units == "lj" else spec.epsilon or 0.2381
        sig = spec.sigma or 1.0 if units == "lj" else spec.sigma or 3.405
        lines += [f"pair_style      lj/cut {cutoff:g}", f"pair_coeff      1 1 {eps:g} {sig:g}"]
    elif style in {"eam"}:
        lines += ["pair_style      eam", f"pair_coeff      1 1 {spec.potential_file or 'Cu_u3.eam'}"]
    else:
        lines += [f"pair_style      {style}", f"pair_coeff      * * {spec.potential_file} {el or 'Si'}"]
    lines.append("neighbor        0.3 bin" if units == "lj" else "neighbor        2.0 bin")
    dt = spec.timestep or DEFAULT_DT.get(units, 0.005)
    ensemble = spec.ensemble or ("nvt" if spec.temperature is not None else "nve")
    temp = spec.temperature if spec.temperature is not None else DEFAULT_T.get(units, 1.0)
    thermo = spec.thermo_every or 100
    if "rdf" in spec.outputs:
        lines += [
            "compute         myrdf all rdf 100",
            "fix             rdf all ave/time 100 1 100 c_myrdf[*] file lj.rdf mode vector",
        ]
    if "msd" in spec.outputs:
        lines += ["compute         msd all msd", "fix             msdout all ave/time 100 1 100 c_msd[4] file msd.dat"]
    if "dump" in spec.outputs:
        named = [f for f in spec.files if f.endswith(".lammpstrj") or f.startswith("dump")]
        if named:
            lines.append(f"dump            traj all custom {max(thermo, 100)} {named[0]} id type x y z vx vy vz")
        else:
            lines.append(f"dump            traj all atom {max(thermo, 100)} dump.atom")
    if ensemble == "minimize":
        if spec.box_relax:
            lines.append("fix             relax all box/relax iso 0.0 vmax 0.001")
        lines += ["thermo          10", "thermo_style    custom step pe lx ly lz press", "thermo_modify   norm no",
                  "min_style       cg", "minimize        1.0e-12 1.0e-12 10000 100000",
                  'variable        ecoh equal pe/atoms', 'print           "Cohesive energy per atom: ${ecoh}"']  # fmt: skip
        return "\n".join(lines) + "\n"
    lines.append(f"timestep        {dt:g}")
    lines.append(
        f"velocity        all create {temp * (2 if units != 'lj' and ensemble != 'nve' else 1):g} 4928459 mom yes rot yes dist gaussian"
    )  # noqa: E501
    damp_t = spec.damping or 100 * dt
    t_end = spec.temperature_end if spec.temperature_end is not None else temp
    press = spec.pressure if spec.pressure is not None else (0.0 if units != "lj" else 1.0)
    deform = spec.deform
    if deform and deform["mode"] != "shear" and ensemble == "npt":
        # Lateral dimensions at the target pressure; the deformed one is driven by fix deform.
        free = " ".join(f"{d} {press:g} {press:g} {1000 * dt:g}" for d in "xyz" if d != deform["axis"] and
                        not (spec.dimension == 2 and d == "z"))  # fmt: skip
        lines.append(f"fix             1 all npt temp {temp:g} {t_end:g} {damp_t:g} {free}")
    elif deform and deform["mode"] == "shear" and units == "lj":
        lines.append(f"fix             1 all nvt/sllod temp {temp:g} {t_end:g} {damp_t:g}")
    elif ensemble == "nvt":
        lines.append(f"fix             1 all nvt temp {temp:g} {t_end:g} {damp_t:g}")
    elif ensemble == "npt":
        lines.append(
            f"fix             1 all npt temp {temp:g} {t_end:g} {damp_t:g} iso {press:g} {press:g} {1000 * dt:g}"
        )
    elif ensemble == "nph":
        press = spec.pressure if spec.pressure is not None else 0.0
        lines.append(f"fix             1 all nph iso {press:g} {press:g} {1000 * dt:g}")
    elif ensemble == "langevin":
        lines += [
            "fix             1 all nve",
            f"fix             2 all langevin {temp:g} {temp:g} {spec.damping or 100 * dt:g} 48279",
        ]
    else:
        lines.append("fix             1 all nve")
    if spec.dimension == 2:
        lines.append("fix             2d all enforce2d")
    extra = [k for k in spec.thermo_extra if k != "vol"]
    if deform:
        lines += _deform_lines(spec, units)
        extra += ["pxy" if deform["mode"] == "shear" else f"p{deform['axis'] * 2}"]
    lines.append("thermo_style    custom step temp pe ke etotal press vol" + "".join(f" {k}" for k in extra))
    if deform and deform["mode"] == "shear" and units == "lj":
        lines.append("thermo_modify   temp tdef")
    lines.append(f"thermo          {thermo}")
    steps = spec.steps or 2000
    lines.append(f"run             {steps}")
    if spec.hold_steps:
        lines += [
            "unfix           1",
            _hold_fix(spec, ensemble, t_end, damp_t, press, dt),
            f"run             {spec.hold_steps}",
        ]
    if any(f.endswith(".restart") for f in spec.files) or "restart file" in spec.request.lower():
        name = next((f for f in spec.files if f.endswith(".restart")), "final.restart")
        lines.append(f"write_restart   {name}")
    return "\n".join(lines) + "\n"


def _hold_fix(spec: Spec, ensemble: str, t: float, damp: float, press: float, dt: float) -> str:
    if ensemble == "npt":
        return f"fix             1 all npt temp {t:g} {t:g} {damp:g} iso {press:g} {press:g} {1000 * dt:g}"
    return f"fix             1 all nvt temp {t:g} {t:g} {damp:g}"


def _deform_lines(spec: Spec, units: str) -> list[str]:
    """fix deform plus the strain and stress written to a file (stress in GPa for metal units)."""
    d = spec.deform
    scale = "/10000" if units == "metal" else ""
    if d["mode"] == "shear":
        name = next((f for f in spec.files if f.endswith((".txt", ".dat"))), "shear_stress.txt")
        remap = "v" if units == "lj" else "x"
        out = [f"fix             2 all deform 1 xy erate {d['rate']:g} remap {remap}"]
        if units == "lj":
            out.append("compute         tdef all temp/deform")
        return out + ["variable        gamma equal xy/ly", f"variable        sxy equal -pxy{scale}",
                      f"fix             ss all ave/time 10 10 100 v_gamma v_sxy file {name}"]  # fmt: skip
    a = d["axis"]
    name = next((f for f in spec.files if f.endswith((".txt", ".dat"))), "stress_strain.txt")
    return [f"variable        L0 equal l{a}", "variable        L0 equal ${L0}",
            f"variable        strain equal (l{a}-v_L0)/v_L0", f"variable        stress equal -p{a}{a}{scale}",
            f"fix             2 all deform 1 {a} erate {d['rate']:g} units box remap x",
            f"fix             ss all ave/time 10 10 100 v_strain v_stress file {name}"]  # fmt: skip


def natoms_of(spec: Spec) -> int:
    nx, ny, nz = cells_for(spec)
    return BASIS.get(lattice_of(spec), 4) * nx * ny * (1 if spec.dimension == 2 else nz)


def cube_root(n: float) -> float:
    return math.copysign(abs(n) ** (1 / 3), n)
