"""vanthu's pipeline: files in the inbox to documents and a citation graph in DuckDB.

The flow of one file, and the folder of each stage::

    read/    bytes -> page texts (detect, text layer or OCR, HTML, DOCX, legacy encodings)
    extractors (top-level package, pure) -> documents, fields, citations
    store/   records -> the archive's tables (connection, load, corrections)
    graph/   citations -> nodes, edges, campaigns (keys, resolution, registry, search)
    cli/     the commands people type

``ingest`` holds the order of the stages (and only that); ``errors`` the typed errors and
exit codes every layer may raise; ``evaluate`` scores an archive against a gold file.
Lower layers never import upper ones: the contracts in ``pyproject.toml``
(``[tool.importlinter]``) are checked by ``make test``.
"""
