"""The panels the evidence sub-area adds to pages of the apps below it
(`tracker/core/panels.py`)."""

from __future__ import annotations
