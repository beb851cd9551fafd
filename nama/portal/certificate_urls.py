"""Public check of training certificates (the QR code on a certificate points here)."""

from django.urls import URLPattern, path

from nama.portal import certificate_views

urlpatterns: list[URLPattern] = [
    path("certificates/", certificate_views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/", certificate_views.certificate_check, name="certificate_check"),
]
