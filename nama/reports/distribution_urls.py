"""URLs of the distribution log and the UN draft.

A plain list, no ``app_name``: ``nama/reports/urls.py`` includes it inside
the ``reports`` namespace at ``reports/distribution/``.
"""

from django.urls import path

from nama.reports import distribution_views as views
from nama.reports import un_views

urlpatterns = [
    path("", views.bodies, name="bodies"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<int:pk>/", views.body_detail, name="body"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/deactivate/", views.body_deactivate, name="body_deactivate"),
    path("dispatches/new/", views.dispatch_new, name="dispatch_new"),
    path("dispatches/<int:pk>/edit/", views.dispatch_edit, name="dispatch_edit"),
    path("dispatches/<int:pk>/response/", views.dispatch_response, name="dispatch_response"),
    path("received/", views.received, name="received"),
    path("un-draft/<int:act_id>/", un_views.un_draft, name="un_draft"),
    path("un-draft/<int:act_id>/draft.docx", un_views.un_draft_docx_download, name="un_draft_docx"),
]
