"""Transactions: every write readers and editors cause."""
