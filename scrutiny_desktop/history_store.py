"""The history kept on the officer's machine: an SQLite database per organisation.

Part 2 content (commentary, withheld figures) lives here, so by default it sits in the user's own data
folder, not beside a workbook on a shared drive; `--history FILE` or SCRUTINY_HISTORY choose another.
Every write is one transaction (all of an export's records or none); the schema's version is SQLite's
`user_version` and older databases are migrated forward in a transaction. A database that is damaged,
locked by another program, or from a newer version of this program is a problem with a code, never a
crash and never a reason to lose the export that was being recorded.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from scrutiny_desktop.collector import without_collector_pauses
from scrutiny_desktop.domain.history import History, Origin, Record, Trends
from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import Problem, Severity, UnusableWorkbook, error
from scrutiny_desktop.domain.profile import ImportProfile
from scrutiny_desktop.domain.review import Review
from scrutiny_desktop.resources import user_data_dir

HISTORY_ENV = "SCRUTINY_HISTORY"

# Each entry takes the schema from the version before it to its own number (index + 1).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE record (
        ref TEXT NOT NULL,
        period TEXT NOT NULL,            -- YYYY-MM
        title TEXT NOT NULL,
        rag TEXT NOT NULL,
        origin INTEGER NOT NULL,
        section TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        polarity TEXT NOT NULL DEFAULT '',
        value REAL, numerator REAL, denominator REAL, target REAL,
        computed TEXT,
        override_reason TEXT NOT NULL DEFAULT '',
        commentary TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (ref, period)
    );
    """,
    # v2: where carried-forward commentary was first written, so carrying it twice still says so.
    "ALTER TABLE record ADD COLUMN commentary_from TEXT NOT NULL DEFAULT '';",
)
SCHEMA_VERSION = len(MIGRATIONS)
_TIMEOUT_SECONDS = 3.0  # another export writing: wait briefly, then say the history is in use


def default_history_path(organisation: str) -> Path:
    """The database for an organisation's workbooks: SCRUTINY_HISTORY, else the user's data folder."""
    chosen = os.environ.get(HISTORY_ENV, "").strip()
    if chosen:
        return Path(chosen)
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.casefold()).strip("-") or "history"
    return user_data_dir() / "history" / f"{slug}.sqlite3"


def _problem(path: Path, exc: sqlite3.Error) -> UnusableWorkbook:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return UnusableWorkbook([error(
            "history-locked",
            f"The history {path} is in use by another program or export; nothing was lost. "
            "Try again when it has finished.",
        )])
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return UnusableWorkbook([error(
            "history-unwritable",
            f"The history {path} cannot be opened or written ({exc}). Choose another file with --history.",
        )])
    return UnusableWorkbook([error(
        "history-unreadable",
        f"The history {path} is damaged or is not a Scrutiny Desktop history ({exc}). It has not been "
        "changed; keep it for support, and choose another file with --history.",
    )])


