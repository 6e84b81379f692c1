"""The report draft's look: its Word styles, and the template a council restyles in Word.

The built-in styles are defined here once. `workbook_templates/make_report_template.py` writes
them into `report-template.docx`; `open_template` opens a template (a council's own, or the
bundled one), adds any style it lacks from the built-in ones with a warning, and keeps only
the parts of it that the report is built from: its styles, numbering, theme, settings and page
setup. Its text, headers, footers, comments, custom XML, pictures, thumbnail and extended
properties are dropped, so nothing of the template's own reaches a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.resources import resource_path

if TYPE_CHECKING:
    from docx.document import Document

TEMPLATE_NAME = "report-template.docx"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # a template is a few styles; anything far bigger is not one

# Style names: Word's own built-in names where Word has one, so a council's template has them.
TITLE, SUBTITLE, HEADING_1, HEADING_2, BODY = "Title", "Subtitle", "Heading 1", "Heading 2", "Normal"
LIST, TABLE, HEADER, FOOTER = "List Bullet", "Table Grid", "Header", "Footer"
PROTECTIVE_MARKING, NEEDED = "Protective Marking", "Commentary Needed"

PARAGRAPH, CHARACTER, TABLE_STYLE = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
# What a report keeps of its template: the document's styles, numbering, theme and settings (not
# stylesWithEffects.xml, Word 2010's copy of the styles, which a restyling in a later Word leaves stale)...
KEEP_DOCUMENT_RELS = frozenset({RT.STYLES, RT.NUMBERING, RT.SETTINGS, RT.FONT_TABLE, RT.THEME, RT.WEB_SETTINGS,
                                RT.FOOTNOTES, RT.ENDNOTES})
# ...and of the package, the document and its core properties (no app.xml, thumbnail or custom properties).
KEEP_PACKAGE_RELS = frozenset({RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES})
# Settings that carry data rather than layout: document variables, the path of the attached
# template (which can name the user), a mail merge's data source.
DROP_SETTINGS = ("docVars", "attachedTemplate", "mailMerge")
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme", "csTheme")


@dataclass(frozen=True)
class StyleSpec:
    """One built-in style: what the template script writes, and what a template lacking it gets."""

    name: str
    kind: WD_STYLE_TYPE
    base: str | None = None
    font: str | None = None
    size: float | None = None  # points
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # RRGGBB
    shading: str | None = None  # RRGGBB behind the text (a highlight in a style is not drawn by Word or LibreOffice)
    space_before: float | None = None  # points
    space_after: float | None = None
    keep_with_next: bool | None = None
    centred: bool = False


FONT = "Arial"
BUILT_IN_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(BODY, PARAGRAPH, font=FONT, size=11, colour="000000", space_before=0, space_after=8),
    StyleSpec(TITLE, PARAGRAPH, BODY, FONT, 16, bold=True, colour="000000", space_after=4, keep_with_next=True),
    StyleSpec(SUBTITLE, PARAGRAPH, BODY, FONT, 12, italic=False, colour="404040", space_after=12),
    StyleSpec(HEADING_1, PARAGRAPH, BODY, FONT, 13, bold=True, colour="000000", space_before=16, space_after=6,
              keep_with_next=True),
    StyleSpec(HEADING_2, PARAGRAPH, BODY, FONT, 11, bold=True, colour="000000", space_before=12, space_after=4,
              keep_with_next=True),
    StyleSpec(LIST, PARAGRAPH, BODY, FONT, 11, space_after=4),
    StyleSpec(HEADER, PARAGRAPH, BODY, FONT, 9, colour="404040", space_after=12),
    StyleSpec(FOOTER, PARAGRAPH, BODY, FONT, 9, colour="404040", space_after=0),
    StyleSpec(PROTECTIVE_MARKING, PARAGRAPH, BODY, FONT, 11, bold=True, colour="000000", space_after=4, centred=True),
    StyleSpec(NEEDED, CHARACTER, None, FONT, bold=True, colour="C00000", shading="FFFF00"),
    StyleSpec(TABLE, TABLE_STYLE, None, FONT, 10),
)
SPECS = {spec.name: spec for spec in BUILT_IN_STYLES}


def default_template() -> Path:
    return resource_path("workbook_templates", TEMPLATE_NAME)


def apply_style(document: Document, spec: StyleSpec) -> Any:
    """Make `spec.name` in `document` look as the spec says (adding the style when it is missing)."""
    styles = document.styles
    style = styles[spec.name] if spec.name in styles else styles.add_style(spec.name, spec.kind)
    if spec.base is not None and spec.base in styles:
        style.base_style = styles[spec.base]
    font = style.font
    if spec.font is not None:
        font.name = spec.font
        # Word prefers a theme font to the named one: without this, headings stay in the theme's font.
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in _THEME_FONTS:
            rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    # Letter spacing (python-docx's own Subtitle has it) is not part of a built-in look.
    r_pr = style.element.rPr
    for spacing in (r_pr.findall(qn("w:spacing")) if r_pr is not None else ()):
        r_pr.remove(spacing)
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.colour is not None:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.shading is not None:
        _shade(style, spec.shading)
    if spec.kind is PARAGRAPH:
        paragraph = style.paragraph_format
        if spec.space_before is not None:
            paragraph.space_before = Pt(spec.space_before)
        if spec.space_after is not None:
            paragraph.space_after = Pt(spec.space_after)
        if spec.keep_with_next is not None:
            paragraph.keep_with_next = spec.keep_with_next
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if spec.centred else None
    if spec.kind is TABLE_STYLE:
        _grid_borders(style)
    return style


# The elements that follow w:shd in a run's properties (ECMA-376 CT_RPr): Word refuses them out of order.
_AFTER_SHADING = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                  "w:specVanish", "w:oMath")


def _shade(style: Any, colour: str) -> None:
    r_pr = style.element.get_or_add_rPr()
    for old in r_pr.findall(qn("w:shd")):
        r_pr.remove(old)
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", colour)):
        shading.set(qn(f"w:{key}"), value)
    r_pr.insert_element_before(shading, *_AFTER_SHADING)


def _grid_borders(style: Any) -> None:
    """Single black lines round every cell, as Word's own "Table Grid" draws them."""
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    tbl_pr.append(borders)


