"""Read data/ into one ``Handbook`` and check it: schema first, then cross-references.

Every problem is collected before anything is raised, so an author sees all of
them in one run.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker import schema
from checker.errors import DataError, Problem
from checker.pattern import PLACEHOLDER
from checker.yamlfile import load, position

# Brand names of the seed documents. The data must use placeholders instead.
BRANDS = ("西盈", "用友", "三棵树", "海市")


@dataclass
class Handbook:
    root: Path
    settings: dict
    categories: list
    substitutions: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # seed file -> {zh, en} title
    sections: dict = field(default_factory=dict)  # seed file -> {section as cited -> {zh, en} title}
    entries: dict = field(default_factory=lambda: {kind: [] for kind in schema.KINDS})
    # id -> (shown path, mapping) for every entry, to report positions later.
    origin: dict = field(default_factory=dict)
    wordclasses: list = field(default_factory=list)  # data/wordclasses/*.yml, in file order
    dialect: list = field(default_factory=list)  # data/dialect.yml: regional words folded to Mandarin
    principles: list = field(default_factory=list)  # data/similar/principles.yml: what the similarity tier names
    principles_file: str = ""  # that file, as problems name it
    class_origin: dict = field(default_factory=dict)  # word class id -> (shown path, mapping)
    # ids of entries left out for problems already reported: references to them are not reported again.
    lost: set = field(default_factory=set)

    @property
    def rules(self):
        return self.entries["rules"]

    def by_id(self, kind):
        return {e["id"]: e for e in self.entries[kind]}

    def where(self, entry_id, *path):
        """``path:line:col`` prefix data for a value inside the entry with this id."""
        shown, node = self.origin[entry_id]
        line, col = position(node, path)
        return shown, line, col

    def where_class(self, class_id, *path):
        """``path:line:col`` prefix data for a value inside a word class."""
        shown, node = self.class_origin[class_id]
        line, col = position(node, path)
        return shown, line, col


def _shown(root, path):
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def schema_problems(data, item_schema, shown):
    """Problems of ``data`` against ``item_schema``, each at the offending key or value."""
    for path, message, at_key in schema.problems(data, item_schema):
        line, col = position(data, list(path), at_key)
        shown_path = list(path[1:] if path and isinstance(path[0], int) else path)  # the line says which entry
        if at_key:
            shown_path = shown_path[:-1]
        where = ".".join(str(p) for p in shown_path)
        yield Problem(shown, line, col, f"{where}: {message}" if where else message)


# ``- id: x`` at the start of an entry: the ids a file that cannot be parsed meant to define.
ENTRY_ID = re.compile(r"^\s*-\s+id:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.M)


def _load_checked(root, path, item_schema, problems, lost=None):
    """Load a file that must be a list of items of ``item_schema``.

    Entries that fail the schema are left out so later checks still run on the
    rest; their ids (and, for a file that cannot be parsed, the ids it seems to
    define) go into ``lost``, so references to them are not reported again."""
    shown = _shown(root, path)
    try:
        data = load(path, shown)
    except DataError as exc:
        problems.extend(exc.problems)
        if lost is not None:
            lost.update(ENTRY_ID.findall(path.read_text(encoding="utf-8", errors="replace")))
        return shown, []
    if data is None:
        data = []
    if not isinstance(data, list):
        problems.append(Problem(shown, 1, 1, "the file must be a list of entries (each starting with '- ')"))
        return shown, []
    kept = []
    for entry in data:
        found = list(schema_problems(entry, item_schema, shown))
        problems.extend(found)
        if not found:
            kept.append(entry)
        elif lost is not None and isinstance(entry, dict) and isinstance(entry.get("id"), str):
            lost.add(entry["id"])
    return shown, kept


def read(root):
    """Load and check everything under ``root``; raise DataError listing every problem."""
    root = Path(root)
    problems = []
    settings_path = root / "settings.yml"
    shown = _shown(root, settings_path)
    try:
        settings = load(settings_path, shown) or {}
        problems.extend(schema_problems(settings, schema.SETTINGS, shown))
    except DataError as exc:
        problems.extend(exc.problems)
        settings = {}
    settings.setdefault("placeholders", {})
    _, categories = _load_checked(root, root / "categories.yml", schema.CATEGORY, problems)
    substitutions = []
    for path in sorted(root.glob("substitutions*.yml")):
        substitutions.extend(_load_checked(root, path, schema.SUBSTITUTION, problems)[1])
    _, source_list = _load_checked(root, root / "sources.yml", schema.SOURCE_TITLE, problems)
    book = Handbook(
        root, settings, categories, substitutions,
        sources={s["seed"]: s["title"] for s in source_list},
        sections={s["seed"]: {t["zh"]: t for t in s["sections"]} for s in source_list},
    )
    for kind, item_schema in schema.KINDS.items():
        for path in sorted((root / kind).glob("*.yml")):
            shown, items = _load_checked(root, path, item_schema, problems, book.lost)
            for item in items:
                if item["id"] in book.origin:
                    other = book.origin[item["id"]][0]
                    line, col = position(item, ["id"])
                    problems.append(Problem(shown, line, col, f"duplicate id '{item['id']}' (also in {other})"))
                    continue
                item.setdefault("severity", "info")
                book.origin[item["id"]] = (shown, item)
                book.entries[kind].append(item)
    for path in sorted((root / "wordclasses").glob("*.yml")):
        shown, items = _load_checked(root, path, schema.WORDCLASS, problems)
        for item in items:
            if item["id"] in book.class_origin:
                line, col = position(item, ["id"])
                problems.append(Problem(shown, line, col, f"duplicate word class '{item['id']}' (also in {book.class_origin[item['id']][0]})"))
                continue
            book.class_origin[item["id"]] = (shown, item)
            book.wordclasses.append(item)
    dialect = root / "dialect.yml"
    if dialect.is_file():
        shown, items = _load_checked(root, dialect, schema.DIALECT, problems)
        seen = {}
        for item in items:
            # The same word may be listed again with another context (儿 after 这 and after 明).
            key = tuple((k, str(v)) for k, v in sorted(item.items()) if k not in ("to", "region", "note"))
            if key in seen:
                line, col = position(item, ["from"])
                problems.append(Problem(shown, line, col, f"'{item['from']}' is folded twice in the same context (also on line {seen[key]})"))
                continue
            seen[key] = position(item, ["from"])[0]
            book.dialect.append(item)
    principles = root / "similar" / "principles.yml"
    if principles.is_file():
        shown, book.principles = _load_checked(root, principles, schema.PRINCIPLE, problems)
        book.principles_file = shown
        seen = set()
        for item in book.principles:
            if item["id"] in seen:
                line, col = position(item, ["id"])
                problems.append(Problem(shown, line, col, f"duplicate kind '{item['id']}'"))
            seen.add(item["id"])
    problems.extend(cross_check(book))
    if problems:
        raise DataError(problems)
    return book


def _texts(node, path=()):
    """Every string inside ``node`` with the key path that reaches it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, path + (i,))
    elif isinstance(node, str):
        yield path, node


