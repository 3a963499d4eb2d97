"""Readers' side of the prize draw: the prize box on a prize riddle, and entering."""
