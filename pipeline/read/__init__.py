"""Reading files: from bytes in the inbox to page texts (``schemas.records.FileText``).

Owns media-type detection (``detect``), text layers and the text-layer-or-OCR decision
(``text``), OCR (``ocr``), HTML and DOCX (``htmltext``, ``text``), legacy 8-bit encodings
(``legacy``) and the one wrapper around each external binary (``_exec``).

May import: ``pipeline.errors``, ``schemas``, ``extractors.clean``. Never the store, the graph
or the interfaces.
"""
