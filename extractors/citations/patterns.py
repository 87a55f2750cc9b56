"""Regular expressions for citations and deadlines, built from small helpers.

Each constant says which case forced it. Cue words and type names are data
(``data/citation_cues.yaml``, ``data/doc_types.yaml``); this module only turns them
into patterns. Everything matches NFC text; a line break may fall anywhere a space
may (typeset scans break lines inside a mention: ``Công văn số\\n566/UBND-NC``).

>>> m = RE_REF.match("4126/HD-BCĐ(PV01-PV05) ngày")
>>> m.group("number"), m.group("symbol")
('4126', 'HD-BCĐ(PV01-PV05)')
>>> normalize_symbol(RE_REF.match("01/KHPH- JIA HSIN-CAT ngày").group("symbol"))
'KHPH-JIA HSIN-CAT'
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..patterns import LedFinder, grouped_alternation, led_alternation, letter_led_starts
from ..reference import load_yaml

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parents[1] / "data"


# --- data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeWord:
    """A word that names a document type in running text."""

    word: str  # as written ("Chương trình hành động")
    name: str | None  # canonical sentence-case type; None = read it from the symbol
    code: str  # symbol code ("CTr"); "" when the type has none


@dataclass(frozen=True, slots=True)
class Cues:
    relations: dict[str, tuple[str, ...]]
    alias_cues: tuple[str, ...]
    issuer_intro: tuple[str, ...]
    issuer_stop_words: tuple[str, ...]
    issuer_comma_continuations: tuple[str, ...]
    issuer_titles: tuple[str, ...]
    issuer_org_heads: tuple[str, ...]
    issuer_aliases: dict[str, str]
    deadline_before: tuple[str, ...]
    deadline_within: tuple[str, ...]
    deadline_labels: tuple[str, ...]
    deadline_not: tuple[str, ...]
    deadline_verbs: tuple[str, ...]
    deadline_recurring: tuple[str, ...]
    short_form_types: tuple[str, ...] = ()
    short_form_not_after: tuple[str, ...] = ()


def _load_yaml(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        data = load_yaml(fh) or {}
    if not isinstance(data, dict):
        log.error("%s: expected a mapping at top level", name)
        return {}
    return data


def _strs(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        log.error("citation_cues.yaml: %s should be a list, got %r", where, type(value).__name__)
        return ()
    out = []
    for v in value:
        if isinstance(v, str) and v.strip():
            out.append(v.strip())
        else:
            log.error("citation_cues.yaml: bad entry %r in %s (ignored)", v, where)
    return tuple(out)


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue table (loaded once, validated: bad entries are logged and skipped)."""
    d = _load_yaml("citation_cues.yaml")
    rel = d.get("relations") or {}
    known = {
        "answers",
        "not_answers",
        "proposal",
        "received",
        "based_on",
        "attached_to",
        "repeals",
        "amends",
        "passive",
        "purpose_starts",
        "purpose_answers",
        "main_clause_verbs",
        "main_clause_subjects",
    }
    for k in rel:
        if k not in known:
            log.error("citation_cues.yaml: unknown relation key %r (ignored)", k)
    iss = d.get("issuer") or {}
    dl = d.get("deadline") or {}
    sf = d.get("short_forms") or {}
    aliases = iss.get("aliases") or {}
    return Cues(
        relations={k: _strs(rel.get(k, []), f"relations.{k}") for k in known},
        alias_cues=_strs(d.get("alias_cues", []), "alias_cues"),
        issuer_intro=_strs(iss.get("intro", []), "issuer.intro"),
        issuer_stop_words=_strs(iss.get("stop_words", []), "issuer.stop_words"),
        issuer_comma_continuations=_strs(
            iss.get("comma_continuations", []), "issuer.comma_continuations"
        ),
        issuer_titles=_strs(iss.get("titles", []), "issuer.titles"),
        issuer_org_heads=_strs(iss.get("org_heads", []), "issuer.org_heads"),
        issuer_aliases={str(k): str(v) for k, v in aliases.items()},
        deadline_before=_strs(dl.get("before", []), "deadline.before"),
        deadline_within=_strs(dl.get("within", []), "deadline.within"),
        deadline_labels=_strs(dl.get("labels", []), "deadline.labels"),
        deadline_not=_strs(dl.get("not_deadline", []), "deadline.not_deadline"),
        deadline_verbs=_strs(dl.get("verbs", []), "deadline.verbs"),
        deadline_recurring=_strs(dl.get("recurring", []), "deadline.recurring"),
        short_form_types=_strs(sf.get("types", []), "short_forms.types"),
        short_form_not_after=_strs(sf.get("not_after", []), "short_forms.not_after"),
    )


@lru_cache(maxsize=1)
def type_words() -> tuple[TypeWord, ...]:
    """Type names and aliases from doc_types.yaml plus citation_cues.yaml extra_types,
    longest first (so ``Thông tư liên tịch`` wins over ``Thông tư``)."""
    words: dict[str, TypeWord] = {}
    for row in _load_yaml("doc_types.yaml").get("types", []):
        name = row.get("name")
        if not name:
            log.error("doc_types.yaml: row without name: %r", row)
            continue
        code = str(row.get("code") or "")
        if row.get("kind") == "copy":  # "Bản sao y" is not cited by number
            continue
        for w in (name, *(row.get("aliases") or [])):
            words.setdefault(w.casefold(), TypeWord(w, name, code))
    for row in _load_yaml("citation_cues.yaml").get("extra_types", []):
        w = row.get("word") or row.get("name")
        if not w:
            log.error("citation_cues.yaml: extra_types row without name/word: %r", row)
            continue
        words.setdefault(w.casefold(), TypeWord(w, row.get("name"), str(row.get("code") or "")))
    return tuple(sorted(words.values(), key=lambda t: -len(t.word)))


