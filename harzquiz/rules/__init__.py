"""Pure product rules: no Flask, no SQLAlchemy, no models."""
