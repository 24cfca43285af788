"""Hand-written MD-EvalBench suite tasks beyond what the deterministic builder covers: 2D,
melting, deformation, transport (MSD, VACF, Green-Kubo, Muller-Plathe), minimisation and defect
energies, NPT/thermal expansion, molecules from data files, kspace, granular/coarse-grained, and
under-specified requests. Each reference script is what an experienced LAMMPS user would write;
tests/evalbench/test_suite.py runs every one and checks it against its own task."""

from __future__ import annotations

TASKS: list[dict] = []


def task(tid, category, prompt, checks, reference, inputs=None):
    row = {"id": tid, "kind": "code", "category": category, "prompt": prompt, "checks": checks}
    if inputs:
        row["inputs"] = inputs
    TASKS.append({**row, "reference": "# " + prompt + "\n" + reference.strip() + "\n"})


def lj_box(rho, cells, lattice="fcc", types=1):
    nx, ny, nz = cells
    return f"""units           lj
atom_style      atomic
boundary        p p p
lattice         {lattice} {rho}
region          box block 0 {nx} 0 {ny} 0 {nz}
create_box      {types} box
create_atoms    1 box
mass            * 1.0
pair_style      lj/cut 2.5
pair_coeff      * * 1.0 1.0
neighbor        0.3 bin
neigh_modify    every 1 delay 0 check yes
"""


def metal_box(lattice, a, cells, mass, pair, files_line, triclinic=False):
    nx, ny, nz = cells
    region = f"prism 0 {nx} 0 {ny} 0 {nz} 0 0 0" if triclinic else f"block 0 {nx} 0 {ny} 0 {nz}"
    return f"""units           metal
atom_style      atomic
boundary        p p p
lattice         {lattice} {a}
region          box {region}
create_box      1 box
create_atoms    1 box
mass            1 {mass}
pair_style      {pair}
pair_coeff      {files_line}
neighbor        2.0 bin
neigh_modify    every 1 delay 0 check yes
"""


CU = ("fcc", 3.615, 63.546, "eam", "1 1 Cu_u3.eam")
NI = ("fcc", 3.52, 58.693, "eam", "1 1 Ni_u3.eam")
AL = ("fcc", 4.05, 26.982, "eam", "1 1 Al_jnp.eam")
PT = ("fcc", 3.92, 195.08, "eam", "1 1 Pt_u3.eam")
AU = ("fcc", 4.08, 196.967, "eam", "1 1 Au_u3.eam")
FE = ("bcc", 2.855, 55.845, "eam/fs", "* * Fe_mm.eam.fs Fe")
SI_SW = ("diamond", 5.431, 28.0855, "sw", "* * Si.sw Si")
SI_T = ("diamond", 5.431, 28.0855, "tersoff", "* * Si.tersoff Si")


def metal(material, cells, triclinic=False):
    lattice, a, mass, pair, files = material
    return metal_box(lattice, a, cells, mass, pair, files, triclinic)


# ---------------------------------------------------------------- 2D Lennard-Jones
TASKS_2D = [
    ("lj2d-nvt-001", "Two-dimensional Lennard-Jones fluid: 400 atoms on a square lattice at reduced density 0.7, "
     "NVT (Nose-Hoover) at T*=1.0 for 3000 steps.", "sq", 0.7, (20, 20), "nvt", 1.0, 3000),
    ("lj2d-langevin-001", "2D Lennard-Jones system of 900 atoms (square lattice, reduced density 0.6) with a "
     "Langevin thermostat at T*=0.8, damping 1.0, 2000 steps.", "sq", 0.6, (30, 30), "langevin", 0.8, 2000),
    ("lj2d-nve-001", "NVE run of a 2D Lennard-Jones crystal: 300 atoms on a hexagonal lattice at density 0.8, "
     "initial T*=0.3, timestep 0.004, 4000 steps; check energy conservation.", "hex", 0.8, (15, 10), "nve", 0.3, 4000),
]  # fmt: skip
for tid, prompt, lat, rho, (nx, ny), ens, t, steps in TASKS_2D:
    n = nx * ny * (2 if lat == "hex" else 1)
    fixes = {"nvt": f"fix             1 all nvt temp {t} {t} 0.5",
             "langevin": f"fix             1 all nve\nfix             2 all langevin {t} {t} 1.0 48279",
             "nve": "fix             1 all nve"}[ens]  # fmt: skip
    checks = {"units": "lj", "natoms": n, "steps": steps, "ensemble": ens}
    checks.update({"energy_drift": {"max_rel": 0.01}} if ens == "nve" else {"temperature": {"target": t, "rtol": 0.12}})
    task(
        tid,
        "2d",
        prompt,
        checks,
        f"""
units           lj
dimension       2
atom_style      atomic
boundary        p p p
lattice         {lat} {rho}
region          box block 0 {nx} 0 {ny} -0.5 0.5
create_box      1 box
create_atoms    1 box
mass            1 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
neighbor        0.3 bin
velocity        all create {t} 87287 mom yes rot yes dist gaussian
{fixes}
fix             2d all enforce2d
timestep        {0.004 if ens == "nve" else 0.005}
thermo_style    custom step temp pe ke etotal press
thermo          100
run             {steps}
""",
    )

task("lj2d-msd-001", "2d", "Diffusion in a 2D Lennard-Jones liquid: 625 atoms on a square lattice at density 0.65, "
     "NVT at T*=1.2 for 4000 steps; write the mean-squared displacement to a file.",
     {"units": "lj", "natoms": 625, "ensemble": "nvt", "files": ["*msd*"], "temperature": {"target": 1.2, "rtol": 0.12}},
     """
units           lj
dimension       2
atom_style      atomic
lattice         sq 0.65
region          box block 0 25 0 25 -0.5 0.5
create_box      1 box
create_atoms    1 box
mass            1 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
velocity        all create 1.2 5512 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.2 1.2 0.5
fix             2d all enforce2d
compute         msd all msd com yes
fix             msd all ave/time 100 1 100 c_msd[4] file msd_2d.dat
thermo_style    custom step temp pe press c_msd[4]
thermo          200
run             4000
""")  # fmt: skip

task("lj2d-npt-001", "2d", "2D Lennard-Jones system, 400 atoms (square lattice, density 0.7), at T*=1.0 and P*=1.0 "
     "with a Nose-Hoover barostat coupling x and y, 5000 steps.",
     {"units": "lj", "natoms": 400, "ensemble": "npt", "temperature": {"target": 1.0, "rtol": 0.12},
      "pressure": {"target": 1.0, "atol": 0.6}},
     """
units           lj
dimension       2
atom_style      atomic
lattice         sq 0.7
region          box block 0 20 0 20 -0.5 0.5
create_box      1 box
create_atoms    1 box
mass            1 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
velocity        all create 1.0 9912 mom yes rot yes dist gaussian
fix             1 all npt temp 1.0 1.0 0.5 x 1.0 1.0 5.0 y 1.0 1.0 5.0 couple xy
fix             2d all enforce2d
thermo_style    custom step temp pe press vol
thermo          100
run             5000
""")  # fmt: skip

