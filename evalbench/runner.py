"""MD-EvalBench runner (plain Python): load tasks, run each with the assistant, score every check
from the script and the run itself, summarise. Resumable: finished tasks are appended to
OUT.partial.jsonl as they end and skipped when the same run is started again."""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from assistant.agent.evaluate import KNOWN, evaluate
from assistant.agent.loop import run_agent
from assistant.knowledge import ask


class TaskError(ValueError):
    """A malformed task file: the message names the line and the task."""


def input_files(task: dict, tasks_file: Path) -> dict[str, Path]:
    """Files shipped with a task (`"inputs": ["chain.data"]`), looked up in `inputs/` next to the task file."""
    return {name: Path(tasks_file).parent / "inputs" / name for name in task.get("inputs") or []}


def load_tasks(path: Path) -> list[dict]:
    tasks, seen = [], set()
    for lineno, line in enumerate(Path(path).read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TaskError(f"{path}:{lineno}: not JSON ({exc})") from None
        tid = task.get("id")
        if not tid or tid in seen:
            raise TaskError(f"{path}:{lineno}: missing or duplicate id {tid!r}")
        seen.add(tid)
        kind = task.get("kind")
        if kind == "code":
            if not task.get("prompt") or not isinstance(task.get("checks"), dict):
                raise TaskError(f"{path}:{lineno}: code task {tid} needs 'prompt' and 'checks'")
            unknown = set(task["checks"]) - KNOWN
            if unknown:
                raise TaskError(f"{path}:{lineno}: task {tid} has unknown check(s) {', '.join(sorted(unknown))}; "
                                f"known: {', '.join(sorted(KNOWN))}")  # fmt: skip
            missing = [name for name, p in input_files(task, path).items() if "/" in name or not p.is_file()]
            if missing:
                raise TaskError(f"{path}:{lineno}: task {tid} names input file(s) {', '.join(missing)} that are not in "
                                f"{Path(path).parent / 'inputs'}")  # fmt: skip
            task["_inputs"] = input_files(task, path)
        elif kind == "qa":
            choices = task.get("choices")
            if not task.get("question") or not isinstance(choices, list) or not isinstance(task.get("answer"), int) \
                    or not 0 <= task["answer"] < len(choices):  # fmt: skip
                raise TaskError(f"{path}:{lineno}: qa task {tid} needs 'question', 'choices' and a valid 'answer'")
        else:
            raise TaskError(f"{path}:{lineno}: task {tid} has unknown kind {kind!r} (code or qa)")
        tasks.append(task)
    return tasks


def run_code(task: dict, *, llm, mode: str, max_attempts: int, first: str = "builder") -> dict:
    """Run one task with the assistant and grade its final script from the run itself."""
    started = time.monotonic()
    result = run_agent(task["prompt"], llm=llm, mode=mode, max_attempts=max_attempts, first=first,
                       input_files=task.get("_inputs") or None)  # fmt: skip
    run = result.run
    executed = bool(run and run.get("status") == "succeeded")
    verdicts = [v.to_dict() for v in evaluate(task["checks"], result.final_script, run)] if executed else []
    first = result.attempts[0] if result.attempts else None
    final = next((a for a in result.attempts if a.script == result.final_script), None)
    return {
        "id": task["id"], "kind": "code", "category": task.get("category"), "mode": mode, "status": result.status,
        "near_example": task.get("near_example"), "attempts": len(result.attempts),
        "strategies": [a.strategy for a in result.attempts],
        "author": final.strategy if final else None,  # model | model-repair | fix | template
        "origin": final.origin if final else None,  # whose draft the final script descends from: model | builder
        "needs_input": result.status == "needs_input", "questions": result.questions,
        "executed_first": bool(first and first.ran),
        "executed": executed, "passed": executed and all(v["passed"] for v in verdicts), "checks": verdicts,
        "agent_checks": result.checks, "agent_status": result.status,
        "wall_s": round(time.monotonic() - started, 2), "script": result.final_script,
        "workdir": (run or {}).get("workdir"),
        "assumptions": result.assumptions,
        "attempt_log": [{"strategy": a.strategy, "status": a.status, "error": a.error, "diff": a.diff,
                         "failed_checks": [c["name"] for c in a.checks if not c["passed"]]}
                        for a in result.attempts],
    }  # fmt: skip


def run_qa(task: dict, *, llm, retrieval: bool = True) -> dict:
    started = time.monotonic()
    answer = ask(task["question"], task["choices"], llm=llm, retrieval=retrieval)
    return {"id": task["id"], "kind": "qa", "category": task.get("category"), "choice": answer.choice, "answer": task["answer"],
            "correct": answer.choice == task["answer"], "method": answer.method, "picks": answer.picks,
            "retrieved": [src["source"] for src in answer.sources], "source": task.get("source"),
            "wall_s": round(time.monotonic() - started, 2)}  # fmt: skip


def _origin(row: dict) -> str | None:
    """model | builder | builder+model (the model repaired the builder's script); older files lack origin."""
    author = row.get("author")
    if author is None:
        return None
    origin = row.get("origin") or ("builder" if author == "template" else "model")
    return "builder+model" if origin == "builder" and author == "model-repair" else origin


def _code_summary(code: list[dict]) -> dict:
    n = len(code)
    by_model = [r for r in code if _origin(r) == "model"]
    return {
        "code_tasks": n,
        "executed_first_attempt": sum(r["executed_first"] for r in code),
        "executed_after_repair": sum(r["executed"] for r in code),
        "passed_all_checks": sum(r["passed"] for r in code),
        # by whose draft the final script is: the model's (possibly after a deterministic fix), the builder's
        # (likewise), or the builder's repaired by the model
        "passed_by_model": sum(r["passed"] for r in by_model),
        "passed_by_builder": sum(r["passed"] and _origin(r) == "builder" for r in code),
        "passed_by_model_repairing_builder": sum(r["passed"] and _origin(r) == "builder+model" for r in code),
        "executed_by_model": sum(r["executed"] for r in by_model),
        "needs_input": sum(bool(r.get("needs_input")) for r in code),
        "no_script": sum(not r.get("script") for r in code),
        "mean_attempts": round(statistics.fmean(r["attempts"] for r in code), 2) if code else None,
        "mean_wall_s": round(statistics.fmean(r["wall_s"] for r in code), 1) if code else None,
        "executed_rate": round(sum(r["executed"] for r in code) / n, 3) if n else None,
        "physics_rate": round(sum(r["passed"] for r in code) / n, 3) if n else None,
    }


def summarise(results: list[dict], *, backend: str, model: str, mode: str, wall_s: float) -> dict:
    code = [r for r in results if r["kind"] == "code"]
    qa = [r for r in results if r["kind"] == "qa"]
    out = {"backend": backend, "model": model, "mode": mode, "tasks": len(results), **_code_summary(code),
           # kept for the results page and older result files
           "passed_without_builder": sum(r["passed"] and _origin(r) == "model" for r in code),
           "qa_items": len(qa), "qa_accuracy": round(sum(r["correct"] for r in qa) / len(qa), 3) if qa else None,
           "wall_s": round(wall_s, 1)}  # fmt: skip
    near = [r for r in code if r.get("near_example")]
    if near:
        out["near_copies_of_lammps_examples"] = _code_summary(near)
        out["not_near_copies"] = _code_summary([r for r in code if not r.get("near_example")])
    categories = sorted({r.get("category") or "" for r in code} - {""})
    if categories:
        out["by_category"] = {c: _code_summary([r for r in code if r.get("category") == c]) for c in categories}
    knowledge = [r for r in qa if r.get("category") == "knowledge"]
    syntax = [r for r in qa if r.get("category") == "syntax"]
    if knowledge or syntax:
        out["qa_by_category"] = {name: round(sum(r["correct"] for r in rows) / len(rows), 3)
                                 for name, rows in (("knowledge", knowledge), ("syntax", syntax)) if rows}  # fmt: skip
    ways = sorted({way for r in qa for way in r.get("picks") or {}})
    if ways:  # what each way of scoring alone would have answered (others answered as they were)
        out["qa_accuracy_by_scoring"] = {
            way: round(sum((r["picks"][way] if way in (r.get("picks") or {}) else r["choice"]) == r["answer"]
                           for r in qa) / len(qa), 3) for way in ways}  # fmt: skip
    return out


def run_suite(tasks: list[dict], *, llm, mode: str = "loop", max_attempts: int = 4, workers: int = 1, first: str = "builder",
              out: Path | None = None, backend: str = "none", model: str = "none",
              progress: Callable[[int, int, dict], None] | None = None, retrieval: bool = True) -> dict:  # fmt: skip
    started = time.monotonic()
    partial = Path(str(out) + ".partial.jsonl") if out else None
    done: dict[str, dict] = {}
    if partial and partial.exists():
        for line in partial.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("mode", mode) == mode or row["kind"] == "qa":
                    done[row["id"]] = row
    todo = [t for t in tasks if t["id"] not in done]
    lock = threading.Lock()

    def one(task):
        row = run_code(task, llm=llm, mode=mode, max_attempts=max_attempts, first=first) if task["kind"] == "code" \
            else run_qa(task, llm=llm, retrieval=retrieval)  # fmt: skip
        with lock:
            done[task["id"]] = row
            if partial:
                partial.parent.mkdir(parents=True, exist_ok=True)
                with partial.open("a") as fh:
                    fh.write(json.dumps(row, default=str) + "\n")
            if progress:
                progress(len(done), len(tasks), row)
        return row

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for future in as_completed([pool.submit(one, t) for t in todo]):
            future.result()
    results = [done[t["id"]] for t in tasks]
    report = {"summary": summarise(results, backend=backend, model=model, mode=mode,
                                   wall_s=time.monotonic() - started), "results": results}  # fmt: skip
    if out:
        Path(out).write_text(json.dumps(report, indent=2, default=str) + "\n")
    return report


def terminal_progress(done: int, total: int, row: dict) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    verdict = (
        ("PASS" if row.get("passed") else "FAIL") if row["kind"] == "code" else ("OK" if row["correct"] else "WRONG")
    )
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {row['id']}: {verdict}   \n")
    sys.stderr.flush()
