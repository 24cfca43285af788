"""all-MiniLM-L6-v2 in numpy (assistant/embeddings.py) vs loaded with transformers (PyTorch):
start-up time (import + load, in a fresh process), peak memory, encoding time for 128 passages of
the knowledge base, and agreement (cosine of the two embeddings of each passage).

Writes bench/results/embeddings.json.   python bench/embeddings_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
os.environ["MDWEB_EMBEDDINGS"] = sys.argv[1]
from assistant import embeddings
m = embeddings.model()
t1 = time.perf_counter()
texts = json.load(open(sys.argv[2]))
v = m.encode(texts)
t2 = time.perf_counter()
import numpy as np
np.save(sys.argv[3], v)
print(json.dumps({"startup_s": round(t1 - t0, 2), "encode_s": round(t2 - t1, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdweb.settings")
    import django

    django.setup()
    import numpy as np

    from assistant.knowledge import knowledge_base

    texts = [p.text[:1000] for p in knowledge_base().passages[:128]]
    tmp = ROOT / "var" / "bench-embeddings"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "texts.json").write_text(json.dumps(texts))
    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "passages": len(texts)}
    for backend in ("numpy", "transformers"):
        runs = []
        for _ in range(3):
            res = subprocess.run([sys.executable, "-c", CHILD, backend, str(tmp / "texts.json"), str(tmp / f"{backend}.npy")],
                                 cwd=ROOT, capture_output=True, text=True, check=True)  # fmt: skip
            runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
        out[backend] = {k: sorted(r[k] for r in runs)[1] for k in runs[0]}  # medians of 3
    a, b = np.load(tmp / "numpy.npy"), np.load(tmp / "transformers.npy")
    cos = (a * b).sum(1)
    out["agreement"] = {"min_cosine": round(float(cos.min()), 6), "mean_cosine": round(float(cos.mean()), 6)}
    (ROOT / "bench" / "results" / "embeddings.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
