"""Search index state for the database engine."""
