"""Does a new note help? Q&A dev set (`evalbench/dev/qa-dev.jsonl`, never a held-out set) answered with
the knowledge base as it is (new) and without the named note files (old). Only questions whose top-4
retrieved passages change are asked (the others get the same context, so the same answer).

    .venv/bin/python bench/qa_notes_ab.py --without lammps-commands.md,md-methods.md \
        [--reuse bench/results/qa-theory-note-dev.json] [--limit 30] --out bench/results/qa-notes-ab.json

`--reuse`: an earlier A/B's "new" answers count as this one's "old" for the questions it holds (its new
condition must be this one's old). Needs the model server at MDWEB_LLM_BASE_URL. Resumes from OUT.partial.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")

from assistant import knowledge  # noqa: E402
from assistant.llm import LLM, LLMConfig  # noqa: E402

DEV = ROOT / "evalbench" / "dev" / "qa-dev.jsonl"


def context_key(kb: knowledge.KnowledgeBase, row: dict) -> list[str]:
    hits = kb.search(row["question"] + " " + " ".join(row["choices"]), k=4)
    return [p.text[:120] for _, p in hits]


def answer_with(kb: knowledge.KnowledgeBase, row: dict, llm) -> int | None:
    original = knowledge.knowledge_base
    knowledge.knowledge_base = lambda: kb
    try:
        return knowledge.ask(row["question"], row["choices"], llm=llm).choice
    finally:
        knowledge.knowledge_base = original


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--without", required=True, help="note file names, comma-separated")
    parser.add_argument("--reuse", default="")
    parser.add_argument("--limit", type=int, default=0, help="ask at most this many changed questions (seeded)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    dropped = {f"notes/{name}" for name in args.without.split(",")}
    new_kb = knowledge.knowledge_base()
    old_kb = knowledge.KnowledgeBase([p for p in new_kb.passages if p.source not in dropped])
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    changed = [r for r in rows if context_key(new_kb, r) != context_key(old_kb, r)]
    print(f"{len(changed)} of {len(rows)} questions get a different context", flush=True)
    if args.limit and len(changed) > args.limit:
        changed = sorted(random.Random(7).sample(changed, args.limit), key=lambda r: r["id"])
    reused = {}
    if args.reuse:
        reused = {r["id"]: r["new"] for r in json.loads(Path(args.reuse).read_text())["results"]}
    llm = LLM(LLMConfig.from_env())
    partial = Path(args.out + ".partial.jsonl")
    done = {}
    if partial.exists():
        done = {json.loads(x)["id"]: json.loads(x) for x in partial.read_text().splitlines() if x.strip()}
    with partial.open("a") as sink:
        for row in changed:
            if row["id"] in done:
                continue
            start = time.monotonic()
            old = reused[row["id"]] if row["id"] in reused else answer_with(old_kb, row, llm)
            new = answer_with(new_kb, row, llm)
            out = {"id": row["id"], "category": row["category"], "answer": row["answer"], "old": old, "new": new,
                   "old_reused": row["id"] in reused, "wall": round(time.monotonic() - start)}  # fmt: skip
            done[row["id"]] = out
            sink.write(json.dumps(out) + "\n")
            sink.flush()
            print(out, flush=True)
    results = [done[r["id"]] for r in changed if r["id"] in done]
    summary = {}
    for cat in sorted({r["category"] for r in results}):
        mine = [r for r in results if r["category"] == cat]
        summary[cat] = {"n": len(mine), "old": sum(r["old"] == r["answer"] for r in mine),
                        "new": sum(r["new"] == r["answer"] for r in mine)}  # fmt: skip
    what = (f"Q&A dev set: questions whose top-4 retrieved passages change when {sorted(dropped)} are added "
            f"({len(results)} asked); old = without them, new = with them; the embedded model at "
            f"{llm.config.base_url}")  # fmt: skip
    Path(args.out).write_text(json.dumps({"what": what, "summary": summary, "results": results}, indent=1))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
