from __future__ import annotations
import pytest
pytestmark = pytest.mark.django_db

def test_debug(make_request, personas, verified_client, submit):
    from nama.core.evidence.services import make_file
    from nama.intake.tests.conftest import png_bytes
    r, code = submit(files=[make_file(png_bytes(), "photo.png")], anonymous=False, name="Ali", phone="07701234567")
    c = verified_client(personas.director)
    resp = c.get(f"/en/intake/requests/{r.pk}/")
    print(resp.status_code, resp.headers)
    print(resp.content.decode())
    resp = c.get("/en/intake/")
    print(resp.content.decode())
    resp = c.get("/en/intake/call/")
    print(resp.content.decode())
    from django.test import Client
    print(Client().get("/en/intake/").headers)
