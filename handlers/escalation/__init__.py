"""Escalation: questions the bot could not answer become tickets that department staff answer
from their chat, and the answer reaches every asker under their original question."""