class HistoryStore:
    """One history database. Open it with `open_history`; every method raises `UnusableWorkbook` on trouble."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connection(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            raise FileNotFoundError(self.path)
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UnusableWorkbook([error(
                "history-unwritable", f"The folder for the history {self.path} cannot be made ({exc.strerror})."
            )]) from exc
        try:
            uri = self.path.resolve().as_uri() + ("" if write else "?mode=ro")
            con = sqlite3.connect(uri, uri=True, timeout=_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise _problem(self.path, exc) from exc
        try:
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._migrate(con, write=write)
            yield con
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            with suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise _problem(self.path, exc) from exc
        except BaseException:
            with suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    def _migrate(self, con: sqlite3.Connection, *, write: bool) -> None:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UnusableWorkbook([error(
                "history-too-new",
                f"The history {self.path} was written by a newer Scrutiny Desktop (schema {version}); "
                "update this program to use it. It has not been changed.",
            )])
        if version == SCHEMA_VERSION:
            return
        if version == 0 and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise UnusableWorkbook([error(
                "history-unreadable",
                f"{self.path} is an SQLite database but not a Scrutiny Desktop history. It has not been changed.",
            )])
        if not write:
            return  # read as it is: an older schema is read with its columns' defaults below
        for step in MIGRATIONS[version:]:
            for statement in (s for s in step.split(";") if s.strip()):
                con.execute(statement)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def add(self, records: Iterable[Record]) -> int:
        """Keep `records`, each replacing a held one of the same indicator and month it outranks or equals.

        One transaction: all are kept, or (on any error) none. Returns how many were kept.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = (
            (r.ref, r.period.key, r.title, r.rag.value, int(r.origin), r.section, r.unit, r.polarity, r.value,
             r.numerator, r.denominator, r.target, r.computed.value if r.computed else None, r.override_reason,
             r.commentary, r.source, now, r.commentary_from)
            for r in records
        )
        with self._connection(write=True) as con:
            before = con.total_changes
            # One statement per record, the rank decided by SQLite: a held record is replaced only by one
            # of the same or a higher origin (an export outranks what was back-filled).
            con.executemany(
                "INSERT INTO record (ref, period, title, rag, origin, section, unit, polarity, value, numerator,"
                " denominator, target, computed, override_reason, commentary, source, recorded_at, commentary_from)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (ref, period) DO UPDATE SET title = excluded.title, rag = excluded.rag,"
                " origin = excluded.origin, section = excluded.section, unit = excluded.unit,"
                " polarity = excluded.polarity, value = excluded.value, numerator = excluded.numerator,"
                " denominator = excluded.denominator, target = excluded.target, computed = excluded.computed,"
                " override_reason = excluded.override_reason, commentary = excluded.commentary,"
                " source = excluded.source, recorded_at = excluded.recorded_at,"
                " commentary_from = excluded.commentary_from"
                " WHERE excluded.origin >= record.origin",
                rows,
            )
            return con.total_changes - before

    def load(self, refs: Iterable[str] | None = None, *, figures_only: bool = False) -> History:
        """Everything held, or only the records of `refs`; an absent database is an empty history (a fresh
        machine).

        `figures_only` reads what the trends of a review are worked out from (each record's month, figures,
        rating, origin and commentary) and leaves the descriptive fields (title, section, target, source,
        ...) empty: a third of the reading of a long history, which an export does every time.
        """
        try:
            with self._connection(write=False) as con:
                if con.execute("PRAGMA user_version").fetchone()[0] == 0:
                    return History()
                columns = {row[1] for row in con.execute("PRAGMA table_info(record)")}
                carried = "commentary_from" if "commentary_from" in columns else "''"
                wanted = _FIGURE_COLUMNS if figures_only else _ALL_COLUMNS
                query = f"SELECT {wanted.format(carried=carried)} FROM record"
                if refs is None:
                    rows = con.execute(query).fetchall()
                else:
                    # The review's indicators only: a history of other sheets' or last year's indicators
                    # is not read for them. The refs go in as one JSON list, however many there are.
                    rows = con.execute(query + " WHERE ref IN (SELECT value FROM json_each(?))",
                                       (json.dumps(list(dict.fromkeys(refs))),)).fetchall()
        except FileNotFoundError:
            return History()
        periods: dict[str, Period] = {}  # a few dozen distinct months among thousands of records
        make = _figures_record if figures_only else _record
        try:
            return History(tuple(make(row, periods) for row in rows))
        except (ValueError, TypeError) as exc:
            raise UnusableWorkbook([error(
                "history-unreadable", f"The history {self.path} holds a record this program cannot read ({exc})."
            )]) from exc


_ALL_COLUMNS = ("ref, period, title, rag, origin, section, unit, polarity, value, numerator, denominator, target,"
                " computed, override_reason, commentary, source, {carried}")
_FIGURE_COLUMNS = "ref, period, rag, origin, value, numerator, denominator, commentary, {carried}"
_RAGS = {rag.value: rag for rag in Rag}
_ORIGINS = {int(origin): origin for origin in Origin}
_RANKS = {(rag.value, int(origin)): (rag, origin) for rag in Rag for origin in Origin}


def _month(key: str, periods: dict[str, Period]) -> Period:
    month = periods.get(key)
    if month is None:
        year, number = key.split("-")
        month = periods[key] = Period(int(year), int(number))
    return month


def _rank(rag: object, origin: object) -> tuple[Rag, Origin]:
    try:
        return _RAGS[str(rag)], _ORIGINS[int(str(origin))]
    except KeyError as exc:
        raise ValueError(f"unknown rating or origin {exc}") from None


def _record(row: tuple[object, ...], periods: dict[str, Period]) -> Record:
    (ref, period, title, rag, origin, section, unit, polarity, value, numerator, denominator, target, computed,
     reason, commentary, source, carried) = row
    rated, came = _rank(rag, origin)
    return Record(
        ref=str(ref), period=_month(str(period), periods), title=str(title), rag=rated,
        origin=came, section=str(section), unit=str(unit), polarity=str(polarity),
        value=_number(value), numerator=_number(numerator), denominator=_number(denominator), target=_number(target),
        computed=Rag(str(computed)) if computed else None, override_reason=str(reason), commentary=str(commentary),
        source=str(source), commentary_from=str(carried),
    )


