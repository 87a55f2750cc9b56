"""Reference tables under ``extractors/data/``: loaded once, validated, frozen.

The one source of provinces (with the 2025 mergers), issuers and document-type codes: the
citation graph reads them through this module too (``pipeline/graph/reference.py``), so a
fact is written once, in the lowest layer that needs it.

Bad rows are logged (naming the file and the row) and skipped; a missing or unreadable
file is a broken installation and raises :class:`extractors.errors.ReferenceDataError`
(exit code 4 at the command line).

>>> doc_type_by_code("NĐ").name
'Nghị định'
>>> province_by_text("Q. Ngãi").name
'Quảng Ngãi'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .clean import tone_placement
from .errors import ReferenceDataError
from .patterns import LO, LedFinder, led_alternation

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A matching key: NFC, old tone placement made modern, case-folded, spaces collapsed.

    >>> fold("Thanh Hoá") == fold("THANH HÓA")
    True
    """
    t = tone_placement(unicodedata.normalize("NFC", text)).casefold()
    return " ".join(t.split())


@dataclass(frozen=True, slots=True)
class DocType:
    name: str
    code: str
    other_codes: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str
    # what the citation graph keys this type by (None: not keyed apart), the further codes it
    # keys apart with their names, and the type code a mention may shorten this one to
    key: str | None = None
    keyed_apart: tuple[tuple[str, str], ...] = ()
    shortens_to: str | None = None


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    level: str  # "tỉnh" | "thành phố"
    short: tuple[str, ...]  # every other form the extractors read (city_forms included)
    former: tuple[str, ...] = ()
    since_2025: str | None = None  # None for a unit of 2025 (thành phố Huế)
    city_forms: tuple[str, ...] = ()

    @property
    def full(self) -> str:
        return f"{self.level} {self.name}"


@dataclass(frozen=True, slots=True)
class Issuer:
    code: str
    name: str
    display: str
    level: str | None  # "central" | "local"; None: a code the header rules name no body by
    parent: str | None
    aliases: tuple[str, ...]
    scope: str | None = None  # "national" | "province" | "district" (the graph's key scope)
    party: bool = False
    stands_for: str | None = None
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Titles:
    authority: tuple[str, ...]
    titles: tuple[str, ...]  # longest first
    ranks: tuple[str, ...]
    surnames: frozenset[str]


