"""The throw-away Redis the test run and `manage.py up` start, and its shutdown."""

from __future__ import annotations

from mdweb import redis_server


def test_shutdown_stops_the_server_at_the_url_whoever_started_it(tmp_path):
    port = redis_server.free_port()
    proc = redis_server.start(port, tmp_path / "redis")
    url = f"redis://127.0.0.1:{port}/0"
    try:
        assert redis_server.ping(url)
        redis_server.shutdown(url)
        assert proc.wait(timeout=10) is not None
        assert not redis_server.ping(url)
        redis_server.shutdown(url)  # nothing answers any more: no error
    finally:
        proc.kill()
