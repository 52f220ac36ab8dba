"""``python -m wargame``."""

from wargame.cli import main

raise SystemExit(main())
