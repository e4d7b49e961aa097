from django.urls import path

from tracker.reporting.feeds import columns, views

app_name = "feeds"
urlpatterns = [
    path("", views.feed_guide, name="guide"),
    *(
        path(
            f"{table.slug}.{output}",
            views.feed_view(table, output),
            name=f"{table.slug}_{output}",
        )
        for table in columns.TABLES
        for output in ("csv", "json")
    ),
]
