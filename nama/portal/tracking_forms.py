"""Forms of the "follow my request" pages.

The templates write the code field by hand and never with a value: whatever
was typed may be a real code, so it is never sent back in a page.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=200, strip=False)


class TrackMessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=20000, required=False)
