"""Help ▸ User guide: the guide bundled in the program, in a window of its own, opened at a section."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from scrutiny_desktop import APP_NAME
from scrutiny_desktop.gui.mapping import fitted
from scrutiny_desktop.guide import Section, guide_html


class GuideDialog(QDialog):
    """The user guide: read beside the window (not modal), its contents linked to its sections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: user guide")
        self.setAccessibleName("User guide")
        self.setObjectName("guideDialog")
        self.section: Section | None = None
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenExternalLinks(False)  # the guide works offline: it links only to itself
        self.browser.setHtml(guide_html())
        self.browser.document().setDocumentMargin(self.fontMetrics().averageCharWidth() * 2)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        chars, lines = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(fitted(self, chars * 96, lines * 36))

    def show_section(self, section: Section | None = None) -> None:
        """Show the guide (raised if already open), scrolled to `section` or to the top."""
        self.section = section
        self.show()
        self.raise_()
        self.activateWindow()
        if section is None:
            self.browser.verticalScrollBar().setValue(0)
        else:
            self.browser.scrollToAnchor(section.value)
        self.browser.setFocus()

    def anchors(self) -> set[str]:
        """The sections the shown document can scroll to (each `<a name>` in it)."""
        found: set[str] = set()
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                found.update(fmt.anchorNames())
                it += 1
            block = block.next()
        return found
