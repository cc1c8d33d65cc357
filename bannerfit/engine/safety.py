"""Content moderation of the input banner, and face boxes from the same model run.

NudeNet's detector (a small YOLOv8 exported to ONNX, shipped inside the ``nudenet``
wheel as ``320n.onnx``) finds 18 body-part classes, two of which are faces. One run per
request serves both the safety check and the engine's must-keep face subjects:

    report = analyze_safety(rgb)        # one model run
    check(report, tolerance)            # raises ContentBlocked
    faces = report.faces()              # [(box, score), ...] for layout

What each ``safety_tolerance`` blocks is data (:data:`TOLERANCE_RULES`), documented in
README.md ("Content moderation"). The ONNX session is created once per process with an explicit thread
count (ONNX Runtime ignores OMP_NUM_THREADS, and the worker pool already uses one
process per core).
"""

from __future__ import annotations

import numbers
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

import cv2
import numpy as np

from bannerfit.engine.errors import ContentBlocked

#: Output classes of NudeNet's 320n model, in the model's order.
LABELS: tuple[str, ...] = (
    "FEMALE_GENITALIA_COVERED",
    "FACE_FEMALE",
    "BUTTOCKS_EXPOSED",
    "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_BREAST_EXPOSED",
    "ANUS_EXPOSED",
    "FEET_EXPOSED",
    "BELLY_COVERED",
    "FEET_COVERED",
    "ARMPITS_COVERED",
    "ARMPITS_EXPOSED",
    "FACE_MALE",
    "BELLY_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "ANUS_COVERED",
    "FEMALE_BREAST_COVERED",
    "BUTTOCKS_COVERED",
)

#: Words used in the error sentence (the class, never a score).
DESCRIPTIONS: dict[str, str] = {
    "FEMALE_GENITALIA_EXPOSED": "exposed genitalia",
    "MALE_GENITALIA_EXPOSED": "exposed genitalia",
    "ANUS_EXPOSED": "exposed anus",
    "FEMALE_BREAST_EXPOSED": "exposed female breast",
    "BUTTOCKS_EXPOSED": "exposed buttocks",
    "FEMALE_GENITALIA_COVERED": "covered genital area",
    "ANUS_COVERED": "covered anal area",
    "FEMALE_BREAST_COVERED": "covered female breast (lingerie or swimwear)",
    "BUTTOCKS_COVERED": "covered buttocks (lingerie or swimwear)",
    "MALE_BREAST_EXPOSED": "exposed male chest",
    "BELLY_EXPOSED": "exposed belly",
}

_GENITALIA = {"FEMALE_GENITALIA_EXPOSED": 0, "MALE_GENITALIA_EXPOSED": 0, "ANUS_EXPOSED": 0}

#: safety_tolerance -> {class: minimum detector score that blocks}. 1 blocks the most,
#: 6 the least. Every class blocked at tolerance t is blocked at t-1, at a threshold
#: no higher (tests enforce this), so lowering the tolerance never lets more through.
TOLERANCE_RULES: dict[int, dict[str, float]] = {
    1: {
        **dict.fromkeys(_GENITALIA, 0.25),
        "FEMALE_BREAST_EXPOSED": 0.25,
        "BUTTOCKS_EXPOSED": 0.25,
        "FEMALE_GENITALIA_COVERED": 0.35,
        "ANUS_COVERED": 0.35,
        "FEMALE_BREAST_COVERED": 0.45,
        "BUTTOCKS_COVERED": 0.45,
        "MALE_BREAST_EXPOSED": 0.6,
        "BELLY_EXPOSED": 0.6,
    },
    2: {
        **dict.fromkeys(_GENITALIA, 0.3),
        "FEMALE_BREAST_EXPOSED": 0.3,
        "BUTTOCKS_EXPOSED": 0.3,
        "FEMALE_GENITALIA_COVERED": 0.45,
        "ANUS_COVERED": 0.45,
        "FEMALE_BREAST_COVERED": 0.6,
        "BUTTOCKS_COVERED": 0.6,
    },
    3: {
        **dict.fromkeys(_GENITALIA, 0.35),
        "FEMALE_BREAST_EXPOSED": 0.35,
        "BUTTOCKS_EXPOSED": 0.4,
        "FEMALE_GENITALIA_COVERED": 0.6,
        "ANUS_COVERED": 0.6,
    },
    4: {
        **dict.fromkeys(_GENITALIA, 0.4),
        "FEMALE_BREAST_EXPOSED": 0.45,
        "BUTTOCKS_EXPOSED": 0.5,
    },
    5: {
        **dict.fromkeys(_GENITALIA, 0.5),
        "FEMALE_BREAST_EXPOSED": 0.6,
    },
    6: dict.fromkeys(_GENITALIA, 0.6),
}

