"""OpenAPI descriptions of Nama's own API authentication classes."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    """The browser session, once the staff member has passed 2FA."""

    target_class = "nama.accounts.api_auth.VerifiedSessionAuthentication"
    name = "verifiedSession"
