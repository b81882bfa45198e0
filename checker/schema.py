"""The one schema of the handbook's data and of a team's settings, and its validator.

The schemas (JSON Schema, draft 7) say what shape an entry has: ``KINDS`` one per
folder of data/, ``TEAM_SETTINGS`` for ``.phrasecheck.yml``. ``problems`` walks a
value and its schema: an unknown key is reported at the key, with a "did you
mean"; a missing key at the mapping; anything else at the value. The leaf
checks run on fastjsonschema, pure Python, so the browser's Pyodide runs the
same validation as the command line. Cross-references (rule ids, script steps,
categories) are the generator's job (generator/data.py): a schema sees one file.
"""

import difflib
import json

import fastjsonschema

TEXT = {
    "type": "object",
    "properties": {
        "zh": {"type": "string", "minLength": 1},
        "en": {"type": "string", "minLength": 1},
    },
    "required": ["zh", "en"],
    "additionalProperties": False,
}
TEXTS = {"type": "array", "items": TEXT}
ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
IDS = {"type": "array", "items": ID}
SEVERITY = {"enum": ["error", "warning", "info"]}
SOURCE = {
    "type": "object",
    "properties": {
        "seed": {"type": "string", "pattern": r"^\d{3}_[0-9a-f]+\.txt$"},
        "section": {"type": "string", "minLength": 1},
    },
    "required": ["seed", "section"],
    "additionalProperties": False,
}
PATTERNS = {"type": "array", "items": {"type": "string", "minLength": 1}}
# Provenance of an entry: ``seed`` quoted or normalised from a seed document,
# ``derived`` written to implement a seed's principle, ``editorial`` written by
# the editors, ``team`` a team's own (which needs no ``source``).
ORIGIN = {"enum": ["seed", "derived", "editorial", "team"]}
# A reply (a suggestion, a recommended line): a text that may say it was written
# by someone other than its entry's source, e.g. ``origin: editorial`` on an
# editors' reply inside a seed rule. Without ``origin`` it shares the entry's.
REPLY = {
    **TEXT,
    "properties": {**TEXT["properties"], "origin": ORIGIN},
}
REPLIES = {"type": "array", "items": REPLY}
COMMON = {"id": ID, "category": ID, "severity": SEVERITY, "origin": ORIGIN, "source": SOURCE}
REQUIRED = ["id", "category", "origin"]


def entry(properties, required=()):
    """An entry: the common fields plus the kind's own."""
    return {
        "type": "object",
        "properties": {**COMMON, **properties},
        "required": REQUIRED + list(required),
        "additionalProperties": False,
        # Only a team's own entry may leave out where it came from.
        "if": {"properties": {"origin": {"not": {"const": "team"}}}},
        "then": {"required": ["source"]},
    }


# A condition is exactly one of these; "within" goes with after/before only.
CONDITION_KINDS = ("after", "before", "quoted", "alone")
CONDITION = {
    "type": "object",
    "properties": {
        "after": PATTERNS,
        "before": PATTERNS,
        # Without "within", the rest of the turn (line) counts.
        "within": {"type": "integer", "minimum": 1, "maximum": 200},
        "quoted": {"const": True},
        # The match is the whole turn, apart from punctuation and spaces (a bare "不清楚。").
        "alone": {"const": True},
    },
    "minProperties": 1,
    "additionalProperties": False,
    "oneOf": [
        {"required": [kind], "not": {"anyOf": [{"required": [other]} for other in CONDITION_KINDS + ("within",) if other != kind]}}
        for kind in ("quoted", "alone")
    ] + [
        {"required": [kind], "not": {"anyOf": [{"required": [other]} for other in CONDITION_KINDS if other != kind]}}
        for kind in ("after", "before")
    ],
}

