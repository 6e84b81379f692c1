"""The one pipeline the command line and the window both call: workbook -> review -> appendices and report."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny_desktop.collector import without_collector_pauses
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, UnusableWorkbook, error, warning
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.domain.refs import natural_key
from scrutiny_desktop.domain.review import Review, review
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.excel.headings import Headings
from scrutiny_desktop.excel.reader import read_workbook
from scrutiny_desktop.excel.recognise import open_in_excel, wrong_file
from scrutiny_desktop.files import atomic_write, atomic_write_all, refuse_existing
from scrutiny_desktop.resources import user_data_dir

if TYPE_CHECKING:
    from scrutiny_desktop.audit.common import Audit
    from scrutiny_desktop.domain.changes import RatingChanges
    from scrutiny_desktop.domain.history import Trends

Progress = Callable[[str, float], None]


def read_commentary(path: Path) -> dict[str, str]:
    """A commentary file: JSON `{"REF": "text", ...}`. Raises `UnusableWorkbook` when it is not that."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UnusableWorkbook([error("commentary-unreadable", f"There is no commentary file at {path}.")]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableWorkbook([error(
            "commentary-unreadable",
            f"The commentary file {path.name} is not valid JSON ({exc}). It should look like "
            '{"25": "text for indicator 25", "29": "..."}.',
        )]) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UnusableWorkbook([error(
            "commentary-unreadable",
            f"The commentary file {path.name} should map each ref to its text, "
            'like {"25": "text for indicator 25"}.',
        )])
    return {str(k).strip(): v for k, v in data.items()}


COMMENTARY_SUFFIX = ".commentary.json"


def commentary_path(workbook: Path) -> Path:
    """Where the window keeps a workbook's commentary: `<workbook stem>.commentary.json` beside it."""
    return workbook.with_name(workbook.stem + COMMENTARY_SUFFIX)


def fallback_commentary_path(workbook: Path) -> Path:
    """Where it goes when the workbook's folder cannot be written: the user's data folder.

    A folder per workbook path keeps two `Dataset.xlsx` from different folders apart.
    """
    digest = hashlib.sha1(str(workbook.resolve()).encode("utf-8")).hexdigest()[:12]
    return user_data_dir() / "commentary" / digest / (workbook.stem + COMMENTARY_SUFFIX)


@dataclass(frozen=True)
class SavedCommentary:
    """Commentary kept from an earlier session: the texts, where they were read, and any problem."""

    texts: Mapping[str, str]
    path: Path | None = None
    problems: tuple[Problem, ...] = ()


def load_saved_commentary(workbook: Path) -> SavedCommentary:
    """The commentary saved for `workbook` (the newer file when both places hold one).

    A file that cannot be read is renamed `*.unreadable` (so the next save cannot overwrite what
    may be someone's only copy) and reported as a warning; the workbook still opens.
    """
    found = [p for p in (commentary_path(workbook), fallback_commentary_path(workbook)) if p.is_file()]
    if not found:
        return SavedCommentary({})
    newest = max(found, key=lambda p: p.stat().st_mtime)
    try:
        return SavedCommentary(read_commentary(newest), newest)
    except UnusableWorkbook as bad:
        kept = newest.with_name(newest.name + ".unreadable")
        try:
            os.replace(newest, kept)
            where = f"It has been kept as {kept.name}; new commentary is saved to a fresh file."
        except OSError:
            where = "It could not be moved aside, so new commentary is saved in your data folder."
        reason = bad.problems[0].message if bad.problems else str(bad)
        return SavedCommentary({}, newest, (warning("commentary-unreadable", f"{reason} {where}"),))


def save_commentary(workbook: Path, texts: Mapping[str, str]) -> Path:
    """Write the commentary atomically beside the workbook, or in the user's data folder when that fails.

    Returns the file written. Raises `OSError` only when neither place can be written.
    """
    ordered = {ref: texts[ref] for ref in sorted(texts, key=natural_key)}
    payload = json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"

    def write(temp: Path) -> None:
        temp.write_text(payload, encoding="utf-8")

    try:
        return atomic_write(commentary_path(workbook), write)
    except OSError:
        return atomic_write(fallback_commentary_path(workbook), write)




