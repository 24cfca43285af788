"""Benchmark results committed to the repository (bench/results/*.json), shown on the benchmarks
page so that a fresh install shows the numbers the README quotes."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

RESULTS = Path(settings.BASE_DIR) / "bench" / "results"


def committed_results() -> list[dict]:
    rows = []
    for path in sorted(RESULTS.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        summary = data.get("summary") if isinstance(data, dict) else None
        if not isinstance(summary, dict):
            continue
        by_model = summary.get("passed_by_model", summary.get("passed_without_builder"))
        rows.append({"file": path.name, **summary, "by_model": by_model})
    return rows
