"""The RQ job behind a training run started from the staff page (queue "training", its own
worker: a run of LAMMPS never waits behind hours of training)."""

from __future__ import annotations

import logging
import time
import traceback

from django.db import close_old_connections

from . import services
from .config import LoraSettings, TrainConfig
from .models import TrainingRun

log = logging.getLogger(__name__)
SAVE_EVERY_S = 5.0


def _config(data: dict) -> TrainConfig:
    data = {k: v for k, v in data.items() if k != "init_adapter"}
    lora = LoraSettings(**data.pop("lora", {}))
    return TrainConfig(**data, lora=lora)


def run_training(run_id: int, echo=None) -> str:
    from .runs import new_folder

    close_old_connections()
    run = TrainingRun.objects.select_related("dataset").get(pk=run_id)
    config = _config(run.config)
    run.status = TrainingRun.Status.RUNNING
    run.folder = str(new_folder(config.kind, config.adapter, run.pk))
    run.save(update_fields=["status", "folder"])
    last_save = [0.0]

    def on_metrics(row: dict) -> None:
        run.metrics.append(row)
        if echo:
            echo(row)
        services.publish_metrics(run.pk, row)
        if time.monotonic() - last_save[0] > SAVE_EVERY_S:
            TrainingRun.objects.filter(pk=run.pk).update(metrics=run.metrics)
            last_save[0] = time.monotonic()

    try:
        manifest = run.dataset.manifest
        if config.kind == "grpo":
            from .grpo import train as grpo_train

            init = run.config.get("init_adapter") or None
            summary = grpo_train(config, manifest, run.folder, on_metrics=on_metrics, init_adapter=init)
        else:
            from .sft import train

            summary = train(config, manifest, run.folder, on_metrics=on_metrics)
        services.finish(run, status=TrainingRun.Status.SUCCEEDED, summary=summary)
    except Exception as exc:
        log.exception("training run %s failed", run_id)
        services.finish(run, status=TrainingRun.Status.FAILED, error=f"{exc}\n\n{traceback.format_exc()[-3000:]}")
    return run.status
