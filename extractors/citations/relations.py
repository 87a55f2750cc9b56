"""How a document cites each mention: answers, based_on, attached_to, repeals, amends, cites."""

from __future__ import annotations

import bisect
import logging
import re

from . import patterns as P
from .model import _ANSWER_WORDS, _CUE_WINDOW, _TOP, _Context, _Mention

log = logging.getLogger(__name__)

# --- relations -----------------------------------------------------------------------------


def _clause_end(text: str, pos: int, rx: re.Pattern[str] = P.RE_CLAUSE_END) -> int:
    m = rx.search(text, pos)
    return m.start() if m else len(text)


def _assign_relations(mentions: list[_Mention], text: str, ctx: _Context) -> None:
    answers = _answers(mentions, text, ctx)
    based, scopes = _based_on(mentions, text)
    repeals = _cue_governed(mentions, text, ctx, "repeals", scopes)
    amends = _cue_governed(mentions, text, ctx, "amends", scopes)
    for i, m in enumerate(mentions):
        rel = "cites"
        if i in answers:
            rel = "answers"
        elif i in based:
            rel = "based_on"
        elif _attached(text, m, ctx):
            rel = "attached_to"
        elif i in repeals:
            rel = "repeals"
        elif i in amends:
            rel = "amends"
        m.relation = rel
        if rel != "cites":
            m.rule += f"|{rel}"
    # an unnumbered document counts only as an attachment's parent
    keep = [
        i
        for i, m in enumerate(mentions)
        if not (m.rule.startswith("attached_unnumbered") and m.relation != "attached_to")
    ]
    if len(keep) < len(mentions):
        new_index = {old: new for new, old in enumerate(keep)}
        kept = [mentions[i] for i in keep]
        for m in kept:
            if m.antecedent is not None:
                m.antecedent = new_index.get(m.antecedent)
        mentions[:] = kept


def _answers(mentions: list[_Mention], text: str, ctx: _Context) -> set[int]:
    """The answered documents: the V/v subject's, else the opening's (the first document
    after its cue and those listed with it as objects of the same verb), else the proposal
    acted on, else the one a trích yếu starts by implementing ("KẾ HOẠCH / Triển khai thực
    hiện Chỉ thị ...")."""
    vv, title = _subject_answer(mentions, text, ctx)
    opening, title_line = _opening_answer(mentions, text, ctx)
    if not opening:
        opening = _proposal_answer(mentions, text, ctx)
        if not opening:
            received = _received_answer(mentions, text, ctx)
            opening = [received] if received is not None else []
    if vv is not None:
        key = (mentions[vv].doc_type, mentions[vv].number)
        same = any((mentions[i].doc_type, mentions[i].number) == key for i in opening)
        return {vv, *opening} if same else {vv}
    if opening:
        return set(opening)
    title = title if title is not None else title_line
    return {title} if title is not None else set()


def _first_after(mentions: list[_Mention], start: int, end: int) -> int | None:
    return next((i for i, m in enumerate(mentions) if start <= m.start < end), None)


def _subject_answer(
    mentions: list[_Mention], text: str, ctx: _Context
) -> tuple[int | None, int | None]:
    """(V/v subject's answer, trích yếu's answer)."""
    if not ctx.subject:
        return None, None
    s, e = ctx.subject
    sub = text[s:e]
    # the span may start after the "V/v" marker
    is_vv = bool(
        re.match(r"\s*(?:V/v|V\.v|Về việc)\b", sub, re.I)
        or re.search(r"(?i)(?:V/v|V\.v)[\s:]*$", text[max(0, s - 8) : s])
    )
    if is_vv:
        cue = _ANSWER_WORDS.search(sub)
        return (_first_after(mentions, s + cue.end(), e) if cue else None), None
    cue = P.RE_ANSWER_CUE.match(sub.lstrip())
    if cue is None:
        return None, None
    return None, _first_after(mentions, s + len(sub) - len(sub.lstrip()) + cue.end(), e)


