"""The cast of the test suite. Their relationships, written once:

Two governorates: **Baghdad** and **Erbil** (Kurdistan Region).

- ``operator`` — hotline operator in Baghdad: logs and triages requests.
- ``lawyer`` — lawyer in Baghdad.
- ``other_lawyer`` — lawyer in Erbil: never sees ``lawyer``'s cases, and
  ``lawyer`` never sees theirs.
- ``legal_coordinator`` — legal coordinator, nationwide (all legal cases).
- ``monitor_baghdad`` — monitor in Baghdad.
- ``monitor_erbil`` — monitor in Erbil.
- ``analyst`` — analyst, nationwide, de-identified data only.
- ``director`` — director, nationwide; the only one who may reveal identities.
- ``sysadmin`` — system administrator: the admin site, never case content.
- ``trainer``, ``training_coordinator`` — the network and trainings (Baghdad).
- ``editor`` — news, statements, library, public events.
- ``outsider`` — an active staff account in Baghdad **with no role**. It has a
  governorate on purpose: anything it can see is a leak, so every view and
  endpoint returning sensitive data has an "outsider gets 404" test.

Every persona's username is its attribute name and its password is
``nama.testing.factories.DEFAULT_PASSWORD``. Personas are created on first
use, so a test pays only for those it touches.
"""

from __future__ import annotations

from functools import cached_property

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.core.roles import Role
from nama.testing.factories import UserFactory, governorate

PERSONA_NAMES = (
    "operator",
    "lawyer",
    "other_lawyer",
    "legal_coordinator",
    "monitor_baghdad",
    "monitor_erbil",
    "analyst",
    "director",
    "sysadmin",
    "trainer",
    "training_coordinator",
    "editor",
    "outsider",
)


class Personas:
    """Lazily created persona users (``personas.lawyer``...)."""

    @cached_property
    def baghdad(self) -> Governorate:
        return governorate("baghdad")

    @cached_property
    def erbil(self) -> Governorate:
        return governorate("erbil")

    def _make(self, username: str, roles: list[Role], governorates: list[Governorate]) -> User:
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing
        return UserFactory.create(username=username, roles=roles, governorates=governorates)

    @cached_property
    def operator(self) -> User:
        return self._make("operator", [Role.HOTLINE_OPERATOR], [self.baghdad])

    @cached_property
    def lawyer(self) -> User:
        return self._make("lawyer", [Role.LAWYER], [self.baghdad])

    @cached_property
    def other_lawyer(self) -> User:
        return self._make("other_lawyer", [Role.LAWYER], [self.erbil])

    @cached_property
    def legal_coordinator(self) -> User:
        return self._make("legal_coordinator", [Role.LEGAL_COORDINATOR], [])

    @cached_property
    def monitor_baghdad(self) -> User:
        return self._make("monitor_baghdad", [Role.MONITOR], [self.baghdad])

    @cached_property
    def monitor_erbil(self) -> User:
        return self._make("monitor_erbil", [Role.MONITOR], [self.erbil])

    @cached_property
    def analyst(self) -> User:
        return self._make("analyst", [Role.ANALYST], [])

    @cached_property
    def director(self) -> User:
        return self._make("director", [Role.DIRECTOR], [])

    @cached_property
    def sysadmin(self) -> User:
        return self._make("sysadmin", [Role.SYSADMIN], [])

    @cached_property
    def trainer(self) -> User:
        return self._make("trainer", [Role.TRAINER], [self.baghdad])

    @cached_property
    def training_coordinator(self) -> User:
        return self._make("training_coordinator", [Role.TRAINING_COORDINATOR], [self.baghdad])

    @cached_property
    def editor(self) -> User:
        return self._make("editor", [Role.EDITOR], [])

    @cached_property
    def outsider(self) -> User:
        return self._make("outsider", [], [self.baghdad])

    def get(self, name: str) -> User:
        """A persona by name, for parametrised tests."""
        if name not in PERSONA_NAMES:
            raise AttributeError(name)
        user: User = getattr(self, name)
        return user

    def create(self, *names: str) -> None:
        """Make sure these personas exist (for tests that log in by user name)."""
        for name in names:
            self.get(name)

    def all(self) -> dict[str, User]:
        return {name: self.get(name) for name in PERSONA_NAMES}
