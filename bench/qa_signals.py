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
            "per_choice": lambda: per_choice_hits(kb, question, choices),
            "none": lambda: []}  # fmt: skip
    return {name: make[name]() for name in variants}


def collect(tasks: list[dict], llm, variants: list[str], partial: Path | None = None,
            verify: bool = True) -> list[dict]:  # fmt: skip
    from assistant import syntaxcheck
    from assistant.knowledge import knowledge_base, letter_scores, passage_context, verify_scores

    kb = knowledge_base()
    rows = [json.loads(line) for line in partial.read_text().splitlines()] if partial and partial.is_file() else []
    done = {row["id"] for row in rows}
    for task in [t for t in tasks if t["id"] not in done]:
        started = time.monotonic()
        q, choices = task["question"], task["choices"]
        checked = syntaxcheck.candidates(q, choices)
        row = {"id": task["id"], "category": task.get("category"), "answer": task["answer"],
               "keep": checked[0] if checked else None}  # fmt: skip
        for name, hits in contexts(kb, q, choices, variants).items():
            context = passage_context([(p.source, p.text) for _, p in hits])
            row[name] = {"sources": [p.source for _, p in hits],
                         "letters": letter_scores(llm, context, q, choices),
                         "verify": verify_scores(llm, context, q, choices) if verify else None}  # fmt: skip
        row["wall_s"] = round(time.monotonic() - started, 1)
        rows.append(row)
        if partial:
            with partial.open("a") as fh:
                fh.write(json.dumps(row) + "\n")
        print(json.dumps({k: row[k] for k in ("id", "answer", "keep", "wall_s")}), flush=True)
    return rows


def add_support(rows: list[dict], tasks: list[dict]) -> None:
    """Retrieval's own pick (no model): how well each choice is stated where the question is answered."""
    from assistant.knowledge import knowledge_base, support_scores

    kb = knowledge_base()
    by_id = {t["id"]: t for t in tasks}
    for row in rows:
        task = by_id[row["id"]]
        row["support"] = support_scores(kb, task["question"], task["choices"])


def softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    e = [math.exp(x - top) for x in xs]
    return [v / sum(e) for v in e]


def pick(row: dict, variant: str, letters_w: float, verify_w: float, support_w: float = 0.0) -> int | None:
    sig = row[variant]
    if sig["letters"] is None or sig["verify"] is None:
        return None
    n = len(sig["letters"])
    lp = [math.log(p) for p in softmax([x / n for x in sig["letters"]])]
    vp = [math.log(p) for p in softmax(sig["verify"])]
    top = max(row.get("support") or [0.0]) or 1.0
    sp = [x / top for x in row.get("support") or [0.0] * n]  # 0..1, the best-stated choice 1
    score = [letters_w * a + verify_w * b + support_w * c for a, b, c in zip(lp, vp, sp, strict=True)]
    keep = row["keep"] if row["keep"] is not None else list(range(n))
    return max(keep, key=lambda i: score[i])


def letters_pick(row: dict, weights: dict[str, float]) -> int | None:
    """The choice with the best weighted sum of the variants' letter log-probabilities (for example the
    letters with retrieved notes plus the letters from the question alone)."""
    if any(row.get(v, {}).get("letters") is None for v in weights):
        return None
    n = len(row[next(iter(weights))]["letters"])
    score = [0.0] * n
    for variant, w in weights.items():
        lp = [math.log(p) for p in softmax([x / n for x in row[variant]["letters"]])]
        score = [a + w * b for a, b in zip(score, lp, strict=True)]
    keep = row["keep"] if row["keep"] is not None else list(range(n))
    return max(keep, key=lambda i: score[i])


def _line(label: str, rows: list[dict], choose) -> None:
    by: dict[str, list[int]] = {}
    for row in rows:
        by.setdefault(row["category"], []).append(choose(row) == row["answer"])
    total = sum(sum(v) for v in by.values()) / max(1, sum(len(v) for v in by.values()))
    cats = " ".join(f"{c} {sum(v)}/{len(v)}" for c, v in sorted(by.items()))
    print(f"{label}: {total:.3f}  {cats}")


def report(rows: list[dict]) -> None:
    variants = [v for v in ("joint", "per_choice", "none") if v in rows[0]]
    for variant in variants:
        if rows[0][variant].get("verify") is None:
            _line(f"{variant:10s} letters", rows, lambda r, v=variant: letters_pick(r, {v: 1.0}))
            continue
        weights = [(1, 0, 0), (0, 1, 0), (1, 1, 0), (1, 0.5, 0), (0.5, 1, 0)]
        if "support" in rows[0]:
            weights += [(0, 0, 1), (1, 0, 1), (1, 1, 1), (1, 1, 0.5), (1, 1, 2)]
        for lw, vw, sw in weights:
            _line(f"{variant:10s} letters {lw} verify {vw} support {sw}", rows,
                  lambda r, v=variant, a=lw, b=vw, c=sw: pick(r, v, a, b, c))  # fmt: skip
    if "none" in variants:  # notes and no notes together
        for variant in [v for v in variants if v != "none"]:
            for w in (0.5, 1.0, 2.0):
                _line(f"{variant} letters + {w} x no-notes letters", rows,
                      lambda r, v=variant, w=w: letters_pick(r, {v: 1.0, "none": w}))  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tasks", nargs="*")
    ap.add_argument("--out")
    ap.add_argument("--report")
    ap.add_argument("--variants", default="joint,per_choice")
    ap.add_argument("--no-verify", action="store_true", help="letters only (no per-choice Yes/No)")
    ap.add_argument("--merge", help="a signals file whose rows this run's variants are added to (same ids)")
    args = ap.parse_args()
    import django

    django.setup()
    if args.report:
        text = Path(args.report).read_text()
        rows = [json.loads(line) for line in text.splitlines()] if args.report.endswith(".jsonl") else json.loads(text)
        rows = rows["rows"] if isinstance(rows, dict) else rows
        if args.tasks:  # add retrieval's support scores (no model) for these tasks
            add_support(rows, [json.loads(line) for f in args.tasks for line in Path(f).read_text().splitlines()
                               if line.strip()])  # fmt: skip
        report(rows)
        return 0
    from assistant.llm import LLM, LLMConfig

    tasks = [json.loads(line) for f in args.tasks for line in Path(f).read_text().splitlines() if line.strip()]
    tasks = [t for t in tasks if t.get("kind") == "qa"]
    rows = collect(tasks, LLM(LLMConfig.from_env()), args.variants.split(","), Path(args.out + ".partial.jsonl"),
                   verify=not args.no_verify)  # fmt: skip
    if args.merge:
        base = json.loads(Path(args.merge).read_text())
        base = {r["id"]: r for r in (base["rows"] if isinstance(base, dict) else base)}
        rows = [{**base[r["id"]], **r} if r["id"] in base else r for r in rows]
    Path(args.out).write_text(json.dumps(rows, indent=1))
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
