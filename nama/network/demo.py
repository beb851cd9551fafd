"""Demo records of the network (``manage.py seed_demo``): members, posts, trainings."""

from nama.network import member_demo, space_demo, training_demo


def seed() -> int:
    """How many records were added (0 on a second run)."""
    return sum(
        [
            member_demo.seed(),
            space_demo.seed(),
            training_demo.seed(),
        ]
    )
