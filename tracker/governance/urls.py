app_name = "governance"
urlpatterns: list = []
