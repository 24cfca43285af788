"""Plans: what an expert would choose where the request is silent, said as assumptions, and
questions only where nothing reasonable can be chosen."""

from __future__ import annotations

import pytest

from assistant.agent.builder import build
from assistant.agent.facts import PREFERRED_POTENTIAL, element
from assistant.agent.grounding import library_files
from assistant.agent.plan import make_plan
from assistant.agent.request import read


def plan_for(text, inputs=None):
    return make_plan(read(text), inputs)


@pytest.mark.parametrize("text", ["simulate fluid flow", "crack propagation in two dimensions",
                                  "melting of CuNi nanoparticles", "granular pile", "heat some gold"])  # fmt: skip
def test_vague_requests_get_a_plan_not_questions(text):
    plan = plan_for(text)
    assert not plan.questions and not plan.declined and plan.assumptions


def test_a_named_but_missing_data_file_is_the_one_question():
    plan = plan_for("equilibrate the polymer in chains.data at T*=1")
    assert plan.questions and "chains.data" in plan.questions[0]


def test_an_uploaded_data_file_is_used(tmp_path):
    data = tmp_path / "chains.data"
    data.write_text("LAMMPS data\n\n10 atoms\n1 atom types\n9 bonds\n1 bond types\n\n0 10 xlo xhi\n0 10 ylo yhi\n"
                    "0 10 zlo zhi\n\nAtoms # bond\n\n")  # fmt: skip
    plan = plan_for("equilibrate the polymer in chains.data at T*=1", {"chains.data": data})
    assert plan.template == "data_file" and plan.data_file == "chains.data" and not plan.questions


def test_every_element_named_gets_a_potential_that_covers_it():
    plan = plan_for("deposit carbon onto silicon")
    assert set(plan.elements) == {"C", "Si"} and plan.potential_file
    covered = next(p for p in library_files() if p["name"] == plan.potential_file)["elements"]
    assert {"C", "Si"} <= set(covered)


def test_no_potential_means_an_honest_labelled_generic_model():
    plan = plan_for("tin crystal at 300 K")
    assert plan.pair_style == "lj/cut" and plan.potential_file is None
    assert any("NO potential in the library covers Sn" in a for a in plan.assumptions)


def test_liquid_argon_gets_an_attractive_cutoff_and_the_liquid_density():
    plan = plan_for("liquid argon at 85 K")
    assert plan.units == "real" and plan.lj["cutoff"] >= 2.5 * plan.lj["sigma"]
    n = 4 / plan.a**3
    assert 0.72 < n / element("Ar").number_density < 0.9  # liquid, not the crystal's density
    assert plan.temperature == 85.0


def test_melting_heats_past_the_melting_point():
    plan = plan_for("melt copper")
    assert plan.temperature_end >= element("Cu").melting_K * 1.2 and plan.hold_steps > 0


def test_preferred_potentials_exist_and_cover_their_elements():
    names = {p["name"]: set(p["elements"]) for p in library_files()}
    for elements, name in PREFERRED_POTENTIAL.items():
        assert name in names, name
        assert set(elements) <= names[name], (name, elements)


def test_alloy_composition_from_the_formula():
    plan = plan_for("a random Cu70Ni30 alloy at 600 K")
    assert plan.elements == ["Cu", "Ni"] and plan.potential_file
    assert plan.fractions == [pytest.approx(0.7), pytest.approx(0.3)]


def test_a_named_npt_without_a_pressure_gets_one_instead_of_becoming_nvt():
    plan = make_plan(read("copper in the NPT ensemble at 500 K"))
    assert plan.ensemble == "npt" and plan.pressure == 0.0 and "zero pressure" in plan.assumptions
    assert " npt temp 500 500 " in build(plan)


@pytest.mark.parametrize("request_text, line", [
    ("aluminium in NPH at 1 bar, 700 K", " nph iso 1 1 "),
    ("nickel with a Berendsen thermostat at 400 K", " temp/berendsen 400 400 "),
    ("LJ liquid at T*=1.0 thermostatted with CSVR (Bussi)", " temp/csvr 1 1 "),
])  # fmt: skip
def test_the_named_ensemble_or_thermostat_is_the_one_written(request_text, line):
    from assistant.agent.evaluate import ensemble_of, script_facts

    req = read(request_text)
    script = build(make_plan(req))
    assert line in script, script
    assert ensemble_of(script_facts(script)) == req.ensemble


