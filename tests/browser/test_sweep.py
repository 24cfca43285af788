"""A parameter sweep in the browser: start it from a run's page, watch the batch finish, read the
table of final values and the overlay plot."""

from __future__ import annotations

import pytest

from tests.simulations.factories import LJ_SHORT, project_with_roles

from .conftest import login, shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SCRIPT = "variable T equal 1.5\n" + LJ_SHORT.format(steps=300).replace("temp 1.5 1.5", "temp ${T} ${T}")


def test_sweep_over_temperature(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", SCRIPT)
    page.click("#submit-run")
    page.wait_for_selector(".run-status:has-text('succeeded')", timeout=90_000)
    # The page reloads itself when the run ends: fill the form on the reloaded page, not before it.
    page.wait_for_selector("#checks", timeout=30_000)
    page.wait_for_selector("#sweep-form", timeout=30_000)
    page.fill("input[name=values1]", "1.0, 2.0, 3.0")
    page.click("#start-sweep")
    page.wait_for_url("**/sweeps/*/", timeout=30_000)
    page.wait_for_selector("#sweep-table")
    page.wait_for_function("document.querySelectorAll('#sweep-table .s-succeeded').length === 3", timeout=120_000)
    page.reload()
    page.wait_for_selector("#sweep-plot .main-svg", timeout=30_000)
    assert page.get_attribute("#sweep-plot", "data-traces") == "3"
    table = page.inner_text("#sweep-table")
    assert "final Temp" in table
    shot(page, "40-sweep")
