"""The PP-OCR ONNX models that ship inside the rapidocr wheel, one session each.

Nothing is downloaded: a model missing from the wheel is an installation error.
"""

from __future__ import annotations

import os
from functools import cache


def model_path(name: str) -> str:
    import rapidocr

    path = os.path.join(os.path.dirname(rapidocr.__file__), "models", name)
    if not os.path.exists(path):
        raise RuntimeError(f"the model {name} is missing from the rapidocr wheel: {path}")
    return path


@cache
def session(name: str):  # type: ignore[no-untyped-def]
    """An ONNX Runtime session for the wheel's model ``name``, created once per process."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    # ONNX Runtime ignores OMP_NUM_THREADS: a worker process gets its own small pool.
    opts.intra_op_num_threads = int(os.environ.get("BANNERFIT_ENGINE_THREADS", "1"))
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(
        model_path(name), sess_options=opts, providers=["CPUExecutionProvider"]
    )
