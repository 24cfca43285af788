"""The 3D viewer on a run page: frames of a real dump, read on the server with ASE and drawn by
NGL in the browser; play and scrub change the frame."""

from __future__ import annotations

import pytest

from tests.simulations.factories import project_with_roles

from .conftest import login, shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCRIPT = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 6 0 6 0 6
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.3 4242
mass * 1.0
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0
velocity all create 1.5 87287
fix 1 all nvt temp 1.5 1.5 0.5
dump traj all custom 50 traj.lammpstrj id type x y z
thermo 100
run 1000
"""


def test_the_trajectory_plays_in_the_browser(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    console = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"error: {exc}"))
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", SCRIPT)
    page.click("#submit-run")
    page.wait_for_selector(".run-status:has-text('succeeded')", timeout=90_000)
    page.wait_for_selector("#structure", timeout=30_000)
    try:
        page.wait_for_selector(".viewer[data-ready='1']", timeout=60_000)
    except Exception:
        raise AssertionError(console + [page.inner_text("#structure")]) from None
    label = page.inner_text(".viewer-label")
    assert "frame 1 of 21" in label and "step 0" in label
    legend = page.inner_text(".viewer-legend")
    assert "type 1" in legend and "type 2" in legend and "864 atoms" in legend
    page.locator(".viewer-frame").fill("10")
    assert "frame 11 of 21" in page.inner_text(".viewer-label")
    page.click(".viewer-play")
    page.wait_for_function("!document.querySelector('.viewer-label').textContent.includes('frame 11 of')")
    page.click(".viewer-play")
    shot(page, "30-viewer")
    canvas = page.locator(".viewer canvas")
    assert canvas.count() == 1 and canvas.bounding_box()["width"] > 300
