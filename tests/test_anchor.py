"""The automaton holds short prefixes of the anchor literals; every literal is still found."""

from checker import automaton
from checker.engine import PREFIX, Checker
from checker.rules import compile_rules


def rule(rule_id, *patterns):
    return {"id": rule_id, "kind": "forbid", "category": "c", "severity": "error", "message": {"zh": "x", "en": "x"},
            "patterns": {"zh": list(patterns), "en": []}}


def test_literals_sharing_a_prefix_are_each_found(folder):
    records = [rule("long", "这个问题不归我们管"), rule("longer", "这个问题不归我们部门管"), rule("short", "问题"), rule("gap", "这个问.{0,3}我们部门")]
    assert len("这个问题不归我们管") > PREFIX
    for backend in ("native", "pure"):
        if not automaton.available(backend):
            continue
        engine = Checker(compile_rules(records, folder.fold), folder, backend)
        assert len(engine.keys) < len(engine.by_key)  # the two long literals share one key
        found = {(f.rule, f.match) for f in engine.check("这个问题不归我们管，这个问题不归我们部门管", resolve=False)}
        assert found == {("long", "这个问题不归我们管"), ("longer", "这个问题不归我们部门管"), ("short", "问题"),
                         ("gap", "这个问题不归我们部门")}, backend