def test_thermal_expansion_keeps_its_temperatures_when_npt_is_named():
    plan = make_plan(read("NPT thermal expansion of Pd between 200 and 800 K in steps of 200 K"))
    assert plan.ensemble == "npt" and plan.extra["temperatures"] == [200, 400, 600, 800]


def test_a_named_pair_style_without_a_file_for_the_element_falls_back_to_a_real_potential():
    plan = make_plan(read("amorphous germanium with Stillinger-Weber at 300 K"))
    assert plan.pair_style != "lj/cut" and "Ge" in plan.potential_file
    assert any("no sw file for Ge" in a for a in plan.assumptions)


def test_an_ordered_compound_melts_at_its_own_melting_point_not_its_lowest_elements():
    plan = make_plan(read("heat B2 NiAl until it melts"))
    assert plan.compound == "B2 NiAl" and plan.temperature_end > 1911  # Al alone melts at 933 K


def test_graphene_is_a_flat_sheet_not_diamond():
    plan = make_plan(read("thermal ripples of a 4 nm graphene membrane at 500 K"))
    script = build(plan)
    assert plan.lattice == "graphene" and plan.cells[2] == 1 and "lattice         diamond" not in script
    assert "create_atoms    1 region sheet" in script


def test_a_hot_crystal_at_constant_volume_gets_its_volume_first_unless_the_user_fixed_it():
    hot = build(make_plan(read("NVT simulation of nickel at 900 K")))
    assert "npt temp 900 900" in hot and hot.index("npt") < hot.index("nvt temp 900")
    assert "npt" not in build(make_plan(read("NVT simulation of nickel at 900 K with a = 3.56 A")))
    assert "npt" not in build(make_plan(read("NVT simulation of nickel at 300 K")))  # cool: a few kbar at most


def test_a_diffusion_couple_is_two_pure_blocks_not_a_solid_solution():
    plan = make_plan(read("interdiffusion across an Au | Ag interface at 1100 K"))
    script = build(plan)
    assert plan.template == "interdiffusion" and not plan.fractions
    assert "set             region upper type 2" in script and "ave/chunk" in script and "type/fraction" not in script


def test_a_ramp_at_a_given_rate_takes_as_long_as_the_rate_says():
    plan = make_plan(read("liquid Al at 1500 K held 50 ps, then cooled to 500 K at 10^12 K/s"))
    assert plan.steps == 1000 * 1000  # 1000 K at 1 K/ps with 1 fs steps
    assert plan.extra["melt_steps"] == 50_000  # the stated duration is the melt before the quench
    assert "melt_steps" in plan.extra and "run             50000" in build(plan)


def test_a_hexagonal_crystal_expands_along_a_and_c_separately():
    script = build(make_plan(read("thermal expansion of hcp Zr from 300 to 900 K")))
    assert " aniso " in script and "v_ca" in script and " iso " not in script


@pytest.mark.parametrize("text, model, molecules, ensemble", [
    ("water at room temperature", "spce", 512, "npt"),
    ("3000 atoms of TIP3P water in NVT at 310 K", "tip3p", 1000, "nvt"),
    ("self-diffusion of tip4p water, 1728 molecules", "tip4p2005", 1728, "npt"),
])  # fmt: skip
def test_liquid_water_is_a_rigid_water_box_not_a_generic_model(text, model, molecules, ensemble):
    plan = plan_for(text)
    assert plan.template == "water" and plan.extra["water"] == model and plan.ensemble == ensemble
    assert plan.cells[0] ** 3 == molecules and not plan.declined
    assert not any("generic" in a for a in plan.assumptions)


def test_water_with_something_else_in_it_is_not_the_water_box():
    assert plan_for("a Cu surface in contact with water").template != "water"


def test_liquid_silicon_starts_denser_than_the_crystal_not_lighter():
    plan = plan_for("self-diffusion in liquid Si at 1800 K with Stillinger-Weber")
    assert plan.a < element("Si").a  # Si is about 10 % denser molten


def test_a_transport_run_in_a_liquid_melts_its_starting_lattice_and_keeps_its_equilibration():
    script = build(plan_for("thermal conductivity of liquid copper at 1500 K"))
    assert "fix             melt" in script and "run             3000  # relaxation" in script
    assert "c_ke*(2/3)/8.61734e-05" in script  # kelvin, not eV


