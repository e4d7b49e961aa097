"""What this app adds to the pages of the apps below it (`tracker/core/panels.py`)."""

from __future__ import annotations
