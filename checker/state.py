"""The started checker as bytes, to load into a fresh interpreter.

The browser starts from a memory snapshot of an interpreter that holds the started checker
(generator/snapshot.mjs). Reading the rules bundle and building the engine leaves freed
memory between the objects that stay (parsed JSON, the lists a table was built from), and
the snapshot carries every page such a hole sits in. So the build starts the checker in one
interpreter, ``dump()``s what the web functions hold (checker.web's checkers and the default
folder) and ``load()``s it into the interpreter it snapshots, where the objects are made one
after another with nothing freed between them: about a quarter fewer bytes to read and
decompress at every start, and the same findings (``digest`` compares them).

``dump`` writes the pickle through zlib as it goes and ``load`` reads it back the same way,
so the whole pickle never exists at once in either heap.
"""

import hashlib
import io
import pickle
import zlib

from . import normalize, web

_CHUNK = 1 << 16


class _Packer:
    """A file that compresses what is written to it."""

    def __init__(self):
        self._zip, self.parts = zlib.compressobj(1), []

    def write(self, data):
        self.parts.append(self._zip.compress(data))
        return len(data)

    def close(self):
        self.parts.append(self._zip.flush())
        return b"".join(self.parts)


class _Unpacker(io.RawIOBase):
    """A file that reads ``packed`` decompressed, a chunk at a time."""

    def __init__(self, packed):
        self._zip, self._packed, self._at, self._left = zlib.decompressobj(), packed, 0, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self._left and self._at < len(self._packed):
            self._left = self._zip.decompress(self._packed[self._at:self._at + _CHUNK])
            self._at += _CHUNK
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


def dump():
    """The checkers checker.web has made (with their engines) and the default folder, as
    compressed pickle bytes. Objects they share stay shared once loaded."""
    packer = _Packer()
    pickle.Pickler(packer, protocol=pickle.HIGHEST_PROTOCOL).dump((web._checkers, normalize._default))
    return packer.close()


def load(packed):
    """Put what ``dump`` wrote in place of this interpreter's checkers and default folder."""
    web._checkers, normalize._default = pickle.Unpickler(io.BufferedReader(_Unpacker(bytes(packed)), _CHUNK)).load()


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
