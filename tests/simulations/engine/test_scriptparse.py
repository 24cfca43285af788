"""The parser must see what LAMMPS executes, not what the text looks like."""

from __future__ import annotations

import pytest

from simulations.engine.scriptparse import ScriptSyntaxError, check_characters, logical_lines, parse, substitute


def test_continuation_joins_inside_a_word():
    assert logical_lines("sh&\nell ls\nrun 10") == [(1, "shell ls"), (3, "run 10")]


def test_continuation_is_tested_on_the_raw_line():
    # LAMMPS checks for '&' before removing comments: the comment continues too.
    assert logical_lines("units lj # note &\nshell ls") == [(1, "units lj # note shell ls")]


def test_triple_quotes_span_lines():
    lines = logical_lines('print """\nhello\nworld"""\nrun 0')
    assert lines[0] == (1, 'print """\nhello\nworld"""')
    assert lines[1] == (4, "run 0")


def test_unterminated_triple_quote():
    with pytest.raises(ScriptSyntaxError) as exc:
        logical_lines('print """abc\nrun 0')
    assert exc.value.lineno == 1


def test_comments_only_outside_quotes():
    cmds = parse('print "a # b" # comment\n# shell ls\n')
    assert len(cmds) == 1
    assert cmds[0].words == ["print", "a # b"]
    assert cmds[0].quoted == [False, True]


def test_substitution_forms():
    values = {"x": "1", "name": "2.5", "(v_a*2)": None}
    text, unknown = substitute("run $x ${name} $(v_a*2) '$x'", values.get)
    assert text == "run 1 2.5 \x00(v_a*2)\x00 '$x'"
    assert unknown == ["(v_a*2)"]


def test_unbalanced_quote_names_the_line():
    with pytest.raises(ScriptSyntaxError) as exc:
        parse('units lj\nprint "oops\n')
    assert exc.value.lineno == 2
    assert "unbalanced quote" in exc.value.message


@pytest.mark.parametrize("ch", ["\u201c", "\u00a0", "\x00", "\x1b"])
def test_non_ascii_and_control_characters_rejected(ch):
    with pytest.raises(ScriptSyntaxError) as exc:
        check_characters(f"units lj\nrun{ch}10\n")
    assert exc.value.lineno == 2
    assert "column 4" in exc.value.message
