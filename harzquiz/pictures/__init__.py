"""Pictures served to readers: /bilder/<random key>-<width>.<ext>."""
