"""Reading GOV.UK pages in tests: the text, the error summary and inline errors."""

from __future__ import annotations

import html
import re


def body(response) -> str:
    return html.unescape(response.content.decode())


def error_summary(text: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', text, re.DOTALL)
    return match.group(0) if match else ""


def inline_error(text: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        text,
        re.DOTALL,
    )
    if match is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())
