"""The archivists' desk: a local web app over the archive (``vanthu serve``).

Flask with Jinja2 templates, rendered on the server; no JavaScript. Safe by default:

- every request opens the archive read-only and closes it when the response is sent
  (nothing is held between requests, so the nightly ingest can replace the file);
- the only writes are corrections, to the archive's corrections file (the same file and
  the same format as ``vanthu correct``), and only when started with
  ``--allow-corrections``; each is a POST carrying the session's CSRF token;
- files are served by their id in the archive only (see :mod:`pipeline.web.pages`);
- the SQL box runs through :func:`pipeline.store.db.open_guarded`;
- every error is a page in the user's language, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipeline.errors import DatabaseError, VanthuError
from pipeline.store import corrections as corr
from pipeline.store import db as dbmod
from pipeline.store import export as exp
from pipeline.store import review as review_rules
from pipeline.web import data, i18n, pages, plots

if TYPE_CHECKING:  # Flask is the web extra's: imported where it is used (see the note below)
    from flask import Flask, Response
    from markupsafe import Markup

log = logging.getLogger(__name__)

# Flask, Werkzeug and MarkupSafe come with the `web` extra. Like every extra's package they
# are imported inside the functions that use them, so `import pipeline.web.app` and the
# rest of vanthu never need them (tests/test_dependencies.py on the house branch checks it).

SQL_SHOWN = 500  # rows shown under the SQL box (the CSV has them all)
REVIEW_LIMIT = 200
HEX64 = re.compile(r"^[0-9a-f]{64}$")
DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class BadInput(VanthuError):
    """A value the user typed that cannot be recorded (shown back on an error page)."""


def create_app(
    db_path: str | Path,
    *,
    allow_corrections: bool = False,
    corrections_path: str | Path | None = None,
    secret_key: str | None = None,
    precompile: bool = False,
) -> Flask:
    """The desk's Flask app on the archive ``db_path``. ``precompile``: compile every
    template and import the modules the pages call now (``vanthu serve`` does), so that
    no visitor waits for them (about a second on a busy machine)."""
    from flask import Flask

    app = Flask(__name__)
    app.config.update(
        DB_PATH=Path(db_path),
        ALLOW_CORRECTIONS=allow_corrections,
        CORRECTIONS_OVERRIDE=Path(corrections_path) if corrections_path else None,
        SECRET_KEY=secret_key or secrets.token_hex(32),
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=1 << 20,
        SQL_TIMEOUT=60.0,  # seconds a query of the SQL box may run
        TEMPLATES_AUTO_RELOAD=False,
    )
    _install_helpers(app)
    _install_routes(app)
    if precompile:
        import pipeline.graph.campaigns
        import pipeline.graph.neighbours
        import pipeline.graph.search  # noqa: F401
        from pipeline.graph.keys import province_in

        province_in("Hà Nội")  # loads the gazetteer the answer matrices read

        for name in app.jinja_env.list_templates():
            app.jinja_env.get_template(name)
    return app


# --- per-request plumbing -----------------------------------------------------------


def db_path() -> Path:
    from flask import current_app

    return current_app.config["DB_PATH"]


def con() -> duckdb.DuckDBPyConnection:
    """The request's read-only connection, opened on first use, closed at teardown."""
    from flask import g

    if "con" not in g:
        g.con = dbmod.connect(db_path(), read_only=True)
    return g.con


def lang() -> str:
    from flask import request

    lg = request.args.get("lang") or request.cookies.get("lang") or "vi"
    return lg if lg in i18n.LANGS else "vi"


def t(key: str) -> str:
    return i18n.label(key, lang())


def corrections_file() -> Path:
    from flask import current_app

    return corr.resolve(db_path(), current_app.config["CORRECTIONS_OVERRIDE"])


def load_corrections() -> corr.Corrections:
    """The archive's corrections as they are now (read per request: a correction made a
    moment ago, here or with `vanthu correct`, shows at once)."""
    path = corrections_file()
    return corr.load(path) if path.exists() else corr.Corrections(path=path)


