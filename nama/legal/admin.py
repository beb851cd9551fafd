"""Lawyer profiles in the admin, for the system administrator (who manages staff
accounts): governorates served, bar registration, capacity. No case content here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nama.legal.models import LawyerProfile


@admin.register(LawyerProfile)
class LawyerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "bar_registration", "languages", "capacity", "active"]
    list_filter = ["active", "governorates"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "bar_registration"]
    filter_horizontal = ["governorates"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cases point at the lawyer; set "takes new cases" off instead
