"""The one way the window runs work off the GUI thread.

A job is a plain function with no Qt in it: it takes a progress callback `(message, fraction)`
and returns a result, e.g. `lambda progress: load_review(path, progress=progress)`. `Tasks.run`
runs it in a QThread and hands the result to `on_done` on the GUI thread. A job that raises never
reaches `on_done`: its exception goes to the single `on_failure` the window gave `Tasks`, which is
where every error reaches the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
Job = Callable[[Progress], Any]


class _Runner(QObject):
    """Lives in the worker thread; calls the job and reports back through queued signals."""

    progressed = Signal(str, float)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self.progressed.emit)
        except Exception as exc:  # noqa: BLE001 - every failure is handed to the GUI thread, which reports it
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class Tasks(QObject):
    """Runs one job at a time for a window, with progress, and reports failures in one place."""

    busy_changed = Signal(bool)
    progressed = Signal(str, float)  # message, fraction 0-1

    def __init__(self, on_failure: Callable[[str, BaseException], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_failure = on_failure
        self._thread: QThread | None = None
        self._runner: _Runner | None = None
        self._title = ""
        self._on_done: Callable[[Any], None] | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    @property
    def title(self) -> str:
        """What the running job is doing ("Reading Dataset.xlsx"), or ""."""
        return self._title if self.busy else ""

    def run(self, title: str, job: Job, on_done: Callable[[Any], None]) -> bool:
        """Start `job` in a worker thread; False (and nothing started) while another job runs."""
        if self._thread is not None:
            return False
        thread = QThread(self)
        thread.setObjectName(f"worker: {title}")
        runner = _Runner(job)
        runner.moveToThread(thread)
        # Bound slots of objects living on the GUI thread, so these connections are queued and
        # the slots run there (a lambda would run in the worker thread).
        runner.progressed.connect(self._progress)
        runner.succeeded.connect(self._finish)
        runner.failed.connect(self._fail)
        runner.succeeded.connect(thread.quit)
        runner.failed.connect(thread.quit)
        thread.started.connect(runner.run)
        thread.finished.connect(self._release)
        self._thread, self._runner, self._title, self._on_done = thread, runner, title, on_done
        log.info("started: %s", title)
        self.progressed.emit(title, 0.0)
        self.busy_changed.emit(True)
        thread.start()
        return True

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the running job ends (used when the window closes); True when none is left."""
        thread = self._thread
        if thread is None:
            return True
        finished = thread.wait(timeout_ms)
        if finished:
            self._release()
        return finished

    @Slot(str, float)
    def _progress(self, message: str, fraction: float) -> None:
        self.progressed.emit(message, fraction)

    @Slot(object)
    def _finish(self, result: object) -> None:
        log.info("finished: %s", self._title)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _fail(self, exc: BaseException) -> None:
        log.info("failed: %s (%s)", self._title, type(exc).__name__)
        self._on_failure(self._title, exc)

    @Slot()
    def _release(self) -> None:
        # A slot, like the others: QThread.finished is emitted from the worker thread, and PySide6
        # 6.8+ can crash delivering a cross-thread signal to a plain Python method (PYSIDE-3124).
        thread, runner = self._thread, self._runner
        if thread is None:
            return
        thread.wait()  # `finished` is emitted just before the thread ends: let it end
        self._thread = self._runner = self._on_done = None
        if runner is not None:
            runner.deleteLater()
        thread.deleteLater()
        self.busy_changed.emit(False)
