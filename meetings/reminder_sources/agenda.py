"""Reminders derived from the database for agenda (registered on import)."""
