"""Settings and the database engine."""
