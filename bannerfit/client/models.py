"""Typed results returned by the client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Submission:
    request_id: str
    status: str
    status_url: str
    response_url: str


@dataclass(frozen=True)
class Output:
    url: str
    target_size: str
    width: int
    height: int
    format: str
    variant: int


@dataclass(frozen=True)
class Result:
    request_id: str
    status: str
    outputs: tuple[Output, ...]
    seed: int
    credits_charged: int
    inference_time: float | None
    raw: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        outputs = tuple(
            Output(
                url=o["url"],
                target_size=o["target_size"],
                width=int(o["width"]),
                height=int(o["height"]),
                format=o["format"],
                variant=int(o["variant"]),
            )
            for o in data.get("output", [])
        )
        return cls(
            request_id=data["request_id"],
            status=data["status"],
            outputs=outputs,
            seed=int(data.get("seed", 0)),
            credits_charged=int(data.get("credits_charged", 0)),
            inference_time=(data.get("metrics") or {}).get("inference_time"),
            raw=data,
        )
