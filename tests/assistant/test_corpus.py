"""The index of Debian's lammps-examples (installed by `make test`): what each real script does, the
nearest examples for a request, real usages of a command, and lines that do a missing process."""

from __future__ import annotations

import pytest

from assistant import corpus
from assistant.agent.grounding import process_usages


@pytest.fixture(scope="module")
def examples():
    if not corpus.available():
        pytest.fail(f"the LAMMPS examples are not installed: {corpus.INSTALL_HINT}")
    return corpus.index()


def test_each_script_is_described_by_its_commands_units_and_processes(examples):
    assert len(examples) > 300
    crack = next(e for e in examples if e.path == "crack/in.crack")
    assert crack.units == "lj" and crack.dimension == 2 and "crack" in crack.processes
    assert "fix nve" in crack.styles and "velocity" in crack.commands


def test_the_nearest_examples_share_the_process(examples):
    found = corpus.nearest("shock wave through a crystal", processes=["shock"], k=2)
    assert found and all("shock" in e.processes for e in found)


def test_real_usages_of_a_command_and_style(examples):
    lines = corpus.usages("fix", "deposit")
    assert lines and all(line.startswith("fix ") and " deposit " in line for line in lines)


def test_a_missing_process_gets_the_lines_that_do_it_in_the_examples(examples):
    failed = [{"name": "process", "value": ["friction", "shock"], "passed": False}]
    lines = process_usages(failed)
    assert any(line.startswith("velocity ") and "friction/" in line for line in lines), lines
    assert any(" msst " in line or " nphug " in line for line in lines), lines
    assert process_usages([{"name": "temperature", "value": 300, "passed": False}]) == []


def test_the_cache_is_rebuilt_when_the_process_vocabulary_changes(examples, monkeypatch):
    paths = corpus.script_paths()
    before = corpus._fingerprint(paths)
    monkeypatch.setattr(corpus, "PROCESS_WORDS", [*corpus.PROCESS_WORDS, (r"\bsintering", "sintering")])
    assert corpus._fingerprint(paths) != before
