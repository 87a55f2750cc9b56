"""Citations of one document: every numbered document it mentions, and how it cites it.

Where to look:

- ``patterns``: the regular expressions and cue words (from ``extractors/data/*.yaml``);
- ``grammar``: finding mentions (full, short, coded, listed, unnumbered) and their dates;
- ``issuers``: the issuer phrase after a mention;
- ``relations``: answers, based_on, attached_to, repeals, amends, cites;
- ``extract``: the order of those steps (``extract_citations``) and the document's context.
"""

from .extract import extract_citations, find_distribution
from .issuers import normalize_issuer

__all__ = ["extract_citations", "find_distribution", "normalize_issuer"]