FACE_LABELS = ("FACE_FEMALE", "FACE_MALE")
#: Faces below this score are not treated as must-keep subjects.
FACE_MIN_SCORE = 0.4
#: Candidates below this score are dropped before NMS (the lowest rule is 0.25).
CANDIDATE_MIN_SCORE = 0.2
_NMS_IOU = 0.45
#: Model input: the short side is scaled to 320 (the size the model was trained at),
#: the long side is capped at 640, and both are padded to a multiple of 32 (the
#: model takes any such shape), so wide banners keep their detail without tiling.
_SHORT_SIDE = 320
_LONG_SIDE_MAX = 640
_STRIDE = 32
#: ONNX Runtime threads per process; the worker pool already runs one process per core.
SESSION_THREADS = 1

Box = tuple[int, int, int, int]  # x, y, width, height in source pixels


@dataclass(frozen=True)
class Detection:
    """One detector hit, in the coordinates of the image that was analysed."""

    label: str
    score: float
    box: Box


@dataclass(frozen=True)
class SafetyReport:
    """Everything the detector saw in one image (one model run)."""

    detections: tuple[Detection, ...]
    width: int
    height: int

    def faces(self, min_score: float = FACE_MIN_SCORE) -> list[tuple[Box, float]]:
        """Face boxes with their scores, best first."""
        hits = [
            (d.box, d.score)
            for d in self.detections
            if d.label in FACE_LABELS and d.score >= min_score
        ]
        return sorted(hits, key=lambda hit: -hit[1])


def blocking_detection(report: SafetyReport, tolerance: int) -> Detection | None:
    """The highest-scoring detection that ``tolerance`` blocks, or None."""
    rules = rules_for(tolerance)
    hits = [d for d in report.detections if d.score >= rules.get(d.label, 2.0)]
    return max(hits, key=lambda d: d.score, default=None)


def rules_for(tolerance: int) -> dict[str, float]:
    """The blocking rules of a tolerance; the API validates 1..6, so others are a bug."""
    if not isinstance(tolerance, numbers.Integral | np.integer) or isinstance(tolerance, bool):
        raise ValueError(f"safety_tolerance must be an integer from 1 to 6, not {tolerance!r}")
    if int(tolerance) not in TOLERANCE_RULES:
        raise ValueError(f"safety_tolerance must be an integer from 1 to 6, not {tolerance!r}")
    return TOLERANCE_RULES[int(tolerance)]


def check(report: SafetyReport, tolerance: int) -> None:
    """Raise ContentBlocked if ``report`` holds anything ``tolerance`` blocks."""
    hit = blocking_detection(report, tolerance)
    if hit is None:
        return
    what = DESCRIPTIONS.get(hit.label, hit.label.lower().replace("_", " "))
    raise ContentBlocked(
        f"The image was blocked by the safety filter ({what} detected at "
        f"safety_tolerance {tolerance}); send another image, or a higher safety_tolerance "
        "if the content is acceptable (1 is strictest, 6 most permissive)."
    )


def moderate(rgb: np.ndarray, tolerance: int) -> None:
    """Analyse ``rgb`` and raise ContentBlocked if ``tolerance`` blocks what it shows."""
    rules_for(tolerance)
    check(analyze_safety(rgb), tolerance)


def detect_faces(rgb: np.ndarray, min_score: float = FACE_MIN_SCORE) -> list[tuple[Box, float]]:
    """Face boxes in ``rgb`` (prefer ``analyze_safety(rgb).faces()`` to reuse one run)."""
    return analyze_safety(rgb).faces(min_score)


