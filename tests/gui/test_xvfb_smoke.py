"""The real program under Xvfb with the sample workbook: it starts, paints, stays up, and is photographed."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, needs_xvfb

SMOKE = Path(__file__).with_name("xvfb_smoke.py")


def run_under_xvfb(workbook: Path, png: Path, home: Path, seconds: float = 3.0) -> subprocess.CompletedProcess[str]:
    """`xvfb-run -a` picks a free display; a new session lets a timeout kill Xvfb and the program together."""
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24 -nolisten tcp",
               sys.executable, str(SMOKE), str(workbook), str(png), str(seconds)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        pytest.fail(f"the Xvfb smoke test did not finish in 120 s:\n{out}")
    return subprocess.CompletedProcess(command, process.returncode, out, "")


@pytest.mark.slow
def test_the_real_program_runs_under_xvfb(sample_copy: Path, tmp_path: Path) -> None:
    needs_xvfb()
    png = tmp_path / "xvfb-window.png"
    result = run_under_xvfb(sample_copy, png, tmp_path / "user")
    assert result.returncode == 0, result.stdout
    assert "xvfb smoke ok" in result.stdout
    assert png.stat().st_size > 20_000
