"""Public "follow my request" pages, behind the tracking code."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
