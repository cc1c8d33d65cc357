"""Safety filter: the tolerance rules as data, the decision logic, and the real model."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from bannerfit.engine import safety
from bannerfit.engine.errors import ContentBlocked, EngineError
from bannerfit.engine.safety import (
    LABELS,
    TOLERANCE_RULES,
    Detection,
    SafetyReport,
    analyze_safety,
    blocking_detection,
    check,
    moderate,
)

EXPOSED_GENITALIA = {"FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED", "ANUS_EXPOSED"}


def report(*hits: tuple[str, float]) -> SafetyReport:
    return SafetyReport(tuple(Detection(label, s, (1, 2, 30, 40)) for label, s in hits), 100, 80)


# ---- the rules as data ---------------------------------------------------------------


def test_rules_cover_exactly_tolerances_1_to_6_with_known_labels() -> None:
    assert sorted(TOLERANCE_RULES) == [1, 2, 3, 4, 5, 6]
    for rules in TOLERANCE_RULES.values():
        assert rules and set(rules) <= set(LABELS)
        assert all(safety.CANDIDATE_MIN_SCORE < t <= 1.0 for t in rules.values())
        assert not set(rules) & set(safety.FACE_LABELS)
        assert all(label in safety.DESCRIPTIONS for label in rules)


def test_lower_tolerance_never_lets_more_through() -> None:
    for t in range(2, 7):
        stricter, looser = TOLERANCE_RULES[t - 1], TOLERANCE_RULES[t]
        assert set(looser) <= set(stricter), t
        assert all(stricter[c] <= looser[c] for c in looser), t


def test_extremes() -> None:
    assert set(TOLERANCE_RULES[6]) == EXPOSED_GENITALIA
    assert min(TOLERANCE_RULES[6].values()) >= 0.5
    strict = TOLERANCE_RULES[1]
    assert {"FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED", "FEMALE_GENITALIA_COVERED"} <= set(strict)
    assert "FEMALE_BREAST_EXPOSED" in TOLERANCE_RULES[4]


@pytest.mark.parametrize("tolerance", range(1, 7))
def test_threshold_boundaries(tolerance: int) -> None:
    for label, threshold in TOLERANCE_RULES[tolerance].items():
        assert blocking_detection(report((label, threshold)), tolerance) is not None
        assert blocking_detection(report((label, threshold - 0.01)), tolerance) is None
    for label in set(LABELS) - set(TOLERANCE_RULES[tolerance]):
        assert blocking_detection(report((label, 0.99)), tolerance) is None


def test_block_message_names_the_class_without_scores() -> None:
    with pytest.raises(ContentBlocked) as info:
        check(report(("FACE_FEMALE", 0.93), ("FEMALE_BREAST_EXPOSED", 0.8712)), 4)
    err = info.value
    assert isinstance(err, EngineError) and err.code == "content_blocked"
    assert "exposed female breast detected at safety_tolerance 4" in err.message
    assert "0.87" not in err.message and "87" not in err.message
    assert err.message.count(". ") == 0 and err.message.endswith(").")


def test_the_strongest_blocking_hit_is_named() -> None:
    r = report(("BUTTOCKS_EXPOSED", 0.6), ("MALE_GENITALIA_EXPOSED", 0.9))
    assert blocking_detection(r, 4) == r.detections[1]


def test_benign_classes_never_block() -> None:
    r = report(
        *(
            (label, 0.99)
            for label in (
                "FACE_FEMALE",
                "FACE_MALE",
                "FEET_EXPOSED",
                "ARMPITS_EXPOSED",
                "BELLY_COVERED",
            )
        )
    )
    for t in range(1, 7):
        check(r, t)


@pytest.mark.parametrize("bad", [0, 7, -1, True, "4", 4.0, None])
def test_invalid_tolerance_is_a_programming_error(bad: object) -> None:
    with pytest.raises(ValueError):
        check(report(), bad)  # type: ignore[arg-type]


def test_faces_filter_and_order() -> None:
    r = report(("FACE_MALE", 0.5), ("FACE_FEMALE", 0.9), ("FACE_MALE", 0.2), ("FEET_EXPOSED", 0.9))
    assert [s for _, s in r.faces()] == [0.9, 0.5]
    assert len(r.faces(min_score=0.1)) == 3


# ---- the real model ------------------------------------------------------------------


def banner(width: int, height: int, seed: int) -> np.ndarray:
    """A plausible flat ad banner: gradient, panels, a button, lines of text."""
    rng = np.random.default_rng(seed)
    top, bottom = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    ramp = np.linspace(0, 1, height)[:, None, None]
    img = (top * (1 - ramp) + bottom * ramp).repeat(width, axis=1).astype(np.uint8)
    img = np.ascontiguousarray(img)
    for _ in range(3):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.rectangle(img, (x, y), (x + width // 4, y + height // 4), color, -1)
    scale = max(0.4, min(width, height) / 200)
    cv2.putText(
        img,
        "SUMMER SALE -50%",
        (width // 12, height // 3),
        cv2.FONT_HERSHEY_DUPLEX,
        scale,
        (255, 255, 255),
        max(1, int(scale * 2)),
    )
    cv2.putText(
        img,
        "Shop now",
        (width // 12, int(height * 0.8)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale * 0.6,
        (20, 20, 20),
        1,
    )
    return img


BENIGN = {
    "leaderboard": banner(728, 90, 1),
    "square": banner(1080, 1080, 2),
    "landscape": banner(1200, 628, 3),
    "story": banner(1080, 1920, 4),
    "skyscraper": banner(160, 600, 5),
    "noise": np.random.default_rng(6).integers(0, 256, (300, 500, 3), dtype=np.uint8),
    "black": np.zeros((64, 64, 3), np.uint8),
    "one_pixel": np.full((1, 1, 3), 200, np.uint8),
    "sliver": np.full((4096, 16, 3), 90, np.uint8),
    "gray": np.full((50, 70), 128, np.uint8),
    "rgba_transparent": np.zeros((120, 200, 4), np.uint8),
}


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_benign_images_pass_every_tolerance(name: str) -> None:
    img = BENIGN[name]
    r = analyze_safety(img)
    assert (r.width, r.height) == (img.shape[1], img.shape[0])
    for d in r.detections:
        x, y, w, h = d.box
        assert 0 <= x <= r.width and 0 <= y <= r.height and w >= 0 and h >= 0
        assert x + w <= r.width + 1 and y + h <= r.height + 1
    for tolerance in range(1, 7):
        check(r, tolerance)
        moderate(img, tolerance)


def _astronaut() -> np.ndarray:
    pytest.importorskip("skimage")
    import skimage.data

    path = Path(skimage.data.__file__).parent / "astronaut.png"
    if not path.exists():
        pytest.skip("scikit-image ships no astronaut.png here")
    return cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)


def test_portrait_photo_passes_and_yields_its_face() -> None:
    """scikit-image's public-domain NASA portrait (shipped in its wheel, no download)."""
    img = _astronaut()
    r = analyze_safety(img)
    faces = r.faces()
    assert len(faces) == 1
    (x, y, w, h), score = faces[0]
    assert score > 0.6
    assert 150 < x + w / 2 < 300 and 60 < y + h / 2 < 200  # the face, upper middle
    for tolerance in range(1, 7):
        check(r, tolerance)
    assert safety.detect_faces(img) == faces