RULE = entry(
    {
        "kind": {"enum": ["forbid", "replace", "require"]},
        "phrase": TEXT,
        # The phrase names a behaviour ("interrupting the customer"), not words
        # anyone says, so the self-test does not expect its English to be flagged.
        "behaviour": {"type": "boolean"},
        # A required phrase's name on the call scorecard (问候, 自报工号, 道别).
        "item": TEXT,
        "patterns": {
            "type": "object",
            "properties": {"zh": PATTERNS, "en": PATTERNS},
            "required": ["zh"],
            "additionalProperties": False,
        },
        "message": TEXT,
        "why": TEXT,
        # kind replace: drop-ins, each put in place of the matched words;
        # kind forbid: rewrites, each put in place of the sentence holding the match;
        # kind require: the phrase to add at the start or end of the turn.
        "suggest": REPLIES,
        "unless": {"type": "array", "items": CONDITION},
        "when": {"type": "array", "items": CONDITION},
        "where": {
            "type": "object",
            "properties": {
                "turns": {"enum": ["first", "last"]},
                "count": {"type": "integer", "minimum": 1, "maximum": 10},
            },
            "required": ["turns", "count"],
            "additionalProperties": False,
        },
        "examples": {
            "type": "object",
            "properties": {
                "flag": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "pass": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            },
            "required": ["flag", "pass"],
            "additionalProperties": False,
        },
    },
    required=["kind", "severity", "phrase", "patterns", "message", "suggest", "examples"],
)

SCENARIO = entry(
    {
        "channel": {
            "type": "array",
            "items": {"enum": ["phone", "onsite", "chat", "email"]},
            "minItems": 1,
            "uniqueItems": True,
        },
        "title": TEXT,
        "situation": TEXT,
        "customer_says": TEXT,
        "say": REPLIES,
        "avoid": IDS,
        "guidance": TEXTS,
    },
    required=["channel", "title", "situation", "say", "avoid", "guidance"],
)

GUIDELINE = entry(
    {
        "kind": {
            "enum": [
                "principle", "mindset", "norm", "etiquette", "technique", "customer-type",
                "do", "dont", "tip", "kpi", "definition",
            ]
        },
        "title": TEXT,
        "text": TEXT,
        "say": REPLIES,
        "avoid": IDS,
    },
    required=["kind", "title", "text"],
)

SECTION = {
    "type": "object",
    "properties": {"title": TEXT, "items": TEXTS},
    "required": ["title", "items"],
    "additionalProperties": False,
}

PROCEDURE = entry(
    {
        "title": TEXT,
        "scope": TEXT,
        "duties": TEXTS,
        "flow": TEXTS,
        "key_points": TEXTS,
        "norms": TEXTS,
        "kpis": TEXTS,
        "tools": TEXTS,
        "sections": {"type": "array", "items": SECTION},
        "scripts": IDS,
        "forms": IDS,
    },
    required=["title", "duties", "flow", "key_points", "norms", "kpis"],
)

STEP_ID = {"type": "string", "pattern": "^[0-9a-z][0-9a-z.-]*$"}
STEP = {
    "type": "object",
    "properties": {
        "id": STEP_ID,
        "say": TEXT,
        "origin": ORIGIN,  # when the line was written by the editors rather than taken from the seed
        "next": STEP_ID,
        "branches": {
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "properties": {"answer": TEXT, "goto": STEP_ID},
                "required": ["answer", "goto"],
                "additionalProperties": False,
            },
        },
        "end": {"const": True},
    },
    "required": ["id", "say"],
    "additionalProperties": False,
    "oneOf": [{"required": ["next"]}, {"required": ["branches"]}, {"required": ["end"]}],
}

SCRIPT = entry(
    {
        "title": TEXT,
        "purpose": TEXT,
        "start": STEP_ID,
        "steps": {"type": "array", "items": STEP, "minItems": 1},
        "notes": TEXTS,
    },
    required=["title", "start", "steps"],
)

FORM = entry(
    {
        "title": TEXT,
        "purpose": TEXT,
        "fields": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {"label": TEXT, "hint": TEXT},
                "required": ["label"],
                "additionalProperties": False,
            },
        },
    },
    required=["title", "fields"],
)

LINE = {
    "type": "object",
    "properties": {
        "role": {"enum": ["agent", "customer"]},
        "text": TEXT,
        "verdict": {"enum": ["good", "bad", "neutral"]},
        "note": TEXT,
    },
    "required": ["role", "text"],
    "additionalProperties": False,
}

TRANSCRIPT = entry(
    {
        "title": TEXT,
        "summary": TEXT,
        "calls": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {"title": TEXT, "lines": {"type": "array", "items": LINE, "minItems": 1}},
                "required": ["title", "lines"],
                "additionalProperties": False,
            },
        },
        "lessons": TEXTS,
    },
    required=["title", "summary", "calls", "lessons"],
)

