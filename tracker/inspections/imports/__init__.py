"""Importers: one module per source format, each in three steps (`docs/conventions.md`)."""
