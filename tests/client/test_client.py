"""bannerfit.client against a real server: happy paths and typed errors, sync and async."""

from __future__ import annotations

import asyncio
import base64
import io

import pytest
from PIL import Image

from bannerfit.client import (
    AsyncClient,
    AuthenticationError,
    Client,
    InsufficientCredits,
    InvalidRequest,
    NotFound,
    RequestFailed,
)
from tests.conftest import make_banner


def test_run_with_a_file_path_and_download(live_server, tmp_path) -> None:
    path = tmp_path / "banner.png"
    path.write_bytes(make_banner(300, 150))
    key = live_server.create_key(credits=10)
    with Client(live_server.base_url, key) as bf:
        result = bf.run(path, ["128x128", "300x50"], seed=5, interval=0.1)
        assert result.status == "COMPLETED" and result.seed == 5 and result.credits_charged == 2
        assert [o.target_size for o in result.outputs] == ["128x128", "300x50"]
        img = Image.open(io.BytesIO(bf.download(result.outputs[1])))
        assert img.size == (300, 50)
        assert bf.credits() == 8


def test_typed_errors(live_server) -> None:
    key = live_server.create_key(credits=1)
    with Client(live_server.base_url, key) as bf:
        with pytest.raises(InvalidRequest) as info:
            bf.submit(make_banner(), ["1x1"])
        assert info.value.status == 400 and info.value.fields[0]["field"] == "target_sizes"
        with pytest.raises(InsufficientCredits) as credits:
            bf.submit(make_banner(), ["64x64", "65x65"])
        assert (credits.value.needed, credits.value.left) == (2, 1)
        with pytest.raises(NotFound):
            bf.status("00000000-0000-0000-0000-000000000000")
        bad_png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\1" * 50).decode()
        with pytest.raises(RequestFailed) as failed:
            bf.run(bad_png, ["64x64"], interval=0.1)
        assert failed.value.message.endswith(".") and failed.value.body["status"] == "FAILED"
    with (
        Client(live_server.base_url, "bf_0123456789_nope") as bad,
        pytest.raises(AuthenticationError),
    ):
        bad.credits()


def test_async_client_runs_concurrently(live_server) -> None:
    key = live_server.create_key(credits=10)
    banner = make_banner(240, 120)

    async def main() -> list:
        async with AsyncClient(live_server.base_url, key) as bf:
            results = await asyncio.gather(
                *(bf.run(banner, [f"{64 + i}x64"], interval=0.1) for i in range(3))
            )
            data = await bf.download(results[0].outputs[0])
            return [results, data, await bf.credits()]

    results, data, balance = asyncio.run(main())
    assert [r.outputs[0].width for r in results] == [64, 65, 66]
    assert data.startswith(b"\x89PNG") and balance == 7
