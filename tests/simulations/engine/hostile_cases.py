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


# ---- values the validator cannot see: each class of bypass, at least two variants --------
# id: (script, {input name: content}, expected class, fragment of the message)
EVIL = "shell touch OUT/pwned\n"
DATAFLOW_CASES: dict[str, tuple[str, dict[str, str], str, str]] = {
    # 1. text the script writes itself and then reads
    "print_then_variable_file": (
        LJ + 'print "shell touch OUT/pwned" file cmd.txt\nvariable c file cmd.txt\n',
        {},
        "forbidden_command",
        "a file the script writes itself",
    ),
    "fix_print_then_include": (
        LJ + 'fix p all print 1 "shell touch OUT/pwned" file g.in screen no\nrun 1\ninclude g.in\n',
        {},
        "forbidden_command",
        "a file the script writes itself",
    ),
    "print_over_the_script_then_jump_self": (
        LJ + 'print "shell touch OUT/pwned" file in.lammps\njump SELF\n',
        {},
        "forbidden_command",
        "may not write 'in.lammps'",
    ),
    "print_over_an_uploaded_include": (
        LJ + 'print "shell touch OUT/pwned" file extra.in\ninclude extra.in\n',
        {"extra.in": "thermo 10\n"},
        "forbidden_command",
        "may not overwrite the uploaded input file 'extra.in'",
    ),
    "print_then_read_data": (
        LJ + 'print "fake" file fake.data\nread_data fake.data add append\n',
        {},
        "forbidden_command",
        "which this script writes with `print`",
    ),
    "write_over_library_potential": (
        LJ + 'print "junk" file Cu_u3.eam\n',
        {},
        "forbidden_command",
        "would hide the potentials library's file",
    ),
    # 2. an if condition taken from a file-style variable
    "if_condition_from_file_variable": (
        LJ + 'variable a file cond.txt\nif "${a}" then "print yes"\n',
        {"cond.txt": '1 then "shell touch OUT/pwned"\n'},
        "forbidden_command",
        "if condition uses variable 'a'",
    ),
    "if_unquoted_condition_from_file_variable": (
        LJ + 'variable a file cond.txt\nif ${a} then "print yes"\n',
        {"cond.txt": '1 then "shell touch OUT/pwned"\n'},
        "forbidden_command",
        "variable 'a' is substituted",
    ),
    "elif_condition_from_atomfile": (
        LJ + 'variable a atomfile cond.txt\nif "1 < 0" then "print no" elif "v_a > 0" "print yes"\n',
        {"cond.txt": "1\n"},
        "forbidden_command",
        "if condition uses variable 'a'",
    ),
    # 3. a style name from a file-style variable
    "fix_style_from_file_variable": (
        LJ + "variable s file style.txt\nfix 2 all ${s} 10 post_force f\n",
        {"style.txt": "python/invoke\n"},
        "forbidden_command",
        "variable 's' is substituted",
    ),
    "pair_style_from_format_variable": (
        LJ + 'variable x equal 2.5\nvariable p format x "%g shell"\npair_style lj/cut ${p}\n',
        {},
        "forbidden_command",
        "must be one number format",
    ),
    "dump_style_from_unknown_equal": (
        LJ + "variable d equal step\ndump 1 all ${d} 10 d.txt\n",
        {},
        "forbidden_command",
        "dump style comes from variable(s) d",
    ),
    # 4. a path from a file-style variable
    "read_data_path_from_file_variable": (
        "units lj\natom_style atomic\nvariable f file name.txt\nread_data ${f}\n",
        {"name.txt": "/etc/passwd\n"},
        "forbidden_command",
        "variable 'f' is substituted",
    ),
    "dump_path_from_next_of_file_variable": (
        LJ + "variable f file names.txt\nnext f\ndump 1 all atom 10 ${f}\n",
        {"names.txt": "a.txt\nOUT/pwned\n"},
        "forbidden_command",
        "variable 'f' is substituted",
    ),
    # 5. getenv reached through a variable
    "getenv_style_from_string_variable": (
        LJ + "variable s string getenv\nvariable k ${s} SECRET_KEY\nprint ${k}\n",
        {},
        "forbidden_command",
        "getenv` is not allowed",
    ),
    "getenv_style_after_next_in_a_loop": (
        LJ + "variable s index equal getenv\nlabel top\nvariable k ${s} HOME\nnext s\njump SELF top\n",
        {},
        "forbidden_command",
        "getenv` is not allowed",
    ),
    "getenv_through_reference_in_quotes": (
        LJ + 'variable s index "${t}"\nvariable t string getenv\nvariable k ${s} HOME\n',
        {},
        "forbidden_command",
        "getenv` is not allowed",
    ),
    # 6. include nesting deeper than the walk
    "include_chain_six_deep": (
        LJ + "include i1.in\n",
        {
            "i1.in": "include i2.in\n",
            "i2.in": "include i3.in\n",
            "i3.in": "include i4.in\n",
            "i4.in": "include i5.in\n",
            "i5.in": "include i6.in\n",
            "i6.in": EVIL,
        },
        "forbidden_command",
        "more than 5 files deep",
    ),
    "include_itself": (
        LJ + "include loop.in\n",
        {"loop.in": "include loop.in\n" + EVIL},
        "forbidden_command",
        "includes itself",
    ),
    # 7. compressed names in commands other than dump/write_dump/read_data
    "compressed_molecule_name": (
        LJ + 'molecule m "m`touch pwned`.gz"\n',
        {},
        "forbidden_path",
        "a shell would interpret",
    ),
    "compressed_fix_ave_time_file": (
        LJ + 'compute t all temp\nfix 3 all ave/time 10 1 10 c_t file "t$(touch p).xz"\n',
        {},
        "forbidden_path",
        "a shell would interpret",
    ),
    "compressed_read_dump_name": (
        LJ + 'read_dump "d;touch pwned;.bz2" 0 x y z\n',
        {},
        "forbidden_path",
        "a shell would interpret",
    ),
    "compressed_name_in_an_unknown_position": (
        LJ + 'fix 4 all ave/histo 10 1 10 0 1 10 c_x mode vector "h`id`.zst"\n',
        {},
        "forbidden_path",
        "a shell would interpret",
    ),
    # 8. values that change after `next` (index variables walked once by a naive check)
    "next_turns_a_style_into_python": (
        LJ + "variable s index nve python/invoke\nlabel top\nfix 2 all ${s}\nnext s\njump SELF top\n",
        {},
        "forbidden_command",
        "python/invoke",
    ),
    "next_turns_a_file_into_a_path": (
        LJ + "variable f index a.txt /etc/passwd\nlabel top\nread_dump ${f} 0 x\nnext f\njump SELF top\n",
        {"a.txt": "x\n"},
        "forbidden_path",
        "/etc/passwd",
    ),
}