# ---------------------------------------------------------------- melting
task("melt-lj-001", "melting", "Melt a Lennard-Jones fcc crystal of 500 atoms (density 0.9): heat it from T*=0.5 to "
     "T*=2.5 over 4000 steps with a Nose-Hoover thermostat, hold at 2.5 for 2000 more steps, and write the "
     "mean-squared displacement to a file.",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "files": ["*msd*"],
      "temperature": {"target": 2.5, "rtol": 0.1}},
     lj_box(0.9, (5, 5, 5)) + """
velocity        all create 0.5 4411 mom yes rot yes dist gaussian
compute         msd all msd
fix             msd all ave/time 100 1 100 c_msd[4] file melt_msd.dat
fix             1 all nvt temp 0.5 2.5 0.5
thermo_style    custom step temp pe press c_msd[4]
thermo          100
run             4000
unfix           1
fix             1 all nvt temp 2.5 2.5 0.5
run             2000
""")  # fmt: skip
for tid, mat, name, cells, t0, t1, ramp in [
    ("melt-cu-001", CU, "copper (Cu_u3.eam, fcc, 4x4x4 cells)", (4, 4, 4), 300, 2000, 10000),
    ("melt-al-001", AL, "aluminium (Al_jnp.eam, fcc, 4x4x4 cells)", (4, 4, 4), 300, 1600, 10000),
]:
    n = 4 * cells[0] * cells[1] * cells[2]
    task(tid, "melting", f"Melt {name}: heat from {t0} K to {t1} K at zero pressure (NPT) over {ramp} steps with a "
         f"1 fs timestep, then hold at {t1} K for 3000 steps.",
         {"units": "metal", "natoms": n, "ensemble": "npt", "pair_style": "eam",
          "temperature": {"target": t1, "rtol": 0.1}, "pressure": {"target": 0.0, "atol": 5000}},
         metal(mat, cells) + f"""
timestep        0.001
velocity        all create {2 * t0} 28711 mom yes rot yes dist gaussian
fix             1 all npt temp {t0} {t1} 0.1 iso 0.0 0.0 1.0
thermo_style    custom step temp pe press vol
thermo          200
run             {ramp}
unfix           1
fix             1 all npt temp {t1} {t1} 0.1 iso 0.0 0.0 1.0
run             3000
""")  # fmt: skip
task("melt-si-001", "melting", "Melt silicon with the Stillinger-Weber potential (Si.sw, diamond lattice, 3x3x3 "
     "cells): heat from 1000 K to 3500 K over 8000 steps (NVT, 1 fs timestep), then hold at 3500 K for 2000 steps.",
     {"units": "metal", "natoms": 216, "ensemble": "nvt", "pair_style": "sw", "temperature": {"target": 3500, "rtol": 0.1}},
     metal(SI_SW, (3, 3, 3)) + """
timestep        0.001
velocity        all create 2000 8811 mom yes rot yes dist gaussian
fix             1 all nvt temp 1000 3500 0.1
thermo          200
run             8000
unfix           1
fix             1 all nvt temp 3500 3500 0.1
run             2000
""")  # fmt: skip
task("melt-ar-001", "melting", "Melt solid argon in real units (Lennard-Jones, epsilon 0.2381 kcal/mol, sigma "
     "3.405 A, cutoff 8.5 A, fcc a = 5.26 A, 4x4x4 cells): heat from 50 K to 150 K over 5000 steps (NVT, 5 fs "
     "timestep), then hold at 150 K for 2000 steps.",
     {"units": "real", "natoms": 256, "ensemble": "nvt", "pair_style": "lj/cut",
      "temperature": {"target": 150, "rtol": 0.1}},
     """
units           real
atom_style      atomic
lattice         fcc 5.26
region          box block 0 4 0 4 0 4
create_box      1 box
create_atoms    1 box
mass            1 39.948
pair_style      lj/cut 8.5
pair_coeff      1 1 0.2381 3.405
neighbor        2.0 bin
timestep        5.0
velocity        all create 50 3319 mom yes rot yes dist gaussian
fix             1 all nvt temp 50 150 500
thermo          100
run             5000
unfix           1
fix             1 all nvt temp 150 150 500
run             2000
""")  # fmt: skip

# ---------------------------------------------------------------- deformation (fix deform)
STRESS_FILE = """variable        strain equal (lx-v_L0)/v_L0
variable        sxx equal -pxx/10000
fix             ss all ave/time 10 10 100 v_strain v_sxx file {name}
thermo_style    custom step temp pe press lx pxx v_strain v_sxx"""
task("deform-cu-001", "deformation", "Uniaxial tensile test of copper (Cu_u3.eam, fcc, 5x5x5 cells) at 300 K: strain "
     "along x at an engineering strain rate of 0.01 per ps with zero lateral pressure (NPT in y and z), 4000 steps of "
     "1 fs; write strain and stress (GPa) to a file stress_strain.txt.",
     {"units": "metal", "natoms": 500, "ensemble": "npt", "pair_style": "eam", "steps": 4000,
      "files": ["stress_strain*"], "temperature": {"target": 300, "rtol": 0.15}},
     metal(CU, (5, 5, 5)) + """
timestep        0.001
velocity        all create 600 5511 mom yes rot yes dist gaussian
fix             1 all npt temp 300 300 0.1 iso 0 0 1.0
thermo          200
run             2000
unfix           1
variable        L0 equal lx
variable        L0 equal ${L0}
fix             1 all npt temp 300 300 0.1 y 0 0 1.0 z 0 0 1.0
fix             2 all deform 1 x erate 0.01 units box remap x
""" + STRESS_FILE.format(name="stress_strain.txt") + """
thermo          200
run             4000
""")  # fmt: skip
task("deform-fe-001", "deformation", "Tensile test of bcc iron with the Finnis-Sinclair potential Fe_mm.eam.fs "
     "(a = 2.855 A, 6x6x6 cells) at 300 K: pull along x at strain rate 0.02/ps with zero lateral pressure for 3000 "
     "steps of 1 fs, writing strain and stress to a file named fe_stress_strain.txt.",
     {"units": "metal", "natoms": 432, "ensemble": "npt", "pair_style": "eam/fs", "files": ["*stress_strain*"],
      "temperature": {"target": 300, "rtol": 0.15}},
     metal(FE, (6, 6, 6)) + """
timestep        0.001
velocity        all create 600 3371 mom yes rot yes dist gaussian
fix             1 all npt temp 300 300 0.1 iso 0 0 1.0
run             1000
unfix           1
variable        L0 equal lx
variable        L0 equal ${L0}
fix             1 all npt temp 300 300 0.1 y 0 0 1.0 z 0 0 1.0
fix             2 all deform 1 x erate 0.02 units box remap x
""" + STRESS_FILE.format(name="fe_stress_strain.txt") + """
thermo          200
run             3000
""")  # fmt: skip
task("deform-ni-001", "deformation", "Uniaxial compression of nickel (Ni_u3.eam, fcc, 5x5x5 cells) at 300 K: "
     "compress along z at a strain rate of -0.01/ps, keeping x and y at zero pressure, for 3000 steps with a 1 fs "
     "timestep; save the stress-strain curve to a file compression.txt.",
     {"units": "metal", "natoms": 500, "ensemble": "npt", "pair_style": "eam", "files": ["compression*"],
      "temperature": {"target": 300, "rtol": 0.15}},
     metal(NI, (5, 5, 5)) + """
timestep        0.001
velocity        all create 600 1207 mom yes rot yes dist gaussian
fix             1 all npt temp 300 300 0.1 iso 0 0 1.0
run             1000
unfix           1
variable        L0 equal lz
variable        L0 equal ${L0}
variable        strain equal (lz-v_L0)/v_L0
variable        szz equal -pzz/10000
fix             1 all npt temp 300 300 0.1 x 0 0 1.0 y 0 0 1.0
fix             2 all deform 1 z erate -0.01 units box remap x
fix             ss all ave/time 10 10 100 v_strain v_szz file compression.txt
thermo_style    custom step temp pe press lz pzz v_strain v_szz
thermo          200
run             3000
""")  # fmt: skip
task("deform-al-001", "deformation", "Simple shear of aluminium (Al_jnp.eam, fcc, 4x4x4 cells in a triclinic box) at "
     "300 K in NVT: tilt xy at an engineering shear rate of 0.02/ps for 3000 steps of 1 fs and write the shear "
     "stress pxy over time to a file with 'shear' in its name.",
     {"units": "metal", "natoms": 256, "ensemble": "nvt", "pair_style": "eam", "files": ["*shear*"],
      "temperature": {"target": 300, "rtol": 0.15}},
     metal(AL, (4, 4, 4), triclinic=True) + """
timestep        0.001
velocity        all create 600 9187 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 0.1
fix             2 all deform 1 xy erate 0.02 remap x
variable        gamma equal xy/ly
variable        sxy equal -pxy/10000
fix             out all ave/time 10 10 100 v_gamma v_sxy file al_shear.txt
thermo_style    custom step temp pe press xy pxy
thermo          200
run             3000
""")  # fmt: skip
task("deform-lj-001", "deformation", "Non-equilibrium shear (SLLOD) of a Lennard-Jones liquid: 500 atoms at density "
     "0.8442 in a triclinic box, T*=1.0, shear rate 0.05 in xy with velocity remapping, 5000 steps; thermostat the "
     "temperature without the streaming velocity and write the average shear stress pxy to a file with 'shear' in "
     "its name.",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "files": ["*shear*"], "temperature": {"target": 1.0, "rtol": 0.1}},
     """
units           lj
atom_style      atomic
lattice         fcc 0.8442
region          box prism 0 5 0 5 0 5 0 0 0
create_box      1 box
create_atoms    1 box
mass            1 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
velocity        all create 1.0 9872 mom yes rot yes dist gaussian
fix             1 all nvt/sllod temp 1.0 1.0 0.5
fix             2 all deform 1 xy erate 0.05 remap v
compute         tdef all temp/deform
thermo_modify   temp tdef
variable        pxy equal pxy
fix             out all ave/time 10 50 500 v_pxy file lj_shear.txt
thermo_style    custom step temp pe press pxy
thermo_modify   temp tdef
thermo          250
run             5000
""")  # fmt: skip
task("deform-lj-002", "deformation", "Tensile deformation of a cold Lennard-Jones fcc solid: 864 atoms at density "
     "1.05, T*=0.1, strain along x at rate 0.002 (reduced) with zero lateral pressure in y and z, 5000 steps; "
     "write strain and stress to a file named lj_tension.txt.",
     {"units": "lj", "natoms": 864, "ensemble": "npt", "files": ["lj_tension*"]},
     lj_box(1.05, (6, 6, 6)) + """
velocity        all create 0.1 7011 mom yes rot yes dist gaussian
variable        L0 equal lx
variable        L0 equal ${L0}
variable        strain equal (lx-v_L0)/v_L0
variable        sxx equal -pxx
fix             1 all npt temp 0.1 0.1 0.5 y 0 0 5.0 z 0 0 5.0
fix             2 all deform 1 x erate 0.002 units box remap x
fix             ss all ave/time 10 10 100 v_strain v_sxx file lj_tension.txt
thermo_style    custom step temp pe press pxx v_strain
thermo          250
run             5000
""")  # fmt: skip

