"""The network's API under /api/v1/: members, members' posts, courses, sessions, certificates."""

from nama.network import member_api_urls, space_api_urls, training_api_urls

urlpatterns = (
    member_api_urls.urlpatterns + space_api_urls.urlpatterns + training_api_urls.urlpatterns
)
