"""Serializers of the monitoring API (``nama.monitoring.api``).

Reading: vocabulary values are term codes, places are slugs, people are
``{"id", "pseudonym"}`` everywhere except ``/persons/``. Fields listed in a
serializer's ``private_fields`` (identifying fields of persons; free text
written about people) are left out of the JSON entirely, not sent as null,
for callers without identity access (analysts): ``linked_selectors.Visibility``
decides, row by row.

Writing: input serializers validate and resolve codes, slugs and ids (persons
only among those the caller may read, governorates only in the caller's
scope); the views hand the result to ``nama.monitoring.services``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import Field

from nama.core.dates import DatePrecision
from nama.core.models import District, Governorate, Term
from nama.monitoring import linked_selectors
from nama.monitoring.linked_selectors import Visibility
from nama.monitoring.models import (
    Act,
    Confidentiality,
    ConsentKind,
    Event,
    Information,
    Intervention,
    InterventionStatus,
    Involvement,
    InvolvementDegree,
    Person,
    VerificationComment,
    VerificationState,
)
from nama.monitoring.selectors import act_list_for_event, person_list_for_user

IDENTITY_FIELDS = (
    "name",
    "name_latin",
    "aliases",
    "phone",
    "email",
    "id_number",
    "address",
    "notes",
)
# Fields of a new person given to services.person_create (characteristics aside).
PERSON_DATA_FIELDS = (
    "is_group",
    "group_size",
    "sex",
    "birth_year",
    "occupation",
    *IDENTITY_FIELDS,
)

GIVE_ONE_PERSON = _("Give either an existing person or the fields of a new one, not both.")
DISTRICT_ELSEWHERE = _("This district is not in the governorate of the event.")


def visibility(context: dict[str, Any]) -> Visibility:
    """One ``Visibility`` per response, shared by every nested serializer."""
    found = context.get("visibility")
    if found is None:
        found = context["visibility"] = Visibility(context["request"].user)
    return found


def term_field(vocabulary: str, **kwargs: Any) -> Any:
    """A term of ``vocabulary`` given as its code (retired terms are refused)."""
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Term.objects.of(vocabulary).active(), **kwargs
    )


def code_field(**kwargs: Any) -> Any:
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    """A person by id, among those the caller may read (others look missing)."""

    def get_queryset(self) -> Any:
        return person_list_for_user(user=self.context["request"].user)


@extend_schema_field(OpenApiTypes.STR)
class ScopedGovernorateField(serializers.SlugRelatedField):
    """A governorate by slug, among those the caller documents in."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self) -> Any:
        return linked_selectors.governorates_for_documenting(self.context["request"].user)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is one component named ``enum_name``.

    DatePrecision is already named by the intake's serializers and "status"
    names another choice set there; a named component keeps the schema free of
    enum naming warnings without an ENUM_NAME_OVERRIDES entry.
    """

    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str | None:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        return {"type": "string", "enum": list(self.target.choices)}


def precision_field(**kwargs: Any) -> Any:
    return NamedChoiceField(enum_name="DatePrecisionEnum", choices=DatePrecision.choices, **kwargs)


def intervention_status_field(**kwargs: Any) -> Any:
    return NamedChoiceField(
        enum_name="InterventionStatusEnum", choices=InterventionStatus.choices, **kwargs
    )


# ---------------------------------------------------------------------------
# Reading


class PrivateFieldsMixin:
    """Leave ``private_fields`` out of the JSON (never read them) unless ``shows_private``."""

    private_fields: tuple[str, ...] = ()
    _hiding: tuple[str, ...] = ()

    def shows_private(self, instance: Any) -> bool:
        raise NotImplementedError

    def to_representation(self, instance: Any) -> Any:
        self._hiding = () if self.shows_private(instance) else self.private_fields
        return super().to_representation(instance)  # type: ignore[misc]

    @property
    def _readable_fields(self) -> list[Field[Any, Any, Any, Any]]:
        fields = super()._readable_fields  # type: ignore[misc]
        return [field for field in fields if field.field_name not in self._hiding]


class PersonRefSerializer(serializers.ModelSerializer[Person]):
    """A person where a pseudonym stands for them: id and pseudonym only."""

    class Meta:
        model = Person
        fields = ["id", "pseudonym"]
        read_only_fields = fields


class InvolvementSerializer(serializers.ModelSerializer[Involvement]):
    perpetrator = PersonRefSerializer(read_only=True, allow_null=True)
    perpetrator_type = code_field(allow_null=True)

    class Meta:
        model = Involvement
        fields = ["id", "act", "perpetrator", "perpetrator_type", "degree"]
        read_only_fields = fields


class ActSerializer(PrivateFieldsMixin, serializers.ModelSerializer[Act]):
    private_fields = ("notes",)

    event_reference = serializers.CharField(source="event.reference", read_only=True)
    victim = PersonRefSerializer(read_only=True)
    act_type = code_field()
    method = code_field(allow_null=True)
    location_type = code_field(allow_null=True)
    victim_status = code_field(allow_null=True)
    date_precision = precision_field(read_only=True)
    notes = serializers.CharField(
        read_only=True, help_text="Absent for callers without identity access."
    )
    involvements = InvolvementSerializer(many=True, read_only=True)

    class Meta:
        model = Act
        fields = [
            "id",
            "event",
            "event_reference",
            "victim",
            "act_type",
            "method",
            "location_type",
            "victim_status",
            "victim_age",
            "date",
            "date_precision",
            "notes",
            "involvements",
        ]
        read_only_fields = fields

    def shows_private(self, instance: Act) -> bool:
        return visibility(self.context).event_details(instance.event)


class InformationSerializer(PrivateFieldsMixin, serializers.ModelSerializer[Information]):
    private_fields = ("summary",)

    source: Any = PersonRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    connection = code_field(allow_null=True)
    reliability = code_field(allow_null=True)
    summary = serializers.CharField(
        read_only=True, help_text="What the source said; absent without identity access."
    )

    class Meta:
        model = Information
        fields = ["id", "source", "event", "person", "connection", "reliability", "date", "summary"]
        read_only_fields = fields

    def shows_private(self, instance: Information) -> bool:
        seen = visibility(self.context)
        if instance.event is not None:
            return seen.event_details(instance.event)
        return instance.person is not None and seen.person_details(instance.person)


class InterventionSerializer(PrivateFieldsMixin, serializers.ModelSerializer[Intervention]):
    private_fields = ("response", "notes")

    victim = PersonRefSerializer(read_only=True, allow_null=True)
    intervention_type = code_field()
    status = intervention_status_field(read_only=True)
    by_party = PersonRefSerializer(read_only=True, allow_null=True)
    by_user: Any = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    response = serializers.CharField(
        read_only=True, help_text="Absent for callers without identity access."
    )
    notes = serializers.CharField(
        read_only=True, help_text="Absent for callers without identity access."
    )

    class Meta:
        model = Intervention
        fields = [
            "id",
            "event",
            "victim",
            "intervention_type",
            "date",
            "status",
            "by_party",
            "by_user",
            "response",
            "notes",
        ]
        read_only_fields = fields

    def shows_private(self, instance: Intervention) -> bool:
        seen = visibility(self.context)
        if instance.event is not None:
            return seen.event_details(instance.event)
        return instance.victim is not None and seen.person_details(instance.victim)


class CommentSerializer(PrivateFieldsMixin, serializers.ModelSerializer[VerificationComment]):
    private_fields = ("body",)

    author: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body = serializers.CharField(
        read_only=True, help_text="Absent for callers without identity access."
    )

    class Meta:
        model = VerificationComment
        fields = ["id", "kind", "author", "body", "created_at"]
        read_only_fields = fields

    def shows_private(self, instance: VerificationComment) -> bool:
        return visibility(self.context).event_details(instance.event)


EVENT_LIST_FIELDS = [
    "id",
    "reference",
    "title",
    "governorate",
    "district",
    "place",
    "latitude",
    "longitude",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "violation_status",
    "confidentiality",
    "rights_affected",
    "index_terms",
    "verification",
    "submitted_at",
    "verified_by",
    "verified_at",
    "merged_into",
    "created_by",
    "created_at",
    "updated_at",
]


class EventSerializer(serializers.ModelSerializer[Event]):
    governorate: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    district: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    start_precision = precision_field(read_only=True)
    end_precision = precision_field(read_only=True)
    violation_status = code_field(allow_null=True)
    rights_affected = code_field(many=True)
    verified_by: Any = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    merged_into: Any = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    created_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Event
        fields = EVENT_LIST_FIELDS
        read_only_fields = fields


class EventDetailSerializer(PrivateFieldsMixin, EventSerializer):
    """An event with its acts (and their involvements), sources, interventions and comments."""

    private_fields = ("description",)

    description = serializers.CharField(
        read_only=True, help_text="Absent for callers without identity access."
    )
    acts = serializers.SerializerMethodField()
    information = serializers.SerializerMethodField()
    interventions = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [
            *EVENT_LIST_FIELDS,
            "description",
            "acts",
            "information",
            "interventions",
            "comments",
        ]
        read_only_fields = fields

    def shows_private(self, instance: Event) -> bool:
        return visibility(self.context).event_details(instance)

    def _nested(self, serializer: type[serializers.Serializer[Any]], rows: Iterable[Any]) -> Any:
        return serializer(rows, many=True, context=self.context).data

    @extend_schema_field(ActSerializer(many=True))
    def get_acts(self, instance: Event) -> Any:
        acts = act_list_for_event(event=instance).select_related("event")
        return self._nested(ActSerializer, acts)

    @extend_schema_field(InformationSerializer(many=True))
    def get_information(self, instance: Event) -> Any:
        rows = linked_selectors.information_list_for_event(event=instance)
        return self._nested(InformationSerializer, rows)

    @extend_schema_field(InterventionSerializer(many=True))
    def get_interventions(self, instance: Event) -> Any:
        rows = linked_selectors.intervention_list_for_event(event=instance)
        return self._nested(InterventionSerializer, rows)

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, instance: Event) -> Any:
        return self._nested(
            CommentSerializer, linked_selectors.comment_list_for_event(event=instance)
        )


class PersonSerializer(PrivateFieldsMixin, serializers.ModelSerializer[Person]):
    """A person: the pseudonym always; identifying fields only with identity access
    (the view audits every response that carries them)."""

    private_fields = IDENTITY_FIELDS

    governorate: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sex = code_field(allow_null=True)
    characteristics = code_field(many=True)
    merged_into: Any = serializers.SlugRelatedField(
        slug_field="pseudonym", read_only=True, allow_null=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "pseudonym",
            "is_group",
            "group_size",
            "governorate",
            "sex",
            "birth_year",
            "characteristics",
            "occupation",
            "merged_into",
            "created_at",
            "updated_at",
            *IDENTITY_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = {
            name: {"help_text": "Absent for callers without identity access."}
            for name in IDENTITY_FIELDS
        }

    def shows_private(self, instance: Person) -> bool:
        return visibility(self.context).person_details(instance)


# ---------------------------------------------------------------------------
# Writing


class PersonFieldsSerializer(serializers.Serializer[Any]):
    """The fields of a person, every one optional (blank clears an identifying field)."""

    is_group = serializers.BooleanField(required=False)
    group_size = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    sex = term_field("sex", required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )
    characteristics = term_field("victim_characteristic", many=True, required=False)
    occupation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    name_latin = serializers.CharField(max_length=300, required=False, allow_blank=True)
    aliases = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    address = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class PersonCreateSerializer(PersonFieldsSerializer):
    governorate = ScopedGovernorateField(help_text="A governorate slug of your scope.")


class PersonUpdateSerializer(PersonFieldsSerializer):
    governorate = ScopedGovernorateField(
        required=False, help_text="A governorate slug of your scope."
    )


class PersonInputSerializer(PersonFieldsSerializer):
    """``{"person": id}`` of a person you may read, or the fields of a new person."""

    person = ScopedPersonField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("person") is not None and len(attrs) > 1:
            raise serializers.ValidationError(str(GIVE_ONE_PERSON))
        return attrs


class ActInputSerializer(serializers.Serializer[Any]):
    victim = serializers.IntegerField(
        min_value=0, help_text="The index of the victim in `victims` (from 0)."
    )
    act_type = term_field("act_type")
    method = term_field("method_of_violence", required=False, allow_null=True)
    location_type = term_field("location_type", required=False, allow_null=True)
    victim_status = term_field("victim_status", required=False, allow_null=True)
    victim_age = serializers.IntegerField(
        min_value=0, max_value=130, required=False, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    date_precision = precision_field(required=False, default=DatePrecision.UNKNOWN)


class PerpetratorInputSerializer(serializers.Serializer[Any]):
    who = PersonInputSerializer(required=False, allow_null=True)
    perpetrator_type = term_field("perpetrator_type", required=False, allow_null=True)
    degree = serializers.ChoiceField(
        choices=InvolvementDegree.choices, required=False, default=InvolvementDegree.DIRECT
    )
    acts = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        default=list,
        help_text="Indexes into `acts`; empty: every act of the event.",
    )


class SourceInputSerializer(serializers.Serializer[Any]):
    who = PersonInputSerializer()
    connection = term_field("source_connection", required=False, allow_null=True)
    reliability = term_field("source_reliability", required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class EventFieldsSerializer(serializers.Serializer[Any]):
    """The fields of an event (``governorate`` required on creation)."""

    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=50000, required=False, allow_blank=True)
    governorate = ScopedGovernorateField(help_text="A governorate slug of your scope.")
    district: Any = serializers.SlugRelatedField(
        slug_field="slug", queryset=District.objects.all(), required=False, allow_null=True
    )
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    longitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    start_precision = precision_field(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    end_precision = precision_field(required=False)
    confidentiality = serializers.ChoiceField(choices=Confidentiality.choices, required=False)
    index_terms = serializers.CharField(max_length=500, required=False, allow_blank=True)
    rights_affected = term_field("right_affected", many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The pair as it will be saved: a new governorate may leave the old district behind.
        governorate: Governorate | None = attrs.get(
            "governorate", getattr(self.instance, "governorate", None)
        )
        district: District | None = (
            attrs["district"] if "district" in attrs else getattr(self.instance, "district", None)
        )
        if district is not None and (
            governorate is None or district.governorate_id != governorate.pk
        ):
            raise serializers.ValidationError({"district": [str(DISTRICT_ELSEWHERE)]})
        return attrs


class EventCreateSerializer(EventFieldsSerializer):
    """A draft event documented in one go: victims, acts, perpetrators and sources."""

    victims = PersonInputSerializer(many=True, required=False)
    acts = ActInputSerializer(many=True, required=False)
    perpetrators = PerpetratorInputSerializer(many=True, required=False)
    sources = SourceInputSerializer(many=True, required=False)


class EventFilterSerializer(serializers.Serializer[Any]):
    """The query parameters of the event list (``selectors.EventFilters``)."""

    governorate = serializers.SlugField(required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    act_type = serializers.CharField(max_length=32, required=False)
    perpetrator_type = serializers.CharField(max_length=32, required=False)
    victim_characteristic = serializers.CharField(max_length=32, required=False)
    violation_status = serializers.CharField(max_length=32, required=False)
    verification = serializers.ChoiceField(choices=VerificationState.choices, required=False)
    created_by_me = serializers.BooleanField(required=False, default=False)


class CommentInputSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ReturnInputSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(max_length=20000, help_text="What needs to change.")


class VerifyInputSerializer(serializers.Serializer[Any]):
    violation_status = term_field("violation_status")
    comment = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class BodyInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)


class ActAddSerializer(serializers.Serializer[Any]):
    victim = ScopedPersonField(help_text="The id of a person you may read.")
    act_type = term_field("act_type")
    method = term_field("method_of_violence", required=False, allow_null=True)
    location_type = term_field("location_type", required=False, allow_null=True)
    victim_status = term_field("victim_status", required=False, allow_null=True)
    victim_age = serializers.IntegerField(
        min_value=0, max_value=130, required=False, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    date_precision = precision_field(required=False, default=DatePrecision.UNKNOWN)


class InvolvementAddSerializer(serializers.Serializer[Any]):
    perpetrator = ScopedPersonField(required=False, allow_null=True)
    perpetrator_type = term_field("perpetrator_type", required=False, allow_null=True)
    degree = serializers.ChoiceField(
        choices=InvolvementDegree.choices, required=False, default=InvolvementDegree.DIRECT
    )


class InformationAddSerializer(serializers.Serializer[Any]):
    source: Any = ScopedPersonField(help_text="The id of a person you may read.")
    connection = term_field("source_connection", required=False, allow_null=True)
    reliability = term_field("source_reliability", required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class InterventionAddSerializer(serializers.Serializer[Any]):
    intervention_type = term_field("intervention_type")
    victim = ScopedPersonField(required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)
    status = intervention_status_field(required=False, default=InterventionStatus.PLANNED)
    by_party = ScopedPersonField(required=False, allow_null=True)
    response = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ConsentInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    given = serializers.BooleanField()
    recorded_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", write_only=True
    )


class ConsentCurrentSerializer(serializers.Serializer[Any]):
    """Each kind of consent → the latest decision (missing kinds count as not given)."""

    documentation = serializers.BooleanField()
    referral = serializers.BooleanField()
    publication = serializers.BooleanField()
    un_sharing = serializers.BooleanField()