def cross_check(book):
    """References between entries, script graphs, placeholders and brand names."""
    problems = []
    categories = {c["id"] for c in book.categories}
    rules = book.by_id("rules")
    scripts = book.by_id("scripts")
    forms = book.by_id("forms")

    def problem(entry, path, message):
        shown, line, col = book.where(entry["id"], *path)
        problems.append(Problem(shown, line, col, message))

    def unknown(entry, path, ref, what, known):
        if ref not in book.lost:
            problem(entry, path, f"'{ref}' is not the id of {what}{schema.did_you_mean(ref, known)}")

    for kind, entries in book.entries.items():
        for entry in entries:
            if "source" in entry and entry["source"]["seed"] not in book.sources:
                problem(entry, ["source", "seed"], f"seed '{entry['source']['seed']}' has no title in sources.yml")
            elif "source" in entry and entry["source"]["section"] not in book.sections[entry["source"]["seed"]]:
                known = book.sections[entry["source"]["seed"]]
                problem(entry, ["source", "section"], f"section '{entry['source']['section']}' has no English title in sources.yml (sections: of {entry['source']['seed']}){schema.did_you_mean(entry['source']['section'], known)}")
            if entry["category"] not in categories:
                problem(entry, ["category"], f"unknown category '{entry['category']}'{schema.did_you_mean(entry['category'], categories)}")
            for i, rule_id in enumerate(entry.get("avoid", [])):
                if rule_id not in rules:
                    unknown(entry, ["avoid", i], rule_id, "a rule", rules)
            for i, script_id in enumerate(entry.get("scripts", []) if kind == "procedures" else []):
                if script_id not in scripts:
                    unknown(entry, ["scripts", i], script_id, "a call script", scripts)
            for i, form_id in enumerate(entry.get("forms", []) if kind == "procedures" else []):
                if form_id not in forms:
                    unknown(entry, ["forms", i], form_id, "a form", forms)
            for path, text in _texts(entry):
                if path[:1] in (("source",), ("patterns",), ("examples",)):
                    continue
                for brand in BRANDS:
                    if brand in text:
                        problem(entry, list(path), f"brand name '{brand}' in the text: use {{company}} or {{product}}")
                for name in PLACEHOLDER.findall(text):
                    if name not in book.settings["placeholders"]:
                        problem(entry, list(path), f"unknown placeholder '{{{name}}}'")
            if kind == "scripts":
                problems.extend(_script_problems(book, entry))
            if kind == "rules":
                problems.extend(_rule_shape_problems(book, entry))
    return problems


def _rule_shape_problems(book, rule):
    for key, message in schema.rule_problems(rule):
        yield Problem(*book.where(rule["id"], key), message)


def _script_problems(book, script):
    steps = script["steps"]
    ids = [s["id"] for s in steps]
    known = set(ids)

    def problem(path, message):
        return Problem(*book.where(script["id"], *path), message)

    seen = set()
    for i, step_id in enumerate(ids):
        if step_id in seen:
            yield problem(["steps", i, "id"], f"duplicate step '{step_id}'")
        seen.add(step_id)
    if script["start"] not in known:
        yield problem(["start"], f"start step '{script['start']}' does not exist")
        return
    graph = {}
    for i, step in enumerate(steps):
        targets = []
        if "next" in step:
            targets.append((["steps", i, "next"], step["next"]))
        for j, branch in enumerate(step.get("branches", [])):
            targets.append((["steps", i, "branches", j, "goto"], branch["goto"]))
        for path, target in targets:
            if target not in known:
                yield problem(path, f"step '{step['id']}' goes to '{target}', which does not exist")
        graph[step["id"]] = [t for _, t in targets if t in known]
    reached, todo = set(), [script["start"]]
    while todo:
        step_id = todo.pop()
        if step_id not in reached:
            reached.add(step_id)
            todo.extend(graph.get(step_id, []))
    for i, step_id in enumerate(ids):
        if step_id not in reached:
            yield problem(["steps", i, "id"], f"step '{step_id}' cannot be reached from the start")
    if not any(s.get("end") for s in steps):
        yield problem(["steps"], "the script has no end step")
