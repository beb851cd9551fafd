"""Public complaint form: report a violation or ask for legal help."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
