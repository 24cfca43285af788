"""Resource limits for one run. Units are in the names: seconds, megabytes, counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Limits:
    wall_s: float = 600.0
    cpu_s: float | None = None  # None: wall_s x processes x threads + 5 s
    memory_mb: int = 4096  # resident memory of the whole process group
    output_mb: int = 1024  # everything the run writes into its directory
    max_file_mb: int = 512  # any single file (RLIMIT_FSIZE)
    max_files: int = 5000
    max_steps: int = 100_000_000  # sum of `run N` over the script (loops excepted)
    max_atoms: int = 5_000_000  # estimated before the run from lattice/region/data files
    max_script_bytes: int = 1_000_000
    max_input_mb: int = 200  # files copied into the run directory
    threads: int = 1  # OpenMP threads per process
    nprocs: int = 1  # MPI processes

    def cpu_limit_s(self) -> float:
        if self.cpu_s:
            return float(self.cpu_s)
        return self.wall_s * max(1, self.nprocs) * max(1, self.threads) + 5.0

    @classmethod
    def from_mapping(cls, data: dict | None) -> Limits:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in data.items() if v is not None or k == "cpu_s"})

    def replace(self, **changes) -> Limits:
        data = asdict(self)
        data.update(changes)
        return Limits(**data)

    def to_dict(self) -> dict:
        return asdict(self)
