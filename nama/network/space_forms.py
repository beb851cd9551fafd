"""Forms of the members' space and of its moderation pages.

Labels are set before ``style_widgets()``; fields are rendered with
``core/_field.html``. A photo is checked and stripped of its metadata here
(``clean_image_upload``), so a refused photo is a field error like any other.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.images import CleanImage, clean_image_upload
from nama.network.models import PostKind, PostLanguage, ReportReason
from nama.network.space_services import clean_links

__all__ = [
    "CommentForm",
    "FeedFilterForm",
    "ModerationForm",
    "PostForm",
    "ReportForm",
    "SpaceSettingsForm",
]

PSEUDONYM_HELP = _("Shown to other members instead of your name. Leave it empty to show your name.")


class SpaceForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class PostForm(SpaceForm):
    kind = forms.ChoiceField(
        label=_("What do you want to share?"),
        choices=PostKind.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the post"), choices=PostLanguage.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_(
            "Do not write exact places (a home, an office, a meeting point) or the names "
            "of people who did not agree to be named."
        ),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=60, required=False, help_text=PSEUDONYM_HELP
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=_("One web address per line (http:// or https://), at most five."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Its location and camera data are removed before it is stored."),
    )
    photo_alt = forms.CharField(
        label=_("Describe the photo for people who cannot see it"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, pseudonym: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("pseudonym", pseudonym)
        language = (get_language() or "ar").split("-")[0]
        kwargs["initial"].setdefault(
            "language", language if language in PostLanguage.values else "ar"
        )
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["dir"] = "auto"
        self.fields["pseudonym"].widget.attrs["dir"] = "auto"

    def clean_links(self) -> list[str]:
        return clean_links(str(self.cleaned_data.get("links") or "").splitlines())

    def clean_photo(self) -> CleanImage | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_image_upload(upload)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        photo = data.get("photo")
        return {
            "kind": data["kind"],
            "language": data["language"],
            "title": data["title"],
            "body": data["body"],
            "pseudonym": data.get("pseudonym", ""),
            "links": data.get("links") or [],
            "photos": [(photo, data.get("photo_alt", ""))] if photo else [],
        }


class CommentForm(SpaceForm):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"), max_length=60, required=False, help_text=PSEUDONYM_HELP
    )

    def __init__(self, *args: Any, pseudonym: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("pseudonym", pseudonym)
        super().__init__(*args, **kwargs)


class ReportForm(SpaceForm):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class SpaceSettingsForm(SpaceForm):
    pseudonym = forms.CharField(
        label=_("Default pseudonym for new posts and comments"),
        max_length=60,
        required=False,
        help_text=PSEUDONYM_HELP,
    )
    wants_digest = forms.BooleanField(
        label=_("Send me a weekly e-mail with the new posts"),
        required=False,
        help_text=_("It lists titles and links only, never the text of the posts."),
    )


class FeedFilterForm(SpaceForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *PostKind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("all languages")), *PostLanguage.choices],
    )

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"kind": "", "language": ""}
        return {
            "kind": self.cleaned_data.get("kind") or "",
            "language": self.cleaned_data.get("language") or "",
        }


class ModerationForm(SpaceForm):
    ACTIONS = ("approve", "hide", "remove", "keep")
    NEEDS_REASON = ("hide", "remove")

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("approve: show it to members")),
            ("keep", _("keep it as it is and close the reports")),
            ("hide", _("hide it")),
            ("remove", _("remove it for good (photos deleted)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required to hide or remove. The audit log keeps it."),
    )

    def __init__(self, *args: Any, for_comment: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["action"]
        allowed = ("keep", "hide", "remove") if for_comment else ("approve", "hide", "remove")
        field.choices = [c for c in field.choices if c[0] in allowed]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("action") in self.NEEDS_REASON and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason",
                ValidationError(_("Please give the reason: the author and the audit log keep it.")),
            )
        return cleaned
