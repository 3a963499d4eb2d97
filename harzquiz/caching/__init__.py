"""One caching mechanism: version stamps, stores, pages, content."""
