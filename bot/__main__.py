"""`python -m bot` runs the lightbox command line."""

from bot.cli import main

raise SystemExit(main())
