"""Flask commands and the setup entry point."""
