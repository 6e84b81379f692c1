"""What changed rating between two reviews: last period's (or last quarter's workbook) and this one.

Indicators are matched by ref (by title where the workbook has no refs and they were numbered in
row order). A ref found in only one of the two is reported as new or gone, never as a change of
rating: a renumbered indicator is not a Red one turning Green.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny_desktop.domain.model import Rag
from scrutiny_desktop.domain.periods import Period
from scrutiny_desktop.domain.refs import natural_key
from scrutiny_desktop.domain.review import Review, review


@dataclass(frozen=True)
class RatingChange:
    """One indicator's rating then and now; `before` is None for a new ref, `after` for a gone one."""

    ref: str
    title: str
    before: Rag | None
    after: Rag | None

    @property
    def newly_red(self) -> bool:
        return self.after is Rag.RED and self.before is not None and self.before is not Rag.RED

    @property
    def text(self) -> str:
        """"Amber to Red", "new: Red", "no longer reported (was Green)"."""
        if self.before is None:
            assert self.after is not None
            return f"new in this workbook, rated {self.after.word}"
        if self.after is None:
            return f"no longer in the workbook (was {self.before.word})"
        return f"{self.before.word} to {self.after.word}"


@dataclass(frozen=True)
class RatingChanges:
    """The differences between an earlier review and a later one, by ref.

    `changed` lists the indicators whose rating differs, the newly Red first, each group in ref
    order; `appeared` and `disappeared` the refs found in only one of the two.
    """

    since: Period | None  # the earlier review's period, or None when there was nothing to compare with
    changed: tuple[RatingChange, ...] = ()
    appeared: tuple[RatingChange, ...] = ()
    disappeared: tuple[RatingChange, ...] = ()

    @property
    def compared(self) -> bool:
        return self.since is not None

    @property
    def newly_red(self) -> tuple[RatingChange, ...]:
        return tuple(c for c in self.changed if c.newly_red)


NOTHING_TO_COMPARE = RatingChanges(None)


def rating_changes(before: Review, after: Review) -> RatingChanges:
    """The indicators whose rating (as shown, overrides included) differs between two reviews."""
    earlier = {item.indicator.key: item for item in before.items}
    later = {item.indicator.key: item for item in after.items}
    changed = [
        RatingChange(item.ref, item.indicator.title, earlier[key].rag, item.rag)
        for key, item in later.items() if key in earlier and earlier[key].rag is not item.rag
    ]
    appeared = [RatingChange(item.ref, item.indicator.title, None, item.rag)
                for key, item in later.items() if key not in earlier]
    disappeared = [RatingChange(item.ref, item.indicator.title, item.rag, None)
                   for key, item in earlier.items() if key not in later]
    changed.sort(key=lambda c: (not c.newly_red, natural_key(c.ref)))
    return RatingChanges(
        before.period,
        tuple(changed),
        tuple(sorted(appeared, key=lambda c: natural_key(c.ref))),
        tuple(sorted(disappeared, key=lambda c: natural_key(c.ref))),
    )


def earlier_period(current: Review) -> Period | None:
    """The workbook's latest period before the current one, of the same length (a month, or a quarter)."""
    now = current.period
    if now is None:
        return None
    before = [p for p in current.dataset.periods if p.months == now.months and p.ordinal < now.ordinal]
    return max(before) if before else None


def changes_since_previous_period(current: Review) -> RatingChanges:
    """Rating changes since the workbook's previous period, rated from the same workbook."""
    period = earlier_period(current)
    if period is None:
        return NOTHING_TO_COMPARE
    return rating_changes(review(current.dataset, period), current)