@pytest.mark.parametrize("text, lattice, compound", [("molten NaCl at 1200 K", "rocksalt", "rocksalt NaCl"),
                                                     ("GaN at 300 K with Stillinger-Weber", "wurtzite", "wurtzite GaN"),
                                                     ("MgO crystal at 1000 K", "rocksalt", "rocksalt MgO")])  # fmt: skip
def test_two_element_crystals_are_built_ordered_not_as_a_random_fcc_mixture(text, lattice, compound):
    plan = plan_for(text)
    assert plan.lattice == lattice and plan.compound == compound
    script = build(plan)
    assert "lattice         custom" in script and "basis 5 2" in script


def test_nacl_gets_the_fumi_tosi_rigid_ion_model_not_a_generic_lj_one():
    plan = plan_for("NaCl crystal at 300 K")
    assert plan.pair_style == "born/coul/long" and not any("generic" in a for a in plan.assumptions)
    script = build(plan)
    assert "atom_style      charge" in script and "kspace_style    pppm" in script
    assert "set             type 2 charge -1" in script


def test_sintering_two_particles_of_different_metals_puts_one_of_each_side_by_side():
    plan = plan_for("sinter a Ag nanoparticle with an Au nanoparticle at 700 K")
    assert plan.extra["two_particles"] and not any(a.startswith("a random") for a in plan.assumptions)
    script = build(plan)
    assert "create_atoms    1 region left" in script and "create_atoms    2 region right" in script


def test_a_named_nvt_for_sintering_is_honoured_with_the_drift_removed():
    script = build(plan_for("two copper nanoparticles, 3 nm, just touching, sinter at 800 K under NVT"))
    assert "nvt temp 800 800" in script and "fix             2 all momentum" in script


def test_couette_flow_slides_the_wall_at_the_speed_asked_and_thermostats_across_the_flow_only():
    script = build(plan_for("Couette flow of an LJ fluid, the top wall moves at 0.5 in LJ units, T*=1"))
    assert "velocity        upper set 0.5 0.0 0.0" in script and "temp/partial 0 1 1" in script


def test_a_bead_spring_melt_is_built_from_chains_not_single_lj_atoms():
    plan = plan_for("Kremer-Grest polymer melt, 30 chains of 40 beads, T=1")
    assert plan.template == "polymer" and plan.extra["chains"] == (30, 40) and not plan.declined
    script = build(plan)
    assert "read_data       chains.data" in script and "bond_style      fene" in script
    assert "chains.data" in plan.extra["supplied"]


@pytest.mark.parametrize("text, host", [("interstitial H diffusion in bcc iron at 600 K", "Fe"),
                                        ("He bubbles in W at 1000 K", "W")])  # fmt: skip
def test_the_solid_hosts_the_gas_atoms_named_with_it(text, host):
    assert plan_for(text).elements[0] == host


def test_green_kubo_thermal_conductivity_when_asked_for_it():
    script = build(plan_for("Green-Kubo thermal conductivity of solid Cu at 300 K"))
    assert "compute         flux all heat/flux" in script and "ave/correlate" in script
    assert "thermal/conductivity" not in script  # not Mueller-Plathe instead


@pytest.mark.parametrize("text, process", [("pull a (5,5) boron nitride nanotube at 300 K", "nanotube")])
def test_geometries_without_a_template_are_said_not_done_not_built_as_bulk_silently(text, process):
    plan = plan_for(text)
    assert process in plan.not_built
    script = build(plan)  # declined (a B-C-N compound has no structure here), or built saying NOT DONE
    assert script is None or any(a.startswith("NOT DONE") and process.replace("_", " ") in a for a in plan.assumptions)


def test_a_crystal_at_0_k_is_minimized_not_thermostatted_at_zero():
    plan = plan_for("relax bulk Ni at 0 K")
    assert plan.template == "minimize" and "nvt temp 0" not in build(plan)


def test_a_cracked_graphene_sheet_is_a_sheet_not_an_unknown_lattice():
    script = build(plan_for("crack growth in a graphene sheet pulled at 300 K"))
    assert "lattice         custom" in script and "lattice         graphene" not in script
    assert "delete_atoms    region notch" in script


def test_molten_salt_in_words_a_chemist_uses_is_built_with_the_rigid_ion_model():
    plan = plan_for("molten salt: Na+ and Cl- ions at 1200 K")
    assert not plan.declined and plan.pair_style == "born/coul/long" and build(plan)
    assert not any("melting point of Na " in a for a in plan.assumptions)


