"""What the potentials library reads from a file: styles, elements, and the names a file gives them."""

from __future__ import annotations

from simulations.engine.potentials import describe

# A Tersoff-style file with two parameter sets for Si: Si(A) alone, Si(M) with cross terms to Ge.
LABELLED = """# made up for this test
Si(A) Si(A) Si(A) 3.0 1.0 0.0 1.0e5 16.2 -0.6
     1.0e-6 0.8 471.2 2.85 0.15 2.48 1830.8
Si(M) Si(M) Si(M) 3.0 1.0 0.0 1.0e5 16.2 -0.6
     1.0e-6 0.8 471.2 2.85 0.15 2.48 1830.8
Ge Ge Ge 3.0 1.0 0.0 1.1e5 15.7 -0.44
     9.0e-7 0.76 415.9 2.95 0.15 2.45 1769.0
Si(M) Ge Ge 3.0 1.0 0.0 1.0e5 16.2 -0.6
     1.0e-6 0.8 471.2 2.85 0.15 2.48 1830.8
Ge Si(M) Si(M) 3.0 1.0 0.0 1.1e5 15.7 -0.44
     9.0e-7 0.76 415.9 2.95 0.15 2.45 1769.0
"""


def test_a_labelled_species_counts_as_its_element_under_the_label_meant_for_mixtures(tmp_path):
    path = tmp_path / "SiGeMade.tersoff"
    path.write_text(LABELLED)
    pot = describe(path)
    assert set(pot.elements) == {"Si", "Ge"}
    assert dict(pot.labels) == {"Si": "Si(M)"}  # the set with Ge cross terms, not Si(A)


def test_files_that_name_bare_symbols_have_no_labels(inst):
    pot = describe(inst.potentials_dir / "SiC.tersoff")
    assert set(pot.elements) == {"Si", "C"} and pot.labels == ()


def test_the_distributed_sicge_file_covers_silicon_as_si_d(inst):
    pot = describe(inst.potentials_dir / "SiCGe.tersoff")
    assert {"Si", "C", "Ge"} <= set(pot.elements)
    assert dict(pot.labels) == {"Si": "Si(D)"}
