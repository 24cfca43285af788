"""Every page in a real browser: axe-core (npm, injected from node_modules) finds no serious or
critical accessibility violations, in light and dark mode; desktop and phone screenshots of
each page go to var/screenshots/ (looked at by a person, not compared by the test)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.simulations.factories import LJ_SHORT, project_with_roles, user

from .conftest import SHOTS, login

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]  # fmt: skip


def pages(server, project, run_ok, run_bad, conv) -> dict[str, str]:
    return {
        "projects": "/", "project": f"/projects/{project.pk}/", "run-succeeded": f"/runs/{run_ok}/",
        "run-failed": f"/runs/{run_bad}/", "members": f"/projects/{project.pk}/members/",
        "compare": f"/projects/{project.pk}/compare/", "chats": f"/projects/{project.pk}/chat/",
        "chat": f"/chat/{conv}/", "rerun": f"/runs/{run_ok}/rerun/", "benchmarks": "/benchmarks/",
        "review": "/review/", "review-run": f"/review/{run_bad}/", "invitations": "/invitations/",
    }  # fmt: skip


def test_no_serious_accessibility_violations_on_any_page(server, browser, workers, real_passwords):
    from assistant.models import Conversation, Message
    from simulations import services

    project, m = project_with_roles()
    staff = user("staff", is_staff=True)
    from simulations.models import Membership

    Membership.objects.create(project=project, user=staff, role="owner")
    ok = services.submit(project, staff, LJ_SHORT.format(steps=200), title="LJ liquid")
    bad = services.submit(project, staff, LJ_SHORT.format(steps=200).replace("pair_coeff 1 1 1.0 1.0\n", ""),
                          title="forgot pair_coeff")  # fmt: skip
    conv = Conversation.objects.create(project=project, created_by=staff, title="LJ")
    Message.objects.create(conversation=conv, role="user", author=staff, content="LJ liquid please")
    Message.objects.create(conversation=conv, role="assistant", status="done",
                           content="Here:\n```lammps\nunits lj\nfix 1 all nve\nrun 10\n```")  # fmt: skip
    from simulations.models import Run
    from tests.conftest import wait_for

    wait_for(lambda: Run.objects.filter(status__in=["succeeded", "failed"]).count() == 2, 90, message="both runs")
    found = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for device, viewport in (("desktop", {"width": 1400, "height": 900}), ("phone", {"width": 390, "height": 844})):
            context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=device == "phone")
            page = context.new_page()
            login(page, server, "staff", "pw-staff")
            for name, path in pages(server, project, ok.pk, bad.pk, conv.pk).items():
                page.goto(server + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(SHOTS / f"a11y-{name}-{device}-{scheme}.png"), full_page=True)
                if device == "desktop":
                    bad_ones = violations(page)
                    if bad_ones:
                        found[f"{name} ({scheme})"] = bad_ones
            page.goto(server + "/accounts/logout/") if False else None
            context.close()
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(server + "/accounts/login/")
    login_violations = violations(page)
    assert not login_violations, login_violations
    import json

    assert not found, json.dumps(found, indent=1)
