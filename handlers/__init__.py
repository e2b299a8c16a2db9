"""Channel-agnostic use cases: take an Incoming, return Outgoing messages."""
