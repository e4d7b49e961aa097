"""Asking for a monitoring visit pack and making it in the background: both formats, the focus
checks, who may ask, and failures an officer can read."""

from __future__ import annotations

import datetime
import io
import logging

import docx
import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans.tests.factories import ThemeFactory
from tracker.reporting.models import VisitPack
from tracker.reporting.packs import rules, services
from tracker.reporting.packs.tasks import generate_visit_pack
from tracker.reporting.tests.packs.pack_world import (
    EVIDENCE,
    FINDING,
    SUPERVISION,
    UNANSWERED,
    UNMEASURED,
    build_pack_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(local_authority):
    return build_pack_world(local_authority=local_authority, actions=3)


def _request(world, user, capture, **kwargs):
    kwargs.setdefault("format", "docx")
    kwargs.setdefault("focus", VisitPack.Focus.RECOMMENDATIONS)
    kwargs.setdefault("visit_on", datetime.date(2027, 3, 12))
    with capture(execute=True) as callbacks:
        pack = services.visit_pack_request(plan=world.plan, user=user, **kwargs)
    pack.refresh_from_db()
    return pack, callbacks


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())


def test_word_pack_holds_recommendation_actions_measure_finding_evidence_and_gaps(
    world, improvement_lead, django_capture_on_commit_callbacks
):
    pack, callbacks = _request(
        world,
        improvement_lead,
        django_capture_on_commit_callbacks,
        recommendations=[world.supervision, world.unanswered],
    )

    assert len(callbacks) == 1
    assert pack.status == VisitPack.Status.READY
    assert pack.filename == "monitoring-visit-pack-2027-03-12.docx"
    assert pack.visit_title == "Monitoring visit"
    text = _docx_text(bytes(pack.content))
    assert f"Recommendation 1: {SUPERVISION}" in text
    assert "1.1" in text and "Introduce reflective supervision" in text
    assert "CIN-03 Re-referrals within 12 months" in text
    assert "20.25%" in text and "Amber" in text and "21.4%" in text
    assert FINDING in text
    assert EVIDENCE in text
    # Open gaps: the recommendation nothing answers, the completed action with no evidence.
    assert f"Recommendation 2: {UNANSWERED}" in text
    assert "Completed action with no evidence" in text
    document = docx.Document(io.BytesIO(bytes(pack.content)))
    pictures = document.inline_shapes
    assert len(pictures) == 1
    assert (
        pictures[0]
        ._inline.docPr.get("descr")
        .startswith("Line chart of CIN-03 Re-referrals within 12 months over 24 periods")
    )
    # Choosing the focus records the pack again while it waits: one record per change.
    assert list(dict.fromkeys(h.status for h in pack.history.order_by("history_id"))) == [
        "queued",
        "running",
        "ready",
    ]


def test_pdf_pack_is_tagged_and_holds_the_same_content(
    world, improvement_lead, django_capture_on_commit_callbacks
):
    pack, _ = _request(
        world,
        improvement_lead,
        django_capture_on_commit_callbacks,
        format="pdf",
        focus=VisitPack.Focus.THEMES,
        themes=[world.practice, world.workforce],
    )

    assert pack.status == VisitPack.Status.READY, pack.error_message
    content = bytes(pack.content)
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "Monitoring visit pack: Improving children's lives"
    text = _pdf_text(content)
    assert "Themes: Practice, Workforce" in text
    assert SUPERVISION in text
    assert "Re-referrals within 12 months" in text and "20.25%" in text
    assert FINDING in text
    assert UNMEASURED in text  # the Workforce theme's outcome no measure shows
    assert "Outcome no measure shows" in text


def test_request_refuses_a_focus_with_nothing_chosen_and_writes_nothing(world, improvement_lead):
    with pytest.raises(ValidationError) as raised:
        services.visit_pack_request(
            plan=world.plan,
            user=improvement_lead,
            format="docx",
            focus=VisitPack.Focus.RECOMMENDATIONS,
            visit_on=None,
        )
    assert raised.value.message_dict == {
        "recommendations": [rules.NO_RECOMMENDATIONS_MESSAGE],
        "inspection": [rules.VISIT_MESSAGE],
    }
    with pytest.raises(ValidationError, match=rules.NO_THEMES_MESSAGE):
        services.visit_pack_request(
            plan=world.plan,
            user=improvement_lead,
            format="docx",
            focus=VisitPack.Focus.THEMES,
            visit_on=datetime.date(2027, 3, 12),
        )
    assert VisitPack.objects.count() == 0


