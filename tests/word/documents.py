"""Reading Word documents back, as a person (or Word) would see them: paragraphs, headers, properties."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx

from scrutiny_desktop.domain.changes import RatingChanges, changes_since_previous_period
from scrutiny_desktop.domain.disclosure import redact
from scrutiny_desktop.domain.report import build_report
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.word.report_writer import write_report
from tests.public_files import zip_parts
from tests.workbooks import pdf_with_libreoffice


@dataclass(frozen=True)
class Para:
    style: str
    text: str
    runs: tuple[tuple[str, str | None], ...]  # each run's text and character style


def paragraphs(path: Path) -> list[Para]:
    """The body's paragraphs in order, with their style names and runs."""
    document = docx.Document(str(path))
    found = []
    for p in document.paragraphs:
        runs = tuple((r.text, r.style.name if r.style is not None and r.style.name != "Default Paragraph Font"
                      else None) for r in p.runs)
        found.append(Para(p.style.name if p.style is not None else "", p.text, runs))
    return found


def texts(path: Path, style: str | None = None) -> list[str]:
    return [p.text for p in paragraphs(path) if style is None or p.style == style]


def section_under(path: Path, heading: str) -> list[str]:
    """The paragraphs after the heading that starts with `heading`, up to the next heading."""
    body = paragraphs(path)
    start = next(i for i, p in enumerate(body) if p.style.startswith("Heading") and p.text.startswith(heading))
    following = []
    for p in body[start + 1:]:
        if p.style.startswith("Heading"):
            break
        following.append(p.text)
    return following


def headers_and_footers(path: Path) -> dict[str, list[str]]:
    """Each header and footer of each section (default, first page, even pages) as its paragraphs' text."""
    document = docx.Document(str(path))
    found: dict[str, list[str]] = {}
    for n, section in enumerate(document.sections):
        for kind in ("header", "first_page_header", "even_page_header", "footer", "first_page_footer",
                     "even_page_footer"):
            story = getattr(section, kind)
            found[f"{n} {kind}"] = [] if story.is_linked_to_previous else [p.text for p in story.paragraphs]
    return found


def everything(path: Path) -> str:
    """Every part of the zip as text, XML entities undone: where a leak would have to be."""
    raw = "".join(data.decode("utf-8", "replace") for data in zip_parts(path).values())
    return raw.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&apos;", "'")


def write_drafts(review: Review, folder: Path, changes: RatingChanges | None = None,
                 template: Path | None = None) -> tuple[Path, Path]:
    """Part 1 and Part 2 of `review` written by the writer alone (no audit): (part1, part2)."""
    folder.mkdir(parents=True, exist_ok=True)
    found = changes if changes is not None else changes_since_previous_period(review)
    redaction = redact(review)
    part1, part2 = folder / "report-part1.docx", folder / "report-part2.docx"
    write_report(build_report(review, found, redaction=redaction, public=True), part1, template)
    write_report(build_report(review, found), part2, template)
    return part1, part2


def pdf_pages(document: Path, out_dir: Path) -> list[str]:
    """The document printed by LibreOffice, as the text of each page (pdftotext, one page at a time)."""
    pdf = pdf_with_libreoffice(document, out_dir)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
