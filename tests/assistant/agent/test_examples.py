"""The verified example library: every example runs and passes the physics checks of its own
request (the first comment line)."""

from __future__ import annotations

import pytest

from assistant.agent.evaluate import STRUCTURE_CHECKS, evaluate
from assistant.agent.grounding import potentials_for, verified_examples
from assistant.agent.physics import expectations
from assistant.agent.request import read

EXAMPLES = verified_examples()


def test_library_is_not_empty():
    assert len(EXAMPLES) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_runs_and_passes_its_checks(run, name):
    script = EXAMPLES[name]
    request = script.splitlines()[0].lstrip("# ").removeprefix("MDWeb: ")
    req = read(request)
    checks = expectations(req, covered_by_library=bool(potentials_for(req.elements))).checks
    result = run(script, wall_s=120, final_dump=bool(STRUCTURE_CHECKS & set(checks))).to_dict()
    assert result["status"] == "succeeded", result["error"]
    verdicts = evaluate(checks, script, result)
    assert all(v.passed for v in verdicts), [v.to_dict() for v in verdicts if not v.passed]
    assert all(c["passed"] for c in result["checks"]), result["checks"]
