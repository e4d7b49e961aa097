from django.urls import path

from tracker.governance import views
from tracker.governance.highlights import views as highlight_views

app_name = "governance"
_board = "boards/<int:board_id>"
_meeting = f"{_board}/meetings/<int:meeting_id>"
urlpatterns = [
    path("", views.board_list, name="board_list"),
    path("boards/new/", views.board_create, name="board_create"),
    path(f"{_board}/", views.board_detail, name="board_detail"),
    path(f"{_board}/edit/", views.board_update, name="board_update"),
    path(f"{_board}/meetings/new/", views.meeting_create, name="meeting_create"),
    path(f"{_meeting}/", views.meeting_detail, name="meeting_detail"),
    path(f"{_meeting}/edit/", views.meeting_update, name="meeting_update"),
    path(f"{_meeting}/agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path(f"{_meeting}/decisions/new/", views.decision_create, name="decision_create"),
    path(
        f"{_meeting}/decisions/<int:decision_id>/edit/",
        views.decision_update,
        name="decision_update",
    ),
    path(
        f"{_meeting}/decisions/<int:decision_id>/make-action/",
        views.decision_make_action,
        name="decision_make_action",
    ),
    path("risks/", views.risk_list, name="risk_list"),
    path("risks/new/", views.risk_create, name="risk_create"),
    path("risks/heat-map/", views.risk_heat_map, name="risk_heat_map"),
    path("risks/<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:risk_id>/edit/", views.risk_update, name="risk_update"),
]

_report = f"{_meeting}/highlight-reports/<int:report_id>"
urlpatterns += [
    path(
        f"{_meeting}/highlight-reports/new/<int:theme_id>/",
        highlight_views.highlight_report_create,
        name="highlight_report_create",
    ),
    path(f"{_report}/", highlight_views.highlight_report_detail, name="highlight_report_detail"),
    path(
        f"{_report}/edit/", highlight_views.highlight_report_update, name="highlight_report_update"
    ),
    path(
        f"{_report}/submit/",
        highlight_views.highlight_report_submit,
        name="highlight_report_submit",
    ),
    path(
        f"{_report}/reopen/",
        highlight_views.highlight_report_reopen,
        name="highlight_report_reopen",
    ),
]
