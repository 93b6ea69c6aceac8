"""The ``jianbao`` command (the console script ``service.cli:app``).

``app`` is the library's Typer app (``extractor.cli``: extract, evaluate) with the service's
commands added by :func:`register`: serve, load, token create (:mod:`service.cli.commands`),
batch and worker (:mod:`service.cli.batch`). The service's engines (FastAPI, SQLAlchemy, Celery)
are imported inside the commands, so ``jianbao extract`` starts without them.
"""

from service.cli.commands import app, register

__all__ = ["app", "register"]
