"""The desk's pictures: upload a riddle's or a hint's picture, or remove it."""
