"""Floor: live meeting facilitation."""
