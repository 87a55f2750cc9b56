"""The citation graph: node keys, resolution of citations to nodes, campaigns, registries,
the full-text index and walks over the graph.

Reference data of the graph lives in ``pipeline/graph/data/``.

May import: ``pipeline.errors``, ``pipeline.store``, ``schemas``, ``extractors``. Never
``pipeline.read`` or the interfaces.
"""
