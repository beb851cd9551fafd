"""Demo records of the network (``manage.py seed_demo``): members, posts, trainings."""

from nama.network import member_demo, space_demo, training_demo

# Printed by seed_demo with the staff logins: a member's portal account (no staff role).
DEMO_LOGINS = [(member_demo.DEMO_MEMBER_USERNAME, "network member (members' space)", "baghdad")]


def seed() -> int:
    """How many records were added (0 on a second run)."""
    return sum(
        [
            member_demo.seed(),
            space_demo.seed(),
            training_demo.seed(),
        ]
    )
