"""The measures pages' URLs, under the `performance` namespace."""

from django.urls import URLPattern, URLResolver, path

from tracker.performance.measures import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/add/", views.measure_create, name="measure_create"),
    path("measures/<int:measure_id>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:measure_id>/edit/", views.measure_update, name="measure_update"),
    path("measures/<int:measure_id>/retire/", views.measure_retire, name="measure_retire"),
    path("measures/<int:measure_id>/targets/add/", views.target_create, name="target_create"),
    path(
        "measures/<int:measure_id>/targets/<int:target_id>/remove/",
        views.target_remove,
        name="target_remove",
    ),
    path("measures/<int:measure_id>/values/add/", views.value_create, name="value_create"),
    path(
        "measures/<int:measure_id>/values/<int:value_id>/correct/",
        views.value_correct,
        name="value_correct",
    ),
]
