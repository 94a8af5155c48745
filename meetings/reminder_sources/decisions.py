"""Reminders derived from the database for decisions (registered on import)."""
