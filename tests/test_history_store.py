"""The history database: kept, migrated, and a clear problem (never a crash) when damaged, locked or too new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scrutiny_desktop.domain.history import Origin, Record
from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.problems import UnusableWorkbook
from scrutiny_desktop.history_store import HISTORY_ENV, SCHEMA_VERSION, default_history_path, open_history


def rec(ref: str, month: int, rag: Rag = Rag.RED, origin: Origin = Origin.EXPORT, **kw: object) -> Record:
    return Record(ref=ref, period=Period(2019, month), title=f"Indicator {ref}", rag=rag, origin=origin,
                  **kw)  # type: ignore[arg-type]


def test_a_fresh_machine_has_an_empty_history(tmp_path: Path) -> None:
    store = open_history(tmp_path / "none" / "history.sqlite3")
    assert store.load().records == ()
    assert not (tmp_path / "none").exists()  # reading never creates the file


def test_records_are_kept_and_read_back(tmp_path: Path) -> None:
    store = open_history(tmp_path / "h.sqlite3")
    kept = store.add([rec("25", 9, value=54.9, numerator=50, denominator=91, commentary="Officers say so.",
                          computed=Rag.AMBER, override_reason="Known data lag", commentary_from="2019-06")])
    assert kept == 1
    [back] = store.load().records
    assert back == rec("25", 9, value=54.9, numerator=50, denominator=91, commentary="Officers say so.",
                       computed=Rag.AMBER, override_reason="Known data lag", commentary_from="2019-06")
    with sqlite3.connect(tmp_path / "h.sqlite3") as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_only_the_indicators_asked_for_are_read(tmp_path: Path) -> None:
    # An export reads the history of its own indicators, not of every indicator ever kept (other sheets'
    # or last year's): refs with quotes, commas and brackets go through as they are.
    store = open_history(tmp_path / "h.sqlite3")
    refs = ["1", "2", "CSC 3", 'A "4"', "5, 6", "[7]"]
    store.add([rec(ref, month) for ref in refs for month in (8, 9)])
    wanted = ["2", 'A "4"', "5, 6", "[7]", "not held"]
    assert sorted({r.ref for r in store.load(wanted).records}) == sorted(wanted[:-1])
    assert len(store.load(wanted).records) == 8
    assert store.load([]).records == ()
    assert len(store.load().records) == 12


def test_an_export_outranks_a_back_fill_but_not_the_reverse(tmp_path: Path) -> None:
    store = open_history(tmp_path / "h.sqlite3")
    store.add([rec("1", 9, Rag.RED, Origin.EXPORT)])
    assert store.add([rec("1", 9, Rag.GREEN, Origin.WORKBOOK)]) == 0
    assert store.load().records[0].rag is Rag.RED
    store.add([rec("1", 9, Rag.AMBER, Origin.EXPORT)])
    assert store.load().records[0].rag is Rag.AMBER


def test_a_failed_write_keeps_nothing_of_it(tmp_path: Path) -> None:
    store = open_history(tmp_path / "h.sqlite3")
    store.add([rec("1", 8)])

    def records() -> object:
        yield rec("2", 8)
        raise RuntimeError("interrupted half way")

    with pytest.raises(RuntimeError):
        store.add(records())  # type: ignore[arg-type]
    assert [r.ref for r in store.load().records] == ["1"]


def test_a_version_one_database_is_migrated(tmp_path: Path) -> None:
    from scrutiny_desktop.history_store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as con:
        con.executescript(MIGRATIONS[0])
        con.execute("INSERT INTO record (ref, period, title, rag, origin, recorded_at, commentary) "
                    "VALUES ('7', '2019-04', 'Old', 'red', 2, 'x', 'Old words')")
        con.execute("PRAGMA user_version = 1")
    store = open_history(path)
    [old] = store.load().records  # read as it is
    assert (old.ref, old.commentary, old.commentary_from) == ("7", "Old words", "")
    store.add([rec("8", 5, commentary_from="2019-04")])
    assert {r.ref: r.commentary_from for r in store.load().records} == {"7": "", "8": "2019-04"}
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_hand_edited_record_reads_the_same_for_an_export_as_in_full(tmp_path: Path) -> None:
    """An export reads records by a quick path for what `add` writes; what another program wrote there
    (a ref typed as a number, a figure as text) is converted as the full read converts it, or refused."""
    path = tmp_path / "h.sqlite3"
    store = open_history(path)
    store.add([rec("7", 4, value=3.5), rec("8", 5, value=2.0, numerator=1.0, denominator=2.0), rec("9", 6)])
    with sqlite3.connect(path) as con:
        con.execute("UPDATE record SET ref = 10 WHERE ref = '9'")  # an integer in a TEXT column stays text
        con.execute("UPDATE record SET ref = CAST(11 AS BLOB), value = x'00' WHERE ref = '8'")
        con.execute("UPDATE record SET value = 'a few' WHERE ref = '7'")  # text in a REAL column stays text
    with pytest.raises(UnusableWorkbook) as full:
        store.load()
    with pytest.raises(UnusableWorkbook) as slim:
        store.load(figures_only=True)
    assert full.value.problems[0].code == slim.value.problems[0].code == "history-unreadable"
    with sqlite3.connect(path) as con:
        con.execute("UPDATE record SET value = '4.25' WHERE ref = '7'")  # a number as text: converted to 4.25
        con.execute("DELETE FROM record WHERE value = x'00'")
    whole, quick = store.load(), store.load(figures_only=True)
    assert sorted((r.ref, r.period, r.rag, r.origin, r.value) for r in quick.records) == sorted(
        (r.ref, r.period, r.rag, r.origin, r.value) for r in whole.records) == [
        ("10", Period(2019, 6), Rag.RED, Origin.EXPORT, None), ("7", Period(2019, 4), Rag.RED, Origin.EXPORT, 4.25)]
    assert all(type(r.ref) is str and (r.value is None or type(r.value) is float) for r in quick.records)


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_database_is_a_problem_and_is_not_changed(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(content)
    for action in (lambda s: s.load(), lambda s: s.add([rec("1", 4)])):
        with pytest.raises(UnusableWorkbook) as caught:
            action(open_history(path))
        assert [p.code for p in caught.value.problems] == ["history-unreadable"]
    assert path.read_bytes() == content


def test_someone_elses_sqlite_database_is_not_taken_for_a_history(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE things (x)")
    with pytest.raises(UnusableWorkbook) as caught:
        open_history(path).add([rec("1", 4)])
    assert caught.value.problems[0].code == "history-unreadable"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    open_history(path).add([rec("1", 4)])
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UnusableWorkbook) as caught:
        open_history(path).load()
    assert caught.value.problems[0].code == "history-too-new"


def test_a_locked_database_is_a_problem_and_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scrutiny_desktop.history_store as store_module

    monkeypatch.setattr(store_module, "_TIMEOUT_SECONDS", 0.05)
    path = tmp_path / "h.sqlite3"
    open_history(path).add([rec("1", 4)])
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(UnusableWorkbook) as caught:
            open_history(path).add([rec("2", 4)])
        assert caught.value.problems[0].code == "history-locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [r.ref for r in open_history(path).load().records] == ["1"]


def test_the_database_is_chosen_by_environment_or_by_organisation(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.setenv(HISTORY_ENV, str(tmp_path / "chosen.sqlite3"))
    assert default_history_path("Anywhere") == tmp_path / "chosen.sqlite3"
    monkeypatch.delenv(HISTORY_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "data"))
    one = default_history_path("London Borough of Bromley")
    assert one.name == "london-borough-of-bromley.sqlite3"
    assert str(tmp_path / "data") in str(one)
    assert default_history_path("Another Council") != one


def test_the_tidy_xlsx_keeps_typed_text_as_text(tmp_path: Path) -> None:
    """A title or an override's reason typed as "=..." was a formula in the tidy .xlsx (openpyxl's `append`),
    and a pasted control character stopped the export."""
    import zipfile

    from openpyxl import load_workbook

    from scrutiny_desktop.excel.history_export import write_history

    store = open_history(tmp_path / "h.sqlite3")
    from dataclasses import replace

    store.add([replace(rec("1", 4, value=3.0, override_reason="=> known lag"), title="=SUM(A1:A3)"),
               replace(rec("1", 5, value=4.0, override_reason="bell\x07"), title="#N/A")])
    out = write_history(store.load(), tmp_path / "tidy.xlsx", "xlsx")
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"\x07" not in sheet
    ws = load_workbook(out)["History"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    got = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [(r["title"], r["override_reason"], r["value"]) for r in got] == [
        ("=SUM(A1:A3)", "=> known lag", 3), ("#N/A", "bell", 4)]
    assert ws.freeze_panes == "A2"
