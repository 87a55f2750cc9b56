"""Campaigns and the answer matrix.

A campaign (``pipeline/graph/data/campaigns.yaml``) is launched by directing documents
(anchors). Its documents are every archive document that cites an anchor (hops 1) or
cites a document already in the campaign (hops 2, 3 ...), found level by level
(breadth-first, in SQL, one join per level with an anti-join on what is already
found): each document is reached once, at its smallest depth, so the cost is linear
in the edges touched rather than in the number of paths (what a recursive CTE with a
path list enumerates).

The answer matrix of a directing document: its addressees (``recipients`` = Kính gửi,
then ``distribution`` = Nơi nhận, without "Như trên" / "Lưu"), the archive documents
that answer it (``edges.relation = 'answers'``), matched by issuer, with the answer's
date (arrival date where the archive stamped one, else its issue date) against the
document's deadlines.

Public API: :func:`rebuild_campaigns`, :func:`membership`, :func:`membership_relation`,
:func:`answer_matrix`, :func:`campaign_report`, :func:`normalize_addressee`.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import asdict, dataclass
from datetime import date

import duckdb
from rapidfuzz import fuzz

from pipeline.errors import VanthuError
from pipeline.graph.keys import NODE_ID_SQL, RELATION_STRENGTH, province_in
from pipeline.graph.reference import Reference, fold, load
from pipeline.graph.resolve import anchor_descriptor

log = logging.getLogger(__name__)

STRENGTH_SQL = (
    "CASE {r} WHEN 'answers' THEN 6 WHEN 'based_on' THEN 5 WHEN 'attached_to' THEN 4"
    " WHEN 'repeals' THEN 3 WHEN 'amends' THEN 2 ELSE 1 END"
)


class UnknownCampaign(VanthuError):
    """Neither a campaign id, a node key nor a doc_id of the archive."""


# ---------------------------------------------------------------------------
# Membership (breadth-first, set at a time)
# ---------------------------------------------------------------------------
def _bfs(
    con: duckdb.DuckDBPyConnection, seed_sql: str, max_hops: int = 50, paths: bool = True
) -> int:
    """Fill temp table ``_vt_cd (campaign_id, doc_id, hops, relation, path)`` from a
    query of anchors ``(campaign_id, key)``.

    The walk runs on the integer ids that rebuild_graph gives nodes, documents and edges
    (``nodes.node_id``, ``doc_nodes.doc_no``, ``edges.node_id/doc_no/strength``): one
    hash join per level on integers, the strongest first step kept per document
    (``min({-strength, parent})``: deterministic), then the paths, one list per reached
    node (through its smallest parent id) rather than one per path.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _vt_seed AS SELECT DISTINCT s.campaign_id, n.node_id AS key,"
        f" n.target_key FROM ({seed_sql}) s JOIN nodes n ON n.target_key = s.key"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _vt_front AS SELECT campaign_id, key FROM _vt_seed")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _vt_walk (campaign_id VARCHAR, doc_no INTEGER, hops INTEGER,"
        " strength INTEGER, parent BIGINT, key BIGINT)"
    )
    # Anchors that are archive documents are not members of their own campaign.
    con.execute(
        "INSERT INTO _vt_walk SELECT DISTINCT f.campaign_id, dn.doc_no, 0, NULL, NULL, dn.node_id"
        " FROM _vt_front f JOIN doc_nodes dn ON dn.node_id = f.key"
    )
    hop = 0
    while hop < max_hops:
        hop += 1
        con.execute(
            f"""
            INSERT INTO _vt_walk
            SELECT campaign_id, doc_no, {hop}, -best.s, best.k, key FROM (
                SELECT f.campaign_id, e.doc_no, any_value(dn.node_id) AS key,
                       min({{'s': -e.strength, 'k': f.key}}) AS best
                FROM _vt_front f
                JOIN edges e ON e.node_id = f.key
                JOIN doc_nodes dn ON dn.doc_no = e.doc_no
                WHERE NOT EXISTS (SELECT 1 FROM _vt_walk c
                                  WHERE c.campaign_id = f.campaign_id AND c.doc_no = e.doc_no)
                GROUP BY f.campaign_id, e.doc_no)
            """
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _vt_front AS SELECT DISTINCT campaign_id, key"
            f" FROM _vt_walk WHERE hops = {hop}"
        )
        if not con.execute("SELECT count(*) FROM _vt_front").fetchone()[0]:
            break
    if not paths:
        relation = " ".join(f"WHEN {v} THEN '{k}'" for k, v in RELATION_STRENGTH.items())
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _vt_cd AS
            SELECT w.campaign_id, dn.doc_id, w.hops, CASE w.strength {relation} END AS relation,
                   NULL::VARCHAR[] AS path
            FROM _vt_walk w JOIN doc_nodes dn ON dn.doc_no = w.doc_no WHERE w.hops > 0
            """
        )
        return con.execute("SELECT count(*) FROM _vt_cd").fetchone()[0]
    # Paths: one per reached node, built level by level from its parent's.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _vt_path AS SELECT campaign_id, key, [target_key] AS path"
        " FROM _vt_seed"
    )
    for h in range(1, hop):
        con.execute(
            f"""
            INSERT INTO _vt_path
            SELECT s.campaign_id, s.key, list_append(p.path, n.target_key)
            FROM (SELECT w.campaign_id, w.key, min(w.parent) AS parent FROM _vt_walk w
                  WHERE w.hops = {h} AND NOT EXISTS (
                      SELECT 1 FROM _vt_path q
                      WHERE q.campaign_id = w.campaign_id AND q.key = w.key)
                  GROUP BY w.campaign_id, w.key) s
            JOIN _vt_path p ON p.campaign_id = s.campaign_id AND p.key = s.parent
            JOIN nodes n ON n.node_id = s.key
            """
        )
    relation = " ".join(f"WHEN {v} THEN '{k}'" for k, v in RELATION_STRENGTH.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _vt_cd AS
        SELECT w.campaign_id, dn.doc_id, w.hops, CASE w.strength {relation} END AS relation, p.path
        FROM _vt_walk w JOIN doc_nodes dn ON dn.doc_no = w.doc_no
        JOIN _vt_path p ON p.campaign_id = w.campaign_id AND p.key = w.key
        WHERE w.hops > 0
        """
    )
    return con.execute("SELECT count(*) FROM _vt_cd").fetchone()[0]


