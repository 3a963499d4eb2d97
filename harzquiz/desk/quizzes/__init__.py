"""The editors' quiz desk: build, order, preview and schedule quizzes (editor role)."""
