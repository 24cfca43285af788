"""Write MD-EvalBench suite tasks (evalbench/tasks/code.jsonl) and their reference scripts
(evalbench/tasks/reference/ID.lammps). References come from the deterministic builder;
tests/evalbench/test_suite.py proves each one runs and passes its own checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LJ_SIZES = {256: "4x4x4", 500: "5x5x5", 864: "6x6x6", 1372: "7x7x7", 2048: "8x8x8"}
TASKS: list[dict] = []


def task(tid, prompt, checks):
    TASKS.append({"id": tid, "kind": "code", "prompt": prompt, "checks": checks})


for i, (n, rho, t, steps) in enumerate([(256, 0.8442, 0.9, 2000), (500, 0.8, 1.2, 3000), (864, 0.85, 2.0, 2000),
                                        (1372, 0.75, 1.5, 2000), (2048, 0.9, 1.0, 1500)], 1):  # fmt: skip
    task(f"lj-nvt-{i:03d}", f"Simulate {n} Lennard-Jones atoms on an fcc lattice at reduced density {rho} in the NVT "
         f"ensemble (Nose-Hoover) at T*={t} for {steps} steps.",
         {"units": "lj", "natoms": n, "steps": steps, "ensemble": "nvt", "pair_style": "lj/cut",
          "temperature": {"target": t, "rtol": 0.12}})  # fmt: skip
for i, (n, rho, t, dt) in enumerate([(500, 0.8442, 1.0, 0.005), (864, 0.8, 0.8, 0.004), (256, 0.9, 1.2, 0.003),
                                     (1372, 0.8442, 0.7, 0.005)], 1):  # fmt: skip
    task(f"lj-nve-{i:03d}", f"Microcanonical (NVE) run of {n} Lennard-Jones atoms, fcc density {rho}, initial "
         f"temperature T*={t}, timestep {dt}, 2000 steps; the total energy must be conserved.",
         {"units": "lj", "natoms": n, "steps": 2000, "ensemble": "nve", "energy_drift": {"max_rel": 0.01}})  # fmt: skip
for i, (n, t, p) in enumerate([(500, 1.5, 2.0), (864, 1.2, 1.0), (256, 2.0, 3.0)], 1):
    task(f"lj-npt-{i:03d}", f"NPT simulation of {n} Lennard-Jones atoms (fcc, density 0.8) at T*={t} and P*={p} for "
         "5000 steps.",
         {"units": "lj", "natoms": n, "steps": 5000, "ensemble": "npt", "temperature": {"target": t, "rtol": 0.12},
          "pressure": {"target": p, "atol": 0.8}})  # fmt: skip
for i, (n, t) in enumerate([(500, 1.1), (864, 0.8), (1372, 1.4)], 1):
    task(f"lj-langevin-{i:03d}", f"Langevin dynamics of {n} Lennard-Jones atoms (fcc, density 0.8442) at T*={t} with "
         "damping 0.5 for 3000 steps.",
         {"units": "lj", "natoms": n, "steps": 3000, "ensemble": "langevin", "temperature": {"target": t, "rtol": 0.12}})  # fmt: skip
for i, (n, t) in enumerate([(864, 1.5), (1372, 0.9)], 1):
    task(f"lj-rdf-{i:03d}", f"Time-averaged radial distribution function of a Lennard-Jones fluid, {n} atoms, density "
         f"0.8, NVT at T*={t}, 2000 steps, written to a file with 'rdf' in its name.",
         {"units": "lj", "natoms": n, "ensemble": "nvt", "files": ["*rdf*"], "temperature": {"target": t, "rtol": 0.15}})  # fmt: skip
METALS = [("Ag", "Ag_u3.eam", 4.09, 400), ("Au", "Au_u3.eam", 4.08, 600), ("Pd", "Pd_u3.eam", 3.89, 500),
          ("Pt", "Pt_u3.eam", 3.92, 700), ("Ni", "Ni_u3.eam", 3.52, 800)]  # fmt: skip
NAMES = {"Ag": "silver", "Au": "gold", "Pd": "palladium", "Pt": "platinum", "Ni": "nickel"}
for el, pot, a, t in METALS:
    task(f"eam-nvt-{el.lower()}", f"Equilibrate bulk fcc {NAMES[el]} (lattice constant {a} A, 5x5x5 cells) with the EAM "
         f"potential {pot} at {t} K in the NVT ensemble for 2000 steps with a 1 fs timestep.",
         {"units": "metal", "natoms": 500, "steps": 2000, "ensemble": "nvt", "pair_style": "eam",
          "temperature": {"target": t, "rtol": 0.15}})  # fmt: skip
for el, pot, a, ec in [
    ("Ni", "Ni_u3.eam", 3.52, -4.45),
    ("Au", "Au_u3.eam", 4.08, -3.93),
    ("Ag", "Ag_u3.eam", 4.09, -2.85),
]:
    task(f"eam-min-{el.lower()}", f"Cohesive energy of fcc {NAMES[el]} from energy minimization with {pot}: 4x4x4 "
         f"cells, lattice constant {a} A.",
         {"units": "metal", "natoms": 256, "ensemble": "minimize", "pair_style": "eam",
          "pe_per_atom": {"target": ec, "atol": 0.03}})  # fmt: skip
task("eam-alloy-cu", "Copper (fcc, a = 3.615 A, 5x5x5 cells) with the EAM/alloy potential Cu_zhou.eam.alloy, "
     "NVT at 600 K for 2000 steps, 1 fs timestep.",
     {"units": "metal", "natoms": 500, "ensemble": "nvt", "pair_style": "eam/alloy",
      "temperature": {"target": 600, "rtol": 0.15}})  # fmt: skip
task("eam-npt-al", "Aluminium (fcc, a = 4.05 A, 5x5x5 cells) with the EAM potential Al_jnp.eam at 500 K and zero "
     "pressure (NPT) for 3000 steps.",
     {"units": "metal", "natoms": 500, "steps": 3000, "ensemble": "npt", "pair_style": "eam",
      "temperature": {"target": 500, "rtol": 0.15}, "pressure": {"target": 0.0, "atol": 2000}})  # fmt: skip
task("sw-nvt-si", "Silicon (diamond lattice, a = 5.431 A, 3x3x3 cells) with the Stillinger-Weber potential Si.sw at "
     "800 K, NVT, 2000 steps.",
     {"units": "metal", "natoms": 216, "steps": 2000, "ensemble": "nvt", "pair_style": "sw",
      "temperature": {"target": 800, "rtol": 0.15}})  # fmt: skip
task("tersoff-nvt-ge", "Germanium (diamond lattice, a = 5.658 A, 3x3x3 cells) with the Tersoff potential Ge.tersoff "
     "at 600 K, NVT, 2000 steps.",
     {"units": "metal", "natoms": 216, "steps": 2000, "ensemble": "nvt", "pair_style": "tersoff",
      "temperature": {"target": 600, "rtol": 0.15}})  # fmt: skip


def category(tid: str) -> str:
    return {"eam": "metals", "sw": "metals", "tersoff": "metals"}.get(tid.split("-")[0], tid.split("-")[0])


def main() -> None:
    from bench.suite_data import DATA_FILES
    from bench.suite_tasks import TASKS as HAND_WRITTEN

    out = ROOT / "evalbench" / "tasks"
    for sub in ("reference", "inputs"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for name, make in DATA_FILES.items():
        (out / "inputs" / name).write_text(make())
    with (out / "code.jsonl").open("w") as fh:
        for t in TASKS:  # the builder writes these references
            row = {**t, "category": category(t["id"])}
            fh.write(json.dumps(row) + "\n")
            ref = out / "reference" / f"{t['id']}.lammps"
            if not ref.exists():  # written once by the builder of the time, then kept as they were verified
                raise SystemExit(f"{ref} is missing: write and verify a reference for {t['id']}")
        for t in HAND_WRITTEN:
            row = {k: v for k, v in t.items() if k != "reference"}
            fh.write(json.dumps(row) + "\n")
            (out / "reference" / f"{t['id']}.lammps").write_text(t["reference"])
    print(f"{len(TASKS) + len(HAND_WRITTEN)} code tasks ({len(HAND_WRITTEN)} hand-written)")


if __name__ == "__main__":
    main()
