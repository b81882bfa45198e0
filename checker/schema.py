"""JSON Schemas of the data files, one per folder of data/.

The schemas say what shape an entry has; cross-references (rule ids, script
steps, categories) are checked in ``validate.py`` because JSON Schema cannot
see across files.
"""

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


CONDITION = {
    "type": "object",
    "properties": {
        "after": PATTERNS,
        "before": PATTERNS,
        # Without "within", the rest of the turn (line) counts.
        "within": {"type": "integer", "minimum": 1, "maximum": 200},
        "quoted": {"const": True},
    },
    "minProperties": 1,
    "additionalProperties": False,
    "oneOf": [
        {"required": ["after"], "not": {"anyOf": [{"required": ["before"]}, {"required": ["quoted"]}]}},
        {"required": ["before"], "not": {"anyOf": [{"required": ["after"]}, {"required": ["quoted"]}]}},
        {"required": ["quoted"], "not": {"anyOf": [{"required": ["after"]}, {"required": ["before"]}, {"required": ["within"]}]}},
    ],
}

RULE = entry(
    {
        "kind": {"enum": ["forbid", "replace", "require"]},
        "phrase": TEXT,
        "patterns": {
            "type": "object",
            "properties": {"zh": PATTERNS, "en": PATTERNS},
            "required": ["zh"],
            "additionalProperties": False,
        },
        "message": TEXT,
        "why": TEXT,
        "suggest": TEXTS,
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
        "say": TEXTS,
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
        "say": TEXTS,
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

SETTINGS = {
    "type": "object",
    "properties": {
        "placeholders": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]+$"},
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

SOURCE_TITLE = {
    "type": "object",
    "properties": {"seed": SOURCE["properties"]["seed"], "title": TEXT},
    "required": ["seed", "title"],
    "additionalProperties": False,
}
