"""`manage.py up` keeps its web server and workers running: real child processes that die are
restarted with backoff, and the state /health/ shows is written."""

from __future__ import annotations

import json
import sys

from mdweb.supervisor import Supervisor, read_state
from tests.conftest import wait_for


def test_a_dead_child_is_restarted_with_backoff_and_logged(tmp_path):
    logs = []
    sup = Supervisor(tmp_path / "state.json", log=logs.append)
    dies = sup.add("worker-1", [sys.executable, "-c", "import time; time.sleep(0.2)"], {}, tmp_path)
    lives = sup.add("web", [sys.executable, "-c", "import time; time.sleep(60)"], {}, tmp_path)
    try:
        first_pid = dies.proc.pid
        wait_for(lambda: sup.check() or dies.restarts >= 2, 20, interval=0.05, message="two restarts")
        assert dies.proc.pid != first_pid and lives.restarts == 0
        assert any("worker-1: exited with status 0; restarting in 1 s" in m for m in logs)
        assert any("restarting in 2 s" in m for m in logs)  # the backoff doubled
        state = read_state(tmp_path / "state.json")
        assert state["children"]["worker-1"]["restarts"] >= 2 and state["children"]["web"]["alive"]
    finally:
        sup.stop()
    assert not (tmp_path / "state.json").exists()
    assert dies.proc.poll() is not None and lives.proc.poll() is not None


def test_state_of_a_supervisor_that_is_gone_is_ignored(tmp_path):
    (tmp_path / "state.json").write_text(json.dumps({"pid": 999999, "children": {}}))
    assert read_state(tmp_path / "state.json") is None
