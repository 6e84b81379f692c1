"""Test workbooks laid out as English councils publish their scorecards (issue 12), with hand-derived RAGs."""
