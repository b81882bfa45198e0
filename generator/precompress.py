"""Gzip copies of the built site's text and wasm files, for a server to send as they are.

A cold visit to the checker downloads Pyodide's runtime, 9.6 MB of wasm that gzip packs to
a third of that, and the pages, scripts and styles around it. A server that compresses
each response as it goes spends its CPU on every visit; one that sends a ready copy
(nginx's ``gzip_static``, deploy/nginx.conf; ``python -m generator serve``) does not. So the
build writes ``NAME.gz`` beside each such file: only where it saves a tenth or more, never
for files that are compressed already (zip, gzip, images, fonts) or source maps, and with
no time stamp inside (the same site gives the same bytes).

The service worker's list is made before these are written (generator/hooks.py), so it
never asks for a ``.gz``: it asks for the file, and the server chooses what to send.
"""

import gzip
from pathlib import Path

SUFFIXES = {".wasm", ".mjs", ".js", ".css", ".json", ".html", ".svg", ".xml", ".txt"}
SMALLEST = 1400  # bytes: below one network packet, compression saves nothing that shows
KEEP_BELOW = 0.9  # a copy is kept only when it is under this share of the file


def write(site):
    """Write the gzip copies under ``site`` (the build's summary line counts them)."""
    for path in sorted(Path(site).rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        target = path.with_name(path.name + ".gz")
        data = path.read_bytes()
        if len(data) < SMALLEST or target.exists():
            continue
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) >= KEEP_BELOW * len(data):
            continue
        target.write_bytes(packed)
