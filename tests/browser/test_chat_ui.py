"""The chat in a real browser: ask for an LJ NVT simulation, watch the reply stream in, run the
script from the conversation and see its plot. Real model (SmolLM2 from PyPI), worker, LAMMPS."""

from __future__ import annotations

import pytest

from tests.simulations.factories import project_with_roles

from .conftest import login, shot, start_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_chat_builds_and_runs_a_simulation(app_env, redis_conn, model_server, browser, tmp_path, real_passwords):
    project, m = project_with_roles()
    base, proc, workers = start_server({**app_env, "MDWEB_LLM_BASE_URL": model_server.base_url}, tmp_path)
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        login(page, base, "owner", "pw-owner")
        page.goto(f"{base}/projects/{project.pk}/")
        page.click("#assistant-link")
        page.click("#new-conversation")
        page.wait_for_selector("#chat-input")
        page.wait_for_selector("#model-health.ok", timeout=30_000)
        assert "base model, no adapters" in page.inner_text("#model-health")  # the suite's server loads none
        page.fill("#chat-input", "Simulate a Lennard-Jones liquid of 500 atoms (fcc, density 0.8442) with a "
                                 "Nose-Hoover thermostat at T*=1.5 for 2000 steps.")  # fmt: skip
        page.click("#chat-send")
        reply = page.locator(".msg-assistant").last
        page.wait_for_selector(".msg-assistant .typing", timeout=30_000)
        lengths = []

        def growing():
            lengths.append(len(reply.inner_text()))
            return len(set(lengths)) >= 3

        from tests.conftest import wait_for

        wait_for(growing, 120, interval=0.1, message="the reply to stream in")
        shot(page, "10-chat-streaming")
        page.wait_for_selector(".msg-assistant[data-status='done']", timeout=300_000)
        text = reply.inner_text()
        assert "SUCCEEDED" in text and "Final script" in text
        shot(page, "11-chat-done")
        # The verification run is a project run, shown inline: no "Run block" needed to get it.
        page.wait_for_selector(".run-inline .s-succeeded", timeout=30_000)
        page.wait_for_selector(".mini-plot .main-svg", timeout=30_000)  # the plot, inline in the chat
        assert int(page.get_attribute(".mini-plot", "data-points")) > 10
        from simulations.models import Run

        assert Run.objects.filter(project=project, source="assistant", status="succeeded").count() == 1
        shot(page, "12-chat-inline-plot")
        page.click(".inline-run-link")
        page.wait_for_selector("#checks", timeout=30_000)
        page.wait_for_selector("#thermo-plot .main-svg", timeout=20_000)
        assert int(page.get_attribute("#thermo-plot", "data-points")) > 20
        shot(page, "13-chat-run-plot")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        workers.stop_all()
