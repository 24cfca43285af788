"""Retrieval recall on questions whose source is known: the project's own 174 Q&A items
(evalbench/tasks/qa.jsonl, each names the note it comes from). For each retrieval method, recall@k
is the share of questions with a passage from that source among the k passages returned.
The held-out questions are not used here (their sources are prose, and they are not for tuning).

Writes bench/results/retrieval.json.   python bench/retrieval_bench.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def recall(kb, items, k: int, method: str) -> float:
    found = 0
    for item in items:
        hits = kb.search(item["question"], k=k, dense=method != "lexical", fusion=method)
        found += any(p.source == item["source"] for _, p in hits[:k])
    return round(found / len(items), 3)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")
    import django

    django.setup()
    from assistant.knowledge import knowledge_base

    items = [json.loads(line) for line in (ROOT / "evalbench" / "tasks" / "qa.jsonl").open()]
    items = [i for i in items if i.get("source", "").startswith("notes/")]
    kb = knowledge_base()
    t0 = time.perf_counter()
    kb.search("warm-up", k=4)  # embeds the passages once
    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "questions": len(items),
           "passages": len(kb.passages), "index_s": round(time.perf_counter() - t0, 1), "recall": {}}  # fmt: skip
    for method in ("lexical", "append", "rrf"):
        out["recall"][method] = {f"@{k}": recall(kb, items, k, method) for k in (1, 4, 8)}
    (ROOT / "bench" / "results" / "retrieval.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