def test_a_liquid_and_its_vapour_is_a_slab_between_the_triple_and_critical_points():
    plan = plan_for("surface tension of liquid argon in coexistence with its vapor")
    req = read("surface tension of liquid argon in coexistence with its vapor")
    assert plan.template == "coexistence" and plan.extra["vapour"] and "tension" not in req.processes
    nx, ny, nz = plan.cells
    assert nz == 3 * nx  # the slab fills the middle third
    assert 84 < plan.temperature < 130  # argon's triple point 84 K, the cut LJ model's critical point ~130 K


def test_solid_liquid_coexistence_is_not_a_vapour_slab():
    plan = plan_for("melting point of aluminium by the coexistence method")
    assert plan.template == "coexistence" and not plan.extra.get("vapour")


def test_ions_hitting_a_surface_are_sputtering_not_a_molecular_system():
    req = read("sputtering of a Cu surface by 500 eV Ar ions")
    plan = make_plan(req)
    assert req.processes == ["sputtering"] and req.ion == "Ar"
    assert plan.template == "sputtering" and not plan.declined
    assert plan.elements == ["Cu", "Ar"] and plan.extra["ion_by_zbl"] and plan.extra["energy_eV"] == 500


def test_sputter_deposition_is_still_deposition():
    assert "deposition" in read("grow a Cu film by sputter deposition on Si").processes


@pytest.mark.parametrize(("text", "plane"), [("sigma 5 (310) tilt boundary in Cu", (3, 1)),
                                             ("a Σ13 grain boundary in nickel", (5, 1)),
                                             ("grain boundary in aluminium", (3, 1)),
                                             ("a (210) symmetric tilt GB in Cu", (2, 1))])  # fmt: skip
def test_a_tilt_boundary_gets_its_plane(text, plane):
    plan = plan_for(text)
    assert plan.template == "grain_boundary" and plan.extra["gb_plane"] == plane and not plan.declined


def test_boundaries_the_builder_cannot_make_are_declined_not_substituted():
    plan = plan_for("a sigma 5 (100) twist grain boundary in copper")
    assert plan.declined and "tilt" in plan.declined


@pytest.mark.parametrize("text", ["a sigma 3 (111) twin boundary in copper", "nanotwinned Cu at 300 K"])
def test_a_coherent_twin_is_built(text):
    plan = plan_for(text)
    assert plan.template == "grain_boundary" and plan.extra["gb_kind"] == "twin" and not plan.declined


def test_grain_boundary_migration_is_said_not_done():
    plan = plan_for("GB mobility in Ni at 1400 K with a synthetic driving force")
    assert "gb_migration" in plan.not_built


def test_a_carbon_nanotube_is_built_with_its_chirality_and_length():
    plan = plan_for("(8,0) carbon nanotube 5 nm long at 500 K")
    assert plan.template == "nanotube" and plan.extra["tube"] == (8, 0) and plan.extra["tube_length"] == 50.0
    script = build(plan)
    assert "read_data       cnt.data" in script and "cnt.data" in plan.extra["supplied"]
    assert "nvt temp 500 500" in script


def test_hybrid_md_mc_swaps_unlike_atoms_at_the_run_temperature():
    plan = plan_for("Cu-Ni alloy with Monte Carlo swaps at 800 K")
    script = build(plan)
    assert "atom/swap 100 10" in script and " 800 ke yes types 1 2" in script and "f_swap12[2]" in script
    assert not any(a.startswith("NOT DONE") for a in plan.assumptions)


@pytest.mark.parametrize(("text", "chains"), [("liquid decane at 300 K, 150 molecules", (150, 10)),
                                              ("amorphous polyethylene, 20 chains of 500 CH2", (20, 500)),
                                              ("a polyethylene melt at 500 K", (30, 100))])  # fmt: skip
def test_united_atom_alkanes_are_grown_not_declined(text, chains):
    plan = plan_for(text)
    assert plan.template == "alkane" and not plan.declined and plan.extra["alkane"] == chains
    assert plan.units == "real" and "alkanes.data" in build(plan)


@pytest.mark.parametrize(("text", "cells"), [("500 Lennard-Jones atoms at T*=1.0", (5, 5, 5)),
                                             ("a copper crystal of 4000 atoms at 300 K", (10, 10, 10))])  # fmt: skip
def test_an_atom_count_sets_the_box(text, cells):
    assert plan_for(text).cells == cells


