"""Wire framings: SOWS (discovery and auth services) and ConnLib (Connection)."""


class FrameError(ValueError):
    """A frame we cannot read; the socket that sent it is closed."""
