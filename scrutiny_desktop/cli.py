"""The `scrutiny` command: thin; parses arguments and calls the pipeline the window calls.

Exit codes: 0 done; 1 `audit` found a leak, `export` found one in the public appendix it wrote
(and wrote nothing), or the public report draft failed its audit (and was deleted); 2 unusable
input (reasons on stderr, and in the JSON with --json); 3 a bug in this program (never for bad input).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from scrutiny_desktop import __version__
from scrutiny_desktop.collector import without_collector_pauses
from scrutiny_desktop.domain.periods import Period, parse_period_key
from scrutiny_desktop.domain.problems import Problem, Severity, UnusableWorkbook
from scrutiny_desktop.domain.rating import resolve_target
from scrutiny_desktop.domain.review import Review, Reviewed
from scrutiny_desktop.domain.settings import Settings
from scrutiny_desktop.guide import Section, guide_text, pointer, section_for

if TYPE_CHECKING:
    from scrutiny_desktop.audit.common import Audit
    from scrutiny_desktop.domain.changes import RatingChange
    from scrutiny_desktop.pipeline import ExportResult, ReportResult, UnsafePublicFile

EXIT_OK, EXIT_LEAK, EXIT_UNUSABLE, EXIT_BUG = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a plain sentence (its default also exits 2, with usage)."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"scrutiny: {message}\n")
        raise SystemExit(EXIT_UNUSABLE)


def _period(text: str) -> Period:
    period = parse_period_key(text)
    if period is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a period; write it as YYYY-MM, e.g. 2019-10")
    return period


def _reading_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--sheet", action="append", metavar="NAME",
                         help="read only this sheet (repeat for several; default: every sheet with an indicator table)")
    command.add_argument("--profile", type=Path, metavar="FILE",
                         help="import profile saying how to read the workbook (default: <workbook stem>.profile.toml "
                              "beside it, when there is one)")


def _reading(args: argparse.Namespace) -> dict[str, Any]:
    """The reading options of check, export and report, as load_review's keywords."""
    from scrutiny_desktop.excel.profiles import load_profile

    return {"sheet": args.sheet, "profile": load_profile(args.profile) if args.profile else None}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scrutiny", description="Rate a council's monthly KPI workbook and write Appendix One.")
    parser.add_argument("--version", action="version", version=f"scrutiny {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="read the workbook, rate every indicator, list the problems")
    check.add_argument("workbook", type=Path)
    check.add_argument("--period", type=_period, help="the period to report, YYYY-MM (default: the latest with data)")
    _reading_options(check)
    check.add_argument("--json", action="store_true", help="print JSON instead of a table")

    export = sub.add_parser("export", help="write Appendix One (Part 2, and the public Part 1) into a folder")
    export.add_argument("workbook", type=Path)
    export.add_argument("--out", type=Path, required=True, help="folder for the appendices")
    export.add_argument("--period", type=_period, help="the period to report, YYYY-MM (default: the latest with data)")
    export.add_argument("--commentary", type=Path,
                        help='JSON file {"REF": "text", ...} overriding the workbook\'s own commentary')
    _reading_options(export)
    export.add_argument("--force", action="store_true", help="overwrite appendices already in --out")
    export.add_argument("--json", action="store_true", help="print JSON instead of text")
    _history_option(export, optional=True)
    report = sub.add_parser("report", help="write the report's exceptions section as Word drafts (Part 1 and Part 2)")
    report.add_argument("workbook", type=Path)
    report.add_argument("--out", type=Path, required=True, help="folder for the two .docx drafts")
    report.add_argument("--period", type=_period, help="the period to report, YYYY-MM (default: the latest with data)")
    report.add_argument("--commentary", type=Path,
                        help='JSON file {"REF": "text", ...} overriding the workbook\'s own commentary')
    _reading_options(report)
    report.add_argument("--previous", type=Path, metavar="WORKBOOK",
                        help="last quarter's workbook: name the indicators whose rating changed since it "
                             "(default: since the workbook's previous period)")
    report.add_argument("--template", type=Path, metavar="DOCX",
                        help="the council's Word template, whose styles the drafts take (default: the bundled one)")
    report.add_argument("--force", action="store_true", help="overwrite drafts already in --out")
    report.add_argument("--json", action="store_true", help="print JSON instead of text")
    _history_option(report, optional=True)

    audit = sub.add_parser("audit", help="check a public appendix (.xlsx) or report draft (.docx) for anything "
                                         "that could identify a child")
    audit.add_argument("public", type=Path, metavar="PUBLIC_XLSX")
    audit.add_argument("--source", type=Path, metavar="WORKBOOK",
                       help="the monthly workbook it was made from: also search for every withheld figure and "
                            "confidential commentary")
    audit.add_argument("--period", type=_period, help="the period of the appendix, YYYY-MM (default: the latest)")
    audit.add_argument("--organisation", default=Settings().organisation,
                       help="the only author the file may name (default: %(default)s)")
    audit.add_argument("--json", action="store_true", help="print JSON instead of a list")

    guide = sub.add_parser("guide", help="print the user guide (or one section of it)")
    guide.add_argument("section", nargs="?", choices=[s.value for s in Section],
                       help="the section to print (default: the whole guide)")
    _history_parser(sub)

    demo = sub.add_parser("demo", help="run on the bundled sample workbook")
    demo.add_argument("--out", type=Path, default=Path("out"), help="folder for the appendices (default: ./out)")
    return parser


@without_collector_pauses  # one command and exit: a full collection between its steps only costs time
def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A console or pipe that cannot show an arrow must not crash the report.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "export":
            return _export(args)
        if args.command == "report":
            return _report(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "guide":
            sys.stdout.write(guide_text(Section(args.section) if args.section else None))
            return 0
        if args.command == "history":
            return _history(args)
    except UnusableWorkbook as refused:
        return _refused(refused, getattr(args, "workbook", None), getattr(args, "json", False))
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence: a bug, reported as one
        sys.stderr.write("scrutiny: internal error (a bug in Scrutiny Desktop, not in your workbook). "
                         "Please report it with the text below.\n")
        traceback.print_exc()
        return EXIT_BUG
    return EXIT_BUG


def _check(args: argparse.Namespace) -> int:
    from scrutiny_desktop.pipeline import load_review

    result = load_review(args.workbook, period=args.period, **_reading(args))
    if args.json:
        json.dump(review_as_dict(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_review(result, sys.stdout)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from scrutiny_desktop.history_store import load_trends
    from scrutiny_desktop.pipeline import UnsafePublicFile, export_appendices, load_review, read_commentary

    commentary = read_commentary(args.commentary) if args.commentary else None
    result = load_review(args.workbook, period=args.period, commentary=commentary, **_reading(args))
    history = _history_path(args)
    result, trends, unread = load_trends(result, history)
    try:
        written = export_appendices(result, args.out, force=args.force, trends=trends,
                                    history=None if unread else history)
    except UnsafePublicFile as unsafe:
        return _unsafe(unsafe, result, args.json)
    if unread:
        written = replace(written, problems=(*written.problems, *unread))
    if args.json:
        json.dump({
            "full": str(written.full),
            "public": str(written.public) if written.public else None,
            "missing_commentary": list(written.missing_commentary),
            "carried_forward": list(written.carried_unchanged),
            "problems": [p.as_dict() for p in written.problems],
            "findings": [],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_export(written, result, sys.stdout)
    return EXIT_OK


def _unsafe(unsafe: UnsafePublicFile, result: Review, as_json: bool) -> int:
    """The public appendix failed its audit: say so, with every finding; nothing was written."""
    findings = unsafe.audit.findings
    sys.stderr.write(
        f"scrutiny: the public appendix {unsafe.path.name} failed its audit with {len(findings)} finding(s), so it "
        "was deleted and must not be published. Neither appendix was written. The findings (part, where, why):\n")
    _print_findings(unsafe.audit, sys.stderr)
    sys.stderr.write("Where a finding is in text you wrote (commentary, or the template's header or footer), take "
                     "the figure out and export again; otherwise please report it as a bug in Scrutiny Desktop, "
                     "with the list above.\n")
    if as_json:
        json.dump({
            "full": None,
            "public": None,
            "missing_commentary": [i.ref for i in result.missing_commentary],
            "problems": [],
            "findings": [f.as_dict() for f in findings],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_LEAK


def _report(args: argparse.Namespace) -> int:
    from scrutiny_desktop.pipeline import UnsafePublicFile, export_report, load_review, read_commentary

    commentary = read_commentary(args.commentary) if args.commentary else None
    result = load_review(args.workbook, period=args.period, commentary=commentary, **_reading(args))
    previous = None
    if args.previous is not None:
        try:
            previous = load_review(args.previous)
        except UnusableWorkbook as refused:
            return _refused(refused, args.previous, args.json)
    settings = Settings(report_template=str(args.template) if args.template else "")
    from scrutiny_desktop.history_store import load_trends

    result, trends, unread = load_trends(result, _history_path(args))
    try:
        written = export_report(result, args.out, previous=previous, settings=settings, force=args.force,
                                trends=trends)
    except UnsafePublicFile as unsafe:
        return _unsafe_draft(unsafe, args.json)
    if unread:
        written = replace(written, problems=(*written.problems, *unread))
    if args.json:
        json.dump(report_as_dict(written, result, args.previous), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_report(written, result, sys.stdout)
    return EXIT_OK


def _unsafe_draft(unsafe: UnsafePublicFile, as_json: bool) -> int:
    """The public report draft failed its audit: it was deleted; say so with every finding."""
    sys.stderr.write(f"scrutiny: {unsafe.path.name} failed its audit and was deleted; do not publish it. Neither "
                     "draft was written (Part 2 goes into place only with its Part 1). The findings:\n")
    _print_findings(unsafe.audit, sys.stderr)
    if as_json:
        json.dump({"part1": None, "audit": _audit_dict(unsafe.audit)}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_LEAK


def _audit_dict(audit: Audit) -> dict[str, Any]:
    return {"clean": audit.clean, "findings": [f.as_dict() for f in audit.findings],
            "warnings": [f.as_dict() for f in audit.warnings]}


def _print_worth_a_look(audit: Audit, out: TextIO) -> None:
    """Wording shared with Part 2 text that is no leak but worth a look: never a reason to refuse."""
    if audit.warnings:
        out.write(f"Worth a look ({len(audit.warnings)}): public commentary sharing wording with Part 2 text:\n")
        for finding in audit.warnings:
            out.write(f"  {finding.line()}\n")


def _print_findings(audit: Audit, out: TextIO) -> None:
    for finding in audit.findings:
        out.write(f"  {finding.line()}\n")


def _audit(args: argparse.Namespace) -> int:
    from scrutiny_desktop.audit.docx import audit_report
    from scrutiny_desktop.audit.xlsx import audit_public
    from scrutiny_desktop.domain.disclosure import DisclosureRules
    from scrutiny_desktop.pipeline import load_review

    source = None
    if args.source is not None:
        try:
            source = load_review(args.source, period=args.period)
        except UnusableWorkbook as refused:
            return _refused(refused, args.source, args.json)
    audit_file = audit_report if args.public.suffix.lower() == ".docx" else audit_public
    try:
        result = audit_file(args.public, organisation=args.organisation, source=source,
                            rules=DisclosureRules.from_settings(Settings(organisation=args.organisation)))
    except UnusableWorkbook as refused:
        return _refused(refused, args.public, args.json)
    if args.json:
        json.dump({
            "file": str(args.public),
            "source": str(args.source) if args.source else None,
            **_audit_dict(result),
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif result.clean:
        searched = (f", and none of the figures or commentary that {args.source.name} withholds"
                    if args.source else "")
        print(f"{args.public.name}: clean. No hidden data, formulas or personal details{searched} were found.")
        if not args.source:
            print("Run with --source WORKBOOK to search for withheld figures and confidential commentary too.")
    else:
        print(f"{args.public.name}: {len(result.findings)} finding(s). Do not publish this file:")
        _print_findings(result, sys.stdout)
    if not args.json:
        _print_worth_a_look(result, sys.stdout)
    return EXIT_OK if result.clean else EXIT_LEAK


def _demo(args: argparse.Namespace) -> int:
    from scrutiny_desktop.pipeline import UnsafePublicFile, export_appendices, export_report, load_review
    from scrutiny_desktop.resources import sample_workbook

    sample = sample_workbook()
    result = load_review(sample)
    print_review(result, sys.stdout)
    print(f"\nSample workbook: {sample}")
    # The demo's own outputs: rewritten on every run.
    try:
        written = export_appendices(result, args.out, force=True)
    except UnsafePublicFile as unsafe:
        return _unsafe(unsafe, result, False)
    print()
    print_export(written, result, sys.stdout)
    try:
        drafts = export_report(result, args.out, force=True)
    except UnsafePublicFile as unsafe:
        return _unsafe_draft(unsafe, False)
    print()
    print_report(drafts, result, sys.stdout)
    return EXIT_OK


def _refused(refused: UnusableWorkbook, workbook: Path | None, as_json: bool) -> int:
    name = workbook.name if workbook else "the input"
    sys.stderr.write(f"scrutiny: cannot use {name}:\n")
    for problem in refused.problems:
        if problem.severity is Severity.ERROR:
            where = f" at {problem.location}" if problem.location else ""
            sys.stderr.write(f"  {problem.code}{where}: {problem.message}\n")
    for section in dict.fromkeys(s for p in refused.errors if (s := section_for(p.code)) is not None):
        sys.stderr.write(pointer(section, window=False) + "\n")
    if as_json:
        json.dump({
            "workbook": str(workbook) if workbook else None,
            "usable": False,
            "problems": [p.as_dict() for p in refused.problems],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_UNUSABLE


# -- output ------------------------------------------------------------------------------------


def _target_dict(item: Reviewed) -> dict[str, Any] | None:
    ind = item.indicator
    if not ind.target.is_set:
        return None
    low, high, _ = resolve_target(ind)
    return {
        "low": low,
        "high": high,
        "benchmark": ind.target.benchmark.value if ind.target.benchmark else None,
        "tolerance": ind.tolerance.amount if ind.tolerance else None,
        "tolerance_relative": bool(ind.tolerance and ind.tolerance.relative),
        "red_threshold": ind.red_threshold,
        "text": item.target_text,
    }


def indicator_as_dict(item: Reviewed) -> dict[str, Any]:
    ind = item.indicator
    return {
        "ref": ind.ref,
        "title": ind.title,
        "section": ind.section,
        "polarity": ind.polarity.value if ind.polarity else None,
        "unit": ind.unit.kind.value,
        "unit_label": ind.unit.shown_as,
        "period": item.period.key if item.period else None,
        "value": item.outturn.value,
        "numerator": item.outturn.numerator,
        "denominator": item.outturn.denominator,
        "value_text": item.value_text,
        "target": _target_dict(item),
        "rag": item.rag.value,
        "rag_computed": item.rating.rag.value,
        "rag_override_reason": item.rating.override.reason if item.rating.override else None,
        "explanation": item.explanation,
        "direction": {"vs_previous": item.vs_previous.direction.value,
                      "vs_last_year": item.vs_last_year.direction.value},
        "needs_commentary": item.needs_commentary,
        "commentary": item.commentary,
        "sensitive": ind.sensitive,
        "cell": ind.cell("ref"),
    }


def review_as_dict(result: Review) -> dict[str, Any]:
    return {
        "workbook": result.dataset.source,
        "sheet": result.dataset.sheet,
        "period": result.period.key if result.period else None,
        "indicators": [indicator_as_dict(item) for item in result.items],
        "problems": [p.as_dict() for p in result.problems],
    }


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_review(result: Review, out: TextIO) -> None:
    """The review as a readable table, then its problems with their cells."""
    data = result.dataset
    period = result.period.long_label if result.period else "no period"
    out.write(f"{data.title or Path(data.source).name} — {period}\n")
    out.write(f"Sheet '{data.sheet}' of {Path(data.source).name}\n\n")
    columns = (("Ref", 6), ("Indicator", 44), ("Value", 17), ("Target", 22), ("RAG", 10),
               ("vs previous", 15), ("vs last year", 15))
    out.write("  ".join(name.ljust(width) for name, width in columns).rstrip() + "\n")
    for section, items in result.sections:
        if section:
            out.write(f"-- {section}\n")
        for item in items:
            rag = item.rag.word + ("*" if item.rating.override else "")
            cells = (item.ref, item.indicator.title, item.value_text, item.target_text, rag,
                     item.vs_previous.text, item.vs_last_year.text)
            out.write("  ".join(_clip(text, width).ljust(width) for text, (_, width) in zip(cells, columns))
                      .rstrip() + "\n")
    counts = result.counts
    summary = ", ".join(f"{n} {rag.word}" for rag, n in counts.items() if n)
    out.write(f"\n{len(result.items)} indicators: {summary}.\n")
    exceptions = result.exceptions
    missing = result.missing_commentary
    if exceptions:
        refs = ", ".join(i.ref for i in exceptions)
        out.write(f"{len(exceptions)} exception(s) need commentary ({refs})")
        out.write(f"; {len(missing)} still without it ({', '.join(i.ref for i in missing)}).\n" if missing else ".\n")
    if any(i.rating.override for i in result.items):
        out.write("* rated by the service, overriding the computed rating.\n")
    print_problems(result.problems, out)


def print_export(written: ExportResult, result: Review, out: TextIO) -> None:
    """The files written, the exceptions still needing commentary, and any warnings."""
    out.write(f"Written: {written.full}  (Part 2, not for publication)\n")
    if written.public:
        out.write(f"Written: {written.public}  (Part 1, public)\n")
    if written.audit is not None and written.audit.clean:
        out.write(f"Audited {written.audit.path.name}: no hidden data, formulas, personal details, withheld figures "
                  "or confidential commentary.\n")
        _print_worth_a_look(written.audit, out)
    if written.missing_commentary:
        out.write(f"Still without commentary: {', '.join(written.missing_commentary)} "
                  "(marked 'Commentary needed' on the Exceptions sheet).\n")
    if written.carried_unchanged:
        out.write(f"Commentary carried forward unchanged from an earlier period: {', '.join(written.carried_unchanged)}"
                  " (check it still holds).\n")
    _print_warnings(written.problems, out)
    if result.problems:
        out.write(f"The workbook has {len(result.problems)} problem(s); `scrutiny check` lists them with their "
                  "cells.\n")


def _change_dict(change: RatingChange) -> dict[str, Any]:
    return {"ref": change.ref, "title": change.title,
            "before": change.before.value if change.before else None,
            "after": change.after.value if change.after else None,
            "newly_red": change.newly_red}


def report_as_dict(written: ReportResult, result: Review, previous: Path | None) -> dict[str, Any]:
    changes = written.changes
    return {
        "part1": str(written.part1),
        "part2": str(written.part2),
        "period": result.period.key if result.period else None,
        "compared_with": {"workbook": str(previous) if previous else None,
                          "period": changes.since.key if changes.since else None},
        "counts": {rag.value: n for rag, n in result.counts.items()},
        "changed": [_change_dict(c) for c in changes.changed],
        "appeared": [_change_dict(c) for c in changes.appeared],
        "disappeared": [_change_dict(c) for c in changes.disappeared],
        "withheld_from_part1": list(written.withheld),
        "missing_commentary": list(written.missing_commentary),
        "problems": [p.as_dict() for p in written.problems],
        "audit": _audit_dict(written.audit),
    }


def print_report(written: ReportResult, result: Review, out: TextIO) -> None:
    """The drafts written, the ratings and what changed, and what still needs commentary."""
    out.write(f"Written: {written.part2}  (Part 2, not for publication)\n")
    out.write(f"Written: {written.part1}  (Part 1, public: audited, nothing withheld found in it)\n")
    period = result.period.long_label if result.period else "no period"
    counts = ", ".join(f"{n} {rag.word}" for rag, n in result.counts.items())
    out.write(f"Ratings for {period}: {counts}.\n")
    changes = written.changes
    if changes.since is None:
        out.write("No earlier period to compare ratings with.\n")
    elif not changes.changed:
        out.write(f"No indicator changed rating since {changes.since.long_label}.\n")
    else:
        out.write(f"Changed rating since {changes.since.long_label} (newly Red first):\n")
    for change in (*changes.changed, *changes.appeared, *changes.disappeared):
        newly = " (newly Red)" if change.newly_red else ""
        out.write(f"  {change.ref:<6}  {change.text}{newly}: {_clip(change.title, 60)}\n")
    if written.withheld:
        out.write(f"Left to the Part 2 report in Part 1 (sensitive): {', '.join(written.withheld)}.\n")
    if written.missing_commentary:
        out.write(f"Still without commentary: {', '.join(written.missing_commentary)} "
                  "(marked [commentary needed] in the drafts).\n")
    _print_warnings(written.problems, out)


def _print_warnings(problems: Sequence[Problem], out: TextIO) -> None:
    """Warnings about what was written (a template, say), without cells."""
    for p in problems:
        out.write(f"  {p.severity.value:<7}  {p.code:<24}  {p.message}\n")


def print_problems(problems: Sequence[Problem], out: TextIO) -> None:
    if not problems:
        out.write("\nNo problems found.\n")
        return
    out.write(f"\nProblems ({len(problems)}):\n")
    for p in problems:
        where = p.location or "-"
        out.write(f"  {p.severity.value:<7}  {p.code:<24}  {where:<14}  {p.message}\n")


# -- history -------------------------------------------------------------------------------------------


def _history_option(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    chosen = parser.add_mutually_exclusive_group() if optional else parser
    chosen.add_argument("--history", type=Path, metavar="FILE",
                        help="the history database (default: SCRUTINY_HISTORY, else one per organisation in your "
                             "data folder)")
    if optional:
        chosen.add_argument("--no-history", action="store_true",
                            help="neither read nor keep a history: the appendices as they were without one")


def _history_parser(sub: Any) -> None:
    history = sub.add_parser("history", help="the history kept of earlier periods: add, list, export")
    actions = history.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help="back-fill from earlier monthly workbooks and Part 2 appendices")
    add.add_argument("workbooks", type=Path, nargs="+", metavar="WORKBOOK")
    _reading_options(add)
    _history_option(add)
    listing = actions.add_parser("list", help="what the history holds, period by period")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _history_option(listing)
    export = actions.add_parser("export", help="one row per indicator per period, for pandas or Power BI")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    _history_option(export)


def _history_path(args: argparse.Namespace) -> Path | None:
    from scrutiny_desktop.history_store import default_history_path

    if getattr(args, "no_history", False):
        return None
    chosen = getattr(args, "history", None)
    return Path(chosen) if chosen else default_history_path(Settings().organisation)


def _history(args: argparse.Namespace) -> int:
    from scrutiny_desktop.history_store import backfill, default_history_path, open_history

    store = open_history(_history_path(args) or default_history_path(Settings().organisation))
    if args.action == "add":
        missing = [p for p in args.workbooks if not p.is_file()]
        if missing:
            from scrutiny_desktop.domain.problems import error

            raise UnusableWorkbook([error("not-a-workbook", f"There is no file at {p}.") for p in missing])
        for path, count in backfill(store, args.workbooks, **_reading(args)):
            print(f"Kept {count} record(s) from {path.name}")
        print(f"History: {store.path}")
        return EXIT_OK
    history = store.load()
    if args.action == "list":
        periods = history.periods
        if args.json:
            json.dump({"history": str(store.path), "periods": [
                {"period": p.key, "indicators": sum(1 for r in history.records if r.period == p)} for p in periods
            ]}, sys.stdout, indent=2)
            sys.stdout.write("\n")
            return EXIT_OK
        print(f"History: {store.path}")
        if not periods:
            print("Nothing is held yet: each export keeps its period, and `scrutiny history add` back-fills.")
        for period in periods:
            held = [r for r in history.records if r.period == period]
            kinds = sorted({r.origin.name.lower() for r in held})
            print(f"  {period.key}  {len(held):4d} indicator(s)  from {', '.join(kinds)}")
        return EXIT_OK
    from scrutiny_desktop.excel.history_export import write_history

    written = write_history(history, args.out, args.format, force=args.force)
    print(f"Written: {written}")
    return EXIT_OK