def _in_title(text: str, pos: int, ctx: _Context) -> bool:
    """A cue on a trích yếu line: inside the subject span, or right under a type line in
    capitals ("KẾ HOẠCH" / "Triển khai thực hiện Chỉ thị số 07 ...")."""
    if ctx.subject and ctx.subject[0] <= pos < ctx.subject[1]:
        return True
    if ctx.subject and pos >= ctx.subject[1]:
        # below the trích yếu the capitals above a cue are the trích yếu's own last line:
        # "... NĂM 2023" / "Thực hiện Nghị định số 27 ...; Quyết định số 90 ..." opens the body
        return False
    line_start = text.rfind("\n", 0, pos) + 1
    prev_end = line_start - 1
    while prev_end > 0:
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end].strip(" \t|*")
        if prev:
            return prev == prev.upper() and any(ch.isalpha() for ch in prev)
        prev_end = prev_start - 1
    return False


def _opening_paragraph_end(text: str, ctx: _Context) -> int:
    """The opening paragraph: from the body's first word to a blank line or a ":" that
    ends a line ("... Cục đề nghị các đơn vị:"), within the opening."""
    start = ctx.body_start + (len(text[ctx.body_start :]) - len(text[ctx.body_start :].lstrip()))
    m = _PARAGRAPH_END.search(text, start, ctx.opening_end)
    return m.start() if m else ctx.opening_end


_PARAGRAPH_END = re.compile(r"\n[^\S\n]*\n|:(?=[^\S\n]*\n)")


def _opening_cues(text: str, ctx: _Context) -> list[tuple[int, int, bool]]:
    """(where the cue's word starts, where the cue ends, paragraph-initial?) in text order.

    Paragraph-initial cues ("Thực hiện ...", "- Triển khai ...") anywhere in the opening;
    and, in the opening paragraph only, a lower-case answer verb after a purpose clause
    ("Để bảo đảm ..., thực hiện Chỉ thị số 22/CT-BYT ..., Cục ... đề nghị"): the purpose
    clause says why, the verb names what the document implements."""
    out = []
    for cue in P.RE_ANSWER_CUE.finditer(text, ctx.body_start, ctx.opening_end):
        word_start = cue.end() - len(cue.group(0).lstrip(" \t\n;-+•*"))
        if not P.RE_NOT_ANSWER_CUE.match(text, word_start):
            out.append((word_start, cue.end(), True))
    para_end = _opening_paragraph_end(text, ctx)
    for based in P.RE_BASED_ON_CUE.finditer(text, ctx.body_start, para_end):
        # "Căn cứ A ...; thực hiện B ..., X hướng dẫn như sau": B is answered
        sentence_end = min(para_end, _clause_end(text, based.end(), P.RE_SENTENCE_END))
        verb = P.RE_COORDINATED_ANSWER.search(text, based.end(), sentence_end)
        if verb is not None:
            out.append((verb.start() + 1, verb.end(), False))
    for purpose in P.RE_PURPOSE_START.finditer(text, ctx.body_start, para_end):
        sentence_end = min(para_end, _clause_end(text, purpose.end(), P.RE_SENTENCE_END))
        verb = P.RE_PURPOSE_ANSWER.search(text, purpose.end(), sentence_end)
        if verb is not None:
            out.append((verb.start() + 1, verb.end(), False))
    return sorted(out)


def _opening_answer(
    mentions: list[_Mention], text: str, ctx: _Context
) -> tuple[list[int], int | None]:
    """(the opening's answered documents, a title line's answer met on the way).

    The first cue that names a document wins; an earlier answered document keeps a later
    purpose-clause cue from answering another."""
    title = None
    for word_start, cue_end, initial in _opening_cues(text, ctx):
        end = _clause_end(text, cue_end)
        first = next(
            (
                i
                for i, m in enumerate(mentions)
                if cue_end <= m.start < end and not m.alias and not _after_attached_cue(text, m)
            ),
            None,
        )
        if first is None:
            continue
        if _narrated(text, cue_end, mentions[first]):
            continue
        if initial and _in_title(text, word_start, ctx):
            title = first if title is None else title
            continue
        if _answered_by_another(mentions, first, text, cue_end):
            return [], title
        return _parallel_objects(mentions, first, text), title
    return [], title


# the end of an alias: "(sau đây gọi tắt là Chỉ thị số 07)", "(viết tắt là "Kế hoạch 17")"
_ALIAS_CLOSE = re.compile(r"[^\S\n]*[\"”’']?[^\S\n]*\)")


