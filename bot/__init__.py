"""The application: settings, command line, channels, sender and wiring."""
