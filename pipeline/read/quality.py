"""How well a page's text reads as Vietnamese: one number per page, 0..1.

    measure(text, ocr_confidence=None) -> Quality

Three signals, each cheap (one pass of a regex over the text, no word list):

* **valid syllables** – the share of the page's words that are well-formed Vietnamese
  syllables under the syllable grammar below (onset + rhyme + tone). A text layer left by
  an English OCR engine reads ``tiép``, ``cia``, ``S6``, ``gidm`` – none of them a syllable.
* **diacritics** – the share of the valid syllables that carry a Vietnamese mark (a tone,
  ``â ă ê ô ơ ư`` or ``đ``). Printed Vietnamese has marks on about three syllables in
  four; the same text stripped of its marks (``UY BAN NHAN DAN``) is made of valid
  syllables and has none, so the grammar alone would pass it.
* **OCR confidence** – Tesseract's mean word confidence, for OCR'd pages.

The grammar is the orthography of Vietnamese: a syllable is an optional onset
(:data:`ONSETS`), a rhyme (:data:`RHYMES`: optional medial ``o``/``u``, a nucleus, an
optional coda) and at most one tone mark; a rhyme closed by ``p t c ch`` takes only the
sắc or nặng tone. Upper-case abbreviations that are not syllables (``UBND``, ``HĐND``)
and words with digits are not counted at all: they are neither Vietnamese nor damage.

Measured on ``../shared`` (``scripts/eval_real_scans.py --quality``): the seeds' text
0.93–0.99; OCR of the seed scans 0.90–0.97; the English OCR layers of
``real/scans_bad_layer`` 0.14–0.19.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------- the syllable grammar

# Initial consonants, longest first so "ngh" is tried before "ng" and "n". "qu" is an
# onset of its own (its "u" is the medial, spelt with q only); "gi" before a vowel is one
# consonant ("gia", "giữ"), while "gì", "gìn" read as g + i.
ONSETS: tuple[str, ...] = tuple(
    sorted(
        "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)

# Rhymes without their tone mark, as the orthography spells them (Đoàn Thiện Thuật,
# "Ngữ âm tiếng Việt", the table of rhymes; spelling variants y/i after onsets included).
_RHYMES_PLAIN = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu ynh
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet
uâc uân uâng uât uây uê uêch uênh uơ
uy uya uych uyên uyêt uynh uyt uyu
"""
RHYMES: frozenset[str] = frozenset(_RHYMES_PLAIN.split())

# After "qu" the medial u is already spelt: "quan" is qu + an, "quyết" qu + yêt, "quốc"
# is the exception qu + ôc (rhyme uôc). Rhymes that may follow qu:
QU_RHYMES: frozenset[str] = frozenset(
    r for r in RHYMES if r[0] in "aăâeêyiơô" and not r.startswith(("ia", "iê"))
)

# Combining tone marks (NFD): huyền, sắc, hỏi, ngã, nặng.
TONES = "\u0300\u0301\u0309\u0303\u0323"
STOP_CODAS = ("p", "t", "c", "ch")
# A vowel letter's own marks (circumflex, breve, horn) stay part of the letter.
_VOWEL_MARKS = "\u0302\u0306\u031b"

_WORD = re.compile(r"[^\W\d_]+(?:[\d_][^\W_]*)?", re.UNICODE)


def _split_tone(word: str) -> tuple[str, str | None, int]:
    """(word without tone marks, the tone mark, how many tone marks it had)."""
    plain, tone, count = [], None, 0
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            tone, count = ch, count + 1
        else:
            plain.append(ch)
    return unicodedata.normalize("NFC", "".join(plain)), tone, count