# libyaml's loader when PyYAML was built with it: the same objects as the pure-Python
# SafeLoader, 5-10 times faster (the reference tables took up to a second to parse).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream):  # noqa: ANN001, ANN201 - what yaml.safe_load takes and gives
    """``yaml.safe_load``, with libyaml's safe loader when there is one."""
    return yaml.load(stream, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def _load(name: str) -> dict:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            data = load_yaml(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"reference table {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(f"reference table {path} is not a mapping")
    return data


# The fields each table's rows may have; anything else is a typo worth a log line.
_KNOWN_KEYS = {
    "doc_types.yaml": {
        "name",
        "code",
        "other_codes",
        "aliases",
        "kind",
        "key",
        "keyed_apart",
        "shortens_to",
    },
    "provinces.yaml": {"name", "level", "short", "city_forms", "former", "since_2025"},
    "issuers.yaml": {
        "code",
        "name",
        "display",
        "level",
        "parent",
        "aliases",
        "scope",
        "party",
        "stands_for",
        "mentions",
    },
}


def _rows(name: str, key: str, required: tuple[str, ...]) -> list[dict]:
    rows = []
    known = _KNOWN_KEYS.get(name)
    if key == "provinces_2025":
        known = {"name", "level", "short"}
    for i, row in enumerate(_load(name).get(key) or []):
        if not isinstance(row, dict) or any(not isinstance(row.get(k), str) for k in required):
            log.warning("%s: %s[%d] skipped: needs %s", name, key, i, ", ".join(required))
            continue
        unknown = set(row) - known if known else set()
        if unknown:
            log.warning("%s: %s[%d] has unknown keys %s", name, key, i, ", ".join(sorted(unknown)))
        rows.append(row)
    return rows


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", str(s))


@cache
def doc_types() -> tuple[DocType, ...]:
    out = []
    for r in _rows("doc_types.yaml", "types", ("name",)):
        code = _nfc(r.get("code") or "")
        key = r.get("key", code or None)
        apart = r.get("keyed_apart") or {}
        if not isinstance(apart, dict):
            log.warning("doc_types.yaml: %s: keyed_apart is not a mapping", r["name"])
            apart = {}
        out.append(
            DocType(
                name=_nfc(r["name"]),
                code=code,
                other_codes=tuple(_nfc(c) for c in r.get("other_codes") or ()),
                aliases=tuple(_nfc(a) for a in r.get("aliases") or ()),
                kind=str(r.get("kind") or "administrative"),
                key=_nfc(key) if isinstance(key, str) and key else None,
                keyed_apart=tuple((_nfc(c), _nfc(n)) for c, n in apart.items()),
                shortens_to=_nfc(r["shortens_to"]) if r.get("shortens_to") else None,
            )
        )
    return tuple(out)


@cache
def doc_type_by_name(name: str) -> DocType | None:
    key = fold(name)
    for t in doc_types():
        if fold(t.name) == key or any(fold(a) == key for a in t.aliases):
            return t
    return None


@cache
def doc_type_by_code(code: str) -> DocType | None:
    """The type whose symbol code is ``code`` (case-sensitive first: `QĐ` vs `QyĐ`)."""
    for t in doc_types():
        if code and (t.code == code or code in t.other_codes):
            return t
    up = code.upper()
    for t in doc_types():
        if up and (t.code.upper() == up or up in (c.upper() for c in t.other_codes)):
            return t
    return None


def _strings(row: dict, key: str) -> tuple[str, ...]:
    return tuple(_nfc(s) for s in row.get(key) or ())


@cache
def provinces_2008() -> tuple[Province, ...]:
    """The 63 provincial units of 2008-2025, with their former names and 2025 successors."""
    return tuple(
        Province(
            name=_nfc(r["name"]),
            level=_nfc(r.get("level") or "tỉnh"),
            short=_strings(r, "short") + _strings(r, "city_forms"),
            former=_strings(r, "former"),
            since_2025=_nfc(r.get("since_2025") or r["name"]),
            city_forms=_strings(r, "city_forms"),
        )
        for r in _rows("provinces.yaml", "provinces", ("name",))
    )


@cache
def provinces_2025() -> tuple[Province, ...]:
    """The 34 provincial units from 12/6/2025 (Nghị quyết 202/2025/QH15)."""
    return tuple(
        Province(
            name=_nfc(r["name"]),
            level=_nfc(r.get("level") or "tỉnh"),
            short=_strings(r, "short"),
        )
        for r in _rows("provinces.yaml", "provinces_2025", ("name",))
    )


@cache
def provinces() -> tuple[Province, ...]:
    """Every province a document may name: the 63 of 2008-2025, then the units of 2025
    whose name none of them had (thành phố Huế)."""
    old = provinces_2008()
    names = {p.name for p in old}
    return old + tuple(p for p in provinces_2025() if p.name not in names)


@cache
def _province_index() -> dict[str, Province]:
    idx: dict[str, Province] = {}
    for p in provinces():
        for s in (p.name, *p.short, f"tỉnh {p.name}", f"thành phố {p.name}"):
            idx.setdefault(fold(s), p)
            idx.setdefault(fold(s.replace(". ", ".")), p)
    return idx


def province_by_text(text: str) -> Province | None:
    """The province ``text`` names (full name or a known short form), else None."""
    t = fold(text.strip(" .,;:"))
    t = re.sub(r"^(tỉnh|thành phố|tp\.?)\s*", "", t) or t
    return _province_index().get(t) or _province_index().get(fold(text.strip(" .,;:")))


@cache
def province_regex() -> re.Pattern[str]:
    """Any province name or short form, longest first, on word boundaries."""
    # (?<![\w.])(?i:form|form|...)(?!\w), led by the forms' first letters (fast to scan)
    body = led_alternation(_province_forms(), r"[\w.]")
    return re.compile(rf"{body}(?!\w)")


@cache
def _province_forms() -> tuple[str, ...]:
    """The branches of province_regex: every name and short form, longest first, escaped."""
    forms = {s for p in provinces() for s in (p.name, *p.short) if len(s) > 2}
    return tuple(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@cache
def province_finder() -> LedFinder:
    """``province_regex().finditer`` for a whole text, tried only where a name starts."""
    return LedFinder(province_regex(), _province_forms(), r"[\w.]")


@cache
def all_issuers() -> tuple[Issuer, ...]:
    """Every row of issuers.yaml: the header rules' bodies and the graph's symbol codes."""
    return tuple(
        Issuer(
            code=_nfc(r["code"]),
            name=_nfc(r["name"]),
            display=_nfc(r.get("display") or r["name"]),
            level=str(r["level"]) if r.get("level") else None,
            parent=_nfc(r["parent"]) if r.get("parent") else None,
            aliases=_strings(r, "aliases"),
            scope=str(r["scope"]) if r.get("scope") else None,
            party=bool(r.get("party")),
            stands_for=_nfc(r["stands_for"]) if r.get("stands_for") else None,
            mentions=_strings(r, "mentions"),
        )
        for r in _rows("issuers.yaml", "issuers", ("code", "name"))
    )


@cache
def issuers() -> tuple[Issuer, ...]:
    """The bodies the header rules name (rows with a level)."""
    return tuple(i for i in all_issuers() if i.level is not None)


@cache
def issuer_by_code(code: str) -> Issuer | None:
    for i in issuers():
        if i.code == code:
            return i
    up = code.upper()
    for i in issuers():
        if i.code.upper() == up:
            return i
    return None


def _alnum(s: str) -> str:
    return "".join(c for c in fold(s) if c.isalnum())


@cache
def issuer_by_name(name: str) -> Issuer | None:
    """The known body ``name`` spells (punctuation and spacing aside: a line break may
    drop the hyphen of `Lao động - Thương binh`)."""
    key = _alnum(name)
    for i in issuers():
        if key in (_alnum(i.name), _alnum(i.display), *(_alnum(a) for a in i.aliases)):
            return i
    return None


@cache
def titles() -> Titles:
    data = _load("titles.yaml")
    auth = tuple(_nfc(k) for k in (data.get("authority") or {}))
    tl = []
    for t in data.get("titles") or []:
        if isinstance(t, str):
            tl.append(_nfc(t))
        else:
            log.warning("titles.yaml: title %r skipped: not a string", t)
    ranks = tuple(_nfc(r) for r in data.get("ranks") or () if isinstance(r, str))
    surnames = frozenset(_nfc(s) for s in data.get("surnames") or () if isinstance(s, str))
    return Titles(
        authority=auth,
        # longest first; among equal lengths the file's order (not a set's, which changes
        # from run to run: "Đại úy" and "Đại uý" fold alike and the first one is returned)
        titles=tuple(sorted(dict.fromkeys(tl), key=len, reverse=True)),
        ranks=tuple(sorted(dict.fromkeys(ranks), key=len, reverse=True)),
        surnames=surnames,
    )


@cache
def rank_keys() -> tuple[tuple[str, str, str], ...]:
    """Each rank (titles().ranks order) with its matching key and that key plus a space.
    A line's rank was looked for by folding every rank again for every line asked (a
    third of a million fold() calls on the real web texts)."""
    return tuple((r, fold(r), fold(r) + " ") for r in titles().ranks)


@cache
def title_canonical(text: str) -> str | None:
    """The canonical casing of the title word(s) ``text`` starts with, or None."""
    key = fold(text)
    for t in titles().titles:
        ft = fold(t)
        if key == ft or key.startswith(ft + " "):
            return t
    return None


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# Codes kept in capitals inside a name written in sentence case ("UBND tỉnh", "TT Công báo").
_KEEP_UPPER = {
    "UBND",
    "HĐND",
    "MTTQ",
    "TW",
    "TT",
    "CP",
    "ANTT",
    "ANTQ",
    "TNHH",
    "CQDN",
    "VN",
    "VPUB",
}


@cache
def _codes() -> frozenset[str]:
    codes = {i.code for i in issuers()} | {
        c.upper() for t in doc_types() for c in (t.code, *t.other_codes) if c
    }
    return frozenset(codes | _KEEP_UPPER)


def _is_abbrev(tok: str) -> bool:
    core = tok.strip("()[],.;:&-–“”\"'")
    if not core or not core.isupper():
        return False
    if core in _codes():
        return True
    letters = [c for c in core.lower() if c.isalpha()]
    return (
        bool(letters) and not any(c in _VOWELS for c in letters) or any(c.isdigit() for c in core)
    )


def org_case(text: str) -> str:
    """A body's name printed in capitals, in the archivist's casing.

    >>> org_case("UBND TỈNH QUẢNG NGÃI")
    'UBND tỉnh Quảng Ngãi'
    >>> org_case("ỦY BAN NHÂN DÂN")
    'UBND'
    >>> org_case("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    'Bộ Lao động - Thương binh và Xã hội'
    """
    text = " ".join(text.split())
    if not text:
        return text
    if text.isascii() and any(c.isalpha() for c in text):
        restored = _org_case_ascii(text)
        if restored is not None:
            return restored
    elif is_caps_text(text) and not province_regex().search(text):
        restored = _org_case_toneless(text)
        if restored is not None:
            return restored
    known = issuer_by_name(text)
    if known is not None:
        return known.display
    # a leading code written out ("BCĐ PHÒNG, CHỐNG ..." -> "Ban Chỉ đạo phòng, chống ...")
    head, _, rest = text.partition(" ")
    coded = issuer_by_code(head) if head.isupper() else None
    if coded is not None and coded.display != coded.code and rest:
        tail = org_case(rest)
        if not _is_abbrev(tail.split()[0]):
            tail = tail[:1].lower() + tail[1:]
        return f"{coded.display} {tail}"
    # the display form of known bodies inside a longer name ("ỦY BAN NHÂN DÂN TỈNH X")
    if is_caps_text(text):
        text = _issuer_forms_toneless(text)
    for rx, display in _issuer_form_regexes():
        if rx.search(text):
            # only outside the names already written ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM" holds
            # a shorter known form): a marker inside a marker would survive into the output
            text = "".join(
                part if part.startswith("\x00") else rx.sub(f"\x00{display}\x01", part)
                for part in re.split(r"(\x00[^\x01]*\x01)", text)
            )
    # province names
    parts = re.split(r"(\x00[^\x01]*\x01)", text)
    out_parts = []
    for part in parts:
        if part.startswith("\x00"):
            out_parts.append(part[1:-1])
            continue
        pieces = []
        last = 0
        for m in province_regex().finditer(part):
            prov = province_by_text(m.group(0))
            if prov is None:
                continue
            before = _sentence_words(part[last : m.start()])
            pieces.append(before)
            # "THÀNH PHỐ HỒ CHÍ MINH", "TP. HCM": the level word was part of the form matched
            if _CITY_FORM.match(fold(m.group(0))) and not before.rstrip().endswith(prov.level):
                pieces.append(f"{prov.level} ")
            pieces.append(prov.name)
            last = m.end()
        pieces.append(_sentence_words(part[last:]))
        out_parts.append("".join(pieces))
    out = "".join(out_parts)
    out = " ".join(out.split())
    # a place name after its level word ("huyện Tư Nghĩa", "xã Nghĩa Kỳ") in title case
    out = _LEVEL_THEN_NAME.sub(lambda m: m.group(1) + m.group(2).title(), out)
    return out[:1].upper() + out[1:]


# A province form that carries its level word ("Thành phố Hồ Chí Minh", "TP. HCM", "TPHCM").
_CITY_FORM = re.compile(r"(?:thành phố|tp\b\.?|tphcm)\s*")


def is_caps_text(text: str) -> bool:
    """Letters all capitals (a header line as printed)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def ascii_fold(text: str) -> str:
    """Every mark off, đ as d, case-folded: what OCR without diacritics leaves of a name.

    >>> ascii_fold("Quảng Ngãi") == ascii_fold("QUANG NGAI")
    True
    """
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in d if not unicodedata.combining(c)).casefold().split())


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def tone_fold(text: str) -> str:
    """Tone marks off, vowel shapes kept (`QUẢNG NGÁI` -> `QUANG NGAI`): OCR misreads tones
    first. One character stays one character, so offsets carry over.

    >>> tone_fold("Quảng Ngãi") == tone_fold("Quảng Ngái")
    True
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS)))
    return "".join(out)