def _parallel_objects(mentions: list[_Mention], first: int, text: str) -> list[int]:
    """The first object of an opening verb and the documents coordinated with it, each
    with its own type word and number: "Thực hiện Kế hoạch số 120-KH/TWĐTN-ĐKT ... về tổ
    chức Tháng Thanh niên năm 2024; Chương trình số 12-CTr/TU ..., Ban Thường vụ ...".

    A document follows as a parallel object when nothing but a connector stands between
    it and the previous object's reference (with its date and issuer: "A, B", "A và B"),
    or when a ";" closes the previous object's description and the next item starts with
    the document's type word. A document named inside a description ("... về việc thực
    hiện Chỉ thị số 07", "... hướng dẫn thực hiện Thông tư số 23 ... và Công văn số 3789")
    is only cited: the list ends at the first document that is not coordinated."""
    out = [first]
    end = _based_scope_end(text, mentions[first].end)
    prev_end = max(mentions[first].end, mentions[first].tail)
    for j in range(first + 1, len(mentions)):
        m = mentions[j]
        if m.start >= end:
            break
        if m.alias:  # "(sau đây gọi tắt là Kế hoạch 120)": the previous object's name
            close = _ALIAS_CLOSE.match(text, m.end)
            prev_end = max(prev_end, close.end() if close else m.end)
            continue
        gap = text[prev_end : m.start]
        direct = bool(_CONNECTOR.fullmatch(gap))
        # "...; Chương trình số 12-CTr/TU": the item right after ";" is the document; so is
        # one after "," given in full ("..., Quyết định số 159/QĐ-UBND ngày 20/01/2015 của
        # UBND tỉnh ban hành ...": type word, "số", number)
        new_item = _starts_with_type(text[m.start : m.start + 80]) and (
            (";" in gap and not gap.rsplit(";", 1)[1].strip())
            or (
                "," in gap
                and not gap.rsplit(",", 1)[1].strip()
                and bool(_FULL_FORM.match(text, m.start, m.end))
            )
        )
        # "Thực hiện Chỉ thị số 21/CT-TTg ngày ... của Thủ tướng Chính phủ về việc <a long
        # description naming no document> và Kế hoạch số 08/KH-HĐTĐKT ngày ... của ...,":
        # after the first object's description, "và" and a reference given in full with
        # its own date or issuer is a second object of the same verb
        and_full = (
            bool(_AND_END.search(gap))
            and bool(_FULL_FORM.match(text, m.start, m.end))
            and bool(_OWN_DATE_OR_ISSUER.match(text, m.end))
        )
        if not (direct or new_item or and_full):
            break
        out.append(j)
        prev_end = max(m.end, m.tail)
    return out


_AND_END = re.compile(r"(?<!\w)và[ \t]*$")
# right after a reference: its date or its issuer ("ngày 20/01/2020 của ...", "của Bộ ...")
_OWN_DATE_OR_ISSUER = re.compile(r"[ \t,]*(?:ngày|của)\s", re.I)


# a reference given in full: its type word, "số", the number ("Quyết định số 159/...")
_FULL_FORM = re.compile(rf"{P.TYPE}\s+số\s+\d")


def _proposal_answer(mentions: list[_Mention], text: str, ctx: _Context) -> list[int]:
    """The proposals a decision or submission acts on: "Theo đề nghị của Giám đốc Công an
    tỉnh tại Tờ trình số 215/TTr-CAT-PV01 ngày 18/9/2023." (after the "Căn cứ" lines).
    Only a document named right after "tại"/"theo" in that clause counts, and those joined
    to it by "và" and again named after "tại"/"theo": "Xét đề nghị của Trưởng Ban Dân tộc
    tại Tờ trình số 322/TTr-BDT ... và của Giám đốc Sở Nội vụ tại Tờ trình số 2144/TTr-SNV"."""
    for cue in P.RE_PROPOSAL_CUE.finditer(text, ctx.body_start, ctx.opening_end):
        end = _clause_end(text, cue.end())
        found: list[int] = []
        for i, m in enumerate(mentions):
            if not cue.end() <= m.start < end or m.alias:
                continue
            before = P.RE_PROPOSAL_DOC_BEFORE.search(text, max(0, m.start - 20), m.start)
            if not found:
                if before:
                    found.append(i)
                    continue
                break
            prev = mentions[found[-1]]
            gap = text[max(prev.end, prev.tail) : m.start]
            if not (before and _AND_OF.search(gap)):
                break
            found.append(i)
        if found:
            return found
    return []


