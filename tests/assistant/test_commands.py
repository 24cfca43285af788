"""`manage.py agent` and `manage.py ask`: the CLI contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def manage(*args, env=None):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})  # fmt: skip


def test_agent_json_contract_without_a_model():
    proc = manage("agent", "NVT Lennard-Jones liquid of 500 atoms at T*=1.2, density 0.8442, 1000 steps", "--no-model",
                  "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["status"] == "succeeded" and out["final_script"].count("run") >= 1
    attempt = out["attempts"][0]
    assert set(attempt) >= {"script", "status", "error", "checks"}
    assert out["run"]["status"] == "succeeded" and out["run"]["natoms"] == 500


def test_agent_asks_only_when_nothing_reasonable_can_be_chosen():
    proc = manage("agent", "Run an NVT simulation of the system in mybox.data", "--no-model", "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["status"] == "needs_input" and "mybox.data" in out["questions"][0]


def test_ask_json_contract_without_a_model():
    proc = manage("ask", "What does the LAMMPS error 'Lost atoms' usually indicate?", "--choices",
                  "a missing potential file", "atoms moved too far in one step", "an unknown command", "--no-model",
                  "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["choice"] == 1 and out["sources"] and out["answer"]


def test_model_server_down_is_reported():
    proc = manage("ask", "What is NVT?", env={"MDWEB_LLM_BASE_URL": "http://127.0.0.1:9/v1", "MDWEB_LLM_RETRIES": "0"})
    assert proc.returncode == 3 and "not reachable" in proc.stderr


@pytest.mark.slow
def test_agent_with_the_embedded_model(model_server):
    proc = manage("agent", "NVE run of 256 Lennard-Jones atoms, fcc density 0.8442, T*=1.0, 300 steps", "--json",
                  env={"MDWEB_LLM_BASE_URL": model_server.base_url})  # fmt: skip
    out = json.loads(proc.stdout)
    assert out["status"] == "succeeded", proc.stderr[-2000:]
    # The builder covers this request, so it drafts first and the model is not needed.
    assert [a["strategy"] for a in out["attempts"]] == ["template"]
    assert out["author"] == "the deterministic builder"


@pytest.mark.slow
def test_agent_can_start_from_the_models_draft(model_server):
    proc = manage("agent", "NVE run of 256 Lennard-Jones atoms, fcc density 0.8442, T*=1.0, 300 steps", "--json",
                  "--first", "model", "--max-attempts", "1", "--wall-s", "20",
                  env={"MDWEB_LLM_BASE_URL": model_server.base_url})  # fmt: skip
    out = json.loads(proc.stdout)
    assert [a["strategy"] for a in out["attempts"]] == ["model"], proc.stderr[-2000:]
    run = out["attempts"][0]["run"] or {}
    assert run.get("wall_s", 0) < 30  # a draft that runs long is stopped at --wall-s


def test_agent_states_the_defaults_it_assumed():
    proc = manage("agent", "Run a short molecular dynamics simulation of copper.", "--no-model")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "assumed: potential Cu_u3.eam (eam, covers Cu)" in proc.stdout
    assert "assumed: room temperature, 300 K" in proc.stdout
    assert "pair_coeff      1 1 Cu_u3.eam" in proc.stdout
