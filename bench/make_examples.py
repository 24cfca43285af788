"""Regenerate the builder-made examples of assistant/examples/ from their requests with the
deterministic builder (tests/assistant/agent/test_examples.py proves each one runs and passes the
physics checks of its own request). The requests are our own wording, one per technique."""

from assistant.agent.builder import build
from assistant.agent.plan import make_plan
from assistant.agent.request import read

EX = {
    "lj-nvt": "Lennard-Jones liquid, fcc lattice at reduced density 0.8, 2048 atoms, Nose-Hoover NVT at T*=1.2 for 3000 steps",
    "lj-nve": "Lennard-Jones NVE run of 864 atoms, fcc density 0.9, initial T*=0.8, cutoff 3.0, timestep 0.004, 2000 steps",
    "lj-npt": "Lennard-Jones NPT at T*=1.2 and P*=0.5, 864 atoms fcc density 0.85, 4000 steps",
    "lj-langevin": "1372 Lennard-Jones atoms with a Langevin thermostat at T*=0.9, 2000 steps",
    "lj-rdf": "radial distribution function g(r) of a Lennard-Jones liquid at T*=1.0, density 0.85, 1372 atoms, NVT, 3000 steps",
    "lj-msd": "mean squared displacement of a Lennard-Jones liquid at T*=1.3, density 0.8442, 864 atoms, 2000 steps",
    "ni-eam-nvt": "nickel crystal, 5x5x5 cells, EAM Ni_u3.eam, NVT 500 K, 2000 steps",
    "ag-eam-min": "cohesive energy of fcc silver with Ag_u3.eam by energy minimization, 5x5x5 cells",
    "si-sw-nvt": "silicon crystal, 3x3x3 cells, Stillinger-Weber Si.sw, NVT 600 K, 2000 steps",
    "pt-eam-npt": "platinum with Pt_u3.eam, fcc 4x4x4 cells, NPT at 800 K and zero pressure, 3000 steps",
    "lj2d-nvt": "two-dimensional Lennard-Jones fluid, 576 atoms at density 0.75, NVT at T*=1.1, 2000 steps",
    "cu-melt": "melting of bulk copper: heat the crystal well past its melting point and hold, 6000 steps",
    "al-quench": "quench liquid aluminium from the melt to 300 K, 6000 steps",
    "au-nanoparticle": "a 3 nm gold nanoparticle equilibrated at 500 K, 2000 steps",
    "ni-on-cu-deposit": "deposition of nickel atoms onto a copper substrate held at 500 K, 3000 steps",
    "cu-cluster-impact": "a 1 nm copper cluster impacts a copper surface at 2 km/s, 2000 steps",
    "lj2d-crack": "crack propagation from a notch in a 2d Lennard-Jones solid, 3000 steps",
    "lj-poiseuille": "Poiseuille flow of a Lennard-Jones fluid in a 2d channel between walls, 3000 steps",
    "fe-tension": "uniaxial tension of bcc iron along x at 300 K, 4000 steps",
    "lj-shear": "simple shear flow of a Lennard-Jones liquid at T*=1.0, 3000 steps",
    "ar-kappa": "thermal conductivity of solid argon at 40 K by reverse non-equilibrium MD, 3000 steps",
    "pt-vacancy": "vacancy formation energy of platinum with EAM",
    "ag-surface": "surface energy of a silver slab with EAM",
    "cuni-alloy": "a random Cu50Ni50 alloy at 700 K and 1 bar, 2000 steps",
}
# Hand-written examples (techniques the builder does not cover) live next to these files and are
# not touched here: ar-gk-viscosity, ar-mp-conductivity, ions-jc-pppm, al-vacancy, granular-pour.
if __name__ == "__main__":
    import pathlib

    out = pathlib.Path(__file__).resolve().parents[1] / "assistant" / "examples"
    for name, req in EX.items():
        script = build(make_plan(read(req)))
        assert script, name
        (out / f"{name}.lammps").write_text(script)