# ---------------------------------------------------------------- transport
task("transport-lj-msd-001", "transport", "Self-diffusion of a Lennard-Jones liquid: 864 atoms at density 0.75, NVT at "
     "T*=1.5 for 5000 steps; write the mean-squared displacement to a file so D can be fitted.",
     {"units": "lj", "natoms": 864, "ensemble": "nvt", "steps": 5000, "files": ["*msd*"],
      "temperature": {"target": 1.5, "rtol": 0.1}},
     lj_box(0.75, (6, 6, 6)) + """
velocity        all create 1.5 1923 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.5 1.5 0.5
compute         msd all msd com yes
fix             msd all ave/time 100 1 100 c_msd[4] file lj.msd
variable        D equal c_msd[4]/(6*(step*dt+1.0e-6))
thermo_style    custom step temp pe press c_msd[4] v_D
thermo          250
run             5000
""")  # fmt: skip
task("transport-lj-vacf-001", "transport", "Velocity autocorrelation function of a Lennard-Jones liquid (500 atoms, "
     "density 0.8442, T*=1.2, NVT) over 2000 steps, written to a file with 'vacf' in its name.",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "files": ["*vacf*"], "temperature": {"target": 1.2, "rtol": 0.12}},
     lj_box(0.8442, (5, 5, 5)) + """
velocity        all create 1.2 4132 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.2 1.2 0.5
run             500
compute         vacf all vacf
fix             out all ave/time 1 1 10 c_vacf[4] file lj.vacf
thermo_style    custom step temp pe c_vacf[4]
thermo          100
run             2000
""")  # fmt: skip
task("transport-lj-gk-001", "transport", "Shear viscosity of a Lennard-Jones fluid by Green-Kubo: 500 atoms at "
     "density 0.8442 and T*=1.5 in NVT, timestep 0.005, 6000 steps; correlate the off-diagonal pressure components, "
     "save the stress autocorrelation to a file with 'acf' in its name and print the running viscosity.",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "files": ["*acf*"], "temperature": {"target": 1.5, "rtol": 0.1}},
     lj_box(0.8442, (5, 5, 5)) + """
velocity        all create 1.5 8823 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.5 1.5 0.5
timestep        0.005
run             1000
variable        pxy equal pxy
variable        pxz equal pxz
variable        pyz equal pyz
fix             SS all ave/correlate 5 200 1000 v_pxy v_pxz v_pyz type auto file visc_acf.dat ave running
variable        scale equal vol/1.5*5*dt
variable        eta equal (trap(f_SS[3])+trap(f_SS[4])+trap(f_SS[5]))*v_scale/3.0
thermo_style    custom step temp press v_eta
thermo          1000
run             6000
""")  # fmt: skip
task("transport-lj-gk-002", "transport", "Thermal conductivity of a Lennard-Jones liquid by Green-Kubo: 500 atoms at "
     "density 0.8442, equilibrate at T*=1.35 with velocity rescaling, then 6000 steps NVE while correlating the heat "
     "flux; write the heat-flux autocorrelation to a file with 'acf' in its name.",
     {"units": "lj", "natoms": 500, "ensemble": "nve", "files": ["*acf*"], "energy_drift": {"max_rel": 0.01}},
     lj_box(0.8442, (5, 5, 5)) + """
velocity        all create 1.35 1177 mom yes rot yes dist gaussian
fix             1 all nve
fix             2 all temp/rescale 10 1.35 1.35 0.05 1.0
timestep        0.004
run             1000
unfix           2
compute         ke all ke/atom
compute         pe all pe/atom
compute         stress all stress/atom NULL virial
compute         flux all heat/flux ke pe stress
variable        Jx equal c_flux[1]/vol
variable        Jy equal c_flux[2]/vol
variable        Jz equal c_flux[3]/vol
fix             JJ all ave/correlate 5 200 1000 c_flux[1] c_flux[2] c_flux[3] type auto file heat_acf.dat ave running
variable        scale equal 1.0/1.35/1.35/vol*5*dt
variable        kappa equal (trap(f_JJ[3])+trap(f_JJ[4])+trap(f_JJ[5]))*v_scale/3.0
thermo_style    custom step temp pe etotal v_Jx v_kappa
thermo          1000
run             6000
""")  # fmt: skip
task("transport-lj-mp-001", "transport", "Shear viscosity of a Lennard-Jones fluid with the Muller-Plathe method: "
     "1000 atoms (fcc, density 0.8442, 5x5x10 cells, long in z), NVE at an initial T*=1.0, swap x-momentum across 20 "
     "layers in z every 50 steps, 5000 steps, and write the velocity profile to a file with 'profile' in its name.",
     {"units": "lj", "natoms": 1000, "ensemble": "nve", "steps": 5000, "files": ["*profile*"]},
     lj_box(0.8442, (5, 5, 10)) + """
velocity        all create 1.0 33821 mom yes rot yes dist gaussian
fix             1 all nve
fix             mp all viscosity 50 x z 20
compute         layers all chunk/atom bin/1d z lower 0.05 units reduced
fix             prof all ave/chunk 50 20 1000 layers vx file vx_profile.mp
thermo_style    custom step temp etotal press f_mp
thermo          500
run             5000
""")  # fmt: skip
task("transport-lj-mp-002", "transport", "Thermal conductivity of a Lennard-Jones fluid by reverse non-equilibrium MD "
     "(Muller-Plathe): 1000 atoms (fcc, density 0.8442, 5x5x10 cells), NVE at T*=1.35, exchange kinetic energy "
     "across 20 layers in z every 100 steps for 5000 steps; write the temperature profile to a file with 'profile' "
     "in its name.",
     {"units": "lj", "natoms": 1000, "ensemble": "nve", "files": ["*profile*"]},
     lj_box(0.8442, (5, 5, 10)) + """
velocity        all create 1.35 8812 mom yes rot yes dist gaussian
fix             1 all nve
fix             hot all thermal/conductivity 100 z 20
compute         ke all ke/atom
variable        t atom c_ke/1.5
compute         layers all chunk/atom bin/1d z lower 0.05 units reduced
fix             prof all ave/chunk 50 20 1000 layers v_t file t_profile.dat
thermo_style    custom step temp etotal f_hot
thermo          500
run             5000
""")  # fmt: skip
task("transport-cu-001", "transport", "Diffusion in liquid copper: Cu_u3.eam, 4x4x4 fcc cells, NVT at 2000 K with a "
     "1 fs timestep for 6000 steps; write the mean-squared displacement to a file.",
     {"units": "metal", "natoms": 256, "ensemble": "nvt", "pair_style": "eam", "files": ["*msd*"],
      "temperature": {"target": 2000, "rtol": 0.1}},
     metal(CU, (4, 4, 4)) + """
timestep        0.001
velocity        all create 4000 7131 mom yes rot yes dist gaussian
fix             1 all nvt temp 2000 2000 0.1
compute         msd all msd
fix             msd all ave/time 100 1 100 c_msd[4] file cu_liquid.msd
thermo_style    custom step temp pe press c_msd[4]
thermo          200
run             6000
""")  # fmt: skip
task("transport-ni-rdf-001", "transport", "Radial distribution function of fcc nickel (Ni_u3.eam, 5x5x5 cells) at "
     "1000 K in NVT, 3000 steps of 1 fs, averaged over time and written to a file with 'rdf' in its name.",
     {"units": "metal", "natoms": 500, "ensemble": "nvt", "pair_style": "eam", "files": ["*rdf*"],
      "temperature": {"target": 1000, "rtol": 0.12}},
     metal(NI, (5, 5, 5)) + """
timestep        0.001
velocity        all create 2000 9931 mom yes rot yes dist gaussian
fix             1 all nvt temp 1000 1000 0.1
comm_modify     cutoff 8.5
compute         rdf all rdf 100 cutoff 6.0
fix             rdf all ave/time 50 20 1000 c_rdf[*] file ni.rdf mode vector
thermo          200
run             3000
""")  # fmt: skip
task("transport-ar-001", "transport", "Liquid argon in real units (epsilon 0.2381 kcal/mol, sigma 3.405 A, cutoff 8.5 "
     "A, fcc a = 5.8 A, 5x5x5 cells) at 100 K in NVT, 2 fs timestep, 5000 steps; write the mean-squared displacement "
     "to a file.",
     {"units": "real", "natoms": 500, "ensemble": "nvt", "pair_style": "lj/cut", "files": ["*msd*"],
      "temperature": {"target": 100, "rtol": 0.12}},
     """
units           real
atom_style      atomic
lattice         fcc 5.8
region          box block 0 5 0 5 0 5
create_box      1 box
create_atoms    1 box
mass            1 39.948
pair_style      lj/cut 8.5
pair_coeff      1 1 0.2381 3.405
neighbor        2.0 bin
timestep        2.0
velocity        all create 100 2281 mom yes rot yes dist gaussian
fix             1 all nvt temp 100 100 200
compute         msd all msd
fix             msd all ave/time 100 1 100 c_msd[4] file ar.msd
thermo_style    custom step temp pe press c_msd[4]
thermo          250
run             5000
""")  # fmt: skip