# Harmless look-alikes: they must run.
LOOKALIKES: dict[str, tuple[str, dict[str, str]]] = {
    "quoted_text_mentioning_shell": (
        LJ + 'print "use the shell command to run ${c}"\nrun 10\n'.replace("${c}", "ls"),
        {},
    ),
    "comment_mentioning_include_of_written_file": (LJ + "# print ... file x then include x\nrun 10\n", {}),
    "compressed_dump_in_the_run_directory": (LJ + "dump 1 all atom 5 dump.atom.gz\nrun 10\n", {}),
    "compressed_named_input_read": (
        "units lj\natom_style atomic\nread_data data.lj.gz\nmass 1 1.0\npair_style lj/cut 2.5\n"
        "pair_coeff 1 1 1.0 1.0\nfix 1 all nve\nrun 10\n",
        {"data.lj.gz": "GZIP:data"},
    ),
    "write_data_then_read_data": (
        LJ + "run 0\nwrite_data snap.data\nclear\nunits lj\natom_style atomic\npair_style lj/cut 2.5\n"
        "read_data snap.data\nfix 1 all nve\nrun 10\n",
        {},
    ),
    "index_variable_loop_over_plain_names": (
        LJ + "variable t index 1.0 1.5\nlabel top\nfix 2 all langevin ${t} ${t} 0.5 48279\nrun 10\n"
        "unfix 2\nnext t\njump SELF top\n",
        {},
    ),
    "file_variable_used_in_a_formula": (
        LJ + "variable a file temps.txt\nvariable T equal v_a*2\nvelocity all create ${T} 4928\nrun 10\n",
        {"temps.txt": "0.5\n"},
    ),
}
