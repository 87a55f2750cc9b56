"""The issuing body: units above the type line, composed with their province; inferred from
the symbol, the place and the body when the header has none."""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache

from .. import patterns as P
from ..reference import (
    DocType,
    Issuer,
    doc_type_by_code,
    fold,
    issuer_by_code,
    issuer_by_name,
    issuers,
    org_case,
    org_grammar,
    province_by_text,
    province_finder,
    province_regex,
    title_canonical,
)
from ..reference import (
    doc_types as doc_types_all,
)
from ..segment import (
    is_caps,
)
from .model import Piece, _is_mark

log = logging.getLogger(__name__)


def _starts_org(text: str) -> bool:
    """A capitals line opening a body's name ("VĂN PHÒNG", "SỞ TƯ PHÁP"; not "PHÒNG, CHỐNG")."""
    u = text.upper()
    return any(u == h or u.startswith(h + " ") for h in org_grammar().heads)


def _issuer_units(lines: list[str]) -> list[str]:
    """Group capitals lines into units: a parent above, the issuer below, wrapped lines joined."""
    units: list[str] = []
    for raw in lines:
        t = " ".join(raw.replace("*", " ").split()).strip(" ")
        if not t.strip(" -–"):
            continue
        if not units:
            units.append(t)
            continue
        joined = f"{units[-1]} {t}"
        prev = units[-1]
        if (
            issuer_by_name(joined.strip(" -–")) is not None
            or prev.endswith(("-", "–", "VÀ", ",", "&"))
            or t.startswith(("VÀ ", "- ", "– ", "VIỆT NAM"))
            or not _starts_org(t)
        ):
            units[-1] = joined
        else:
            units.append(t)
    # the gazette prints the issuer once as a section title, then in the header: keep one
    dedup: list[str] = []
    for u in (x.strip(" -–") for x in units):
        if not dedup or _letters(dedup[-1]) != _letters(u):
            dedup.append(u)
    return dedup


def _letters(s: str) -> str:
    return "".join(c for c in fold(s) if c.isalnum())


def _is_central(name: str) -> bool:
    f = fold(name)
    known = issuer_by_name(name)
    if known is not None:
        return known.level == "central"
    if province_regex().search(name) or P.RE_NAMED_LOCALITY.search(name):
        return False  # "Bộ Chỉ huy Quân sự tỉnh Quảng Trị" is a province's
    if any(f.startswith(h) for h in org_grammar().central_heads):
        return True
    return f.endswith(" việt nam")  # a national body ("Ngân hàng ... Việt Nam")


def _compose_issuer(units: list[str], place: str | None, text: str) -> tuple[str, str | None]:
    names = [org_case(u) for u in units]
    if len(names) >= 2 and all(_is_central(n) for n in names):
        # a joint document of two central bodies (thông tư liên tịch): both issue it
        return "; ".join(names), None
    if len(names) == 1:
        only = names[0]
        return _add_place(only, place), None
    parent = _add_place(names[-2], place)
    if len(names) >= 3 and not _is_central(names[-2]):
        # three levels ("UBND TỈNH X" / "SỞ TƯ PHÁP" / "VĂN PHÒNG SỞ"): the parent in full
        parent = _compose_issuer(units[:-1], place, text)[0]
    child = names[-1]
    head = fold(parent).split()[0] if parent.strip() else ""
    rest = fold(child)[: -len(head)].strip() if head else ""
    if (
        head
        and fold(child).endswith(" " + head)
        and (rest + " ").upper() in {h + " " for h in org_grammar().heads}
    ):
        # "THANH TRA SỞ" / "VĂN PHÒNG BỘ" under "Sở Giao thông vận tải tỉnh Long An" /
        # "Bộ Y tế": the unit names its parent by the parent's head word
        return f"{child[: -len(head)].rstrip()} {parent}", parent
    if (fold(child) + " ").startswith(org_grammar().parent_first):
        # "Ngân hàng ... Việt Nam" / "Chi nhánh tỉnh Lào Cai": the branch after its parent
        return f"{parent} {child}", parent
    if P.RE_NAMED_LOCALITY.search(child) or _is_central(child) or province_regex().search(child):
        return child, parent
    child_case = child[:1].upper() + child[1:]
    if (fold(child) + " ").startswith(org_grammar().takes_locality):
        loc = _locality(parent)
        if loc:
            level = loc.split()[0]
            if fold(child).endswith(" " + fold(level)):
                # "Công an huyện" + "huyện Bình Sơn" -> "Công an huyện Bình Sơn"
                return f"{child_case}{loc[len(level) :]}", parent
            return f"{child_case} {loc}", parent
        return f"{child_case} {parent}", parent
    return f"{child_case} {parent}", parent


