app_name = "office"
urlpatterns: list = []  # type: ignore[type-arg]
