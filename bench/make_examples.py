"""Regenerate assistant/examples/ from their requests with the deterministic builder (tests/assistant/agent/test_examples.py proves each one runs and passes its checks)."""

from assistant.agent.builder import build
from assistant.agent.spec import extract

EX = {
    "lj-nvt": "Lennard-Jones liquid, fcc lattice at reduced density 0.8, 2048 atoms, Nose-Hoover NVT at T*=1.2 for 3000 steps, thermo every 200 steps",
    "lj-nve": "Lennard-Jones NVE run of 864 atoms, fcc density 0.9, initial T*=0.8, cutoff 3.0, timestep 0.004, 2000 steps",
    "lj-npt": "Lennard-Jones NPT at T*=1.2 and P*=0.5, 864 atoms fcc density 0.85, 4000 steps",
    "lj-langevin": "1372 Lennard-Jones atoms with a Langevin thermostat at T*=0.9, damping 0.5, 2000 steps",
    "lj-rdf": "radial distribution function g(r) of a Lennard-Jones liquid at T*=1.0, density 0.85, 1372 atoms, NVT, 3000 steps",
    "lj-msd": "mean squared displacement of a Lennard-Jones liquid at T*=1.3, density 0.8442, 864 atoms, NVE, 2000 steps",
    "ni-eam-nvt": "nickel fcc lattice constant 3.52 A, 5x5x5 cells, EAM Ni_u3.eam, NVT 500 K, 2000 steps, 1 fs timestep",
    "ag-eam-min": "cohesive energy of fcc silver with Ag_u3.eam by energy minimization, 5x5x5 cells, lattice constant 4.09",
    "si-sw-nvt": "silicon diamond lattice a = 5.431, 3x3x3 cells, Stillinger-Weber Si.sw, NVT 600 K, 2000 steps",
    "ne-real-nvt": "solid neon-like LJ crystal in real units, epsilon 0.07 kcal/mol, sigma 2.78, cutoff 7.0, fcc lattice constant 4.46, 5x5x5 cells, NVT 10 K, 2000 steps, 2 fs timestep",
    "ag-eam-tension": "tensile test of silver with Ag_u3.eam, fcc 4x4x4 cells, at 300 K along z with strain rate 0.005 per ps and zero lateral pressure, 3000 steps, stress-strain curve written to ag_curve.txt",
    "lj-heat-hold": "heat a Lennard-Jones crystal, fcc density 0.95, 864 atoms, from T*=0.3 to T*=2.0 over 3000 steps with Nose-Hoover, then hold at 2.0 for 1000 steps",
    "pd-eam-boxrelax": "cohesive energy of palladium with Pd_u3.eam by energy minimization with box relaxation to zero pressure, fcc 4x4x4 cells, lattice constant 3.95",
    "pt-eam-npt": "platinum with Pt_u3.eam, fcc 4x4x4 cells, NPT at 800 K and zero pressure, 3000 steps, 1 fs timestep",
    "lj2d-sq-nvt": "two-dimensional Lennard-Jones fluid, 576 atoms on a square lattice at density 0.75, NVT at T*=1.1, 2000 steps",
}
# Hand-written examples (techniques the builder does not cover) live next to these files and are
# not touched here: ar-gk-viscosity, ar-mp-conductivity, ions-jc-pppm, al-vacancy, granular-pour.
if __name__ == "__main__":
    import pathlib

    from assistant.agent.loop import potentials_metadata

    pots = potentials_metadata()
    out = pathlib.Path(__file__).resolve().parents[1] / "assistant" / "examples"
    for name, req in EX.items():
        (out / f"{name}.lammps").write_text(build(extract(req, pots)))