# Folder of data/ -> schema of one entry in its files.
KINDS = {
    "rules": RULE,
    "scenarios": SCENARIO,
    "guidelines": GUIDELINE,
    "procedures": PROCEDURE,
    "scripts": SCRIPT,
    "forms": FORM,
    "transcripts": TRANSCRIPT,
}

CATEGORY = {
    "type": "object",
    "properties": {"id": ID, "name": TEXT, "description": TEXT},
    "required": ["id", "name", "description"],
    "additionalProperties": False,
}

# A kind of taboo the similarity tier can name (data/similar/principles.yml).
PRINCIPLE = {
    "type": "object",
    "properties": {"id": ID, "name": TEXT, "advice": TEXT, "source": SOURCE, "unless": {"type": "array", "items": CONDITION}},
    "required": ["id", "name", "advice", "source"],
    "additionalProperties": False,
}

SETTINGS = {
    "type": "object",
    "properties": {
        "placeholders": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z_]+$"},
            "additionalProperties": TEXT,
        }
    },
    "required": ["placeholders"],
    "additionalProperties": False,
}

SUBSTITUTION = {
    "type": "object",
    "properties": {
        "seed": SOURCE["properties"]["seed"],
        "from": {"type": "string", "minLength": 1},
        "to": {"type": "string", "minLength": 1},
        "note": {"type": "string"},
    },
    "required": ["seed", "from", "to"],
    "additionalProperties": False,
}

REGIONS = ["cantonese", "sichuan", "northeast", "henan", "hubei", "hunan", "wu", "beijing", "tianjin", "shandong", "shaanxi", "taiwan", "north"]
# A regional word (data/dialect.yml): folded to its standard Mandarin form before matching,
# as traditional characters are, so every rule reads 莫得办法 as 没有办法 and 唔知 as 不知道.
# ``after`` / ``before``: characters one of which must come just before / after it;
# ``not_after`` / ``not_before``: characters that must not come just before / after it;
# ``next``: "han" when a Chinese character must follow, "not-han" when none may;
# ``prev``: "han" when one must come before (a suffix), "not-han" when none may.
DIALECT = {
    "type": "object",
    "properties": {
        "from": {"type": "string", "minLength": 1, "maxLength": 6},
        "to": {"type": "string", "maxLength": 6},
        "region": {"type": "array", "items": {"enum": REGIONS}, "minItems": 1},
        "after": {"type": "string", "minLength": 1},
        "before": {"type": "string", "minLength": 1},
        "not_after": {"type": "string", "minLength": 1},
        "not_before": {"type": "string", "minLength": 1},
        "next": {"enum": ["han", "not-han"]},
        "prev": {"enum": ["han", "not-han"]},
        "note": {"type": "string"},
    },
    "required": ["from", "to", "region"],
    "additionalProperties": False,
}

# A word class (data/wordclasses/): a name rule patterns use as <id>, its members
# per language (literals with optional groups), and a note shown on the authors page.
WORDCLASS = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "members": {
            "type": "object",
            "properties": {"zh": PATTERNS, "en": PATTERNS},
            "minProperties": 1,
            "additionalProperties": False,
        },
        "note": TEXT,
    },
    "required": ["id", "members", "note"],
    "additionalProperties": False,
}

# data/sources.yml: a seed's title, and the English title of every section
# (``source.section``, as the seed has it in Chinese) that entries cite.
SOURCE_TITLE = {
    "type": "object",
    "properties": {"seed": SOURCE["properties"]["seed"], "title": TEXT, "sections": {"type": "array", "items": TEXT}},
    "required": ["seed", "title", "sections"],
    "additionalProperties": False,
}