def membership_relation(
    con: duckdb.DuckDBPyConnection,
    anchor_keys: list[str],
    campaign_id: str = "_",
    paths: bool = True,
) -> duckdb.DuckDBPyRelation:
    """Campaign documents of ``anchor_keys`` computed from ``edges`` now, left in DuckDB.

    The walk (and the path lists) are computed set-wise in SQL into the temp table
    ``_vt_cd``; the returned relation reads it as ``(doc_id, hops, relation, path)``
    ordered by hops, doc_id (``path`` NULL when ``paths`` is false). Nothing is turned
    into Python objects: filter, count or join it in SQL, or fetch the rows you need
    (handing 100,000 path lists to Python costs more than computing them). The relation
    reads ``_vt_cd`` when it is executed: use it before the next walk on ``con``.
    """
    seed = " UNION ALL ".join(
        f"SELECT {_q(campaign_id)} AS campaign_id, {_q(k)} AS key" for k in anchor_keys
    )
    _bfs(con, seed, paths=paths)
    return con.sql("SELECT doc_id, hops, relation, path FROM _vt_cd ORDER BY hops, doc_id")


def membership(
    con: duckdb.DuckDBPyConnection,
    anchor_keys: list[str],
    campaign_id: str = "_",
    paths: bool = True,
) -> list[tuple]:
    """Campaign documents of ``anchor_keys`` computed from ``edges`` now, as Python rows.

    Returns rows ``(doc_id, hops, relation, path)`` ordered by hops, doc_id (``path``
    None when ``paths`` is false). ``campaign_documents`` holds the same, precomputed.
    For a large campaign use :func:`membership_relation` (no Python lists).
    """
    return membership_relation(con, anchor_keys, campaign_id, paths).fetchall()


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def rebuild_campaigns(
    con: duckdb.DuckDBPyConnection, ref: Reference | None = None
) -> tuple[int, int]:
    """Rewrite ``campaigns``, ``campaign_anchors``, ``campaign_documents`` (idempotent)."""
    ref = ref or load()
    con.execute("DELETE FROM campaign_anchors")
    con.execute("DELETE FROM campaign_documents")
    con.execute("DELETE FROM campaigns")
    for c in ref.campaigns:
        for i, a in enumerate(c.anchors, 1):
            key = anchor_descriptor(a, ref).key
            con.execute(
                "INSERT INTO campaign_anchors VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [c.campaign_id, key, i, a.ref],
            )
    con.execute(
        "INSERT INTO nodes (target_key, ref, scope, source, cited_by, mentions, node_id)"
        f" SELECT anchor_key, ref, 'campaign', 'campaign', 0, 0, {NODE_ID_SQL.format('anchor_key')}"
        " FROM (SELECT anchor_key, min(ref) AS ref FROM campaign_anchors a"
        " WHERE a.anchor_key NOT IN (SELECT target_key FROM nodes) GROUP BY anchor_key)"
    )
    n = _bfs(
        con, "SELECT campaign_id, anchor_key AS key, [anchor_key] AS path FROM campaign_anchors"
    )
    con.execute(
        "INSERT INTO campaign_documents SELECT campaign_id, doc_id, hops, relation, path FROM"
        " _vt_cd"
        " ORDER BY campaign_id, doc_id"
    )
    con.execute(
        """
        INSERT INTO campaigns
        SELECT c.campaign_id, c.name, c.anchor_key, c.anchors, coalesce(s.n, 0), s.first_date,
            s.last_date
        FROM (SELECT campaign_id, any_value(name) AS name, arg_min(anchor_key, ord) AS anchor_key,
                     count(*)::INTEGER AS anchors
              FROM campaign_anchors JOIN _vt_names USING (campaign_id) GROUP BY campaign_id) c
        LEFT JOIN (SELECT cd.campaign_id, count(*)::INTEGER AS n, min(d.issued_date) AS first_date,
                          max(d.issued_date) AS last_date
                   FROM campaign_documents cd JOIN documents d USING (doc_id) GROUP BY
                       cd.campaign_id) s
        USING (campaign_id) ORDER BY c.campaign_id
        """.replace("_vt_names", _names_sql(ref))
    )
    return len(ref.campaigns), n


