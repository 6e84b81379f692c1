"""The window's table says (tooltip, screen reader) which period a quarterly figure is for when not the one on view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from scrutiny_desktop.gui.models import Column, IndicatorTableModel
from scrutiny_desktop.pipeline import load_review
from tests.workbooks import table


def test_an_earlier_figure_names_its_period(qtmodeltester, tmp_path: Path) -> None:
    header = ["Ref", "Indicator", "Target", "Good is", "Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19"]
    path = table(tmp_path / "w.xlsx", header, ["1", "Monthly", 10, "High", 11, 11, 11, 11, 12],
                 ["2", "Quarterly", 50, "High", 40, None, None, 55, None])
    review = load_review(path)
    model = IndicatorTableModel()
    model.set_rows(review.items, review.problems, review.period)
    qtmodeltester.check(model)
    shown = {model.index(r, Column.REF).data(): model.index(r, Column.OUTTURN).data(Qt.ItemDataRole.ToolTipRole)
             for r in range(model.rowCount())}
    assert shown == {"1": "", "2": "55 is for September 2019: this indicator's latest figure"}
    read = {model.index(r, Column.REF).data(): model.index(r, Column.OUTTURN).data(Qt.ItemDataRole.AccessibleTextRole)
            for r in range(model.rowCount())}
    assert read["2"] == shown["2"] and read["1"] == "12"
