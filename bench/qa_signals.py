"""Raw signals for choosing how MD-Instruct picks an answer to a single-choice question.

For each question: the installed-LAMMPS check's verdict, and per retrieval variant (`joint`: the
question with all its choices as one query; `per_choice`: the question with each choice, the best
passages of each) the calibrated letter scores and the per-choice Yes/No scores. Written once, so that
ways of combining them are compared offline on a tuning set (never on a held-out one).

    python bench/qa_signals.py evalbench/dev/qa-dev.jsonl --out var/qa-signals-dev.json
    python bench/qa_signals.py --report var/qa-signals-dev.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")


def contexts(kb, question: str, choices: list[str], variants: list[str]) -> dict[str, list]:
    from assistant.knowledge import per_choice_hits

    make = {"joint": lambda: kb.search(question + " " + " ".join(choices), k=4),
            "per_choice": lambda: per_choice_hits(kb, question, choices)}  # fmt: skip
    return {name: make[name]() for name in variants}


def collect(tasks: list[dict], llm, variants: list[str]) -> list[dict]:
    from assistant import syntaxcheck
    from assistant.knowledge import knowledge_base, letter_scores, passage_context, verify_scores

    kb = knowledge_base()
    rows = []
    for task in tasks:
        started = time.monotonic()
        q, choices = task["question"], task["choices"]
        checked = syntaxcheck.candidates(q, choices)
        row = {"id": task["id"], "category": task.get("category"), "answer": task["answer"],
               "keep": checked[0] if checked else None}  # fmt: skip
        for name, hits in contexts(kb, q, choices, variants).items():
            context = passage_context([(p.source, p.text) for _, p in hits])
            row[name] = {"sources": [p.source for _, p in hits],
                         "letters": letter_scores(llm, context, q, choices),
                         "verify": verify_scores(llm, context, q, choices)}  # fmt: skip
        row["wall_s"] = round(time.monotonic() - started, 1)
        rows.append(row)
        print(json.dumps({k: row[k] for k in ("id", "answer", "keep", "wall_s")}), flush=True)
    return rows


def softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    e = [math.exp(x - top) for x in xs]
    return [v / sum(e) for v in e]


def pick(row: dict, variant: str, letters_w: float, verify_w: float) -> int | None:
    sig = row[variant]
    if sig["letters"] is None or sig["verify"] is None:
        return None
    n = len(sig["letters"])
    lp = [math.log(p) for p in softmax([x / n for x in sig["letters"]])]
    vp = [math.log(p) for p in softmax(sig["verify"])]
    score = [letters_w * a + verify_w * b for a, b in zip(lp, vp, strict=True)]
    keep = row["keep"] if row["keep"] is not None else list(range(n))
    return max(keep, key=lambda i: score[i])


def report(rows: list[dict]) -> None:
    for variant in [v for v in ("joint", "per_choice") if v in rows[0]]:
        for lw, vw in ((1, 0), (0, 1), (1, 1), (1, 0.5), (0.5, 1)):
            by: dict[str, list[int]] = {}
            for row in rows:
                got = pick(row, variant, lw, vw)
                by.setdefault(row["category"], []).append(got == row["answer"])
            total = sum(sum(v) for v in by.values()) / sum(len(v) for v in by.values())
            cats = " ".join(f"{c} {sum(v)}/{len(v)}" for c, v in sorted(by.items()))
            print(f"{variant:10s} letters {lw} verify {vw}: {total:.3f}  {cats}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tasks", nargs="*")
    ap.add_argument("--out")
    ap.add_argument("--report")
    ap.add_argument("--variants", default="joint,per_choice")
    args = ap.parse_args()
    if args.report:
        report(json.loads(Path(args.report).read_text()))
        return 0
    import django

    django.setup()
    from assistant.llm import LLM, LLMConfig

    tasks = [json.loads(line) for f in args.tasks for line in Path(f).read_text().splitlines() if line.strip()]
    tasks = [t for t in tasks if t.get("kind") == "qa"]
    rows = collect(tasks, LLM(LLMConfig.from_env()), args.variants.split(","))
    Path(args.out).write_text(json.dumps(rows, indent=1))
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
