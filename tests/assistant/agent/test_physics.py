"""Physics checks from the request catch scripts that run but do the wrong physics (the cases
outside testers reported as "succeeded"), and pass the builder's scripts for the same requests."""

from __future__ import annotations

import pytest

from assistant.agent.builder import build
from assistant.agent.evaluate import STRUCTURE_CHECKS, evaluate
from assistant.agent.grounding import potentials_for
from assistant.agent.physics import expectations
from assistant.agent.plan import make_plan
from assistant.agent.request import read


def verdicts(request: str, script: str, run, final_dump: bool = False) -> dict:
    req = read(request)
    checks = expectations(req, covered_by_library=bool(potentials_for(req.elements))).checks
    result = run(script, wall_s=120, final_dump=final_dump).to_dict()
    assert result["status"] == "succeeded", result["error"]
    return {v.name: v for v in evaluate(checks, script, result)}


ARGON = "Simulate liquid argon at 85 K in NVT with 500 atoms for 2000 steps"
# What the chat produced: cutoff = sigma (repulsive only), the fcc lattice of solid neon (twice the
# liquid's density), velocities for 20 K.
ARGON_WRONG = """units real
atom_style atomic
lattice fcc 4.46
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 39.948
pair_style lj/cut 3.405
pair_coeff 1 1 0.2381 3.405
velocity all create 20 4928459
fix 1 all nvt temp 85 85 100
thermo 100
run 2000
"""


@pytest.mark.slow
def test_argon_with_a_repulsive_cutoff_wrong_density_and_cold_velocities_fails(run):
    v = verdicts(ARGON, ARGON_WRONG, run)
    assert not v["lj_cut_over_sigma"].passed and v["lj_cut_over_sigma"].value == pytest.approx(1.0)
    assert not v["velocity_temperature"].passed
    assert not v["number_density"].passed
    assert v["masses_match"].passed


CARBON_WITH_CU = """units metal
atom_style atomic
lattice diamond 3.567
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 63.546
pair_style eam
pair_coeff 1 1 Cu_u3.eam
velocity all create 300 4928459
fix 1 all nvt temp 300 300 0.1
run 200
"""


@pytest.mark.slow
def test_carbon_built_with_the_copper_potential_fails(run):
    v = verdicts("diamond at 300 K", CARBON_WITH_CU, run)
    assert not v["pair_covers"].passed and "does not cover C" in v["pair_covers"].why
    assert not v["masses_match"].passed


C_ON_SI_WITH_SW = """units metal
atom_style atomic
boundary p p f
lattice diamond 5.431
region box block 0 4 0 4 0 8
create_box 2 box
region sub block INF INF INF INF INF 3
create_atoms 1 region sub
mass 1 28.0855
mass 2 12.011
pair_style sw
pair_coeff * * Si.sw Si Si
group add type 2
region src block 0 4 0 4 6 7
fix 1 all nve
fix 2 add deposit 10 2 20 123 region src near 1.0 vz -5 -5 units box
run 300
"""


@pytest.mark.slow
def test_carbon_on_silicon_with_only_stillinger_weber_silicon_fails(run):
    v = verdicts("deposition of carbon on a silicon surface at 300 K", C_ON_SI_WITH_SW, run)
    assert not v["pair_covers"].passed and "C" in v["pair_covers"].why
    assert v["grows"].passed


CU_NVE = """units metal
atom_style atomic
lattice fcc 3.615
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 63.546
pair_style eam
pair_coeff 1 1 Cu_u3.eam
velocity all create 300 4928459
fix 1 all nve
run 500
"""


@pytest.mark.slow
def test_melting_copper_without_heating_fails(run):
    v = verdicts("melting of Cu", CU_NVE, run, final_dump=True)
    assert not v["temp_final_min"].passed and not v["disordered"].passed
    assert v["disordered"].value < 0.1  # still a crystal


def test_a_melt_and_quench_is_judged_by_its_peak_and_its_end():
    glass = expectations(read("melt aluminium, then quench it to room temperature to get an amorphous solid"),
                         covered_by_library=True).checks  # fmt: skip
    assert glass["temp_peak_min"] == glass["temp_final_max"] == pytest.approx(933.47, abs=1)
    assert "temp_final_min" not in glass and "disordered" in glass
    recast = expectations(read("melt copper and then cool it down"), covered_by_library=True).checks
    assert "temp_peak_min" in recast and "disordered" not in recast  # it may crystallise again


