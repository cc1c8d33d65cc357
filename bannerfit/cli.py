"""The ``bannerfit`` command: serve, resize, keys, worker.

Startup stays lean: each subcommand imports what it needs only when it runs, so
``bannerfit resize`` never loads the web server and ``bannerfit keys`` never loads the
engine. Every user error ends as one line on stderr and a non-zero exit, never a trace.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2
EXIT_FAILED = 1


class CliError(Exception):
    """A one-line error for the user, with the exit status to use."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX]\s*(\d{1,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1080x1080")
    w, h = int(match.group(1)), int(match.group(2))
    if not (16 <= w <= 4096 and 16 <= h <= 4096):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 16..4096 pixels")
    return w, h


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bannerfit", description="Smart banner resizer.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help="start the API server with its worker pool")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument(
        "--workers", type=_positive, default=None, help="worker processes (default: cores)"
    )

    resize = sub.add_parser("resize", help="recompose images locally, no server")
    resize.add_argument("images", nargs="+", metavar="IMAGE", help="source banner file(s)")
    resize.add_argument(
        "--size",
        dest="sizes",
        type=_size,
        action="append",
        required=True,
        metavar="WxH",
        help="target size; repeat for several",
    )
    resize.add_argument(
        "--variants", type=_positive, default=1, help="variants per size, 1-4 (default 1)"
    )
    resize.add_argument(
        "--format", dest="output_format", choices=["png", "jpeg", "webp"], default="png"
    )
    resize.add_argument("--resolution", choices=["1K", "2K", "4K"], default="1K")
    resize.add_argument("--prompt", default="", help="extra instruction for the recomposer")
    resize.add_argument(
        "--seed", type=_non_negative, default=0, help="seed (default 0: reproducible)"
    )
    resize.add_argument(
        "--safety-tolerance",
        type=int,
        choices=range(1, 7),
        default=4,
        metavar="1-6",
        help="content filter, 1 strictest (default 4)",
    )
    resize.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    resize.add_argument("--quiet", action="store_true", help="no progress bar")

    keys = sub.add_parser("keys", help="manage API keys")
    ksub = keys.add_subparsers(dest="keys_command", required=True, parser_class=_Parser)
    create = ksub.add_parser("create", help="create a key; prints it alone on the last line")
    create.add_argument("--name", default="")
    create.add_argument("--credits", type=_non_negative, default=None)
    create.add_argument(
        "--rpm", type=_positive, default=None, help="requests per minute for this key"
    )
    create.add_argument(
        "--models", default=None, help="comma-separated model slugs this key may use (default all)"
    )
    create.add_argument("--admin", action="store_true", help="may use the /admin endpoints")
    ksub.add_parser("list", help="list keys (prefixes only; keys are stored hashed)")
    add = ksub.add_parser("add-credits", help="top up a key")
    add.add_argument("key", help="the key or its 10-character prefix")
    add.add_argument("amount", type=_positive)
    revoke = ksub.add_parser("revoke", help="revoke a key")
    revoke.add_argument("key", help="the key or its 10-character prefix")

    worker = sub.add_parser("worker", help="start a scale-out worker (needs BANNERFIT_QUEUE_URL)")
    worker.add_argument(
        "--concurrency",
        type=_positive,
        default=None,
        help="engine processes in this worker (default BANNERFIT_WORKERS: cores)",
    )

    db = sub.add_parser("db", help="database schema")
    dsub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    dsub.add_parser("upgrade", help="migrate the database to the current schema (Alembic)")
    dsub.add_parser("current", help="print the schema revision of the database")
    return parser


# ----------------------------------------------------------------------------- serve
def _serve(args: argparse.Namespace) -> int:
    overrides = {"HOST": args.host, "PORT": args.port, "WORKERS": args.workers}
    for name, value in overrides.items():
        if value is not None:
            os.environ[f"BANNERFIT_{name}"] = str(value)
    settings = _settings()
    import uvicorn

    from bannerfit.api import create_app

    app = create_app(settings)
    print(
        f"bannerfit: serving on http://{settings.host}:{settings.port} "
        f"({settings.workers} worker process(es), data in {settings.data_dir.resolve()})",
        flush=True,
    )
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_level="info", timeout_graceful_shutdown=10
    )
    return 0


def _settings():  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from bannerfit.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "BANNERFIT_" + str(err["loc"][0]).upper() if err.get("loc") else "settings"
        raise CliError(f"bannerfit: invalid setting {name}: {err['msg']}", EXIT_USAGE) from None


