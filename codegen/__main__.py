"""``python -m codegen``: generate, check or (re)build the Postman collection.

* ``generate [--collection C] [--overrides O] [--out DIR]``: write ``src/mainwp_async/_generated``
  (from the collection) and ``src/mainwp_async/testing/contract_data.json`` (the simulator's
  route table and rig data, from ``postman/source``).
* ``check [--collection C] [--overrides O] [--out DIR]``: regenerate in memory and exit 1 with
  a diff summary when anything committed differs (0 and "up to date" otherwise).
* ``collection ...``: everything after it goes to ``codegen.collection.main``.

Default paths are resolved against the repository root (the parent of this package).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from codegen.simdata import SIMDATA_PATH, render_simdata
from codegen.writer import (
    DEFAULT_COLLECTION,
    DEFAULT_OUT,
    DEFAULT_OVERRIDES,
    REPO_ROOT,
    diff_tree,
    generate,
    write_tree,
)

_MAX_DIFF_LINES = 60


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "regenerate src/mainwp_async/_generated"),
        ("check", "fail if src/mainwp_async/_generated is not what generate would write"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--collection", type=Path, default=DEFAULT_COLLECTION)
        p.add_argument("--overrides", type=Path, default=DEFAULT_OVERRIDES)
        p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    sub.add_parser("collection", help="build the Postman collection (codegen.collection)")
    return parser


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "collection":
        from codegen.collection import main as collection_main

        return int(collection_main(args_list[1:]) or 0)
    args = _parser().parse_args(args_list)
    start = time.perf_counter()
    result = generate(args.collection, args.overrides)
    simdata = render_simdata()
    if args.command == "generate":
        written = write_tree(result.tree, args.out)
        if not SIMDATA_PATH.exists() or SIMDATA_PATH.read_bytes() != simdata:
            SIMDATA_PATH.write_bytes(simdata)
            print(f"codegen: wrote {_rel(SIMDATA_PATH)}")
        print(
            f"codegen: {result.endpoints} endpoints, {result.models} models -> {_rel(args.out)} "
            f"({len(written.written)} written, {len(written.unchanged)} unchanged, "
            f"{len(written.removed)} removed) in {time.perf_counter() - start:.2f}s"
        )
        st = result.stats
        print(
            f"codegen: {st.get('fields', 0)} model fields; {st.get('ledger_decisions', 0)} decided "
            f"in codegen/ledger.toml ({st.get('php_decisions', 0)} from the PHP source), "
            f"{st.get('from_captures', 0)} inferred from captures, "
            f"{st.get('required_fields', 0)} always sent, {st.get('any_fields', 0)} typed Any"
        )
        return 0
    diff = diff_tree(result.tree, args.out)
    if not SIMDATA_PATH.exists() or SIMDATA_PATH.read_bytes() != simdata:
        diff.append(f"--- committed/{_rel(SIMDATA_PATH)} differs from postman/source")
    if not diff:
        print(f"codegen: {_rel(args.out)} is up to date ({result.seconds:.2f}s)")
        return 0
    changed = sorted({line[len("--- committed/") :] for line in diff if line.startswith("--- ")})
    others = [line for line in diff if line.startswith(("stale file", "missing file"))]
    print(f"codegen: {_rel(args.out)} is out of date; run `python -m codegen generate`")
    print(
        f"codegen: {len(changed)} file(s) differ, {len(others)} missing/stale: {', '.join(changed)}"
    )
    for line in diff[:_MAX_DIFF_LINES]:
        print(line)
    if len(diff) > _MAX_DIFF_LINES:
        print(f"... {len(diff) - _MAX_DIFF_LINES} more diff lines")
    return 1


if __name__ == "__main__":
    sys.exit(main())
