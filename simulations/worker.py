"""The RQ worker class: runs jobs in-process and sweeps for lost runs.

Jobs run in the worker process itself (RQ's SimpleWorker), not in a forked work horse:
LAMMPS already runs in its own sandboxed process group, so a fork per job buys no
isolation and cost ~0.1 s per run (bench/results/web.json). If the worker dies, LAMMPS
dies with it (PR_SET_PDEATHSIG / bubblewrap --die-with-parent) and the janitor ends the run.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connections
from rq.worker import SimpleWorker


class MDWebWorker(SimpleWorker):
    def work(self, *args, **kwargs):
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(max(1.0, settings.MDWEB_LOST_AFTER_S / 3)):
                _sweep()

        _sweep()
        thread = threading.Thread(target=loop, name="mdweb-janitor", daemon=True)
        thread.start()
        try:
            return super().work(*args, **kwargs)
        finally:
            stop.set()


def _sweep() -> None:
    from .janitor import sweep

    try:
        sweep()
    except Exception:
        pass
    finally:
        connections.close_all()  # this thread's connection; jobs open their own