@without_collector_pauses
def load_review(
    workbook: Path | str,
    *,
    period: Period | None = None,
    sheet: str | Sequence[str] | None = None,
    commentary: Mapping[str, str] | None = None,
    headings: Headings | None = None,
    progress: Progress | None = None,
    profile: ImportProfile | None = None,
) -> Review:
    """Read the workbook and rate every indicator. Raises `UnusableWorkbook` for unusable input.

    Without `profile`, the import profile beside the workbook is used when there is one.
    """
    mistaken = wrong_file(Path(workbook))  # last month's appendix, a report draft: say what it is
    if mistaken is not None:
        raise UnusableWorkbook([mistaken])
    dataset = read_workbook(Path(workbook), sheet=sheet, period=period, headings=headings, profile=profile,
                            progress=progress)
    if period is not None and dataset.periods:
        # --period names a month; a quarter column ending that month matches it too.
        matching = [p for p in dataset.periods if p.ordinal == period.ordinal]
        if not matching:
            listing = ", ".join(p.key for p in dataset.periods)
            raise UnusableWorkbook([error(
                "period-not-in-workbook",
                f"The workbook has no column for {period.key}. Its periods are: {listing}.",
                sheet=dataset.sheet,
            )])
        period = min(matching, key=lambda p: p.months)
    result = review(dataset, period, commentary)
    unsaved = open_in_excel(Path(workbook))
    if unsaved is not None:
        result = replace(result, problems=(unsaved, *result.problems))
    if progress:
        progress("Rated", 1.0)
    return result


@dataclass(frozen=True)
class ExportResult:
    """The appendices written, the exceptions still without commentary, and warnings such as a bad template."""

    full: Path
    public: Path | None
    missing_commentary: tuple[str, ...]
    problems: tuple[Problem, ...]
    audit: Audit | None = None  # the audit of the public file, run before the export reports success
    carried_unchanged: tuple[str, ...] = ()  # exceptions whose commentary is last period's, word for word


class UnsafePublicFile(Exception):
    """The public appendix just written failed its audit: it has been deleted and must not be published.

    `audit` holds every finding; `path` is where the (deleted) public file was written.
    """

    def __init__(self, path: Path, audit: Audit) -> None:
        self.path = path
        self.audit = audit
        super().__init__(f"{path.name} failed its audit with {len(audit.findings)} finding(s) and was deleted")


def _passed(audit: Audit, public: Path) -> Audit:
    """The audit of a public file written under a temporary name, given the file's real name.

    Raises `UnsafePublicFile` unless it is clean (`atomic_write` then removes the temporary file).
    """
    audit = replace(audit, path=public)
    if not audit.clean:
        raise UnsafePublicFile(public, audit)
    return audit


PART_1_NAME, PART_2_NAME = "part1-public", "part2-confidential"  # in every file name: what the file is


def appendix_path(out_dir: Path, period: Period | None, *, public: bool = False) -> Path:
    """`appendix-one-2019-10-part2-confidential.xlsx` (or `...-part1-public.xlsx`) in `out_dir`."""
    stem = f"appendix-one-{period.key}" if period else "appendix-one"
    return out_dir / f"{stem}-{PART_1_NAME if public else PART_2_NAME}.xlsx"


