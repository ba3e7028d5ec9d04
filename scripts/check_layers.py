#!/usr/bin/env python3
"""Fails when a file includes a header from a folder its layer may not use.

The layers of seatd go one way (docs/architecture.md): the engine at the bottom,
the wire protocol beside it knowing nothing of it, storage on the engine, the
server on top of them, the client on the protocol and tickets only. The build
enforces most of this (each library sees only the headers of what it links);
this check states the whole rule in one table and also covers what the build
cannot see, such as a header that nothing compiles yet.

  scripts/check_layers.py [--root DIR]     exit 0 when every include is allowed
"""
import argparse
import pathlib
import re
import sys

# folder -> the folders its files may include from (besides their own).
# Longest prefix wins, so tools/qr has rules of its own inside tools.
ALLOWED = {
    "base": [],
    "engine": ["base"],
    "venues": ["engine", "base"],
    "tickets": ["base"],
    "protocol": ["base"],
    "storage": ["engine", "base"],
    "server": ["engine", "venues", "tickets", "protocol", "storage", "base"],
    "client": ["protocol", "tickets", "base"],
    "tools/qr": [],
    # The payment-provider simulator stands apart from seatd: it knows nothing of it.
    "tools/seat-psp": ["base"],
    "tools": ["client", "protocol", "tickets", "venues", "engine", "storage", "base", "tools/qr"],
    "bench": ["client", "protocol", "tickets", "venues", "engine", "storage", "base"],
    "tests": ["*"],
}
# Inside the server, rooms that must not reach into each other (a room's own
# files and the server's top level are always allowed).
SERVER_ROOMS_DENIED = {
    # The shard decides; it speaks engine commands and jobs, not the wire.
    "server/shard": ["server/net", "server/auth"],
    # The saga worker talks to the provider and to shards in jobs, not the wire.
    "server/checkout": ["server/net", "server/auth"],
    # The HTTP side reads the shards through jobs and the directory; the binary
    # protocol's connections are main's to count for it.
    "server/http": ["server/net"],
    # Payments talks to the provider and knows no event: the saga above it posts
    # the outcomes to the shards. It stands on base only (a library of its own).
    "server/payments": ["server/shard", "server/net", "server/auth", "server/tickets", "engine",
                        "storage", "protocol", "venues", "tickets"],
}
# Headers that are not at their folder's path: generated ones and the client's
# public include directory.
SPECIAL = {
    "seat_generated.h": "protocol",
    "fact_generated.h": "storage",
}
PUBLIC_INCLUDE_PREFIXES = {"seat/": "client"}
SOURCE_SUFFIXES = {".h", ".cc", ".cpp", ".hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path: str):
    best = None
    for folder in ALLOWED:
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(best):
                best = folder
    return best


def target_layer(include: str):
    if include in SPECIAL:
        return SPECIAL[include]
    for prefix, layer in PUBLIC_INCLUDE_PREFIXES.items():
        if include.startswith(prefix):
            return layer
    return layer_of(include)


def check(root: pathlib.Path):
    problems = []
    for file in sorted(root.rglob("*")):
        if file.suffix not in SOURCE_SUFFIXES or not file.is_file():
            continue
        rel = file.relative_to(root).as_posix()
        if rel.startswith("build") or "/build" in rel.split("/")[0]:
            continue
        source = layer_of(rel)
        if source is None:
            continue
        for number, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            include = m.group(1)
            target = target_layer(include)
            if target is None:
                problems.append(f"{rel}:{number}: includes \"{include}\", which is in no layer")
                continue
            allowed = ALLOWED[source]
            if target != source and "*" not in allowed and target not in allowed:
                problems.append(
                    f"{rel}:{number}: {source}/ may not include \"{include}\" ({target}/ is "
                    f"not below it; {source}/ may use: {', '.join(allowed) or 'nothing'})")
            for room, denied in SERVER_ROOMS_DENIED.items():
                if rel.startswith(room + "/"):
                    for d in denied:
                        if include.startswith(d + "/"):
                            problems.append(f"{rel}:{number}: {room}/ may not include "
                                            f"\"{include}\" ({d}/ stands on it)")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                        type=pathlib.Path, help="the source tree (default: this repository)")
    args = parser.parse_args()
    problems = check(args.root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} include(s) go the wrong way", file=sys.stderr)
        return 1
    print("check_layers: every include goes down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
