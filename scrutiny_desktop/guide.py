"""The user guide bundled in the program, and which of its sections answers which problem.

The guide is one HTML file inside the package (scrutiny_desktop/help/user-guide.html), so it is found
from source and in the frozen program alike and needs no network. The window shows it (Help ▸ User
guide); `scrutiny guide [SECTION]` prints it as text. Messages point here, never to a README the
officer does not have.
"""

from __future__ import annotations

import html
import re
from enum import StrEnum
from html.parser import HTMLParser

from scrutiny_desktop.resources import user_guide_path


class Section(StrEnum):
    """The guide's sections, by their anchors in the HTML."""

    OPENING = "opening"
    WRONG_FILE = "wrong-file"
    RAG = "rag"
    COMMENTARY = "commentary"
    PUBLIC = "public"
    MAPPING = "mapping"
    FILES = "files"


TITLES = {
    Section.OPENING: "Opening a workbook",
    Section.WRONG_FILE: "When the file is not the monthly workbook",
    Section.RAG: "Red, Amber, Green and the arrows",
    Section.COMMENTARY: "Commentary",
    Section.PUBLIC: "What the public appendix withholds, and why",
    Section.MAPPING: "Mapping columns",
    Section.FILES: "Where settings, headings and profiles live",
}

# Problem codes whose fix the guide explains: a refusal names the section as well as the cell.
FOR_PROBLEM = {
    "no-header-row": Section.MAPPING,
    "sheet-not-found": Section.MAPPING,
    "no-indicators": Section.MAPPING,
    "long-table-without-period": Section.MAPPING,
    "profile-unreadable": Section.MAPPING,
    "not-a-workbook": Section.WRONG_FILE,
    "appendix-not-workbook": Section.WRONG_FILE,
    "word-document": Section.WRONG_FILE,
    "excel-owner-file": Section.WRONG_FILE,
    "open-in-excel": Section.WRONG_FILE,
}


def section_for(code: str) -> Section | None:
    return FOR_PROBLEM.get(code)


def pointer(section: Section, *, window: bool = True) -> str:
    """One sentence naming the section and how to reach it (in the window, or from the command line)."""
    where = "Help ▸ User guide" if window else f"`scrutiny guide {section.value}`"
    return f"See “{TITLES[section]}” in the user guide ({where})."


def guide_html() -> str:
    return user_guide_path().read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The guide as plain text, for a terminal: headings underlined, list items bulleted."""

    _BLOCKS = frozenset({"p", "li", "h1", "h2", "ul"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "title"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag in ("h1", "h2", "p") else "\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "title"):
            self._skip -= 1
        elif tag in ("h1", "h2"):
            self.parts.append("\n" + "=" * 8)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def guide_text(section: Section | None = None) -> str:
    """The guide (or one section of it) as plain text."""
    source = guide_html()
    if section is not None:
        starts = [m.start() for m in re.finditer(r"<h2>", source)]
        begin = source.index(f'<a name="{section.value}">')
        start = max(s for s in starts if s < begin)
        later = [s for s in starts if s > start]
        source = source[start: later[0] if later else source.index("</body>")]
    parser = _Text()
    parser.feed(source)
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return html.unescape(text) + "\n"
