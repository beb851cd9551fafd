"""URLs of the monitoring pages other than the entry page and the duplicate review
(joined under the ``monitoring`` namespace in nama/monitoring/urls.py)."""

from django.urls import path

from nama.monitoring import event_actions, export, person_views, views

urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/export.csv", export.export_csv, name="export"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/files/<uuid:uuid>/", views.evidence_download, name="event_evidence"),
    path("events/<int:pk>/<slug:action>/", event_actions.event_action, name="event_action"),
    path("persons/", person_views.person_list, name="persons"),
    path("persons/<int:pk>/", person_views.person_detail, name="person"),
    path("persons/<int:pk>/consent/", person_views.person_consent, name="person_consent"),
    path("persons/<int:pk>/files/", person_views.person_attach, name="person_attach"),
    path(
        "persons/<int:pk>/files/<uuid:uuid>/", person_views.person_evidence, name="person_evidence"
    ),
]
