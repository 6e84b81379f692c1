"""Column headings -> fields, from the shipped headings file and the council's own."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from scrutiny_desktop.domain.periods import Period, find_financial_year, fy_label, parse_period_heading
from scrutiny_desktop.domain.problems import Problem, warning
from scrutiny_desktop.domain.schema import DEFAULT_VOCABULARY
from scrutiny_desktop.resources import user_config_dir

BUILT_IN = Path(__file__).with_name("headings.toml")
IGNORE = "ignore"
# The longest heading worth reading: real ones are a few words ("% of re-referrals within 12 months (rolling)").
MAX_HEADING_CHARS = 300
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CALENDAR_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def normalise(text: str) -> str:
    """Heading text reduced for matching: case, spaces, punctuation and bracketed notes dropped."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    t = _BRACKETS.sub(" ", t)
    return re.sub(r"[^0-9a-z#]+", "", t)


@dataclass(frozen=True)
class Heading:
    """What a column heading names: a field, a period, a previous year, or nothing known."""

    kind: str  # "field", "period", "annual", "unknown"
    name: str = ""  # field name, or the annual label "2016/17"
    period: Period | None = None


UNKNOWN = Heading("unknown")


@dataclass
class Headings:
    """The synonym table: normalised heading -> field name."""

    fields: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    annual_words: set[str] = field(default_factory=set)
    words: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # [words]: the words inside cells
    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add_file(self, path: Path, *, wins: bool) -> None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            fields = data.get("fields", {})
            if not isinstance(fields, dict):
                raise ValueError("[fields] must be a table")
            for name, spec in fields.items():
                if not isinstance(spec, dict) or not isinstance(spec.get("headings", []), list):
                    raise ValueError(f"[fields.{name}] needs a list called headings")
                if name not in self.labels and self.sources:
                    raise ValueError(f"there is no field called '{name}' (known: {', '.join(sorted(self.labels))})")
                self.labels.setdefault(name, str(spec.get("label", name)))
                for heading in spec.get("headings", []):
                    key = normalise(str(heading))
                    if key and (wins or key not in self.fields):
                        self.fields[key] = name
            annual = data.get("annual", {}).get("headings", [])
            self.annual_words.update(normalise(str(w)) for w in annual)
            words = data.get("words", {})
            wrong = DEFAULT_VOCABULARY.problems_with(words) if isinstance(words, dict) else ["[words] must be a table"]
            if wrong:
                raise ValueError("; ".join(wrong))
            for name, by_meaning in words.items():
                for meaning, ws in by_meaning.items():
                    self.words.setdefault(name, {}).setdefault(meaning, []).extend(str(w) for w in ws)
        except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
            self.problems.append(warning(
                "headings-file-unreadable",
                f"The headings file {path} could not be used ({exc}); the built-in headings are used instead. "
                "Fix the file or remove it.",
            ))
            return
        self.sources.append(str(path))

    def match_field(self, text: str) -> str | None:
        key = normalise(text)
        found = self.fields.get(key)
        if found is None and key.endswith("s") and len(key) > 4:
            found = self.fields.get(key[:-1])  # "Key performance indicators", "Targets"
        return found

    def classify(self, value: object) -> Heading:
        """What a heading cell names. Real dates are periods; text is tried as a field, a year, a period."""
        if value is None or (isinstance(value, str) and len(value) > MAX_HEADING_CHARS):
            return UNKNOWN  # a paragraph is no heading; the period patterns are slow on 32,767 characters
        if not isinstance(value, str):
            period = parse_period_heading(value)
            return Heading("period", period=period) if period else UNKNOWN
        text = " ".join(value.split())
        if not text:
            return UNKNOWN
        name = self.match_field(text)
        if name:
            return Heading("field", name)
        found = find_financial_year(text)
        if found:
            start, rest = found
            rest_key = normalise(rest)
            if not rest_key or rest_key in self.annual_words:
                return Heading("annual", fy_label(start))
            name = self.fields.get(rest_key)
            if name:
                return Heading("field", name)
        period = parse_period_heading(text)
        if period:
            return Heading("period", period=period)
        name = self.match_field(_CALENDAR_YEAR.sub(" ", text))
        if name:
            return Heading("field", name)
        return UNKNOWN

    def suggestion(self, text: str) -> str | None:
        """The known heading closest to an unknown one, for "did you mean ...?"."""
        key = normalise(text)
        close = difflib.get_close_matches(key, list(self.fields), n=1, cutoff=0.8)
        return self.labels.get(self.fields[close[0]]) if close else None


def user_headings_path() -> Path | None:
    env = os.environ.get("SCRUTINY_HEADINGS")
    if env:
        return Path(env)
    candidate = user_config_dir() / "headings.toml"
    return candidate if candidate.is_file() else None


def load_headings(extra: Path | None = None) -> Headings:
    """The built-in headings, extended by the user's file (or `extra`) when there is one."""
    path = extra or user_headings_path()
    if path is None:
        return _built_in()
    headings = Headings()
    headings.add_file(BUILT_IN, wins=False)
    headings.add_file(path, wins=True)
    return headings


@lru_cache(maxsize=1)
def _built_in() -> Headings:
    headings = Headings()
    headings.add_file(BUILT_IN, wins=False)
    if headings.problems:
        # The program's own file is missing or damaged: a broken installation, not bad input.
        raise RuntimeError(f"Scrutiny Desktop's own headings file {BUILT_IN} is missing or damaged; reinstall the "
                           "program.")
    return headings