def is_syllable(word: str) -> bool:
    """Whether ``word`` (one token, any case) is a well-formed Vietnamese syllable.

    >>> [is_syllable(w) for w in ("Nghị", "quyết", "đường", "giữ", "gìn", "Thanh", "UBND")]
    [True, True, True, True, True, True, False]
    >>> [is_syllable(w) for w in ("tiép", "cia", "gidm", "thyc", "hoá", "lugng")]
    [False, False, False, False, True, False]
    """
    plain, tone, count = _split_tone(word.lower())
    if count > 1 or not plain:
        return False
    for onset in (*ONSETS, ""):
        if not plain.startswith(onset):
            continue
        rhyme = plain[len(onset) :]
        if onset == "qu":
            ok = rhyme in QU_RHYMES or rhyme in ("ôc",)
        elif onset == "gi":
            # "gia", "giữ", "giếng"; a bare "gi" + tone is g + i.
            ok = rhyme in RHYMES or rhyme == ""
        else:
            ok = rhyme in RHYMES
            # Spelling: k, gh, ngh before e ê i y only; c, g, ng never there ("kẻ", "ghi",
            # "nghị", but "cá", "gà", "ngà"); so "cia" is no syllable.
            front = rhyme[:1] in ("e", "ê", "i", "y")
            if onset in ("k", "gh", "ngh"):
                ok = ok and front
            elif onset in ("c", "ng"):
                ok = ok and not front
            elif onset == "g":  # "gì", "gìn" are g + i; "ge", "gê" are spelt gh
                ok = ok and rhyme[:1] not in ("e", "ê")
        if not ok:
            continue
        # a closed rhyme takes only sắc or nặng
        return tone is None or not rhyme.endswith(STOP_CODAS) or tone in "\u0301\u0323"
    return False


def has_mark(word: str) -> bool:
    """A tone mark, â ă ê ô ơ ư, or đ."""
    if "đ" in word or "Đ" in word:
        return True
    return any(ch in TONES or ch in _VOWEL_MARKS for ch in unicodedata.normalize("NFD", word))


# ---------------------------------------------------------------- the page measure


@dataclass(frozen=True, slots=True)
class Quality:
    """The text quality of one page."""

    score: float | None  # 0..1; None when the page has too few words to judge
    words: int  # words counted (syllable-shaped or damaged; abbreviations left out)
    valid: float  # share of counted words that are valid syllables
    marked: float  # share of valid syllables with a Vietnamese mark
    ocr_confidence: float | None = None

    def describe(self) -> str:
        if self.score is None:
            return f"{self.words} words, too few to judge"
        conf = "" if self.ocr_confidence is None else f", OCR confidence {self.ocr_confidence:.2f}"
        return (
            f"quality {self.score:.2f}: {self.valid:.0%} valid syllables, "
            f"{self.marked:.0%} with diacritics{conf}"
        )


# Below this many counted words a page's quality is not judged (a page number, a stamp).
MIN_WORDS = 20
# Printed Vietnamese marks about three syllables in four (the seeds: 0.74-0.80); a text
# whose valid syllables carry marks at half that rate has lost its diacritics.
NORMAL_MARKED = 0.6


def measure(text: str, ocr_confidence: float | None = None) -> Quality:
    """The quality of one page's text (and of its OCR, when it was OCR'd).

    ``score`` = valid-syllable share x diacritics factor (marked share / 0.6, at most 1),
    and for an OCR'd page the mean of that and the OCR confidence.
    """
    counted = valid = marked = 0
    # Each distinct word is judged once: a page repeats a few hundred syllables.
    for w, n in Counter(_WORD.findall(text)).items():
        kind = _word_kind(w)
        if kind == _SKIP:
            continue
        counted += n
        if kind != _DAMAGED:
            valid += n
            marked += n * (kind == _MARKED)
    if counted < MIN_WORDS:
        return Quality(None, counted, 0.0, 0.0, ocr_confidence)
    v = valid / counted
    mk = marked / valid if valid else 0.0
    text_score = v * min(1.0, mk / NORMAL_MARKED)
    score = text_score if ocr_confidence is None else (text_score + ocr_confidence) / 2
    return Quality(round(score, 4), counted, round(v, 4), round(mk, 4), ocr_confidence)


# What one word counts as in :func:`measure`.
_SKIP, _DAMAGED, _PLAIN, _MARKED = range(4)


@lru_cache(maxsize=1 << 16)
def _word_kind(w: str) -> int:
    if any(ch.isdigit() or ch == "_" for ch in w):
        return _SKIP  # "S6", "V28", "2l": damaged or codes, judged by the extractors
    if is_syllable(w):
        return _MARKED if has_mark(w) else _PLAIN
    if len(w) == 1 or w.isupper() or w[1:] != w[1:].lower():
        # an abbreviation (UBND, HĐND, CTr, TTg) or a list marker "b)": not prose,
        # not damage
        return _SKIP
    return _DAMAGED
