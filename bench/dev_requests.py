"""Run a dev set of requests (`evalbench/dev/requests2.jsonl` or `requests3.jsonl`, users' words with
what an expert expects) through the deterministic builder and real LAMMPS, and compare the plan with the
expectations: elements, temperatures, ensemble, atoms and steps. A tuning tool for the request reader,
plan and builder (never point it at a held-out set).

    .venv/bin/python bench/dev_requests.py [--set requests3] [--ids dev2-001,dev2-007] [--out bench/results/dev2-builder.json]

Resumes from OUT.partial.jsonl. Writes one row per request: status, failed checks, plan vs expected.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.agent.loop import run_agent  # noqa: E402

DEV = ROOT / "evalbench" / "dev"


def mismatches(expected: dict, plan: dict, natoms: int | None) -> list[str]:
    """Where the plan contradicts what the dev set's expert expects."""
    out = []
    want = sorted(expected.get("elements") or [])
    if want and sorted(set(plan.get("elements") or [])) != want:
        out.append(f"elements {plan.get('elements')} != {want}")
    temps = expected.get("temperatures_K") or []
    have = [plan.get("temperature"), plan.get("temperature_end"), *(plan.get("extra") or {}).get("temperatures", [])]
    for t in temps:
        if not any(h is not None and abs(h - t) < 1 for h in have):
            out.append(f"temperature {t} K not in plan {have}")
    ens = (expected.get("ensemble") or "").lower()
    if ens and ens not in (plan.get("ensemble") or "").lower():
        out.append(f"ensemble {plan.get('ensemble')} != {ens}")
    n = expected.get("natoms")
    if n and natoms and not 0.8 * n <= natoms <= 1.25 * n:
        out.append(f"natoms {natoms} != ~{n}")
    steps = expected.get("steps")
    if steps and plan.get("steps") and plan["steps"] + plan.get("hold_steps", 0) < 0.8 * steps:
        out.append(f"steps {plan['steps']} < {steps}")
    return out


def run_one(row: dict, wall_s: float) -> dict:
    start = time.monotonic()
    result = run_agent(row["request"], llm=None, max_attempts=2, run_wall_s=wall_s)
    run = result.run or {}
    plan = result.spec or {}
    return {
        "id": row["id"],
        "request": row["request"],
        "status": result.status,
        "template": plan.get("template"),
        "failed_checks": [c["name"] + ": " + c.get("message", "") for c in result.checks if not c.get("passed")],
        "error": (run.get("error") or {}).get("message") if run else None,
        "mismatches": mismatches(row, plan, run.get("natoms")),
        "assumptions": result.assumptions,
        "questions": result.questions,
        "natoms": run.get("natoms"),
        "wall_s": round(time.monotonic() - start, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="requests2", help="a file in evalbench/dev/ (without .jsonl)")
    parser.add_argument("--ids", default="")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dev2-builder.json"))
    parser.add_argument("--wall", type=float, default=300)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (DEV / f"{args.set}.jsonl").read_text().splitlines() if line.strip()]
    if args.ids:
        keep = set(args.ids.split(","))
        rows = [r for r in rows if r["id"] in keep]
    partial = Path(args.out + ".partial.jsonl")
    done = {}
    if partial.exists():
        done = {json.loads(line)["id"]: json.loads(line) for line in partial.read_text().splitlines() if line.strip()}
    with partial.open("a") as sink:
        for row in rows:
            if row["id"] in done:
                continue
            out = run_one(row, args.wall)
            done[row["id"]] = out
            sink.write(json.dumps(out) + "\n")
            sink.flush()
            print(out["id"], out["status"], out["template"], out["failed_checks"], out["mismatches"], flush=True)
    results = [done[r["id"]] for r in rows if r["id"] in done]
    summary = {
        "requests": len(results),
        "succeeded": sum(r["status"] == "succeeded" for r in results),
        "needs_input": sum(r["status"] == "needs_input" for r in results),
        "plan_mismatches": sum(bool(r["mismatches"]) for r in results),
    }
    Path(args.out).write_text(json.dumps({"summary": summary, "results": results}, indent=1))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
