"""The issuer phrase after a mention (`của Bộ Công an`, `của UBND tỉnh ...`)."""

from __future__ import annotations

import logging
import re
from functools import cache

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


# The patterns below are built from the cue lists once, not for every mention.
@cache
def _joint_comma() -> re.Pattern[str]:
    """A comma before another body's head word: "giữa Bộ Công an, Bộ Giáo dục ..."."""
    return re.compile(rf",(?=\s*{P.alternation(P.cues().issuer_org_heads)}(?!\w))")


@cache
def _joint_split() -> re.Pattern[str]:
    """Where one body of a joint issuer ends: a comma, or "và" before a head word."""
    return re.compile(rf",\s*|\s+và\s+(?={P.alternation(P.cues().issuer_org_heads)}\b)")


@cache
def _comma_continuations() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
    """Names whose comma does not end them ("phòng, chống tội phạm"), each with the comma
    and the words after it: the name keeps a comma only where that stands, and the name's
    own pattern, which opens with an ignore-case letter, is tried at every position."""
    out = []
    for cont in P.cues().issuer_comma_continuations:
        after = cont.split(",", 1)[1].strip() if cont.count(",") == 1 else ""
        out.append(
            (
                re.compile(P.phrase(cont).replace(",", ",?"), re.I),
                re.compile(rf",(?=\s+{P.phrase(after)})", re.I) if after else None,
            )
        )
    return tuple(out)


@cache
def _title_before_body() -> re.Pattern[str]:
    """A signer's title before the body it heads ("Bộ trưởng Bộ Công an"), longest first.
    One alternation, not one pattern per title tried in turn: the engine tries the titles
    in the same order, each with what follows it, so the same title wins."""
    heads = P.alternation(P.cues().issuer_org_heads)
    titles = sorted(P.cues().issuer_titles, key=len, reverse=True)
    return re.compile(rf"(?i)(?:{'|'.join(P.phrase(t) for t in titles)})\s+(?={heads}(?!\w))")


def _keep_comma(mm: re.Match[str]) -> str:
    return mm.group(0).replace(",", _PLACEHOLDER)


def _issuer_phrase(raw: str, joint: bool = False) -> tuple[str, int]:
    protected = raw
    if joint:  # "giữa Bộ Công an, Bộ Giáo dục và Đào tạo": the comma lists bodies
        protected = _joint_comma().sub(_PLACEHOLDER, protected)
    for pat, comma_then in _comma_continuations():
        if "," in protected and (comma_then is None or comma_then.search(protected)):
            protected = pat.sub(_keep_comma, protected)
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
    parts = [phrase]
    if joint:
        parts = [p for p in _joint_split().split(phrase) if p.strip()]
    out = []
    for p in parts:
        p = " ".join(p.split())
        m = _title_before_body().match(p)
        if m:
            p = p[m.end() :]
        p = c.issuer_aliases.get(p, p)
        if p:
            out.append(p)
    return "; ".join(out) or None
