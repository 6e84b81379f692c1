"""The only place that knows PySide6: the window over the same pipeline as the command line."""
