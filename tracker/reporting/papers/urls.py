"""Board papers and exports (routes included by `tracker.reporting.urls`)."""

from django.urls import URLPattern, path

from tracker.reporting.papers import views as paper_views

_papers = "plans/<int:plan_id>/board-papers"
urlpatterns: list[URLPattern] = [
    path(f"{_papers}/", paper_views.board_paper_list, name="board_paper_list"),
    path(f"{_papers}/<int:paper_id>/", paper_views.board_paper_detail, name="board_paper_detail"),
    path(
        f"{_papers}/<int:paper_id>/status.json",
        paper_views.board_paper_status,
        name="board_paper_status",
    ),
    path(
        f"{_papers}/<int:paper_id>/download/",
        paper_views.board_paper_download,
        name="board_paper_download",
    ),
    path(
        "plans/<int:plan_id>/export.xlsx",
        paper_views.plan_export,
        {"format": "xlsx"},
        name="plan_export_xlsx",
    ),
    path(
        "plans/<int:plan_id>/export.csv",
        paper_views.plan_export,
        {"format": "csv"},
        name="plan_export_csv",
    ),
    path(
        "plans/<int:plan_id>/export.pdf",
        paper_views.plan_export,
        {"format": "pdf"},
        name="plan_export_pdf",
    ),
    path(
        "risk-register.xlsx",
        paper_views.risk_register_export,
        {"format": "xlsx"},
        name="risk_register_xlsx",
    ),
    path(
        "risk-register.csv",
        paper_views.risk_register_export,
        {"format": "csv"},
        name="risk_register_csv",
    ),
]
