"""Persistence: SQLAlchemy 2 typed models, engine set-up and Alembic migrations.

Only ``app.services`` imports this package; the GUI never does.
"""
