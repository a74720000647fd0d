app_name = "unit"
urlpatterns: list = []  # type: ignore[type-arg]
