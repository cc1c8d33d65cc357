"""The ``bannerfit`` command as users run it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import make_banner


def bannerfit(
    *args: str, data_dir: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("BANNERFIT_")}
    child_env["BANNERFIT_ENV_FILE"] = "/nonexistent"
    if data_dir is not None:
        child_env["BANNERFIT_DATA_DIR"] = str(data_dir)
    child_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bannerfit.cli", *args],
        capture_output=True,
        text=True,
        env=child_env,
        timeout=240,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_resize_writes_the_named_files_and_layout(tmp_path: Path) -> None:
    src = tmp_path / "promo.png"
    src.write_bytes(make_banner(400, 200))
    out = tmp_path / "out"
    result = bannerfit(
        "resize",
        str(src),
        "--size",
        "200x200",
        "--size",
        "320x50",
        "--variants",
        "2",
        "--format",
        "webp",
        "--seed",
        "3",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    images = sorted(p.name for p in out.glob("*.webp"))
    assert images == [
        "promo_200x200_0.webp",
        "promo_200x200_1.webp",
        "promo_320x50_0.webp",
        "promo_320x50_1.webp",
    ]
    assert Image.open(out / "promo_320x50_1.webp").size == (320, 50)
    layout = json.loads((out / "promo.layout.json").read_text())
    assert [o["file"] for o in layout["outputs"]] == images
    assert all(isinstance(o["layout"], dict) for o in layout["outputs"])


def test_resize_one_size_writes_exactly_one_image(tmp_path: Path) -> None:
    """The public benchmark's call: one size, one image file."""
    src = tmp_path / "b.jpg"
    src.write_bytes(make_banner(300, 250, "JPEG"))
    out = tmp_path / "o"
    result = bannerfit("resize", str(src), "--size", "728x90", "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = [p for p in out.iterdir() if p.suffix != ".json"]
    assert [p.name for p in files] == ["b_728x90_0.png"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["resize", "missing.png", "--size", "100x100", "--out", "o"], "no such file"),
        (["resize", "IMG", "--size", "100", "--out", "o"], "WIDTHxHEIGHT"),
        (["resize", "IMG", "--size", "8x100", "--out", "o"], "16..4096"),
        (["resize", "IMG", "--out", "o"], "--size"),
        (["resize", "IMG", "--size", "100x100", "--out", "o", "--variants", "9"], "1..4"),
        (["resize", "IMG", "--size", "100x100", "--out", "o", "--format", "bmp"], "invalid choice"),
        (["resize", "NOTIMG", "--size", "100x100", "--out", "o"], "not.png: The file is not"),
        (["frobnicate"], "invalid choice"),
        (["keys", "add-credits", "ffffffffff", "5"], "No API key matches"),
        (["keys", "add-credits", "ffffffffff", "-5"], "must be at least 1"),
        (["worker"], "BANNERFIT_QUEUE_URL"),
    ],
)
def test_bad_arguments_give_one_line_and_non_zero(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    (tmp_path / "img.png").write_bytes(make_banner(200, 100))
    (tmp_path / "not.png").write_bytes(b"this is not an image")
    args = [
        a.replace("NOTIMG", str(tmp_path / "not.png")).replace("IMG", str(tmp_path / "img.png"))
        for a in args
    ]
    args = [str(tmp_path / a) if a == "o" else a for a in args]
    line = one_line_error(bannerfit(*args, data_dir=tmp_path / "data"))
    assert needle in line, line


def test_keys_lifecycle(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = bannerfit(
        "keys", "create", "--name", "acme", "--credits", "50", "--rpm", "30", data_dir=data
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("bf_") and " " not in token
    listed = bannerfit("keys", "list", data_dir=data)
    assert "acme" in listed.stdout and token not in listed.stdout and "50" in listed.stdout
    topped = bannerfit("keys", "add-credits", token, "25", data_dir=data)
    assert "75 credits" in topped.stdout
    revoked = bannerfit("keys", "revoke", token[3:13], data_dir=data)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    assert "revoked" in bannerfit("keys", "list", data_dir=data).stdout


def test_resize_does_not_import_the_server() -> None:
    code = (
        "import sys, bannerfit.cli as c; c.build_parser();"
        "print(any(m.split('.')[0] in ('fastapi', 'uvicorn', 'sqlalchemy') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