# a second proposer joined to the first: "... và của Giám đốc Sở Nội vụ tại"
_AND_OF = re.compile(r"(?i)(?<!\w)và\s+(?:của\s+)?")


def _received_answer(mentions: list[_Mention], text: str, ctx: _Context) -> int | None:
    """A reply that opens by naming what it received: "Sở Tư pháp nhận được Công văn số
    45/UBND-VX ngày 02/3/2023 của UBND tỉnh về việc góp ý ..., Sở có ý kiến như sau:".
    Only the first document of the body's first sentence, right after the cue."""
    end = min(ctx.opening_end, _clause_end(text, ctx.body_start, P.RE_SENTENCE_END))
    first = _first_after(mentions, ctx.body_start, end)
    if first is None or mentions[first].alias:
        return None
    m = mentions[first]
    if P.RE_RECEIVED_BEFORE.search(text, max(0, m.start - 40), m.start):
        return first
    return None


# Between "Căn cứ" and the document it rests on: at most a few words, no comma.
_BASED_ON_GAP = re.compile(r"[\s*_:]*(?:[^\s,;.()\d]+[\s*_]+){0,5}")
# "Căn cứ các văn bản của Bộ Thông tin và Truyền thông: Công văn số 1178/...; Công văn
# số 2384/...": a colon opens the list of documents the phrase rests on
_BASED_ON_LIST = re.compile(r"[\s*_]*(?:các|những)\s+văn\s+bản\b[^;.\n:]{0,120}:[\s*_]*")
# Between two documents of one list: ", ", " và ", "; "
_CONNECTOR = re.compile(r"[\s*_]*(?:,|;|và|hoặc|cùng)?[\s*_]*(?:(?:,|và)[\s*_]*)?", re.I)


def _starts_with_type(segment: str) -> bool:
    m = re.match(rf"[\s*_:;-]*{P.TYPE}", segment)
    return bool(m) and m.group("type")[:1].isupper()


# "Căn cứ Luật Ngân sách nhà nước số 01/2002/QH11 ngày ...; số 83/2015/QH13 ngày ...;":
# an item that is only "số <number>" names another document of the same type
_BARE_NUMBER_ITEM = re.compile(r"[\s*_]*số\s+\d")


def _based_scope_end(text: str, pos: int) -> int:
    """A "Căn cứ" clause ends at ";" unless the list goes on with another document
    ("Căn cứ Luật ... số 15/2012/QH13; Luật sửa đổi, bổ sung ... số 67/2020/QH14;")."""
    while True:
        m = P.RE_CLAUSE_END.search(text, pos)
        if m is None:
            return len(text)
        nxt = text[m.end() : m.end() + 80]
        if (
            m.group(0) == ";"
            and (_starts_with_type(nxt) or _BARE_NUMBER_ITEM.match(nxt))
            and not P.RE_BASED_ON_CUE.match(text, m.end())
        ):
            pos = m.end()
            continue
        return m.start()


