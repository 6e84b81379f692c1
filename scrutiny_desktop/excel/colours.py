"""Excel's legacy indexed colours, for code that reads a workbook's styles as XML (the audit of a public file)."""

from openpyxl.styles.colors import COLOR_INDEX

INDEXED_COLOURS: tuple[str, ...] = tuple(COLOR_INDEX)  # ARGB, by the `indexed` number of a colour
