"""Discord adapter: slash commands, card threads, persistent buttons, reactions, REST delivery."""
