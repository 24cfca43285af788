"""Before/after: does an adapter beat its base on requests it never saw?

Direct executability, as MDAgent2 measures it (Exec-Success@k): the model's first draft for each
held-out request (the same prompt the loop's first draft gets: plan, nearest examples), with no
repair and no deterministic builder, scored through the engine by the task's own physics checks.
An adapter is installed for the model server (becomes the default for its name) only when it
beats the base. Plain Python (no Django)."""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

from . import reward

HELDOUT = Path(__file__).resolve().parent.parent / "evalbench" / "heldout" / "code" / "tasks.jsonl"


def first_draft_messages(request: str, input_files: dict[str, Path] | None = None) -> list[dict] | None:
    from assistant.agent import draft, grounding
    from assistant.agent.plan import make_plan
    from assistant.agent.request import read

    req = read(request)
    plan = make_plan(req, input_files or {})
    if plan.questions:
        return None
    examples = grounding.nearest_examples(req, plan)
    return [{"role": "system", "content": draft.SYSTEM},
            {"role": "user", "content": draft.first_prompt(request, plan, examples, input_files or {})}]  # fmt: skip


def held_out_tasks(path: Path = HELDOUT, limit: int | None = None) -> list[dict]:
    from evalbench.runner import load_tasks

    tasks = [t for t in load_tasks(path) if t["kind"] == "code"]
    return tasks[:limit] if limit else tasks


def exec_success(llm, model: str, tasks: list[dict], *, k: int = 1, temperature: float = 0.0,
                 max_tokens: int = 700, workers: int = 2, cap: bool = True, progress=None) -> dict:  # fmt: skip
    """Score k drafts per task; a task counts as executed/faithful when any of its k drafts is."""
    jobs, index = [], []
    for task in tasks:
        messages = first_draft_messages(task["prompt"], task.get("_inputs"))
        for _ in range(k if messages else 0):
            text = llm.complete(messages, model=model, max_tokens=max_tokens, temperature=temperature).text
            jobs.append(
                (task["prompt"], text, {"checks": task["checks"], "input_files": task.get("_inputs"), "cap": cap})
            )
            index.append(task["id"])
        if progress:
            progress(task["id"])
    scored = reward.score_many(jobs, workers=workers)
    per_task: dict[str, list[reward.Scored]] = {t["id"]: [] for t in tasks}
    for tid, s in zip(index, scored, strict=True):
        per_task[tid].append(s)
    n = len(tasks)
    executed = sum(any(s.level in ("runs", "engine_checks", "physics") for s in v) for v in per_task.values())
    faithful = sum(any(s.level == "physics" for s in v) for v in per_task.values())
    rewards = [s.reward for v in per_task.values() for s in v] or [0.0]
    return {"model": model, "tasks": n, "k": k, "exec_success": round(executed / n, 3) if n else None,
            "physics_success": round(faithful / n, 3) if n else None, "mean_reward": round(statistics.fmean(rewards), 3),
            "levels": {lvl: sum(s.level == lvl for v in per_task.values() for s in v) for lvl in reward.LEVELS},
            "per_task": {tid: [s.to_dict() for s in v] for tid, v in per_task.items()}}  # fmt: skip


def compare(before: dict, after: dict) -> dict:
    """Rows for the staff page and the verdict: the adapter wins when it is no worse on physics and
    better on executability or physics."""
    rows = [
        {"measure": m, "before": before[m], "after": after[m]}
        for m in ("exec_success", "physics_success", "mean_reward")
    ]
    better = after["physics_success"] >= before["physics_success"] and (
        after["exec_success"] > before["exec_success"] or after["physics_success"] > before["physics_success"]
    )
    verdict = (f"The adapter beats its base ({after['exec_success']:.1%} vs {before['exec_success']:.1%} executable, "
               f"{after['physics_success']:.1%} vs {before['physics_success']:.1%} physics-faithful): installed."
               if better else
               f"The adapter does not beat its base ({after['exec_success']:.1%} vs {before['exec_success']:.1%} "
               f"executable, {after['physics_success']:.1%} vs {before['physics_success']:.1%} physics-faithful): "
               "not installed; the base stays the default.")  # fmt: skip
    return {"rows": rows, "better": better, "verdict": verdict}


def install(gguf: Path, base_model: str, adapter: str, root: Path | None = None) -> Path:
    """Make the adapter what the model server loads for `adapter` on `base_model`."""
    from assistant.modelserver import ADAPTERS

    folder = (root or ADAPTERS) / Path(base_model).stem
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{adapter}.gguf"
    shutil.copyfile(gguf, target)
    (folder / f"{adapter}.json").write_text(json.dumps({"from": str(gguf)}))
    return target