def test_a_sample_length_is_the_shock_direction_not_a_cube():
    nx, ny, nz = plan_for("shock in copper with a 1 km/s piston, sample about 50 nm long").cells
    assert nz == round(500 / 3.61) and nx == ny < 20


def test_water_viscosity_by_periodic_perturbation_not_said_undone():
    plan = plan_for("viscosity of TIP3P water at 300 K")
    script = build(plan)
    assert "accelerate/cos" in script and "fix_modify      1 temp cos" in script
    assert not any(a.startswith("NOT DONE") for a in plan.assumptions)


@pytest.mark.parametrize(("text", "line"), [("box of SPC/E water at 300 K with a 8 A cutoff", "lj/cut/coul/long 8"),
                                            ("liquid decane, cutoff 12 A", "pair_style      lj/cut 12"),
                                            ("box of TIP3P water at 300 K", "lj/cut/coul/long 10")])  # fmt: skip
def test_a_molecular_models_cutoff_is_the_one_asked(text, line):
    assert line in build(plan_for(text))


def test_a_named_fluid_in_a_metal_pore_is_a_channel_not_declined():
    plan = plan_for("Pressure driven flow of liquid Ar in a 5 nm Pt slit pore, 100 K")
    assert plan.extra["channel"]["width"] == 50.0 and plan.elements == ["Pt", "Ar"] and plan.temperature == 100
    script = build(plan)
    assert script and "addforce" in script and "mix arithmetic" in script


def test_rutile_gets_the_matsui_akaogi_model_and_an_anisotropic_barostat():
    plan = plan_for("rutile TiO2 at 300 K and zero pressure")
    script = build(plan)
    assert plan.compound == "rutile TiO2" and plan.pair_style == "born/coul/long"
    assert "set             type 1 charge 2.196" in script and " aniso 0 0 " in script


@pytest.mark.parametrize(("text", "named"), [("density of liquid propanol from 250 to 330 K", "propanol"),
                                             ("an acetone-water mixture at 300 K", "acetone"),
                                             ("CO2 gas at 300 K and 50 bar", "C-O"),
                                             ("liquid N2 at 77 K", "N with nothing but non-metals")])  # fmt: skip
def test_molecules_without_a_force_field_are_declined_by_name_not_made_lj_atoms(text, named):
    plan = plan_for(text)
    assert plan.declined and plan.declined.startswith(named)
    assert plan.pair_style != "tersoff" and "Lennard-Jones model system" not in " ".join(plan.assumptions)


def test_pure_water_is_still_the_water_template():
    assert plan_for("liquid water at 300 K").template == "water"


@pytest.mark.parametrize("text", ["work of adhesion of Al on Al2O3 at 300 K", "an SiO2 crystal at 300 K"])
def test_a_compound_without_a_known_structure_is_declined_not_made_a_random_alloy(text):
    plan = plan_for(text)
    assert plan.declined and "no crystal structure" in plan.declined
    assert not any("solid solution" in a for a in plan.assumptions)


@pytest.mark.parametrize("text", ["oxygen diffusion in UO2 at 2000 K", "MoS2 monolayer in tension"])
def test_a_compound_no_potential_covers_is_declined_not_given_a_generic_lj_model(text):
    plan = plan_for(text)
    assert plan.declined and "NO potential in the library covers" in plan.declined


def test_an_alloy_no_potential_covers_still_gets_a_labelled_generic_model():
    plan = plan_for("CoCrFeMnNi tension at 300 K")
    assert not plan.declined and plan.pair_style == "lj/cut" and "NO potential" in plan.assumptions[0]


def test_a_little_carbon_in_iron_stays_a_dilute_solution():
    assert not plan_for("bcc Fe with 1% C at 600 K").declined


def test_periclase_gets_a_rigid_ion_model_not_a_generic_lj_one():
    plan = plan_for("MgO at 300 K")
    assert plan.pair_style == "born/coul/long" and "Lewis-Catlow" in plan.assumptions[0]


@pytest.mark.parametrize("text", ["set up my material at the right conditions and tell me if it is stable",
                                  "run the alloy one again but hotter"])  # fmt: skip
def test_a_material_referred_to_but_not_named_is_asked_for(text):
    plan = plan_for(text)
    assert plan.questions and plan.questions[0].startswith("Which material?")
    assert build(plan) is None


@pytest.mark.parametrize("text", ["simulate fluid flow", "equilibrate my system of LJ particles"])
def test_a_model_system_needs_no_material(text):
    assert not plan_for(text).questions


