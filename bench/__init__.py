"""`make bench`: command latency and job overhead of Lightbox on SQLite and PostgreSQL."""
