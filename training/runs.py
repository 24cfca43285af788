"""One training run's folder: the config it ran with, metrics.jsonl (one line per logged step),
the PEFT adapter, its GGUF conversion and summary.json. The trainers report through a
`MetricsLog`, which also calls back (the Django job forwards each line to the staff page)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "var" / "training" / "runs"
ADAPTERS = ROOT / "var" / "training" / "adapters"  # the GGUF adapters the model server loads


class MetricsLog:
    def __init__(self, folder: Path, on_metrics: Callable[[dict], None] | None = None) -> None:
        self.path = Path(folder) / "metrics.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.on_metrics = on_metrics
        self.started = time.monotonic()
        self.rows: list[dict] = []

    def log(self, row: dict) -> None:
        row = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
        row.setdefault("elapsed_s", round(time.monotonic() - self.started, 2))
        self.rows.append(row)
        with open(self.path, "a") as fh:
            fh.write(json.dumps(row) + "\n")
        if self.on_metrics:
            self.on_metrics(row)


def trainer_callback(log: MetricsLog):
    """A transformers TrainerCallback that forwards every logged dict (loss, reward, kl, ...)."""
    from transformers import TrainerCallback

    class Forward(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs:
                log.log({"step": state.global_step, **{k: v for k, v in logs.items() if isinstance(v, int | float)}})

    return Forward()


def new_folder(kind: str, adapter: str, run_id: int | str | None = None) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = f"-{run_id}" if run_id is not None else ""
    folder = RUNS / f"{stamp}-{kind}-{adapter}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_summary(folder: Path, summary: dict) -> dict:
    (Path(folder) / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary
