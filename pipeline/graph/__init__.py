"""The citation graph: node keys, resolution of citations to nodes, campaigns, registries,
the full-text index and walks over the graph.

Reference data of the graph alone (national documents, campaigns) lives in
``pipeline/graph/data/``; provinces, issuers and type codes are the extractors' tables
(``extractors/data/``), read through ``pipeline.graph.reference``.

May import: ``pipeline.errors``, ``pipeline.store``, ``schemas``, ``extractors``. Never
``pipeline.read`` or the interfaces.
"""
