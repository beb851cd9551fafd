"""``manage.py seed_demo``: reference data, roles, one demo account per role, and the
demo records of each app that has a ``demo.seed()`` (``nama/intake/demo.py``).

Idempotent: a second run creates nothing and changes nothing (passwords and
authenticator secrets of existing demo accounts are left alone). Refuses to
run unless ``NAMA_DEMO_MODE`` is on, or ``--force`` is given.

Every demo account has the password ``nama.accounts.demo.DEMO_PASSWORD`` and
a confirmed authenticator device; with ``DEBUG`` and ``NAMA_DEMO_MODE`` on,
the 2FA page shows its current code, so nobody needs a phone to try Nama.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from nama.accounts.demo import DEMO_PASSWORD, DEMO_USERS, DemoUser
from nama.accounts.models import User
from nama.accounts.otp import TOTP_DEVICE_NAME
from nama.core.models import Governorate
from nama.core.roles import NATIONWIDE_ROLES, Role, ensure_roles


class Command(BaseCommand):
    help = "Create the demo staff accounts (one per role). Demo mode only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though NAMA_DEMO_MODE is off (never on a real deployment).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.NAMA_DEMO_MODE or options["force"]):
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only "
                "with NAMA_DEMO_MODE=true (or --force). Nothing was changed."
            )
        if "load_reference_data" in get_commands():
            call_command("load_reference_data", verbosity=options["verbosity"])
        with transaction.atomic():
            ensure_roles()
            created = [demo for demo in DEMO_USERS if self._ensure_user(demo)]
        if created:
            self.stdout.write(f"Created {len(created)} demo accounts.")
        self._seed_apps()
        self._print_logins()

    def _seed_apps(self) -> None:
        """Each installed app with a ``demo`` module and a ``seed()`` adds its demo records;
        its ``DEMO_LOGINS`` (username, role, governorates) join the printed logins."""
        self._app_logins: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            if not config.name.startswith("nama."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            self._app_logins.extend(getattr(module, "DEMO_LOGINS", ()))
            seed = getattr(module, "seed", None)
            if callable(seed):
                added = seed()
                if added:
                    self.stdout.write(f"Added {added} demo records to {config.label}.")

    def _governorates(self, demo: DemoUser) -> list[Governorate]:
        found = list(Governorate.objects.filter(slug__in=demo.governorates))
        missing = set(demo.governorates) - {g.slug for g in found}
        if missing:
            raise CommandError(
                f"Governorates {', '.join(sorted(missing))} are missing: "
                "run `manage.py load_reference_data` first."
            )
        return found

    def _ensure_user(self, demo: DemoUser) -> bool:
        """Create the demo account if it is missing; True when it was created."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if User.objects.filter(username=demo.username).exists():
            return False
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@demo.invalid",
            is_staff=demo.role == Role.SYSADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=demo.role.value))
        user.governorates.add(*self._governorates(demo))
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        return True

    def _print_logins(self) -> None:
        rows = []
        for demo in DEMO_USERS:
            nationwide = demo.role in NATIONWIDE_ROLES
            where = "all" if nationwide else (", ".join(demo.governorates) or "-")
            rows.append((demo.username, demo.role.value, where))
        rows.extend(
            row for row in self._app_logins if User.objects.filter(username=row[0]).exists()
        )
        widths = [
            max(len(row[i]) for row in [("username", "role", "governorates"), *rows])
            for i in range(3)
        ]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        self.stdout.write(line.format("username", "role", "governorates").rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
        if settings.DEBUG and settings.NAMA_DEMO_MODE:
            self.stdout.write("The 2FA page shows each demo account's current code.")
        else:
            self.stdout.write(
                "DEBUG or NAMA_DEMO_MODE is off: the 2FA page will not show codes; "
                "reset 2FA in the admin to enrol a phone."
            )
