"""Where extractions run.

``task`` is the one job (a stored document through the extractor, and the parse → extract core
it shares with the batch workers); ``local`` runs it for uploads on worker processes of the
server, ``celery_app`` on Celery workers; ``batch`` (with its supervised ``pool``) extracts a
folder locally, ``queued`` sends one to the Celery workers and follows it.
"""
