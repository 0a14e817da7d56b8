"""Running numeriq: worker heartbeats, /healthz, /metrics, logs, backup and restore."""