def _based_on(mentions: list[_Mention], text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Documents that are the object of "Căn cứ" ("Căn cứ Thông tư số 124/2021/TT-BCA"),
    and those listed with them ("... được sửa đổi, bổ sung bởi Luật số 43/2024/QH15"), up
    to the end of the phrase: ";" (unless the list goes on), the sentence's end, or the
    start of a main clause with its own verb (those documents are only cited).
    "Căn cứ chức năng, nhiệm vụ ..., nhất là Chỉ thị số 07" rests on no document."""
    out: set[int] = set()
    scopes: list[tuple[int, int]] = []
    # Mentions come in text order: each cue looks only at those inside its phrase
    # (bisect), not at all of them, so a text of n "Căn cứ ..." lines costs n, not n².
    starts = [m.start for m in mentions]
    in_order = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
    if not P.RE_BASED_ON_WORDS.search(text):
        return out, scopes  # no "Căn cứ" at all
    for cue in P.based_on_cues(text):
        end = _based_scope_end(text, cue.end())
        # "Căn cứ Quyết định số 18/2022/QĐ-TTg ..., Hội nghị xem xét hồ sơ ... theo Tờ trình
        # số 85/TTr-UBND": the phrase ends where the main clause (subject + verb) begins
        main = P.RE_MAIN_CLAUSE.search(text, cue.end(), end)
        if main is not None:
            end = main.start()
        scopes.append((cue.start(), end))
        prev: _Mention | None = None
        first = bisect.bisect_left(starts, cue.end()) if in_order else 0
        for i in range(first, len(mentions)):
            m = mentions[i]
            if m.start >= end and in_order:
                break  # and so is every later one
            if m.start < cue.end() or m.start >= end:
                continue
            if prev is None:
                between = text[cue.end() : m.start]
                ok = (
                    bool(_BASED_ON_GAP.fullmatch(between))
                    or _starts_with_type(between)
                    or bool(_BASED_ON_LIST.fullmatch(between))
                )
            else:
                between = text[max(prev.tail, prev.end) : m.start]
                ok = (
                    ";" not in between
                    or _starts_with_type(between.rsplit(";", 1)[1])
                    or bool(_BASED_ON_GAP.fullmatch(between.rsplit(";", 1)[1]))
                )
            if not ok:
                break
            out.add(i)
            prev = m
    return out, scopes


# "Thực hiện Kế hoạch số 42 ..., Công an tỉnh đã tham mưu ban hành Hướng dẫn số 09 ...":
# the answer is that other document; the citing one (a news item) only reports it.
_ISSUED_BEFORE = re.compile(r"(?i)(?:ban\s+hành|đã\s+ký|ký\s+ban\s+hành)\s*$")
# ... unless "ban hành" is the subject of the answered document: "Thực hiện Quyết định số
# 1395/QĐ-UBND ... về việc ban hành Kế hoạch ..." answers the decision
_ISSUING_SUBJECT = re.compile(r"(?i)(?<!\w)về(?:\s+việc)?\s+(?:ký\s+)?ban\s+hành\s*$")


def _narrated(text: str, cue_end: int, m: _Mention) -> bool:
    """The cue's object is no document, and the first one after it is the writer's own,
    told as done: "Thực hiện chỉ đạo của Bộ ..., Sở Giáo dục và Đào tạo đã ban hành Công
    văn số 2062/SGDĐT-KHTC ...;" (a main clause stands between the cue and it)."""
    return (
        "," in text[cue_end : m.start]
        and bool(_ISSUED_BEFORE.search(text, max(0, m.start - 30), m.start))
        and not _ISSUING_SUBJECT.search(text, max(0, m.start - 30), m.start)
    )


def _answered_by_another(mentions: list[_Mention], first: int, text: str, pos: int) -> bool:
    end = _clause_end(text, pos, P.RE_SENTENCE_END)
    for m in mentions[first + 1 :]:
        if m.start >= end:
            break
        if _ISSUED_BEFORE.search(
            text, max(0, m.start - 30), m.start
        ) and not _ISSUING_SUBJECT.search(text, max(0, m.start - 30), m.start):
            return True
    return False


# "(Kèm theo Thông tư số 03/2026/TT-BKHCN ...)" on a line of its own near the top: the
# attachment's title, even where the header's body starts before it
_ATTACHED_LINE = re.compile(r"(?m)^[^\S\n]*\(")


def _attached(text: str, m: _Mention, ctx: _Context) -> bool:
    if not _after_attached_cue(text, m):
        return False
    if m.start < ctx.title_end:
        return True
    line_start = text.rfind("\n", 0, m.start) + 1
    return (
        m.start < min(ctx.opening_end, _TOP) + 200
        and bool(_ATTACHED_LINE.match(text, line_start))
        and m.start - line_start <= _CUE_WINDOW
    )


def _after_attached_cue(text: str, m: _Mention) -> bool:
    lo = max(0, m.start - _CUE_WINDOW)
    return any(c.end() == m.start for c in P.RE_ATTACHED_CUE.finditer(text, lo, m.start))


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 800)
    starts = [x.end() for x in P.RE_SENTENCE_END.finditer(text, lo, pos)]
    return starts[-1] if starts else lo


def _chain(mentions: list[_Mention], first: int, text: str, limit: int) -> list[int]:
    """The first governed mention and those listed right after it ("A và B", "A, B")."""
    out = [first]
    for j in range(first + 1, len(mentions)):
        m, prev = mentions[j], mentions[j - 1]
        if m.start >= limit:
            break
        gap = text[max(prev.end, prev.tail) : m.start]
        if m.alias or _CONNECTOR.fullmatch(gap):
            out.append(j)
        else:
            break
    return out


