"""Reading requests in users' words: materials, processes, numbers with units, files. The
requests here are written for these tests (not the suite's or the held-out set's wording)."""

from __future__ import annotations

import pytest

from assistant.agent.request import read


@pytest.mark.parametrize(
    "text, elements",
    [
        ("grow a germanium film on silicon", ["Ge", "Si"]),
        ("random Cu50Zr50 glass", ["Cu", "Zr"]),
        ("B2 NiAl under load", ["Ni", "Al"]),
        ("He bubbles in W at 1000 K", ["He", "W"]),
        ("a steel bar", ["Fe"]),
        ("Fe-Cr alloy", ["Fe", "Cr"]),
        ("P = 2 bar and T = 300 K, LJ fluid", []),  # variables and units are not phosphorus or potassium
        ("In this test, as before, nothing is named", []),
    ],
)  # fmt: skip
def test_materials(text, elements):
    assert read(text).elements == elements


@pytest.mark.parametrize(
    "text, process",
    [
        ("warm the sample up slowly", "heating"),
        ("quench the melt", "cooling"),
        ("shoot a cluster at a plate", "impact"),
        ("grow a film by vapour deposition", "deposition"),
        ("a notch opens under load: fracture", "crack"),
        ("channel flow driven by gravity", "flow"),
        ("how fast do the atoms diffuse", "diffusion"),
        ("make a droplet and watch it", "nanoparticle"),
        ("sand poured into a hopper", "granular"),
        ("I want to melt a bar of lead", "melting"),
        ("a flyer plate drives a shock into the target", "shock"),
        ("the tip slides over the surface: what is the friction", "friction"),
        ("potential of mean force between two ions", "free_energy"),
        ("vacancy migration barrier by nudged elastic band", "neb"),
        ("phonon dispersion of graphene", "phonon"),
        ("thermal expansion of aluminium between 300 and 600 K", "thermal_expansion"),
    ],
)  # fmt: skip
def test_processes(text, process):
    assert process in read(text).processes


@pytest.mark.parametrize("text, process", [
    ("phonon thermal conductivity of silicon", "phonon"),
    ("surface free energy of the (111) face", "free_energy"),
    ("a chute of sand grains", "friction"),
])  # fmt: skip
def test_words_near_a_process_are_not_that_process(text, process):
    assert process not in read(text).processes


def test_a_polymer_melt_is_a_phase_not_a_process():
    req = read("equilibrate a polymer melt")
    assert "melting" not in req.processes and req.phase == "liquid"


def test_numbers_with_units():
    req = read("Take 4,000 atoms at 25 °C and 2 GPa for 50 ps, timestep 0.5 fs; strain rate 5e8/s, "
               "the projectile flies at 3 km/s with 10 keV")  # fmt: skip
    assert req.natoms == 4000
    assert req.temperatures == [pytest.approx(298.15)]
    assert req.pressure_bar == pytest.approx(20000)
    assert req.duration_ps == pytest.approx(50)
    assert req.timestep_fs == pytest.approx(0.5)
    assert req.strain_rate_per_ps == pytest.approx(5e-4)
    assert req.speed_A_per_ps == pytest.approx(30)
    assert req.energy_eV == pytest.approx(10000)


def test_reduced_units_and_temperature_ramps():
    req = read("LJ crystal heated from T*=0.4 to T*=1.8, rho*=1.02, P*=0.5")
    assert req.lj and req.temperatures == [0.4, 1.8] and req.density == 1.02 and req.pressure_reduced == 0.5


def test_a_request_over_several_lines_is_read_as_one():
    req = read("Nickel.\n\n- heat it to 900K\n- 1 bar\n- 20000 steps")
    assert req.elements == ["Ni"] and req.temperatures == [900.0] and req.steps == 20000
    assert req.pressure_bar == 1.0 and "heating" in req.processes


def test_files_the_user_says_they_have():
    req = read("run my system from melt.data and write the trajectory to out.xyz")
    assert req.data_files == ["melt.data"]
