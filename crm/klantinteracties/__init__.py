"""placeholder"""


def init_app(app):
    """Placeholder."""
