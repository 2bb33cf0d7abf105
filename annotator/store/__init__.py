"""SQLAlchemy 2.x persistence. The only package that imports sqlalchemy."""

from annotator.store.bulk import BulkWriter
from annotator.store.database import default_database_path, open_store
from annotator.store.documents import DocumentRow
from annotator.store.reads import AgreementDocuments
from annotator.store.relations import Edited
from annotator.store.search.manager import Query
from annotator.store.store import Store

__all__ = ["AgreementDocuments", "BulkWriter", "DocumentRow", "Edited", "Query", "Store",
           "default_database_path", "open_store"]
