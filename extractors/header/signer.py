"""Signature blocks and the distribution list (Nơi nhận).

A signature block is an authority prefix (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`) and/or a
title in capitals, then (after room for the signature and the seal) the name, sometimes
after a rank (`Đại tá`). Minutes have two (secretary and chair). A title may stand
without a name (the name was not typed) and a name without a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from schemas.records import Signer

from .. import patterns as P
from ..reference import fold, org_case, rank_keys, title_canonical, titles
from ..segment import Line, is_caps, is_furniture, is_person_name, is_title_line

# Titles of signers who sign beside the one with authority (minutes, tables).
_SUBORDINATE = {"thư ký", "người lập", "người lập biểu", "kế toán trưởng"}
_MAX_GAP = 6  # lines between a title and its name (room for signature and seal)
_CLUSTER_GAP = 600  # characters between two signers of one signature area
_ADJACENT = 40  # characters between a name and the title block OCR read under it


@dataclass(slots=True)
class SignatureResult:
    signers: list[Signer] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    distribution_span: tuple[int, int] | None = None
    signature_span: tuple[int, int] | None = None


def normalise_title(text: str) -> str:
    """`CHÁNH VĂN PHÒNG` -> `Chánh Văn phòng`; `CHỦ TỊCH UBND TỈNH` -> `Chủ tịch UBND tỉnh`."""
    s = " ".join(text.strip(" \t|.,;:").split())
    canon = title_canonical(s)
    if canon is None:
        return org_case(s) if is_caps(s) else s
    n = len(canon.split())
    rest = " ".join(s.split()[n:])
    if not rest:
        return canon
    rest = org_case(rest) if is_caps(rest) else rest
    if P.RE_LEVEL_WORD.match(rest):
        rest = rest[:1].lower() + rest[1:]
    return f"{canon} {rest}"


def _split_rank(name: str) -> tuple[str | None, str]:
    s = " ".join(name.strip(" \t|.,;'`\"‘’").split())
    rank = None
    key = fold(s)
    for r, _, rank_key in rank_keys():
        if key.startswith(rank_key):
            rank, s = r, s[len(r) :].strip()
            break
    if is_caps(s):
        s = " ".join(w[:1] + w[1:].lower() for w in s.split())  # NGUYỄN VĂN AN -> Nguyễn Văn An
    return rank, s


def _rank_only(text: str) -> str | None:
    return _rank_by_key().get(fold(text.strip(" \t|.,;")))


@cache
def _rank_by_key() -> dict[str, str]:
    """Each rank's matching key -> the first rank (titles().ranks order) with that key."""
    out: dict[str, str] = {}
    for r, key, _ in rank_keys():
        out.setdefault(key, r)
    return out


_CELL_TEXT = re.compile(r"[^|\t]+")  # between "|" and tabs
_CELL_PART = re.compile(r"\S(?:.*?\S)?(?=\s{4,}|\s*$)")  # up to a wide gap


_WIDE_GAP = re.compile(r"\s{4}")


def _cell_parts(cell: str) -> list[tuple[int, str]]:
    """(offset, text) of each part of ``cell`` between wide gaps: _CELL_PART's matches. A
    cell without a wide gap is one part, the cell stripped (str.strip strips what ``\\s``
    matches): the lazy pattern tried its look-ahead at every character of every line."""
    if _WIDE_GAP.search(cell) is None:
        s = cell.strip()
        return [(len(cell) - len(cell.lstrip()), s)] if s else []
    return [(p.start(), p.group(0)) for p in _CELL_PART.finditer(cell)]


def _cells(line: Line) -> list[tuple[int, int, str]]:
    """Cells of a line: split on `|`, tabs and wide gaps; and a signature column that OCR
    appended to a distribution item."""
    out = []
    for m in _CELL_TEXT.finditer(line.text):
        for at, s in _cell_parts(m.group(0)):
            st = line.start + m.start() + at
            tm = P.RE_TRAILING_SIG.match(s) if P.RE_LIST_ITEM.match(s) or P.is_noi_nhan(s) else None
            if tm:
                right = tm.group("right")
                if is_title_line(right) or is_person_name(right):
                    out.append((st, st + len(tm.group("left")), tm.group("left")))
                    rs = st + tm.start("right")
                    out.append((rs, rs + len(right), right))
                    continue
            out.append((st, st + len(s), s))
    return out


