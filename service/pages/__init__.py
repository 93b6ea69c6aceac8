"""The server-rendered review pages: their routes, Jinja templates and static files."""
