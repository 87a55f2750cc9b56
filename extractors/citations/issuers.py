"""The issuer phrase after a mention (`của Bộ Công an`, `của UBND tỉnh ...`)."""

from __future__ import annotations

import logging
import re

from . import patterns as P

log = logging.getLogger(__name__)

# --- issuer --------------------------------------------------------------------------


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = P.RE_ISSUER_LEAD.match(text, pos)
    if not m:
        return None, pos
    raw = text[m.end() : m.end() + 300]
    joint = m.group("intro").casefold() == "giữa"
    phrase, used = _issuer_phrase(raw, joint)
    if not phrase:
        return None, pos
    return normalize_issuer(phrase, joint=joint), m.end() + used


def _issuer_stop() -> re.Pattern[str]:
    c = P.cues()
    # also stops where another cited document begins ("của Bộ Công an và Công văn số ...")
    return re.compile(
        rf"(?i)\s+{P.alternation(c.issuer_stop_words)}(?!\w)|[,;.:()“”\"‘’\[\]*_]"
        rf"|\n[^\S\n]*\n|\s+(?:và\s+)?{P.TYPE.replace('(?P<type>', '(?:')}\s+(?:{P.SO}|\d)"
    )


_ISSUER_STOP = _issuer_stop()
_PLACEHOLDER = "\u0001"


def _issuer_phrase(raw: str, joint: bool = False) -> tuple[str, int]:
    protected = raw
    if joint:  # "giữa Bộ Công an, Bộ Giáo dục và Đào tạo": the comma lists bodies
        heads = P.alternation(P.cues().issuer_org_heads)
        protected = re.sub(rf",(?=\s*{heads}(?!\w))", _PLACEHOLDER, protected)
    for cont in P.cues().issuer_comma_continuations:
        pat = re.compile(P.phrase(cont).replace(",", ",?"), re.I)
        protected = pat.sub(lambda mm: mm.group(0).replace(",", _PLACEHOLDER), protected)
    m = _ISSUER_STOP.search(protected)
    cut = m.start() if m else len(protected)
    phrase = protected[:cut].replace(_PLACEHOLDER, ",")
    words = phrase.split()
    if len(words) > 25:
        return "", 0
    return " ".join(words), cut


def normalize_issuer(phrase: str, joint: bool = False) -> str | None:
    """``Bộ trưởng Bộ Công an`` -> ``Bộ Công an``; ``Chủ tịch UBND tỉnh`` -> ``UBND tỉnh``.

    With ``joint`` ("giữa A, B và C") the bodies are listed with "; ".

    >>> normalize_issuer("Bộ trưởng Bộ Công an")
    'Bộ Công an'
    >>> normalize_issuer("Bộ Công an, Bộ Giáo dục và Đào tạo", joint=True)
    'Bộ Công an; Bộ Giáo dục và Đào tạo'
    """
    c = P.cues()
    heads = P.alternation(c.issuer_org_heads)
    parts = [phrase]
    if joint:
        parts = [p for p in re.split(rf",\s*|\s+và\s+(?={heads}\b)", phrase) if p.strip()]
    out = []
    for p in parts:
        p = " ".join(p.split())
        for t in sorted(c.issuer_titles, key=len, reverse=True):
            m = re.match(rf"(?i){P.phrase(t)}\s+(?={heads}(?!\w))", p)
            if m:
                p = p[m.end() :]
                break
        p = c.issuer_aliases.get(p, p)
        if p:
            out.append(p)
    return "; ".join(out) or None