def _add_place(name: str, place: str | None) -> str:
    """`UBND` + place Thanh Hóa -> `UBND tỉnh Thanh Hóa` (a local body printed without locality)."""
    if _is_central(name) or province_regex().search(name) or not place:
        return name
    prov = province_by_text(place)
    if prov is None:
        return name
    if re.search(rf"\b{prov.level}$", name):
        # "Ban Chỉ đạo phòng, chống tội phạm tỉnh" + Quảng Ngãi
        return f"{name} {prov.name}"
    if P.RE_NAMED_LOCALITY.search(name) or P.RE_LOCALITY_WORD.search(name + " "):
        return name
    return f"{name} {prov.level} {prov.name}"


# An issuer cell that kept only its first, generic line.
_GENERIC_HEAD = re.compile(r"(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN", re.I)
# Two bodies heading one joint document over one locality: "THƯỜNG TRỰC HĐND - UBND TỈNH
# HÒA BÌNH" -> "Thường trực HĐND tỉnh Hòa Bình; UBND tỉnh Hòa Bình".
_JOINT = re.compile(
    r"^(?P<a>(?:Thường trực\s+)?(?:HĐND|UBND))\s*[-–]\s*(?P<b>(?:Thường trực\s+)?(?:HĐND|UBND))"
    r"\s+(?P<loc>(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+\S.*)$"
)


# Ministries heading a joint circular: "BỘ TÀI CHÍNH - BỘ NỘI VỤ", "BỘ VĂN HOÁ - THÔNG
# TIN-BỘ Y TẾ" (a hyphen inside one ministry's name is no split: only before "Bộ").
_JOINT_MINISTRIES = re.compile(r"\s*[-–]\s*(?=Bộ\s)")


def _joint_issuers(issuer: str) -> str | None:
    """Each body of a joint header, ";"-separated, with the locality they share."""
    m = _JOINT.match(issuer)
    if m is not None:
        return f"{m['a']} {m['loc']}; {m['b']} {m['loc']}"
    if issuer.startswith("Bộ "):
        parts = _JOINT_MINISTRIES.split(issuer)
        if len(parts) > 1:
            return "; ".join(parts)
    return None


def _lacks_locality(name: str) -> bool:
    """A local body written without its place ("UBND", "Công an tỉnh")."""
    if _is_central(name) or province_regex().search(name) or P.RE_NAMED_LOCALITY.search(name):
        return False
    iss = issuer_by_name(name)
    return iss is not None and iss.level == "local" or bool(re.search(r"\b(?:tỉnh|huyện)$", name))


