"""The network's models, one module per part: members (and join applications),
the members' space (posts, comments, moderation) and trainings (courses,
sessions, participants, certificates)."""

from nama.network.models.members import *  # noqa: F403
from nama.network.models.space import *  # noqa: F403
from nama.network.models.trainings import *  # noqa: F403