PLACEHOLDER_NAME = {"type": "string", "pattern": "^[a-z_]+$"}
TEAM_RULE = {
    **RULE,
    # A team's own rule: where it came from, its examples and suggestions are its own business.
    "required": ["id", "kind", "category", "severity", "patterns", "message"],
    "if": {"properties": {"origin": {"not": {"const": "team"}}}, "required": ["origin"]},
}
# How a team's call-centre exports (CSV, JSON Lines, JSON) name things (records.py):
# the column of each field, and the speaker names of the agent and the customer.
SPEAKER_NAMES = {"type": "string", "minLength": 1}
RECORDS = {
    "type": "object",
    "properties": {
        "columns": {
            "type": "object",
            "properties": {f: {"type": "string", "minLength": 1} for f in ("call", "role", "text", "turn", "agent", "queue")},
            "additionalProperties": False,
        },
        "roles": {
            "type": "object",
            "properties": {
                role: {"anyOf": [SPEAKER_NAMES, {"type": "array", "items": SPEAKER_NAMES, "minItems": 1}]}
                for role in ("agent", "customer")
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

TEAM_SETTINGS = {
    "type": "object",
    "properties": {
        "placeholders": {
            "type": "object",
            "propertyNames": PLACEHOLDER_NAME,
            "additionalProperties": {**TEXT, "required": [], "minProperties": 1},
        },
        "disable": {"type": "array", "items": ID},
        "severity": {"type": "object", "propertyNames": ID, "additionalProperties": SEVERITY},
        "min_severity": SEVERITY,
        "weights": {
            "type": "object",
            "properties": {level: {"type": "number", "minimum": 0} for level in ("error", "warning", "info")},
            "additionalProperties": False,
        },
        "rules": {"type": "array", "items": TEAM_RULE},
        "records": RECORDS,
    },
    "additionalProperties": False,
}


# ---------------------------------------------------------------- validation

_compiled = {}


def _validator(schema):
    key = json.dumps(schema, sort_keys=True)
    if key not in _compiled:
        _compiled[key] = fastjsonschema.compile(schema)
    return _compiled[key]


def valid(value, schema):
    try:
        _validator(schema)(value)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def did_you_mean(word, known):
    close = difflib.get_close_matches(str(word), sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _one_of(schema):
    """``needs exactly one of 'a', 'b'`` when every branch requires one key."""
    keys = [b.get("required", [None])[0] for b in schema["oneOf"]]
    if all(keys):
        return "needs exactly one of " + ", ".join(f"'{k}'" for k in keys)
    return "matches none of the allowed forms"


def problems(value, schema, path=()):
    """``(path, message, at_key)`` for everything wrong in ``value``; ``at_key``: the
    problem is the last key of ``path`` itself (unknown), not its value."""
    is_object = schema.get("type") == "object" or "properties" in schema
    if is_object and isinstance(value, dict):
        yield from _object_problems(value, schema, path)
        return
    if schema.get("type") == "array" and isinstance(value, list):
        rest = {k: v for k, v in schema.items() if k != "items"}
        yield from _leaf(value, rest, path)
        for i, item in enumerate(value):
            yield from problems(item, schema.get("items", {}), path + (i,))
        return
    yield from _leaf(value, schema, path)


def _object_problems(value, schema, path):
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key in value:
        if names and not valid(key, names):
            yield path + (key,), f"'{key}' is not a valid name (lower-case letters, digits and '-')", True
        elif key not in props and extra is False:
            known = ", ".join(sorted(props))
            yield path + (key,), f"unknown key '{key}'{did_you_mean(key, props)} (known: {known})", True
    required = list(schema.get("required", []))
    if "if" in schema and valid(value, schema["if"]):
        required += schema.get("then", {}).get("required", [])
    for key in required:
        if key not in value:
            yield path, f"lacks '{key}'", False
    rest = {k: v for k, v in schema.items() if k in ("minProperties", "maxProperties")}
    if rest:
        yield from _leaf(value, rest, path)
    if "oneOf" in schema and sum(valid(value, b) for b in schema["oneOf"]) != 1:
        yield path, _one_of(schema), False
    for key, item in value.items():
        if key in props:
            yield from problems(item, props[key], path + (key,))
        elif isinstance(extra, dict):
            yield from problems(item, extra, path + (key,))


def _leaf(value, schema, path):
    try:
        _validator(schema)(value)
    except fastjsonschema.JsonSchemaValueException as exc:
        message = exc.message
        message = message[len(exc.name):].lstrip() if message.startswith(exc.name) else message
        yield path + tuple(_index(p) for p in exc.path[1:]), message, False


def _index(part):
    return int(part) if isinstance(part, str) and part.isdigit() else part


def rule_problems(rule):
    """``(key, message)`` for what the schema cannot say about a rule's kind."""
    kind = rule.get("kind")
    if kind == "require" and "where" not in rule:
        yield "kind", "a require rule needs 'where'"
    if kind != "require" and "where" in rule:
        yield "where", "'where' is only for require rules"
    for key in ("unless", "when"):
        if kind == "require" and key in rule:
            yield key, f"a require rule takes no '{key}'"
