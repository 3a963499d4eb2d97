"""Browser tests with a server of their own: they run before the package's demo server starts
(on PostgreSQL every server shares one database, so a server of their own must not replace
the demo content under later tests)."""