def _names_sql(ref: Reference) -> str:
    rows = ", ".join(f"({_q(c.campaign_id)}, {_q(c.name)})" for c in ref.campaigns) or "('', '')"
    return f"(SELECT * FROM (VALUES {rows}) t(campaign_id, name))"


# ---------------------------------------------------------------------------
# Addressees
# ---------------------------------------------------------------------------
# Entries of a Nơi nhận list that are nobody to answer: "Như trên", "Lưu: VT, NC".
NOT_ADDRESSEES = re.compile(r"^(như trên|lưu\b|vt\b|văn thư\b)", re.IGNORECASE)
# Abbreviations of body names, expanded before matching ("UBND" = "Ủy ban nhân dân").
ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
    (re.compile(r"\bca\b"), "công an"),
    (re.compile(r"\bbch\b"), "bộ chỉ huy"),
    (re.compile(r"\bbcđ\b"), "ban chỉ đạo"),
    (re.compile(r"\bvp\b"), "văn phòng"),
    (re.compile(r"\btp\.?\s"), "thành phố "),
    (re.compile(r"\btt\b"), "thường trực"),
)
# "UBND huyện, thị xã, thành phố": one head, several kinds of body -> a group; the
# kinds of body such lists enumerate (the last one in the first part ends the head).
GROUP_SPLIT = re.compile(r"\s*[,;]\s*")
KIND_WORDS = re.compile(
    r"\b(huyện|thị xã|thành phố|quận|xã|phường|thị trấn"
    r"|sở|ban|ngành|đoàn thể|hội|cơ quan|đơn vị|trường|doanh nghiệp)$"
)
LOCAL_TAIL = re.compile(r"\s+(tỉnh|thành phố)$")
# A body of "the province" named without it: "Công an tỉnh", "Tỉnh ủy", "TT HĐND tỉnh".
PROVINCE_TAIL = re.compile(r"(\btỉnh|\bthành phố|\btỉnh ủy)$")
# Nơi nhận entries for the issuer's own leaders ("CT, PCT UBND tỉnh", "CVP, PCVP"): never answerers.
OWN_LEADERS = re.compile(r"^(ct|pct|cvp|pcvp|vpub|chủ tịch, các phó chủ tịch)\b")