_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_ITEMS = 64
_cache_lock = threading.Lock()


def archive_stamp(path: Path) -> tuple:
    """What changes whenever the archive does: inode, modification time and size of the
    database and of its write-ahead log (a replaced file has a new inode)."""
    out = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_ino, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


def cached(name: str, args: tuple, compute):  # noqa: ANN001, ANN201
    """A page's slow summary (filter values, campaigns, answer matrices) computed once per
    state of the archive: the key holds :func:`archive_stamp`, so a run that changes or
    replaces the file is seen on the next request. Small, in this process only."""
    key = (str(db_path()), archive_stamp(db_path()), name, args)
    with _cache_lock:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = compute()
    with _cache_lock:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_ITEMS:
            _CACHE.popitem(last=False)
    return value


def _safe_next(target: str | None, default: str) -> str:
    """Only a path of this site (no scheme, no host) is followed after a form."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def _install_helpers(app: Flask) -> None:
    from flask import abort, g, render_template, request, session
    from werkzeug.exceptions import HTTPException, NotFound

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        c = g.pop("con", None)
        if c is not None:
            c.close()

    @app.before_request
    def _csrf() -> None:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        if request.method == "POST":
            token = request.form.get("csrf_token", "")
            if not secrets.compare_digest(token, session.get("csrf", "")):
                abort(400, description="csrf")

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if resp.mimetype == "text/html":  # an SVG keeps its own inline styles
            resp.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none';"
                " form-action 'self'; frame-ancestors 'none'",
            )
        return resp

    @app.context_processor
    def _ctx() -> dict[str, Any]:
        return {
            "t": t,
            "lang": lang(),
            "other_lang": "en" if lang() == "vi" else "vi",
            "csrf_token": session.get("csrf", ""),
            "allow_corrections": app.config["ALLOW_CORRECTIONS"],
            "field_label": lambda n: i18n.field_label(n, lang()),
            "rel_label": lambda n: i18n.relation_label(n, lang()),
            "fmt_date": lambda v, long=False: i18n.fmt_date(v, lang(), long),
            "fmt_partial": lambda y, m: i18n.fmt_partial(y, m, lang()),
            "fmt_seconds": lambda s: i18n.fmt_seconds(s, lang()),
            "status_colours": plots.STATUS_COLOURS,
            "db_name": app.config["DB_PATH"].name,
            "request_path": request.full_path.rstrip("?"),
        }

    def _error_page(code: int, title_key: str, message: str) -> tuple[str, int]:
        return render_template("error.html", code=code, title=t(title_key), message=message), code

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):  # noqa: ANN202
        key = {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(e.code or 500, "error")
        msg = e.description or ""
        if e.code == 400 and msg == "csrf":
            msg = (
                "Biểu mẫu đã hết hạn hoặc không đến từ bàn văn thư; hãy tải lại trang."
                if lang() == "vi"
                else "The form expired or did not come from the desk; reload the page."
            )
        if e.code == 404 and msg == NotFound.description:  # werkzeug's English default
            msg = t("not_found") + ": " + request.path
        return _error_page(e.code or 500, key, msg)

    @app.errorhandler(DatabaseError)
    def _db(e: DatabaseError):  # noqa: ANN202
        return _error_page(503, "busy", str(e))

    @app.errorhandler(duckdb.Error)
    def _duck(e: duckdb.Error):  # noqa: ANN202
        log.warning("database error on %s: %s", request.path, e)
        return _error_page(503, "busy", str(e).splitlines()[0])

    @app.errorhandler(VanthuError)
    def _vanthu(e: VanthuError):  # noqa: ANN202
        return _error_page(404 if "no " in str(e).lower()[:10] else 400, "error", str(e))

    @app.errorhandler(Exception)
    def _any(e: Exception):  # noqa: ANN202
        log.exception("unexpected error on %s", request.path)
        return _error_page(500, "error", f"{type(e).__name__}: {e}")


# --- routes ------------------------------------------------------------------------


def _int(v: str | None, default: int | None = None) -> int | None:
    try:
        return int(v) if v not in (None, "") else default
    except ValueError:
        return default


def _install_routes(app: Flask) -> None:  # noqa: C901 - one place lists every page
    from flask import (
        Response,
        abort,
        flash,
        redirect,
        render_template,
        request,
        url_for,
    )
    from markupsafe import Markup

    @app.get("/lang/<code>")
    def set_lang(code: str):  # noqa: ANN202
        if code not in i18n.LANGS:
            abort(404)
        resp = redirect(_safe_next(request.args.get("next"), url_for("home")))
        resp.set_cookie("lang", code, max_age=365 * 86400, samesite="Strict")
        return resp

    @app.get("/")
    def home():  # noqa: ANN202
        c = con()
        last = data.runs(c)[:1]
        unsure = c.execute(
            f"SELECT count(*) FROM fields f WHERE {review_rules.where_sql()}", [0.8]
        ).fetchone()[0]
        return render_template(
            "home.html",
            totals=data.totals(c),
            last=last[0] if last else None,
            progress=data.progress_of(db_path()),
            unsure=unsure,
            campaigns=data.configured_campaigns(c)[:8],
        )

    @app.get("/runs")
    def runs():  # noqa: ANN202
        # The progress file is read even when the archive cannot be opened (an ingest
        # that writes it in place holds it): the page is where one looks at that moment.
        progress = data.progress_of(db_path())
        try:
            c = con()
            runs_, quarantined = data.runs(c), data.quarantined_files(c)
            busy = None
        except (DatabaseError, duckdb.Error) as e:
            runs_, quarantined, busy = [], [], str(e).splitlines()[0]
        return render_template(
            "runs.html", runs=runs_, quarantined=quarantined, progress=progress, busy=busy
        )

    @app.get("/documents")
    def documents():  # noqa: ANN202
        c = con()
        a = request.args
        dq = data.DocQuery(
            doc_type=a.get("type", ""),
            issuer=a.get("issuer", ""),
            province=a.get("province", ""),
            year=_int(a.get("year")),
            campaign=a.get("campaign", ""),
            q=a.get("q", ""),
            sort=a.get("sort", "relevance" if a.get("q") else "date"),
            desc=a.get("dir", "desc") != "asc",
            page=_int(a.get("page"), 1) or 1,
        )
        result = data.documents(c, dq)
        args = {k: v for k, v in a.items() if v and k != "page"}
        return render_template(
            "documents.html",
            dq=dq,
            result=result,
            facets=cached("facets", (), lambda: data.facets(c)),
            link=lambda **kw: url_for("documents", **{**args, **kw}),
        )

    @app.get("/documents/<doc_id>")
    def document(doc_id: str):  # noqa: ANN202
        c = con()
        d = data.document(c, doc_id)
        if d is None:
            abort(404, description=f"{t('not_found')}: {doc_id}")
        corrections = load_corrections()
        pending = data.pending_corrections(corrections, d["file_id"], d["ordinal"])
        segments = data.segment_corrections(corrections, d["file_id"], d["ordinal"])
        page_list = []
        media = (d["file"] or {}).get("media_type")
        if d["file"] and pages.renderable(media):
            for p in range(d["page_start"] or 1, (d["page_end"] or d["page_start"] or 1) + 1):
                page_list.append({"page": p, "words": data.ocr_words(c, d["file_id"], p)})
        return render_template(
            "document.html",
            d=d,
            text_html=_highlighted(d),
            pending=pending,
            segments=segments,
            page_list=page_list,
            editable=data.EDITABLE_FIELDS,
            helper_fields=data.HELPER_FIELDS,
            corrections_path=corrections_file(),
        )

    @app.get("/files/<file_id>/page/<int:page>.png")
    def page_image(file_id: str, page: int):  # noqa: ANN202
        if not HEX64.match(file_id):
            abort(404)
        png = pages.page_png(con(), file_id, page, db_path())
        if png is None:
            abort(404, description=t("no_image"))
        resp = Response(png, mimetype="image/png")
        resp.headers["Cache-Control"] = "private, max-age=3600"
        return resp

    @app.get("/review")
    def review():  # noqa: ANN202
        c = con()
        try:
            threshold = float(request.args.get("threshold", "0.8"))
        except ValueError:
            threshold = 0.8
        rows = data.unsure_fields(c, threshold, REVIEW_LIMIT)
        corrections = load_corrections()
        for r in rows:
            p = data.pending_corrections(corrections, r["file_id"], r["ordinal"])
            r["has_pending"] = r["name"] in p
            r["pending"] = p.get(r["name"])
        return render_template(
            "review.html",
            rows=rows,
            threshold=threshold,
            editable=data.EDITABLE_FIELDS,
            corrections_path=corrections_file(),
        )

    def _writable_document(doc_id: str) -> tuple[str, int]:
        """(file_id, ordinal) of a document a write may touch: 403 unless the desk was
        started with --allow-corrections, 404 for an unknown document."""
        if not app.config["ALLOW_CORRECTIONS"]:
            abort(403, description=t("review_readonly"))
        row = (
            con()
            .execute("SELECT file_id, ordinal FROM documents WHERE doc_id = ?", [doc_id])
            .fetchone()
        )
        if row is None:
            abort(404, description=f"{t('not_found')}: {doc_id}")
        return row

    @app.post("/correct")
    def correct():  # noqa: ANN202
        f = request.form
        doc_id, name = f.get("doc_id", ""), f.get("field", "")
        row = _writable_document(doc_id)
        if name not in data.EDITABLE_FIELDS:
            abort(400, description=f"{t('field')}: {name}")
        value = _normalise_value(name, f.get("value", ""))
        path = corrections_file()
        corr.append(
            path,
            corr.Correction(row[0], row[1], name, value, f.get("note", "").strip(), "desk"),
        )
        log.info("correction %s %s=%r recorded in %s", doc_id, name, value, path)
        flash(f"{t('saved')}: {doc_id} · {name} = {value or '∅'}")
        return redirect(_safe_next(f.get("next"), url_for("document", doc_id=doc_id)))

    @app.post("/segment")
    def segment():  # noqa: ANN202
        f = request.form
        doc_id, action = f.get("doc_id", ""), f.get("action", "")
        row = _writable_document(doc_id)
        if action == "split":
            line = f.get("line", "").strip()
            if not line:
                abort(400, description=t("split_before"))
            c = corr.Correction(row[0], row[1], "split_before", line, f.get("note", ""), "desk")
        elif action == "merge":
            if row[1] <= 1:
                abort(400, description=t("merge_prev"))
            c = corr.Correction(row[0], row[1], "merge_with_previous", None, "", "desk")
        else:
            abort(400)
        corr.append(corrections_file(), c)
        flash(f"{t('saved')}: {doc_id} · {c.field} — {t('segment_note')}")
        return redirect(url_for("document", doc_id=doc_id))

    @app.get("/campaigns")
    def campaigns():  # noqa: ANN202
        c = con()
        return render_template(
            "campaigns.html",
            configured=data.configured_campaigns(c),
            revealed=cached("revealed", (), lambda: data.revealed_campaigns(c)),
        )

    def _report(ident: str, per_page: int = data.DIRECTING_PER_PAGE) -> dict[str, Any]:
        c = con()
        if not data.has_tables(c, "campaigns", "edges", "nodes"):
            abort(404, description=t("not_found"))
        from pipeline.graph.campaigns import UnknownCampaign

        page = _int(request.args.get("page"), 1) or 1
        try:
            return cached(
                "campaign",
                (ident, page, per_page),
                lambda: data.campaign_view(c, ident, page, per_page),
            )
        except UnknownCampaign as e:
            abort(404, description=str(e))

    @app.get("/campaigns/<path:ident>/timeline.svg")
    def campaign_timeline(ident: str):  # noqa: ANN202
        rep = _report(ident)
        lg = lang()
        labels = {s: i18n.label(s, lg) for s in plots.STATUS_COLOURS}
        labels |= {
            "due": t("due"),
            "empty": t("no_dated_answers"),
            "more_offices": t("more_offices"),
            "fmt": lambda d: i18n.fmt_date(d, lg),
        }
        svg = plots.timeline_svg(rep, labels, t("timeline"))
        return Response(svg, mimetype="image/svg+xml")

    @app.get("/campaigns/<path:ident>/provinces.svg")
    def campaign_provinces(ident: str):  # noqa: ANN202
        rep = _report(ident)
        counts = cached(
            "provinces", (ident, rep["page"]), lambda: data.campaign_provinces(con(), rep)
        )
        counts = [(t("unknown_province") if p == "?" else p, n) for p, n in counts]
        svg = plots.coverage_svg(counts, t("coverage"), t("none_found"))
        return Response(svg, mimetype="image/svg+xml")

    @app.get("/campaigns/<path:ident>/matrix.csv")
    def campaign_csv(ident: str):  # noqa: ANN202
        rows = data.matrix_rows(_report(ident, data.EXPORT_MAX_DIRECTING))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=data.MATRIX_COLUMNS)
        w.writeheader()
        w.writerows(rows)
        return _download(buf.getvalue().encode("utf-8-sig"), f"{_slug(ident)}.csv", "text/csv")

    @app.get("/campaigns/<path:ident>/matrix.xlsx")
    def campaign_xlsx(ident: str):  # noqa: ANN202
        rows = data.matrix_rows(_report(ident, data.EXPORT_MAX_DIRECTING))
        return _download(
            _xlsx(rows, data.MATRIX_COLUMNS),
            f"{_slug(ident)}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @app.get("/campaigns/<path:ident>")
    def campaign(ident: str):  # noqa: ANN202
        rep = _report(ident)
        return render_template(
            "campaign.html",
            ident=ident,
            rep=rep,
            export_max=data.EXPORT_MAX_DIRECTING,
            docs_shown=data.CAMPAIGN_DOCS_SHOWN,
        )

    @app.get("/export")
    def export_page():  # noqa: ANN202
        c = con()
        tables = [
            (tb, c.execute(f'SELECT count(*) FROM "{tb}"').fetchone()[0])
            for tb in exp.present_tables(c)
        ]
        return render_template("export.html", tables=tables)

    @app.get("/export/<table>.<fmt>")
    def export_file(table: str, fmt: str):  # noqa: ANN202
        c = con()
        tmp = Path(tempfile.mkdtemp(prefix="vanthu-export-"))
        try:
            if fmt == "graphml" and table == "citation_graph":
                path = exp.export_graphml(c, tmp / exp.GRAPHML_NAME)
                mime = "application/graphml+xml"
            elif fmt in ("csv", "parquet") and table in exp.present_tables(c):
                path = exp.export_table(c, table, tmp / f"{table}.{fmt}", fmt)
                mime = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
            else:
                abort(404)
            payload = path.read_bytes()
        except exp.ExportError as e:
            abort(404, description=str(e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return _download(payload, path.name, mime)

    @app.get("/graph")
    def graph():  # noqa: ANN202
        c = con()
        key = request.args.get("key", "").strip()
        svg, keys, trees, root = None, [], None, None
        if key and data.has_tables(c, "nodes", "edges", "doc_nodes"):
            from pipeline.graph.neighbours import find_key, neighbourhood

            keys = find_key(c, key)
            if len(keys) == 1:
                trees = neighbourhood(c, keys[0], depth=1, limit=50)
                root = trees["cited_by"]
                svg = Markup(plots.neighbourhood_svg(trees, lambda k: url_for("graph", key=k)))
        return render_template("graph.html", key=key, keys=keys, svg=svg, trees=trees, root=root)

    @app.get("/sql")
    def sql():  # noqa: ANN202
        q = request.args.get("q", "").strip()
        cols, rows, error, more = [], [], None, 0
        if q:
            try:
                cols, rows = _run_sql(q, SQL_SHOWN + 1)
                more = max(0, len(rows) - SQL_SHOWN)
                rows = rows[:SQL_SHOWN]
            except duckdb.Error as e:
                error = str(e)
        return render_template("sql.html", q=q, cols=cols, rows=rows, error=error, more=more)

    @app.get("/sql.csv")
    def sql_csv():  # noqa: ANN202
        q = request.args.get("q", "").strip()
        if not q:
            abort(400)
        try:
            cols, rows = _run_sql(q, None)
        except duckdb.Error as e:
            abort(400, description=str(e))
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows(rows)
        return _download(buf.getvalue().encode("utf-8-sig"), "query.csv", "text/csv")


# --- helpers --------------------------------------------------------------------------


def _run_sql(q: str, limit: int | None) -> tuple[list[str], list[tuple]]:
    """A user's SQL through the read-only guard (design 2), interrupted after
    ``SQL_TIMEOUT`` seconds so a runaway join cannot keep the desk busy."""
    from flask import current_app

    c = dbmod.open_guarded(db_path())
    timer = threading.Timer(current_app.config["SQL_TIMEOUT"], c.interrupt)
    timer.start()
    try:
        cur = c.execute(q)
        if cur.description is None:
            return [], []
        cols = [d[0] for d in cur.description]
        rows = cur.fetchmany(limit) if limit else cur.fetchall()
        return cols, rows
    finally:
        timer.cancel()
        c.close()


def _normalise_value(name: str, raw: str) -> str | None:
    """What the archivist typed, as the corrections file stores it: a date as ISO
    (``05/12/2026`` -> ``2026-12-05``); empty means "this field is empty"."""
    v = raw.strip()
    if not v:
        return None
    if name == "issued_date":
        m = DMY.match(v)
        iso = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else v
        try:
            dt.date.fromisoformat(iso)
        except ValueError:
            raise BadInput(
                f"'{raw}' không phải là ngày (dd/mm/yyyy)"
                if lang() == "vi"
                else f"'{raw}' is not a date (dd/mm/yyyy or yyyy-mm-dd)"
            ) from None
        return iso
    return v


def _highlighted(d: dict[str, Any]) -> Markup:
    """The document's text with each piece of evidence in a <mark id="ev-NAME"> the field
    table links to; nested spans (a number inside its reference) become nested marks."""
    from markupsafe import Markup, escape

    text = d.get("text") or ""
    out: list[Markup] = []
    pos = 0
    open_: list[int] = []  # ends of the marks still open

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ and open_[-1] <= limit:
            end = open_.pop()
            out.append(escape(text[pos:end]))
            out.append(Markup("</mark>"))
            pos = end

    for s, e, kind, name in data.highlight_spans(d):
        close_until(s)
        out.append(escape(text[pos:s]))
        pos = s
        out.append(
            Markup('<mark class="ev ev-{k}" id="ev-{n}" data-name="{n}" title="{n}">').format(
                k=kind, n=name
            )
        )
        open_.append(e)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _slug(s: str) -> str:
    return re.sub(r"[^\w.-]+", "_", s, flags=re.ASCII).strip("_") or "campaign"


def _download(payload: bytes, name: str, mime: str) -> Response:
    from flask import Response

    resp = Response(payload, mimetype=mime)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


def _xlsx(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """The answer matrix as an Excel sheet, each status cell in its colour."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "answer matrix"
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    status_col = columns.index("status") + 1
    for r in rows:
        ws.append([r.get(c) for c in columns])
        colour = plots.STATUS_COLOURS.get(r.get("status") or "")
        if colour:
            ws.cell(row=ws.max_row, column=status_col).fill = PatternFill(
                "solid", fgColor=colour.lstrip("#").upper()
            )
    for col in ws.columns:
        width = max(len(str(c.value or "")) for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
