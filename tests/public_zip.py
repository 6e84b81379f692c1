"""A public appendix read straight from its zip, and checked against the source review, for the tests.

This is deliberately independent of the auditor (`audit/xlsx.py`, `audit/withheld.py`): the zip
is parsed here with ElementTree, numbers are matched with `Decimal`, and the disclosure rules are
restated from spec/disclosure.md rather than imported. `check_public` returns what it finds as
sentences, so a test can show that it does find leaks (in the full appendix) as well as assert
that the public one has none.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from scrutiny_desktop.domain.disclosure import DisclosureRules, Redaction, Slot
from scrutiny_desktop.domain.model import Benchmark, Indicator, Outturn, UnitKind
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.review import Review

C = "[c]"
PART_2 = "Reported in the Part 2 report"
MAIN, EXCEPTIONS = "Appendix One", "Exceptions"
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w]|\.\d)")
_PAIR = re.compile(r"(\d[\d,]*)\s+of\s+(\d[\d,]*)")
_PLACES = range(0, 5)


# -- the zip --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipCell:
    sheet: str
    address: str
    row: int
    column: int
    text: str  # the number as stored (`0.5494505494505495`) or the string
    numeric: bool


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(node: ElementTree.Element) -> str:
    """A string item's text: every `t` below it, without phonetic runs."""
    pieces = []
    for child in node.iter():
        if _local(child.tag) == "rPh":
            return "".join(pieces)  # phonetic runs come after the text in every writer
        if _local(child.tag) == "t":
            pieces.append(child.text or "")
    return "".join(pieces)


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class PublicZip:
    """Every part of the .xlsx, every cell of every sheet, and every piece of text in any part."""

    parts: dict[str, bytes]
    cells: list[ZipCell] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> PublicZip:
        with zipfile.ZipFile(path) as zf:
            found = cls({info.filename: zf.read(info) for info in zf.infolist()})
        found.cells = list(found._cells())
        return found

    def tree(self, part: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.parts[part])

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> zip member, through the workbook's relationships."""
        rels = {r.get("Id"): r.get("Target", "") for r in self.tree("xl/_rels/workbook.xml.rels")}
        found = {}
        for sheet in self.tree("xl/workbook.xml").iter():
            if _local(sheet.tag) == "sheet":
                rid = next(v for k, v in sheet.attrib.items() if _local(k) == "id")
                target = rels[rid]
                found[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else \
                    str(PurePosixPath("xl") / target)
        return found

    def _cells(self) -> Iterator[ZipCell]:
        shared = []
        if "xl/sharedStrings.xml" in self.parts:
            shared = [_text_of(si) for si in self.tree("xl/sharedStrings.xml") if _local(si.tag) == "si"]
        for name, part in self.sheet_parts().items():
            for c in self.tree(part).iter():
                if _local(c.tag) != "c":
                    continue
                address = c.get("r", "")
                m = re.fullmatch(r"([A-Z]+)(\d+)", address)
                assert m, address
                kind = c.get("t", "n")
                value = next((v.text or "" for v in c if _local(v.tag) == "v"), "")
                if kind == "s":
                    text = shared[int(value)]
                elif kind == "inlineStr":
                    text = "".join(_text_of(i) for i in c if _local(i.tag) == "is")
                else:
                    text = value
                if text:
                    yield ZipCell(name, address, int(m.group(2)), _column(m.group(1)), text, kind == "n")

    def texts(self) -> Iterator[tuple[str, str]]:
        """(part, text) for every element's text and attribute value in every part (XML unescaped)."""
        for part, data in self.parts.items():
            try:
                root = ElementTree.fromstring(data)
            except ElementTree.ParseError:
                yield part, data.decode("latin-1")
                continue
            for node in root.iter():
                if node.text and node.text.strip():
                    yield part, node.text
                if node.tag.rsplit("}", 1)[-1] in _LAYOUT:
                    continue  # sizes and addresses, not data: a column 11.5 wide is not a withheld 11.54%
                for value in node.attrib.values():
                    yield part, value

    def everything(self) -> str:
        """All the text of the file, whitespace collapsed and case folded, for phrases."""
        return " ".join(" ".join(text.split()).casefold() for _, text in self.texts())

    def table(self, sheet: str) -> dict[str, dict[str, ZipCell]]:
        """The first row of each indicator on a sheet, as {heading: cell}, by ref (column A)."""
        cells = [c for c in self.cells if c.sheet == sheet]
        heading_row = next(c.row for c in cells if c.column == 1 and c.text == "Ref")
        headings = {c.column: c.text for c in cells if c.row == heading_row}
        rows: dict[int, dict[str, ZipCell]] = {}
        for c in cells:
            if c.row > heading_row and c.column in headings:
                rows.setdefault(c.row, {})[headings[c.column]] = c
        found: dict[str, dict[str, ZipCell]] = {}
        for row in sorted(rows):
            ref = rows[row].get("Ref")
            if ref is not None and "Indicator" in rows[row] and ref.text not in found:
                found[ref.text] = rows[row]
        return found

    def rows_of(self, ref: str) -> list[list[ZipCell]]:
        """Every row, on any sheet, whose column A is the ref (continuation rows of commentary too)."""
        keys = {(c.sheet, c.row) for c in self.cells if c.column == 1 and c.text == ref}
        return [[c for c in self.cells if (c.sheet, c.row) == key] for key in sorted(keys)]


# -- numbers ----------------------------------------------------------------------------------------


def decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _round(value: float | Decimal, places: int) -> Decimal:
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def matches(written: str, figure: float, percent: bool) -> bool:
    """Whether a number as written is the figure: exactly, rounded as written, or as a 0-1 fraction."""
    number = decimal(written)
    if number is None:
        return False
    places = _places(number)
    candidates = [figure] + ([figure / 100] if percent else [])
    for value in candidates:
        if places > 6:
            if abs(float(number) - value) <= 1e-9 * max(1.0, abs(value)):
                return True
        elif number == _round(value, places):
            return True
    return False


def distinctive(written: str) -> bool:
    """A number specific enough to mean one figure wherever it is: decimals and three significant digits."""
    number = decimal(written)
    if number is None:
        return False
    return _places(number) >= 1 and len(number.normalize().as_tuple().digits) >= 3 and number != number.to_integral()


# Elements whose attributes are only layout: widths, heights, margins, panes and cell addresses.
_LAYOUT = frozenset({"col", "row", "c", "pageMargins", "pageSetup", "sheetFormatPr", "pane", "selection", "sheetView",
                     "dimension", "printOptions", "pageSetUpPr"})


def numbers_in(text: str) -> list[str]:
    """The numbers in a text, but not the 2 of "Part 2"."""
    return [m.group() for m in _NUMBER.finditer(text.replace("Part 2", "Part"))]


def pairs_in(text: str) -> list[tuple[int, int]]:
    return [(int(n.replace(",", "")), int(d.replace(",", ""))) for n, d in _PAIR.findall(text)]


# -- the rules, restated from spec/disclosure.md ----------------------------------------------------------


def small(count: float | None, rules: DisclosureRules) -> bool:
    return count is not None and 0 < count <= rules.small_count_max


def with_complement(indicator: Indicator) -> bool:
    return indicator.unit.kind in (UnitKind.PERCENT, UnitKind.RATE, UnitKind.COUNT)


def breaks_a_rule(indicator: Indicator, o: Outturn, rules: DisclosureRules) -> bool:
    """Rules 2 and 3 for one period's "n of d, p%" group."""
    kind = indicator.unit.kind
    if kind is UnitKind.COUNT and small(o.value, rules):
        return True
    if small(o.numerator, rules) or small(o.denominator, rules):
        return True
    if o.numerator is not None and o.denominator is not None:
        if kind is not UnitKind.COUNT and o.denominator <= rules.min_denominator:
            return True
        if with_complement(indicator) and small(o.denominator - o.numerator, rules):
            return True
    return False


def is_year_to_date(indicator: Indicator) -> bool:
    return bool(re.search(r"year[\s-]+to[\s-]+date|\bytd\b|cumulative", indicator.title, re.I))


def must_withhold(indicator: Indicator, rules: DisclosureRules) -> set[Period]:
    """The periods whose figures the rules withhold: a group breaking a rule, and a running total whose
    step from the last published total would (rule 4)."""
    withheld = {p for p, o in indicator.outturns.items() if breaks_a_rule(indicator, o, rules)}
    if not is_year_to_date(indicator):
        return withheld
    last: Outturn | None = None
    for period in sorted(indicator.outturns):
        o = indicator.outturns[period]
        if o.value is None or period in withheld:
            continue
        if last is not None and _step_breaks(indicator, last, o, rules):
            withheld.add(period)
            continue
        last = o
    return withheld


def _step_breaks(indicator: Indicator, before: Outturn, after: Outturn, rules: DisclosureRules) -> bool:
    if None not in (before.numerator, before.denominator, after.numerator, after.denominator):
        assert before.numerator is not None and before.denominator is not None
        assert after.numerator is not None and after.denominator is not None
        dn, dd = after.numerator - before.numerator, after.denominator - before.denominator
        if dd <= 0 or dn < 0 or (with_complement(indicator) and dn > dd):
            return False
        value = dn if indicator.unit.is_count else dn / dd
        return breaks_a_rule(indicator, Outturn(value, dn, dd), rules)
    assert before.value is not None and after.value is not None
    return indicator.unit.is_count and small(after.value - before.value, rules)


# -- the check -------------------------------------------------------------------------------------------


def slot_of(review: Review, heading: str) -> Slot | None:
    """The figure a column of the main table holds."""
    if heading in review.dataset.annual_labels:
        return Slot("annual", heading)
    period = next((p for p in review.dataset.periods if p.label == heading), None)
    if period is not None:
        return Slot("outturn", period.key, "value")
    benchmark = next((b for b in Benchmark if b.label == heading), None)
    if benchmark is not None:
        return Slot("benchmark", benchmark.value)
    return None


def figure_of(indicator: Indicator, slot: Slot) -> float | None:
    if slot.kind == "annual":
        return indicator.annual.get(slot.key)
    if slot.kind == "benchmark":
        return indicator.benchmarks.get(Benchmark(slot.key))
    if slot.kind == "outturn":
        o = next((o for p, o in indicator.outturns.items() if p.key == slot.key), Outturn())
        return getattr(o, slot.part)  # type: ignore[no-any-return]
    return None


@dataclass(frozen=True)
class Withheld:
    ref: str
    what: str
    value: float
    percent: bool


def withheld_figures(review: Review, redaction: Redaction) -> list[Withheld]:
    """Every figure the redaction withholds, with its value."""
    found = []
    for item in review.items:
        ind = item.indicator
        unit = ind.unit
        for period, o in ind.outturns.items():
            for part in ("value", "numerator", "denominator"):
                value = getattr(o, part)
                if value is not None and redaction.suppressed(ind.ref, Slot("outturn", period.key, part)):
                    found.append(Withheld(ind.ref, f"{part} for {period.label}", value,
                                          unit.is_percent and part == "value"))
        for label, value in ind.annual.items():
            if value is not None and redaction.suppressed(ind.ref, Slot("annual", label)):
                found.append(Withheld(ind.ref, f"outturn for {label}", value, unit.is_percent))
        for benchmark, value in ind.benchmarks.items():
            if value is not None and redaction.suppressed(ind.ref, Slot("benchmark", benchmark.value)):
                found.append(Withheld(ind.ref, f"{benchmark.label} benchmark", value, unit.is_percent))
    return found


def published_numbers(review: Review, redaction: Redaction) -> dict[str, list[tuple[float, bool]]]:
    """By ref, every figure the public file may show, and the numbers that text about them quotes."""
    shown: dict[str, list[tuple[float, bool]]] = {}
    for item in review.items:
        ind = item.indicator
        percent = ind.unit.is_percent
        mine = shown.setdefault(ind.ref, [])
        for period, o in ind.outturns.items():
            for part in ("value", "numerator", "denominator"):
                value = getattr(o, part)
                if value is not None and not redaction.suppressed(ind.ref, Slot("outturn", period.key, part)):
                    mine.append((value, percent and part == "value"))
        for kind, values in (("annual", dict(ind.annual)), ("benchmark", {b.value: v for b, v in
                                                                          ind.benchmarks.items()})):
            for key, value in values.items():
                if value is not None and not redaction.suppressed(ind.ref, Slot(kind, key)):
                    mine.append((value, percent))
        bounds = [ind.target.low, ind.target.high, ind.tolerance.amount if ind.tolerance else None,
                  ind.red_threshold]
        mine.extend((b, percent) for b in bounds if b is not None)
        current = item.outturn.value
        if current is not None and not redaction.suppressed(ind.ref, Slot("explanation")):
            # "54.9% is below the target of 65% by 10.1 points": the gap is public when the figure is.
            mine.extend((abs(current - b), percent) for b in bounds[:2] if b is not None)
    return shown


def check_public(path: Path, review: Review, redaction: Redaction, rules: DisclosureRules,
                 commentary: dict[str, str] | None = None) -> list[str]:
    """Everything wrong with a public appendix, as sentences; [] when it is right.

    `commentary`: confidential texts (by ref) that must appear nowhere.
    """
    book = PublicZip.read(path)
    found: list[str] = []
    found += _placed(book, review, redaction)
    found += _own_rows(book, review, redaction)
    found += _anywhere(book, review, redaction)
    found += _recoverable(book, review, rules)
    found += _justified(book, review, redaction, rules)
    everything = book.everything()
    for ref, text in (commentary or {}).items():
        for sentence in re.split(r"(?<=[.;])\s+", text):
            words = " ".join(sentence.split()).casefold()
            if len(words) >= 20 and words in everything:
                found.append(f"{ref}: its confidential commentary is in the file: {sentence!r}")
    return found


def _shows(cell: ZipCell | None, figure: float, percent: bool) -> bool:
    """A figure as the appendix holds it: a number, a percentage as a 0-1 fraction."""
    return cell is not None and cell.numeric and matches(cell.text, figure / 100 if percent else figure, False)


def _placed(book: PublicZip, review: Review, redaction: Redaction) -> list[str]:
    """Rule by rule, cell by cell: [c] exactly where the redaction says, the real figure everywhere else."""
    found = []
    main, exceptions = book.table(MAIN), book.table(EXCEPTIONS)
    for item in review.items:
        ind, ref = item.indicator, item.ref
        row = main.get(ref)
        if row is None:
            found.append(f"{ref}: no row in the main table")
            continue
        sensitive = redaction.is_sensitive(ref)
        if sensitive != (PART_2 in row["Indicator"].text):
            found.append(f"{ref}: the Part 2 note is {'missing' if sensitive else 'on a public indicator'}")
        if row["RAG"].text != item.rag.word:
            found.append(f"{ref}: RAG {row['RAG'].text!r}, not {item.rag.word!r}")
        for heading, cell in row.items():
            slot = slot_of(review, heading)
            if slot is None:
                continue
            figure = figure_of(ind, slot)
            if redaction.suppressed(ref, slot):
                if cell.text != C:
                    found.append(f"{ref} {heading}: shows {cell.text!r} where the rules withhold {figure}")
            elif figure is not None and not _shows(cell, figure, ind.unit.is_percent):
                found.append(f"{ref} {heading}: shows {cell.text!r} instead of {figure}")
        current = item.period
        exception = exceptions.get(ref)
        shown = [row["Current outturn"]] + ([exception["Current outturn"]] if exception else [])
        for cell in shown:
            if current is None or item.outturn.value is None:
                continue
            key = current.key
            if redaction.suppressed(ref, Slot("outturn", key, "value")):
                if cell.text != C:
                    found.append(f"{ref} {cell.sheet} current: shows {cell.text!r} where the rules withhold it")
            elif cell.text == C:
                found.append(f"{ref} {cell.sheet} current: [c] although its value is published")
            o = item.outturn
            counts_shown = not redaction.suppressed(ref, Slot("outturn", key, "numerator"))
            if o.numerator is not None and o.denominator is not None and counts_shown and \
                    (round(o.numerator), round(o.denominator)) not in pairs_in(cell.text):
                found.append(f"{ref} {cell.sheet} current: {cell.text!r} lacks its published counts")
        for which in ("vs previous", "vs last year"):
            key = which.replace(" ", "_")
            hidden = redaction.suppressed(ref, Slot("direction", key)) is not None or (
                current is not None and redaction.suppressed(ref, Slot("outturn", current.key, "value")) is not None)
            if hidden != (row[which].text == C):
                found.append(f"{ref} {which}: {row[which].text!r}, withheld: {hidden}")
        if item.needs_commentary:
            if exception is None:
                found.append(f"{ref}: an exception missing from the Exceptions sheet")
                continue
            note = exception["Management commentary"].text
            withheld = redaction.suppressed(ref, Slot("commentary")) is not None
            if withheld and note != PART_2:
                found.append(f"{ref}: commentary the rules leave to Part 2 is in the file: {note!r}")
            if not withheld and item.commentary.strip() and not item.commentary.strip().startswith(note[:50]):
                found.append(f"{ref}: its public commentary is not in the file")
            explanation = exception["How the RAG was decided"].text
            if redaction.suppressed(ref, Slot("explanation")) and explanation != C:
                found.append(f"{ref}: the explanation of its RAG quotes a withheld figure: {explanation!r}")
    return found


_NOT_FIGURES = {MAIN: {1, 2, 3, 4, 5}, EXCEPTIONS: {1, 2, 3, 5}}  # ref, title, polarity, unit, RAG, target


def _own_rows(book: PublicZip, review: Review, redaction: Redaction) -> list[str]:
    """No withheld figure, in any form, in any row of its own indicator, unless it is also a number the
    row publishes (a published 2018/19 of 3 beside a withheld October count of 3)."""
    found = []
    shown = published_numbers(review, redaction)
    for figure in withheld_figures(review, redaction):
        for row in book.rows_of(figure.ref):
            for cell in row:
                if cell.column in _NOT_FIGURES.get(cell.sheet, set()):
                    continue
                for number in [cell.text] if cell.numeric else numbers_in(cell.text):
                    if matches(number, figure.value, figure.percent) and \
                            not any(matches(number, v, p) for v, p in shown[figure.ref]):
                        found.append(f"{figure.ref}: its withheld {figure.what} ({figure.value:g}) is in "
                                     f"{cell.sheet}!{cell.address} as {number}")
    return found


def _anywhere(book: PublicZip, review: Review, redaction: Redaction) -> list[str]:
    """No distinctive form of a withheld figure (54.95, 0.5495, "2 of 66") anywhere in any part."""
    shown = [number for numbers in published_numbers(review, redaction).values() for number in numbers]
    pairs = {(round(o.numerator), round(o.denominator)) for item in review.items
             for p, o in item.indicator.outturns.items()
             if o.numerator is not None and o.denominator is not None
             and not redaction.suppressed(item.ref, Slot("outturn", p.key, "numerator"))}
    withheld = withheld_figures(review, redaction)
    withheld_pairs = {(round(o.numerator), round(o.denominator)): (item.ref, p.label)
                      for item in review.items for p, o in item.indicator.outturns.items()
                      if o.numerator is not None and o.denominator is not None
                      and redaction.suppressed(item.ref, Slot("outturn", p.key, "numerator"))}
    found = []
    for part, text in book.texts():
        for number in numbers_in(text):
            if not distinctive(number) or any(matches(number, v, p) for v, p in shown):
                continue
            for figure in withheld:
                if matches(number, figure.value, figure.percent):
                    found.append(f"{figure.ref}: its withheld {figure.what} ({figure.value:g}) is in {part} as "
                                 f"{number} ({text[:60]!r})")
        for pair in pairs_in(text):
            if pair in withheld_pairs and pair not in pairs:
                ref, label = withheld_pairs[pair]
                found.append(f"{ref}: its withheld {pair[0]} of {pair[1]} for {label} is in {part}")
    return found


def _numeric(cell: ZipCell | None) -> float | None:
    if cell is None or not cell.numeric:
        return None
    number = decimal(cell.text)
    return None if number is None else float(number)


def _recoverable(book: PublicZip, review: Review, rules: DisclosureRules) -> list[str]:
    """From the published figures of each row alone, no count the rules protect comes back by arithmetic."""
    found = []
    main = book.table(MAIN)
    for item in review.items:
        ind, row = item.indicator, main.get(item.ref, {})
        published: dict[Period, float] = {}
        for period in sorted(ind.outturns):
            value = _numeric(row.get(period.label))
            if value is not None:
                published[period] = value * (100 if ind.unit.is_percent else 1)
        for period, value in published.items():
            o = ind.outturns[period]
            if breaks_a_rule(ind, o, rules):
                found.append(f"{item.ref}: {period.label} shows {value:g} from a group the rules withhold")
        for cell in (row.get("Current outturn"),):
            if cell is None:
                continue
            for n, d in pairs_in(cell.text):
                protected = [small(n, rules), small(d, rules),
                             with_complement(ind) and small(d - n, rules)]
                if any(protected):
                    found.append(f"{item.ref}: the current outturn {cell.text!r} gives a protected count "
                                 "(numerator, denominator or complement) back")
                if not ind.unit.is_count and d <= rules.min_denominator:
                    found.append(f"{item.ref}: the current outturn {cell.text!r} rests on {d}")
        if is_year_to_date(ind) and ind.unit.is_count:
            totals = [published[p] for p in sorted(published)]
            for before, after in pairwise(totals):
                if small(after - before, rules):
                    found.append(f"{item.ref}: running totals {before:g} then {after:g} give a count of "
                                 f"{after - before:g} by subtraction")
        for label in review.dataset.annual_labels:
            value = _numeric(row.get(label))
            if ind.unit.is_count and small(value, rules):
                found.append(f"{item.ref}: {label} shows the small count {value:g}")
    return found


def _justified(book: PublicZip, review: Review, redaction: Redaction, rules: DisclosureRules) -> list[str]:
    """No over-suppression: every [c] of a public indicator's figures has a reason in the rules."""
    found = []
    main = book.table(MAIN)
    for item in review.items:
        ind = item.indicator
        if ind.sensitive:
            continue
        withheld = must_withhold(ind, rules)
        for heading, cell in main.get(item.ref, {}).items():
            slot = slot_of(review, heading)
            if cell.text != C or slot is None:
                continue
            if slot.kind == "outturn":
                period = next(p for p in ind.outturns if p.key == slot.key)
                if period not in withheld:
                    o = ind.outturns[period]
                    found.append(f"{item.ref} {heading}: [c] over {o.numerator} of {o.denominator} ({o.value}), "
                                 "which no rule withholds")
            elif slot.kind == "annual":
                if not (ind.unit.is_count and small(ind.annual.get(slot.key), rules)):
                    found.append(f"{item.ref} {heading}: [c] over {ind.annual.get(slot.key)}, which no rule withholds")
            else:
                found.append(f"{item.ref} {heading}: [c] over a benchmark, which no rule withholds")
    return found
