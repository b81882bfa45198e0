"""Turn input bytes into text: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK (``decode`` for a whole file, ``sniff`` for a stream read a line at a time)."""

import codecs

from .errors import CheckerError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data, encoding=None, name="input"):
    """The text of ``data``; CheckerError saying why when it is not text."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise CheckerError(f"{name}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise CheckerError(f"{name}: not valid {encoding} at byte {exc.start}: {exc.reason}") from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise CheckerError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec} at byte {exc.start}") from None
    if b"\x00" in data:
        raise CheckerError(f"{name}: contains NUL bytes: looks like a binary file, not text (UTF-16 needs a byte-order mark)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise CheckerError(
                f"{name}: not valid UTF-8 (byte {utf8_error.start}) nor GB18030/GBK; "
                "give the encoding with --encoding"
            ) from None
        if _plausible(text):
            return text
        raise CheckerError(
            f"{name}: not valid UTF-8 (byte {utf8_error.start}) and does not look like GB18030/GBK text; "
            "give the encoding with --encoding"
        ) from None


def _plausible(text):
    """GB18030 decodes most byte soup; real Chinese text is mostly common Han and ASCII."""
    if not text:
        return True
    good = sum(1 for c in text if c.isascii() or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return good / len(text) >= 0.9


def sniff(prefix, encoding=None, name="input"):
    """``(codec, bom)`` for a stream that starts with the bytes ``prefix``, detected as ``decode`` does.

    For reading large files a line at a time: ``bom`` is the byte-order mark to
    drop from the first line. A prefix cut inside a character is fine.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CheckerError(f"{name}: unknown encoding {encoding!r}") from None
        return encoding, b""
    for bom, codec in BOMS:
        if prefix.startswith(bom):
            return ("utf-8", bom) if codec == "utf-8-sig" else (codec, b"")
    if b"\x00" in prefix:
        raise CheckerError(f"{name}: contains NUL bytes: looks like a binary file, not text (UTF-16 needs a byte-order mark)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(prefix, final=False)
        return "utf-8", b""
    except UnicodeDecodeError as utf8_error:
        # A UTF-8 export with a stray line in another encoding stays UTF-8 (that line is then a bad record).
        lines = [line for line in prefix.split(b"\n")[:-1] if not line.isascii()]
        if lines and 2 * sum(_is_utf8(line) for line in lines) > len(lines):
            return "utf-8", b""
        try:
            text = codecs.getincrementaldecoder("gb18030")().decode(prefix, final=False)
        except UnicodeDecodeError:
            text = None
        if text is not None and _plausible(text):
            return "gb18030", b""
        raise CheckerError(
            f"{name}: not valid UTF-8 (byte {utf8_error.start}) nor GB18030/GBK; give the encoding with --encoding"
        ) from None


def _is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
