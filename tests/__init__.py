"""HarzQuiz test suite."""
