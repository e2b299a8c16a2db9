"""Platform adapters. The only package that imports a platform library."""


class ChannelStartError(Exception):
    """A platform could not be started (token refused, API unreachable); the text names the setting."""
