"""Forms of the measure value import: upload, and the confirmation that carries its token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker.performance.imports.apply import MAX_SOURCE
from tracker.performance.imports.reading import values_format
from tracker.plans.imports.common import MAX_UPLOAD_BYTES, ImportRefused, check_upload_size


class ValueImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Performance pack",
        help_text=(
            "An Excel spreadsheet (.xlsx) or CSV file, smaller than "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
        ),
        error_messages={
            "required": "Select a performance pack",
            "empty": "The selected file is empty",
            "invalid": "Select a performance pack",
        },
    )
    source = forms.CharField(
        label="Where the figures come from (optional)",
        help_text="For example ‘Monthly performance pack, November 2026’. "
        "If you leave it blank, the file's name is kept",
        max_length=MAX_SOURCE,
        required=False,
        error_messages={"max_length": f"The source must be {MAX_SOURCE} characters or fewer"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            values_format(upload.name or "")
            check_upload_size(upload.size or 0)
        except ImportRefused as refused:
            raise ValidationError(refused.message) from None
        return upload


class ValueImportApplyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