@lru_cache(maxsize=1)
def attachment_types() -> frozenset[str]:
    """Types that are parts of a document when cited without a symbol ("Phụ lục số 04")."""
    return frozenset(
        row["name"]
        for row in _load_yaml("doc_types.yaml").get("types", [])
        if row.get("kind") == "attachment" and row.get("name")
    )


@lru_cache(maxsize=1)
def code_to_type() -> dict[str, str]:
    """Symbol code -> type name (``KH`` -> ``Kế hoạch``; ``KHPH`` too)."""
    out: dict[str, str] = {}
    for row in _load_yaml("doc_types.yaml").get("types", []):
        if row.get("kind") == "copy":
            continue
        for c in (row.get("code"), *(row.get("other_codes") or [])):
            if c:
                out.setdefault(str(c).casefold(), row["name"])
    for row in _load_yaml("citation_cues.yaml").get("extra_types", []):
        if row.get("name") and row.get("code"):
            out.setdefault(str(row["code"]).casefold(), row["name"])
    return out


@lru_cache(maxsize=1)
def type_codes() -> dict[str, str]:
    """Symbol code as printed (case kept) -> type name: ``TT`` -> ``Thông tư``, ``QĐ`` ->
    ``Quyết định``. Only types that have a code; a symbol without one (``UBND-NC``) names
    no type by itself."""
    out: dict[str, str] = {}
    for row in _load_yaml("doc_types.yaml").get("types", []):
        if row.get("kind") == "copy" or not row.get("name"):
            continue
        for c in (row.get("code"), *(row.get("other_codes") or [])):
            if c:
                out.setdefault(str(c), row["name"])
    for row in _load_yaml("citation_cues.yaml").get("extra_types", []):
        if row.get("name") and row.get("code"):
            out.setdefault(str(row["code"]), row["name"])
    return out


def fold(s: str) -> str:
    """Without diacritics, lower case, one space: OCR may damage a type word's marks.

    >>> fold("Quyết  đỉnh")
    'quyet dinh'
    """
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", s).casefold().strip()


@lru_cache(maxsize=4096)
def lookup_type(written: str) -> TypeWord | None:
    """The type a written type word names: exact first, then without diacritics
    ("Quyết đỉnh" read by OCR is "Quyết định")."""
    key = re.sub(r"\s+", " ", written).casefold()
    for t in type_words():
        if t.word.casefold() == key:
            return t
    key = fold(written)
    for t in type_words():
        if fold(t.word) == key:
            return t
    return None


# --- helpers ---------------------------------------------------------------------


# Pattern text built from cue words is memoised: the extractors ask for the same
# phrases for every mention, and building them (re.escape per word) was a large share
# of extraction time.
@cache
def phrase(words: str) -> str:
    """A phrase whose words may be split by any whitespace (line breaks included)."""
    return r"\s+".join(re.escape(w) for w in words.split())


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """Longest first, so a longer cue wins over its prefix."""
    return _alternation(tuple(phrases))


