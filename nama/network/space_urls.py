"""The members' space (``/<lang>/members/``, namespace ``space``): members with accounts."""

app_name = "space"

urlpatterns: list = []
