"""Import measure values from the monthly performance pack councils already produce: Excel
(.xlsx) or CSV, in one of two layouts told apart by the headings (`reading.py`).

Three steps, as every importer (`docs/conventions.md`), each its own function:

1. **parse**: `read_values_file` turns the file into `ParsedValues`, each value keeping its
   place ("row 12, column D (Oct 2026)").
2. **validate**: `measure_value_import_check` finds every problem at once and says what each
   value will do (added, corrected old → new, unchanged, skipped); the preview shows it.
3. **apply**: `measure_value_import_apply` records the values in one transaction once the
   officer confirms, through the measures' append-only services.

A file that cannot be read at all raises `ImportRefused` with a message for the officer.
"""
