"""Public appendices built in code for the audit tests, and the raw zip edits that plant leaks in them.

`write_public` lays out a public appendix as the real writer will: values only, `[c]` for every
withheld figure, the organisation as author, print titles and page numbers. It is a stand-in until
the public writer lands, so the audit can be shown to pass a realistic clean file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from scrutiny_desktop.domain.disclosure import PART_2_NOTE, SHORTHAND_NOTE, Redaction, Slot, public_commentary
from scrutiny_desktop.domain.model import Benchmark
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION

C = "[c]"


def _figure(redaction: Redaction, item: Reviewed, slot: Slot, value: float | None) -> object:
    if value is None:
        return "[x]"
    return C if redaction.suppressed(item.ref, slot) else value


def write_public(path: Path, review: Review, redaction: Redaction, organisation: str = DEFAULT_ORGANISATION,
                 change: Callable[[Workbook], None] | None = None) -> Path:
    """The public appendix; `change` plants something in it before it is saved."""
    assert review.period is not None
    wb = Workbook()
    ws = wb.active
    ws.title = "Appendix One"
    months = [p for p in review.dataset.periods
              if p.financial_year == review.period.financial_year and p <= review.period]
    years = list(review.dataset.annual_labels)
    ws.append([SHORTHAND_NOTE])
    ws.append([f"{review.dataset.title}: {review.period.long_label}"])
    ws.append([])
    ws.append(["Ref", "Indicator", "Unit", "Target", *years, *(p.label for p in months), "Current", "RAG",
               "vs previous", "vs last year", *(b.label for b in Benchmark), "Note"])
    header_row = ws.max_row
    for section, items in review.sections:
        ws.append([section])
        for item in items:
            ind = item.indicator
            row: list[object] = [ind.ref, ind.title, ind.unit.shown_as, item.target_text]
            row += [_figure(redaction, item, Slot("annual", y), ind.annual.get(y)) for y in years]
            for p in months:
                outturn = ind.outturns.get(p)
                value = outturn.value if outturn else None
                shown = _figure(redaction, item, Slot("outturn", p.key, "value"), value)
                # Percentages as %-formatted fractions, as Excel users keep them.
                row.append(shown / 100 if isinstance(shown, float) and ind.unit.is_percent else shown)
            current = Slot("outturn", item.period.key, "value") if item.period else Slot("outturn")
            row.append(C if redaction.suppressed(item.ref, current) else item.value_text)
            row.append(item.rag.word)
            for key, move in (("vs_previous", item.vs_previous), ("vs_last_year", item.vs_last_year)):
                row.append(C if redaction.suppressed(item.ref, Slot("direction", key)) else move.text)
            row += [_figure(redaction, item, Slot("benchmark", b.value), ind.benchmarks.get(b)) for b in Benchmark]
            row.append(PART_2_NOTE if redaction.is_sensitive(item.ref) else "")
            ws.append(row)
            for cell in ws[ws.max_row][4 + len(years): 4 + len(years) + len(months)]:
                if isinstance(cell.value, float) and ind.unit.is_percent:
                    cell.number_format = "0%"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "Page &P of &N"
    exceptions = wb.create_sheet("Exceptions")
    exceptions.append(["Ref", "Indicator", "RAG", "How the RAG was decided", "Commentary"])
    published = public_commentary(review, redaction)
    for item in review.exceptions:
        explanation = C if redaction.suppressed(item.ref, Slot("explanation")) else item.explanation
        note = PART_2_NOTE if redaction.is_sensitive(item.ref) else published.get(item.ref, "")
        exceptions.append([item.ref, item.indicator.title, item.rag.word, explanation, note])
    wb.properties.creator = organisation
    wb.properties.lastModifiedBy = organisation
    wb.properties.title = f"Appendix One (Part 1): {review.period.long_label}"
    if change:
        change(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# -- raw zip edits, for what openpyxl cannot write ---------------------------------------------


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rewrite(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def add_part(path: Path, name: str, data: bytes | str, content_type: str | None = None) -> Path:
    """Add a member to the zip (declaring its content type, as Excel would)."""
    parts = zip_parts(path)
    parts[name] = data.encode() if isinstance(data, str) else data
    if content_type:
        types = parts["[Content_Types].xml"].decode()
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    return rewrite(path, parts)


def edit_part(path: Path, name: str, old: str, new: str) -> Path:
    parts = zip_parts(path)
    text = parts[name].decode()
    assert old in text, f"{old!r} is not in {name}"
    parts[name] = text.replace(old, new, 1).encode()
    return rewrite(path, parts)


def part_text(path: Path, name: str) -> str:
    return zip_parts(path)[name].decode()


def row_of(ws: object, ref: str) -> int:
    """The row of an indicator in a sheet whose column A holds the refs."""
    for row in ws.iter_rows(min_col=1, max_col=1):  # type: ignore[attr-defined]
        if row[0].value == ref:
            return int(row[0].row)
    raise KeyError(ref)


def column_of(ws: object, heading: str) -> int:
    for row in ws.iter_rows(max_row=10):  # type: ignore[attr-defined]
        for cell in row:
            if cell.value == heading:
                return int(cell.column)
    raise KeyError(heading)
