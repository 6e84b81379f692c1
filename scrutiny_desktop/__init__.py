"""Scrutiny Desktop: rate a council's monthly KPI workbook and write Appendix One."""

__version__ = "0.1.0"
APP_NAME = "Scrutiny Desktop"
