"""The benchmark results page: runs by backend/model/mode/date, charts, and each task's attempts."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .committed import committed_results
from .models import BenchmarkRun


@login_required
def runs(request):
    items = BenchmarkRun.objects.all()[:200]
    # loop vs one-shot: the latest run of each mode per (tasks file, model)
    pairs = defaultdict(dict)
    for r in items:
        pairs[(r.tasks_file, r.model)].setdefault(r.mode, r)
    compare = [{"tasks_file": k[0], "model": k[1],
                "oneshot": v["oneshot"].summary.get("passed_all_checks") if "oneshot" in v else None,
                "loop": v["loop"].summary.get("passed_all_checks") if "loop" in v else None,
                "code_tasks": next(iter(v.values())).summary.get("code_tasks")} for k, v in pairs.items()]  # fmt: skip
    charts = [{"title": f"{k[1]} on {k[0].rsplit('/', 1)[-1]}", **by_category(v["oneshot"], v["loop"])}
              for k, v in pairs.items() if {"oneshot", "loop"} <= set(v)]  # fmt: skip
    return render(request, "evalbench/runs.html", {"runs": items, "compare": compare, "charts": charts,
                                                   "committed": committed_results()})  # fmt: skip


def by_category(oneshot: BenchmarkRun, loop: BenchmarkRun) -> dict:
    """Code-task pass rate per category for a one-shot and a loop run of the same tasks."""
    rates = {}
    for mode, bench in (("oneshot", oneshot), ("loop", loop)):
        tally = defaultdict(lambda: [0, 0])
        for r in bench.results.filter(kind="code"):
            tally[r.category][0] += r.passed
            tally[r.category][1] += 1
        rates[mode] = tally
    categories = sorted(set(rates["oneshot"]) | set(rates["loop"]))

    def rate(t, c):
        return round(t[c][0] / t[c][1], 3) if t[c][1] else None

    return {"categories": categories, "oneshot": [rate(rates["oneshot"], c) for c in categories],
            "loop": [rate(rates["loop"], c) for c in categories]}  # fmt: skip


@login_required
def run_detail(request, bench_id):
    bench = get_object_or_404(BenchmarkRun, pk=bench_id)
    results = list(bench.results.all())
    by_cat = defaultdict(lambda: [0, 0])
    for r in results:
        by_cat[r.category][0] += r.passed
        by_cat[r.category][1] += 1
    categories = sorted(by_cat)
    chart = {
        "categories": categories,
        "pass_rate": [round(by_cat[c][0] / by_cat[c][1], 3) for c in categories],
        "attempts": sorted(Counter(r.attempts for r in results if r.kind == "code").items()),
    }
    return render(request, "evalbench/run.html", {"bench": bench, "results": results, "chart": chart})


@login_required
def task_detail(request, bench_id, task_id):
    bench = get_object_or_404(BenchmarkRun, pk=bench_id)
    result = get_object_or_404(bench.results, task_id=task_id)
    return render(request, "evalbench/task.html", {"bench": bench, "r": result})
