"""Header fields of one document, read as cells: issuer, number and symbol, place and date,
type, subject, addressees, marks, reporting period; signatures and arrival stamps.

Where to look:

- ``reader``: the order in which a header is read (``extract_header``) and the cells;
- ``numbers``: number and symbol, place and date (printed, blank, handwritten);
- ``subject``: type line, trích yếu, web titles, Kính gửi;
- ``issuer``: the issuing body, composed or inferred;
- ``signer``: the signature block; ``arrival``: the receiving office's stamp.
"""

from .issuer import issuer_from_symbol, type_from_symbol
from .model import Context, HeaderResult, Piece
from .reader import extract_header
from .subject import sentence_case

__all__ = [
    "Context",
    "HeaderResult",
    "Piece",
    "extract_header",
    "issuer_from_symbol",
    "sentence_case",
    "type_from_symbol",
]