@without_collector_pauses
def export_appendices(
    review: Review,
    out_dir: Path,
    *,
    settings: Settings = Settings(),
    force: bool = False,
    progress: Progress | None = None,
    trends: Trends | None = None,
    history: Path | None = None,
) -> ExportResult:
    """Write both appendices of `review` into `out_dir`: the full (Part 2) one and the public (Part 1) one.

    The public one is built afresh from the redacted review, never from the full file, and is
    audited before it goes into place: it is written to a temporary file, audited with the source
    review and the redaction, and only renamed to its real name when the audit is clean. Both files
    go into place together or not at all: a failed audit leaves no new file (not even the full one,
    which would stop the next export without --force), and with `force` removes an earlier public
    file of the same name, so that it cannot be taken for this one.

    `trends` (from `history_store.load_trends`) adds the ratings of earlier quarters and SPC to the
    appendices; with `history`, the period is then kept in that history database.

    Raises `UnusableWorkbook` when an output exists (and not `force`) or cannot be written, and
    `UnsafePublicFile` when the public file fails its audit.
    """
    # Imported here, not above: `scrutiny check` and opening a workbook in the window need none of them.
    from scrutiny_desktop.audit.xlsx import audit_public
    from scrutiny_desktop.domain.appendix import build_appendix
    from scrutiny_desktop.domain.disclosure import DisclosureRules, redact
    from scrutiny_desktop.domain.history import NO_TRENDS, withheld_chart_figures
    from scrutiny_desktop.excel.appendix_look import load_look, public_look
    from scrutiny_desktop.excel.appendix_writer import write_appendix

    report = progress or (lambda _message, _fraction: None)
    _out_folder(out_dir)
    full = appendix_path(out_dir, review.period)
    public = appendix_path(out_dir, review.period, public=True)
    refuse_existing([full, public], force)
    report("Reading the appendix template", 0.05)
    look = load_look(Path(settings.template) if settings.template else None)
    look_public = public_look(look)
    report("Deciding what the public appendix withholds", 0.1)
    rules = DisclosureRules.from_settings(settings)
    redaction = redact(review, rules)
    report("Building the appendices", 0.2)
    seen = trends or NO_TRENDS
    # A withheld chart's mean and limits are figures the public file's audit looks for.
    chart_figures = withheld_chart_figures(seen, review, redaction, rules)
    full_book = build_appendix(review, settings, trends=seen)
    public_book = build_appendix(review, settings, redaction, public=True, trends=seen)
    audits: list[Audit] = []

    def write_public(temp: Path) -> None:
        report(f"Writing {public.name}", 0.5)
        write_appendix(public_book, temp, look_public, settings.paper)
        report(f"Auditing {public.name}", 0.75)
        audits.append(_passed(audit_public(temp, organisation=settings.organisation, source=review,
                                           redaction=redaction, rules=rules, extra=chart_figures), public))

    report(f"Writing {full.name}", 0.3)
    try:
        # Both are written and the public one audited before either takes its name: a pair or nothing.
        _write_pair([(full, lambda temp: write_appendix(full_book, temp, look, settings.paper)),
                     (public, write_public)])
    except UnsafePublicFile:
        if force:
            # An earlier public file of the same name, which the officer meant to replace, must not be
            # mistaken for this export's.
            with contextlib.suppress(OSError):
                public.unlink(missing_ok=True)
        raise
    kept = None
    if history is not None:
        from scrutiny_desktop.history_store import record_export

        report("Keeping this period in the history", 0.95)
        kept = record_export(review, history, seen, Path(review.dataset.source).name)
    report("Written", 1.0)
    from scrutiny_desktop.history_store import carried_unchanged

    return ExportResult(
        full=full,
        public=public,
        missing_commentary=tuple(i.ref for i in review.missing_commentary),
        problems=(*look_public.problems, *redaction.problems, *([kept] if kept else [])),
        audit=audits[0],
        carried_unchanged=carried_unchanged(review, seen),
    )


@dataclass(frozen=True)
class ReportResult:
    """The two report drafts written, the rating changes they name, and the audit the public one passed."""

    part1: Path
    part2: Path
    changes: RatingChanges
    withheld: tuple[str, ...]  # exceptions the public draft leaves to the Part 2 report
    missing_commentary: tuple[str, ...]
    problems: tuple[Problem, ...]
    audit: Audit


def report_path(out_dir: Path, period: Period | None, part: int) -> Path:
    """`report-2019-10-part1-public.docx` or `...-part2-confidential.docx` in `out_dir`."""
    stem = f"report-{period.key}" if period else "report"
    return out_dir / f"{stem}-{PART_1_NAME if part == 1 else PART_2_NAME}.docx"


