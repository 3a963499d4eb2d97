"""The benchmark: HarzQuiz under gunicorn against a bare Flask "hello", loaded by wrk."""
