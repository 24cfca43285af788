"""The assistant on MD-EvalBench tasks: loop vs one-shot, Q&A accuracy, model speed.

    python bench/agent_bench.py --base-url http://127.0.0.1:8091/v1 --label smollm2 [--tasks FILE]

Writes bench/results/agent-LABEL.json. Checks are evaluated from the script and the run
(assistant/agent/evaluate.py), never from what the model says.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")

from assistant.knowledge import ask  # noqa: E402
from assistant.llm import LLM, LLMConfig  # noqa: E402
from evalbench.runner import run_code  # noqa: E402


class Timed(LLM):
    """Records time to first token and tokens/s of every completion."""

    def __init__(self, config):
        super().__init__(config)
        self.samples = []

    def complete(self, *args, **kwargs):
        c = super().complete(*args, **kwargs)
        self.samples.append({"first_token_s": c.first_token_s, "tokens": c.tokens, "tokens_per_s": c.tokens_per_s})
        return c


def code_task(task, llm, mode, max_attempts):
    return run_code(task, llm=llm, mode=mode, max_attempts=max_attempts)


def summary(rows):
    n = len(rows)
    return {
        "tasks": n,
        "executed_first_attempt": sum(r["executed_first"] for r in rows),
        "executed_after_repair": sum(r["executed"] for r in rows),
        "passed_all_checks": sum(r["passed"] for r in rows),
        "passed_by_model_alone": sum(r["passed"] and "template" not in r["strategies"] for r in rows),
        "mean_attempts": round(statistics.fmean(r["attempts"] for r in rows), 2) if rows else None,
        "mean_wall_s": round(statistics.fmean(r["wall_s"] for r in rows), 1) if rows else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=str(ROOT / "evalbench" / "tasks" / "public.jsonl"))
    ap.add_argument("--base-url", default=os.environ.get("MDWEB_LLM_BASE_URL", "http://127.0.0.1:8091/v1"))
    ap.add_argument("--label", required=True)
    ap.add_argument("--max-attempts", type=int, default=4)
    args = ap.parse_args()
    import django

    django.setup()
    llm = Timed(LLMConfig(base_url=args.base_url, timeout_s=600))
    tasks = [json.loads(line) for line in open(args.tasks) if line.strip()]
    out = {"label": args.label, "base_url": args.base_url, "date": datetime.now(UTC).isoformat(timespec="seconds"),
           "models": llm.health().get("models"), "tasks_file": args.tasks}  # fmt: skip
    for mode in ("oneshot", "loop"):
        rows = []
        for t in [t for t in tasks if t["kind"] == "code"]:
            rows.append(code_task(t, llm, mode, args.max_attempts))
            print(mode, rows[-1]["id"], rows[-1]["status"], rows[-1]["strategies"], rows[-1]["passed"], flush=True)
        out[mode] = {"summary": summary(rows), "tasks": rows}
    qa = []
    for t in [t for t in tasks if t["kind"] == "qa"]:
        a = ask(t["question"], t["choices"], llm=llm)
        qa.append({"id": t["id"], "choice": a.choice, "answer": t["answer"], "correct": a.choice == t["answer"],
                   "method": a.method})  # fmt: skip
    out["qa"] = {"items": len(qa), "accuracy": round(sum(q["correct"] for q in qa) / max(1, len(qa)), 3),
                 "answered_by_model": sum(q["method"] == "model" for q in qa), "items_detail": qa}  # fmt: skip
    speeds = [s for s in llm.samples if s["tokens_per_s"]]
    out["speed"] = {
        "completions": len(llm.samples),
        "median_first_token_s": round(statistics.median(s["first_token_s"] for s in speeds), 3) if speeds else None,
        "median_tokens_per_s": round(statistics.median(s["tokens_per_s"] for s in speeds), 1) if speeds else None,
    }
    path = ROOT / "bench" / "results" / f"agent-{args.label}.json"
    path.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(
        json.dumps(
            {k: out[k]["summary"] for k in ("oneshot", "loop")} | {"qa": out["qa"]["accuracy"], "speed": out["speed"]},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
