"""Parameter sweeps: one or two `variable` lines of a script take a list of values; each
combination becomes a run of the batch. Plain Python (no Django): parsing values, finding the
variables a script defines with constants, and writing each run's script."""

from __future__ import annotations

import itertools
import re

MAX_RUNS = 50
_DEF = re.compile(r"^(\s*variable\s+)(\w+)(\s+)(equal|index|string)(\s+)(\S+)(.*)$")


class SweepError(ValueError):
    """A sweep the user asked for that cannot be made (the message says why)."""


def sweepable(script: str) -> dict[str, str]:
    """Variables defined with one constant value ({name: value}), in order of definition."""
    out: dict[str, str] = {}
    for line in script.splitlines():
        m = _DEF.match(line)
        if m and "$" not in m.group(6) and not m.group(7).split("#")[0].strip():
            out.setdefault(m.group(2), m.group(6))
    return out


def parse_values(text: str) -> list[str]:
    """'0.8, 1.0, 1.2' or '0.8:1.2:0.2' (start:stop:step, stop included) -> the values as text."""
    text = text.strip()
    if not text:
        raise SweepError("give the values: a list (0.8, 1.0, 1.2) or a range (start:stop:step)")
    if ":" in text:
        try:
            start, stop, step = (float(x) for x in text.split(":"))
        except ValueError:
            raise SweepError(f"'{text}' is not a range start:stop:step") from None
        if step <= 0 or stop < start:
            raise SweepError("a range needs a positive step and stop >= start")
        count = int(round((stop - start) / step)) + 1
        if count > MAX_RUNS:
            raise SweepError(f"that range has {count} values; a sweep has at most {MAX_RUNS} runs")
        return [f"{start + i * step:.10g}" for i in range(count)]
    values = [v.strip() for v in re.split(r"[,\s]+", text) if v.strip()]
    bad = [v for v in values if not re.fullmatch(r"[A-Za-z0-9_.+-]+", v)]
    if bad:
        raise SweepError(f"values may be numbers or plain words, not {bad[0]!r}")
    return values


def combinations(axes: dict[str, list[str]]) -> list[dict[str, str]]:
    combos = [dict(zip(axes, values, strict=True)) for values in itertools.product(*axes.values())]
    if len(combos) > MAX_RUNS:
        raise SweepError(f"{len(combos)} runs; a sweep has at most {MAX_RUNS}")
    return combos


def script_for(script: str, values: dict[str, str]) -> str:
    """The script with each swept variable's first definition set to its value."""
    done: set[str] = set()
    out = []
    for line in script.splitlines():
        m = _DEF.match(line)
        if m and m.group(2) in values and m.group(2) not in done:
            line = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{m.group(5)}{values[m.group(2)]}{m.group(7)}"
            done.add(m.group(2))
        out.append(line)
    missing = set(values) - done
    if missing:
        raise SweepError(f"the script defines no constant variable {', '.join(sorted(missing))}")
    return "\n".join(out) + ("\n" if script.endswith("\n") else "")


def final_values(thermo: list[dict] | None) -> dict[str, float]:
    """The last thermo row of the last run: what the sweep table shows per run."""
    blocks = [b for b in thermo or [] if b.get("rows")]
    if not blocks:
        return {}
    last = blocks[-1]
    return {c: v for c, v in zip(last["columns"], last["rows"][-1], strict=False) if isinstance(v, int | float)}
