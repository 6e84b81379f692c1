"""Auditing a public file before it is published: the appendix (xlsx.py) and the report draft (docx.py).

Both read the file as a zip of parts over common.py (the findings, the parts, the properties, the
confidential-file check); withheld.py indexes what the public file must not hold, and text.py decides
when public commentary shares too much with Part 2 text. Nothing here is imported until an audit runs.
"""