def set_properties(document: Document, *, title: str, subject: str, author: str, when: datetime) -> None:
    """Title and subject; `author` as author and last editor; nothing else a template may have filled in."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    for name in ("comments", "keywords", "category", "content_status", "identifier", "version"):
        setattr(props, name, "")
    props.language = "en-GB"
    props.revision = 1
    props.created = when
    props.modified = when


def ensure_styles(document: Document, name: str) -> list[Problem]:
    """Add the built-in style for each one the template lacks; a warning names them."""
    lacking: list[str] = []
    wrong: list[str] = []
    for spec in BUILT_IN_STYLES:
        if spec.name not in document.styles:
            lacking.append(spec.name)
            apply_style(document, spec)
        elif document.styles[spec.name].type != spec.kind:
            wrong.append(spec.name)
    problems: list[Problem] = []
    if lacking:
        problems.append(warning(
            "template-incomplete",
            f"The report template {name} has no style(s) {', '.join(repr(n) for n in lacking)}; the built-in style "
            "is used for those. Add them to the template in Word to restyle them.",
        ))
    if wrong:
        problems.append(warning(
            "template-incomplete",
            f"In the report template {name}, {', '.join(repr(n) for n in wrong)} is not the kind of style the report "
            "needs (paragraph, character or table), so that text is left in the body style.",
        ))
    return problems


def style_of(document: Document, name: str) -> Any | None:
    """The style to use for `name`, or None when the template's style of that name is of another kind."""
    try:
        style = document.styles[name]
    except KeyError:
        return None
    return style if style.type == SPECS[name].kind else None


def keep_only_what_is_built(document: Document) -> None:
    """Strip a template down to its styles, numbering, theme, settings and page setup."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for sect_pr in body.iter(qn("w:sectPr")):
        for reference in [*sect_pr.findall(qn("w:headerReference")), *sect_pr.findall(qn("w:footerReference"))]:
            sect_pr.remove(reference)
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype not in KEEP_DOCUMENT_RELS:
            del part.rels[rid]
        elif rel.reltype == RT.FONT_TABLE and not rel.is_external and rel.target_part.rels:
            del part.rels[rid]  # fonts embedded in the template: Word rebuilds the table without them
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype not in KEEP_PACKAGE_RELS:
            del package.rels[rid]
    settings = document.settings.element
    for local in DROP_SETTINGS:
        for node in settings.findall(qn(f"w:{local}")):
            settings.remove(node)


def open_template(template: Path | None = None) -> tuple[Document, list[Problem]]:
    """The template (default: the bundled one) stripped to its look, and any warnings about it.

    Never raises for a bad template: it falls back to the bundled one with a `template-unusable`
    warning, as the appendix template does.
    """
    path = template or default_template()
    fix = "Choose another report template (or none, for the bundled one)."
    problems: list[Problem] = []
    if not path.is_file():
        problems.append(warning("template-unusable",
                                f"The report template {path} does not exist, so the bundled one is used. {fix}"))
    elif path.stat().st_size > MAX_TEMPLATE_BYTES:
        problems.append(warning("template-unusable",
                                f"The report template {path.name} is far too large to be a template, so the bundled "
                                f"one is used. {fix}"))
    else:
        try:
            document = docx.Document(str(path))
            found = ensure_styles(document, path.name)
            keep_only_what_is_built(document)
            return document, found
        except Exception as exc:  # noqa: BLE001 - any unreadable template falls back to the bundled one
            problems.append(warning("template-unusable",
                                    f"The report template {path.name} cannot be read as a Word document (.docx) "
                                    f"({type(exc).__name__}), so the bundled one is used. {fix}"))
    document = docx.Document(str(default_template()))
    problems.extend(ensure_styles(document, TEMPLATE_NAME))
    keep_only_what_is_built(document)
    return document, problems
