"""Reporting periods (months and financial quarters) and the headings that name them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, total_ordering

from scrutiny_desktop.domain.frozen import fast_init

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS = {name.casefold(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTHS.update({name.casefold(): i + 1 for i, name in enumerate(MONTH_ABBR)})
_MONTHS["sept"] = 9


def month_number(word: str) -> int | None:
    """1 for "Jan" or "January" (any case), 9 for "Sept"; None for any other word."""
    return _MONTHS.get(word.strip().casefold())
_MONTH_WORD = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"

# Words a period heading may carry around the period itself: "Oct-19 outturn", "As at Oct 2019".
_NOISE = re.compile(r"\b(outturn|actual|actuals|value|performance|month|end|as at|data|position)\b", re.I)


@total_ordering
@fast_init
@dataclass(frozen=True)
class Period:
    """A month, or a financial quarter, identified by its last month.

    `Period(2019, 10)` is October 2019; `Period(2019, 9, 3)` is Q2 2019/20 (July to
    September 2019). Financial years run April to March.
    """

    year: int
    month: int
    months: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1-12")
        if self.months not in (1, 3):
            raise ValueError("a period is one month or one quarter")
        # Hashing asks for the ordinal at once: worked out here, it spares `cached_property` its lock on
        # the first use of each of the tens of thousands of periods a large export makes.
        self.__dict__["ordinal"] = self.year * 12 + self.month - 1

    @cached_property  # asked for on every figure of a large workbook
    def key(self) -> str:
        """`YYYY-MM` of the period's last month: how the CLI and JSON name a period."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def is_quarter(self) -> bool:
        return self.months == 3

    @property
    def financial_year(self) -> int:
        """The year the period's financial year starts in (Oct 2019 and Feb 2020 -> 2019)."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def quarter(self) -> int:
        """Financial quarter 1-4 containing the period's last month (Apr-Jun is Q1)."""
        return (self.month - 4) % 12 // 3 + 1

    @cached_property  # named beside every withheld figure of a large workbook
    def label(self) -> str:
        if self.is_quarter:
            return f"Q{self.quarter} {fy_label(self.financial_year)}"
        return f"{MONTH_ABBR[self.month - 1]} {self.year}"

    @property
    def long_label(self) -> str:
        """"October 2019" (a month) or "Q2 2019/20 (July to September 2019)"."""
        if self.is_quarter:
            first = self.shifted(-2)
            return f"{self.label} ({MONTH_NAMES[first.month - 1]} to {MONTH_NAMES[self.month - 1]} {self.year})"
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @cached_property  # periods are compared and sorted over every figure of a large workbook
    def ordinal(self) -> int:
        """Months since year 0 of the period's last month: makes month arithmetic simple."""
        return self.year * 12 + self.month - 1

    def shifted(self, months: int) -> Period:
        """The period of the same length whose last month is `months` later (or earlier)."""
        n = self.ordinal + months
        return Period(n // 12, n % 12 + 1, self.months)

    @property
    def previous(self) -> Period:
        return self.shifted(-self.months)

    @property
    def year_before(self) -> Period:
        return self.shifted(-12)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.ordinal, self.months) < (other.ordinal, other.months)

    # Periods key the figures of every indicator: hashed and compared hundreds of thousands of times in a
    # large export, so by one cached number rather than a tuple of the three fields made at each call.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Period):
            return NotImplemented
        return self.ordinal == other.ordinal and self.months == other.months

    def __hash__(self) -> int:
        return self.ordinal * 4 + self.months

    def __str__(self) -> str:
        return self.label


def fy_label(start_year: int) -> str:
    """2019 -> "2019/20"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_period_key(text: str) -> Period | None:
    """`YYYY-MM` as given on the command line, or None."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return Period(int(m.group(1)), int(m.group(2)))


def _year(text: str) -> int:
    y = int(text)
    if y < 100:
        y += 2000 if y < 80 else 1900
    return y


