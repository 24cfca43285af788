"""Trajectory frames for the 3D viewer, read with ASE and sent in a compact binary form.

ASE (`ase.io`) reads LAMMPS text dumps, data files and xyz; it is already the project's source
of element data, so no second reader is needed (MDAnalysis would add a large dependency for the
same three formats; OVITO's Python module is not on PyPI under a free licence for all uses).

Wire format (little-endian): uint32 header length, the JSON header (natoms, nframes, steps,
boxes, type names, stride), uint8 type index per atom, then float32 positions, frame after frame
(nframes x natoms x 3). Frames are subsampled so that the positions fit `max_bytes`.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import numpy as np

VIEWABLE = re.compile(r"(^dump|\.lammpstrj$|\.dump$|\.xyz$|\.atom$|^data\.|\.data$|\.lmp$)", re.I)
MAX_BYTES = 24 * 1024 * 1024


class FramesError(ValueError):
    """The file cannot be read as a structure (the message says why)."""


def viewable(names: list[str]) -> list[str]:
    return [n for n in names if VIEWABLE.search(Path(n).name) and "/" not in n]


def _format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".xyz"):
        return "extxyz"
    if name.startswith("data.") or name.endswith((".data", ".lmp")):
        return "lammps-data"
    return "lammps-dump-text"


def _count_frames(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.startswith(b"ITEM: TIMESTEP"))


def read_frames(path: Path, *, max_frames: int = 100, max_bytes: int = MAX_BYTES):
    """(atoms list, stride) with at most max_frames frames whose positions fit max_bytes."""
    from ase.io import read

    fmt = _format(path)
    try:
        if fmt == "lammps-data":
            frames = [read(path, format=fmt, style="atomic")]
            return frames, 1
        total = _count_frames(path) if fmt == "lammps-dump-text" else None
        first = read(path, format=fmt, index=0)
    except Exception as exc:
        raise FramesError(f"{path.name} could not be read as a structure: {exc}") from None
    natoms = max(1, len(first))
    fit = max(1, max_bytes // (natoms * 12))
    wanted = max(1, min(max_frames, fit))
    stride = max(1, -(-(total or 1) // wanted)) if total else 1
    try:
        frames = read(path, format=fmt, index=slice(0, None, stride))
    except Exception as exc:
        raise FramesError(f"{path.name} could not be read as a trajectory: {exc}") from None
    return list(frames)[:wanted], stride


def encode(frames, stride: int = 1) -> bytes:
    if not frames:
        raise FramesError("the file has no frames")
    natoms = len(frames[0])
    frames = [f for f in frames if len(f) == natoms]  # atoms added or lost: keep frames of the first size
    numbers = frames[0].get_atomic_numbers()
    types = frames[0].arrays.get("type", numbers)
    names = sorted({int(t) for t in types})
    index = {t: i for i, t in enumerate(names)}
    header = {
        "natoms": natoms,
        "nframes": len(frames),
        "stride": stride,
        "types": [str(t) for t in names],
        "steps": [int(f.info.get("timestep", i * stride)) for i, f in enumerate(frames)],
        "boxes": [[float(x) for x in f.cell.lengths()] for f in frames],
        "origins": [
            [float(x) for x in f.info.get("origin", (0, 0, 0))] if "origin" in f.info else [0.0, 0.0, 0.0]
            for f in frames
        ],  # fmt: skip
    }
    head = json.dumps(header).encode()
    type_bytes = np.array([index[int(t)] for t in types], dtype=np.uint8).tobytes()
    positions = np.stack([f.positions for f in frames]).astype("<f4").tobytes()
    return struct.pack("<I", len(head)) + head + type_bytes + positions


def decode(blob: bytes) -> tuple[dict, np.ndarray, np.ndarray]:
    """The inverse of encode (tests and benchmarks)."""
    (n,) = struct.unpack("<I", blob[:4])
    header = json.loads(blob[4 : 4 + n])
    natoms, nframes = header["natoms"], header["nframes"]
    types = np.frombuffer(blob, dtype=np.uint8, count=natoms, offset=4 + n)
    positions = np.frombuffer(blob, dtype="<f4", offset=4 + n + natoms).reshape(nframes, natoms, 3)
    return header, types, positions
