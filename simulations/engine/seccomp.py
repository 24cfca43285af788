"""The seccomp profile of a LAMMPS run: the system calls a simulation never needs.

Default allow, deny a list: LAMMPS reads and writes files, allocates memory, spawns threads
and (for compressed files) `/bin/sh`; it never mounts, traces, loads kernel code or opens a
network socket. Built with libseccomp through `pyseccomp` (ctypes, the same API as
libseccomp's own Python bindings). The filter is exported as BPF bytes for bubblewrap's
`--seccomp FD`, or loaded in the child before exec when there is no bubblewrap.

Only the native architecture is allowed: libseccomp's bad-architecture action kills a
thread that makes a 32-bit (int 0x80) or x32 system call, so a denied call cannot be
reached through another ABI.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
from dataclasses import dataclass

# name -> why it is denied (the README and SECURITY.md print this table)
DENIED: dict[str, str] = {
    "mount": "mount filesystems",
    "umount2": "unmount filesystems",
    "pivot_root": "change the root filesystem",
    "chroot": "change the root directory",
    "open_tree": "new mount API",
    "move_mount": "new mount API",
    "fsopen": "new mount API",
    "fsconfig": "new mount API",
    "fsmount": "new mount API",
    "fspick": "new mount API",
    "mount_setattr": "new mount API",
    "ptrace": "trace or inject into other processes",
    "process_vm_readv": "read another process's memory",
    "process_vm_writev": "write another process's memory",
    "kexec_load": "load a new kernel",
    "kexec_file_load": "load a new kernel",
    "init_module": "load kernel modules",
    "finit_module": "load kernel modules",
    "delete_module": "unload kernel modules",
    "keyctl": "kernel keyrings",
    "add_key": "kernel keyrings",
    "request_key": "kernel keyrings",
    "bpf": "load BPF programs",
    "perf_event_open": "performance counters (side channels, kernel attack surface)",
    "unshare": "create namespaces",
    "setns": "enter other namespaces",
    "userfaultfd": "kernel exploit primitive",
    "open_by_handle_at": "open files by handle, bypassing paths",
    "name_to_handle_at": "file handles",
    "fanotify_init": "watch other processes' file access",
    "io_uring_setup": "io_uring bypasses system-call filtering",
    "io_uring_enter": "io_uring bypasses system-call filtering",
    "io_uring_register": "io_uring bypasses system-call filtering",
    "reboot": "reboot",
    "swapon": "swap",
    "swapoff": "swap",
    "acct": "process accounting",
    "quotactl": "disk quotas",
    "syslog": "kernel log",
    "iopl": "I/O ports",
    "ioperm": "I/O ports",
    "settimeofday": "set the clock",
    "clock_settime": "set the clock",
    "clock_adjtime": "set the clock",
    "adjtimex": "set the clock",
    "uselib": "obsolete library loading",
    "vhangup": "terminal hang-up",
    "lookup_dcookie": "kernel profiling",
}

# clone() with one of these flags would create a namespace.
CLONE_NAMESPACE_FLAGS = {
    "CLONE_NEWNS": 0x00020000,
    "CLONE_NEWCGROUP": 0x02000000,
    "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000,
    "CLONE_NEWUSER": 0x10000000,
    "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000,
}
TIOCSTI = 0x5412  # push characters into a terminal's input


# MPI ranks of one run copy messages between each other's memory (MPICH's CMA path).
MPI_SYSCALLS = ("process_vm_readv", "process_vm_writev")


@dataclass(frozen=True)
class Profile:
    """What a run may do beyond the default. MPI ranks (`mpi`) may read each other's memory
    (they see only their own run's processes: a pid namespace, or the same unprivileged uid);
    `allow_inet`: loopback TCP inside the sandbox's own, empty network namespace."""

    allow_inet: bool = False
    mpi: bool = False

    def describe(self) -> dict:
        return {
            "default": "allow",
            "denied_syscalls": sorted(DENIED),
            "clone_namespace_flags": "denied",
            "clone3": "ENOSYS (glibc falls back to clone, whose flags are checked)",
            "socket_families": "AF_UNIX"
            + (
                ", AF_INET, AF_INET6 (loopback only: no network namespace)" if self.allow_inet else " only"
            ),  # fmt: skip
            "ioctl_TIOCSTI": "denied",
            "process_vm_readv/writev": "allowed between MPI ranks" if self.mpi else "denied",
            "other_architectures": "killed",
        }

    def summary(self) -> str:
        d = self.describe()
        return (
            f"{len(d['denied_syscalls'])} system calls denied (mount, ptrace, bpf, unshare, ...); "
            f"sockets: {d['socket_families']}; MPI memory copy: {d['process_vm_readv/writev']}"
        )


def available() -> bool:
    try:
        _build(Profile())
    except Exception:  # libseccomp missing, or pyseccomp not installed
        return False
    return True


def _build(profile: Profile):
    import pyseccomp as sc

    f = sc.SyscallFilter(sc.ALLOW)
    eperm = sc.ERRNO(errno.EPERM)
    for name in DENIED:
        if profile.mpi and name in MPI_SYSCALLS:
            continue
        try:
            f.add_rule(eperm, name)
        except (RuntimeError, ValueError, OSError):
            continue  # a system call this kernel/libseccomp does not know
    for flag in CLONE_NAMESPACE_FLAGS.values():
        f.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    f.add_rule(eperm, "ioctl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    allowed = {socket.AF_UNIX} | ({socket.AF_INET, socket.AF_INET6} if profile.allow_inet else set())
    no_family = sc.ERRNO(errno.EAFNOSUPPORT)
    for call in ("socket", "socketpair"):
        # libseccomp takes one comparison per argument and rule: deny each family below the
        # highest allowed one that is not allowed, and everything above it.
        for family in range(max(allowed)):
            if family not in allowed:
                f.add_rule(no_family, call, sc.Arg(0, sc.EQ, family))
        f.add_rule(no_family, call, sc.Arg(0, sc.GT, max(allowed)))
    return f


@functools.lru_cache(maxsize=4)
def bpf(profile: Profile = Profile()) -> bytes:  # noqa: B008 - frozen dataclass
    """The compiled filter, for bubblewrap's --seccomp FD."""
    f = _build(profile)
    read_fd, write_fd = os.pipe()
    try:
        with os.fdopen(write_fd, "wb") as out:
            f.export_bpf(out)
        chunks = []
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(read_fd)
    return b"".join(chunks)


def load(profile: Profile = Profile()) -> None:  # noqa: B008
    """Load the filter into the calling process (and so into what it executes). Sets
    no_new_privs, as libseccomp does by default."""
    _build(profile).load()
