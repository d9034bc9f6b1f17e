"""``python -m t1133``: the command line."""

import sys

from t1133.cli import main

sys.exit(main())
