"""The one tesseract wrapper: outcomes become results or typed errors (fake binaries).

Pages go through pytesseract, which calls the binary as ``tesseract INPUT OUTPUT_BASE -l LANG
CONFIG...`` and reads ``OUTPUT_BASE.tsv``; the fake binaries below answer the same way."""

from __future__ import annotations

import subprocess

import numpy as np
import pytesseract
import pytest

from pipeline.errors import MissingDependency
from pipeline.read._exec import tesseract
from pipeline.read.text import check_tesseract

BLANK = np.full((40, 60), 255, np.uint8)

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t60\t40\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t2\t3\t20\t10\t96.5\tSố:\n"
    "5\t1\t1\t1\t1\t2\t25\t3\t30\t10\t88.0\t57/BC-CAH\n"
    "5\t1\t1\t1\t2\t1\t2\t20\t30\t10\t91.0\tngày\n"
)


def fake_binary(tmp_path, monkeypatch, script: str):
    exe = tmp_path / "fake-tesseract"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(0o755)
    monkeypatch.setattr(tesseract, "TESSERACT", str(exe))
    tesseract.version.cache_clear()
    tesseract.languages.cache_clear()
    return exe


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    tesseract.version.cache_clear()
    tesseract.languages.cache_clear()


def test_words_parsed_from_tsv(tmp_path, monkeypatch):
    out = tmp_path / "out.tsv"
    out.write_text(TSV, encoding="utf-8")
    fake_binary(tmp_path, monkeypatch, f"cp '{out}' \"$2.tsv\"")
    words = tesseract.run_tsv(image=BLANK, lang="vie", psm=6, dpi=300, timeout=10)
    assert [w.text for w in words] == ["Số:", "57/BC-CAH", "ngày"]
    assert words[1].conf == pytest.approx(88.0)
    assert (words[2].line, words[2].top) == (2, 20)


def test_arguments_are_passed(tmp_path, monkeypatch):
    log = tmp_path / "args"
    fake_binary(
        tmp_path,
        monkeypatch,
        f'in="$1"; out="$2"; shift 2; echo "$@" > "{log}"; echo "$OMP_THREAD_LIMIT" >> "{log}"; '
        f'head -c 2 "$in" >> "{log}"; : > "$out.tsv"',
    )
    tesseract.run_tsv(image=BLANK, lang="vie", psm=4, dpi=200, timeout=10)
    args, omp, magic = log.read_text().splitlines()
    # No second reading of unsure lines as white on black (RECOGNITION_VARIABLES).
    assert args == "-l vie -c tessedit_create_tsv=1 --psm 4 --dpi 200 -c tessedit_do_invert=0"
    assert omp == "1"
    assert magic == "P5"  # the page goes in as binary PGM (PNG costs seconds on a noisy page)


def test_empty_page_is_empty_result(tmp_path, monkeypatch):
    fake_binary(tmp_path, monkeypatch, "echo 'Empty page!!' >&2; exit 1")
    assert tesseract.run_tsv(image=BLANK, lang="vie", psm=6, dpi=300, timeout=10) == []


def test_failure_is_typed_error_from_original(tmp_path, monkeypatch):
    fake_binary(tmp_path, monkeypatch, "echo 'Segmentation fault' >&2; exit 139")
    with pytest.raises(tesseract.TesseractError, match="Segmentation fault") as err:
        tesseract.run_tsv(image=BLANK, lang="vie", psm=6, dpi=300, timeout=10)
    assert isinstance(err.value.__cause__, pytesseract.TesseractError)
    assert err.value.__cause__.status == 139


def test_timeout_is_typed_error(tmp_path, monkeypatch):
    fake_binary(tmp_path, monkeypatch, "sleep 5")
    with pytest.raises(tesseract.TesseractTimeout) as err:
        tesseract.run_tsv(image=BLANK, lang="vie", psm=6, dpi=300, timeout=0.3)
    # pytesseract kills the binary and raises RuntimeError while handling TimeoutExpired
    assert isinstance(err.value.__cause__.__context__, subprocess.TimeoutExpired)


def test_missing_language_is_missing_dependency(tmp_path, monkeypatch):
    fake_binary(
        tmp_path,
        monkeypatch,
        "echo 'Error opening data file /usr/share/tessdata/vie.traineddata' >&2; "
        "echo 'Failed loading language vie' >&2; exit 1",
    )
    with pytest.raises(MissingDependency, match="language data"):
        tesseract.run_tsv(image=BLANK, lang="vie", psm=6, dpi=300, timeout=10)