def _locality(parent: str) -> str | None:
    m = re.search(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+.+$", parent)
    return m.group(0) if m else None


def _with_locality(display: str, iss: Issuer, prov_name: str | None, level_word: str) -> str:
    if iss.level == "central" or not prov_name:
        return display
    if P.RE_LOCALITY_WORD.search(display + " "):
        # "Công an tỉnh" already says its level
        return f"{display} {prov_name}"
    return f"{display} {level_word} {prov_name}"


def type_from_symbol(symbol: str) -> DocType | None:
    """The type a symbol's code names: `2013/NĐ-CP` -> Nghị định; `UBND-NC` -> None."""
    for tok in re.split(r"[/\-()\s]+", symbol):
        if not tok or tok.isdigit():
            continue
        return doc_type_by_code(tok)
    return None


def issuer_from_symbol(symbol: str) -> Issuer | None:
    """The issuing body a symbol names after its type code: `KH-BCĐ` -> Ban Chỉ đạo."""
    toks = [t for t in re.split(r"[/\-()\s]+", symbol) if t and not t.isdigit()]
    if toks and doc_type_by_code(toks[0]) is not None:
        toks = toks[1:]
    for t in toks:
        base = re.sub(r"\d+$", "", t)
        iss = issuer_by_code(base)
        if iss is not None:
            return iss
    return None


def _abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines: `an ninh Tổ quốc (ANTQ)` -> {"ANTQ": "an ninh Tổ quốc"}."""
    out: dict[str, str] = {}
    for m in P.RE_ABBREV_DEF.finditer(text):
        abbr = m.group("abbr")
        letters = [c for c in abbr if c.isalpha()]
        before = text[max(0, m.start() - 120) : m.start()].split()
        # take as many words before as the abbreviation has letters (initials must agree)
        n = len(letters)
        if n < 2 or len(before) < n:
            continue
        words = before[-n:]
        if all(
            w[:1].upper() == letters[i].upper() or (letters[i] == "Đ" and w[:1] in "đĐ")
            for i, w in enumerate(words)
        ):
            out.setdefault(abbr, " ".join(words))
    return out


def _long_name_in_body(iss: Issuer, body: str, abbrevs: dict[str, str]) -> tuple[str, bool] | None:
    """The body's full name as its own text spells it, where it defines a short form:
    `Ban Chỉ đạo phòng, chống ... bảo vệ ANTQ (Ban Chỉ đạo) tỉnh` -> the long name."""
    # the description may hold abbreviation definitions of its own: "an ninh Tổ quốc (ANTQ)"
    rx = re.compile(
        re.escape(iss.name)
        + rf"(?P<desc>(?:[^().;:]|\([{P.UP}]{{2,10}}\)){{0,240}}?)\s*\((?![{P.UP}]{{2,10}}\))(?P<short>[^)]{{2,40}})\)\s*(?P<loc>tỉnh|thành phố|huyện)?",  # noqa: E501
        re.IGNORECASE,
    )
    for m in rx.finditer(body):
        short = m.group("short")
        if fold(short) != fold(iss.name) and not fold(iss.name).startswith(fold(short)):
            continue
        desc = re.sub(rf"\s*\([{P.UP}]{{2,10}}\)", "", m.group("desc"))
        for abbr, full in abbrevs.items():
            desc = re.sub(rf"(?<!\w){re.escape(abbr)}(?!\w)", full, desc)
        name = " ".join((iss.name + desc).split())
        return name, bool(m.group("loc"))
    return None


def _most_frequent_province(body: str):
    c = Counter()
    for m in province_finder().finditer(body):
        p = province_by_text(m.group(0))
        if p is not None:
            c[p.name] += 1
    if not c:
        return None
    return province_by_text(c.most_common(1)[0][0])


def _named_self_action(body: str) -> str | None:
    """The first body named with its place that acts in the opening of the text."""
    for m in P.RE_NAMED_BODY_ACTION.finditer(body[:_OPENING_CHARS]):
        org = " ".join(m.group("org").split())
        # keep the body's name from its head word on ("..., Công an thị xã Điện Bàn")
        words = org.split()
        for k in range(len(words)):
            if _starts_org(" ".join(words[k:])):
                return " ".join(words[k:])
    return None


_OPENING_CHARS = 1500  # where a headerless text says who is speaking


def _attachment_title(line: str) -> DocType | None:
    """`Phụ lục`, `Phụ lục II`, `Danh sách 2` alone on a line, in any case."""
    low = fold(line)
    for t in doc_types_all():
        if t.kind != "attachment":
            continue
        for form in (t.name, *t.aliases):
            f = fold(form)
            if low.startswith(f) and _ATTACHMENT_NUMBER.fullmatch(low, len(f)):
                return t
    return None


# What may follow an attachment's title word: "II", "2", "a" (folded: lower case).
_ATTACHMENT_NUMBER = re.compile(r"(?:\s+(?:[ivxlc]+|\d{1,2}|[a-z]))?")
_SHORT_TAIL = re.compile(r"(?:\s+\S{1,5})?")


def _sentence_type(line: str) -> DocType | None:
    """The type a title opens with in sentence or title case, followed by more words."""
    low = fold(line)
    for t in sorted(doc_types_all(), key=lambda t: -len(t.name)):
        for form in (t.name, *t.aliases):
            f = fold(form)
            if low.startswith(f + " ") and len(low) > len(f) + 10 and t.kind != "copy":
                return t
            if t.kind == "attachment" and low.startswith(f) and _SHORT_TAIL.fullmatch(low, len(f)):
                return t  # "Phụ lục", "Phụ lục II" over its "(Kèm theo ...)" line
    return None


@cache
def _whole_word(form: str) -> re.Pattern[str]:
    r"""``(?<!\w)form(?!\w)``, the look-behind written after the first character (so the
    engine jumps from one occurrence of that character to the next)."""
    first, rest = re.escape(form[:1]), re.escape(form[1:])
    return re.compile(rf"{first}(?<!\w{first}){rest}(?!\w)")


def _self_named_body(body: str) -> tuple[Issuer, int] | None:
    scores: Counter[str] = Counter()
    local = [i for i in issuers() if i.level == "local"]
    for i in local:
        for form in {i.name, i.display, *i.aliases}:
            if form not in body:  # most bodies name few of them: no regex for the rest
                continue
            hits = list(_whole_word(form).finditer(body))
            scores[i.code] += len(hits)
            # "Công an tỉnh Kon Tum thông báo ...": the body speaks for itself
            for h in hits:
                if P.RE_SELF_ACTION.match(body, h.end()):
                    scores[i.code] += 3
    for m in P.RE_SELF_REF.finditer(body):
        org = m.group("org")
        for i in local:
            if fold(org).startswith(fold(i.name)) or fold(org).startswith(fold(i.display)):
                scores[i.code] += 10
    if not scores:
        return None
    code, n = scores.most_common(1)[0]
    if n < 2:
        return None
    iss = issuer_by_code(code)
    return (iss, n) if iss else None


class IssuerMixin:
    """Methods of the header reader (:class:`extractors.header.reader.HeaderReader`)."""

    # -- issuer ------------------------------------------------------------------------------
    def _issuer(self, pieces: list[Piece], body_line: int) -> None:
        cands = [
            p
            for p in pieces
            if is_caps(p.text)
            and not _is_mark(p.text)
            and not P.RE_GAZETTE_SECTION.match(p.text)
            and not P.RE_AUTHORITY.match(p.text)
            and not (title_canonical(p.text) and not _starts_org(p.text))
            and len(p.text) < 120
        ]
        place = self.res.fields.get("place")
        place_prov = province_by_text(str(place.value)) if place and place.value else None
        if cands:
            units = _issuer_units([p.text for p in cands])
            unit_pieces = cands
            if units:
                issuer, parent = _compose_issuer(
                    units, place_prov.name if place_prov else None, self.text
                )
                st, en = unit_pieces[0].start, unit_pieces[-1].end
                rule, conf = "issuer_lines", 0.9
                if not parent and _lacks_locality(issuer):
                    # "ỦY BAN NHÂN DÂN" over a place that is no province (a provincial city):
                    # the province the body names most
                    body = (
                        self.text[self.lines[body_line].start :]
                        if body_line < len(self.lines)
                        else ""
                    )
                    prov = _most_frequent_province(body)
                    if prov is not None:
                        issuer = f"{issuer} {prov.level} {prov.name}"
                        rule, conf = "issuer_lines_province_from_body", 0.65
                joint = _joint_issuers(issuer)
                if joint is not None:
                    issuer, rule = joint, "issuer_lines_joint"
                unit = (
                    self._unit_of_generic_head(cands, place_prov, body_line)
                    if parent is None
                    else None
                )
                if unit is not None:
                    parent, issuer = issuer, unit
                    rule, conf = "generic_head_unit_from_symbol", 0.7
                self.put("issuer", issuer, st, en, rule=rule, confidence=conf)
                if parent:
                    self.put("issuer_parent", parent, st, en, rule="issuer_lines", confidence=0.9)
                else:
                    self.put("issuer_parent", None, rule="issuer_lines", confidence=0.8)
                self._province(issuer, parent, place_prov)
                return
        # no issuer lines: inherit from the previous document of the file
        if self.ctx.issuer is not None and self.ctx.issuer.value:
            self.put(
                "issuer",
                self.ctx.issuer.value,
                rule="inherited_from_previous_document",
                confidence=0.75,
                inferred=True,
            )
            par = self.ctx.issuer_parent.value if self.ctx.issuer_parent else None
            self.put(
                "issuer_parent",
                par,
                rule="inherited_from_previous_document",
                confidence=0.7,
                inferred=True,
            )
            if self.ctx.province:
                self.put(
                    "province",
                    self.ctx.province,
                    rule="inherited_from_previous_document",
                    confidence=0.7,
                    inferred=True,
                )
            return
        issuer, parent, rule = self._infer_issuer(place_prov, body_line)
        if issuer:
            self.put("issuer", issuer, rule=rule, confidence=0.55, inferred=True)
            self.put("issuer_parent", parent, rule=rule, confidence=0.5, inferred=True)
            self._province(issuer, parent, place_prov, inferred=True)
        else:
            self.put("issuer", None, rule="issuer_not_found", confidence=0.2)

    def _unit_of_generic_head(self, cands, place_prov, body_line: int) -> str | None:
        """A page that kept only the issuer cell's first line, the generic head "ỦY BAN
        NHÂN DÂN", over a symbol naming another body ("681/HD-SGDĐT"): the document is that
        body's (the Sở of the province), the head its parent. None when the cell names
        more than the head, or the symbol's body is the People's Committee itself."""
        if len(cands) != 1 or not _GENERIC_HEAD.fullmatch(cands[0].text.strip(" |")):
            return None
        sym = self.res.fields.get("symbol")
        code = issuer_from_symbol(str(sym.value)) if sym is not None and sym.value else None
        if code is None or code.level != "local" or code.code in ("UBND", "HĐND"):
            return None
        unit, _parent, _rule = self._infer_issuer(place_prov, body_line)
        return unit

    def _province(self, issuer, parent, place_prov, inferred=False) -> None:
        prov = None
        for s in (issuer, parent):
            if s:
                m = province_regex().search(s)
                if m:
                    prov = province_by_text(m.group(0))
                    break
        if prov is None and place_prov is not None and not _is_central(issuer or ""):
            prov = place_prov
        if prov is not None:
            self.put(
                "province",
                prov.name,
                rule="issuer_or_place",
                confidence=0.85 if not inferred else 0.55,
                inferred=inferred,
            )

    def _infer_issuer(self, place_prov, body_line: int) -> tuple[str | None, str | None, str]:
        body = self.text[self.lines[body_line].start :] if body_line < len(self.lines) else ""
        prov = place_prov or _most_frequent_province(body)
        prov_name = prov.name if prov else None
        level_word = prov.level if prov else "tỉnh"
        abbrevs = _abbreviations(self.text)
        sym = self.res.fields.get("symbol")
        code_issuer = issuer_from_symbol(str(sym.value)) if sym is not None and sym.value else None
        if code_issuer is not None:
            long = _long_name_in_body(code_issuer, body, abbrevs)
            if long:
                name, has_loc = long
                issuer = (
                    f"{name} {level_word} {prov_name}"
                    if prov_name and code_issuer.level == "local"
                    else name
                )
                rule = "inferred_symbol_and_body"
            else:
                issuer = _with_locality(code_issuer.display, code_issuer, prov_name, level_word)
                rule = "inferred_symbol_and_place"
            parent = None
            if code_issuer.parent:
                pi = issuer_by_code(code_issuer.parent)
                if pi is not None:
                    parent = _with_locality(pi.display, pi, prov_name, level_word)
            return issuer, parent, rule
        # a body naming itself in full as it acts: "Công an thị xã Điện Bàn báo cáo ..."
        named = _named_self_action(body)
        if named:
            return named, None, "inferred_named_in_body"
        # a web page or a bare text: the local body the text speaks for
        best = _self_named_body(body)
        if best is not None:
            iss, _count = best
            return (
                _with_locality(iss.display, iss, prov_name, level_word),
                None,
                "inferred_body_mentions",
            )
        return None, None, "issuer_not_found"
