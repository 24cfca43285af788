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
        ("a NiAl melt at 1800 K.\nAt the end, the RDF", ["Ni", "Al"]),  # "melt at", "At the end": not astatine
        ("He atoms in a W Crystal", ["He", "W"]),  # context words in any case
        ("a TiN coating", ["Ti", "N"]),  # titanium nitride, not tin
        ("Tin whiskers", ["Sn"]),
        ("sio2 glass", ["Si", "O"]),  # a formula typed in lower case
        ("co2 in a box", ["C", "O"]),  # carbon dioxide, not cobalt
        ("an H-terminated Si surface", ["H", "Si"]),
        ("al2o3 slab", ["Al", "O"]),
        ("squeeze diamond to 100 GPa and fit the P-V curve", ["C"]),  # P-V: quantities
        ("heat a Au nanoparticle and find Tm", ["Au"]),  # the melting temperature, not thulium
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
        ("nanoindentation of a film", "indentation"),
        ("crystal growth from the undercooled melt", "solidification"),
        ("a flyer plate drives a shock into the target", "shock"),
        ("the tip slides over the surface: what is the friction", "friction"),
        ("potential of mean force between two ions", "free_energy"),
        ("vacancy migration barrier by nudged elastic band", "neb"),
        ("phonon dispersion of graphene", "phonon"),
        ("thermal expansion of aluminium between 300 and 600 K", "thermal_expansion"),
        ("how well does heat cross the interface: thermal boundary conductance", "kapitza"),
        ("Kapitza resistance of a metal/oxide contact", "kapitza"),
        ("ordering in a high-entropy alloy by MC/MD", "mc_swap"),
        ("low-cycle fatigue of a nickel bar", "cyclic"),
        ("hold a constant load of 2 GPa on the tungsten and watch it creep", "creep"),
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


@pytest.mark.parametrize("text, temperatures", [
    ("thermal expansion of aluminium between 300 and 700 K", [300.0, 700.0]),
    ("heat Cu from 300 to 1500 K", [300.0, 1500.0]),
    ("Al at 300-700 K", [300.0, 700.0]),  # the dash is a range, not a minus sign
    ("water at 25-100 °C", [298.15, 373.15]),
    ("ice at -20 °C", [253.15]),
    ("Ni from 100 to 1200 K every 100 K", [100.0, 1200.0]),  # "every 100 K" is a step
    ("tantalum compression at 1e9 1/s, T=300", [300.0]),  # no unit, a real material: kelvin
    ("what's the lattice constant of Pd at 25 C?", [298.15]),
    ("SiC (3C), 8x8x8 cells, T = 1000 K", [1000.0]),  # a polytype, not 3 degrees Celsius
])  # fmt: skip
def test_temperatures_written_the_ways_users_write_them(text, temperatures):
    assert read(text).temperatures == [pytest.approx(t) for t in temperatures]


def test_a_temperature_step_is_read_as_a_step():
    assert read("Ni from 100 to 1200 K every 100 K").temperature_step == 100.0


@pytest.mark.parametrize("text, natoms, steps", [
    ("a 10 keV cascade in Fe, box about 2 million atoms", 2_000_000, None),
    ("LJ liquid viscosity, 2 million steps", None, 2_000_000),
    ("Cu with 32 thousand atoms for 50 thousand steps", 32_000, 50_000),
    ("pour ~20k spheres into a box", 20_000, None),
    ("a 50k-atom Cu box, 1000 steps", 50_000, 1000),
    ("run 5000 steps with atom style full", None, 5000),
])  # fmt: skip
def test_counts_in_words(text, natoms, steps):
    req = read(text)
    assert (req.natoms, req.steps) == (natoms, steps)


