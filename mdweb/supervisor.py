"""Keep `manage.py up`'s child processes running: a child that exits is restarted with
exponential backoff (1 s, 2 s, 4 s ... 60 s; reset after a minute of good health), each restart is
logged, and the state is written to var/supervisor.json, which /health/ shows in the page header.
Plain Python (no Django)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_BACKOFF_S = 60.0
HEALTHY_AFTER_S = 60.0


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    env: dict
    cwd: Path | None = None
    proc: subprocess.Popen | None = None
    restarts: int = 0
    backoff_s: float = 1.0
    restart_at: float | None = None
    started_at: float = 0.0
    last_exit: int | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(list(self.argv), env=self.env, cwd=self.cwd)
        self.started_at = time.monotonic()
        self.restart_at = None

    def to_dict(self) -> dict:
        alive = self.proc is not None and self.proc.poll() is None
        return {"pid": self.proc.pid if alive else None, "alive": alive, "restarts": self.restarts,
                "last_exit": self.last_exit, "restart_in_s": round(self.restart_at - time.monotonic(), 1)
                if self.restart_at else None}  # fmt: skip


@dataclass
class Supervisor:
    state_file: Path
    log: Callable[[str], None] = print
    children: list[Child] = field(default_factory=list)

    def add(self, name: str, argv: Sequence[str], env: dict, cwd: Path | None = None) -> Child:
        child = Child(name, argv, env, cwd)
        child.start()
        self.children.append(child)
        self.write_state()
        return child

    def check(self) -> None:
        """One pass: note exits, restart those whose backoff has passed."""
        now = time.monotonic()
        changed = False
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    child.start()
                    self.log(f"{child.name}: restarted (restart #{child.restarts})")
                    changed = True
                continue
            code = child.proc.poll() if child.proc else 0
            if code is None:
                if now - child.started_at > HEALTHY_AFTER_S:
                    child.backoff_s = 1.0
                continue
            child.last_exit = code
            child.restart_at = now + child.backoff_s
            self.log(f"{child.name}: exited with status {code}; restarting in {child.backoff_s:g} s")
            child.backoff_s = min(MAX_BACKOFF_S, child.backoff_s * 2)
            changed = True
        if changed:
            self.write_state()

    def write_state(self) -> None:
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({"pid": os.getpid(), "children": {c.name: c.to_dict() for c in self.children}}))
            tmp.replace(self.state_file)
        except OSError:
            pass

    def stop(self, timeout_s: float = 10.0) -> None:
        for child in reversed(self.children):
            if child.proc and child.proc.poll() is None:
                child.proc.terminate()
        deadline = time.monotonic() + timeout_s
        for child in self.children:
            if child.proc:
                try:
                    child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.proc.kill()
        try:
            self.state_file.unlink()
        except OSError:
            pass


def read_state(state_file: Path) -> dict | None:
    """What the supervisor last wrote (None when no supervisor runs here)."""
    try:
        data = json.loads(state_file.read_text())
    except (OSError, ValueError):
        return None
    try:
        os.kill(int(data.get("pid", 0)), 0)
    except (OSError, ValueError):
        return None
    return data
