"""Accounts: log in and out, and the role checks every editor and admin view uses."""