# ---------------------------------------------------------------- minimisation and defect energies
COHESIVE = [
    ("min-cu-001", CU, "copper with Cu_u3.eam (fcc, a = 3.615 A, 4x4x4 cells)", (4, 4, 4), -3.54),
    ("min-pt-001", PT, "platinum with Pt_u3.eam (fcc, a = 3.92 A, 4x4x4 cells)", (4, 4, 4), -5.77),
    ("min-fe-001", FE, "bcc iron with Fe_mm.eam.fs (a = 2.855 A, 5x5x5 cells)", (5, 5, 5), -4.12),
    ("min-si-001", SI_SW, "silicon with the Stillinger-Weber potential Si.sw (diamond, a = 5.431 A, 3x3x3 cells)",
     (3, 3, 3), -4.3366),
    ("min-si-002", SI_T, "silicon with the Tersoff potential Si.tersoff (diamond, a = 5.431 A, 3x3x3 cells)", (3, 3, 3),
     -4.63),
]  # fmt: skip
for tid, mat, name, cells, ecoh in COHESIVE:
    basis = {"fcc": 4, "bcc": 2, "diamond": 8}[mat[0]]
    task(tid, "minimization", f"Cohesive energy of {name}: relax the box to zero pressure and minimise the energy, "
         "then report the energy per atom.",
         {"units": "metal", "natoms": basis * cells[0] * cells[1] * cells[2], "ensemble": "minimize",
          "pair_style": mat[3], "pe_per_atom": {"target": ecoh, "atol": 0.02}},
         metal(mat, cells) + """
thermo_style    custom step pe lx press
thermo_modify   norm no
fix             relax all box/relax iso 0.0 vmax 0.001
min_style       cg
minimize        1.0e-12 1.0e-12 10000 100000
variable        ecoh equal pe/atoms
print           "Cohesive energy: ${ecoh} eV/atom"
""")  # fmt: skip
for tid, mat, name, ev_hint, e255 in [
    ("min-cu-vac-001", CU, "copper (Cu_u3.eam, fcc, 4x4x4 cells)", 1.28, -3.53496),
    ("min-ni-vac-001", NI, "nickel (Ni_u3.eam, fcc, 4x4x4 cells)", 1.60, -4.44360),
]:  # fmt: skip
    task(tid, "minimization", f"Vacancy formation energy of {name}: minimise the perfect crystal, remove one atom, "
         "minimise again at fixed volume and print E_vac = E(N-1) - (N-1)/N E(N).",
         {"units": "metal", "natoms": 255, "ensemble": "minimize", "pair_style": "eam",
          "pe_per_atom": {"target": e255, "atol": 0.003}},
         metal(mat, (4, 4, 4)) + f"""
thermo_style    custom step pe press
thermo_modify   norm no
minimize        1.0e-12 1.0e-12 10000 100000
variable        N equal atoms
variable        E0 equal pe
variable        N0 equal $N
variable        Eperfect equal ${{E0}}
region          hole sphere 0 0 0 0.1 units lattice
delete_atoms    region hole
minimize        1.0e-12 1.0e-12 10000 100000
variable        Evac equal pe-(v_N0-1)/v_N0*v_Eperfect
print           "Vacancy formation energy: ${{Evac}} eV (literature for this potential about {ev_hint} eV)"
""")  # fmt: skip
task("min-lj-001", "minimization", "Relax a Lennard-Jones fcc crystal (500 atoms, start at density 1.0, cutoff 2.5) "
     "to zero pressure with box relaxation and energy minimisation; report the energy per atom.",
     {"units": "lj", "natoms": 500, "ensemble": "minimize", "pe_per_atom": {"target": -8.10, "atol": 0.02}},
     lj_box(1.0, (5, 5, 5)) + """
thermo_style    custom step pe press vol
fix             relax all box/relax iso 0.0 vmax 0.001
minimize        1.0e-12 1.0e-12 10000 100000
""")  # fmt: skip
task("min-cu-surf-001", "minimization", "Surface energy of Cu(100) with Cu_u3.eam: a slab of 13 (100) layers, 4x4 fcc "
     "cells in-plane (416 atoms), with 10 A of vacuum above and below along z (periodic in x and y), energy-minimised; report the energy per atom and the "
     "surface energy.",
     {"units": "metal", "natoms": 416, "ensemble": "minimize", "pair_style": "eam",
      "pe_per_atom": {"target": -3.4592, "atol": 0.003}},
     """
units           metal
atom_style      atomic
boundary        p p p
lattice         fcc 3.615
region          box block 0 4 0 4 -3 9
region          slab block 0 4 0 4 0 6
create_box      1 box
create_atoms    1 region slab
mass            1 63.546
pair_style      eam
pair_coeff      1 1 Cu_u3.eam
thermo_style    custom step pe press
thermo_modify   norm no
minimize        1.0e-12 1.0e-12 10000 100000
variable        A equal 2*lx*ly
variable        esurf equal (pe-atoms*(-3.54))/v_A*16.0218
print           "Surface energy: ${esurf} J/m^2"
""")  # fmt: skip

