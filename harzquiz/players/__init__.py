"""Players: the guest identity in the session and the nickname form."""
