"""The editor desk under /redaktion: one parent blueprint (desk.routes) with an area each."""