def _two_titles(text: str) -> int | None:
    """Where "THƯ KÝ CHỦ TỌA" -- two whole titles side by side, the gap lost -- splits
    (offset of the second), else None."""
    s = text.strip()
    # Both halves are whole titles, so a line longer than two of the longest title is
    # not two titles. Without this bound one enormous line of capitals costs
    # (words x line length): 20,000 characters took 20 s.
    if len(s.split(None, 2 * _max_title_words())) > 2 * _max_title_words():
        return None
    if not is_caps(s) or P.authority_match(s):
        return None
    words = list(re.finditer(r"\S+", s))
    for k in range(1, len(words)):
        left, right = s[: words[k - 1].end()], s[words[k].start() :]
        lc, rc = title_canonical(left), title_canonical(right)
        if lc and rc and fold(lc) == fold(left) and fold(rc) == fold(right):
            return words[k].start()
    return None


def _two_names(text: str) -> int | None:
    """Where "Nguyễn Thị Lan Trần Văn Hùng" -- two names side by side -- splits: the second
    opens with a family name and both halves are names; the most even split wins."""
    s = text.strip()
    words = list(re.finditer(r"\S+", s))
    # Two names of at most NAME_WORDS words each, after a rank (same bound as above).
    if len(words) > 2 * (NAME_WORDS + _max_rank_words()):
        return None
    best = None
    for k in range(2, len(words) - 1):
        left, right = s[: words[k - 1].end()], s[words[k].start() :]
        if words[k].group(0) not in titles().surnames:
            continue
        if is_person_name(left) and is_person_name(right):
            score = abs(k - (len(words) - k))
            if best is None or score < best[0]:
                best = (score, words[k].start())
    return best[1] if best else None


# is_person_name: a name has at most this many words (after its rank).
NAME_WORDS = 6


@cache
def _max_title_words() -> int:
    return max((len(t.split()) for t in titles().titles), default=1)


@cache
def _max_rank_words() -> int:
    return max((len(r.split()) for r in titles().ranks), default=0)


def _split_glued_columns(
    cells: list[tuple[int, int, str, int]],
) -> list[tuple[int, int, str, int]]:
    """Two signature columns that OCR glued with single spaces: a row of two whole titles
    becomes two cells, and so does the row of two names under it."""
    by_line: dict[int, list[tuple[int, int, str, int]]] = {}
    for c in cells:
        by_line.setdefault(c[3], []).append(c)
    out: list[tuple[int, int, str, int]] = []
    split_titles = False
    for li in sorted(by_line):
        row = by_line[li]
        if len(row) == 1:
            st, en, tx, _ = row[0]
            lead = len(tx) - len(tx.lstrip())
            cut = _two_titles(tx) if not split_titles else _two_names(tx)
            if cut is not None:
                a = tx.strip()
                out.append((st + lead, st + lead + len(a[:cut].rstrip()), a[:cut].rstrip(), li))
                out.append((st + lead + cut, st + lead + len(a), a[cut:], li))
                split_titles = not split_titles
                continue
        if split_titles and row[0][2].strip() and not is_caps(row[0][2].strip()):
            split_titles = False
        out.extend(row)
    return out


