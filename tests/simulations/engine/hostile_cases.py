"""Hostile and malformed scripts with the class and message each must get.

OUT is replaced by an absolute directory outside the run directory; the tests check that
nothing appears there and that no process survives.
"""

from __future__ import annotations

LJ = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
fix 1 all nve
"""

# id: (script, expected class, fragment of the message)
CASES: dict[str, tuple[str | bytes, str, str]] = {
    "shell": (LJ + "shell touch OUT/pwned\n", "forbidden_command", "shell"),
    "shell_continuation": (LJ + "sh&\nell touch OUT/pwned\n", "forbidden_command", "shell"),
    "shell_via_variable": (
        LJ + "variable c string shell\n${c} touch OUT/pwned\n",
        "forbidden_command",
        "may not come from a variable",
    ),
    "shell_in_if": (LJ + 'if "1 > 0" then "shell touch OUT/pwned"\n', "forbidden_command", "shell"),
    "shell_in_run_every": (LJ + 'run 10 every 5 "shell touch OUT/pwned"\n', "forbidden_command", "shell"),
    "shell_lookalike": ((LJ + "sh\u0435ll touch OUT/pwned\n").encode(), "invalid_syntax", "is not ASCII"),
    "plugin_load": (LJ + "plugin load OUT/evil.so\n", "forbidden_command", "plugin"),
    "python": (LJ + 'python f source here "import os"\n', "forbidden_command", "python"),
    "fix_python": (LJ + "fix 2 all python/invoke 10 post_force f\n", "forbidden_command", "python"),
    "geturl": (LJ + "geturl http://example.com/x.eam\n", "forbidden_command", "geturl"),
    "getenv": (LJ + "variable k getenv SECRET_KEY\nprint ${k}\n", "forbidden_command", "getenv"),
    "read_data_abs": ("units lj\natom_style atomic\nread_data /etc/passwd\n", "forbidden_path", "/etc/passwd"),
    "read_data_dotdot": ("units lj\natom_style atomic\nread_data ../../data.x\n", "forbidden_path", "../../data.x"),
    "include_abs": ("include /etc/passwd\n", "forbidden_path", "/etc/passwd"),
    "jump_abs": ("jump /etc/passwd\n", "forbidden_path", "/etc/passwd"),
    "molecule_dotdot": (LJ + "molecule m ../mol.txt\n", "forbidden_path", "../mol.txt"),
    "pair_coeff_abs": (
        "units metal\natom_style atomic\nlattice fcc 3.6\nregion box block 0 2 0 2 0 2\ncreate_box 1 box\n"
        "create_atoms 1 box\npair_style eam\npair_coeff 1 1 /etc/passwd\n",
        "forbidden_path",
        "/etc/passwd",
    ),
    "log_abs": (LJ + "log OUT/log.txt\n", "forbidden_path", "OUT/log.txt"),
    "print_file_dotdot": (LJ + 'print "x" file ../pwned\n', "forbidden_path", "../pwned"),
    "print_append_abs": (LJ + 'print "x" append OUT/pwned\n', "forbidden_path", "OUT/pwned"),
    "dump_abs": (LJ + "dump 1 all atom 100 OUT/dump.atom\n", "forbidden_path", "OUT/dump.atom"),
    "dump_compressed": (LJ + 'dump 1 all atom 100 "x`touch pwned`.gz"\n', "forbidden_path", ".gz"),
    "write_data_dotdot": (LJ + "write_data ../out.data\n", "forbidden_path", "../out.data"),
    "write_restart_abs": (LJ + "write_restart OUT/r.restart\n", "forbidden_path", "OUT/r.restart"),
    "restart_dotdot": (LJ + "restart 100 ../a.rst ../b.rst\n", "forbidden_path", "../a.rst"),
    "fix_ave_time_file": (
        LJ + "compute t all temp\nfix 3 all ave/time 10 1 10 c_t file OUT/t.txt\n",
        "forbidden_path",
        "OUT/t.txt",
    ),  # fmt: skip
    "fix_print_file": (LJ + 'fix 3 all print 10 "x" file ../x.txt\n', "forbidden_path", "../x.txt"),
    "write_then_include": (
        LJ + 'print "shell touch OUT/pwned" file g.in\ninclude g.in\n',
        "forbidden_command",
        "a file the script writes itself",
    ),  # fmt: skip
    "variable_file_abs": (LJ + "variable f file /etc/hostname\n", "forbidden_path", "/etc/hostname"),
    "unknown_style": (LJ.replace("lj/cut 2.5", "lj/cutt 2.5"), "unknown_style", "lj/cutt"),
    "unknown_command": (LJ + "equilibrate 100\n", "unknown_command", "equilibrate"),
    "unbalanced_quote": (LJ + 'print "hello\nrun 10\n', "invalid_syntax", "unbalanced quote"),
    "undefined_variable": (LJ + "run ${nsteps}\n", "undefined_variable", "'nsteps' is used but never defined"),
    "empty": ("", "empty_script", "empty"),
    "only_comments": ("# nothing here\n\n   \n# shell id\n", "empty_script", "only comments"),
    "binary_garbage": (bytes(range(256)) * 16, "invalid_syntax", "is not ASCII"),
    "huge_run": (LJ + "run 1000000000000\n", "limit_exceeded", "1,000,000,000,000 steps"),
    "huge_box": (LJ.replace("0 3 0 3 0 3", "0 630 0 630 0 630"), "limit_exceeded", "atoms"),
    "huge_replicate": (LJ + "replicate 100 100 100\n", "limit_exceeded", "atoms"),
    "huge_script": (b"# " + b"x" * (50 * 1024 * 1024), "limit_exceeded", "52,428,802 bytes"),
}
