# Kept as run for bench/results/qa-notes3-ab.json: python bench/qa_notes3_ab.py SET1 SET2 N (needs a model server).
"""A/B of the two new notes on spent questions (sets 1 and 2): the model's letters over all orders with
the top-4 passages of the index without and with the new notes, on a sample of questions whose passages change."""

import json
import random
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from assistant import knowledge
from assistant.llm import LLM

NEW = {"notes/lammps-reference-2.md", "notes/md-theory-2.md"}
full = knowledge.knowledge_base()
old = knowledge.KnowledgeBase([p for p in full.passages if p.source not in NEW])
items = [json.loads(line) for f in sys.argv[1:-1] for line in open(f)]
changed = []
for q in items:
    text = q["question"] + " " + " ".join(q["choices"])
    a = [id(p) for _, p in old.search(text, k=4)]
    b = [id(p) for _, p in full.search(text, k=4)]
    if a != b:
        changed.append(q)
print("items", len(items), "changed", len(changed), flush=True)
random.Random(25).shuffle(changed)
llm = LLM()
rows = []
for q in changed[: int(sys.argv[-1])]:
    text = q["question"] + " " + " ".join(q["choices"])
    r = {"id": q["id"], "cat": q.get("category"), "answer": q["answer"]}
    for name, kb in (("old", old), ("new", full)):
        hits = kb.search(text, k=4)
        ctx = knowledge.passage_context([(p.source, p.text) for _, p in hits])
        pick, _ = knowledge.scored_choice(llm, ctx, q["question"], q["choices"])
        r[name] = pick
        r[name + "_src"] = [p.source for _, p in hits]
    rows.append(r)
    print(json.dumps(r), flush=True)
o = sum(r["old"] == r["answer"] for r in rows)
n = sum(r["new"] == r["answer"] for r in rows)
print("old", o, "new", n, "of", len(rows))
