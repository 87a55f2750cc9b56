"""Storing what was read: the DuckDB connection, loading records, archivists' corrections.

The table definitions live in ``schemas/`` (``tables.sql``, ``graph.sql``).

May import: ``pipeline.errors``, ``schemas``. Never ``pipeline.read``, the graph or the
interfaces.
"""
