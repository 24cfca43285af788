"""What an outside tester found broken, reproduced in a real browser (Debian's Chromium via
Playwright) against the real server, worker, Redis and LAMMPS, then fixed."""

from __future__ import annotations

import re

import pytest

from tests.conftest import wait_for
from tests.simulations.factories import LJ_SHORT, project_with_roles

from .conftest import login, shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_cancel_works_after_live_updates(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    statuses = []
    page.on("response", lambda r: statuses.append((r.url, r.status)))
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", LJ_SHORT.format(steps=5_000_000))
    page.click("#submit-run")
    page.wait_for_selector(".run-progress")
    first = page.get_attribute(".run-progress", "value")
    wait_for(lambda: page.get_attribute(".run-progress", "value") != first, 60, interval=0.2,
             message="a live update to re-render the fragment")  # fmt: skip
    page.click(".cancel-run")
    page.wait_for_selector(".run-status:has-text('cancelled')", timeout=30_000)
    assert not [s for u, s in statuses if "/cancel/" in u and s == 403], statuses


def test_a_run_from_another_tab_appears_on_the_open_project_page(server, browser, real_passwords):
    project, m = project_with_roles()
    watcher = browser.new_page()
    errors = []
    watcher.on("console", lambda msg: errors.append(msg.text) if "oobErrorNoTarget" in msg.text else None)
    login(watcher, server, "owner", "pw-owner")
    watcher.goto(f"{server}/projects/{project.pk}/")
    watcher.wait_for_selector("#runs-body")
    other = browser.new_context().new_page()
    login(other, server, "owner", "pw-owner")
    other.goto(f"{server}/projects/{project.pk}/")
    other.fill("#id_title", "from the other tab")
    other.fill("#id_script", LJ_SHORT.format(steps=100))
    other.click("#submit-run")
    watcher.wait_for_selector("#runs-body tr:has-text('from the other tab')", timeout=30_000)
    watcher.wait_for_selector("#runs-body tr:has-text('from the other tab') .s-succeeded", timeout=60_000)
    assert watcher.locator("#runs-body tr[id^=run-row-]").count() == 1


def test_viewers_get_no_run_buttons_and_code_is_coloured(server, browser, real_passwords):
    from assistant.models import Conversation, Message

    project, m = project_with_roles(viewer="viewer")
    conv = Conversation.objects.create(project=project, created_by=m["owner"], title="t")
    Message.objects.create(conversation=conv, role="assistant", status="done",
                           content="```lammps\nunits lj\nfix 1 all nvt temp 1.0 1.0 0.5\n```")  # fmt: skip
    page = browser.new_page()
    login(page, server, "viewer", "pw-viewer")
    page.goto(f"{server}/chat/{conv.pk}/")
    page.wait_for_selector("pre.code")
    assert not page.locator(".run-block").first.is_visible()
    keyword = page.locator("pre.code span").first
    colour = keyword.evaluate("e => getComputedStyle(e).color")
    text = page.locator("pre.code").evaluate("e => getComputedStyle(e).color")
    assert colour != text, "highlighted spans must be coloured"


def test_a_rejected_run_page_says_what_happened_once(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", LJ_SHORT.format(steps=100) + "shell ls\n")
    page.click("#submit-run")
    page.wait_for_selector("#diagnosis", timeout=60_000)
    meta = page.inner_text("p.meta")
    assert "rejected before it ran" in meta and "wall" not in meta and "atoms" not in meta
    assert page.locator("#thermo-card").count() == 0
    body = page.inner_text("main")
    assert body.count("is not allowed: it runs programs on the server") == 1
    page.click("#reproducibility summary") if page.locator("#reproducibility").count() else None
    assert "/tmp/" not in body and str(settings_runs_dir()) not in body
    shot(page, "20-rejected-run")


def settings_runs_dir():
    from django.conf import settings

    return settings.MDWEB_RUNS_DIR


def test_the_log_opens_at_its_end_and_reproducibility_is_a_table(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", LJ_SHORT.format(steps=2000).replace("thermo 100", "thermo 10"))
    page.click("#submit-run")
    page.wait_for_selector(".run-status:has-text('succeeded')", timeout=90_000)
    page.wait_for_selector("#checks", timeout=30_000)
    page.click("details.log-tail summary")
    at_end = page.locator("pre.log").evaluate("e => e.scrollTop + e.clientHeight >= e.scrollHeight - 2")
    assert at_end
    page.click("#reproducibility summary")
    rows = page.inner_text("#reproducibility table")
    assert "Script SHA-256" in rows and "Random seeds" in rows and "87287" in rows
    assert "lammps/lmp" not in rows and "/work" not in rows


def test_phone_layout_fits_the_screen(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)
                            .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert width <= 390, (width, wide)
    section = page.locator("main .grid-2 > section").bounding_box()
    aside = page.locator("main .grid-2 > aside").bounding_box()
    assert aside["y"] >= section["y"] + section["height"] - 1, "the grid must stack on a phone"
    shot(page, "21-phone-project")


def test_big_script_is_refused_in_the_form_and_nothing_is_lost(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    big = "# " + "x" * (5 * 1024 * 1024)
    page.evaluate("t => document.querySelector('#id_script').value = t", big)
    page.click("#submit-run")
    page.wait_for_selector(".size-error")
    assert "the limit is 1,000,000" in page.inner_text(".size-error")
    assert len(page.input_value("#id_script")) == len(big)  # what was typed is still there
    assert not [u for u in requests if "/runs/new/" in u]


def test_every_page_has_a_favicon_and_no_missing_files(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    login(page, server, "owner", "pw-owner")
    for path in ["/", f"/projects/{project.pk}/", "/benchmarks/"]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert not missing, missing
    assert page.locator("link[rel=icon]").count() == 1


def test_benchmarks_page_shows_the_committed_results(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page()
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/benchmarks/")
    table = page.inner_text("#committed-results")
    assert re.search(r"evalbench-suite-code-qwen-loop\.json", table)