def test_missing_binary_is_missing_dependency(monkeypatch):
    monkeypatch.setattr(tesseract, "TESSERACT", "/nonexistent/tesseract-xyz")
    tesseract.version.cache_clear()
    with pytest.raises(MissingDependency, match="not installed"):
        check_tesseract("vie")
    tesseract.version.cache_clear()


def test_check_tesseract_names_missing_language(tmp_path, monkeypatch):
    fake_binary(
        tmp_path,
        monkeypatch,
        'if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n'
        'echo "List of available languages (2):"; echo eng; echo osd',
    )
    with pytest.raises(MissingDependency, match="tesseract-ocr-vie"):
        check_tesseract("vie")
    tesseract.version.cache_clear()


def test_check_tesseract_returns_version(tmp_path, monkeypatch):
    fake_binary(
        tmp_path,
        monkeypatch,
        'if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n'
        'echo "List of available languages (2):"; echo eng; echo vie',
    )
    assert check_tesseract("vie") == "5.3.0"
    tesseract.version.cache_clear()


TWO_IMAGES_TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t60\t40\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t2\t3\t20\t10\t96.5\tỦY\n"
    "5\t1\t1\t1\t1\t2\t25\t3\t30\t10\t88.0\tBAN\n"
    "1\t2\t0\t0\t0\t0\t0\t0\t60\t40\t-1\t\n"
    "5\t2\t1\t1\t1\t1\t4\t5\t20\t10\t90.0\tCỘNG\n"
)


def test_regions_of_a_page_go_to_one_process_and_come_back_by_image(tmp_path, monkeypatch):
    out = tmp_path / "out.tsv"
    out.write_text(TWO_IMAGES_TSV, encoding="utf-8")
    log = tmp_path / "args"
    fake_binary(
        tmp_path, monkeypatch, f'echo "$@" >> "{log}"; wc -l < "$1" >> "{log}"; cat "{out}"'
    )
    got = tesseract.run_tsv_many(images=[BLANK, BLANK], lang="vie", psm=6, dpi=300, timeout=10)
    assert [[w.text for w in ws] for ws in got] == [["ỦY", "BAN"], ["CỘNG"]]
    assert got[1][0].left == 4
    calls = log.read_text().splitlines()
    assert len(calls) == 2  # one process: its arguments, then the image list's length
    assert calls[0].endswith(
        "stdout -l vie -c tessedit_create_tsv=1 -c tessedit_do_invert=0 --psm 6 --dpi 300"
    )
    assert calls[1].strip() == "2"


def test_regions_read_one_by_one_when_the_list_gives_nothing(tmp_path, monkeypatch):
    # "Empty page!!" on one image of a list: the others must keep their words.
    out = tmp_path / "out.tsv"
    out.write_text(TSV, encoding="utf-8")
    fake_binary(
        tmp_path,
        monkeypatch,
        f'case "$1" in *.txt) echo "Empty page!!" >&2; exit 1;; esac; cp "{out}" "$2.tsv"',
    )
    got = tesseract.run_tsv_many(images=[BLANK, BLANK], lang="vie", psm=6, dpi=300, timeout=10)
    assert [[w.text for w in ws] for ws in got] == [["Số:", "57/BC-CAH", "ngày"]] * 2


def test_one_process_reads_each_region_as_its_own_call_would():
    from PIL import Image, ImageDraw, ImageFont

    def line(text: str) -> np.ndarray:
        img = Image.new("L", (700, 70), 255)
        font = ImageFont.truetype("DejaVuSans.ttf", 36) if _has_dejavu() else None
        ImageDraw.Draw(img).text((10, 12), text, fill=0, font=font)
        return np.asarray(img)

    images = [line("UBND TINH HA TINH"), line("So: 57/BC-CAH"), line("Noi nhan: Bo Cong an")]
    one_each = [
        tesseract.run_tsv(image=img, lang="vie", psm=6, dpi=300, timeout=60) for img in images
    ]
    together = tesseract.run_tsv_many(images=images, lang="vie", psm=6, dpi=300, timeout=60)
    assert together == one_each
    assert all(together)


def _has_dejavu() -> bool:
    from PIL import ImageFont

    try:
        ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:
        return False
    return True
