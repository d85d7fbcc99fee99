from django.apps import AppConfig


class AspectsConfig(AppConfig):
    name = "aspects"
    verbose_name = "Aspectos susceptibles de mejora"
