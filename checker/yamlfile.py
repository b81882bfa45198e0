"""Load YAML while remembering where each value came from.

PyYAML forgets positions once it builds Python objects. The loader below keeps
them in ``Mapping`` and ``Sequence`` (plain dict and list subclasses), so a
problem found later - by the schema or by a cross-reference check - can still
be reported as ``path:line:col``. Duplicate keys, which PyYAML silently merges,
are reported too.
"""

import yaml

from .errors import PARSE, DataError, Problem


class Mapping(dict):
    """A dict that knows the position of itself, of each of its keys and of each of its values."""

    pos = (1, 1)
    where = None  # key -> (line, col) of its value
    key_where = None  # key -> (line, col) of the key itself


class Sequence(list):
    pos = (1, 1)
    where = None  # index -> (line, col)


def _mark(node):
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(yaml.SafeLoader):
    path = ""
    duplicates = None

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = Mapping()
        result.pos, result.where, result.key_where = _mark(node), {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                line, col = _mark(key_node)
                self.duplicates.append(Problem(self.path, line, col, f"duplicate key '{key}'"))
            result[key] = self.construct_object(value_node, deep=True)
            result.where[key] = _mark(value_node)
            result.key_where[key] = _mark(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        result.pos = _mark(node)
        result.where = {i: _mark(child) for i, child in enumerate(node.value)}
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def load(path, shown_as=None):
    """Parse one YAML file; raise DataError naming the file, line and column."""
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(shown, 1, 1, f"cannot read: {exc}", PARSE)]) from None
    loader = _Loader(text)
    loader.path, loader.duplicates = shown, []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem]))
        if "expected <block end>" in message or "mapping values are not allowed" in message:
            message += " (check the indentation of this line and the one above)"
        raise DataError([Problem(shown, line, col, f"YAML syntax error: {message}", PARSE)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(shown, 1, 1, f"YAML error: {exc}", PARSE)]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise DataError(loader.duplicates)
    return data


def plain(value):
    """The same value as plain dicts and lists, without the positions."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def position(root, path, at_key=False):
    """The (line, col) of the value reached from ``root`` by the keys in ``path``
    (with ``at_key``, of the last key itself); as near as known when a key is missing."""
    node, pos = root, getattr(root, "pos", (1, 1))
    for i, key in enumerate(path):
        where = getattr(node, "where", None)
        if where is None or key not in where:
            break
        last = i == len(path) - 1
        pos = node.key_where[key] if last and at_key and getattr(node, "key_where", None) else where[key]
        node = node[key]
    return pos
