"""Importers: one module per source format (STYLE.md §5, §11)."""
