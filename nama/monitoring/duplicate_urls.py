"""URLs of the monitoring app (joined in nama/monitoring/urls.py); filled in next."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
