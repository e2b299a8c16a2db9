"""Deadlines and reminders: the active campaign's dates, the reminder plan (pure), and the
messages each reminder and the daily digest send."""