# ---------------------------------------------------------------- NPT / thermal expansion
for tid, mat, name, cells, t in [
    ("npt-cu-300", CU, "copper (Cu_u3.eam, fcc, 5x5x5 cells)", (5, 5, 5), 300),
    ("npt-cu-900", CU, "copper (Cu_u3.eam, fcc, 5x5x5 cells)", (5, 5, 5), 900),
    ("npt-ni-600", NI, "nickel (Ni_u3.eam, fcc, 5x5x5 cells)", (5, 5, 5), 600),
    ("npt-fe-300", FE, "bcc iron (Fe_mm.eam.fs, 6x6x6 cells)", (6, 6, 6), 300),
    ("npt-si-1000", SI_SW, "silicon (Si.sw, diamond, 3x3x3 cells)", (3, 3, 3), 1000),
]:  # fmt: skip
    basis = {"fcc": 4, "bcc": 2, "diamond": 8}[mat[0]]
    cells_n = cells[0] * cells[1] * cells[2]
    task(tid, "npt", f"Thermal expansion point: equilibrate {name} at {t} K and 0 bar (NPT, 1 fs timestep) for 5000 "
         "steps and print the box length Lx and the volume in the thermo output.",
         {"units": "metal", "natoms": basis * cells_n, "ensemble": "npt", "pair_style": mat[3], "steps": 5000,
          "thermo_columns": ["Lx", "Volume"], "temperature": {"target": t, "rtol": 0.12},
          "pressure": {"target": 0.0, "atol": 1500}},
         metal(mat, cells) + f"""
timestep        0.001
velocity        all create {2 * t} 4421 mom yes rot yes dist gaussian
fix             1 all npt temp {t} {t} 0.1 iso 0.0 0.0 1.0
thermo_style    custom step temp pe press lx vol
thermo          100
run             5000
""")  # fmt: skip
task("npt-lj-nph-001", "npt", "Constant-enthalpy (NPH) run of 500 Lennard-Jones atoms (fcc, density 0.8442, initial "
     "T*=1.0) at P*=2.0 for 4000 steps.",
     {"units": "lj", "natoms": 500, "ensemble": "nph", "pressure": {"target": 2.0, "atol": 0.6}},
     lj_box(0.8442, (5, 5, 5)) + """
velocity        all create 1.0 66123 mom yes rot yes dist gaussian
fix             1 all nph iso 2.0 2.0 5.0
thermo_style    custom step temp pe press vol
thermo          100
run             4000
""")  # fmt: skip
task("npt-ar-001", "npt", "Liquid argon at 90 K and 1 atm in real units (epsilon 0.2381 kcal/mol, sigma 3.405 A, "
     "cutoff 8.5 A), 500 atoms started from an fcc lattice with a = 5.5 A, NPT for 6000 steps of 5 fs; print the "
     "density.",
     {"units": "real", "natoms": 500, "ensemble": "npt", "pair_style": "lj/cut", "thermo_columns": ["Density"],
      "temperature": {"target": 90, "rtol": 0.12}, "pressure": {"target": 1.0, "atol": 400}},
     """
units           real
atom_style      atomic
lattice         fcc 5.5
region          box block 0 5 0 5 0 5
create_box      1 box
create_atoms    1 box
mass            1 39.948
pair_style      lj/cut 8.5
pair_coeff      1 1 0.2381 3.405
pair_modify     tail yes
neighbor        2.0 bin
timestep        5.0
velocity        all create 90 8123 mom yes rot yes dist gaussian
fix             1 all npt temp 90 90 500 iso 1.0 1.0 5000
thermo_style    custom step temp pe press density
thermo          200
run             6000
""")  # fmt: skip

# ---------------------------------------------------------------- molecules from data files
KG_HEAD = """units           lj
atom_style      bond
boundary        p p p
special_bonds   fene
read_data       {data}
pair_style      lj/cut 1.122462
pair_modify     shift yes
pair_coeff      1 1 1.0 1.0 1.122462
bond_style      fene
bond_coeff      1 30.0 1.5 1.0 1.0
neighbor        0.4 bin
neigh_modify    every 1 delay 0 check yes
timestep        0.01
"""
task("mol-kg-001", "molecular", "Kremer-Grest bead-spring polymer melt from the data file kg_chains.data (20 chains "
     "of 20 beads, FENE bonds, purely repulsive WCA pair interaction): Langevin dynamics at T*=1.0 with damping 1.0, "
     "timestep 0.01, 5000 steps.",
     {"units": "lj", "natoms": 400, "ensemble": "langevin", "steps": 5000, "temperature": {"target": 1.0, "rtol": 0.1}},
     KG_HEAD.format(data="kg_chains.data") + """
velocity        all create 1.0 17 mom yes rot yes dist gaussian
fix             1 all nve
fix             2 all langevin 1.0 1.0 1.0 90211
thermo_style    custom step temp pe ebond press
thermo          250
run             5000
""", inputs=["kg_chains.data"])  # fmt: skip
task("mol-kg-002", "molecular", "Semiflexible bead-spring chains from kg_chains_angles.data (20 chains of 20 beads "
     "with FENE bonds and angles): add a cosine bending potential with stiffness 1.5, WCA pair interaction, NVT at "
     "T*=1.2, timestep 0.01, 4000 steps.",
     {"units": "lj", "natoms": 400, "ensemble": "nvt", "temperature": {"target": 1.2, "rtol": 0.1}},
     KG_HEAD.replace("atom_style      bond", "atom_style      angle").format(data="kg_chains_angles.data") + """
angle_style     cosine
angle_coeff     1 1.5
velocity        all create 1.2 2917 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.2 1.2 1.0
thermo_style    custom step temp pe ebond eangle press
thermo          250
run             4000
""", inputs=["kg_chains_angles.data"])  # fmt: skip
task("mol-kg-003", "molecular", "Compress the bead-spring melt in kg_chains.data (FENE bonds, WCA beads) at T*=1.0 "
     "and P*=5.0 in NPT for 5000 steps with timestep 0.01.",
     {"units": "lj", "natoms": 400, "ensemble": "npt", "temperature": {"target": 1.0, "rtol": 0.12},
      "pressure": {"target": 5.0, "atol": 1.5}},
     KG_HEAD.format(data="kg_chains.data") + """
velocity        all create 1.0 5231 mom yes rot yes dist gaussian
fix             1 all npt temp 1.0 1.0 1.0 iso 5.0 5.0 10.0
thermo_style    custom step temp pe press density
thermo          250
run             5000
""", inputs=["kg_chains.data"])  # fmt: skip
task("mol-dimer-001", "molecular", "Fluid of 250 diatomic Lennard-Jones molecules from lj_dimers.data (harmonic bonds, "
     "k = 100, r0 = 1.0; no LJ between bonded atoms), cutoff 2.5, NVT at T*=1.5 for 4000 steps.",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "pair_style": "lj/cut", "temperature": {"target": 1.5, "rtol": 0.12}},
     """
units           lj
atom_style      bond
read_data       lj_dimers.data
special_bonds   lj 0.0 1.0 1.0
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
bond_style      harmonic
bond_coeff      1 100.0 1.0
neighbor        0.3 bin
timestep        0.002
velocity        all create 1.5 1177 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.5 1.5 0.2
thermo_style    custom step temp pe ebond press
thermo          200
run             4000
""", inputs=["lj_dimers.data"])  # fmt: skip
task("mol-butane-001", "molecular", "United-atom n-butane (TraPPE-UA) from butane.data, 100 molecules in real units: "
     "CH3 epsilon 0.195 kcal/mol sigma 3.75 A, CH2 epsilon 0.0914 kcal/mol sigma 3.95 A, cutoff 12 A, harmonic bonds "
     "(1.54 A) and angles (114 deg), OPLS dihedral; NVT at 300 K, 1 fs timestep, 3000 steps.",
     {"units": "real", "natoms": 400, "ensemble": "nvt", "pair_style": "lj/cut",
      "temperature": {"target": 300, "rtol": 0.12}},
     """
units           real
atom_style      molecular
read_data       butane.data
pair_style      lj/cut 12.0
pair_coeff      1 1 0.195 3.75
pair_coeff      2 2 0.0914 3.95
pair_modify     mix arithmetic tail yes
bond_style      harmonic
bond_coeff      1 260.0 1.54
angle_style     harmonic
angle_coeff     1 62.1 114.0
dihedral_style  opls
dihedral_coeff  1 1.411 -0.271 3.145 0.0
special_bonds   lj 0.0 0.0 0.0
neighbor        2.0 bin
timestep        1.0
velocity        all create 300 4882 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 100
thermo_style    custom step temp pe ebond eangle edihed press
thermo          200
run             3000
""", inputs=["butane.data"])  # fmt: skip
task("mol-water-001", "molecular", "SPC/E water from spce_water.data (125 molecules): rigid water with SHAKE, "
     "lj/cut/coul/long with a 7 A cutoff, PPPM electrostatics (accuracy 1e-4), NVT at 300 K with a 2 fs timestep "
     "for 1000 steps.",
     {"units": "real", "natoms": 375, "ensemble": "nvt", "pair_style": "lj/cut/coul/long",
      "temperature": {"target": 300, "rtol": 0.15}},
     """
units           real
atom_style      full
read_data       spce_water.data
pair_style      lj/cut/coul/long 7.0
pair_coeff      1 1 0.1553 3.166
pair_coeff      * 2 0.0 0.0
bond_style      harmonic
bond_coeff      1 1000.0 1.0
angle_style     harmonic
angle_coeff     1 100.0 109.47
kspace_style    pppm 1.0e-4
neighbor        2.0 bin
fix             rigid all shake 0.0001 20 0 b 1 a 1
timestep        2.0
velocity        all create 300 4423 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 100
thermo_style    custom step temp pe ecoul elong press
thermo          100
run             1000
""", inputs=["spce_water.data"])  # fmt: skip