_AMEND_WORD_ALONE = re.compile(r"(?i)(?:sửa\s+đổi|bổ\s+sung)$")
# a single "Sửa đổi" / "Bổ sung" is a cue only where a provision starts ("Điều 3. Bổ sung ...")
_PROVISION_START = re.compile(
    r"(?:^|\n)[^\S\n]*(?:[-+•*]\s*)?(?:Điều\s+\d+\w*\.\s*|\d+\.\s*|[a-zđ]\)\s*)?$"
)
# "(các) văn bản sửa đổi, bổ sung, thay thế Nghị định số 60/2021/NĐ-CP (nếu có)" names
# future documents, not what the citing document does
_OTHER_DOCS_BEFORE = re.compile(r"(?i)văn\s+bản\s*$")


def _governed_before(text: str, sentence_start: int, pos: int) -> bool:
    """A document that an earlier repeal/amend cue of its sentence already governs is no
    subject for a later cue: "... và thay thế Quyết định số 2210/QĐ-UBND ...; bãi bỏ
    Quyết định số 95/QĐ-UBND ..." repeals both."""
    lo = max(sentence_start, pos - 200)
    return bool(P.RE_REPEAL_CUE.search(text, lo, pos) or P.RE_AMEND_CUE.search(text, lo, pos))


def _cue_governed(
    mentions: list[_Mention], text: str, ctx: _Context, kind: str, scopes: list[tuple[int, int]]
) -> set[int]:
    """Mentions that the citing document repeals / amends.

    The cue governs the first document after it in its clause, when no other document
    stands before the cue in that clause (else that one is the subject: "Thông tư số
    12/2025/TT-BTC ... sửa đổi, bổ sung ... Thông tư số 40/2017/TT-BTC"), and the ones
    listed with it. "... hết hiệu lực" and "bị bãi bỏ" govern the sentence's subject."""
    rx = P.REPEAL_CUES if kind == "repeals" else P.AMEND_CUES
    out: set[int] = set()
    for cue in rx.finditer(text):
        if any(s <= cue.start() < e for s, e in scopes):
            continue  # inside "Căn cứ ...": describes the law relied on
        before = text[max(0, cue.start() - 40) : cue.start()]
        if _OTHER_DOCS_BEFORE.search(before):
            continue
        passive = P.RE_PASSIVE_BEFORE.search(before)
        word = re.sub(r"\s+", " ", cue.group(0)).casefold()
        s = _sentence_start(text, cue.start())
        if kind == "repeals" and (
            word == "hết hiệu lực" or (passive and passive.group(0).strip().casefold() == "bị")
        ):
            first = next((i for i, m in enumerate(mentions) if s <= m.start < cue.start()), None)
            if first is not None:
                out.update(_chain(mentions, first, text, cue.start()))
            continue
        if word == "hết hiệu lực" or passive:
            continue  # "được sửa đổi, bổ sung bởi Luật số 43": not this document's doing
        if kind == "amends":
            if _AMEND_WORD_ALONE.fullmatch(word) and not _PROVISION_START.search(
                text, max(0, cue.start() - 40), cue.start()
            ):
                continue
            tw = re.search(rf"{P.TYPE}\s*$", before)
            if (
                tw
                and cue.start() >= ctx.title_end
                and not re.search(r"(?i)ban\s+hành\s+\S+(?:\s+\S+){0,2}\s*$", before)
            ):
                continue  # "Luật sửa đổi, bổ sung ... số 78/2025/QH15": a law's name
        if any(
            s <= m.start < cue.start() and not _governed_before(text, s, m.start) for m in mentions
        ):
            continue  # another document is the subject of the cue
        end = _clause_end(text, cue.end(), P.RE_SENTENCE_END)
        first = next((i for i, m in enumerate(mentions) if cue.end() <= m.start < end), None)
        if (
            first is not None
            and _after_attached_cue(text, mentions[first])
            and text[max(0, mentions[first].start - _CUE_WINDOW) : mentions[first].start]
            .rstrip()
            .endswith(("(Kèm theo", "(kèm theo"))
        ):
            continue  # "... BÃI BỎ TOÀN BỘ\n(Kèm theo Thông tư số 18/2022/...)": a title
        if first is not None:
            out.update(_chain(mentions, first, text, end))
    return out
