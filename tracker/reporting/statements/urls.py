"""The Statement of Action downloads (routes included by `tracker.reporting.urls`)."""

from django.urls import URLPattern, path

from tracker.reporting.statements import views

urlpatterns: list[URLPattern] = [
    path(
        "plans/<int:plan_id>/statement-of-action.docx",
        views.statement_of_action,
        {"format": "docx"},
        name="statement_of_action_docx",
    ),
    path(
        "plans/<int:plan_id>/statement-of-action.pdf",
        views.statement_of_action,
        {"format": "pdf"},
        name="statement_of_action_pdf",
    ),
]