# ---------------------------------------------------------------- charged systems with kspace
NACL = """units           metal
atom_style      charge
boundary        p p p
lattice         fcc 5.64
region          box block 0 3 0 3 0 3
create_box      2 box
create_atoms    1 box
lattice         fcc 5.64 origin 0.5 0.0 0.0
create_atoms    2 box
mass            1 22.990
mass            2 35.453
set             type 1 charge 1.0
set             type 2 charge -1.0
pair_style      born/coul/long 8.0
pair_coeff      1 1 0.2637 0.317 2.340 1.048553 -0.49935
pair_coeff      1 2 0.2110 0.317 2.755 6.99055 -8.6757
pair_coeff      2 2 0.1582 0.317 3.170 72.40215 -145.4284
kspace_style    {kspace} 1.0e-5
neighbor        2.0 bin
"""
task("kspace-nacl-001", "kspace", "Rock-salt NaCl (a = 5.64 A, 3x3x3 cells, Na +1 and Cl -1) with the Born-Mayer-Huggins "
     "(Fumi-Tosi) potential and PPPM long-range electrostatics: NVT at 300 K, 1 fs timestep, 2000 steps.",
     {"units": "metal", "natoms": 216, "ntypes": 2, "ensemble": "nvt", "pair_style": "born/coul/long",
      "temperature": {"target": 300, "rtol": 0.15}},
     NACL.format(kspace="pppm") + """
timestep        0.001
velocity        all create 600 2211 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 0.1
thermo_style    custom step temp pe ecoul elong press
thermo          100
run             2000
""")  # fmt: skip
task("kspace-nacl-002", "kspace", "Lattice energy of rock-salt NaCl with the Fumi-Tosi Born-Mayer-Huggins potential and "
     "Ewald summation (accuracy 1e-5): 3x3x3 cells starting from a = 5.64 A, relax the box to zero pressure and "
     "minimise; report the energy per ion.",
     {"units": "metal", "natoms": 216, "ntypes": 2, "ensemble": "minimize", "pair_style": "born/coul/long",
      "pe_per_atom": {"target": -4.027, "atol": 0.01}},
     NACL.format(kspace="ewald") + """
thermo_style    custom step pe press lx
thermo_modify   norm no
fix             relax all box/relax iso 0.0 vmax 0.001
minimize        1.0e-12 1.0e-12 5000 50000
variable        eion equal pe/atoms
print           "Energy per ion: ${eion} eV; per NaCl pair: $(2*v_eion) eV"
""")  # fmt: skip
task("kspace-nacl-003", "kspace", "Molten NaCl: Fumi-Tosi potential with PPPM, 3x3x3 rock-salt cells (a = 5.64 A) "
     "heated at 1500 K and zero pressure (NPT, 1 fs timestep) for 3000 steps; print the density.",
     {"units": "metal", "natoms": 216, "ensemble": "npt", "pair_style": "born/coul/long", "thermo_columns": ["Density"],
      "temperature": {"target": 1500, "rtol": 0.12}},
     NACL.format(kspace="pppm") + """
timestep        0.001
velocity        all create 3000 9817 mom yes rot yes dist gaussian
fix             1 all npt temp 1500 1500 0.1 iso 0.0 0.0 1.0
thermo_style    custom step temp pe press density
thermo          100
run             3000
""")  # fmt: skip
task("kspace-lj-ions-001", "kspace", "Restricted primitive model of a molten salt in reduced units: 500 charged "
     "Lennard-Jones particles (+1/-1 on a rock-salt arrangement, fcc density 0.8), lj/cut/coul/long with cutoff 3.0 "
     "and Ewald summation, NVE at an initial T*=2.0 with timestep 0.002 for 3000 steps; the total energy must be "
     "conserved.",
     {"units": "lj", "natoms": 500, "ntypes": 2, "ensemble": "nve", "pair_style": "lj/cut/coul/long",
      "energy_drift": {"max_rel": 0.01}},
     """
units           lj
atom_style      charge
lattice         fcc 0.8
region          box block 0 5 0 5 0 5
create_box      2 box
create_atoms    1 box basis 1 1 basis 2 2 basis 3 2 basis 4 1
mass            * 1.0
set             type 1 charge 1.0
set             type 2 charge -1.0
pair_style      lj/cut/coul/long 3.0
pair_coeff      * * 1.0 1.0
kspace_style    ewald 1.0e-5
velocity        all create 2.0 8711 mom yes rot yes dist gaussian
fix             1 all nve
timestep        0.002
thermo_style    custom step temp pe etotal press
thermo          100
run             3000
""")  # fmt: skip

