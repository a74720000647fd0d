from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "查找办件与证件"
