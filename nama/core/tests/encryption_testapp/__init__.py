"""A test-only app with a model that uses every encrypted field and index kind.

Installed only by ``nama.settings_test``; real apps (intake, monitoring...)
declare their own models the same way.
"""
