"""Home, legal pages and the language switch."""
