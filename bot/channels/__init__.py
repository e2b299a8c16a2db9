"""Platform adapters. The only package that imports a platform library."""

from bot.channels.base import ChannelStartError

__all__ = ["ChannelStartError"]
