"""API keys, credit prices and per-key limits."""
