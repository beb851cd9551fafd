"""Admin for system administrators: staff accounts, roles, scopes, reference data.

No case content is registered here, ever. The reference data (governorates,
vocabularies, terms) is registered here too because its administration is a
system administrator's job: governorates are read-only, terms are retired
instead of deleted.

Some third-party registrations are removed: the groups (roles are fixed in
code and assigned on the user), the 2FA devices (secrets; reset 2FA with the
user action instead) and the API tokens (a token for another person's account
would bypass their 2FA and the administrator's lack of case access).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nama.accounts import otp, services
from nama.accounts.models import User
from nama.core.models import Governorate, Term, Vocabulary
from nama.core.roles import Role, forget_roles, roles_of


def _unregister(model_path: str) -> None:
    from django.apps import apps

    try:
        model = apps.get_model(model_path)
    except LookupError:
        return
    if admin.site.is_registered(model):
        admin.site.unregister(model)


for _model_path in (
    "auth.Group",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "authtoken.TokenProxy",
):
    _unregister(_model_path)


def _role_label(group: Group) -> str:
    try:
        return str(Role(group.name).label)
    except ValueError:
        return group.name


class RolesField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _role_label(obj)


@admin.register(User)
class StaffUserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role_list", "is_active", "enrolled", "last_login"]
    list_filter = ["is_active", "groups", "governorates"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    filter_horizontal = ["groups", "governorates"]
    readonly_fields = ["last_login", "date_joined", "enrolled"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "digits")}),
        (_("Roles and governorates"), {"fields": ("groups", "governorates")}),
        (_("Status"), {"fields": ("is_active", "enrolled", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "groups", "governorates"),
            },
        ),
    )
    actions = ["reset_two_factor", "end_sessions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values).order_by("name")
            kwargs["form_class"] = RolesField
            kwargs["label"] = _("roles")
            kwargs["help_text"] = _(
                "What this person may do. Most roles are limited to the governorates below."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Nobody grants themselves a role or locks themselves out.
            fields += ["groups", "is_active"]
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: accounts stay for the audit trail

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(sorted(_role_label(group) for group in obj.groups.all()))

    @admin.display(description=_("2FA enrolled"), boolean=True)
    def enrolled(self, obj: User) -> bool:
        return otp.is_enrolled(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "accounts.user.changed" if change else "accounts.user.created"
        changed = sorted(name for name in form.changed_data if not name.startswith("password"))
        services.audit(request.user, action, obj, {"fields": changed})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        forget_roles(user)
        # The admin's own "staff status" follows the role, so nobody has to remember it.
        should_be_staff = user.is_superuser or Role.SYSADMIN in roles_of(user)
        if user.is_staff != should_be_staff:
            user.is_staff = should_be_staff
            user.save(update_fields=["is_staff"])
        if {"groups", "governorates"} & set(form.changed_data):
            data = {
                "roles": sorted(str(role) for role in roles_of(user)),
                "governorates": sorted(user.governorates.values_list("slug", flat=True)),
            }
            services.audit(request.user, "accounts.user.roles_changed", user, data)

    @admin.action(description=_("Reset two-factor authentication"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_reset_2fa(user=user, by=request.user, reason="admin action")
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d account; "
                "it enrols again at the next login.",
                "Two-factor authentication was reset for %(count)d accounts; "
                "they enrol again at their next login.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Sign out everywhere"), permissions=["change"])
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_end_sessions(user=user, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Every session of %(count)d account was ended.",
                "Every session of %(count)d accounts was ended.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Governorate)
class GovernorateAdmin(admin.ModelAdmin):
    """Reference data loaded from shared/data; read-only here."""

    list_display = ["slug", "name_ar", "name_en", "name_ckb", "iso_code", "kurdistan_region"]
    search_fields = ["slug", "name_ar", "name_en", "name_ckb"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RetireNotDeleteMixin:
    """Vocabulary entries are referenced by records: they are retired, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Vocabulary)
class VocabularyAdmin(RetireNotDeleteMixin, admin.ModelAdmin):
    list_display = ["key", "name_ar", "name_en", "name_ckb", "huridocs"]
    search_fields = ["key", "name_ar", "name_en", "name_ckb"]
    fields = ["key", "huridocs", "name_ar", "name_en", "name_ckb"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vocabularies come with the code that uses them

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["key", "huridocs"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.audit(request.user, "core.vocabulary.changed", obj, {"fields": form.changed_data})


class RetiredFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", _("in use")), ("retired", _("retired"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "active":
            return queryset.filter(retired_at__isnull=True)
        if self.value() == "retired":
            return queryset.filter(retired_at__isnull=False)
        return queryset


@admin.register(Term)
class TermAdmin(RetireNotDeleteMixin, admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "name_ckb", "vocabulary", "is_retired"]
    list_filter = [RetiredFilter, "vocabulary"]
    list_select_related = ["vocabulary"]
    search_fields = ["code", "name_ar", "name_en", "name_ckb"]
    fields = [
        "vocabulary",
        "code",
        "parent",
        "name_ar",
        "name_en",
        "name_ckb",
        "sort_order",
        "retired_at",
    ]
    raw_id_fields = ["parent"]
    actions = ["retire", "restore"]

    @admin.display(description=_("retired"), boolean=True)
    def is_retired(self, obj: Term) -> bool:
        return obj.is_retired

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["retired_at"]
        # Codes are what records point at; names may be corrected.
        return ["vocabulary", "code", "retired_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "core.term.changed" if change else "core.term.created"
        services.audit(request.user, action, obj, {"fields": form.changed_data})

    @admin.action(description=_("Retire the selected terms"), permissions=["change"])
    def retire(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        terms = list(queryset.filter(retired_at__isnull=True))
        now = timezone.now()
        for term in terms:
            term.retired_at = now
            term.save(update_fields=["retired_at"])
            services.audit(request.user, "core.term.retired", term)
        self.message_user(
            request,
            ngettext("%(count)d term was retired.", "%(count)d terms were retired.", len(terms))
            % {"count": len(terms)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Bring the selected terms back into use"), permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        terms = list(queryset.filter(retired_at__isnull=False))
        for term in terms:
            term.retired_at = None
            term.save(update_fields=["retired_at"])
            services.audit(request.user, "core.term.restored", term)
        self.message_user(
            request,
            ngettext(
                "%(count)d term is in use again.", "%(count)d terms are in use again.", len(terms)
            )
            % {"count": len(terms)},
            messages.SUCCESS,
        )