def test_decoding_agrees_with_nudenets_reference_implementation() -> None:
    nudenet = pytest.importorskip("nudenet")
    img = _astronaut()
    reference = nudenet.NudeDetector().detect(cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    ref_faces = [d for d in reference if d["class"] == "FACE_FEMALE"]
    ours = analyze_safety(img).faces()
    assert len(ref_faces) == 1 and len(ours) == 1
    rx, ry, rw, rh = ref_faces[0]["box"]
    (x, y, w, h), _ = ours[0]
    assert abs((x + w / 2) - (rx + rw / 2)) < 15 and abs((y + h / 2) - (ry + rh / 2)) < 15
    assert abs(w - rw) < 25 and abs(h - rh) < 25


def test_face_on_a_wide_banner_is_found_in_place() -> None:
    face = _astronaut()[40:240, 130:330]
    canvas = banner(1456, 400, 9)
    canvas[100:300, 1000:1200] = face
    faces = analyze_safety(canvas).faces()
    assert faces, "the pasted face was not found"
    (x, y, w, h), _ = faces[0]
    assert 1000 <= x + w / 2 <= 1200 and 100 <= y + h / 2 <= 300


class _FakeSession:
    """Stands in for ONNX Runtime to check the blocking path end to end."""

    def __init__(self, label: str, score: float) -> None:
        self.label, self.score = label, score
        self.shapes: list[tuple[int, ...]] = []

    def get_inputs(self):  # type: ignore[no-untyped-def]
        class _Input:
            name = "images"

        return [_Input()]

    def run(self, _outputs, feeds):  # type: ignore[no-untyped-def]
        blob = feeds["images"]
        self.shapes.append(blob.shape)
        out = np.zeros((1, 4 + len(LABELS), 50), np.float32)
        out[0, :4, 7] = [100, 80, 40, 30]  # cx, cy, w, h in model-input pixels
        out[0, 4 + LABELS.index(self.label), 7] = self.score
        return [out]


def test_moderate_blocks_through_the_full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _FakeSession("FEMALE_BREAST_EXPOSED", 0.55)
    monkeypatch.setattr(safety, "_session", lambda: fake)
    img = banner(1200, 628, 11)
    for tolerance in (1, 2, 3, 4):
        with pytest.raises(ContentBlocked):
            moderate(img, tolerance)
    moderate(img, 6)
    moderate(img, 5)
    assert fake.shapes[0] == (1, 3, 320, 640)  # short side 320, long side capped, stride 32
    r = analyze_safety(img)
    (det,) = r.detections
    scale = 320 / 628
    assert det.box == (round(80 / scale), round(65 / scale), round(40 / scale), round(30 / scale))


def test_session_is_cached_and_single_threaded() -> None:
    first = safety._session()
    assert safety._session() is first
    options = first.get_session_options()
    assert options.intra_op_num_threads == safety.SESSION_THREADS == 1
    assert options.inter_op_num_threads == 1


def test_input_validation() -> None:
    with pytest.raises(TypeError):
        analyze_safety(np.zeros((10, 10, 3), np.float32))
    with pytest.raises(ValueError):
        analyze_safety(np.zeros((10, 10, 2), np.uint8))
    with pytest.raises(ValueError):
        analyze_safety(np.zeros((0, 10, 3), np.uint8))


def test_time_per_call_is_small() -> None:
    img = BENIGN["landscape"]
    analyze_safety(img)
    start = time.perf_counter()
    for _ in range(3):
        analyze_safety(img)
    per_call = (time.perf_counter() - start) / 3
    print(f"safety analysis: {per_call * 1000:.0f} ms per 1200x628 image")
    assert per_call < 2.0
