"""Subscribers: double opt-in, consent log, unsubscribe, preferences, GDPR, imports."""
