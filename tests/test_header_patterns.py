"""One case per header pattern the grammar supports (tests/data/patterns, gold in
tests/data/gold/patterns.gold.json). Each key a gold document gives is checked."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors import extract_documents
from extractors.header.signer import authority_signer
from schemas.records import FileText, PageText

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "gold" / "patterns.gold.json").read_text(encoding="utf-8"))
FUZZY = {"issuer", "issuer_parent", "subject"}


def norm(v) -> str:
    return "" if v is None else " ".join(unicodedata.normalize("NFC", str(v)).casefold().split())


def load_case(name: str) -> FileText:
    text = (DATA / "patterns" / name).read_text(encoding="utf-8")
    pages = text.split("\n<<PAGE>>\n")
    return FileText(
        "text/plain", tuple(PageText(i + 1, p, "plain") for i, p in enumerate(pages)), "plain"
    )


def predicted(doc) -> dict:
    chief = authority_signer(doc.signers)
    out = {
        k: doc.value(k)
        for k in (
            "doc_type",
            "number",
            "symbol",
            "issued_date",
            "place",
            "issuer",
            "issuer_parent",
            "subject",
            "signer_name",
            "signer_title",
            "secrecy",
            "urgency",
            "period",
        )
    }
    out.update(
        recipients=doc.recipients,
        parent_ordinal=doc.parent_ordinal,
        n_signers=len(doc.signers),
        signer_rank=chief.rank if chief else None,
        signer_authority=chief.authority if chief else None,
        arrival=None
        if doc.arrival is None
        else {
            "receiver": doc.arrival.receiver,
            "number": doc.arrival.number,
            "date": doc.arrival.date,
        },
        number_confidence_below=doc.fields["number"].confidence if "number" in doc.fields else None,
        date_confidence_below=doc.fields["issued_date"].confidence
        if "issued_date" in doc.fields
        else None,
    )
    return out


def agrees(key: str, gold, pred) -> bool:
    if key.endswith("_confidence_below"):
        return pred is not None and pred < gold
    if key == "recipients":
        return [norm(x) for x in gold] == [norm(x) for x in pred]
    if key == "arrival":
        return pred is not None and all(norm(gold[k]) == norm(pred[k]) for k in gold)
    if key in FUZZY and gold:
        return fuzz.ratio(norm(gold), norm(pred)) >= 85
    return norm(gold) == norm(pred)


CASES = [pytest.param(f, id=Path(f["source"]).stem) for f in GOLD["files"]]


@pytest.mark.parametrize("case", CASES)
def test_header_pattern(case):
    docs = extract_documents(load_case(case["source"]), case["source"])
    assert len(docs) == len(case["documents"]), [d.value("doc_type") for d in docs]
    wrong = []
    for gold, doc in zip(case["documents"], docs, strict=True):
        pred = predicted(doc)
        for key, want in gold.items():
            if key != "ordinal" and not agrees(key, want, pred[key]):
                wrong.append(f"#{gold['ordinal']} {key}: want {want!r}, got {pred[key]!r}")
    assert not wrong, "\n".join(wrong)


def test_led_alternation_matches_as_the_plain_alternation():
    # the fast form of (?<!\w)(?i:...) finds the same words, in any case, with the same
    # branch winning (longest first), never inside a word, after any character before it
    import re

    from extractors.patterns import led_alternation

    branches = ("thay thế", "bãi bỏ", "[dđ]ính chính", "sửa đổi, bổ sung", "sửa đổi", r"\(kèm")
    plain = re.compile(r"(?<!\w)(?i:" + "|".join(branches) + ")")
    fast = re.compile(led_alternation(branches, r"\w"))
    texts = [
        "Bãi bỏ Quyết định; THAY THẾ Thông tư, sửa đổi, bổ sung Điều 2",
        "xbãi bỏ, abcthay thế, Đính chính; đính chính (kèm theo) (Kèm",
        "sửa đổi bổ sung",
        "\nSỬA ĐỔI, BỔ SUNG\n",
        "",
        "bãi",
        "ſửa đổi",
    ]
    for t in texts:
        assert [(m.span(), m.group()) for m in fast.finditer(t)] == [
            (m.span(), m.group()) for m in plain.finditer(t)
        ]
    assert [m.group() for m in fast.finditer(texts[0])] == [
        "Bãi bỏ",
        "THAY THẾ",
        "sửa đổi, bổ sung",
    ]


def test_led_finder_finds_what_finditer_finds():
    # the pattern tried only where a branch starts (found one first letter at a time, each
    # branch led by its second letter in both cases) gives finditer's matches, groups too:
    # overlapping cue words, a match that swallows the next cue, branches opening with a
    # class or a blank, and the letters ignore-case matches to Latin ones (ſ, K)
    import re

    from extractors.patterns import LedFinder, led_alternation

    branches = ("trước ngày", "trong tháng", "[dđ]ến hết", "chậm nhất", "t", r"\(kèm", "sửa")
    for not_after in (r"\w", None):
        rx = re.compile(rf"(?P<cue>{led_alternation(branches, not_after)})(?:\s*(?P<d>\d+))?")
        finder = LedFinder(rx, branches, not_after)
        texts = [
            "Trước ngày 5, trong tháng 3 và ĐẾN HẾT 10; chậm nhất 4",
            "xtrước ngày 1; trước ngày trước ngày 2 (kèm (Kèm t t",
            "ſửa đổi; ſ; dến hết, đến hết",
            "",
            "\ntrong tháng\n\ntrước ngày12",
        ]
        for t in texts:
            assert [(m.span(), m.groupdict()) for m in finder.finditer(t)] == [
                (m.span(), m.groupdict()) for m in rx.finditer(t)
            ]


def test_grouped_alternation_matches_as_the_plain_alternation():
    # branches grouped by first letter keep the order that decides between "Văn bản hợp
    # nhất" and "văn bản"; first letters that overlap ("Đ", "[DĐ]") are left ungrouped
    import re

    from extractors.patterns import grouped_alternation

    cases = [
        ("Văn bản hợp nhất", "Chỉ thị", "văn bản", "Công văn", "Kế hoạch"),
        ("Điều lệ", "[DĐ]ự án", "Dự án"),
    ]
    texts = ["VĂN BẢN HỢP NHẤT; văn bản, công văn Chỉ thị", "Đự án, dự án; ĐIỀU LỆ", "x"]
    for branches in cases:
        plain = re.compile("(?i:(?:" + "|".join(branches) + "))")
        grouped = re.compile("(?i:" + grouped_alternation(branches) + ")")
        for t in texts:
            assert [m.span() for m in grouped.finditer(t)] == [m.span() for m in plain.finditer(t)]
    assert grouped_alternation(cases[1]) == "(?:" + "|".join(cases[1]) + ")"
    assert grouped_alternation(cases[0]).startswith("(?:V(?:ăn bản hợp nhất|ăn bản)|")
