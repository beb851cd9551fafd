"""The outreach models, one module per part: news and statements, public events
(with registrations) and meetings with officials (commitments, follow-ups)."""

from nama.outreach.models.events import *  # noqa: F403
from nama.outreach.models.meetings import *  # noqa: F403
from nama.outreach.models.news import *  # noqa: F403