@pytest.mark.slow
def test_heating_then_cooling_passes_and_never_melting_fails(run):
    request = "melt copper, then quench it to 300 K to make a metallic glass"
    heat_cool = CU_NVE.replace("fix 1 all nve\nrun 500\n", "timestep 0.002\nthermo 50\n"
                               "fix 1 all npt temp 300 2500 0.1 iso 0 0 1\nrun 1500\nunfix 1\n"
                               "fix 2 all npt temp 2500 300 0.1 iso 0 0 1\nrun 1500\n")  # fmt: skip
    v = verdicts(request, heat_cool, run)
    assert v["temp_peak_min"].passed and v["temp_final_max"].passed, (v["temp_peak_min"], v["temp_final_max"])
    never = verdicts(request, CU_NVE, run)
    assert not never["temp_peak_min"].passed and never["temp_final_max"].passed


@pytest.mark.slow
@pytest.mark.parametrize("request_text", [ARGON, "melting of Cu, 3000 steps", "diamond at 300 K, 500 steps"])
def test_the_builder_script_for_the_same_requests_passes(run, request_text):
    req = read(request_text)
    plan = make_plan(req)
    script = build(plan)
    checks = expectations(req, covered_by_library=bool(potentials_for(req.elements))).checks
    result = run(script, wall_s=240, final_dump=bool(STRUCTURE_CHECKS & set(checks))).to_dict()
    assert result["status"] == "succeeded", result["error"]
    failed = [v.to_dict() for v in evaluate(checks, script, result) if not v.passed]
    assert not failed, (script, failed)


def test_checks_follow_the_request_not_a_plan():
    req = read("deposit carbon on silicon at 500 K")
    checks = expectations(req, covered_by_library=True).checks
    assert checks["pair_covers"] == ["C", "Si"] and checks["grows"] is True
    assert "temperature" not in checks  # the deposited atoms are not at the substrate's temperature
    assert expectations(read("liquid argon at 85 K"), covered_by_library=False).checks["lj_cut_over_sigma"] == 2.5
    wca = expectations(read("WCA fluid, LJ units, purely repulsive"), covered_by_library=False).checks
    assert "lj_cut_over_sigma" not in wca


def test_every_process_the_reader_knows_has_a_check():
    from assistant.agent.physics import CHECKED_BY_RUN, PROCESS_NEEDS
    from assistant.agent.request import PROCESS_WORDS

    known = {key for _, key in PROCESS_WORDS}
    assert known - set(PROCESS_NEEDS) - CHECKED_BY_RUN == set()  # a process nobody checks "succeeds" unseen
    assert set(PROCESS_NEEDS) | CHECKED_BY_RUN <= known


@pytest.mark.parametrize("request_text, process", [
    ("The free energy of a copper crystal at 600 K by thermodynamic integration", "free_energy"),
    ("Find the energy barrier for a vacancy hop in aluminium with the nudged elastic band method", "neb"),
])  # fmt: skip
def test_a_process_without_a_template_fails_its_check_and_says_what_is_missing(request_text, process):
    req = read(request_text)
    plan = make_plan(req)
    script = build(plan)
    checks = expectations(req, covered_by_library=True).checks
    assert process in checks["process"]
    verdict = next(v for v in evaluate({"process": checks["process"]}, script or "", {}) if v.name == "process")
    assert plan.not_built == [process]  # the builder wrote a set-up without it: it must not pass
    assert not verdict.passed and process in verdict.value
    assert f"asks for {process.replace('_', ' ')}" in verdict.why and "needs" in verdict.why


def test_the_process_check_passes_when_a_command_does_it():
    checks = expectations(read("friction between two copper blocks"), covered_by_library=True).checks
    script = "units metal\ngroup top region upper\nvelocity top set 1.0 0 0\nrun 1000\n"
    [verdict] = evaluate({"process": checks["process"]}, script, {})
    assert verdict.passed, verdict.why


