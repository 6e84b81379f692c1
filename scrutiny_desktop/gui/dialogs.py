"""The settings dialog and Help ▸ About."""

from __future__ import annotations

import platform

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from scrutiny_desktop import APP_NAME, __version__
from scrutiny_desktop.domain.settings import DEFAULT_ORGANISATION, Paper, Settings
from scrutiny_desktop.gui.settings import SMALL_COUNT_RANGE


class SettingsDialog(QDialog):
    """Organisation, small-count threshold, paper size and templates: what the appendices and drafts are made with."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.organisation = QLineEdit(settings.organisation)
        self.organisation.setPlaceholderText(DEFAULT_ORGANISATION)
        self.organisation.setAccessibleName("Organisation name")
        self.organisation.setToolTip("Written as the author of every appendix (never a person's name).")
        form.addRow("&Organisation:", self.organisation)
        self.small_count = QSpinBox()
        self.small_count.setRange(*SMALL_COUNT_RANGE)
        self.small_count.setValue(settings.small_count_max)
        self.small_count.setAccessibleName("Small-count threshold")
        self.small_count.setToolTip("Counts from 1 up to this number are suppressed in the public Part 1 appendix.")
        form.addRow("&Suppress counts up to:", self.small_count)
        self.paper = QComboBox()
        for paper in Paper:
            self.paper.addItem(f"{paper.value} landscape", paper.value)
        self.paper.setCurrentIndex(self.paper.findData(settings.paper.value))
        self.paper.setAccessibleName("Paper size")
        form.addRow("&Paper:", self.paper)
        self.template = self._file_row(
            form, "Appendix &template (.xlsx):", settings.template, "Appendix template path", "&Browse…",
            "Choose an appendix template workbook", ("Choose the Appendix One template", "Excel workbooks (*.xlsx)"))
        self.report_template = self._file_row(
            form, "&Report template (.docx):", settings.report_template, "Report template path", "Bro&wse…",
            "Choose a report template document", ("Choose the report draft's Word template", "Word documents (*.docx)"))
        layout.addLayout(form)
        note = QLabel("These are used when the appendices and the report drafts are exported. An empty template "
                      "means the bundled one.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def settings(self) -> Settings:
        return Settings(
            organisation=self.organisation.text().strip() or DEFAULT_ORGANISATION,
            paper=Paper(self.paper.currentData()),
            small_count_max=self.small_count.value(),
            template=self.template.text().strip(),
            report_template=self.report_template.text().strip(),
        )

    def _file_row(self, form: QFormLayout, label: str, path: str, name: str, browse_text: str, browse_name: str,
                  chooser: tuple[str, str]) -> QLineEdit:
        """A path to type, or to choose with Browse (`chooser`: the file dialog's caption and filter)."""
        row = QHBoxLayout()
        edit = QLineEdit(path)
        edit.setPlaceholderText("The bundled template")
        edit.setAccessibleName(name)
        browse = QPushButton(browse_text)
        browse.setAccessibleName(browse_name)
        browse.clicked.connect(lambda: self._browse(edit, *chooser))
        row.addWidget(edit, 1)
        row.addWidget(browse)
        title = QLabel(label)
        title.setBuddy(edit)  # a row holding a layout gets no buddy of its own
        form.addRow(title, row)
        return edit

    def _browse(self, edit: QLineEdit, caption: str, kinds: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, caption, edit.text(), kinds)
        if path:
            edit.setText(path)


def about_text() -> str:
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Rates a council's monthly children's services KPI workbook, collects management commentary "
        "for the exceptions and writes Appendix One of the scrutiny committee report.</p>"
        f"<p>Python {platform.python_version()}, Qt {qVersion()}</p>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text())
