"""Entry point of the frozen `scrutiny-desktop` window (PyInstaller runs this file as `__main__`)."""

import sys

from scrutiny_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
