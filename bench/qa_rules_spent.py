"""What the installed LAMMPS decides on spent Q&A questions, without a model: for each question, the
candidates the syntax check leaves (`syntaxcheck.candidates`), the choice the question's own commands
single out when run (`knowledge._ran_answer`: numbers, words or a print LAMMPS wrote, or the one choice
that says the run stopped / warned / did not stop), the choices left for the model when several
agree with how the run ended (`experiment.consistent_choices`), the unit table's answer (`unitfacts`), the
computed unit conversion (`conversions`), the element data's answer (`materialfacts`)
and the choices whose edit of a failing line LAMMPS runs or could not try (`trials`). Never run on a held-out set that is
still to be measured.

    python bench/qa_rules_spent.py SET.jsonl [...] OUT.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import conversions, experiment, knowledge, materialfacts, syntaxcheck, trials, unitfacts  # noqa: E402


def decide(item: dict) -> dict:
    question, choices = item["question"], item["choices"]
    checked = syntaxcheck.candidates(question, choices)
    seen = experiment.observe(question)
    keep = experiment.consistent_choices(seen, question, choices) if seen else None
    ran = knowledge._ran_answer(seen, question, choices, keep, []) if seen else None
    table = unitfacts.unit_answer(question, choices)
    converted = conversions.conversion_answer(question, choices)
    fact = materialfacts.fact_answer(question, choices)
    tried = trials.working_choices(question, choices) if keep is None else None
    return {"id": item["id"], "category": item.get("category"), "answer": item["answer"],
            "checked": checked[0] if checked else None, "ran": ran.choice if ran else None, "keep": keep,
            "units": table[0] if table else None, "converted": converted[0] if converted else None,
            "facts": fact[0] if fact else None, "tried": tried}  # fmt: skip


def summary(rows: list[dict]) -> dict:
    ran = [r for r in rows if r["ran"] is not None]
    checked = [r for r in rows if r["checked"]]
    kept = [r for r in rows if r["keep"] and len(r["keep"]) > 1]
    return {
        "questions": len(rows),
        "ran_decided": len(ran), "ran_right": sum(r["ran"] == r["answer"] for r in ran),
        "checked": len(checked), "checked_hold_answer": sum(r["answer"] in r["checked"] for r in checked),
        "checked_single": sum(len(r["checked"]) == 1 for r in checked),
        "checked_single_right": sum(r["checked"] == [r["answer"]] for r in checked),
        "left_to_model": len(kept), "left_hold_answer": sum(r["answer"] in r["keep"] for r in kept),
        "units_decided": sum(r["units"] is not None for r in rows),
        "units_right": sum(r["units"] == r["answer"] for r in rows if r["units"] is not None),
        "converted_decided": sum(r["converted"] is not None for r in rows),
        "converted_right": sum(r["converted"] == r["answer"] for r in rows if r["converted"] is not None),
        "facts_decided": sum(r["facts"] is not None for r in rows),
        "facts_right": sum(r["facts"] == r["answer"] for r in rows if r["facts"] is not None),
        "tried": sum(r["tried"] is not None for r in rows),
        "tried_hold_answer": sum(r["answer"] in r["tried"] for r in rows if r["tried"] is not None),
        "tried_single": sum(r["tried"] is not None and len(r["tried"]) == 1 for r in rows),
    }  # fmt: skip


def main() -> int:
    *sets, out = sys.argv[1:]
    rows = [decide(json.loads(line)) for path in sets for line in open(path)]
    result = {"sets": sets, "summary": summary(rows), "rows": rows}
    Path(out).write_text(json.dumps(result, indent=1))
    print(json.dumps(result["summary"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
