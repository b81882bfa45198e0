"""Turn input bytes into text: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK."""

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
