"""Fixtures shared by the whole suite: the real LAMMPS installation and fresh run directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulations.engine import Limits, PotentialLibrary, catalogue, find_installation, run_script

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def inst():
    return find_installation()


@pytest.fixture(scope="session")
def cat():
    return catalogue()


@pytest.fixture(scope="session")
def library(inst):
    return PotentialLibrary(inst.potentials_dir)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def run(tmp_path):
    """Run a script for real in a fresh directory under tmp_path; returns the RunResult."""
    counter = iter(range(1000))

    def _run(script, *, inputs=None, sandbox="auto", final_dump=False, **limits):
        workdir = tmp_path / f"run{next(counter)}"
        lim = Limits().replace(**{"wall_s": 60.0, **limits})
        return run_script(script, workdir=workdir, input_files=inputs, limits=lim, sandbox=sandbox,
                          final_dump=final_dump)  # fmt: skip

    return _run


def tree_digest(root: Path) -> str:
    """Names, modes, owners and contents of everything under root (a marker folder's hash)."""
    import hashlib

    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for name in sorted(filenames) + dirnames:
            path = Path(dirpath) / name
            st = path.lstat()
            h.update(f"{path.relative_to(root)}:{st.st_mode:o}:{st.st_uid}\n".encode())
            if path.is_file() and not path.is_symlink():
                h.update(path.read_bytes())
    return h.hexdigest()


def processes_in(directory: Path) -> list[int]:
    """PIDs whose working directory is inside `directory` (what a leaked LAMMPS would show)."""
    found = []
    directory = str(Path(directory).resolve())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if cwd == directory or cwd.startswith(directory + os.sep):
            found.append(int(entry))
    return found


# ---- the web app: a real Redis, real worker processes -----------------------------------

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlparse, urlunparse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_conn():
    """The suite's private Redis (started by `make test`), emptied for each test."""
    import django_rq

    if not os.environ.get("MDWEB_TEST_REDIS_PORT"):
        pytest.fail("run the suite with `make test` (or `python -m mdweb.testrun`): it starts a private Redis")
    conn = django_rq.get_connection("default")
    conn.flushdb()
    yield conn
    try:
        conn.flushdb()
    except Exception:
        pass


def test_database_url() -> str:
    """A DATABASE_URL for subprocesses that points at the test database of this run."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    base = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(base._replace(path="/" + s["NAME"]))


test_database_url.__test__ = False  # not a test


@pytest.fixture
def app_env(tmp_path, settings):
    """Environment for worker/server subprocesses, and the same settings in this process."""
    runs = tmp_path / "runs"
    media = tmp_path / "media"
    settings.MDWEB_RUNS_DIR = runs
    settings.MEDIA_ROOT = media
    settings.MDWEB_LOST_AFTER_S = 3.0
    settings.MDWEB_HEARTBEAT_S = 0.5
    return {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "MDWEB_RUNS_DIR": str(runs),
        "MEDIA_ROOT": str(media),
        "MDWEB_LOST_AFTER_S": "3",
        "MDWEB_HEARTBEAT_S": "0.5",
        "PYTHONUNBUFFERED": "1",
    }


class Workers:
    """Real `manage.py rqworker` processes, each in its own process group."""

    def __init__(self, env: dict, log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen] = []

    def start(self, n: int = 1) -> list[subprocess.Popen]:
        started = []
        for _ in range(n):
            log = open(self.log_dir / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
            proc = subprocess.Popen(
                [sys.executable, "manage.py", "rqworker", "default", "chat", "--worker-class",
                 "simulations.worker.MDWebWorker"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            self.procs.append(proc)
            started.append(proc)
        return started

    def kill(self, proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def kill_tree(self, proc: subprocess.Popen) -> list[int]:
        """SIGKILL the worker and every process below it (RQ's work horse has its own session)."""
        victims = [proc.pid] + descendants(proc.pid)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=30)
        return victims

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("worker-*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                self.kill(proc)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


@pytest.fixture
def workers(app_env, redis_conn, tmp_path):
    w = Workers(app_env, tmp_path)
    yield w
    w.stop_all()


# ---- the embedded model server ---------------------------------------------------------


@pytest.fixture(scope="session")
def model_server():
    """The real embedded server (llama.cpp via xllamacpp) with SmolLM2-135M, on a free port."""
    from assistant.llm import LLM, LLMConfig
    from mdweb.redis_server import free_port

    port = free_port()
    log = open(ROOT / "var" / f"model-server-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "assistant.modelserver", "--model", "smollm2", "--port", str(port),
                             "--threads", "2", "--no-adapters"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    config = LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", timeout_s=120, retries=1)
    wait_for(lambda: proc.poll() is not None or LLM(config).health()["ok"], 120, interval=0.5, message="model server")
    assert proc.poll() is None, (ROOT / "var" / f"model-server-{port}.log").read_text()[-2000:]
    yield config
    proc.terminate()
    proc.wait(timeout=30)


# ---- WebSockets through the real ASGI application --------------------------------------


def session_cookie(client, who) -> bytes:
    from django.conf import settings as dj_settings

    client.force_login(who)
    return f"{dj_settings.SESSION_COOKIE_NAME}={client.cookies[dj_settings.SESSION_COOKIE_NAME].value}".encode()


async def ws_connect(path, cookie=b"", origin=b"http://127.0.0.1"):
    """Connect to mdweb.asgi.application as a browser would; returns (communicator, connected, close code)."""
    from channels.testing import WebsocketCommunicator

    from mdweb.asgi import application

    headers = [(b"origin", origin), (b"host", b"127.0.0.1")]
    if cookie:
        headers.append((b"cookie", cookie))
    comm = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await comm.connect(timeout=5)
    return comm, connected, code