@pytest.mark.parametrize(("text", "process"), [("self-interstitial diffusion in hcp Zr at 900 K", "interstitial"),
                                               ("GCMC adsorption isotherm of argon in a copper pore", "gcmc"),
                                               ("the velocity of an edge dislocation in Al under shear", "dislocation")])  # fmt: skip
def test_processes_without_a_template_are_said_not_done(text, process):
    plan = plan_for(text)
    build(plan)
    assert any(a.startswith(f"NOT DONE by this script: {process}") for a in plan.assumptions)


def test_a_cascade_counting_interstitials_is_not_an_interstitial_study():
    assert "interstitial" not in plan_for("a 5 keV cascade in Fe: count the vacancies and interstitials").not_built


def test_molten_salt_green_kubo_viscosity_melts_relaxes_and_correlates_the_stress():
    script = build(plan_for("viscosity of molten NaCl at 1200 K and 1 bar by Green-Kubo"))
    melt, relax, gk = (script.index("fix             melt all nvt temp"), script.index("all npt temp 1200 1200"),
                       script.index("ave/correlate"))  # fmt: skip
    assert melt < relax < gk and "fix             mp all viscosity" not in script


@pytest.mark.parametrize(("text", "a"), [("magnesium at 300 K", 3.21), ("shear zirconium at 300 K", 3.23)])
def test_an_hcp_metal_stays_hcp_at_its_own_lattice_constant(text, a):
    plan = plan_for(text)  # it was made fcc with the hcp a: neighbours 30 % too close
    assert plan.lattice == "hcp" and plan.a == a


def test_a_grain_boundary_in_an_hcp_metal_is_declined_with_a_reason():
    plan = plan_for("a sigma 5 grain boundary in magnesium")
    assert build(plan) is None and "cubic" in plan.declined


def test_dislocations_emitted_by_a_process_are_not_a_dislocation_study():
    assert "dislocation" not in read("nanoindentation of Cu, look for dislocation emission").processes


def test_cyclic_loading_runs_the_cycles_asked_at_the_asked_amplitude():
    plan = plan_for("fatigue of Cu: strain amplitude +-1.5%, 4 cycles, 300 K, strain rate 1e9/s")
    amplitude, period, cycles = plan.extra["cyclic"]
    assert (amplitude, cycles) == (0.015, 4)
    assert period == pytest.approx(2 * 3.14159 * 0.015 / 0.001, rel=1e-4)  # ps: peak rate 1e9/s = 0.001/ps
    assert plan.steps == pytest.approx(4 * period / plan.timestep, rel=0.01)


def test_creep_holds_the_stress_asked_in_tension_unless_compression_is_named():
    assert plan_for("creep of Ni at 1200 K under 500 MPa").extra["creep_stress"] == -5000.0
    assert plan_for("compressive creep of Ni at 1200 K, 0.5 GPa").extra["creep_stress"] == 5000.0


def test_the_c_axis_of_an_hcp_metal_is_z():
    assert plan_for("compress hcp Zr along the c-axis at 300 K").extra["axis"] == "z"


def test_a_nanotube_can_be_compressed_as_well_as_pulled():
    plan = plan_for("axial compression of a (10,10) carbon nanotube at 300 K")
    assert plan.template == "nanotube" and plan.extra["rate"] < 0 and "compression" not in plan.not_built


def test_water_sized_by_molecules_and_atoms_together_gets_that_many_molecules():
    plan = plan_for("TIP4P/2005 water at 298 K, box of ~1000 molecules (3000 atoms)")
    assert any(a.startswith("1000 water molecules (3000 atoms)") for a in plan.assumptions)


@pytest.mark.parametrize(
    ("text", "runs_at", "not_done"),
    [
        ("uniaxial tension of Cu at 77 K and 300 K", "77", "300 K"),
        ("lattice parameter of Ge with Tersoff at 300 and 600 K, NPT", "300", "600 K"),
    ],
)
def test_a_one_temperature_run_asked_at_several_says_the_others_are_not_done(text, runs_at, not_done):
    plan = plan_for(text)
    assert any(a.startswith(f"NOT DONE by this script: the run at {not_done} (it runs at {runs_at} K only")
               for a in plan.assumptions), plan.assumptions  # fmt: skip


def test_a_ramp_between_two_temperatures_is_not_said_undone():
    plan = plan_for("heat Al from 300 K to 1200 K")
    assert not any(a.startswith("NOT DONE") for a in plan.assumptions)