@cache
def _toneless_province_regex() -> tuple[re.Pattern[str], dict[str, Province]]:
    """Province names with their tone marks misread ("QUẢNG NGÁI" for "QUẢNG NGÃI")."""
    index: dict[str, Province | None] = {}
    for p in provinces():
        key = tone_fold(p.name).casefold()
        index[key] = None if key in index else p  # alike without tones: read neither
    good = {k: v for k, v in index.items() if v is not None}
    body = "|".join(re.escape(k) for k in sorted(good, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{body})(?!\w)", re.IGNORECASE), good


def _org_case_toneless(text: str) -> str | None:
    """A header line whose province OCR read with wrong tones: the province written right."""
    rx, index = _toneless_province_regex()
    folded = tone_fold(text)
    found = list(rx.finditer(folded))
    if len(folded) != len(text) or not found:
        return None
    m = found[-1]
    prov = index[m.group(0).casefold()]
    head, tail = text[: m.start()], text[m.end() :]
    lm = re.search(r"(?<!\w)(tinh|thanh pho)\s*$", tone_fold(head), re.IGNORECASE)
    level = ""
    if lm is not None:
        level = "tỉnh" if lm.group(1).casefold() == "tinh" else "thành phố"
        head = head[: lm.start()]
    parts = [org_case(head) if head.strip() else "", level, prov.name]
    if tail.strip():
        parts.append(tail.strip())
    return " ".join(x for x in parts if x)


@cache
def _ascii_province_regex() -> tuple[re.Pattern[str], dict[str, Province]]:
    """Province names as OCR without diacritics prints them ("QUANG NGAI")."""
    index: dict[str, Province] = {}
    for p in provinces():
        key = ascii_fold(p.name)
        if key in index:  # two provinces alike without their marks: read neither
            index[key] = None  # type: ignore[assignment]
        else:
            index[key] = p
    good = {k: v for k, v in index.items() if v is not None}
    body = "|".join(re.escape(k) for k in sorted(good, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{body})(?!\w)", re.IGNORECASE), good


# Level words without their marks, as OCR without diacritics prints them.
_ASCII_LEVELS = {"tinh": "tỉnh", "thanh pho": "thành phố"}
_ASCII_LEVEL_THEN = re.compile(r"(?<!\w)(tinh|thanh pho)\s*$", re.IGNORECASE)


def _org_case_ascii(text: str) -> str | None:
    """A header line printed without any diacritics ("UBND TINH QUANG NGAI"): the province
    restored, the level word written out; None when no province is recognised."""
    rx, index = _ascii_province_regex()
    found = list(rx.finditer(text))
    if not found:
        return None
    m = found[-1]  # the last province named is the body's own
    prov = index[ascii_fold(m.group(0))]
    head = text[: m.start()]
    lm = _ASCII_LEVEL_THEN.search(head)
    level = ""
    if lm is not None:
        level = _ASCII_LEVELS[ascii_fold(lm.group(1))]
        head = head[: lm.start()]
    head_cased = org_case(head) if head.strip() else ""
    return " ".join(x for x in (head_cased, level, prov.name) if x)


@cache
def _issuer_form_regexes() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for i in sorted(issuers(), key=lambda x: len(x.name), reverse=True):
        for form in (i.name, *i.aliases):
            out.append((re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE), i.display))
    return tuple(out)


@cache
def _toneless_issuer_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """Known bodies' names with their tone marks off (vowel shapes kept), to the name as
    written; names alike without tones are read by neither."""
    index: dict[str, tuple[str, str] | None] = {}
    for i in issuers():
        for form in (i.name, *i.aliases):
            key = tone_fold(form).casefold()
            if len(key.split()) < 2:
                continue  # one word ("Sở"): too little to correct a misread tone
            if key in index and (index[key] is None or index[key][0] != i.code):
                index[key] = None  # two bodies alike without tones
            elif key not in index:
                index[key] = (i.code, form)
    good = {k: v[1] for k, v in index.items() if v is not None}
    body = "|".join(re.escape(k) for k in sorted(good, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), good


def _issuer_forms_toneless(text: str) -> str:
    """A header line in capitals whose body name OCR read with a wrong tone ("HỘI ĐÔNG
    NHÂN DÂN" for "HỘI ĐỒNG NHÂN DÂN"): the known name written right. Corrected only to
    a known name (issuers.yaml), never guessed; the field's evidence keeps the printed
    span."""
    rx, index = _toneless_issuer_forms()
    folded = tone_fold(text)
    if len(folded) != len(text):
        return text
    for m in reversed(list(rx.finditer(folded))):
        text = text[: m.start()] + index[m.group(0).casefold()].upper() + text[m.end() :]
    return text


# "xã hội" (society) is no commune: "trật tự xã hội" keeps its case.
_LEVEL_THEN_NAME = re.compile(
    r"((?:^|\s)(?:tỉnh|huyện|quận|thị xã|xã(?!\s+hội)|phường|thị trấn|thành phố)\s+)"
    rf"([{LO}]\S*(?:\s+[{LO}]\S*)*)$"
)


def _sentence_words(chunk: str) -> str:
    out = []
    for tok in re.split(r"(\s+)", chunk):
        if not tok or tok.isspace() or _is_abbrev(tok):
            out.append(tok)
        else:
            out.append(tok.lower())
    s = "".join(out)
    # a capital after "&" and " - " ("Công báo & Tin học", "Lao động - Thương binh")
    s = re.sub(r"([&\-–]\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), s)
    return s


@dataclass(frozen=True, slots=True)
class OrgGrammar:
    heads: tuple[str, ...]  # capitals, longest first
    takes_locality: tuple[str, ...]  # case-folded, each followed by a space
    central_heads: tuple[str, ...]  # case-folded
    parent_first: tuple[str, ...] = ()  # case-folded, each followed by a space


@cache
def org_grammar() -> OrgGrammar:
    """How issuer lines are read: see `org_grammar` in issuers.yaml."""
    g = _load("issuers.yaml").get("org_grammar") or {}
    if not isinstance(g, dict):
        log.warning("issuers.yaml: org_grammar is not a mapping")
        g = {}

    def strings(key: str) -> list[str]:
        vals = g.get(key) or []
        good = [_nfc(v) for v in vals if isinstance(v, str)]
        if len(good) != len(vals):
            log.warning("issuers.yaml: org_grammar.%s has entries that are not strings", key)
        return good

    return OrgGrammar(
        heads=tuple(
            sorted(dict.fromkeys(h.upper() for h in strings("heads")), key=len, reverse=True)
        ),
        takes_locality=tuple(fold(t) + " " for t in strings("takes_locality")),
        central_heads=tuple(
            fold(t) + (" " if fold(t) == "bộ" else "") for t in strings("central_heads")
        ),
        parent_first=tuple(fold(t) + " " for t in strings("parent_first")),
    )
