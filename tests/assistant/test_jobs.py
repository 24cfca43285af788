"""The chat's end-of-request summary (assistant/jobs.py)."""

from __future__ import annotations

import re

import pytest

from assistant.agent.loop import run_agent
from assistant.jobs import summary_text


@pytest.mark.slow
def test_the_summary_gives_the_numbers_the_run_printed():
    """A user who asks for elastic constants reads them in the reply, not only in the log."""
    result = run_agent("Compute the elastic constants of nickel")
    assert result.status == "succeeded", result.explanation
    text = summary_text(result)
    m = re.search(r"What the run reported:\n- Elastic constants \(GPa\): C11 = ([\d.]+) C12 = ([\d.]+) C44 = ([\d.]+)",
                  text)  # fmt: skip
    assert m, text
    c11, c12, c44 = map(float, m.groups())
    assert c11 > c12 > 0 and c44 > 0  # a stable cubic crystal (Ni: about 247, 147, 125 GPa)
