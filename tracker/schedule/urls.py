app_name = "schedule"
urlpatterns: list = []
