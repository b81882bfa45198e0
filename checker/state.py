"""The started checker as bytes, to load into a fresh interpreter.

The browser starts from a memory snapshot of an interpreter that holds the started checker
(generator/snapshot.mjs). Reading the rules bundle and building the engine leaves freed
memory between the objects that stay (parsed JSON, the lists a table was built from), and
the snapshot carries every page such a hole sits in. So the build starts the checker in one
interpreter, ``dump()``s what the web functions hold (checker.web's checkers and the default
folder) and ``load()``s it into the interpreter it snapshots, where the objects are made one
after another with nothing freed between them: about a quarter fewer bytes to read and
decompress at every start, and the same findings (``digest`` compares them).

``dump`` writes the pickle through gzip as it goes and ``load`` reads it back the same way
(gzip.GzipFile streams), so the whole pickle never exists at once in either heap.
"""

import gzip
import hashlib
import io
import pickle

from . import normalize, web


def dump():
    """The checkers checker.web has made (with their engines) and the default folder, as
    compressed pickle bytes. Objects they share stay shared once loaded."""
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=1, mtime=0) as f:
        pickle.dump((web._checkers, normalize._default), f, protocol=pickle.HIGHEST_PROTOCOL)
    return packed.getvalue()


def load(packed):
    """Put what ``dump`` wrote in place of this interpreter's checkers and default folder."""
    with gzip.GzipFile(fileobj=io.BytesIO(bytes(packed)), mode="rb") as f:
        web._checkers, normalize._default = pickle.load(f)


def digest(texts):
    """A short hash of what checker.web.check_json answers for each of ``texts``: equal in
    the interpreter that dumped the checker and the one that loaded it."""
    h = hashlib.sha256()
    for text in texts:
        h.update(web.check_json(text).encode("utf-8"))
    return h.hexdigest()[:32]


def example_texts():
    """Every flag and pass example of the default checker's rules (its bundle's records)."""
    engine = web._team("").engine
    examples = [record.get("examples") or {} for record in engine.bundle.records]
    return [text for e in examples for key in ("flag", "pass") for text in e.get(key, [])]
