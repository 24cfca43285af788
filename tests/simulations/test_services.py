"""Writes through services that views and jobs share."""

from __future__ import annotations

import pytest

from simulations import services
from tests.simulations.factories import project_with_roles


@pytest.mark.django_db
def test_a_file_the_assistant_wrote_becomes_an_input_but_never_replaces_the_users():
    project, members = project_with_roles()
    assert services.add_generated_input(project, "water.mol", "3 atoms\n", members["owner"])
    kept = project.input_files.get(name="water.mol")
    assert kept.file.read() == b"3 atoms\n" and kept.sha256 and kept.size == 8
    assert not services.add_generated_input(project, "water.mol", "something else\n", members["owner"])
    assert project.input_files.get(name="water.mol").sha256 == kept.sha256
