from django.apps import AppConfig


class EncryptionTestAppConfig(AppConfig):
    name = "nama.core.tests.encryption_testapp"
    label = "encryption_testapp"
    default_auto_field = "django.db.models.BigAutoField"
