"""Request plumbing shared by every blueprint."""
