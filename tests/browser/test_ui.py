"""The app in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright),
served by the real ASGI server with a real RQ worker, Redis and LAMMPS.

Screenshots are written to var/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.conftest import wait_for
from tests.simulations.factories import LJ_SHORT, user

from .conftest import login, shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_researcher_and_admin_in_the_browser(server, browser, settings):
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the server checks against
    user("alice")
    user("admin", is_staff=True)
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))

    # log in, create a project
    login(page, server, "alice", "pw-alice")
    page.fill("#id_name", "Argon liquid")
    page.click("#create-project")
    page.wait_for_selector("h1:has-text('Argon liquid')")
    shot(page, "01-project")

    # submit a script and watch the progress bar move
    page.fill("#id_title", "LJ NVT")
    page.fill("#id_script", LJ_SHORT.format(steps=60000))
    page.click("#submit-run")
    page.wait_for_selector(".run-progress")
    values = []

    def moved():
        try:
            values.append(int(page.get_attribute(".run-progress", "value") or 0))
        except Exception:  # the element is being swapped
            return False
        return len({v for v in values if v > 0}) >= 2

    wait_for(moved, 60, interval=0.2, message="the progress bar to move")
    shot(page, "02-running")
    assert any("run-live" in f and "run-progress" in f for f in frames), "progress must arrive over the WebSocket"
    page.wait_for_selector(".run-status:has-text('succeeded')", timeout=90_000)
    # The page reloads itself when the run ends, to show checks, files and the whole thermo.
    page.wait_for_selector("#checks", timeout=30_000)
    page.wait_for_selector("#thermo-plot .main-svg", timeout=20_000)
    points = int(page.get_attribute("#thermo-plot", "data-points"))
    assert points >= 2 * 600  # Temp and TotEng, one row per 100 steps
    assert page.locator("#checks tr.pass").count() >= 3
    shot(page, "03-succeeded-plot")

    # a failing run shows its diagnosis
    page.click("p.crumbs a:has-text('Argon liquid')")
    page.fill("#id_title", "forgot pair_coeff")
    page.fill("#id_script", LJ_SHORT.format(steps=100).replace("pair_coeff 1 1 1.0 1.0\n", ""))
    page.click("#submit-run")
    page.wait_for_selector("#diagnosis", timeout=60_000)
    diagnosis = page.inner_text("#diagnosis")
    assert "pair_coeff_missing" in diagnosis and "line 12" in diagnosis and "How to fix it" in diagnosis
    shot(page, "04-failed-diagnosis")

    # the admin reviews it and runs a corrected script
    page.click("text=Log out")
    login(page, server, "admin", "pw-admin")
    page.click("text=Review")
    page.wait_for_selector("text=pair_coeff_missing")
    shot(page, "05-review-queue")
    page.click("section#cls-pair_coeff_missing a:has-text('run')")
    page.check("#id_reviewed")
    page.check("#id_for_training")
    page.fill("#id_corrected_script", LJ_SHORT.format(steps=100))
    page.click("#review-run")
    page.wait_for_selector("#corrected-run")
    shot(page, "06-reviewed")
    export = page.request.get(f"{server}/review/export.jsonl")
    assert export.ok and '"pair_coeff_missing"' in export.text()
