"""Feeds and discovery: Atom feeds of riddles and articles, sitemap.xml and robots.txt."""
