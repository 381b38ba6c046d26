"""Business rules, queries, commits and broadcasts. Routes and CLI commands call these."""
