"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent by ``manage.py rotate_field_keys --reindex`` once every BlindIndexField was
# recomputed with the current NAMA_INDEX_KEY. Apps keeping other keyed hashes
# (the monitoring app's name-matching keys) recompute theirs. Arguments: none.
blind_indexes_recomputed = Signal()