@pytest.mark.parametrize("text, elements", [
    ("si tension test along [100], 300 K", ["Si"]),  # typed in lower case
    ("ni at 800K using berendsen", ["Ni"]),
    ("Take an fcc neon crystal. Ne Tm is ~25 K, so go up to 40 K.", ["Ne"]),  # Tm: the melting point
    ("W cascade 5 keV PKA along [135]", ["W"]),
    ("in the pt of view of an LJ fluid", []),  # not platinum
])  # fmt: skip
def test_elements_written_the_ways_users_write_them(text, elements):
    assert read(text).elements == elements


def test_hitting_is_an_impact_and_vacf_a_vibrational_analysis():
    assert "impact" in read("Cu cluster hitting a Cu(100) surface at 5 A/ps").processes
    assert "phonon" in read("VACF of liquid aluminum at 1000 K").processes
    assert "stacking_fault" in read("generalized stacking fault energy of Cu").processes


@pytest.mark.parametrize(
    "text, steps, every",
    [
        ("run 20000 steps and dump the positions every 500 steps", 20000, {"dump": 500}),
        ("print thermo every 50 steps, 4000 steps in total", 4000, {"thermo": 50}),
        ("write out a snapshot each 250 steps", None, {"dump": 250}),
    ],
)  # fmt: skip
def test_an_interval_in_steps_is_not_the_run_length(text, steps, every):
    req = read(text)
    assert req.steps == steps and req.every == every


def test_a_hold_after_a_ramp_is_read_as_a_hold():
    req = read("heat the Ni from 300 K to 2000 K over 200 ps and then keep it there for 50 ps")
    assert req.duration_ps == 200 and req.hold_ps == 50


def test_a_named_log_file_is_the_log():
    assert read("anneal Fe at 800 K and call the log file fe_anneal.log").output_files == {"fe_anneal.log": "log"}


def test_a_knock_on_atom_is_a_cascade_ions_on_a_surface_sputtering_and_a_cluster_an_impact():
    assert read("radiation damage from a 2 keV knock-on atom in Zr").processes == ["cascade"]
    assert read("Ar ions bombard a Si surface at 500 eV").processes == ["sputtering"]
    assert "impact" in read("a 1 nm aluminium cluster hits a copper slab at 1 km/s").processes


def test_a_melting_point_told_is_not_a_temperature_to_run_at():
    assert read("heat solid xenon until it melts; its melting point is about 161 K, so end at 250 K").temperatures == [
        250
    ]


@pytest.mark.parametrize(
    "text, dumps",
    [("a MoS2-like sheet; I want to look at the ripples", True), ("let me watch how the atoms move", True),
     ("look at the pressure over time", False), ("melt Cu and see if it melts", False)],
)  # fmt: skip
def test_wanting_to_look_at_the_atoms_asks_for_a_trajectory(text, dumps):
    assert ("dump" in read(text).outputs) == dumps


@pytest.mark.parametrize("text, rate", [("cool the melt to 300 K at 10^13 K/s", 10.0), ("heat at 5 K/ps", 5.0),
                                        ("quench with 2 x 10^11 K/s", 0.2), ("cool at 1e12 K per second", 1.0)])  # fmt: skip
def test_a_heating_or_cooling_rate_in_any_notation(text, rate):
    assert read(text).temperature_rate == pytest.approx(rate)


def test_a_strain_rate_written_as_a_power_of_ten():
    assert read("pull the Ni wire at a strain rate of 10^8 /s").strain_rate_per_ps == pytest.approx(1e-4)


@pytest.mark.parametrize(
    "text", ["shock Al at 2 km/s and report Up, Us and P", "profiles of rho, T and P along x in Ni"]
)
def test_a_list_of_quantities_names_no_element(text):
    assert "P" not in read(text).elements


def test_how_the_cell_changes_with_temperature_is_thermal_expansion():
    assert read("how does the c/a ratio of hcp Ti change with temperature up to 1000 K?").has("thermal_expansion")


@pytest.mark.parametrize("text, elements", [("EAM W from Marinica or Li, 300 K", ["W"]),
                                            ("the Fe-Cr potential of Li et al. at 600 K", ["Fe", "Cr"]),
                                            ("Li diffusion in Si at 800 K", ["Li", "Si"])])  # fmt: skip
