"""A plan with actions, an expected outcome, a measure value and an audit, in the home local
authority and another; evidence files of every kind an officer might choose; and a temporary
folder for the files stored."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.performance.models import Audit, Measure, MeasureValue
from tracker.plans import services as plan_services

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
SHELL = b"#!/bin/sh\nrm -rf /\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
CSV = b"Measure,Value\nRe-referrals,21.5\n"


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Case file audit: findings")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def spreadsheet() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.create_sheet("Scorecard").append(["Measure", "Value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def office_zip(parts: dict[str, bytes], content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def presentation() -> bytes:
    return office_zip({"ppt/presentation.xml": b"<p:presentation/>"})


def upload(data: bytes, name: str = "report.pdf", content_type: str = "application/pdf"):
    """An upload as the browser sends it: the name and type say whatever the sender chose."""
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test's files go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def thematic_lead(local_authority):
    return UserFactory(
        local_authority=local_authority, role=User.Role.ACTION_OWNER, username="themelead"
    )


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Ofsted action plan",
        kind="ofsted_action_plan",
    )


@pytest.fixture
def section(plan, improvement_lead, thematic_lead):
    theme = plan_services.theme_create(
        user=improvement_lead, plan=plan, name="Quality assurance", lead=thematic_lead
    )
    return plan_services.section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="Quality assurance",
        theme=theme,
        expected_outcomes=["Audits show better practice"],
    )


@pytest.fixture
def action(section, improvement_lead, head_of_safeguards):
    return plan_services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.1",
        description="Launch the new audit process",
        owner_posts=[head_of_safeguards],
    )


@pytest.fixture
def other_section(plan, improvement_lead):
    return plan_services.section_create(
        user=improvement_lead, plan=plan, number=2, title="Workforce"
    )


@pytest.fixture
def not_owned_action(other_section, improvement_lead):
    """An action in a section of no theme, that nobody in the fixtures owns."""
    return plan_services.action_create(
        user=improvement_lead,
        section=other_section,
        reference="2.1",
        description="Recruit permanent social workers",
    )


@pytest.fixture
def outcome(section):
    return section.expected_outcomes.get()


@pytest.fixture
def measure_value(local_authority):
    measure = Measure.objects.create(
        local_authority=local_authority,
        reference="CIN-03",
        name="Re-referrals within 12 months",
        unit="percentage",
        direction="lower",
        frequency="monthly",
    )
    return MeasureValue.objects.create(
        measure=measure, period_end=datetime.date(2026, 10, 31), value=Decimal("21.5")
    )


@pytest.fixture
def audit(local_authority):
    return Audit.objects.create(
        local_authority=local_authority,
        kind=Audit.Kind.CASE_FILE_AUDIT,
        title="Case file audit: children in need",
        carried_out_on=datetime.date(2026, 10, 15),
    )


@pytest.fixture
def other_action(other_local_authority, outsider):
    plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere's plan",
        kind="ofsted_action_plan",
    )
    section = plan_services.section_create(user=outsider, plan=plan, number=1, title="Help")
    return plan_services.action_create(
        user=outsider, section=section, reference="1.1", description="Elsewhere's action"
    )
