"""Real MD material for the knowledge base, read where Debian installs it (never copied into the
repository), chunked by section with the title path kept so that answers can cite the section:

- the GROMACS reference manual (`gromacs-data`, HTML; LGPL): integrators, thermostats and
  barostats, long-range electrostatics, constraints, free energy, analysis;
- the LAMMPS examples (`lammps-examples`; GPL-2): each directory's README and the comments of
  its input scripts (`assistant/corpus.py` indexes the scripts themselves);
- the LAMMPS PDFs of `lammps-doc` (e.g. the kspace notes).

Each reader returns (source, title, text) triples; a missing package gives none, and
`missing()` says which packages are absent and how to install them.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

GROMACS_MANUAL = Path(os.environ.get("MDWEB_GROMACS_MANUAL", "/usr/share/doc/gromacs/html/reference-manual"))
LAMMPS_PDFS = Path(os.environ.get("MDWEB_LAMMPS_PDFS", "/usr/share/doc/lammps/html/PDF"))
CHUNK = 1400  # characters per passage (a paragraph or two)


def missing() -> list[str]:
    from . import corpus

    out = []
    if not GROMACS_MANUAL.is_dir():
        out.append("gromacs-data (the GROMACS reference manual)")
    if not corpus.available():
        out.append("lammps-examples (the LAMMPS example scripts and READMEs)")
    if not LAMMPS_PDFS.is_dir():
        out.append("lammps-doc (the LAMMPS PDF notes)")
    return out


def _chunks(text: str, size: int = CHUNK) -> Iterator[str]:
    text = re.sub(r"\s+", " ", text).strip()
    while text:
        if len(text) <= size:
            yield text
            return
        cut = text.rfind(". ", 0, size)
        cut = cut + 1 if cut > size // 2 else size
        yield text[:cut].strip()
        text = text[cut:].strip()


def gromacs_manual() -> Iterator[tuple[str, str, str]]:
    """Sections of the GROMACS reference manual: ("gromacs:algorithms/molecular-dynamics.html#leap-frog", "Molecular
    Dynamics > The leap-frog integrator", text), each section's own text without its subsections."""
    if not GROMACS_MANUAL.is_dir():
        return
    from bs4 import BeautifulSoup

    for path in sorted(GROMACS_MANUAL.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(errors="replace"), "html.parser")
        main = soup.find("div", attrs={"role": "main"}) or soup.body or soup
        for tag in main.find_all(["script", "style"]):
            tag.decompose()
        rel = path.relative_to(GROMACS_MANUAL)
        for section in main.find_all("section"):
            titles = []
            for parent in [section, *section.find_parents("section")]:
                head = parent.find(["h1", "h2", "h3", "h4", "h5"])
                if head:
                    titles.append(head.get_text(" ", strip=True).replace("¶", "").strip())
            title = " > ".join(reversed(titles))
            own = BeautifulSoup(str(section), "html.parser").find("section")
            for sub in own.find_all("section"):
                sub.decompose()
            heading = own.find(["h1", "h2", "h3", "h4", "h5"])
            if heading:
                heading.decompose()
            text = own.get_text(" ", strip=True)
            if len(text) < 60:
                continue
            for chunk in _chunks(text):
                yield f"gromacs:{rel}#{section.get('id', '')}", title, chunk


def lammps_examples() -> Iterator[tuple[str, str, str]]:
    """READMEs of the example directories and the comments of their scripts."""
    from . import corpus

    if not corpus.available():
        return
    seen = set()
    for readme in sorted(corpus.EXAMPLES_DIR.rglob("README*")):
        if readme.is_file() and readme.suffix not in {".gz"}:
            rel = readme.relative_to(corpus.EXAMPLES_DIR)
            for chunk in _chunks(readme.read_text(errors="replace")[:20000]):
                yield f"lammps-examples:{rel}", f"LAMMPS examples: {rel.parent}", chunk
    for ex in corpus.index():
        if ex.comments and len(ex.comments) > 80 and ex.comments not in seen:
            seen.add(ex.comments)
            yield f"lammps-examples:{ex.path}", f"LAMMPS example {ex.path}: {ex.description[:80]}", ex.comments[:CHUNK]


def lammps_pdfs() -> Iterator[tuple[str, str, str]]:
    if not LAMMPS_PDFS.is_dir():
        return
    from pypdf import PdfReader

    for path in sorted(LAMMPS_PDFS.glob("*.pdf.gz")):
        try:
            reader = PdfReader(io.BytesIO(gzip.decompress(path.read_bytes())))
        except Exception:
            continue
        name = path.name.removesuffix(".pdf.gz")
        for number, page in enumerate(reader.pages[:60], start=1):
            try:
                text = page.extract_text() or ""
            except Exception:
                continue
            for chunk in _chunks(text):
                if len(chunk) > 80:
                    yield f"lammps-doc:{name}.pdf#page={number}", f"LAMMPS doc {name}, page {number}", chunk