def test_an_author_named_like_an_element_is_not_the_element(text, elements):
    assert read(text).elements == elements


def test_a_transition_temperature_told_in_passing_is_not_a_run_temperature():
    assert read("take hcp Ti through the alpha-beta transition (~1155 K), 500-1400 K").temperatures == [500, 1400]


@pytest.mark.parametrize("text", ["homoepitaxy of Ni on Ni(111) at 500 K", "grow 3 ML of Ag on Si(111)"])
def test_epitaxy_and_monolayers_on_a_surface_are_deposition(text):
    assert read(text).has("deposition")


@pytest.mark.parametrize("text", ["W cascade, 2 keV, with a thermostat only at the box boundaries",
                                  "indent Ni(100) at 300 K with Langevin on the bottom layers only"])  # fmt: skip
def test_a_thermostat_on_the_edges_only_names_no_ensemble(text):
    assert read(text).ensemble is None


@pytest.mark.parametrize("text", ["a rigid diamond tip pressed into Cu(111), load vs depth",
                                  "push a spherical probe into the Al surface at 20 m/s", "nanohardness of Ni"])  # fmt: skip
def test_a_tip_pressed_into_a_surface_is_indentation(text):
    assert read(text).has("indentation")


@pytest.mark.parametrize("text", ["bead-spring chains: report Rg and Ree", "the mean Cn of the glass",
                                  "Ds from the MSD slope", "Mc moves every 10 steps"])  # fmt: skip
def test_abbreviations_spelt_like_superheavy_elements_name_no_element(text):
    assert read(text).elements == []


def test_uranium_and_plutonium_are_still_elements():
    assert read("UO2 fuel with a little Pu at 1500 K").elements[:1] == ["U"]


@pytest.mark.parametrize("text, elements", [
    ("B2 FeAl at 600 K", ["Fe", "Al"]),  # a structure type, not boron
    ("does silicon go to the beta-Sn phase above 11 GPa?", ["Si"]),
    ("zno nanowire in tension", ["Zn", "O"]),
    ("equiatomic CoCrFeMnNi at 77 K", ["Co", "Cr", "Fe", "Mn", "Ni"]),
    ("MgO in the rock salt structure", ["Mg", "O"]),
    ("a sheet of h-BN at 300 K", ["B", "N"]),
])  # fmt: skip
def test_structure_names_formulas_and_compounds(text, elements):
    assert read(text).elements == elements


@pytest.mark.parametrize("text, present, absent", [
    ("kappa of Si by the heat bath method", "thermal_conductivity", "heating"),
    ("ramp the pressure to 20 GPa and watch Fe change phase", "compression", "heating"),
    ("EOS of tantalum to 50 GPa", "compression", "heating"),
    ("fracture strain of a graphene sheet pulled in tension", "tension", "crack"),
    ("tensile test of nanocrystalline nickel", "polycrystal", "granular"),
])  # fmt: skip
def test_process_words_in_context(text, present, absent):
    processes = read(text).processes
    assert present in processes and absent not in processes


def test_grains_of_a_polycrystal_are_not_a_particle_count():
    assert read("a Cu polycrystal of 8 grains, about 50k atoms").natoms == 50000
    assert read("pour 3000 grains of sand into a silo").natoms == 3000


@pytest.mark.parametrize("text, per_ps", [("Mg pushed along c at 1e8/s", 1e-4), ("pull it at 10^9 s^-1", 1e-3),
                                          ("around 2e9 per second in tension", 2e-3)])  # fmt: skip
def test_a_rate_per_second_without_the_words_strain_rate(text, per_ps):
    assert read(text).strain_rate_per_ps == pytest.approx(per_ps)


def test_a_speed_in_metres_per_second_is_no_strain_rate():
    assert read("a Cu cluster hits the plate at 500 m/s").strain_rate_per_ps is None
