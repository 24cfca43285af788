"""Run a process in its run directory under limits, and make sure nothing survives it.

The child gets its own session (so one killpg reaches LAMMPS and anything it started), a
cleared environment, and rlimits (CPU, address space, file size, open files, no core
dumps). Where bubblewrap works, the child also sees a read-only system with only the run
directory writable, no network and no other PIDs. A watcher loop enforces what rlimits
cannot say clearly: wall time, resident memory of the whole group, total output size and
file count, and cancellation. Whatever happens, the group is SIGKILLed before we return.
"""

from __future__ import annotations

import ctypes
import functools
import os
import resource
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .limits import Limits

MB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
MAX_PROCESSES = 64


@dataclass
class Outcome:
    returncode: int | None
    signal: int | None
    limit: str | None  # wall_time | cpu_time | memory | output_size | file_count | file_size | processes
    cancelled: bool
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    output_bytes: int
    sandbox: str  # "bwrap" or "rlimits"
    survivors: int  # processes of the group still alive after the kill (should be 0)

    def to_dict(self) -> dict:
        return asdict(self)


@functools.lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """bubblewrap present and allowed to create namespaces here (not in every container)."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    try:
        proc = subprocess.run(
            [exe, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def choose_sandbox(mode: str) -> str:
    if mode == "none":
        return "rlimits"
    if mode == "bwrap":
        if not bwrap_works():
            raise RuntimeError("MDWEB_SANDBOX=bwrap but bubblewrap is missing or not permitted here")
        return "bwrap"
    return "bwrap" if bwrap_works() else "rlimits"


def bwrap_argv(workdir: Path, read_only: Sequence[Path]) -> list[str]:
    argv = [
        shutil.which("bwrap") or "bwrap",
        "--die-with-parent",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--ro-bind", "/usr", "/usr",
    ]  # fmt: skip
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        p = Path(top)
        if p.is_symlink():
            argv += ["--symlink", os.readlink(p), top]
        elif p.is_dir():
            argv += ["--ro-bind", top, top]
    argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    seen: set[str] = set()
    for d in read_only:
        d = Path(d).resolve()
        if str(d) not in seen and d.exists():
            seen.add(str(d))
            argv += ["--ro-bind", str(d), str(d)]
    argv += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir), "--"]
    return argv


def _die_with_parent() -> None:
    """SIGKILL the child when the process that started it dies (a worker killed mid-run)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _set_limits(limits: Limits) -> Callable[[], None]:
    cpu = int(limits.cpu_limit_s()) + 1
    # Address space is a backstop (OpenMP/MPI reserve virtual memory well beyond RSS);
    # resident memory is enforced by the watcher.
    address_space = (max(limits.memory_mb * 2, limits.memory_mb + 1024)) * MB
    file_size = limits.max_file_mb * MB

    def apply() -> None:
        _die_with_parent()
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def group_processes(pgid: int) -> dict[int, float]:
    """Live processes of group `pgid` and the CPU seconds each has used (scan of /proc)."""
    found: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # fields after the ")" that closes comm: state ppid pgrp ...
        rest = stat[stat.rfind(b")") + 2 :].split()
        if len(rest) > 14 and int(rest[2]) == pgid and rest[0] != b"Z":
            ticks = sum(int(x) for x in rest[11:15])  # utime stime cutime cstime
            found[int(entry.name)] = ticks / CLOCK_TICKS
    return found


def group_pids(pgid: int) -> list[int]:
    return list(group_processes(pgid))


