"""Delivery: transports, and the local capture that keeps what numeriq sends on this machine."""
