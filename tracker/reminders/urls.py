from django.urls import path

from tracker.reminders import views

app_name = "reminders"
urlpatterns = [
    path("plans/<int:plan_id>/cycle/", views.update_cycle, name="update_cycle"),
]
