"""Reminders derived from the database for minutes (registered on import)."""