def analyze_safety(rgb: np.ndarray) -> SafetyReport:
    """Run the detector once on an RGB(A) or grayscale uint8 image."""
    image = _as_rgb(rgb)
    height, width = image.shape[:2]
    blob, scale = _prepare(image)
    session = _session()
    (output,) = session.run(None, {session.get_inputs()[0].name: blob})
    return SafetyReport(_decode(output[0], scale, width, height), width, height)


def warm_up() -> None:
    """Load the model now (workers call this at start so requests do not pay for it)."""
    _session()


# ---- internals ----------------------------------------------------------------------

_lock = threading.Lock()
_cached: Any = None


def _session() -> Any:
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = _load_session()
    return _cached


def _load_session() -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = SESSION_THREADS
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    model = resources.files("nudenet").joinpath("320n.onnx").read_bytes()
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _as_rgb(rgb: np.ndarray) -> np.ndarray:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8:
        raise TypeError("analyze_safety expects a uint8 numpy array")
    if rgb.ndim == 2:
        return np.repeat(rgb[:, :, None], 3, axis=2)
    if rgb.ndim != 3 or rgb.shape[2] not in (3, 4) or min(rgb.shape[:2]) < 1:
        raise ValueError(f"analyze_safety expects HxWx3 or HxWx4, got {rgb.shape}")
    if rgb.shape[2] == 3:
        return rgb
    # Transparent pixels are shown over white in the output's likely context; judge that.
    alpha = rgb[:, :, 3:4].astype(np.uint16)
    flat = (rgb[:, :, :3].astype(np.uint16) * alpha + 255 * (255 - alpha) + 127) // 255
    return flat.astype(np.uint8)


def _prepare(image: np.ndarray) -> tuple[np.ndarray, float]:
    """Letterbox into a stride-aligned canvas; return the NCHW blob and the scale used."""
    height, width = image.shape[:2]
    scale = min(_SHORT_SIDE / min(height, width), _LONG_SIDE_MAX / max(height, width))
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (new_w, new_h), interpolation=interpolation)
    pad_w = -(-new_w // _STRIDE) * _STRIDE
    pad_h = -(-new_h // _STRIDE) * _STRIDE
    canvas = np.zeros((pad_h, pad_w, 3), np.float32)
    canvas[:new_h, :new_w] = resized.astype(np.float32) / 255.0
    return np.ascontiguousarray(canvas.transpose(2, 0, 1)[None]), scale


def _decode(output: np.ndarray, scale: float, width: int, height: int) -> tuple[Detection, ...]:
    """YOLOv8 head (4 box + 18 class rows x anchors) -> per-class NMS'd detections."""
    rows = output.T  # anchors x 22
    class_scores = rows[:, 4:]
    class_ids = class_scores.argmax(axis=1)
    scores = class_scores[np.arange(len(rows)), class_ids]
    keep = scores >= CANDIDATE_MIN_SCORE
    if not keep.any():
        return ()
    rows, class_ids, scores = rows[keep], class_ids[keep], scores[keep]
    cx, cy, w, h = (rows[:, i] / scale for i in range(4))
    x0 = np.clip(cx - w / 2, 0, width)
    y0 = np.clip(cy - h / 2, 0, height)
    x1 = np.clip(cx + w / 2, 0, width)
    y1 = np.clip(cy + h / 2, 0, height)
    boxes = [
        [float(a), float(b), float(c - a), float(d - b)]
        for a, b, c, d in zip(x0, y0, x1, y1, strict=True)
    ]
    picked = cv2.dnn.NMSBoxesBatched(
        boxes, scores.tolist(), class_ids.tolist(), CANDIDATE_MIN_SCORE, _NMS_IOU
    )
    found = [
        Detection(
            LABELS[int(class_ids[i])],
            round(float(scores[i]), 4),
            tuple(int(round(v)) for v in boxes[i]),  # type: ignore[arg-type]
        )
        for i in np.asarray(picked).reshape(-1)
    ]
    return tuple(sorted(found, key=lambda d: -d.score))
