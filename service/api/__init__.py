"""The JSON API under /api: ``routes/`` (one module per resource), ``deps`` (request
dependencies: settings, a session, the extraction queue, the caller's role), ``schemas`` (the
answers' pydantic shapes) and ``main`` (the /api router)."""