@dataclass(frozen=True, slots=True)
class Addressee:
    label: str  # as printed
    norm: str  # normalised for matching
    role: str  # kính gửi | nơi nhận
    group: bool
    members: tuple[str, ...]  # normalised prefixes of members, for a group


def _expand(text: str) -> str:
    t = fold(text).strip(" -–•+;.:")
    for rx, rep in ABBREVIATIONS:
        t = rx.sub(rep, t)
    return re.sub(r"\s+", " ", t).strip()


def _with_province(t: str, prov: str | None) -> str:
    if prov and PROVINCE_TAIL.search(t) and prov not in t:
        return f"{t} {prov}"
    return t


def normalize_addressee(
    label: str, province: str | None, role: str = "kính gửi"
) -> list[Addressee]:
    """Normalise one line of Kính gửi / Nơi nhận of a directing document of ``province``.

    A line naming several kinds of body under one head is one group; a line listing
    several bodies is split; "Như trên", "Lưu" and the issuer's own leaders are dropped.

    >>> normalize_addressee("Công an tỉnh", "Quảng Ngãi")[0].norm
    'công an tỉnh quảng ngãi'
    >>> normalize_addressee("UBND huyện, thị xã, thành phố", "Quảng Ngãi")[0].members
    ('ủy ban nhân dân huyện', 'ủy ban nhân dân thị xã', 'ủy ban nhân dân thành phố')
    >>> [a.norm for a in normalize_addressee("TT Tỉnh ủy, TT HĐND tỉnh", "Quảng Ngãi")]
    ['thường trực tỉnh ủy quảng ngãi', 'thường trực hội đồng nhân dân tỉnh quảng ngãi']
    >>> normalize_addressee("Như trên", "Quảng Ngãi")
    []
    """
    raw = fold(label).strip(" -–•+;.:")
    if not raw or NOT_ADDRESSEES.match(raw) or OWN_LEADERS.match(raw):
        return []
    t = _expand(label)
    t = re.sub(r"^(đồng chí|đ/c|ông|bà)\s+", "", t)
    plural = bool(re.match(r"^các\s", t))
    t = re.sub(r"\bcác\s+", "", t)
    prov = fold(province) if province else None
    parts = [p for p in GROUP_SPLIT.split(t) if p]
    clean = label.strip(" -;.")
    if len(parts) > 1:
        first = LOCAL_TAIL.sub("", parts[0]) if len(parts[0].split()) > 1 else parts[0]
        kinds = [LOCAL_TAIL.sub("", p) if len(p.split()) > 1 else p for p in parts[1:]]
        m = KIND_WORDS.search(first)
        if m and all(
            KIND_WORDS.fullmatch(k) or KIND_WORDS.match(k) and len(k.split()) <= 2 for k in kinds
        ):
            head = first[: m.start()].strip()
            members = tuple(f"{head} {k}".strip() for k in [m.group(1), *kinds])
            return [Addressee(clean, _with_province(t, prov), role, True, members)]
        out = []
        for piece in GROUP_SPLIT.split(clean):
            piece = piece.strip(" -;.")
            if (
                piece
                and not OWN_LEADERS.match(fold(piece))
                and not NOT_ADDRESSEES.match(fold(piece))
            ):
                out.append(Addressee(piece, _with_province(_expand(piece), prov), role, False, ()))
        return out
    if plural:
        return [Addressee(clean, _with_province(t, prov), role, True, (LOCAL_TAIL.sub("", t),))]
    return [Addressee(clean, _with_province(t, prov), role, False, ())]


