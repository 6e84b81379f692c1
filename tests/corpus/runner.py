"""Run `scrutiny check` and `scrutiny audit` over many files, each in its own process, and judge the answers.

    python -m tests.corpus.runner [--jobs 2] [--timeout 30] [--memory-mb 1536] [--json OUT] FILE...

The CLI is imported once; every run is a forked child with a wall-clock alarm and an address-space
limit (resource.setrlimit), its stdout and stderr captured to files. A clean answer is an exit code the
CLI documents for the command, nothing but JSON on stdout, and no traceback. Prints one line per bad
answer and a summary; exits 1 when any answer is bad.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

# check: 0 usable, 2 refused. audit: 0 clean, 1 findings (a spreadsheet that is not our appendix usually
# has some: formulas, hidden sheets, authors), 2 refused. 3 is an internal error: never clean.
CLEAN_EXITS = {"check": {0, 2}, "audit": {0, 1, 2}}
COMMANDS = ("check", "audit")


@dataclass(frozen=True)
class Answer:
    file: str
    command: str
    exit: int | None  # None when the run was killed by a signal
    signal: int | None
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the run alone
    max_rss_mb: float
    json_ok: bool
    traceback: bool
    stderr_tail: str
    problem: str  # the first error's code and message, from the JSON answer ("" when none)

    @property
    def clean(self) -> bool:
        return (self.signal is None and self.exit in CLEAN_EXITS[self.command] and self.json_ok
                and not self.traceback)

    def why(self) -> str:
        if self.signal is not None:
            return f"killed by signal {self.signal} after {self.seconds:.1f} s (timeout or memory)"
        reasons = []
        if self.exit not in CLEAN_EXITS[self.command]:
            reasons.append(f"exit {self.exit}")
        if not self.json_ok:
            reasons.append("stdout is not JSON")
        if self.traceback:
            reasons.append("traceback")
        return ", ".join(reasons) + (f": {self.stderr_tail}" if self.stderr_tail else "")


def _child(argv: list[str], out: int, err: int, timeout: float, memory_mb: int) -> None:
    """In the forked child: limits, redirected output, the CLI, and exit with its code. Never returns."""
    code = 3
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(max(1, int(timeout)))
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from scrutiny_desktop.cli import main

        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 3
    except BaseException:  # noqa: BLE001 - report anything, then leave the child
        import traceback

        traceback.print_exc()
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _judge(file: str, command: str, status: int, seconds: float, rusage: resource.struct_rusage,
           out_path: Path, err_path: Path) -> Answer:
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    problem = ""
    try:
        answer = json.loads(stdout)
        json_ok = True
        errors = [p for p in answer.get("problems", []) if p.get("severity") == "error"]
        if errors:
            problem = f"{errors[0].get('code')}: {errors[0].get('message')}"
    except (ValueError, AttributeError):
        json_ok = False
    exit_code = os.waitstatus_to_exitcode(status)
    sig = -exit_code if exit_code < 0 else None
    tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-3:])[:400]
    return Answer(file, command, None if sig else exit_code, sig, round(seconds, 3),
                  round(rusage.ru_utime + rusage.ru_stime, 3), round(rusage.ru_maxrss / 1024, 1), json_ok,
                  "Traceback (most recent call last)" in stderr or "internal error" in stderr, tail, problem)


def run(files: Iterable[Path], *, jobs: int = 2, timeout: float = 30, memory_mb: int = 1536,
        commands: Sequence[str] = COMMANDS) -> list[Answer]:
    # Import what every run needs once, before forking, so each child starts warm.
    import scrutiny_desktop.audit.xlsx
    import scrutiny_desktop.cli
    import scrutiny_desktop.pipeline  # noqa: F401

    work = [(str(Path(f).resolve()), c) for f in files for c in commands]
    answers: list[Answer] = []
    running: dict[int, tuple[str, str, float, Path, Path]] = {}
    started_runs = 0
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        outputs = Path(scratch)
        out_dir = Path(tempfile.mkdtemp(dir=scratch))
        while work or running:
            while work and len(running) < jobs:
                file, command = work.pop(0)
                started_runs += 1
                n = started_runs
                out_path, err_path = outputs / f"{n}.out", outputs / f"{n}.err"
                argv = [command, file, "--json"]
                with open(out_path, "wb") as out, open(err_path, "wb") as err:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    pid = os.fork()
                    if pid == 0:
                        os.chdir(out_dir)
                        _child(argv, out.fileno(), err.fileno(), timeout, memory_mb)
                running[pid] = (file, command, time.monotonic(), out_path, err_path)
            pid, status, rusage = os.wait4(-1, 0)
            file, command, started, out_path, err_path = running.pop(pid)
            answers.append(_judge(file, command, status, time.monotonic() - started, rusage, out_path, err_path))
            out_path.unlink()
            err_path.unlink()
    answers.sort(key=lambda a: (a.file, a.command))
    return answers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.runner")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--memory-mb", type=int, default=1536)
    parser.add_argument("--json", type=Path, help="write every answer here")
    parser.add_argument("--command", choices=COMMANDS, action="append", help="only these commands")
    args = parser.parse_args(argv)
    files = [f for path in args.files for f in (sorted(p for p in path.rglob("*") if p.is_file())
                                                if path.is_dir() else [path])]
    answers = run(files, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory_mb,
                  commands=args.command or COMMANDS)
    if args.json:
        args.json.write_text(json.dumps([asdict(a) for a in answers], indent=1), encoding="utf-8")
    bad = [a for a in answers if not a.clean]
    for a in bad:
        print(f"BAD {a.command} {a.file}: {a.why()}")
    slowest = max(answers, key=lambda a: a.seconds, default=None)
    biggest = max(answers, key=lambda a: a.max_rss_mb, default=None)
    print(f"{len(answers)} runs over {len(files)} files, {len(bad)} bad"
          + (f"; slowest {slowest.seconds:.2f} s ({slowest.command} {Path(slowest.file).name})" if slowest else "")
          + (f"; largest {biggest.max_rss_mb:.0f} MB ({biggest.command} {Path(biggest.file).name})" if biggest else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
