"""The dashboard stores nothing of its own: it reads plans and indicators."""
