"""Partner management for editors: partners, their embed snippets, their analytics."""
