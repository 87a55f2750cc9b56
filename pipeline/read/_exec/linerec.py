"""A second OCR engine for single text lines: the PP-OCRv4 recogniser, run with onnxruntime.

Tesseract reads print well and handwriting badly: a clerk's "46" in the number blank
comes out as ``4@``` or nothing (measured on ../shared/real/scans_dev, dev part). The
PP-OCRv4 line recogniser (a CRNN/SVTR model trained on printed and handwritten Chinese
and Latin text) reads such a line crop as ``So: 46 /TB-UBND``. It is used for a few
small crops per page only (``pipeline.read.fills``), never for whole pages.

The model ships inside the PyPI package ``rapidocr-onnxruntime`` (Apache-2.0; the file
``models/ch_PP-OCRv4_rec_infer.onnx`` with its character list in the model's metadata):
nothing is downloaded at run time. That package is installed without its dependencies
(scripts/setup.sh: its declared ``opencv-python`` would clash with the headless OpenCV
this project uses); only ``onnxruntime`` is needed here, and the package itself is never
imported (its ``__init__`` pulls in the detector and its geometry libraries).

When onnxruntime or the model is missing, :func:`available` is False and callers go on
without the second reading (the fields stay empty and unsure, as Tesseract left them).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

MODEL_PACKAGE = "rapidocr_onnxruntime"
MODEL_FILE = "models/ch_PP-OCRv4_rec_infer.onnx"
INPUT_HEIGHT = 48  # the model's fixed input height
MIN_WIDTH = 320  # the model's usual input width; narrower crops are padded to it


def model_path() -> Path | None:
    """Where the recogniser's model file is, or None when the package is not installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def _session():
    """(onnxruntime session, character list) or None; loaded once per process."""
    path = model_path()
    if path is None:
        log.info("line recogniser unavailable: %s is not installed", MODEL_PACKAGE)
        return None
    try:
        import onnxruntime as ort
    except ImportError:
        log.info("line recogniser unavailable: onnxruntime is not installed")
        return None
    opts = ort.SessionOptions()
    # One thread: OCR runs one worker per core already (as Tesseract does).
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    sess = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    chars = meta.get("character", "").splitlines()
    if not chars:
        log.warning("line recogniser model %s has no character list", path)
        return None
    # CTC: index 0 is the blank; the list ends with a space (as PaddleOCR builds it).
    return sess, ["", *chars, " "]


def available() -> bool:
    return _session() is not None


def _prepare(image: np.ndarray) -> np.ndarray:
    """Gray or RGB crop -> the model's input (1, 3, 48, W), values in [-1, 1]."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    h, w = image.shape[:2]
    width = max(1, int(math.ceil(INPUT_HEIGHT * w / max(h, 1))))
    resized = cv2.resize(image, (width, INPUT_HEIGHT), interpolation=cv2.INTER_AREA)
    x = resized.astype(np.float32).transpose(2, 0, 1) / 255.0
    x = (x - 0.5) / 0.5
    out = np.zeros((3, INPUT_HEIGHT, max(width, MIN_WIDTH)), dtype=np.float32)
    out[:, :, :width] = x
    return out[np.newaxis]


@dataclass(frozen=True)
class LineRead:
    """One line as the recogniser read it, with what it needs to read a part again."""

    text: str
    confidence: float  # mean probability of the characters read, 0..1
    frames: tuple[int, ...]  # the model's time step (column of the image) of each character
    probs: np.ndarray = field(repr=False, compare=False)  # (time steps, classes)
    chars: tuple[str, ...] = field(repr=False, compare=False)

    def digits(self, first: int, last: int) -> tuple[str, float]:
        """Characters ``first``..``last`` (inclusive) read again as digits only.

        Each of those characters becomes the digit the model found most likely in its
        column (as Tesseract's ``tessedit_char_whitelist=0123456789`` would): a
        handwritten "11" read ``/1`` reads ``11``. Returns (digits, mean probability of
        the digits chosen, against all classes: low when no digit was likely there).
        """
        lo = self.frames[first - 1] + 1 if first > 0 else 0
        hi = self.frames[last + 1] if last + 1 < len(self.frames) else len(self.probs)
        digit_cols = [i for i, c in enumerate(self.chars) if len(c) == 1 and c in "0123456789"]
        free = self.probs.argmax(axis=1)
        space = len(self.chars) - 1
        out, confs = [], []
        for t in range(lo, hi):
            # each sign of the free reading (not a blank, not a space, not the same sign
            # going on from the column before) becomes the digit most likely in its column
            if free[t] not in (0, space) and (t == 0 or free[t] != free[t - 1]):
                best = digit_cols[int(self.probs[t, digit_cols].argmax())]
                out.append(self.chars[best])
                confs.append(float(self.probs[t, best]))
        return "".join(out), (float(np.mean(confs)) if confs else 0.0)


def read_line(image: np.ndarray) -> LineRead | None:
    """The text of one line image; None without the engine."""
    loaded = _session()
    if loaded is None:
        return None
    sess, chars = loaded
    probs = sess.run(None, {sess.get_inputs()[0].name: _prepare(image)})[0][0]
    idx = probs.argmax(axis=1)
    best = probs.max(axis=1)
    text, confs, frames, prev = [], [], [], -1
    for t, (i, p) in enumerate(zip(idx, best, strict=True)):
        if i != prev and i != 0 and i < len(chars):
            text.append(chars[i])
            confs.append(float(p))
            frames.append(t)
        prev = i
    return LineRead(
        "".join(text),
        float(np.mean(confs)) if confs else 0.0,
        tuple(frames),
        probs,
        tuple(chars),
    )
