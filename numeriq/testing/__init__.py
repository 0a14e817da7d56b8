"""What tests and benchmarks share: a real SMTP server with fault injection, and more."""