def _rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def _dir_usage(path: Path) -> tuple[int, int]:
    """(bytes, regular files) under path, not following symlinks."""
    size = 0
    count = 0
    stack = [str(path)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                for entry in it:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.is_file(follow_symlinks=False):
                            size += entry.stat(follow_symlinks=False).st_size
                            count += 1
                    except OSError:
                        continue
        except OSError:
            continue
    return size, count


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_limited(
    argv: Sequence[str],
    *,
    workdir: Path,
    limits: Limits,
    env: dict[str, str],
    stdout_path: Path,
    read_only: Sequence[Path] = (),
    sandbox: str = "auto",
    on_poll: Callable[[], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    poll_s: float = 0.1,
) -> Outcome:
    """Run argv in workdir; return how it ended. Never leaves a process of its group alive."""
    workdir = Path(workdir).resolve()
    kind = choose_sandbox(sandbox)
    full = list(argv)
    if kind == "bwrap":
        full = bwrap_argv(workdir, read_only) + full
    env = dict(env)
    env.setdefault("HOME", str(workdir))
    env.setdefault("TMPDIR", str(workdir))
    started = time.monotonic()
    with open(stdout_path, "wb") as out:
        proc = subprocess.Popen(
            full,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_set_limits(limits),  # noqa: PLW1509 - runs before exec, no threads touched
            close_fds=True,
        )
    pgid = proc.pid
    # A pidfd wakes the watcher the moment the child exits (no up-to-poll_s latency per run).
    try:
        pidfd: int | None = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        pidfd = None
    limit: str | None = None
    cancelled = False
    max_rss = 0
    output_bytes = 0
    last_disk = 0.0
    returncode: int | None = None
    rusage = None
    cpu_seen: dict[int, float] = {}  # pid -> CPU seconds, sampled (bwrap hides grandchildren's rusage)

    def reap(block: bool) -> int | None:
        # wait4 gives this child's own CPU time (RUSAGE_CHILDREN would add up every run).
        nonlocal rusage
        try:
            pid, status, ru = os.wait4(proc.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return returncode
        if pid == 0:
            return None
        rusage = ru
        proc.returncode = os.waitstatus_to_exitcode(status)
        return proc.returncode

    try:
        while True:
            returncode = reap(block=False)
            now = time.monotonic()
            if on_poll:
                on_poll()
            if returncode is not None:
                break
            if now - started > limits.wall_s:
                limit = "wall_time"
                break
            if should_cancel and should_cancel():
                cancelled = True
                break
            procs = group_processes(pgid)
            for pid, cpu in procs.items():
                cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu)
            pids = list(procs)
            rss = _rss_bytes(pids)
            max_rss = max(max_rss, rss)
            if rss > limits.memory_mb * MB:
                limit = "memory"
                break
            if len(pids) > MAX_PROCESSES:
                limit = "processes"
                break
            if now - last_disk > 0.5:
                last_disk = now
                output_bytes, nfiles = _dir_usage(workdir)
                if output_bytes > limits.output_mb * MB:
                    limit = "output_size"
                    break
                if nfiles > limits.max_files:
                    limit = "file_count"
                    break
            if pidfd is not None:
                select.select([pidfd], [], [], poll_s)
            else:
                time.sleep(poll_s)
    finally:
        if pidfd is not None:
            os.close(pidfd)
        kill_group(pgid)
        if returncode is None:
            returncode = reap(block=True)
        # Wait until the kernel has reaped the whole group.
        deadline = time.monotonic() + 5
        survivors = group_pids(pgid)
        while survivors and time.monotonic() < deadline:
            kill_group(pgid)
            time.sleep(0.02)
            survivors = group_pids(pgid)
    wall = time.monotonic() - started
    cpu_s = max((rusage.ru_utime + rusage.ru_stime) if rusage else 0.0, sum(cpu_seen.values()))
    sig = -returncode if returncode is not None and returncode < 0 else None
    if limit is None and not cancelled and sig is not None:
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_s >= limits.cpu_limit_s()):
            limit = "cpu_time"
        elif sig == signal.SIGXFSZ:
            limit = "file_size"
    # bwrap reports the child's signal as exit status 128+N
    if kind == "bwrap" and returncode is not None and returncode > 128 and limit is None and not cancelled:
        inner = returncode - 128
        if inner == signal.SIGXCPU:
            limit = "cpu_time"
        elif inner == signal.SIGXFSZ:
            limit = "file_size"
        sig = sig or inner
    final_bytes, _ = _dir_usage(workdir)
    return Outcome(
        returncode=returncode,
        signal=sig,
        limit=limit,
        cancelled=cancelled,
        wall_s=wall,
        cpu_s=cpu_s,
        max_rss_mb=max_rss / MB,
        output_bytes=max(output_bytes, final_bytes),
        sandbox=kind,
        survivors=len(survivors),
    )