def _issuer_norms(issuer: str | None, parent: str | None, province: str | None) -> list[str]:
    out = []
    for s in (issuer, parent):
        if not s:
            continue
        t = _expand(s)
        out.append(t)
        if province and fold(province) not in t:
            out.append(f"{t} {fold(province)}")
    return out


def _matches(a: Addressee, issuer_norms: list[str], province: str | None) -> bool:
    if not issuer_norms:
        return False
    if a.group:
        prov = fold(province) if province else None
        for n in issuer_norms:
            for m in a.members:
                if n.startswith(m + " ") and (not prov or prov in n or not province_in(n)):
                    return True
        return False
    want = _without_province(a.norm, province)
    for n in issuer_norms:
        if n == a.norm or _without_province(n, province) == want:
            return True
    return max(fuzz.token_sort_ratio(a.norm, n) for n in issuer_norms) >= 92


def _without_province(t: str, province: str | None) -> str:
    """ "sở giáo dục và đào tạo tỉnh quảng ngãi" -> "sở giáo dục và đào tạo"."""
    if province:
        p = fold(province)
        t = re.sub(rf"\s+(tỉnh\s+|thành phố\s+)?{re.escape(p)}$", "", t)
    return re.sub(r"\s+(tỉnh|thành phố)$", "", t)


# ---------------------------------------------------------------------------
# The answer matrix
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AnswerRow:
    addressee: str
    role: str
    group: bool
    answer_doc_id: str | None
    answer_ref: str | None
    answer_issuer: str | None
    answered_on: str | None
    date_source: str | None  # arrival | issued
    deadline: str | None
    deadline_what: str | None
    status: str  # on time | late | answered | no answer | for information | not addressed
    days_late: int | None


def _due(row: tuple) -> date | None:
    due_date, y, m = row
    if due_date:
        return due_date
    if y and m:
        return date(y, m, calendar.monthrange(y, m)[1])
    if y:
        return date(y, 12, 31)
    return None