@cache
def _alternation(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


# A word boundary that knows Vietnamese letters (\w is Unicode in Python 3).
WB_START = r"(?<!\w)"
WB_END = r"(?!\w)"

# Upper-case letters of Vietnamese, for symbols: BGDĐT, QĐ, BCĐ.
_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"


# --- number and symbol -------------------------------------------------------------

# One piece of a symbol: starts upper-case or digit, may go on in lower case
# ("CTr" in 25-CTr/TU, "TTg", "QyĐ", "BVĐKLA", "NCTCD").
SEG = rf"[{_UP}0-9][\w]*"
# A piece that follows a loose separator must be all capitals/digits: "01/KHPH- JIA",
# "566/UBND-" + newline + "NC"; this keeps "12/KH-UBND - Công an tỉnh" from swallowing "Công".
CAPSEG = rf"[{_UP}0-9]+(?![\w])"
# "(PV28)" in "765/HD-CAT-PV11 (PV28)", "(PV01-PV05)" in "4126/HD-BCĐ(PV01-PV05)".
PAREN_SUFFIX = rf"(?:[ \t]?\((?:{CAPSEG})(?:-(?:{CAPSEG}))*\))"
_DASH = r"[-–]"
SEP_TIGHT = rf"(?:/|{_DASH})"
# separator then a line break or spaces (typeset scans, "01/KHPH- JIA HSIN-CAT")
SEP_LOOSE = rf"(?:(?:/|{_DASH})[ \t]*\n?[ \t]*)"
# "JIA HSIN-CAT": an all-capitals word joined by a space, itself followed by a separator.
SEP_SPACE = rf"(?:[ ](?={CAPSEG}{SEP_TIGHT}))"
# Old provincial symbols join the type and the body with a dot: "01/1999/QĐ.UB",
# "45/1998/QĐ.UBT"; only capitals on both sides, so a sentence's full stop is no part.
SEP_DOT = rf"(?:\.(?={CAPSEG}))"
SYMBOL = (
    rf"(?:{SEG})"
    rf"(?:(?:{SEP_TIGHT}(?:{SEG}))|(?:{SEP_LOOSE}(?:{CAPSEG}))|(?:{SEP_SPACE}(?:{CAPSEG}))"
    rf"|(?:{SEP_DOT}(?:{CAPSEG})))*"
    rf"{PAREN_SUFFIX}?"
)
# The number: digits, leading zeros kept ("09", "01"). Blank in a draft: "Kế hoạch số /KH-BCĐ".
# A letter may follow ("Quyết định số 12a/QĐ-UBND"); special resolutions have a decimal
# number before the symbol ("Nghị quyết số 66.4/2025/NQ-CP").
NUMBER = r"\d{1,5}(?:\.\d{1,2}(?=/))?[a-zđ]?(?![\d,.]\d)"
# Number then "/" or (party documents, "09-CT/TW") "-" then the symbol; the symbol of a
# party document starts with a letter, which keeps "2015-2020" out.
RE_REF = re.compile(
    rf"(?P<number>{NUMBER})?"
    rf"(?:[ \t]*(?P<sep>/)[ \t]*\n?[ \t]*(?P<symbol>{SYMBOL})"
    rf"|(?P<sep2>{_DASH})(?P<symbol2>(?=[{_UP}]){SYMBOL}))?"
)


def normalize_symbol(sym: str | None) -> str | None:
    """No spaces next to / - ( : ``HD-CAT-PV11 (PV28)`` -> ``HD-CAT-PV11(PV28)``."""
    if not sym:
        return None
    s = _SPACES.sub(" ", sym.replace("–", "-").replace("Ð", "Đ")).strip()
    # codes are capitals without vowel marks: "CT-BCẤ-V28" is OCR for "CT-BCA-V28" (Đ stays)
    if not s.isascii():
        s = "".join(unicodedata.normalize("NFD", ch)[0] if ch not in "Đđ" else ch for ch in s)
    # (each step only where it has something to do: the only blank left is " ", and an O
    # to read as a zero; the patterns open with a repeat or a look-behind, tried everywhere)
    if " " in s:
        s = _SPACED_SEP.sub(r"\1", s)
        s = _SPACED_CLOSE.sub(")", s)
    if "O" in s:
        s = _UNIT_CODE_O.sub(lambda m: m.group(1) + m.group(2).replace("O", "0"), s)
    s = s.rstrip(_FOOTNOTE_MARKS)
    return s or None


_SPACES = re.compile(r"\s+")
_SPACED_SEP = re.compile(r"\s*([/(-])\s*")
_SPACED_CLOSE = re.compile(r"\s*\)")
# A footnote mark stuck to a symbol: "Kế hoạch số 121/KH-CAT-PV05¹ ngày 15/3/2023"
_FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*"


# OCR reads the zero of a unit code as the letter O: "KH-CAT-PVO5" for "KH-CAT-PV05",
# "CV-PAO8" for "PA08". A unit code is 1-3 capitals then digits, so an O between the
# capitals and a digit, or among the digits, is a zero ("BCĐ", "MTTQ" have no digit).
_UNIT_CODE_O = re.compile(r"(?<![^\W\d_])([A-ZĐ]{1,3}?)(O*[0-9][0-9O]*)(?![^\W_])")


# --- mentions ------------------------------------------------------------------------

# "số", "số số" (typo in 001: "Kế hoạch số số 01/KHPH-..."), "số:"
# OCR reads "số" with any mark on the o ("sô", "sổ", "sỏ", "so").
SO = r"(?:(?i:s[oòóỏõọôồốổỗộơờớởỡợ])\s*:?\s*){1,2}"


def _type_alt() -> str:
    # grouped by first letter: the same matches, tried faster (see grouped_alternation)
    return grouped_alternation(tuple(phrase(t.word) for t in type_words()))


def first_letters(char_patterns: set[str]) -> str:
    """A look-ahead for the letters a type word can start with (either case).

    Python's regex engine tries every branch of a case-insensitive alternation at every
    position of the text; this look-ahead lets it pass over the other positions at once
    (the mention patterns were most of extraction time). ``char_patterns`` are patterns of
    one character each; the letters they match are found among the Latin and Vietnamese
    letters (and the Kelvin sign, which ignore-case matches to "k").
    """
    candidates = [
        chr(c) for c in (*range(0x20, 0x250), *range(0x1E00, 0x1F00), *range(0x2100, 0x2150))
    ]
    rxs = [re.compile(f"(?i:{cp})") for cp in char_patterns]
    chars = sorted({x for x in candidates for rx in rxs if rx.fullmatch(x)})
    return "(?=[" + "".join(re.escape(x) for x in chars) + "])"


TYPE = (
    rf"{WB_START}{first_letters({re.escape(t.word[0]) for t in type_words()})}"
    rf"(?P<type>(?i:{_type_alt()})){WB_END}"
)

# Any tone or vowel mark on a letter, and d/đ: OCR damages marks first ("Quyết đỉnh",
# "Kê hoạch"). Used only where "số" and a number follow the type word directly.
_MARKS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


def _fuzzy_char(ch: str) -> str:
    base = {"đ": "d", "Đ": "D"}.get(ch) or unicodedata.normalize("NFD", ch)[0]
    cls = _MARKS.get(base.lower())
    if cls is None:
        return re.escape(ch)
    return f"[{cls.upper() if base.isupper() else cls}]"


def fuzzy_phrase(words: str) -> str:
    """A phrase that matches whatever marks OCR left on its letters (case kept, so a
    case-sensitive pattern stays case-sensitive).

    >>> re.fullmatch(fuzzy_phrase("Căn cứ"), "Cân cừ") is not None
    True
    """
    return r"\s+".join("".join(_fuzzy_char(ch) for ch in w) for w in words.split())


def fuzzy_alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """Like :func:`alternation`, tolerant of OCR-damaged marks."""
    return "(?:" + "|".join(fuzzy_branches(phrases)) + ")"


def fuzzy_branches(phrases: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The branches of :func:`fuzzy_alternation`, longest phrase first."""
    return tuple(fuzzy_phrase(p) for p in sorted(phrases, key=len, reverse=True))


def cue_words(phrases: tuple[str, ...] | list[str]) -> str:
    """``(?i)(?<!\\w)`` and :func:`fuzzy_alternation` of ``phrases`` (case ignored there
    only), led by the phrases' first letters: see ``extractors.patterns.led_alternation``."""
    return led_alternation(fuzzy_branches(phrases), r"\w")


def _fuzzy_type_alt() -> str:
    return grouped_alternation(_fuzzy_type_branches())


def _fuzzy_type_branches() -> tuple[str, ...]:
    names = sorted({t.word for t in type_words() if t.name}, key=len, reverse=True)
    return tuple(fuzzy_phrase(n) for n in names)


TYPE_FUZZY = (
    rf"{WB_START}{first_letters({_fuzzy_char(t.word[0]) for t in type_words() if t.name})}"
    rf"(?P<type>(?i:{_fuzzy_type_alt()})){WB_END}"
)
# Words between the type and "số": the name of a law ("Luật Tổ chức Chính phủ số 63/2025/QH15"),
# a qualifier ("Quy chế phối hợp số 03/QC-BCA-BYT"). No digits, no sentence punctuation,
# at most 15 words; only allowed when a symbol follows (else "Tổ công tác số 3" would count).
GAP = r"(?P<gap>(?:\s+[^\s\d;:.()“”\"!?\[\]]+){1,15}?)"

# TYPE [gap] số REF   -- the usual form: "Hướng dẫn số 4126/HD-BCĐ(PV01-PV05)"
# A colon may follow a plural type that opens a list: "Bãi bỏ các Quyết định: số 12/QĐ-UBND
# ..., số 15/QĐ-UBND ..." (then a symbol is required: "Kế hoạch: số 5 cán bộ" is no citation).
RE_MENTION_SO = re.compile(rf"{TYPE}(?:{GAP})??(?P<colon>[^\S\n]*:)?\s+(?P<so>{SO})(?=[\d/])")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Type codes written as the type in informal text: ``QĐ`` -> ``Quyết định``."""
    raw = _load_yaml("citation_cues.yaml").get("abbreviations") or {}
    return {str(k): str(v) for k, v in raw.items() if k and v}


# "theo QĐ số 1395/QĐ-UBND", "CV số 12/UBND-NC": capitals only, a symbol must follow
RE_MENTION_ABBR = re.compile(
    rf"(?<![\w/-])(?P<type>"
    rf"{'|'.join(sorted(map(re.escape, abbreviations()), key=len, reverse=True))})"
    rf"\s+(?P<so>{SO})(?=\d)(?P<gap>)"
)
# Where such a code stands (the codes are letters): RE_MENTION_ABBR can only match where
# one starts that no other covers, and is tried only there (see type_word_matches).
_ABBR_CODE = re.compile("|".join(sorted(map(re.escape, abbreviations()), key=len, reverse=True)))


def abbreviation_starts(text: str) -> list[int]:
    """Where an abbreviated type (RE_MENTION_ABBR) may start in ``text``."""
    return [m.start() for m in _ABBR_CODE.finditer(text)]


# The same without a gap, for type words whose marks OCR damaged: "Quyết đỉnh số 12/QĐ-UBND"
# A short gap is allowed (then a symbol is required): "Quy chê phối hợp số 03/QCPH-CAT-MTTQ"
GAP_SHORT = r"(?P<gap>(?:\s+[^\s\d;:.()“”\"!?\[\]]+){1,4}?)"
RE_MENTION_SO_FUZZY = re.compile(rf"{TYPE_FUZZY}(?:{GAP_SHORT})??\s+(?P<so>{SO})(?=[\d/])")
# Every place a type word (exact or with damaged marks) starts: the four mention patterns
# that open with a type word are tried only there (see :func:`type_word_matches`).
RE_TYPE_WORD_START = re.compile(
    "(?=" + TYPE.replace("(?P<type>", "(?:") + "|" + TYPE_FUZZY.replace("(?P<type>", "(?:") + ")"
)


def type_word_starts(text: str) -> list[int]:
    """Where a type word starts in ``text``, overlapping ones included: the same as
    ``[m.start() for m in RE_TYPE_WORD_START.finditer(text)]``, scanned one first letter
    at a time (see ``extractors.patterns.letter_led_starts``; the look-ahead above was
    tried at every position of the text, a quarter of the citation time)."""
    starts = [m.start() for rx in _TYPE_WORD_START_BY_LETTER for m in rx.finditer(text)]
    starts.sort()
    return starts


_TYPE_WORD_START_BY_LETTER = tuple(
    re.compile(p)
    for p in letter_led_starts(
        tuple(phrase(t.word) for t in type_words()) + _fuzzy_type_branches(), r"\w", WB_END
    )
)


def type_word_matches(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match]:
    """``rx.finditer(text)`` for a pattern that opens with a type word, tried only where one
    starts: one scan of the text finds the places for all four such patterns, instead of
    one scan each. Same matches, in the same order (non-overlapping, leftmost first)."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = rx.match(text, pos)
        if m is not None:
            yield m
            end = max(m.end(), pos + 1)


# Where RE_MENTION_SO or RE_MENTION_SO_FUZZY may match: from the type word to its "số" stand
# only the type word, the gap's words, blanks and a colon, none of _GAP_STOP's characters.
# So a type word with such a character before the next "số" (any mark on the o, either
# case) starts neither (each is a long lazy pattern, tried at every type word otherwise).
_SO_WORD = re.compile(r"[sSſ](?i:[oòóỏõọôồốổỗộơờớởỡợ])")  # SO's first two letters
_GAP_STOP = re.compile(r"[\d;.()“”\"!?\[\]]")  # what no gap holds (GAP, GAP_SHORT)


def so_word_starts(text: str) -> list[int]:
    """Where _SO_WORD stands in ``text``, in order (one scan for all the type words)."""
    return [m.start() for m in _SO_WORD.finditer(text)]


def so_may_follow(text: str, pos: int, so_starts: list[int]) -> bool:
    """Whether a "số" (``so_starts``: so_word_starts(text)) stands after ``pos`` with no
    _GAP_STOP character before it."""
    i = bisect.bisect_left(so_starts, pos)
    return i < len(so_starts) and _GAP_STOP.search(text, pos, so_starts[i]) is None


# TYPE REF (no "số"): "Chỉ thị 09-CT/TW", "Chỉ thị 08/CT-UBND", short "Quyết định 1395"
RE_MENTION_BARE = re.compile(rf"{TYPE}\s+(?=\d)")
# The same for type words whose marks OCR damaged, kept only with a symbol:
# "tiếp tục thực hiện Quyêt định 1395/QĐ-UBND của Chủ tịch UBND tỉnh"
RE_MENTION_BARE_FUZZY = re.compile(rf"{TYPE_FUZZY}\s+(?=\d)")
# ", và số 15/2021/NĐ-CP" after a citation: a list that shares the type word
RE_LIST_CONT = re.compile(
    rf"\s*(?:,|;|và|,\s*và)\s*(?:(?P<so>{SO})(?=\d)"
    # "Luật Ngân sách nhà nước số 89/2025/QH15, 83/2015/QH13": a year-bearing symbol, no "số"
    rf"|(?P<noso>)(?=\d{{1,5}}/(?:19|20)\d{{2}}/[{_UP}])"
    # "các Kế hoạch số 33/KH-UBND, 115/KH-UBND và 120/KH-UBND": a symbol right after the
    # number (a capital after "/" keeps dates such as ", 15/3/2024" out)
    rf"|(?P<nosym>)(?=\d{{1,5}}(?:/[{_UP}]|{_DASH}[{_UP}]+/)))"
)
# A reference printed without a type word (rule "coded_symbol_ref"): "Công tác đăng ký cư
# trú thực hiện theo 23/2012/TT-BCA-V28", "thực hiện theo 06/2015/TTLT-BCA-BGDĐT", "... tại
# 1395/QĐ-UBND ...", party "09-CT/TW". Only where a number starts (not inside "2012/TT-BCA"
# nor a date "15/8/2014") and "/" or "-" then a letter or a year follows; the code and the
# issuer part are checked by citations._mention_coded.
RE_MENTION_CODED = re.compile(
    # its first digit (only the start is used), the look-behind written after it
    rf"\d(?<![\w/.,:-]\d)(?=\d{{0,4}}[a-zđ]?[ \t]*"
    rf"(?:/[ \t]*(?:[{_UP}]|(?:19|20)\d{{2}}/)|{_DASH}[{_UP}]))"
)
# Words right before such a number that make it something else: "Số: 12/QĐ-UBND" (an own
# number line, a header table), "Mẫu 01/TT-BTC", "Biểu 02/BC-UBND" (forms), "ký hiệu".
RE_CODED_NOT_AFTER = re.compile(
    r"(?i)(?<!\w)(?:s[ốôoổ]|mẫu|biểu|ký\s+hiệu|kí\s+hiệu|phụ\s+lục)[^\S\n]*[:.]?[^\S\n]*$"
)
# After a bare short form's number: a time or quantity word ("Quyết định 1 lần",
# "Báo cáo 6 tháng", "Kế hoạch 5 năm") makes it a count, not a document number.
RE_SHORT_NOT_AFTER = re.compile(
    rf"[^\S\n]*(?:%|(?i:{alternation(cues().short_form_not_after)}){WB_END})"
)

# A revision mark or a conference code in brackets right after a short form's number
# names another numbering system: the ITU radio regulations quoted in a frequency plan
# cite "Nghị quyết 612 (Rev.WRC-12)", "Nghị quyết 528 (WRC19 sửa đổi)", "Nghị quyết 114 (đã
# được xem lại tại WRC-03)" -- not the Vietnamese resolution numbered 612.
# The same passages name the ITU's decisions too ("ngoại trừ Quyết định 03 liên quan đến
# ..." a few words after "(WRC-19 sửa đổi)"), so such a mark near the short form counts.
RE_SHORT_FOREIGN = re.compile(
    rf"\((?:[^()\n]{{0,40}}?(?<![\w])"
    rf"(?:Rev\.|(?:[{_UP}]{{2,}}[-‑][ ]?|[{_UP}]{{3,}})\d{{2,4}}(?!\w)))"
)
# How far around a short form that mark is looked for (about a sentence).
SHORT_FOREIGN_WINDOW = 150
# A reference without a type word stands in running text: the character before it is a
# lower-case word ("theo 23/2012/TT-BCA", "tại 1395/QĐ-UBND") or a comma, a semicolon, an
# opening bracket or quote. A symbol alone under a form's label ("Mẫu số 06\n58/2025/TT-BKHCN",
# "BM I.1\n58/2025/...") marks which document a form belongs to; it cites nothing.
RE_CODED_RUNNING_TEXT = re.compile(r"(?:[^\W\d_]|[,;(“\"‘])$")

# Unnumbered parent named in an attachment's title: "(Kèm theo Biên bản họp ngày 20/11/2018"
RE_MENTION_UNNUMBERED = re.compile(
    rf"{TYPE}(?P<gap>(?:\s+[^\s\d;:.()“”\"]+){{0,4}}?)\s+(?=ng\w{{1,2}}y\s*[\d/.])"
)

# After the reference: ", ngày 19/11/2018", " ban hành ngày ...", " ngày 27 tháng 4 năm 2012"
# "ngày" as OCR may read it ("ngảy", "ngay"), as dates.py's wordy date accepts it
RE_DATE_LEAD = re.compile(r"\s*,?\s*(?:(?i:ban\s+hành)\s+)?(?=(?i:ng\w{1,2}y)(?!\w))")
RE_NGAY = re.compile(r"(?i:ng\w{1,2}y)\s*")
# "Quyết định số 12/QĐ-UBND năm 2020": only the year
RE_YEAR_ONLY = re.compile(r"\s*,?\s*(?i:n[ăa]m)\s+(?P<y>(?:19|20)\d{2})(?!\d)")

# Issuer intro: ", của Bộ Công an", " giữa Bộ Công an và Bộ Y tế"
RE_ISSUER_LEAD = re.compile(rf"\s*,?\s*(?P<intro>(?i:{alternation(cues().issuer_intro)}))\s+")


# --- places that are not citations -----------------------------------------------------

# The own number at the top: "Số: 4575/BC-VP"; OCR may read "Sô"/"So".
# Just the "Số: 4575/BC-VP" part of that line: an OCR line may hold other header text.
RE_OWN_NUMBER = re.compile(r"(?m)(?<!\w)S[ốôo][^\S\n]*[:.][^\S\n]*[^\s,;]*")
# "ĐẾN Số: 2.3.6.9..... Ngày: 28/11/2018" (arrival stamp, the receiver's register)
RE_ARRIVAL = re.compile(r"(?m)^[^\n]*Đ[ẾE]N\b[^\n]*(?:\n[^\n]*){0,3}?Ngày\s*:[^\n]*$")
# "CÔNG BÁO/Số 278/Ngày 18-05-2026" running header of the gazette, on every page
RE_GAZETTE_HEADER = re.compile(r"(?im)^[^\n]*C[ÔO]NG\s+B[ÁA]O\s*/?\s*S[ốôo]\s*\d+[^\n]*$")
# What such a line holds, found fast (from its first letter): no such words, no such line.
_GAZETTE_WORDS_BRANCH = r"C[ÔO]NG\s+B[ÁA]O\s*/?\s*S[ốôo]\s*\d"  # in any case
_GAZETTE_WORDS = re.compile(rf"[Cc](?i:{_GAZETTE_WORDS_BRANCH[1:]})")


# The same words, one pattern per case of the first letter: the engine finds a literal "C"
# or "c" with its fast search (a class of both is tried at every letter)
_GAZETTE_WORDS_BY_LETTER = tuple(
    re.compile(p) for p in letter_led_starts((_GAZETTE_WORDS_BRANCH,), None, "")
)


def gazette_header_lines(text: str) -> list[re.Match[str]]:
    """The lines RE_GAZETTE_HEADER matches in ``text``."""
    if not any(rx.search(text) for rx in _GAZETTE_WORDS_BY_LETTER):
        return []  # no such words, no such line (the same as _GAZETTE_WORDS.search)
    return list(RE_GAZETTE_HEADER.finditer(text))


# "Nơi nhận:" then the list ("- Như trên;" ... "- Lưu: VT, ...")
RE_DISTRIBUTION_START = re.compile(r"(?im)^[^\S\n]*N[ơo]i\s+nh[ậa]n\s*:?")
# Its words alone, one pattern per case of the first letter (RE_DISTRIBUTION_START opens
# with "^" and is tried at every position up to the list, near a document's end)
_NOI_NHAN_WORDS = tuple(re.compile(p) for p in letter_led_starts((r"N[ơo]i\s+nh[ậa]n",), None, ""))


def distribution_start(text: str) -> re.Match[str] | None:
    """``RE_DISTRIBUTION_START.search(text)``: tried only at the starts of the lines where
    its words stand after blanks alone."""
    for q in sorted(m.start() for rx in _NOI_NHAN_WORDS for m in rx.finditer(text)):
        line_start = text.rfind("\n", 0, q) + 1
        if all(c.isspace() for c in text[line_start:q]):  # [^\S\n]*: no "\n" in there
            m = RE_DISTRIBUTION_START.match(text, line_start)
            if m is not None:
                return m
    return None


RE_LIST_LINE = re.compile(r"^[^\S\n]*[-+•*]")

# --- document structure -------------------------------------------------------------

# The first numbered section ends the opening: "I. MỤC ĐÍCH", "1. Công tác", "Điều 1.",
# "Chương I", "PHẦN I", "a) ...". (The opening names what the document answers.)
RE_SECTION_HEADING = re.compile(
    r"(?m)^[^\S\n]*(?:\*\*)?(?:[IVX]{1,5}\s*[.:/)-]\s+\S|\d{1,2}\s*[.)]\s+\S|Điều\s+1\b|"
    r"Chương\s+[IVX1]\b|PHẦN\s+[IVX1]\b|Phần\s+[IVX1]\b|[a-z]\)\s+\S)"
)
# A "V/v" subject line (công văn), possibly over several lines.
RE_VV_LINE = re.compile(r"(?im)^[^\S\n]*(?:V/v|V\.v|Về việc)\b")
# Where a V/v subject stops: a blank line, "Kính gửi", the place-and-date line.
RE_VV_END = re.compile(
    r"(?im)\n[^\S\n]*\n|\n(?=[^\S\n]*(?:Kính\s+gửi|[^\n,]{2,40},\s*ng\w{1,2}y\b))"
)
# "Kính gửi:" block in the header
RE_KINH_GUI = re.compile(r"(?im)^[^\S\n]*Kính\s+gửi\s*:?")

# Clause ends: ";", ". " before a capital, ":" at a line end, a blank line.
RE_CLAUSE_END = re.compile(rf"[;]|[.:](?=[^\S\n]*\n)|\.(?=\s+[{_UP}\W])|\n[^\S\n]*\n|\.\s*$")
# Sentence ends (for repeals): as clause, but ";" does not end it.
RE_SENTENCE_END = re.compile(rf"[.:](?=[^\S\n]*\n)|\.(?=\s+[{_UP}])|\n[^\S\n]*\n|;(?=[^\S\n]*\n)")


def _cue_at_start(words: tuple[str, ...]) -> re.Pattern[str]:
    # at the start of a paragraph, of a list item ("- Thực hiện ..."), or after "; ".
    # Case-sensitive: a paragraph starts "Thực hiện"; "THỰC HIỆN TIÊU CHÍ ..." is a title
    # line (the score sheet of seed 000), not an opening.
    return re.compile(
        rf"(?m)(?:^[^\S\n]*(?:[-+•*]\s*)?(?:\*\*)?|[;]\s*){fuzzy_alternation(words)}{WB_END}"
    )


# Opening cue, paragraph-initial: "Thực hiện Hướng dẫn số 4126...", "Theo báo cáo của ..."
RE_ANSWER_CUE = _cue_at_start(cues().relations["answers"])
RE_NOT_ANSWER_CUE = re.compile(rf"(?i){fuzzy_alternation(cues().relations['not_answers'])}{WB_END}")
# "Thời gian qua ... . Để bảo đảm an ninh, trật tự tại các cơ sở khám bệnh, chữa bệnh, thực
# hiện Chỉ thị số 22/CT-BYT ..., Cục ... đề nghị" (held-out 2, 11): a sentence that opens
# with a purpose clause ("Để …," / "Nhằm …,"), at a paragraph or sentence start ...
RE_PURPOSE_START = re.compile(
    rf"(?m)(?:^[^\S\n]*(?:[-+•*]\s*)?|(?<=[.!?])[^\S\n]+)"
    rf"{fuzzy_alternation(cues().relations['purpose_starts'])}{WB_END}"
)
# ... then, after one of its commas, the answer verb in lower case ("…, thực hiện Chỉ thị …")
RE_PURPOSE_ANSWER = re.compile(
    rf",[^\S\n]*\n?[^\S\n]*{fuzzy_alternation(cues().relations['purpose_answers'])}{WB_END}"
)
# "Căn cứ Thông tư số 124/2021/TT-BCA ...; thực hiện Kế hoạch số 17/KH-BCA ..., Công an
# tỉnh hướng dẫn như sau:" a clause coordinated after a "Căn cứ" phrase by ";" whose verb
# (in lower case) names what the document implements
RE_COORDINATED_ANSWER = re.compile(
    rf";[^\S\n]*\n?[^\S\n]*{fuzzy_alternation(cues().relations['purpose_answers'])}{WB_END}"
)
# "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 215/TTr-CAT-PV01 ...": the
# proposal a decision or submission acts on (an opening clause, usually after "Căn cứ")
RE_PROPOSAL_CUE = _cue_at_start(cues().relations["proposal"])
# the proposing document comes right after "tại" / "theo" (and an optional "văn bản")
# "Ngày 02/3/2023, Sở Tư pháp nhận được Công văn số 45/UBND-VX ...": the cue right before
# the document a reply answers
RE_RECEIVED_BEFORE = re.compile(
    rf"(?i)(?<!\w){alternation(cues().relations['received'])}\s+(?:văn\s+bản\s+)?$"
)
RE_PROPOSAL_DOC_BEFORE = re.compile(rf"(?i)(?<!\w)(?:{fuzzy_alternation(['tại', 'theo'])})\s+$")
# "Căn cứ Thông tư số 124/2021/TT-BCA ..." (anywhere a clause starts; lower case too)
RE_BASED_ON_CUE = re.compile(
    rf"(?im)(?:^|(?<=[;,:(]))[^\S\n]*(?:[-+•*]\s*)?(?:[*_]{{1,3}}\s*)?"
    # a numbered list of bases: "5. Căn cứ Quyết định số 932/QĐ-UBND ...", "b) Căn cứ ..."
    rf"(?:(?:\d{{1,2}}|[a-zđ])[.)][^\S\n]+)?"
    rf"{fuzzy_alternation(cues().relations['based_on'])}{WB_END}"
)
# The cue words alone, in any case: a text without them has no RE_BASED_ON_CUE match.
RE_BASED_ON_WORDS = re.compile(led_alternation(fuzzy_branches(cues().relations["based_on"]), None))
_BASED_ON_WORDS = LedFinder(RE_BASED_ON_WORDS, fuzzy_branches(cues().relations["based_on"]), None)


def based_on_cues(text: str) -> list[re.Match[str]]:
    """The matches of ``RE_BASED_ON_CUE.finditer(text)``, tried only where one may start.

    RE_BASED_ON_CUE opens with a line start or a look-behind, so it is tried at every
    position of the text (half a millisecond per seed file). Every match holds cue words
    (RE_BASED_ON_WORDS, led by their first letter) and starts at most the length of its
    lead-in before them: blanks, a bullet, markdown marks, a list number or letter. So at
    each place the cue words stand, the pattern is tried at the places from the start of
    what may be such a lead-in up to the words, in order, the first match taken."""
    out: list[re.Match[str]] = []
    last_end = 0
    for words in _BASED_ON_WORDS.finditer(text):
        if words.start() < last_end:
            continue
        p = words.start()
        while p > last_end and _may_lead_cue(text, p - 1):
            p -= 1
        for q in range(p, words.start() + 1):
            m = RE_BASED_ON_CUE.match(text, q)
            if m is not None:
                out.append(m)
                last_end = m.end()
                break
    return out


def _may_lead_cue(text: str, i: int) -> bool:
    """Whether ``text[i]`` may be part of a "Căn cứ" lead-in (a superset of what the
    pattern's lead-in takes: blanks, digits, bullets, marks, a letter before "." or ")")."""
    c = text[i]
    return (
        c.isspace()
        or c.isdigit()
        or c in "-+•*_.)"
        or (c.isalpha() and text[i + 1 : i + 2] in (".", ")"))
    )


# Where a "Căn cứ ..." phrase gives way to the sentence's main clause: a comma, a subject
# of one to six words that starts with a capital or a subject word ("Hội nghị", "UBND xã",
# "các đơn vị") and holds no linking word (so "của Bộ Y tế, Bộ Công an về ..." or "Luật Thi
# đua, Khen thưởng và Nghị định ..." stay in the phrase), then a main-clause verb:
# "Căn cứ Quyết định số 18/2022/QĐ-TTg ..., Hội nghị xem xét hồ sơ ... theo Tờ trình số 85".
_LINK_WORDS = r"(?:và|hoặc|cùng|của|về|tại|theo|số|ngày|năm|bởi|với|do)"
# (\s+: a line that OCR wrapped may break anywhere in it)
RE_MAIN_CLAUSE = re.compile(
    rf",\s+(?:[{_UP}][^\s,;.]*|{alternation(cues().relations['main_clause_subjects'])})"
    rf"(?:\s+(?!{_LINK_WORDS}{WB_END})[^\s,;.]+){{0,5}}?\s+"
    rf"{alternation(cues().relations['main_clause_verbs'])}{WB_END}"
)
# "(kèm theo Kế hoạch số /KH-BCĐ ...)", "(Ban hành kèm theo Quyết định số ...)"
RE_ATTACHED_CUE = re.compile(
    rf"(?i)(?:\(|^[^\S\n]*)[^\S\n]*{fuzzy_alternation(cues().relations['attached_to'])}\s+", re.M
)
RE_REPEAL_CUE = re.compile(rf"{cue_words(cues().relations['repeals'])}{WB_END}")
RE_AMEND_CUE = re.compile(rf"{cue_words(cues().relations['amends'])}{WB_END}")
# Their matches over a whole text, found one first letter at a time (see LedFinder)
REPEAL_CUES = LedFinder(RE_REPEAL_CUE, fuzzy_branches(cues().relations["repeals"]), r"\w")
AMEND_CUES = LedFinder(RE_AMEND_CUE, fuzzy_branches(cues().relations["amends"]), r"\w")
RE_PASSIVE_BEFORE = re.compile(rf"(?i){WB_START}{alternation(cues().relations['passive'])}\s*$")
# "(sau đây gọi tắt là Chỉ thị số 07)", "(viết tắt là Công văn số 566/UBND-NC)", "(Chỉ thị số 07)"
RE_ALIAS_BEFORE = re.compile(rf"(?i)\(\s*(?:{alternation(cues().alias_cues)}\s*:?\s*)?[\"“]?\s*$")


# --- deadlines ------------------------------------------------------------------------

# Markdown bold/italic marks between words ("trước ngày **01/4/2024**", "(*hoàn thành ...*)")
MD = r"(?:[*_]{1,3})?"
# A day/month with optional year: "01/5/2024", "30/9", "01-4-2024", "ngày 01 tháng 5 năm 2024".
# Without a year only "/" or "-" ("trở về trước\n25.2. Nhà tù Kiến An" is a list number).
DM_DATE = (
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?P<d3>\d{1,2})\s*[/-]\s*(?P<m3>\d{1,2})(?![\d/-])"
    r"|(?P<d2>\d{1,2})\s+th[áa]ng\s+(?P<m2>\d{1,2})(?:\s+n[ăa]m\s+(?P<y2>(?:19|20)\d{2}))?"
)
# "trước ngày 01/5/2024", "trước **ngày 01/5/2024**", "hoàn thành trước 30/9", "chậm nhất ngày ..."
# A time of day before the date: "gửi về Văn phòng trước 16 giờ 00 ngày 13/11/2023",
# "trước 17h00, ngày 10/7/2025", "trước 9 giờ 30 phút ngày ...".
TIME_OF_DAY = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*)"
RE_DEADLINE_BEFORE = re.compile(
    rf"(?P<cue>{cue_words(cues().deadline_before)}){WB_END}"
    rf"(?i:\s*{MD}\s*(?:{TIME_OF_DAY}(?=ng\w{{1,2}}y))?(?:ng\w{{1,2}}y\s*{MD}\s*)?(?:{DM_DATE}))"
)
# "trong tháng 5/2024", "hoàn thành xong trong tháng 5/2024", "trong tháng 5 năm 2024"
RE_DEADLINE_WITHIN = re.compile(
    rf"(?P<cue>{cue_words(cues().deadline_within)})(?i:\s*{MD}\s*"
    r"(?P<m>\d{1,2})(?:\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2}))?(?![\d/]))"
)
# Their matches over a whole text, found one first letter at a time (see LedFinder)
DEADLINES_BEFORE = LedFinder(RE_DEADLINE_BEFORE, fuzzy_branches(cues().deadline_before), r"\w")
DEADLINES_WITHIN = LedFinder(RE_DEADLINE_WITHIN, fuzzy_branches(cues().deadline_within), r"\w")
# A labelled time limit, the date right after the colon: "Thời hạn: 30/6/2024",
# "Hạn cuối nhận hồ sơ: 17 giờ 00 ngày 30/9/2024" (a bare "Thời gian: 08 giờ 00, ngày
# 15/11/2023" dates a meeting and is no label)
RE_DEADLINE_LABEL = re.compile(
    rf"(?im)^[^\S\n]*(?:[-+•*]\s*|\d+(?:\.\d+)*\.\s*|[a-zđ]\)\s*)?{MD}"
    rf"(?P<label>{alternation(cues().deadline_labels)}[^:\n]{{0,60}}?){MD}\s*:\s*{MD}\s*"
    rf"(?:(?:trước|chậm\s+nhất(?:\s+là)?|đến)\s+)?{TIME_OF_DAY}?(?:ng\w{{1,2}}y\s*{MD}\s*)?"
    rf"(?:{DM_DATE})"
)
RE_DEADLINE_NOT = re.compile(rf"(?i){WB_START}{alternation(cues().deadline_not)}{WB_END}")
RE_DEADLINE_VERB = re.compile(rf"(?i){WB_START}{alternation(cues().deadline_verbs)}{WB_END}")
# "chậm nhất ngày ...", "hạn chót": a deadline whatever the verb
RE_DEADLINE_STRONG = re.compile(r"(?i)chậm\s+nhất|hạn\s+chót|không\s+quá\s+ngày")
RE_DEADLINE_RECURRING = re.compile(
    rf"(?i)[\s,]*(?:{alternation(cues().deadline_recurring)}){WB_END}"
)
# Parentheticals and markdown marks dropped from a deadline's "what".
RE_PAREN = re.compile(r"\([^()]*\)")
RE_MD_MARKS = re.compile(r"[*_]{1,3}")
# Clause start for a deadline's "what": ";", ". ", a blank line, a list bullet or number
# ("- Xây dựng báo cáo ...", "a) Trước ngày ..."). A bare line start is not one: text
# layers break lines inside a sentence.
RE_WHAT_START = re.compile(
    r"(?m)[;:]\s*|\.\s+|\n[^\S\n]*\n|^[^\S\n]*(?:[-+•*]+|\d+(?:\.\d+)*\.|[a-zđ]\))[^\S\n]*"
)
