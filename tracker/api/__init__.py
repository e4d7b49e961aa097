"""The REST API under /api/v1/: the plans, their actions and progress, and the council's own
records, read and written through the same access helpers, selectors and services as the pages."""