def answer_matrix(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[AnswerRow]:
    """Who answered the directing document ``doc_id``, when, on time or not; who has not."""
    d = con.execute(
        "SELECT d.recipients, d.distribution, d.province, d.issuer, d.place, dn.target_key FROM"
        " documents d"
        " LEFT JOIN doc_nodes dn USING (doc_id) WHERE d.doc_id = ?",
        [doc_id],
    ).fetchone()
    if d is None:
        raise UnknownCampaign(f"no document {doc_id} in the archive")
    recipients, distribution, province, issuer, place, key = d
    province = province_in(province) or province_in(issuer) or province_in(place)
    addressees: list[Addressee] = []
    seen = set()
    for role, labels in (("kính gửi", recipients or []), ("nơi nhận", distribution or [])):
        for label in labels:
            for a in normalize_addressee(label, province, role):
                if a.norm not in seen:
                    seen.add(a.norm)
                    addressees.append(a)
    # Who is expected to answer: the Kính gửi list; a document without one (a plan sent
    # out by its Nơi nhận) expects its Nơi nhận. The others are copied for information.
    expected = "kính gửi" if any(a.role == "kính gửi" for a in addressees) else "nơi nhận"
    deadlines = con.execute(
        "SELECT due_date, due_year, due_month, what FROM deadlines WHERE doc_id = ? ORDER BY seq",
        [doc_id],
    ).fetchall()
    # The answering documents' ids first (edges are stored by the node answered), then
    # their rows by key: a join would read all of `documents` for each directing document.
    ids = [
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM edges WHERE target_key = ? AND relation = 'answers'"
            " AND doc_id <> ?",
            [key, doc_id],
        ).fetchall()
    ]
    answers = (
        con.execute(
            """
            SELECT a.doc_id, coalesce(a.ref, concat_ws('/', a.number, a.symbol)), a.issuer,
                   a.issuer_parent, a.doc_type, a.issued_date, r.arrival_date, a.province
            FROM documents a
            LEFT JOIN (SELECT * FROM arrivals WHERE doc_id = ANY($ids)) r
                   ON r.doc_id = a.doc_id
            WHERE a.doc_id = ANY($ids)
            ORDER BY coalesce(r.arrival_date, a.issued_date), a.doc_id
            """,
            {"ids": ids},
        ).fetchall()
        if ids
        else []
    )
    rows: list[AnswerRow] = []
    used: set[str] = set()

    def row_for(a: Addressee | None, ans: tuple | None) -> AnswerRow:
        if ans is None:
            due, what = _pick_deadline(deadlines, None)
            status = "no answer" if a.role == expected else "for information"  # type: ignore[union-attr]
            return AnswerRow(
                a.label,
                a.role,
                a.group,
                None,
                None,
                None,
                None,
                None,  # type: ignore[union-attr]
                _fmt(due),
                what,
                status,
                None,
            )
        a_id, a_ref, a_iss, _p, a_type, issued, arrived, _prov = ans
        when = arrived or issued
        due, what = _pick_deadline(deadlines, a_type)
        if a is None:
            status = "not addressed"
        elif when is None or due is None:
            status = "answered"
        else:
            status = "on time" if when <= due else "late"
        late = (when - due).days if when and due and when > due else None
        return AnswerRow(
            a.label if a else (a_iss or "?"),
            a.role if a else "-",
            a.group if a else False,
            a_id,
            a_ref,
            a_iss,
            _fmt(when),
            "arrival" if arrived else ("issued" if issued else None),
            _fmt(due),
            what,
            status,
            late,
        )

    for a in addressees:
        mine = [
            x
            for x in answers
            if x[0] not in used
            and _matches(a, _issuer_norms(x[2], x[3], x[7] or province), province)
        ]
        if not mine:
            rows.append(row_for(a, None))
        for ans in mine:
            used.add(ans[0])
            rows.append(row_for(a, ans))
    for ans in answers:
        if ans[0] not in used:
            rows.append(row_for(None, ans))
    return rows