def export_report(
    review: Review,
    out_dir: Path,
    *,
    previous: Review | None = None,
    settings: Settings = Settings(),
    force: bool = False,
    progress: Progress | None = None,
    trends: Trends | None = None,
) -> ReportResult:
    """Write the report drafts of `review` into `out_dir`: Part 2, then the public Part 1, atomically.

    Rating changes are counted since `previous` (last quarter's workbook), or else since the
    workbook's own previous period; `trends` (the history) names indicators Red for two or more
    quarters running. Part 1 is audited before it takes its name.
    Raises `UnusableWorkbook` when an output exists (and not `force`) or cannot be written, and
    `UnsafePublicFile` when Part 1 fails its audit (then no Part 1 is left in `out_dir`).
    """
    # Imported here, as for the appendices: `scrutiny check` needs none of them.
    from scrutiny_desktop.audit.docx import audit_report
    from scrutiny_desktop.domain.changes import (
        NOTHING_TO_COMPARE,
        previous_period_review,
        rating_changes,
        without_withheld_ratings,
    )
    from scrutiny_desktop.domain.disclosure import NO_REDACTION, DisclosureRules, redact
    from scrutiny_desktop.domain.history import NO_TRENDS
    from scrutiny_desktop.domain.report import build_report
    from scrutiny_desktop.word.report_writer import write_report

    report = progress or (lambda _message, _fraction: None)
    _out_folder(out_dir)
    part1, part2 = report_path(out_dir, review.period, 1), report_path(out_dir, review.period, 2)
    refuse_existing([part2, part1], force)
    report("Comparing ratings", 0.1)
    before = previous if previous is not None else previous_period_review(review)
    changes = rating_changes(before, review) if before is not None else NOTHING_TO_COMPARE
    rules = DisclosureRules.from_settings(settings)
    redaction = redact(review, rules)
    # Issue 14: a change whose rating then or now pins a withheld figure is left out of Part 1.
    public_changes = without_withheld_ratings(changes, redact(before, rules) if before else NO_REDACTION, redaction)
    template = Path(settings.report_template) if settings.report_template else None
    problems: list[Problem] = []
    report(f"Writing {part2.name}", 0.3)
    seen = trends or NO_TRENDS
    public = build_report(review, public_changes, settings, redaction, public=True, trends=seen)
    audits: list[Audit] = []

    def write_public(temp: Path) -> None:
        report(f"Writing {part1.name}", 0.6)
        write_report(public, temp, template)
        report(f"Auditing {part1.name}", 0.8)
        audits.append(_passed(audit_report(temp, organisation=settings.organisation, source=review,
                                           redaction=redaction, rules=rules), part1))

    try:
        _write_pair([(part2, lambda temp: problems.extend(
                         write_report(build_report(review, changes, settings, trends=seen), temp, template))),
                     (part1, write_public)])
    except UnsafePublicFile:
        # A Part 1 of an earlier run (overwritten with --force) must not be taken for this one.
        part1.unlink(missing_ok=True)
        raise
    report("Written", 1.0)
    return ReportResult(
        part1=part1,
        part2=part2,
        changes=public_changes,
        withheld=public.withheld_refs,
        missing_commentary=tuple(i.ref for i in review.missing_commentary),
        problems=tuple(problems),
        audit=audits[0],
    )


def _out_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UnusableWorkbook([error(
            "output-unwritable", f"{out_dir} is a file, not a folder. Give --out a folder for the files.")])


def _about_output(exc: OSError, path: Path) -> bool:
    """Whether an error is about the output: its folder, a folder above it, a file in it, or no file named."""
    if exc.filename is None:
        return True
    folder, named = path.parent.resolve(), Path(exc.filename).resolve()
    return named == folder or folder in named.parents or named in folder.parents


def _write_pair(writes: list[tuple[Path, Callable[[Path], None]]]) -> None:
    """Write a Part 2 file and its Part 1 together or not at all; a refusal says what is in the folder."""
    try:
        atomic_write_all(writes)
    except OSError as exc:
        named = Path(str(exc.filename)).name if exc.filename is not None else ""
        path = next((p for p, _ in writes if p.stem in named), writes[0][0])  # the file, or its temporary copy
        if not _about_output(exc, path):
            raise  # a file the program reads (a bundled resource) is missing: a bug, not the user's folder
        kept = [f"the earlier {p.name} is unchanged" if p.is_file() else f"{p.name} is a folder" if p.is_dir()
                else f"there is no {p.name}" for p, _ in writes]
        raise UnusableWorkbook([error(
            "output-unwritable",
            f"{path} cannot be written ({exc.strerror or exc}), so neither file was written: in {path.parent}, "
            f"{' and '.join(kept)}. Close the file if it is open in Excel or Word, or choose a folder you can "
            "write to, and export again.",
        )]) from exc
