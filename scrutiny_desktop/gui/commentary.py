"""The management commentary editor: one undoable document per exception, autosaved within a second.

An exception with no commentary starts from the draft (domain/drafting.py); the draft left as it
is counts as no commentary. The file holds every ref the officer has written (or restored from the
file), so a workbook's own commentary column is not copied into it unless edited.

Commentary carried forward from an earlier period (the history's, see `history_store.load_trends`)
is the starting text instead, and counts as commentary; it is highlighted, with the period it came
from, until the officer edits it or confirms that it still holds.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextDocumentLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from scrutiny_desktop.domain.drafting import commentary_from_editor, draft_commentary
from scrutiny_desktop.domain.history import NO_TRENDS, Carried, Trends
from scrutiny_desktop.domain.review import Review, Reviewed

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000  # the longest typing can go unsaved
RETRY_MS = 5000
# Carried-forward commentary not yet edited or confirmed: a pale yellow ground, with the words in the hint
# (and the accessible description) saying so, so that it is never told by colour alone.
CARRIED_STYLE = "QPlainTextEdit#commentaryEditor { background: #fff4c2; color: #000000; }"


class CommentaryEditor(QWidget):
    changed = Signal(str, str)  # ref, the commentary it now counts as ("" while still the untouched draft)
    saved = Signal(object)  # the Path written
    save_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("commentaryHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("commentaryEditor")
        self.editor.setAccessibleName("Management commentary")
        self.editor.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
        self.heading.setBuddy(self.editor)
        layout.addWidget(self.editor, 1)
        self.confirm = QPushButton("C&onfirm carried commentary")
        self.confirm.setAccessibleName("Confirm the commentary carried forward still holds")
        self.confirm.clicked.connect(self.confirm_carried)
        layout.addWidget(self.confirm)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setAccessibleName("Commentary save status")
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self.save_now)
        self._workbook: Path | None = None
        self._documents: dict[str, QTextDocument] = {}
        self._drafts: dict[str, str] = {}
        self._kept: dict[str, str] = {}  # what goes in the file: restored refs and refs edited here
        self._dirty = False
        self._carried: dict[str, Carried] = {}  # carried forward and not yet edited or confirmed
        self._current: str | None = None
        self._empty = QTextDocument(self)
        self._empty.setDocumentLayout(QPlainTextDocumentLayout(self._empty))
        self.show_item(None)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def current_ref(self) -> str | None:
        return self._current

    def load(self, workbook: Path, review: Review, restored: dict[str, str], trends: Trends = NO_TRENDS) -> None:
        """A newly opened workbook (save the previous one's first: see `save_now`), or the same one read again."""
        self._timer.stop()
        unsaved = self._dirty and workbook == self._workbook  # a save that failed is retried, not forgotten
        self._workbook = workbook
        self._kept = dict(restored)
        self._dirty = unsaved
        if unsaved:
            self._timer.start(RETRY_MS)
        self.show_item(None)
        for old in self._documents.values():
            old.deleteLater()
        self._documents.clear()
        self._drafts.clear()
        self._carried = {
            item.ref: carried for item in review.exceptions
            if (carried := trends.of(item.ref).carried) is not None and item.ref not in restored
            and item.commentary.strip() == carried.text.strip()
        }
        for item in review.exceptions:
            draft = draft_commentary(item)
            self._drafts[item.ref] = draft
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setPlainText(item.commentary if item.commentary.strip() else draft)
            doc.setUndoRedoEnabled(True)
            doc.contentsChanged.connect(lambda ref=item.ref: self._edited(ref))
            self._documents[item.ref] = doc
        self.status.setText("")
        self.show_item(None)

    def show_item(self, item: Reviewed | None) -> None:
        doc = self._documents.get(item.ref) if item is not None else None
        self._current = item.ref if doc is not None and item is not None else None
        self._show_carried()
        if item is None or doc is None:
            self.editor.setDocument(self._empty)
            self.editor.setReadOnly(True)
            self.editor.setEnabled(False)
            self.heading.setText("Management commentary")
            if item is None:
                self.hint.setText("Choose a Red or Amber indicator to write its commentary.")
            else:
                self.hint.setText(f"Indicator {item.ref} ({item.rag.word}) needs no commentary: "
                                  "only Red and Amber indicators do.")
            return
        self.editor.setEnabled(True)
        self.editor.setReadOnly(False)
        self.editor.setDocument(doc)
        part2 = " (Part 2)" if item.indicator.sensitive else ""
        self.heading.setText(f"&Management commentary: indicator {item.ref}{part2} ({item.rag.word.upper()})")
        self._update_hint()

    def text(self, ref: str) -> str:
        doc = self._documents.get(ref)
        return doc.toPlainText() if doc is not None else ""

    def commentary(self, ref: str) -> str:
        """What `ref`'s editor counts as: "" while it holds the untouched draft."""
        return commentary_from_editor(self.text(ref), self._drafts.get(ref, ""))

    def texts(self) -> dict[str, str]:
        return dict(self._kept)

    def save_now(self) -> Path | None:
        """Write the commentary file if anything changed; also called on close and by the crash hook."""
        self._timer.stop()
        if not self._dirty or self._workbook is None:
            return None
        from scrutiny_desktop.pipeline import save_commentary  # reads workbooks too: keep it off the start-up path

        try:
            path = save_commentary(self._workbook, self._kept)
        except OSError as exc:
            message = f"Commentary NOT saved ({exc.strerror or exc}); retrying. Copy your text somewhere safe."
            log.warning("could not save commentary for %s: %s", self._workbook, exc)
            self.status.setText(message)
            self.save_failed.emit(message)
            self._timer.start(RETRY_MS)
            return None
        self._dirty = False
        self.status.setText(f"Saved at {datetime.now():%H:%M:%S} to {path}")
        self.status.setToolTip(str(path))
        self.saved.emit(path)
        return path

    @property
    def carried(self) -> dict[str, Carried]:
        """The exceptions whose carried-forward commentary is not yet edited or confirmed."""
        return dict(self._carried)

    def confirm_carried(self) -> None:
        """The officer says the carried commentary still holds: it becomes theirs (saved), unhighlighted."""
        ref = self._current
        if ref is None or ref not in self._carried:
            return
        del self._carried[ref]
        self._kept[ref] = self.commentary(ref)
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()
        self._show_carried()
        self._update_hint()
        self.changed.emit(ref, self._kept[ref])

    def _show_carried(self) -> None:
        carried = self._carried.get(self._current) if self._current is not None else None
        self.confirm.setVisible(carried is not None)
        self.editor.setStyleSheet(CARRIED_STYLE if carried is not None else "")
        self.editor.setAccessibleDescription(f"{carried.note}, not yet edited or confirmed" if carried else "")

    def _edited(self, ref: str) -> None:
        if ref in self._carried:
            del self._carried[ref]  # edited: the officer's own words now
            if ref == self._current:
                self._show_carried()
        self._kept[ref] = self.commentary(ref)
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()  # not restarted per key, so steady typing is still saved every second
        if ref == self._current:
            self._update_hint()
        self.changed.emit(ref, self._kept[ref])

    def _update_hint(self) -> None:
        ref = self._current
        if ref is None:
            return
        carried = self._carried.get(ref)
        if carried is not None:
            self.hint.setText(f"{carried.note} and not yet changed: edit it for this period, or press "
                              "Confirm if it still holds. The export lists it as carried forward.")
        elif not self.commentary(ref):
            self.hint.setText("A draft from the figures: complete it with the reasons and the actions being "
                              "taken. Until it is changed it does not count as commentary.")
        else:
            self.hint.setText("Saved automatically as you type. Ctrl+Z undoes.")
