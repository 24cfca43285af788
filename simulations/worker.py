"""The RQ worker class: sweeps for lost runs at start and regularly while idle."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connections
from rq.worker import Worker


class MDWebWorker(Worker):
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
        connections.close_all()  # never hand an open connection to a forked work horse
