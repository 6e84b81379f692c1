"""Audit a public (Part 1) report draft: open the .docx as a zip and list everything that could leak.

As for the public appendix (xlsx.py, beside it over the zip reading, container, relationship and
property checks of common.py), the file is never opened with python-docx, which shows only what
it understands. The parts a report needs are allowed; everything else is a finding (comments,
custom XML, pictures, the thumbnail, embedded objects, macros, AutoText). The allowed parts are
checked for the ways Word hides text: hidden runs, white or tiny text, tracked changes that keep
deleted text, comment marks, fields that pull text from elsewhere, drawings with alternative
text, content controls, document variables. With the source review, every withheld figure and
every confidential text is searched for in every part; a paragraph under "3.5.1 Indicator 25: …"
is searched as indicator 25's, so its own withheld figures are found even where another
indicator publishes the same number.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from scrutiny_desktop.audit.common import (
    MIN_CONTRAST,
    Audit,
    FileAudit,
    Package,
    binary_text,
    clip,
    confidential_file,
    contrast,
    report_exposures,
    tag_name,
    walk,
)
from scrutiny_desktop.audit.withheld import Exposure, WithheldSearch
from scrutiny_desktop.domain.changes import NOTHING_TO_COMPARE
from scrutiny_desktop.domain.disclosure import DEFAULT_RULES, DisclosureRules, Redaction, redact
from scrutiny_desktop.domain.problems import UnusableWorkbook, error
from scrutiny_desktop.domain.report import SECTION, build_report
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION, Settings
from scrutiny_desktop.excel.package import parse_part
from scrutiny_desktop.word.report_writer import DRAFT_NOTE

MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ALLOWED_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:core|app)\.xml|word/document\.xml"
    r"|word/_rels/(?:document|header\d+|footer\d+)\.xml\.rels"
    r"|word/(?:styles|stylesWithEffects|settings|webSettings|fontTable|numbering|footnotes|endnotes)\.xml"
    r"|word/theme/theme\d+\.xml|word/(?:header|footer)\d+\.xml"
)
# Why each kind of part fails, first match wins; anything else is "not a part a report needs".
_PART_KINDS = (
    ("word/comments", "comments, with their authors"),
    ("word/people.xml", "the names of the people who commented on or changed the text"),
    ("customXml/", "custom XML data"),
    ("docProps/custom.xml", "custom document properties"),
    ("docProps/thumbnail", "a picture of the first page"),
    ("word/media/", "a picture, which no text search can read and which can carry its own details"),
    ("word/embeddings/", "an embedded object or document"),
    ("vbaProject", "macros (VBA)"),
    ("word/glossary/", "building blocks and AutoText, which are kept out of sight"),
    ("word/activeX/", "a form control"),
    ("word/fonts/", "embedded fonts"),
    ("word/printerSettings/", "printer settings, which can name a device or a person"),
    ("word/charts/", "a chart, which caches the values it plots"),
    ("word/diagrams/", "a SmartArt diagram and its data"),
    ("word/webextensions/", "an add-in and its data"),
)
_STORY = re.compile(r"word/(?:document|header\d+|footer\d+|footnotes|endnotes|comments)\.xml")
_TRACKED = frozenset({"del", "ins", "moveFrom", "moveTo", "delText", "delInstrText", "cellDel", "cellIns",
                      "cellMerge"})
_COMMENT_MARKS = frozenset({"commentRangeStart", "commentRangeEnd", "commentReference"})
_DRAWINGS = frozenset({"drawing", "pict", "object", "AlternateContent"})
_EMBEDDED = frozenset({"altChunk", "subDoc"})
_HIDDEN = frozenset({"vanish", "specVanish", "webHidden"})
_TEXT = frozenset({"t", "delText", "instrText"})
_ALLOWED_FIELD = re.compile(r"\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b(?:\s*\\\*\s*\w+)*\s*", re.I)
_MIN_HALF_POINTS = 8  # 4-point type: too small to read
# Attributes whose values are text a reader sees or Word shows (alternative text, captions, fields).
_TEXT_ATTRIBUTES = frozenset({"descr", "title", "instr"})
_TEXT_VALUES = frozenset({"tblCaption", "tblDescription", "docVar", "alias", "tag"})
# A numbered exception's heading, "3.5.1 Indicator 25: ...", and a line naming one, "Indicator 22: ...".
_EXCEPTION_HEADING = re.compile(r"\s*\d+(?:\.\d+)+\s+Indicator\s+([^\s:]+)\s*:", re.I)
_INDICATOR_LINE = re.compile(r"\s*Indicator\s+([^\s:]+)\s*:", re.I)


def audit_report(
    path: Path | str,
    *,
    organisation: str = DEFAULT_ORGANISATION,
    source: Review | None = None,
    redaction: Redaction | None = None,
    rules: DisclosureRules = DEFAULT_RULES,
) -> Audit:
    """Every finding in a public report draft. Raises `UnusableWorkbook` when the file is not a .docx at all.

    `organisation` is the only author the properties may name. With `source` (the review the
    report was made from), withheld figures and confidential text are searched for too.
    """
    path = Path(path)
    data, zf = _open_docx(path)
    search = None
    if source is not None:
        withheld = redaction or redact(source, rules)
        search = _report_search(source, withheld, rules, organisation)
    auditor = _DocumentAudit(Package(path.name, data, zf, ALLOWED_PARTS, "public report draft"), organisation, search)
    auditor.run()
    return auditor.findings.audit(path, search is not None)


def _open_docx(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    name = path.name
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise UnusableWorkbook([error(
                "document-too-large", f"{name} is far larger than a report draft, so it cannot be audited.")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnusableWorkbook([error("file-not-found", f"There is no file at {path}.")]) from None
    except OSError as exc:
        raise UnusableWorkbook([error("not-a-document", f"{name} cannot be read ({exc.strerror}).")]) from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UnusableWorkbook([error("not-a-document", f"{name} is not a Word document (.docx).")]) from None
    if "word/document.xml" not in names:
        raise UnusableWorkbook([error("not-a-document", f"{name} is a zip file but not a Word document (.docx).")])
    return data, zf


def _report_search(review: Review, redaction: Redaction, rules: DisclosureRules, organisation: str) -> WithheldSearch:
    """The appendix's search, knowing what a report prints besides each indicator's own text.

    The report's own sentences (its summary, the referral to Part 2, the figures of the public
    exceptions) are public words, so a confidential commentary that shares wording with them ("as at
    the end of October") is not reported for it; the counts of ratings and the section number are
    public numbers outside any indicator's paragraphs.
    """
    draft = build_report(review, NOTHING_TO_COMPARE, Settings(organisation=organisation), redaction, public=True)
    sentences = [draft.heading, draft.section_heading, DRAFT_NOTE, *draft.summary, *draft.introduction]
    sentences += [text for e in draft.exceptions for text in (e.heading, e.figures)]
    search = WithheldSearch(review, redaction, rules, public_words=sentences)
    counts = [*review.counts.values(), len(review.items), len(review.exceptions)]
    for number in (*(str(n) for n in counts), SECTION):
        search.anywhere.add_text(number)
    return search


class _DocumentAudit(FileAudit):
    """The checks of a .docx, over the package and findings every audit shares (`common.py`)."""

    def run(self) -> None:
        self.package.read(self.findings, parse_part)
        for name in sorted(self.parts):
            if ALLOWED_PARTS.fullmatch(name) and name.endswith((".xml", ".rels")) and name not in self.trees:
                self.add(name, "", "unreadable-part",
                         "This part is not well-formed XML (or uses entities), so it cannot be checked.")
        self.package.check_parts(self.findings, _PART_KINDS)
        self.package.check_relationships(self.findings)
        for part, tree in sorted(self.trees.items()):
            if _STORY.fullmatch(part):
                self._check_story(part, tree)
        styles = self.trees.get("word/styles.xml")
        if styles is not None:
            self._check_styles(styles)
        settings = self.trees.get("word/settings.xml")
        if settings is not None:
            self._check_settings(settings)
        self.package.check_properties(self.findings, self.organisation, set())
        if self.search is not None:
            self._search_stories()
            self._search_parts()
        else:
            confidential_file(self.findings, self.package, self._first_words())
        self.findings.close()

    def _first_words(self) -> Iterator[tuple[str, str, str, bool]]:
        """What a reader sees first: the title and subject, the page headers, the first paragraphs."""
        for name, text in self.package.property_texts():
            yield "docProps/core.xml", name, text, name in ("title", "subject")
        for part, tree in sorted(self.trees.items()):
            if re.fullmatch(r"word/header\d+\.xml", part):
                yield part, "the page header", " ".join(_paragraph_text(p) for p in _paragraphs(tree)), True
        document = self.trees.get("word/document.xml")
        paragraphs = [p for p in (_paragraphs(document) if document is not None else ()) if _paragraph_text(p).strip()]
        for number, paragraph in enumerate(paragraphs[:3], start=1):
            yield "word/document.xml", f"paragraph {number}", _paragraph_text(paragraph), number == 1

    # -- the text of the document, its headers, footers and notes ---------------------------

    def _check_story(self, part: str, tree: Element) -> None:
        for number, paragraph in enumerate(_paragraphs(tree), start=1):
            self._check_nodes(part, f"paragraph {number}", walk(paragraph, skip=("p",)),
                              clip(_paragraph_text(paragraph), 60))
        # Between and around the paragraphs: an embedded document (altChunk), a content control or custom
        # XML wrapping whole paragraphs, a tracked change to a table row.
        outside = (node for node in walk(tree, skip=("p",)) if tag_name(node.tag) != "p")
        self._check_nodes(part, "between paragraphs", outside, "")

    def _check_nodes(self, part: str, where: str, nodes: Iterable[Element], text: str) -> None:
        for node in nodes:
            if not node.tag.startswith(W):
                if tag_name(node.tag) in _DRAWINGS:
                    self._drawing(part, where, node)
                continue
            self._check_node(part, where, node, text)

    def _check_node(self, part: str, where: str, node: Element, text: str) -> None:
        local = tag_name(node.tag)
        if local in _TRACKED or local.endswith("Change"):
            self.add(part, where, "tracked-change",
                     f"{where} holds a tracked change ({local}), which keeps the old text and who changed it: "
                     "accept or reject all changes.")
        elif local in _COMMENT_MARKS:
            self.add(part, where, "comment", f"{where} is marked for a comment ('{text}').")
        elif local in _DRAWINGS:
            self._drawing(part, where, node)
        elif local in _EMBEDDED:
            self.add(part, where, "embedded-object", f"{where} embeds another document ({local}).")
        elif local in ("customXml", "smartTag"):
            self.add(part, where, "custom-xml", f"{where} holds custom XML markup ({local}).")
        elif local in ("sdt", "dataBinding"):
            self.add(part, where, "content-control",
                     f"{where} holds a content control, whose placeholder or bound data can hold text.")
        elif local == "instrText" and not _ALLOWED_FIELD.fullmatch(node.text or ""):
            self._field(part, where, node.text or "")
        elif local == "fldSimple" and not _ALLOWED_FIELD.fullmatch(_w(node, "instr")):
            self._field(part, where, _w(node, "instr"))
        elif local == "r":
            r_pr = node.find(f"{W}rPr")
            if r_pr is not None:
                self._check_run_look(part, where, r_pr, text)

    def _drawing(self, part: str, where: str, node: Element) -> None:
        self.add(part, where, "drawing",
                 f"{where} holds a drawing, picture or text box ({tag_name(node.tag)}), whose alternative text and "
                 "contents are easy to miss.")

    def _field(self, part: str, where: str, instruction: str) -> None:
        self.add(part, where, "field",
                 f"{where} holds a field ('{clip(instruction, 50)}'), which Word fills in from elsewhere: only page "
                 "numbers are allowed.")

    def _check_run_look(self, part: str, where: str, r_pr: Element, text: str) -> None:
        """Hidden, white or tiny text in a run (a paragraph mark's properties are not a run's: no text of its own)."""
        for child in r_pr:
            local = tag_name(child.tag)
            if local in _HIDDEN and _on(child):
                self.add(part, where, "hidden-text", f"{where} holds hidden text ({local}): '{text}'.")
        problem = _invisible(r_pr)
        if problem:
            self.add(part, where, "invisible-text", f"{where} holds text that cannot be read ({problem}): '{text}'.")

    def _check_styles(self, styles: Element) -> None:
        """A paragraph or character style (or the document defaults) that hides or whitens its text."""
        part = "word/styles.xml"
        for style in list(styles.iter(f"{W}style")) + list(styles.iter(f"{W}rPrDefault")):
            if _w(style, "type") not in ("", "paragraph", "character"):
                continue
            name = _w(style, "styleId") or "document defaults"
            r_pr = next(iter(style.iter(f"{W}rPr")), None)
            if r_pr is None:
                continue
            if any(tag_name(c.tag) in _HIDDEN and _on(c) for c in r_pr):
                self.add(part, name, "hidden-text", f"The style '{name}' hides the text written in it.")
            problem = _invisible(r_pr)
            if problem:
                self.add(part, name, "invisible-text", f"The style '{name}' makes its text unreadable ({problem}).")

    def _check_settings(self, settings: Element) -> None:
        part = "word/settings.xml"
        for node in settings:
            local = tag_name(node.tag)
            if local == "docVars":
                self.add(part, local, "hidden-data",
                         "The document holds document variables, values kept in the file that no page shows.")
            elif local == "attachedTemplate":
                self.add(part, local, "personal-data",
                         f"The document names its template's path ('{clip(_w(node, 'id') or _w(node, 'val'), 60)}'), "
                         "which can name a person's folder.")
            elif local == "mailMerge":
                self.add(part, local, "hidden-data", "The document holds a mail merge with its data source.")

    # -- withheld figures and confidential text -------------------------------------------------

    def _search_stories(self) -> None:
        """Each paragraph's text, as the indicator's it is about (by the heading it sits under)."""
        assert self.search is not None
        for part, tree in sorted(self.trees.items()):
            if not _STORY.fullmatch(part):
                continue
            owner: str | None = None
            for number, paragraph in enumerate(_paragraphs(tree), start=1):
                text = _paragraph_text(paragraph)
                heading = _EXCEPTION_HEADING.match(text)
                if heading:
                    owner = self.search.owner(heading.group(1), ())
                elif _is_heading(paragraph):
                    owner = None
                named = _INDICATOR_LINE.match(text)
                mine = self.search.owner(named.group(1), ()) if named else owner
                self._exposed(part, f"paragraph {number}", self.search.text(text, mine))

    def _search_parts(self) -> None:
        assert self.search is not None
        for part, data in self.parts.items():
            tree = self.trees.get(part)
            if tree is None:
                for text in binary_text(data):
                    self._exposed(part, "", self.search.text(text, values=False))
                continue
            allowed = ALLOWED_PARTS.fullmatch(part) is not None
            for where, text, values in _other_texts(tree, story=_STORY.fullmatch(part) is not None):
                self._exposed(part, where, self.search.text(text, values=values or not allowed))

    def _exposed(self, part: str, where: str, found: Iterable[Exposure]) -> None:
        report_exposures(self.findings, part, where, found, "public report")


def _w(node: Element, name: str) -> str:
    return node.get(f"{W}{name}", "")


def _on(toggle: Element) -> bool:
    """A Word on/off property: on unless its value says otherwise."""
    return _w(toggle, "val").lower() not in ("0", "false", "off")


def _invisible(r_pr: Element) -> str:
    """Why the text of these run properties cannot be read, or "" (white on no shading, 4-point or smaller)."""
    colour = next((c for c in r_pr if tag_name(c.tag) == "color"), None)
    shaded = any(tag_name(c.tag) in ("shd", "highlight") for c in r_pr)
    value = _w(colour, "val").upper() if colour is not None else ""
    if re.fullmatch(r"[0-9A-F]{6}", value) and not shaded and contrast(value, "FFFFFF") < MIN_CONTRAST:
        return f"#{value} on white"
    size = next((c for c in r_pr if tag_name(c.tag) == "sz"), None)
    if size is not None:
        try:
            half_points = float(_w(size, "val"))
        except ValueError:
            return ""
        if half_points < _MIN_HALF_POINTS:
            return f"{half_points / 2:g}-point type"
    return ""


def _paragraphs(tree: Element) -> Iterator[Element]:
    return tree.iter(f"{W}p")


def _paragraph_text(paragraph: Element) -> str:
    """A paragraph's own text (not that of a text box inside it): shown, deleted and field text alike."""
    pieces: list[str] = []
    for node in walk(paragraph, skip=("p",)):
        local = tag_name(node.tag)
        if local in _TEXT:
            pieces.append(node.text or "")
        elif local in ("tab", "br", "cr"):
            pieces.append(" ")
    return "".join(pieces)


def _is_heading(paragraph: Element) -> bool:
    style = next(paragraph.iter(f"{W}pStyle"), None)
    return style is not None and _w(style, "val").lower().replace(" ", "").startswith(("heading", "title"))


def _other_texts(tree: Element, *, story: bool) -> Iterator[tuple[str, str, bool]]:
    """Text outside the paragraphs' runs (those are searched paragraph by paragraph): (where, text, values)."""
    for node in walk(tree, skip=()):
        local = tag_name(node.tag)
        text = (node.text or "").strip()
        if text and not (story and local in _TEXT) and local not in ("created", "modified", "lastPrinted"):
            yield local, text, True
        for key, value in node.attrib.items():
            name = tag_name(key)
            shown = name in _TEXT_ATTRIBUTES or (name == "val" and local in _TEXT_VALUES)
            if shown or any(c.isdigit() for c in value) or len(value) >= 15:
                yield f"{local}@{name}", value, shown
