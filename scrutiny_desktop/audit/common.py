"""What every audit of a public file shares, whatever its format: the findings, the zip, the properties.

An Office file is a zip of XML parts. Both audits (the appendix, `xlsx.py`; the report draft,
`docx.py`) read every part as it is, never through openpyxl or python-docx, which show only what
they understand; check the container (bytes outside the parts, shadowed duplicates, a zip comment),
the relationships (external targets, macros), the document properties (a person named instead of
the organisation), and whether the file is the confidential Part 2 one; and, with the source,
report what `withheld.py` finds in each piece of text. Each format adds only its own parts.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from scrutiny_desktop.audit.withheld import Exposure, WithheldSearch, first_per_ref
from scrutiny_desktop.domain.problems import UnusableWorkbook, error

MAX_PARTS = 2_000
MAX_AUDIT_PART_BYTES = 20 * 1024 * 1024  # a public appendix is well under 1 MB
MAX_AUDIT_BYTES = 200 * 1024 * 1024
MAX_FINDINGS_PER_KIND = 500  # per part and code, then one line saying how many more (a hostile file has millions)
MIN_CONTRAST = 1.5  # WCAG contrast ratio below which text cannot be seen against its background

_PERSONAL_PROPERTIES = ("creator", "lastModifiedBy")
_EMPTY_PROPERTIES = ("description", "keywords", "category", "contentStatus", "identifier", "version")
_APP_PROPERTIES = ("Company", "Manager", "HyperlinkBase", "Template")
DATE_PROPERTIES = frozenset({"created", "modified", "lastPrinted"})

# What marks the confidential Part 2 file, as the program writes it (the NOT FOR PUBLICATION marking in
# the header, "Part 2 (not for publication)" in the title) and as people mark such files by hand. A
# marking is looked for wherever a reader sees it first; "Part 2" only where it titles the file (a public
# file says "Reported in the Part 2 report" and explains its "Part 2 indicator"s).
MARKING = re.compile(r"\bnot\s+for\s+publication\b|\bexempt\s+information\b|\bconfidential\s*:", re.IGNORECASE)
TITLED_PART_2 = re.compile(r"\bpart\s*(?:2|two|ii)\b(?!\s*(?:report|indicator|of\s+the\s+agenda))", re.IGNORECASE)
CONFIDENTIAL_FILE = "confidential-file"


@dataclass(frozen=True)
class Finding:
    """One thing in the public file that could leak, with where it is and why it fails."""

    part: str  # the zip member, e.g. "xl/worksheets/sheet2.xml"
    where: str  # a cell ("Appendix!B7"), a row or column, an element, or "" for the whole part
    code: str  # stable kebab-case: "forbidden-part", "hidden-sheet", "formula", "withheld-figure", ...
    message: str
    ref: str | None = None  # the indicator whose figure or text was found, when there is one
    # For text the officer wrote: the indicator whose commentary holds it (the one to edit) and the words to take out.
    commentary_of: str | None = None
    words: str = ""

    def as_dict(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {"part": self.part, "where": self.where, "code": self.code,
                                        "message": self.message, "ref": self.ref}
        if self.commentary_of is not None:
            found["commentary_of"] = self.commentary_of
            found["words"] = self.words
        return found

    def line(self) -> str:
        """The finding on one line, as `scrutiny audit` prints it and the window copies it."""
        return f"{self.part or '(zip)'}  {self.where or '-'}  {self.code}: {self.message}"


@dataclass(frozen=True)
class Audit:
    path: Path
    findings: tuple[Finding, ...]
    searched_figures: bool  # True when a source workbook was given
    # Shared wording worth a look but not a leak ("caseloads are monitored weekly"): never a reason to refuse.
    warnings: tuple[Finding, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.findings

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


@dataclass
class Findings:
    """The findings of one audit, each once, and at most `MAX_FINDINGS_PER_KIND` of a kind in a part."""

    findings: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    _counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    _seen: set[tuple[str, str, str, str | None]] = field(default_factory=set)

    def add(self, part: str, where: str, code: str, message: str, ref: str | None = None) -> None:
        self.add_finding(Finding(part, where, code, message, ref))

    def add_finding(self, finding: Finding) -> None:
        key = (finding.part, finding.where, finding.code, finding.ref)
        if key in self._seen:
            return
        self._seen.add(key)
        self._counts[(finding.part, finding.code)] += 1
        if self._counts[(finding.part, finding.code)] <= MAX_FINDINGS_PER_KIND:
            self.findings.append(finding)

    def warn(self, finding: Finding) -> None:
        if finding not in self.warnings and len(self.warnings) < MAX_FINDINGS_PER_KIND:
            self.warnings.append(finding)

    def close(self) -> None:
        for (part, code), n in self._counts.items():
            if n > MAX_FINDINGS_PER_KIND:
                self.findings.append(Finding(part, "", code, f"... and {n - MAX_FINDINGS_PER_KIND} more like these."))

    def audit(self, path: Path, searched: bool) -> Audit:
        return Audit(path, tuple(self.findings), searched, tuple(self.warnings))


# -- XML ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # a part has a few dozen distinct tags and many thousands of elements
def tag_name(tag: object) -> str:
    """An element's or attribute's local name, whatever its namespace ("" for a comment or instruction)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attribute(node: Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id, or a strict-OOXML prefix)."""
    for key, value in node.attrib.items():
        if tag_name(key) == name:
            return value
    return None


def children(node: Element, name: str) -> Iterator[Element]:
    return (c for c in node if tag_name(c.tag) == name)


def descendants(node: Element, name: str) -> Iterator[Element]:
    return (c for c in node.iter() if tag_name(c.tag) == name)


def walk(node: Element, skip: tuple[str, ...]) -> Iterator[Element]:
    """Every element below `node`, without the subtrees named in `skip` (iterative: no recursion limit)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for child in reversed(current) if tag_name(child.tag) not in skip)