def test_request_refuses_another_authoritys_recommendation_and_another_plans_theme(
    world, improvement_lead, other_local_authority
):
    elsewhere = RecommendationFactory(
        inspection=InspectionFactory(local_authority=other_local_authority)
    )
    with pytest.raises(ValidationError, match=rules.OTHER_RECOMMENDATION_MESSAGE):
        services.visit_pack_request(
            plan=world.plan,
            user=improvement_lead,
            format="docx",
            focus=VisitPack.Focus.RECOMMENDATIONS,
            recommendations=[world.supervision, elsewhere],
            visit_on=datetime.date(2027, 3, 12),
        )
    with pytest.raises(ValidationError, match=rules.OTHER_THEME_MESSAGE):
        services.visit_pack_request(
            plan=world.plan,
            user=improvement_lead,
            format="docx",
            focus=VisitPack.Focus.THEMES,
            themes=[ThemeFactory()],
            visit_on=datetime.date(2027, 3, 12),
        )
    assert VisitPack.objects.count() == 0


def test_request_for_a_recorded_monitoring_visit_takes_its_date(
    world, improvement_lead, local_authority, other_local_authority
):
    visit = InspectionFactory(
        local_authority=local_authority,
        kind="monitoring_visit",
        started_on=datetime.date(2027, 4, 20),
        ended_on=datetime.date(2027, 4, 21),
    )
    pack = services.visit_pack_request(
        plan=world.plan,
        user=improvement_lead,
        format="docx",
        focus=VisitPack.Focus.RECOMMENDATIONS,
        recommendations=[world.supervision],
        inspection=visit,
        visit_title="Third monitoring visit",
    )
    assert (pack.visit_on, pack.visit_title, pack.inspection) == (
        visit.started_on,
        "Third monitoring visit",
        visit,
    )
    other = InspectionFactory(local_authority=other_local_authority, kind="monitoring_visit")
    with pytest.raises(ValidationError, match=rules.OTHER_VISIT_MESSAGE):
        services.visit_pack_request(
            plan=world.plan,
            user=improvement_lead,
            format="docx",
            focus=VisitPack.Focus.RECOMMENDATIONS,
            recommendations=[world.supervision],
            inspection=other,
        )


@pytest.mark.parametrize("role", ["viewer", "action_owner", "outsider"])
def test_only_leads_and_administrators_of_the_authority_may_ask(world, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.visit_pack_request(
            plan=world.plan,
            user=user,
            format="docx",
            focus=VisitPack.Focus.RECOMMENDATIONS,
            recommendations=[world.supervision],
            visit_on=datetime.date(2027, 3, 12),
        )
    assert VisitPack.objects.count() == 0


def test_failure_is_recorded_with_a_message_an_officer_can_read(
    world, administrator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "build_visit_pack", broken)
    with caplog.at_level(logging.ERROR, logger="tracker.reporting.packs.services"):
        pack, _ = _request(
            world,
            administrator,
            django_capture_on_commit_callbacks,
            recommendations=[world.supervision],
        )
    assert pack.status == VisitPack.Status.FAILED
    assert pack.error_message == services.FAILED_MESSAGE
    assert "disk full" not in pack.error_message
    assert pack.content is None
    assert "Visit pack" in caplog.text


def test_a_focus_gone_since_it_was_asked_for_fails_with_the_reason(world, improvement_lead):
    pack = services.visit_pack_request(
        plan=world.plan,
        user=improvement_lead,
        format="docx",
        focus=VisitPack.Focus.THEMES,
        themes=[world.workforce],
        visit_on=datetime.date(2027, 3, 12),
    )
    world.recruitment.theme = None
    world.recruitment.save()
    world.workforce.delete()

    made = services.visit_pack_generate(pack_id=pack.pk)

    assert made.status == VisitPack.Status.FAILED
    assert made.error_message == (
        "The pack could not be made because the plan changed after it was asked for: "
        "select at least one theme the visit will look at. Ask for a new pack."
    )


def test_making_a_pack_twice_makes_it_once(world, improvement_lead):
    pack = services.visit_pack_request(
        plan=world.plan,
        user=improvement_lead,
        format="docx",
        focus=VisitPack.Focus.RECOMMENDATIONS,
        recommendations=[world.supervision],
        visit_on=datetime.date(2027, 3, 12),
    )
    assert generate_visit_pack.enqueue(pack.pk).return_value == "ready"
    first = VisitPack.objects.get(pk=pack.pk).finished_at
    assert generate_visit_pack.enqueue(pack.pk).return_value == "ready"
    assert VisitPack.objects.get(pk=pack.pk).finished_at == first
