"""The console adapter: a terminal chat over the same core, needing no token."""
