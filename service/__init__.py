"""Jianbao's service, built on ``extractor``: the store, the HTTP API, the review pages and the
runners of extractions.

    core/      settings, database engine, tables, sessions, limits   (migrations/ beside it)
    store/     the store's operations: documents, records, units, review, progress, tokens
    api/       the JSON API under /api
    reports/   what a person reads: page views, the progress board, charts, Excel/CSV exports
    pages/     the review pages: routes, templates, static files
    runners/   where extractions run: the one task, the server's queue, Celery, batch
    cli/       the ``jianbao`` commands the service adds (serve, load, batch, worker, token)
    main.py    ``create_app`` and ``app`` (``uvicorn service.main:app``)
"""
