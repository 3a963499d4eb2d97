"""Picture riddles in the browser, on a server of their own."""