def _figures_record(row: tuple[object, ...], periods: dict[str, Period]) -> Record:
    ref, period, rag, origin, value, numerator, denominator, commentary, carried = row
    month = periods.get(period)  # type: ignore[call-overload]
    rank = _RANKS.get((rag, origin))  # type: ignore[arg-type]
    # What SQLite gives back for what `add` wrote (text, a whole origin, REAL or NULL figures) goes
    # straight into the record: an export reads tens of thousands of them. Anything else is converted,
    # or refused, one field at a time.
    if (month is None or rank is None or type(ref) is not str or type(commentary) is not str
            or type(carried) is not str or not (value is None or type(value) is float)
            or not (numerator is None or type(numerator) is float)
            or not (denominator is None or type(denominator) is float)):
        rated, came = _rank(rag, origin)
        return Record(
            ref=str(ref), period=_month(str(period), periods), title="", rag=rated, origin=came,
            value=_number(value), numerator=_number(numerator), denominator=_number(denominator),
            commentary=str(commentary), commentary_from=str(carried),
        )
    return Record(ref, month, "", rank[0], rank[1], "", "", "", value, numerator, denominator, None, None, "",
                  commentary, carried)


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def open_history(path: Path) -> HistoryStore:
    return HistoryStore(path)


# -- what the pipeline asks of the history ------------------------------------------------------------


@without_collector_pauses
def load_trends(review: Review, path: Path | None) -> tuple[Review, Trends, tuple[Problem, ...]]:
    """The review with carried-forward commentary as the starting draft, and what the history says of it.

    Each exception still without commentary starts from its last commentary (marked with the period it
    came from, in `Trends`). No history (`path` None, or no file yet) is exactly today's review. A history
    that cannot be read is a warning: the review goes on without it, and nothing is lost.
    """
    from scrutiny_desktop.domain.history import NO_TRENDS, trends

    if path is None:
        return review, NO_TRENDS, ()
    try:
        history = open_history(path).load((item.ref for item in review.items), figures_only=True)
    except UnusableWorkbook as bad:
        return review, NO_TRENDS, tuple(replace(p, severity=Severity.WARNING) for p in bad.problems)
    if not history.records:
        return review, NO_TRENDS, ()  # a fresh machine: exactly the appendices there always were
    found = trends(history, review)
    drafts = {
        item.ref: carried.text for item in review.items
        if (carried := found.of(item.ref).carried) is not None and not item.commentary.strip()
    }
    return (review.with_commentary(drafts) if drafts else review), found, ()


def carried_unchanged(review: Review, found: Trends) -> tuple[str, ...]:
    """The exceptions whose commentary is still, word for word, what was carried forward."""
    return tuple(
        item.ref for item in review.items
        if (carried := found.of(item.ref).carried) is not None and item.commentary.strip() == carried.text.strip()
    )


@without_collector_pauses
def record_export(review: Review, path: Path, found: Trends, source: str = "") -> Problem | None:
    """Keep the exported period in the history; a problem (never an exception) when it cannot be."""
    from scrutiny_desktop.domain.history import records_of_dataset, records_of_review

    carried = {ref: t.carried for ref, t in found.by_ref.items() if t.carried is not None}
    # The workbook's other months too (they outrank nothing exported): a rolling twelve-month workbook
    # then still gives the chart its earlier points next year.
    records = [*records_of_dataset(review.dataset, source, found.held),
               *records_of_review(review, Origin.EXPORT, source, carried)]
    try:
        open_history(path).add(records)
    except UnusableWorkbook as bad:
        first = bad.problems[0]
        return replace(first, severity=Severity.WARNING,
                       message=f"The appendices were written, but this period was not kept in the history: "
                               f"{first.message}")
    return None


def backfill(store: HistoryStore, paths: Iterable[Path], *, sheet: Sequence[str] | None = None,
             profile: ImportProfile | None = None) -> list[tuple[Path, int]]:
    """Keep the figures of earlier monthly workbooks and of this program's own Part 2 appendices.

    `sheet` and `profile` read the workbooks as `check` does (each workbook's own profile beside it is
    used where no profile is given).

    Every file is read first; nothing is kept unless all can be (one transaction). Raises `UnusableWorkbook`
    with every file's reasons at once.
    """
    from scrutiny_desktop.domain.history import records_of_dataset
    from scrutiny_desktop.excel.appendix_reader import is_part2_appendix, read_appendix
    from scrutiny_desktop.excel.reader import read_workbook

    read: list[tuple[Path, list[Record]]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            if is_part2_appendix(path):
                records = read_appendix(path)
            else:
                records = records_of_dataset(read_workbook(path, sheet=sheet, profile=profile), path.name)
        except UnusableWorkbook as bad:
            problems.extend(replace(p, message=f"{path.name}: {p.message}") for p in bad.errors)
            continue
        read.append((path, records))
    if problems:
        raise UnusableWorkbook(problems)
    store.add(r for _path, records in read for r in records)
    return [(path, len(records)) for path, records in read]
