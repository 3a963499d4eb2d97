"""Readers' quizzes about regional articles: play, feedback, result, share."""
