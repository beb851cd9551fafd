"""What the training part of the network app registers when Django starts."""


def ready() -> None:
    return None
