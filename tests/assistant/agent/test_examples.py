"""The verified example library: every example runs and passes the checks of its own request."""

from __future__ import annotations

import pytest

from assistant.agent.evaluate import checks_from_spec, evaluate
from assistant.agent.loop import examples, potentials_metadata
from assistant.agent.spec import extract

EXAMPLES = examples()


def test_library_is_not_empty():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_runs_and_passes_its_checks(run, name):
    script = EXAMPLES[name]
    request = script.splitlines()[0].lstrip("# ")
    result = run(script, wall_s=120).to_dict()
    assert result["status"] == "succeeded", result["error"]
    checks = checks_from_spec(extract(request, potentials_metadata()))
    verdicts = evaluate(checks, script, result)
    assert verdicts and all(v.passed for v in verdicts), [v.to_dict() for v in verdicts if not v.passed]
    assert all(c["passed"] for c in result["checks"]), result["checks"]
