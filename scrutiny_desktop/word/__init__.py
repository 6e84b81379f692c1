"""Word documents: the only place that knows python-docx.

`report_look` holds the report draft's styles and reads a council's Word template;
`report_writer` lays a `ReportDraft` out as a .docx; `audit` checks a public .docx as a zip.
"""
