"""The project's URLs plus a test-only public form protected by AntiAbuseFormMixin."""

from __future__ import annotations

from django import forms
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.utils.translation import gettext_lazy as _

from nama.core.antiabuse import AntiAbuseFormMixin
from nama.urls import urlpatterns as project_urlpatterns

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% load i18n %}
{% block content %}
{% if sent %}<p data-test-result>{{ sent }}</p>{% endif %}
<form method="post" novalidate>
  {% csrf_token %}
  {% if form.non_field_errors %}
  <div class="alert alert-danger" role="alert" data-test-errors>{{ form.non_field_errors }}</div>
  {% endif %}
  <div class="mb-3">
    <label class="form-label" for="{{ form.summary.id_for_label }}">{{ form.summary.label }}</label>
    {{ form.summary }}
  </div>
  {% include "core/_antiabuse_fields.html" %}
  <button type="submit" class="btn btn-primary">{% translate "Send" %}</button>
</form>
{% endblock %}"""
)


class DemoForm(AntiAbuseFormMixin, forms.Form):
    antiabuse_scope = "test.browser"

    summary = forms.CharField(label=_("What happened?"))


def demo_form(request: HttpRequest) -> HttpResponse:
    form = DemoForm(request.POST or None, request=request)
    sent = ""
    if request.method == "POST" and form.is_valid():
        assert form.antiabuse_verdict is not None
        sent = "fallback" if form.antiabuse_verdict.fallback else "proof-of-work"
        form = DemoForm(request=request)
    return HttpResponse(PAGE.render({"form": form, "sent": sent}, request))


urlpatterns = [
    *i18n_patterns(path("antiabuse-test/", demo_form), prefix_default_language=True),
    *project_urlpatterns,
]
