"""Date-driven steps of the daily job (core.sweep) owned by this app."""
