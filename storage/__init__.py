"""Persistence: SQLModel tables, the async engine, units of work and migrations."""