def test_the_builder_says_which_asked_for_process_its_script_does_not_do():
    plan = make_plan(read("The migration barrier of a vacancy in copper with the nudged elastic band method"))
    script = build(plan)
    assert any(a.startswith("NOT DONE by this script: neb") for a in plan.assumptions), plan.assumptions
    assert "# assumed: NOT DONE by this script: neb" in script
    melting = make_plan(read("melting of Cu, 3000 steps"))
    build(melting)
    assert not any("NOT DONE" in a for a in melting.assumptions)


@pytest.mark.parametrize("text, template", [
    ("Two copper blocks, the top one sliding over the bottom one: measure the friction force", "friction"),
    ("thermal expansion of copper in the NPT ensemble at 300 K", "thermal_expansion"),
    ("C11, C12 and C44 of tantalum: compute the elastic constants", "elastic"),
    ("piston-driven shock in aluminium at 2 km/s", "shock"),
    ("phonon density of states of germanium", "phonon"),
])  # fmt: skip
def test_processes_with_a_template_are_built_and_not_called_not_done(text, template):
    plan = make_plan(read(text))
    script = build(plan)
    assert plan.template == template and plan.not_built == []
    assert script and not any("NOT DONE" in a for a in plan.assumptions), plan.assumptions


@pytest.mark.slow
@pytest.mark.parametrize("request_text", ["aluminium in NPH at 1 bar, 700 K, 1000 steps",
                                          "nickel with a Berendsen thermostat at 400 K, 1000 steps"])  # fmt: skip
def test_a_named_nph_or_berendsen_script_runs_and_passes_its_checks(run, request_text):
    req = read(request_text)
    script = build(make_plan(req))
    checks = expectations(req, covered_by_library=True).checks
    result = run(script, wall_s=240).to_dict()
    assert result["status"] == "succeeded", result["error"]
    failed = [v.to_dict() for v in evaluate(checks, script, result) if not v.passed]
    assert not failed and checks["ensemble"] == req.ensemble, (script, failed)


def test_a_static_zero_kelvin_request_has_no_thermostat_target_and_a_load_is_not_the_box_pressure():
    static = expectations(read("elastic constants of molybdenum at 0 K"), covered_by_library=True).checks
    assert "temperature" not in static and "velocity_temperature" not in static
    friction = expectations(read("two Pt blocks sliding at 20 m/s under a 2 GPa normal load"),
                            covered_by_library=True).checks  # fmt: skip
    assert "pressure_bar" not in friction
    bulk = expectations(read("bulk Pt at 2 GPa and 300 K"), covered_by_library=True).checks
    assert bulk["pressure_bar"]["target"] == 20000


def test_a_coexistence_run_ends_near_the_melting_point_not_all_liquid():
    checks = expectations(read("melting point of gold by the two-phase coexistence method"),
                          covered_by_library=True).checks  # fmt: skip
    assert "disordered" not in checks  # half of the box stays crystalline
    assert checks["temp_final_min"] < 1337.3 < checks["temp_final_max"]


def test_a_sliding_wall_does_the_shear_a_couette_viscosity_needs():
    from assistant.agent.evaluate import lines_do
    from assistant.agent.physics import PROCESS_NEEDS

    assert lines_do(PROCESS_NEEDS["viscosity"].all_of, ["velocity        upper set 2.0 0.0 0.0"])
    assert not lines_do(PROCESS_NEEDS["viscosity"].all_of, ["velocity        lower set 0.0 0.0 0.0"])


def test_zbl_pair_coefficients_cover_the_elements_they_name():
    from assistant.agent.evaluate import covered_elements, script_facts

    script = ("units metal\nregion b block 0 1 0 1 0 1\ncreate_box 2 b\npair_style hybrid/overlay eam zbl 1.0 1.5 zbl 3.0 4.0\n"
              "pair_coeff 1 1 eam Cu_u3.eam\npair_coeff 1 1 zbl 1 29 29\npair_coeff 1 2 zbl 2 29 18\n")  # fmt: skip
    assert covered_elements(script_facts(script)) == {"Cu", "Ar"}


def test_a_misspelt_polymer_is_still_a_molecular_system():
    from assistant.agent.physics import molecular

    assert molecular(read("polyethyelne tensile test at 300 K"))
