"""TEMPORARY (removed when the network and outreach migrations are written): test
settings that build the tables of the two new apps straight from their models."""

from nama.settings_test import *  # noqa: F403

MIGRATION_MODULES = {"network": None, "outreach": None}
