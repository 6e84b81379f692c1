"""Run under `xvfb-run`: start the real program on a workbook, keep it up, photograph the screen.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/gui/xvfb_smoke.py WORKBOOK OUT.png [SECONDS]

Exit 0 when the window painted the review and the program was still running after SECONDS;
1 otherwise, with the program's own output. The program is always stopped before exiting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scrutiny_desktop.resources import user_data_dir

PAINTED_COLOURS = 300  # the bare root window is one colour; a painted window has hundreds
START_TIMEOUT_S = 40


def workbook_read(name: str) -> bool | None:
    """From the program's log: True once it has read `name`, False if that failed, None until then."""
    log = user_data_dir() / "logs" / "scrutiny-desktop.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if f"finished: Reading {name}" in text:
        return True
    if f"failed: Reading {name}" in text:
        return False
    return None


def colours(png: Path) -> int:
    result = subprocess.run(["identify", "-format", "%k", str(png)], capture_output=True, text=True, timeout=30)
    return int(result.stdout.strip() or 0)


def photograph(png: Path) -> int:
    subprocess.run(["import", "-window", "root", str(png)], check=True, capture_output=True, timeout=30)
    return colours(png)


def main(workbook: Path, png: Path, seconds: float) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    with tempfile.TemporaryFile("w+") as log:
        program = subprocess.Popen([sys.executable, "-m", "scrutiny_desktop.gui.app", str(workbook)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            seen, read = 0, None
            while time.monotonic() < deadline and program.poll() is None:
                read = workbook_read(workbook.name)
                if read is not None:
                    time.sleep(1.0)  # let the review paint
                    seen = photograph(png)
                    if seen >= PAINTED_COLOURS:
                        break
                time.sleep(0.5)
            if program.poll() is not None or not read or seen < PAINTED_COLOURS:
                return _failed(f"the window did not show the review (read: {read}, {seen} colours on screen, "
                               f"exit code {program.poll()})", log)
            time.sleep(seconds)
            if program.poll() is not None:
                return _failed(f"the program stopped after showing its window (exit code {program.returncode})", log)
            seen = photograph(png)
            print(f"xvfb smoke ok: {seen} colours in {png}")
            return 0
        finally:
            program.terminate()
            try:
                program.wait(timeout=10)
            except subprocess.TimeoutExpired:
                program.kill()
                program.wait(timeout=10)


def _failed(reason: str, log: object) -> int:
    log.seek(0)  # type: ignore[attr-defined]
    print(f"xvfb smoke FAILED: {reason}\n--- program output ---\n{log.read()}")  # type: ignore[attr-defined]
    return 1


if __name__ == "__main__":
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), seconds))
