"""Platform adapters. The only package that imports a platform library."""

from bot.channels.base import ChannelFailed, ChannelStartError

__all__ = ["ChannelFailed", "ChannelStartError"]