# ----------------------------------------------------------------------------- resize
def _resize(args: argparse.Namespace) -> int:
    if args.variants > 4:
        raise CliError("bannerfit resize: --variants must be 1..4", EXIT_USAGE)
    if len(set(args.sizes)) != len(args.sizes):
        raise CliError(
            "bannerfit resize: a --size is listed twice; list each size once", EXIT_USAGE
        )
    sources: list[tuple[Path, bytes]] = []
    for name in args.images:
        path = Path(name)
        try:
            sources.append((path, path.read_bytes()))
        except FileNotFoundError:
            raise CliError(f"bannerfit resize: cannot read {name}: no such file") from None
        except IsADirectoryError:
            raise CliError(f"bannerfit resize: cannot read {name}: it is a directory") from None
        except OSError as exc:
            raise CliError(f"bannerfit resize: cannot read {name}: {exc.strerror or exc}") from None
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(
            f"bannerfit resize: cannot create {args.out}: {exc.strerror or exc}"
        ) from None

    try:
        from bannerfit.engine import EngineError, RecomposeOptions, recompose
    except ImportError as exc:
        raise CliError(f"bannerfit resize: the engine is not available ({exc})") from None

    options = RecomposeOptions(
        sizes=tuple(args.sizes),
        variants=args.variants,
        output_format=args.output_format,
        resolution=args.resolution,
        prompt=args.prompt,
        seed=args.seed,
        safety_tolerance=args.safety_tolerance,
    )
    total = len(sources) * len(args.sizes) * args.variants
    show = not args.quiet and (total > 1 or len(sources) > 1) and sys.stderr.isatty()
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="image", file=sys.stderr)
    failures = 0
    try:
        for path, data in sources:
            if bar is not None:
                bar.set_description(path.name)
            try:
                outputs = recompose(data, options)
            except EngineError as exc:
                if len(sources) == 1:
                    raise CliError(f"bannerfit resize: {path}: {exc.message}") from None
                failures += 1
                print(f"bannerfit resize: {path}: {exc.message}", file=sys.stderr)
                if bar is not None:
                    bar.update(len(args.sizes) * args.variants)
                continue
            except ImportError as exc:
                raise CliError(f"bannerfit resize: the engine is not available ({exc})") from None
            layouts = []
            for image in outputs:
                name = f"{path.stem}_{image.width}x{image.height}_{image.variant}.{image.format}"
                (args.out / name).write_bytes(image.data)
                layouts.append(
                    {
                        "file": name,
                        "target_size": image.target_size,
                        "variant": image.variant,
                        "format": image.format,
                        "layout": image.layout,
                    }
                )
                if bar is not None:
                    bar.update(1)
            layout_doc = {"source": str(path), "seed": args.seed, "outputs": layouts}
            (args.out / f"{path.stem}.layout.json").write_text(
                json.dumps(layout_doc, indent=2, default=str), encoding="utf-8"
            )
    finally:
        if bar is not None:
            bar.close()
    if failures:
        raise CliError(f"bannerfit resize: {failures} of {len(sources)} image(s) failed")
    return 0


# ----------------------------------------------------------------------------- keys
def _keys(args: argparse.Namespace) -> int:
    from bannerfit.jobs.context import open_store
    from bannerfit.jobs.errors import KeyNotFound

    settings = _settings()
    store = open_store(settings)
    try:
        if args.keys_command == "create":
            models = None
            if args.models is not None:
                models = [m.strip() for m in args.models.split(",") if m.strip()]
            credits = settings.default_key_credits if args.credits is None else args.credits
            record, token = store.create_key(
                name=args.name, credits=credits, rpm=args.rpm, models=models, is_admin=args.admin
            )
            print(
                f"created key {record.prefix} ({record.name or 'unnamed'}) with {record.credits} credits"
            )
            print(token)
        elif args.keys_command == "list":
            keys = store.list_keys()
            if not keys:
                print("no keys yet: bannerfit keys create --name NAME --credits N")
            print(
                f"{'PREFIX':<12}{'NAME':<20}{'CREDITS':>10}{'RPM':>7}  {'ADMIN':<6}{'STATUS':<8}MODELS"
            )
            for k in keys:
                print(
                    f"{k.prefix:<12}{k.name[:19]:<20}{k.credits:>10}{(k.rpm or '-')!s:>7}  "
                    f"{'yes' if k.is_admin else 'no':<6}{'active' if k.is_active else 'revoked':<8}"
                    f"{','.join(k.models) if k.models is not None else 'all'}"
                )
        elif args.keys_command == "add-credits":
            record = store.add_credits(args.key, args.amount)
            print(f"key {record.prefix}: {record.credits} credits")
        elif args.keys_command == "revoke":
            record = store.revoke_key(args.key)
            print(f"key {record.prefix} revoked")
    except KeyNotFound as exc:
        raise CliError(f"bannerfit keys: {exc.message}") from None
    finally:
        store.dispose()
    return 0


# ----------------------------------------------------------------------------- db
def _db(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bannerfit.db import current_revision, head_revision, upgrade
    from bannerfit.jobs.store import make_engine

    settings = _settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        if args.db_command == "upgrade":
            print(f"database at revision {upgrade(engine)} (head {head_revision()})")
        else:
            print(current_revision(engine) or "empty (run: bannerfit db upgrade)")
    except SQLAlchemyError as exc:
        raise CliError(
            f"bannerfit db: cannot reach the database: {exc.__class__.__name__}"
        ) from None
    finally:
        engine.dispose()
    return 0


# ----------------------------------------------------------------------------- worker
def _worker(args: argparse.Namespace) -> int:
    if args.concurrency is not None:
        os.environ["BANNERFIT_WORKERS"] = str(args.concurrency)
    settings = _settings()
    if not settings.queue_url:
        raise CliError(
            "bannerfit worker: set BANNERFIT_QUEUE_URL=redis://HOST:6379/0 to run a scale-out "
            "worker; without it, `bannerfit serve` runs its own worker processes",
            EXIT_USAGE,
        )
    try:
        from bannerfit.jobs.celery_worker import main as worker_main
    except ImportError:
        raise CliError(
            "bannerfit worker: the Celery worker (bannerfit.jobs.celery_worker) is not part of this build"
        ) from None
    return int(worker_main(settings) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler = {
            "serve": _serve,
            "resize": _resize,
            "keys": _keys,
            "worker": _worker,
            "db": _db,
        }[args.command]
        return handler(args)
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("bannerfit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
