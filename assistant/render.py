"""Markdown-ish rendering of chat text: escaped prose, LAMMPS code blocks highlighted with the
pygments-lammps lexer. Model output is untrusted: nothing is passed through unescaped."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

FENCE = re.compile(r"```([A-Za-z0-9_+-]*)\n(.*?)(?:```|\Z)", re.S)


def code_blocks(text: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(text or "")]


def _prose(text: str) -> str:
    html = escape(text)
    html = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*\n]+)\*\*", r"<strong>\1</strong>", html)
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in html.split("\n\n") if p.strip())


def render(text: str) -> str:
    out, pos = [], 0
    for index, m in enumerate(FENCE.finditer(text or "")):
        out.append(_prose(text[pos : m.start()]))
        lang = m.group(1) or "lammps"
        try:
            lexer = get_lexer_by_name("lammps" if lang in {"", "lammps", "lmp"} else lang)
        except ClassNotFound:
            lexer = get_lexer_by_name("text")
        code = highlight(m.group(2), lexer, HtmlFormatter(nowrap=True))
        out.append(f'<pre class="code" data-block="{index}"><code>{code}</code></pre>')
        pos = m.end()
    out.append(_prose((text or "")[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped or produced by pygments
