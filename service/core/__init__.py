"""What every room stands on: settings, the database engine (``init_db`` runs the migrations
of ``service/migrations``), the tables (ORM), browser sessions and request size limits."""
