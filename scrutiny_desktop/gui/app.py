"""`scrutiny-desktop`: the window. A plain review table until the full window lands."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTableWidget, QTableWidgetItem

    from scrutiny_desktop import APP_NAME, __version__
    from scrutiny_desktop.domain.problems import UnusableWorkbook
    from scrutiny_desktop.pipeline import load_review
    from scrutiny_desktop.resources import sample_workbook

    args = list(sys.argv[1:] if argv is None else argv)
    selftest = "--selftest" in args
    paths = [a for a in args if not a.startswith("--")]
    if selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} {__version__}")
    table = QTableWidget(0, 5)
    table.setHorizontalHeaderLabels(["Ref", "Indicator", "Outturn", "Target", "RAG"])
    window.setCentralWidget(table)
    path = Path(paths[0]) if paths else sample_workbook()
    try:
        review = load_review(path)
    except UnusableWorkbook as refused:
        QMessageBox.critical(window, APP_NAME, "\n".join(p.message for p in refused.errors))
        return 2
    table.setRowCount(len(review.items))
    for row, item in enumerate(review.items):
        for col, text in enumerate((item.ref, item.indicator.title, item.value_text, item.target_text, item.rag.word)):
            table.setItem(row, col, QTableWidgetItem(text))
    window.resize(1100, 700)
    window.show()
    if selftest:
        app.processEvents()
        window.grab()
        print(f"selftest ok: {len(review.items)} indicators")
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
