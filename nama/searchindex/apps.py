from django.apps import AppConfig


class SearchIndexConfig(AppConfig):
    name = "nama.searchindex"
    label = "searchindex"
    verbose_name = "Search index"
    default_auto_field = "django.db.models.BigAutoField"