def financial_year_of(text: str) -> int | None:
    """The start year of a financial/academic year written `2019/20`, `2019-20`, `19/20`, `2019/2020`."""
    m = re.fullmatch(r"(?:fy\s*)?(\d{2}|\d{4})\s*[/\-–]\s*(\d{2}|\d{4})", text.strip(), re.I)
    if not m:
        return None
    start, end = _year(m.group(1)), _year(m.group(2))
    return start if end == start + 1 else None


FY_TOKEN = re.compile(r"(?<![\d])(?:fy\s*)?(\d{4}|\d{2})\s*[/\-–]\s*(\d{4}|\d{2})(?![\d])", re.I)


def find_financial_year(text: str) -> tuple[int, str] | None:
    """The first financial year named inside a heading, and the heading without it.

    "Outturn 2017/18" -> (2017, "Outturn"); "Target 2019/20" -> (2019, "Target").
    """
    for m in FY_TOKEN.finditer(text):
        start, end = _year(m.group(1)), _year(m.group(2))
        if end == start + 1:
            rest = (text[: m.start()] + " " + text[m.end():]).strip()
            return start, rest
    return None


def parse_period_heading(value: object) -> Period | None:
    """The period a column heading names, or None when it names none.

    Accepts the forms councils type (`Oct-19`, `Oct 19`, `October 2019`, `2019-10`,
    `10/2019`, `Q2 2019/20`, `2019/20 Q2`, `Q2 19/20`) and real dates, which arrive here
    as objects with `year` and `month` attributes.
    """
    year = getattr(value, "year", None)
    month = getattr(value, "month", None)
    if isinstance(year, int) and isinstance(month, int):
        return Period(year, month)
    if not isinstance(value, str):
        return None
    text = " ".join(_NOISE.sub(" ", value).replace("’", "'").split()).strip(" :.,")
    if not text:
        return None
    return _quarter(text) or _month(text)


def _quarter(text: str) -> Period | None:
    m = re.fullmatch(r"q\s*([1-4])\s*[,\-–]?\s*(.+)", text, re.I) or re.fullmatch(
        r"(.+?)\s*[,\-–]?\s*q\s*([1-4])", text, re.I
    )
    if not m:
        return None
    q_text, year_text = (m.group(1), m.group(2)) if text.lower().startswith("q") else (m.group(2), m.group(1))
    q = int(q_text)
    fy = financial_year_of(year_text)
    if fy is not None:
        end_month = (3 + 3 * q - 1) % 12 + 1  # Q1 -> Jun, Q2 -> Sep, Q3 -> Dec, Q4 -> Mar
        return Period(fy + 1 if q == 4 else fy, end_month, 3)
    if re.fullmatch(r"\d{4}", year_text.strip()):
        # A calendar quarter ("Q2 2019" is April to June 2019).
        return Period(int(year_text), 3 * q, 3)
    return None


def _month(text: str) -> Period | None:
    t = text.casefold()
    m = re.fullmatch(_MONTH_WORD + r"\.?\s*[\-/ ]?\s*'?(\d{2}|\d{4})", t)
    if m:
        return Period(_year(m.group(2)), _MONTHS[m.group(1)])
    m = re.fullmatch(r"(\d{4})\s*[\-/.]\s*(\d{1,2})(?:\s*[\-/.]\s*\d{1,2})?", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return Period(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(?:\d{1,2}\s*[/.\-]\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return Period(int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH_WORD + r"\s+(\d{4})", t)
    if m:
        return Period(int(m.group(2)), _MONTHS[m.group(1)])
    return None


def find_period_in_text(text: str) -> Period | None:
    """A month or quarter named anywhere in a title line ("... as at the end of October 2019")."""
    t = " ".join(text.split())
    for pattern in (
        r"q\s*[1-4]\s*(?:\d{4}|\d{2})\s*[/\-–]\s*(?:\d{4}|\d{2})",
        _MONTH_WORD + r"\s+\d{4}",
        _MONTH_WORD + r"[\-']\d{2}\b",
    ):
        m = re.search(pattern, t, re.I)
        if m:
            found = parse_period_heading(m.group(0))
            if found:
                return found
    return None
