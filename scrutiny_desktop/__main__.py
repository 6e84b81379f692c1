"""`python -m scrutiny_desktop` is the `scrutiny` command."""

import sys

from scrutiny_desktop.cli import main

sys.exit(main())