_VOWELS = set("aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def _scrawl(text: str) -> bool:
    """A signature (or initials) that OCR read as a few letters: short, and a word without
    a vowel or with a capital after a small letter ("jN mm") — no title, no name."""
    s = text.strip()
    if not s or len(s) > 10 or len(s.split()) > 3 or s.isupper():
        return False  # capitals are a title or an authority ("TM. UBND"), not strokes
    words = [w for w in re.split(r"[^\w]+", s) if w]
    return any(not (set(w.lower()) & _VOWELS) or re.search(r"[a-zà-ỹ][A-ZÀ-Ỹ]", w) for w in words)


def find_signature(lines: list[Line], body_start_line: int) -> SignatureResult:
    """Signers, the distribution list and their spans, from the lines of one document."""
    res = SignatureResult()
    n = len(lines)
    # where the body closes: the last end mark or Nơi nhận after the body start
    close = None
    stop = n
    for ln in lines[body_start_line:]:
        s = ln.stripped
        if P.is_web_furniture(s):
            stop = ln.index
            break
        if close is None and (P.has_end_mark(s) or P.is_noi_nhan(s)):
            close = ln.index  # the first close: appendices and forms may follow the signature
    region_from = close if close is not None else body_start_line
    cells: list[tuple[int, int, str, int]] = []  # start, end, text, line index
    for ln in lines[region_from:stop]:
        if is_furniture(ln.stripped):
            continue
        for st, en, tx in _cells(ln):
            cells.append((st, en, tx, ln.index))

    # distribution list
    in_dist = False
    dist: list[str] = []
    dist_start = dist_end = None
    sig_cells: list[tuple[int, int, str, int]] = []
    for st, en, tx, li in cells:
        s = tx.strip()
        if P.is_noi_nhan(s):
            in_dist = True
            dist_start, dist_end = st, en
            rest = P.RE_NOI_NHAN.sub("", s, count=1).strip()
            if rest:
                _add_item(dist, rest, new=True)
            continue
        if in_dist:
            if P.RE_LIST_ITEM.match(s):
                _add_item(dist, s, new=True)
                dist_end = en
                continue
            if is_title_line(s) or is_person_name(s) or P.RE_PLACEHOLDER.match(s) or _rank_only(s):
                # the signature column beside the list: the list may go on under it
                sig_cells.append((st, en, tx, li))
                continue
            if (
                dist
                and not dist[-1].rstrip().endswith((";", "."))
                and (not is_caps(s) or dist[-1].rstrip().endswith((",", "-", ":")))
            ):
                _add_item(dist, s, new=False)
                dist_end = en
                continue
            in_dist = False
        sig_cells.append((st, en, tx, li))
    res.distribution = [d for d in (_clean_item(x) for x in dist) if d and not P.RE_LUU.match(d)]
    if dist_start is not None:
        res.distribution_span = (dist_start, dist_end or dist_start)

    sig_cells = _split_glued_columns(sig_cells)

    # signature blocks: title lines then a name
    pending: list[tuple[str, str | None]] = []  # (title text, authority)
    pending_start = None
    pending_line = -1
    rank = None
    sig_start = sig_end = None
    by_line: dict[int, list[tuple[int, int, str, int]]] = {}
    for c in sig_cells:
        by_line.setdefault(c[3], []).append(c)
    columns: list[tuple[int, int, str, int]] | None = None  # titles side by side
    done_rows: set[int] = set()
    after_close = False
    for st, en, tx, li in sig_cells:
        s = P.RE_SIGNED_SUFFIX.sub("", tx.strip(" \t|"))  # "Nguyễn Văn A (đã ký)"
        if not s or P.RE_PLACEHOLDER.match(s) or P.RE_RULE_LINE.match(s) or li in done_rows:
            continue
        if P.RE_SEAL_TEXT.search(s) and not is_person_name(P.RE_SEAL_TEXT.sub(" ", s)):
            continue  # the seal over the signature, read by OCR
        row = by_line[li]
        if len(row) >= 2 and all(is_title_line(c[2].strip()) for c in row):
            if (st, en, tx, li) == row[0]:
                columns = row
                pending, pending_start = [], None
            continue
        if columns and len(row) == len(columns) and all(is_person_name(c[2].strip()) for c in row):
            if (st, en, tx, li) == row[0]:
                for tcell, ncell in zip(columns, row, strict=True):
                    rk, name = _split_rank(ncell[2])
                    title, auth = _compose_title([(tcell[2].strip(), None)])
                    res.signers.append(
                        Signer(
                            name=name,
                            title=title,
                            rank=rk,
                            authority=auth,
                            start=tcell[0],
                            end=ncell[1],
                            rule="signature_columns",
                        )
                    )
                sig_start = columns[0][0] if sig_start is None else sig_start
                sig_end = row[-1][1]
                columns = None
                done_rows.add(li)
            continue
        r = _rank_only(s)
        if r:
            rank = r
            continue
        if P.RE_LIST_ITEM.match(s) or P.is_noi_nhan(s) or P.RE_LUU.match(s):
            after_close = True
            continue  # a distribution item in the other column
        if pending and _scrawl(s):
            continue  # the signature's strokes, read by OCR as letters, between title and name
        am = P.RE_AUTHORITY.match(P.RE_SCAN_DEBRIS_BEFORE_AUTHORITY.sub("", s))
        if am and is_caps(am.group("rest") or "XX"):
            if not pending:
                pending_start = st
            auth = (
                am.group("auth") + "."
                if am.group("auth")
                else am.group("slash").replace("/", "") + "."
            )
            pending.append((am.group("rest"), auth))
            pending_line = li
            continue
        if (pending or after_close) and is_person_name(s):
            if pending and li - pending_line > _MAX_GAP:
                pending = []
            rk, name = _split_rank(s)
            title, auth = _compose_title(pending)
            start = pending_start if pending else st
            res.signers.append(
                Signer(
                    name=name,
                    title=title,
                    rank=rk or rank,
                    authority=auth,
                    start=start,
                    end=en,
                    rule="signature_block",
                )
            )
            sig_start = start if sig_start is None else sig_start
            sig_end = en
            pending, rank, pending_start = [], None, None
            continue
        if is_title_line(s) and (is_caps(s) or len(s) < 40):
            if not pending:
                pending_start = st
            pending.append((s, None))
            pending_line = li
            continue
        if pending and len(s) < 70 and is_caps(s):
            # an unknown title continuing the block ("GIÁM ĐỐC SỞ" / "TƯ PHÁP")
            pending.append((s, None))
            pending_line = li
            continue
        # other text: an unfinished block is dropped (a heading, a table cell); a name
        # without a title is taken only right after the end mark or the distribution list
        _attach_trailing_titles(res.signers, pending, pending_start)
        pending, pending_start = [], None
        after_close = P.has_end_mark(s)
    # the signature is one cluster: signers far below it belong to forms or tables
    if res.signers:
        kept = [res.signers[0]]
        for sg in res.signers[1:]:
            if (
                kept[-1].end is not None
                and sg.start is not None
                and sg.start - kept[-1].end > _CLUSTER_GAP
            ):
                break
            kept.append(sg)
        if len(kept) < len(res.signers):
            res.signers = kept
            sig_end = kept[-1].end
    if pending and _attach_trailing_titles(res.signers, pending, pending_start):
        pending = []
    if pending and not res.signers:
        title, auth = _compose_title(pending)
        sig_start = pending_start
        sig_end = max(en for st, en, tx, li in sig_cells if st >= (pending_start or 0))
        res.signers.append(
            Signer(
                name=None,
                title=title,
                rank=rank,
                authority=auth,
                start=pending_start,
                end=sig_end,  # evidence: the title lines (found by tests/test_properties.py)
                rule="signature_title_only",
            )
        )
    if sig_start is not None:
        res.signature_span = (sig_start, sig_end or sig_start)
    return res


def _attach_trailing_titles(
    signers: list[Signer], pending: list[tuple[str, str | None]], start: int | None
) -> bool:
    """OCR may read the name above its title block: give the titles to that name."""
    if not pending or not signers or signers[-1].title is not None or signers[-1].end is None:
        return False
    if start is None or not 0 <= start - signers[-1].end <= _ADJACENT:
        return False
    title, auth = _compose_title(pending)
    last = signers[-1]
    signers[-1] = Signer(
        name=last.name,
        title=title,
        rank=last.rank,
        authority=auth or last.authority,
        start=last.start,
        end=last.end,
        rule="signature_name_above_title",
    )
    return True


def _compose_title(pending: list[tuple[str, str | None]]) -> tuple[str | None, str | None]:
    if not pending:
        return None, None
    last_auth_idx = max((i for i, (_, a) in enumerate(pending) if a), default=None)
    if last_auth_idx is None:
        plain = [t for t, _ in pending]
        auth = None
    else:
        plain = [t for t, a in pending[last_auth_idx + 1 :] if not a]
        auth = pending[last_auth_idx][1]
        if not plain:
            rest = pending[last_auth_idx][0]
            if not rest:
                return None, auth
            return f"{auth} {normalise_title(rest)}" if auth != "TM." else normalise_title(
                rest
            ), auth
    titles_ = [normalise_title(t) for t in plain]
    # "THỐNG ĐỐC" / "PHÓ THỐNG ĐỐC" without its KT.: the deputy signs for the head
    if len(titles_) == 2 and fold(titles_[1]) == "phó " + fold(titles_[0]):
        titles_ = titles_[1:]
        auth = auth or "KT."
    # a title broken over two lines ("GIÁM ĐỐC SỞ" / "TƯ PHÁP") joins; known titles stack
    merged: list[str] = []
    for t in titles_:
        if merged and title_canonical(t) is None:
            merged[-1] = f"{merged[-1]} {_lower_first(t)}"
        else:
            merged.append(t)
    return "; ".join(merged), auth


def _lower_first(t: str) -> str:
    return t[:1].lower() + t[1:] if t[:1].isupper() and not t[:2].isupper() else t


def _add_item(items: list[str], text: str, new: bool) -> None:
    if new or not items:
        items.append(text)
    else:
        items[-1] = f"{items[-1]} {text}"


def _clean_item(text: str) -> str:
    s = P.RE_LIST_ITEM.sub("", text.strip())
    return s.strip().rstrip(";.,").strip()


def authority_signer(signers: list[Signer]) -> Signer | None:
    """The signer with authority: in minutes the chair, not the secretary."""
    if not signers:
        return None
    for s in reversed(signers):
        if not s.title or fold(s.title) not in _SUBORDINATE:
            return s
    return signers[-1]