def is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true")


def as_int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1


def clip(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rels_of(part: str) -> str:
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / (p.name + ".rels"))


def binary_text(data: bytes) -> Iterator[str]:
    """Text that may be inside a binary part (VBA, printer settings): as bytes, and as UTF-16 either way."""
    yield data.decode("latin-1")
    yield data.decode("utf-16-le", errors="ignore")
    yield data[1:].decode("utf-16-le", errors="ignore")


# -- colours -----------------------------------------------------------------------------------


def hex_colour(rgb: str) -> str | None:
    text = rgb.strip().upper()
    if len(text) == 8:
        text = text[2:]  # ARGB: the alpha byte is ignored by Excel for cell colours
    return text if re.fullmatch(r"[0-9A-F]{6}", text) else None


def _luminance(rgb: str) -> float:
    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


@lru_cache(maxsize=1024)
def contrast(a: str, b: str) -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


# -- the package -------------------------------------------------------------------------------


class Package:
    """A zip's parts, read once: the bytes of each, and the XML tree of each that parses."""

    def __init__(self, name: str, data: bytes, zf: zipfile.ZipFile, allowed: re.Pattern[str], kind: str) -> None:
        self.name = name  # the file's name, for messages
        self.data = data
        self.zf = zf
        self.allowed = allowed  # the parts a file of this kind needs
        self.kind = kind  # "public appendix", "report draft": what the file is, in messages
        self.parts: dict[str, bytes] = {}
        self.trees: dict[str, Element] = {}

    def read(self, findings: Findings, parse: Callable[[bytes], Element]) -> None:
        """Every part, as bytes and (for XML) as a tree; refuses a file far beyond its kind's size."""
        infos = [i for i in self.zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_PARTS:
            raise UnusableWorkbook([error(
                "workbook-too-large",
                f"{self.name} has {len(infos):,} parts, far beyond a {self.kind}; it cannot be audited.",
            )])
        if sum(i.file_size for i in infos) > MAX_AUDIT_BYTES:
            raise UnusableWorkbook([error(
                "workbook-too-large",
                f"{self.name} unpacks to more than {MAX_AUDIT_BYTES // 1024 // 1024} MB, far beyond a {self.kind}; "
                "it cannot be audited.",
            )])
        if self.zf.comment:
            comment = clip(self.zf.comment.decode("latin-1"))
            findings.add("", "", "zip-comment", f"The zip holds a comment: '{comment}'.")
        self._check_container(findings, infos)
        copies: Counter[str] = Counter()
        for info in infos:
            copies[info.filename] += 1
            n = copies[info.filename]
            name = info.filename if n == 1 else f"{info.filename} (copy {n})"
            if info.flag_bits & 0x1:
                findings.add(name, "", "unreadable-part", "This part is encrypted, so it cannot be checked.")
                continue
            if info.file_size > MAX_AUDIT_PART_BYTES:
                findings.add(name, "", "unreadable-part",
                             f"This part unpacks to {info.file_size / 1024 / 1024:.0f} MB, far beyond a {self.kind}, "
                             "so it was not checked.")
                continue
            try:
                with self.zf.open(info) as member:  # by entry, so a shadowed duplicate is read too
                    data = member.read()
            except Exception:  # noqa: BLE001 - a damaged or hostile member fails the audit, never the program
                findings.add(name, "", "unreadable-part", "This part is damaged and cannot be read or checked.")
                continue
            self.parts[name] = data
            if name.endswith((".xml", ".rels", ".vml")) or data.lstrip()[:1] == b"<":
                try:
                    self.trees[name] = parse(data)
                except Exception:  # noqa: BLE001 - a parse failure of any kind is a finding
                    if self.allowed.fullmatch(name):
                        findings.add(name, "", "unreadable-part",
                                     "This part is not well-formed XML (or uses entities), so it cannot be checked.")

    def _check_container(self, findings: Findings, infos: list[zipfile.ZipInfo]) -> None:
        """Bytes no reader shows: before the first part, after the zip's directory, or in a shadowed duplicate."""
        first = min((i.header_offset for i in infos), default=0)
        end = self.data.rfind(b"PK\x05\x06")
        directory_end = end + 22 + len(self.zf.comment) if end >= 0 else len(self.data)
        if first > 0 or directory_end < len(self.data):
            findings.add("", "", "data-outside-parts",
                         "The file holds bytes outside its parts (before the first or after the zip's directory).")
        names = Counter(i.filename for i in infos)
        for name, n in names.items():
            if n > 1:
                findings.add(name, "", "duplicate-part",
                             f"The zip holds {n} parts named {name}; a reader shows one and the others stay hidden.")

    def check_parts(self, findings: Findings, kinds: Iterable[tuple[str, str]]) -> None:
        """A finding for each part outside the allowlist, saying what kind of part it is (first match wins)."""
        kinds = tuple(kinds)
        for name in sorted(i.filename for i in self.zf.infolist() if not i.is_dir()):
            if self.allowed.fullmatch(name):
                continue
            why = next((why for prefix, why in kinds if prefix.lower() in name.lower()),
                       f"a part that a {self.kind} does not need")
            findings.add(name, "", "forbidden-part", f"The file holds {why}.")

    def check_relationships(self, findings: Findings) -> None:
        for name, tree in self.trees.items():
            if name.endswith(".rels"):
                for rel in descendants(tree, "Relationship"):
                    if (rel.get("TargetMode") or "").lower() == "external":
                        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                        findings.add(name, rel.get("Id", ""), "external-target",
                                     f"A {kind} relationship points outside the file: '{clip(rel.get('Target', ''))}'.")
            if name == "[Content_Types].xml":
                for node in tree:
                    kind = (node.get("ContentType") or "").lower()
                    if "macroenabled" in kind or "vba" in kind:
                        findings.add(name, node.get("PartName") or node.get("Extension") or "", "macros",
                                     "The file is declared as macro-enabled.")

    def check_properties(self, findings: Findings, organisation: str, titles: set[str]) -> None:
        """Core and extended properties: only the organisation as author; `titles`: the names a reader sees."""
        core = self.trees.get("docProps/core.xml")
        part = "docProps/core.xml"
        if core is not None:
            # A property given twice counts with its filled-in value: an empty copy after it must not hide it.
            found: dict[str, str] = {}
            for node in core:
                text = (node.text or "").strip()
                if text or tag_name(node.tag) not in found:
                    found[tag_name(node.tag)] = text
            for name in _PERSONAL_PROPERTIES:
                value = found.get(name)
                if (name == "creator" or value) and value != organisation:
                    findings.add(part, name, "personal-data",
                                 f"The document's {'author' if name == 'creator' else 'last editor'} is "
                                 f"'{value or ''}', not the organisation ('{organisation}'): a public file must not "
                                 "name a person.")
            for name in _EMPTY_PROPERTIES:
                if found.get(name):
                    findings.add(part, name, "document-property",
                                 f"The document property '{name}' holds '{clip(found[name], 60)}'; a public file "
                                 "carries only its title, subject and the organisation as author.")
        elif "docProps/core.xml" not in self.parts:
            findings.add(part, "", "personal-data", "The file has no document properties naming the organisation.")
        app = self.trees.get("docProps/app.xml")
        if app is not None:
            for node in app.iter():
                local = tag_name(node.tag)
                if local in _APP_PROPERTIES and (node.text or "").strip():
                    findings.add("docProps/app.xml", local, "document-property",
                                 f"The document property '{local}' holds '{clip(node.text or '', 60)}'.")
            for title in descendants(app, "TitlesOfParts"):
                for entry in title.iter():
                    text = (entry.text or "").strip()
                    if tag_name(entry.tag) in ("lpstr", "lpwstr") and text and text not in titles \
                            and not text.endswith(("Print_Titles", "Print_Area")):
                        findings.add("docProps/app.xml", "TitlesOfParts", "document-property",
                                     f"The document properties name '{clip(text, 40)}', which is not a sheet of the "
                                     "file.")

    def property_texts(self) -> Iterator[tuple[str, str]]:
        """The title, subject and other words of the document properties: (property, text)."""
        for part in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
            tree = self.trees.get(part)
            for node in (tree.iter() if tree is not None else ()):
                text = (node.text or "").strip()
                if text and tag_name(node.tag) not in DATE_PROPERTIES:
                    yield tag_name(node.tag), text


def confidential_file(findings: Findings, package: Package, marks: Iterable[tuple[str, str, str, bool]]) -> None:
    """A finding when the file is the confidential Part 2 one.

    `marks` are (part, where, text, titles) for what a reader sees first; `titles` says the text
    titles the file (its title property, a header, a sheet's name or first cell), where "Part 2"
    alone says what it is. Only audited without the source: with it, the file is judged on what it
    holds, figure by figure.
    """
    for part, where, text, titles in marks:
        found = MARKING.search(text) or (TITLED_PART_2.search(text) if titles else None)
        if found:
            start = max(0, found.start() - 30)
            quoted = ("…" if start else "") + clip(text[start:found.end() + 30], 80)
            findings.add(part, where, CONFIDENTIAL_FILE,
                         f"This is the confidential Part 2 {package.kind.removeprefix('public ')}: publish the Part 1 "
                         f"file instead ({where or part} says '{quoted}').")
            return


def report_exposures(findings: Findings, part: str, where: str, found: Iterable[Exposure], withholds: str) -> None:
    """Each withheld figure or confidential text found in one place, once per indicator and kind.

    `withholds` names the file ("public appendix"). Text the officer wrote names the commentary to
    change and the words to take out; shared wording that is only worth a look is a warning.
    """
    for exposure in first_per_ref(found):
        is_text = exposure.what in ("commentary", "explanation of its RAG")
        code = "withheld-text" if is_text else "withheld-figure"
        if not exposure.words:
            findings.add(part, where, code,
                         f"{where or part} holds indicator {exposure.ref}'s {exposure.what}, which the {withholds} "
                         "withholds.", exposure.ref)
            continue
        words = clip(exposure.words, 90)
        edit = exposure.commentary_of
        holds = f"indicator {edit}'s commentary ({where or part})" if edit else (where or part)
        change = f"indicator {edit}'s commentary" if edit else "it"
        if exposure.warning:
            findings.warn(Finding(
                part, where, "shared-wording",
                f"{holds} shares '{words}' with indicator {exposure.ref}'s Part 2 {exposure.what}. Common wording, "
                f"worth a look: accept it, or reword {change}.",
                exposure.ref, edit, exposure.words))
            continue
        what = f"from indicator {exposure.ref}'s {exposure.what}" if is_text else \
            f"indicator {exposure.ref}'s {exposure.what}"
        findings.add_finding(Finding(
            part, where, code,
            f"{holds} holds '{words}', {what}, which the {withholds} withholds: take these words out of {change}.",
            exposure.ref, edit, exposure.words))


class FileAudit:
    """What the .xlsx and .docx audits share: the package read, who may be named, the search, the findings."""

    def __init__(self, package: Package, organisation: str, search: WithheldSearch | None) -> None:
        self.package = package
        self.organisation = organisation
        self.search = search
        self.findings = Findings()
        self.parts = package.parts
        self.trees = package.trees

    def add(self, part: str, where: str, code: str, message: str, ref: str | None = None) -> None:
        self.findings.add(part, where, code, message, ref)
