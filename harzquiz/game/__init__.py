"""Game logic for HarzQuiz: pure puzzle rules, independent of Flask and the database."""