def _fmt(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _pick_deadline(
    deadlines: list[tuple], answer_type: str | None
) -> tuple[date | None, str | None]:
    """The deadline an answer is held to: one whose ``what`` names the answer's type
    (a report -> "báo cáo ..."), else the latest one."""
    if not deadlines:
        return None, None
    dated = [(_due(r[:3]), r[3]) for r in deadlines if _due(r[:3])]
    if not dated:
        return None, None
    if answer_type:
        t = fold(answer_type)
        named = [x for x in dated if x[1] and t in fold(x[1])]
        if named:
            return max(named, key=lambda x: x[0])
    return max(dated, key=lambda x: x[0])


def find_directing_documents(
    con: duckdb.DuckDBPyConnection, ident: str
) -> tuple[str | None, list[str]]:
    """Resolve a campaign id, node key or doc_id to (campaign_id, directing doc_ids).

    For a campaign: its anchors that are archive documents, then the campaign's archive
    documents that have addressees and deadlines and are answered.
    """
    if con.execute("SELECT 1 FROM campaigns WHERE campaign_id = ?", [ident]).fetchone():
        docs = [
            r[0]
            for r in con.execute(
                """
                SELECT DISTINCT d.doc_id FROM documents d
                JOIN doc_nodes dn USING (doc_id)
                WHERE dn.target_key IN (SELECT anchor_key FROM campaign_anchors WHERE campaign_id
                    = ?)
                   OR (d.doc_id IN (SELECT doc_id FROM campaign_documents WHERE campaign_id = ?)
                       AND (len(coalesce(d.recipients, [])) > 0 OR d.doc_id IN (SELECT doc_id FROM
                           deadlines))
                       AND dn.target_key IN (SELECT target_key FROM edges WHERE relation =
                           'answers'))
                ORDER BY d.doc_id
                """,
                [ident, ident],
            ).fetchall()
        ]
        return ident, docs
    r = con.execute("SELECT doc_id FROM documents WHERE doc_id = ?", [ident]).fetchone()
    if r:
        return None, [r[0]]
    r = con.execute(
        "SELECT doc_id FROM nodes WHERE target_key = ? AND doc_id IS NOT NULL", [ident]
    ).fetchone()
    if r:
        return None, [r[0]]
    raise UnknownCampaign(
        f"{ident!r} is neither a campaign, a node key nor a document of the archive"
    )


def campaign_report(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    """Everything ``vanthu campaign ID`` prints, as plain data."""
    cid, docs = find_directing_documents(con, ident)
    out: dict = {"campaign": None, "directing": []}
    if cid:
        c = con.execute(
            "SELECT campaign_id, name, anchor_key, anchors, documents, first_date, last_date"
            " FROM campaigns"
            " WHERE campaign_id = ?",
            [cid],
        ).fetchone()
        out["campaign"] = {
            "campaign_id": c[0],
            "name": c[1],
            "anchor_key": c[2],
            "anchors": c[3],
            "documents": c[4],
            "first_date": _fmt(c[5]),
            "last_date": _fmt(c[6]),
            "anchor_keys": [
                r[0]
                for r in con.execute(
                    "SELECT anchor_key FROM campaign_anchors WHERE campaign_id = ? ORDER BY ord",
                    [cid],
                ).fetchall()
            ],
            "by_hops": dict(
                con.execute(
                    "SELECT hops, count(*) FROM campaign_documents WHERE campaign_id = ? GROUP"
                    " BY hops ORDER BY hops",
                    [cid],
                ).fetchall()
            ),
        }
        cols = [
            "doc_id",
            "doc_type",
            "ref",
            "issuer",
            "issued_date",
            "province",
            "hops",
            "relation",
        ]
        out["documents"] = [
            dict(zip(cols, [*r[:4], _fmt(r[4]), *r[5:]], strict=True))
            for r in con.execute(
                """
                SELECT cd.doc_id, d.doc_type, coalesce(d.ref, concat_ws('/', d.number, d.symbol)),
                       d.issuer, d.issued_date, coalesce(n.province, d.province), cd.hops,
                       cd.relation
                FROM campaign_documents cd JOIN documents d USING (doc_id)
                LEFT JOIN doc_nodes dn USING (doc_id)
                LEFT JOIN nodes n ON n.target_key = dn.target_key
                WHERE cd.campaign_id = ? ORDER BY d.issued_date NULLS LAST, cd.doc_id
                """,
                [cid],
            ).fetchall()
        ]
    for doc_id in docs:
        info = con.execute(
            "SELECT d.doc_id, dn.target_key, d.doc_type, coalesce(d.ref, concat_ws('/',"
            " d.number, d.symbol)),"
            " d.issuer, d.issued_date, d.subject FROM documents d LEFT JOIN doc_nodes dn USING"
            " (doc_id) WHERE doc_id = ?",
            [doc_id],
        ).fetchone()
        rows = answer_matrix(con, doc_id)
        out["directing"].append(
            {
                "doc_id": info[0],
                "target_key": info[1],
                "doc_type": info[2],
                "ref": info[3],
                "issuer": info[4],
                "issued_date": _fmt(info[5]),
                "subject": info[6],
                "answers": [asdict(r) for r in rows],
                "summary": {
                    s: sum(1 for r in rows if r.status == s)
                    for s in (
                        "on time",
                        "late",
                        "answered",
                        "no answer",
                        "not addressed",
                        "for information",
                    )
                },
            }
        )
    return out


__all__ = [
    "AnswerRow",
    "UnknownCampaign",
    "answer_matrix",
    "campaign_report",
    "membership",
    "membership_relation",
    "normalize_addressee",
    "rebuild_campaigns",
]