# ---------------------------------------------------------------- granular and coarse-grained
GRAN = """units           lj
atom_style      sphere
boundary        p p fm
comm_modify     vel yes
region          box block 0 10 0 10 0 30
create_box      1 box
lattice         sc 0.5787
region          fill block 0.5 9.5 0.5 9.5 2 22 units box
create_atoms    1 region fill
set             type 1 diameter 1.0
set             type 1 density 1.9099
velocity        all create 0.1 28781 mom yes rot no dist gaussian
pair_style      {pair}
pair_coeff      * *
neighbor        0.2 bin
neigh_modify    delay 0
timestep        0.0005
fix             1 all nve/sphere
fix             2 all gravity 1.0 vector 0 0 -1
fix             wall all wall/gran {wall} zplane 0.0 NULL
"""
task("gran-hooke-001", "granular", "Granular settling: spheres of diameter 1 on a simple-cubic lattice (spacing 1.2) "
     "filling a 10x10 box between z = 2 and 22 (833 grains), Hookean contacts with history (kn 2000, damping 50, friction 0.5), "
     "gravity along -z, a frictional floor at z = 0, 6000 steps with timestep 0.0005.",
     {"units": "lj", "natoms": 833, "ensemble": "nve", "pair_style": "gran/hooke",
      "steps": 6000},
     GRAN.format(pair="gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 0",
                 wall="hooke/history 2000.0 NULL 50.0 NULL 0.5 0") + """
compute         rke all erotate/sphere
thermo_style    custom step atoms ke c_rke
thermo          500
run             6000
""")  # fmt: skip
task("gran-hertz-001", "granular", "Granular column with Hertzian contacts: same spheres (diameter 1, simple-cubic "
     "spacing 1.2, 10x10 box, z = 2 to 22) with gran/hertz/history (kn 200000, damping 50, friction 0.5), gravity "
     "along -z and a Hertzian floor at z = 0; run 6000 steps of 0.0005 and write a dump of positions and radii.",
     {"units": "lj", "natoms": 833, "ensemble": "nve", "pair_style": "gran/hertz",
      "files": ["dump*"]},
     GRAN.format(pair="gran/hertz/history 200000.0 NULL 50.0 NULL 0.5 0",
                 wall="hertz/history 200000.0 NULL 50.0 NULL 0.5 0") + """
dump            d all custom 1000 dump.granular id type radius x y z
thermo_style    custom step atoms ke
thermo          500
run             6000
""")  # fmt: skip
task("cg-dpd-001", "coarse-grained", "Dissipative particle dynamics fluid: 3000 DPD beads placed randomly in a 10x10x10 "
     "box (density 3), conservative a = 25, gamma = 4.5, cutoff 1.0, kT = 1.0, timestep 0.04, 3000 steps.",
     {"units": "lj", "natoms": 3000, "ensemble": "nve", "pair_style": "dpd", "temperature": {"target": 1.0, "rtol": 0.06}},
     """
units           lj
atom_style      atomic
comm_modify     vel yes
region          box block 0 10 0 10 0 10
create_box      1 box
create_atoms    1 random 3000 48213 NULL
mass            1 1.0
pair_style      dpd 1.0 1.0 34387
pair_coeff      1 1 25.0 4.5
neighbor        0.3 bin
velocity        all create 1.0 6671 mom yes rot yes dist gaussian
fix             1 all nve
timestep        0.04
thermo          200
run             3000
""")  # fmt: skip
task("cg-dpd-002", "coarse-grained", "Phase separation of a binary DPD mixture: 1500 beads of type A and 1500 of type "
     "B placed randomly in a 10x10x10 box, a_AA = a_BB = 25, a_AB = 50, gamma 4.5, kT 1.0, timestep 0.04, 3000 steps.",
     {"units": "lj", "natoms": 3000, "ntypes": 2, "ensemble": "nve", "pair_style": "dpd",
      "temperature": {"target": 1.0, "rtol": 0.06}},
     """
units           lj
atom_style      atomic
comm_modify     vel yes
region          box block 0 10 0 10 0 10
create_box      2 box
create_atoms    1 random 1500 48213 NULL
create_atoms    2 random 1500 99871 NULL
mass            * 1.0
pair_style      dpd 1.0 1.0 34387
pair_coeff      1 1 25.0 4.5
pair_coeff      2 2 25.0 4.5
pair_coeff      1 2 50.0 4.5
neighbor        0.3 bin
velocity        all create 1.0 6671 mom yes rot yes dist gaussian
fix             1 all nve
timestep        0.04
thermo          200
run             3000
""")  # fmt: skip
task("cg-softpush-001", "coarse-grained", "Start from 800 particles placed at random (overlapping) in a box at reduced "
     "density 0.8: push them apart with a soft potential whose prefactor ramps from 0 to 50 over 2000 steps, then "
     "switch to Lennard-Jones (cutoff 2.5) and run NVT at T*=1.0 for 3000 steps.",
     {"units": "lj", "natoms": 800, "ensemble": "nvt", "pair_style": "lj/cut", "temperature": {"target": 1.0, "rtol": 0.12}},
     """
units           lj
atom_style      atomic
region          box block 0 10 0 10 0 10
create_box      1 box
create_atoms    1 random 800 5511 NULL
mass            1 1.0
pair_style      soft 1.0
pair_coeff      1 1 0.0
variable        prefactor equal ramp(0,50)
fix             push all adapt 1 pair soft a * * v_prefactor
fix             lim all nve/limit 0.05
thermo          500
run             2000
unfix           push
unfix           lim
pair_style      lj/cut 2.5
pair_coeff      1 1 1.0 1.0
minimize        1.0e-4 1.0e-6 1000 10000
reset_timestep  0
velocity        all create 1.0 9182 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.0 1.0 0.5
thermo          250
run             3000
""")  # fmt: skip
task("cg-kob-andersen-001", "coarse-grained", "Kob-Andersen binary Lennard-Jones glass former: 500 particles (80% A, 20% "
     "B) at density 1.2, eps_AB 1.5, sigma_AB 0.8, eps_BB 0.5, sigma_BB 0.88, cutoffs 2.5 sigma, NVT at T*=1.0 for "
     "4000 steps with timestep 0.003.",
     {"units": "lj", "natoms": 500, "ntypes": 2, "ensemble": "nvt", "pair_style": "lj/cut",
      "temperature": {"target": 1.0, "rtol": 0.1}},
     lj_box(1.2, (5, 5, 5), types=2) + """
set             type 1 type/ratio 2 0.2 29341
pair_coeff      1 1 1.0 1.0 2.5
pair_coeff      1 2 1.5 0.8 2.0
pair_coeff      2 2 0.5 0.88 2.2
velocity        all create 1.0 7717 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.0 1.0 0.3
timestep        0.003
thermo          200
run             4000
""")  # fmt: skip

