"""Entry point of the frozen `scrutiny` command (PyInstaller runs this file as `__main__`)."""

import sys

from scrutiny_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
