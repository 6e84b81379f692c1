"""The only place that knows openpyxl: reading workbooks, writing and auditing appendices."""