# ---------------------------------------------------------------- more metals and semiconductors
task("eam-fs-fe-001", "metals", "Bcc iron with the Mendelev Finnis-Sinclair potential Fe_mm.eam.fs (a = 2.855 A, "
     "6x6x6 cells) at 500 K in NVT, 1 fs timestep, 3000 steps.",
     {"units": "metal", "natoms": 432, "ensemble": "nvt", "pair_style": "eam/fs", "steps": 3000,
      "temperature": {"target": 500, "rtol": 0.12}},
     metal(FE, (6, 6, 6)) + """
timestep        0.001
velocity        all create 1000 5519 mom yes rot yes dist gaussian
fix             1 all nvt temp 500 500 0.1
thermo          100
run             3000
""")  # fmt: skip
task("eam-alloy-cuni-001", "metals", "Random Cu-Ni alloy (50/50) with CuNi.eam.alloy: fcc a = 3.56 A, 5x5x5 cells, "
     "half of the atoms changed to Ni at random, NVT at 600 K for 3000 steps of 1 fs.",
     {"units": "metal", "natoms": 500, "ntypes": 2, "ensemble": "nvt", "pair_style": "eam/alloy",
      "temperature": {"target": 600, "rtol": 0.12}},
     """
units           metal
atom_style      atomic
lattice         fcc 3.56
region          box block 0 5 0 5 0 5
create_box      2 box
create_atoms    1 box
set             type 1 type/ratio 2 0.5 12345
mass            1 63.546
mass            2 58.693
pair_style      eam/alloy
pair_coeff      * * CuNi.eam.alloy Cu Ni
neighbor        2.0 bin
timestep        0.001
velocity        all create 1200 5119 mom yes rot yes dist gaussian
fix             1 all nvt temp 600 600 0.1
thermo          100
run             3000
""")  # fmt: skip
task("tersoff-sic-001", "metals", "Cubic silicon carbide (zinc blende, a = 4.36 A, 3x3x3 cells, Si and C on the two "
     "fcc sublattices) with the Tersoff potential SiC.tersoff at 1000 K, NVT, 2000 steps of 1 fs.",
     {"units": "metal", "natoms": 216, "ntypes": 2, "ensemble": "nvt", "pair_style": "tersoff",
      "temperature": {"target": 1000, "rtol": 0.12}},
     """
units           metal
atom_style      atomic
lattice         diamond 4.36
region          box block 0 3 0 3 0 3
create_box      2 box
create_atoms    1 box basis 5 2 basis 6 2 basis 7 2 basis 8 2
mass            1 28.0855
mass            2 12.011
pair_style      tersoff
pair_coeff      * * SiC.tersoff Si C
neighbor        1.0 bin
timestep        0.001
velocity        all create 2000 3391 mom yes rot yes dist gaussian
fix             1 all nvt temp 1000 1000 0.1
thermo          100
run             2000
""")  # fmt: skip
task("eam-mg-001", "metals", "Hexagonal magnesium with Mg_mm.eam.fs (hcp, a = 3.21 A, 5x3x3 orthogonal cells) at "
     "300 K and zero pressure with an anisotropic barostat, 3000 steps of 1 fs.",
     {"units": "metal", "natoms": 180, "ensemble": "npt", "pair_style": "eam/fs",
      "temperature": {"target": 300, "rtol": 0.15}, "pressure": {"target": 0.0, "atol": 2000}},
     """
units           metal
atom_style      atomic
lattice         hcp 3.21
region          box block 0 5 0 3 0 3
create_box      1 box
create_atoms    1 box
mass            1 24.305
pair_style      eam/fs
pair_coeff      * * Mg_mm.eam.fs Mg
neighbor        2.0 bin
timestep        0.001
velocity        all create 600 7713 mom yes rot yes dist gaussian
fix             1 all npt temp 300 300 0.1 aniso 0.0 0.0 1.0
thermo_style    custom step temp pe press lx ly lz
thermo          100
run             3000
""")  # fmt: skip
task("lj-output-001", "lj", "NVT run of 500 Lennard-Jones atoms (fcc, density 0.8442) at T*=1.0 for 2000 steps that "
     "writes the trajectory every 100 steps to traj.lammpstrj and a restart file at the end (final.restart).",
     {"units": "lj", "natoms": 500, "ensemble": "nvt", "files": ["traj.lammpstrj", "final.restart"]},
     lj_box(0.8442, (5, 5, 5)) + """
velocity        all create 1.0 6512 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.0 1.0 0.5
dump            traj all custom 100 traj.lammpstrj id type x y z vx vy vz
thermo          100
run             2000
write_restart   final.restart
""")  # fmt: skip
task("lj-thermo-001", "lj", "Langevin run of 864 Lennard-Jones atoms (fcc, density 0.8) at T*=1.3 for 2000 steps "
     "with thermo output every 50 steps of step, temperature, potential and kinetic energy, pressure and density.",
     {"units": "lj", "natoms": 864, "ensemble": "langevin",
      "thermo_columns": ["Step", "Temp", "PotEng", "KinEng", "Press", "Density"],
      "temperature": {"target": 1.3, "rtol": 0.12}},
     lj_box(0.8, (6, 6, 6)) + """
velocity        all create 1.3 1221 mom yes rot yes dist gaussian
fix             1 all nve
fix             2 all langevin 1.3 1.3 0.5 7781
thermo_style    custom step temp pe ke press density
thermo          50
run             2000
""")  # fmt: skip

# ---------------------------------------------------------------- deliberately under-specified requests
UNDER = [
    ("under-argon-001", "Simulate liquid argon.",
     {"natoms": {"min": 100}, "pair_style": "lj", "steps": 1000}),
    ("under-copper-001", "Run a short molecular dynamics simulation of copper.",
     {"units": "metal", "natoms": {"min": 100}, "pair_style": "eam"}),
    ("under-lj-001", "Equilibrate a Lennard-Jones liquid.",
     {"units": "lj", "natoms": {"min": 100}, "ensemble": "nvt", "pair_style": "lj"}),
    ("under-gold-001", "Relax a gold crystal to its minimum energy.",
     {"units": "metal", "ensemble": "minimize", "pair_style": "eam", "natoms": {"min": 32}}),
    ("under-rdf-001", "Compute the radial distribution function of a Lennard-Jones liquid.",
     {"units": "lj", "files": ["*rdf*"], "natoms": {"min": 100}}),
    ("under-nve-001", "Check energy conservation for a Lennard-Jones solid.",
     {"units": "lj", "ensemble": "nve", "energy_drift": {"max_rel": 0.01}}),
    ("under-silicon-001", "Simulate crystalline silicon at room temperature.",
     {"units": "metal", "natoms": {"min": 64}, "temperature": {"target": 300, "rtol": 0.15}}),
    ("under-aluminium-001", "Equilibrate aluminium at ambient conditions.",
     {"units": "metal", "natoms": {"min": 100}, "ensemble": "npt", "pair_style": "eam",
      "temperature": {"target": 300, "rtol": 0.15}}),
]  # fmt: skip
UNDER_REFS = {
    "under-argon-001": """
units           real
atom_style      atomic
lattice         fcc 5.8
region          box block 0 5 0 5 0 5
create_box      1 box
create_atoms    1 box
mass            1 39.948
pair_style      lj/cut 8.5
pair_coeff      1 1 0.2381 3.405
neighbor        2.0 bin
timestep        5.0
velocity        all create 90 2251 mom yes rot yes dist gaussian
fix             1 all nvt temp 90 90 500
thermo          100
run             2000
""",
    "under-copper-001": metal(CU, (5, 5, 5))
    + """
timestep        0.001
velocity        all create 600 5151 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 0.1
thermo          100
run             2000
""",
    "under-lj-001": lj_box(0.8442, (5, 5, 5))
    + """
velocity        all create 1.0 3131 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.0 1.0 0.5
thermo          100
run             2000
""",
    "under-gold-001": metal(AU, (4, 4, 4))
    + """
thermo_style    custom step pe press
thermo_modify   norm no
fix             relax all box/relax iso 0.0 vmax 0.001
minimize        1.0e-12 1.0e-12 10000 100000
""",
    "under-rdf-001": lj_box(0.8442, (5, 5, 5))
    + """
velocity        all create 1.0 3131 mom yes rot yes dist gaussian
fix             1 all nvt temp 1.0 1.0 0.5
run             1000
compute         rdf all rdf 100
fix             rdf all ave/time 100 10 1000 c_rdf[*] file lj.rdf mode vector
thermo          100
run             2000
""",
    "under-nve-001": lj_box(1.0, (5, 5, 5))
    + """
pair_modify     shift yes
velocity        all create 0.5 3131 mom yes rot yes dist gaussian
fix             1 all nve
timestep        0.002
thermo_style    custom step temp pe ke etotal press
thermo          100
run             2000
""",
    "under-silicon-001": metal(SI_SW, (3, 3, 3))
    + """
timestep        0.001
velocity        all create 600 7171 mom yes rot yes dist gaussian
fix             1 all nvt temp 300 300 0.1
thermo          100
run             2000
""",
    "under-aluminium-001": metal(AL, (5, 5, 5))
    + """
timestep        0.001
velocity        all create 600 7171 mom yes rot yes dist gaussian
fix             1 all npt temp 300 300 0.1 iso 1.0 1.0 1.0
thermo          100
run             3000
""",
}
for tid, prompt, checks in UNDER:
    task(tid, "underspecified", prompt, checks, UNDER_REFS[tid])
