"""SQLAlchemy 2.x persistence. The only package that imports sqlalchemy."""

from annotator.store.database import default_database_path, open_store
from annotator.store.repository import Store

__all__ = ["Store", "default_database_path", "open_store"]
