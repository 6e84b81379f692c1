"""The domain core: pure Python, no Qt, no openpyxl, no I/O."""
