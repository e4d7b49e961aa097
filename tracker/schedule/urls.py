from django.urls import path

from tracker.schedule import views

app_name = "schedule"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("feed/", views.feed_manage, name="feed_manage"),
    path("feed/new/", views.feed_create, name="feed_create"),
    path("feed/stop/", views.feed_revoke, name="feed_revoke"),
    # Public: the only page without sign-in besides the sign-in page (see views.feed).
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
