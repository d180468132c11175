"""Discord adapter (built in its own issue)."""
