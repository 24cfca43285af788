"""The script editor checks as you type and applies the validator's suggested fix."""

from __future__ import annotations

import pytest

from tests.simulations.factories import LJ_SHORT, project_with_roles

from .conftest import login

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_check_as_you_type_and_apply_the_fix(server, browser, real_passwords):
    project, m = project_with_roles()
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    login(page, server, "owner", "pw-owner")
    page.goto(f"{server}/projects/{project.pk}/")
    page.fill("#id_script", LJ_SHORT.format(steps=100).replace("fix 1 all nvt", "fix 1 all nvtt"))
    page.wait_for_selector(".errors-list li[data-line='11']", timeout=20_000)
    assert "unknown fix style 'nvtt'" in page.inner_text("#editor-check")
    page.click(".apply-fix")
    page.wait_for_selector(".check-ok", timeout=20_000)
    assert "fix 1 all nvt temp" in page.input_value("#id_script")
