from checker.transcript import check_transcript, turns

CALL = """客户：喂，你们这个不归我管吗？
座席：您好，请问有什么可以帮您？
客户：你们系统又坏了
座席：这个不归我管，你找别人吧
[10:02:11] 坐席(小王)：我不清楚
(通话中断)
Agent: not my job
customer: no idea
座席：感谢您的来电，再见"""


def test_turns_and_roles():
    found = [(t.line, t.role) for t in turns(CALL)]
    assert found == [(1, "customer"), (2, "agent"), (3, "customer"), (4, "agent"), (5, "agent"), (6, "unknown"), (7, "agent"), (8, "customer"), (9, "agent")]
    t = turns(CALL)[3]
    assert CALL[t.start:t.end] == "这个不归我管，你找别人吧"


def test_half_and_full_width_colons_and_timestamps():
    text = "客服:你好\n[09:30] 顾客： 在吗\n10:31 Agent :  hi"
    assert [(t.role, text[t.start:t.end]) for t in turns(text)] == [("agent", "你好"), ("customer", "在吗"), ("agent", "hi")]


def test_agent_role_checks_only_agent_lines(fx):
    findings = check_transcript(fx, CALL, role="agent")
    assert [(f.rule, f.line, f.role) for f in findings] == [
        ("t-not-mine", 4, "agent"), ("t-dont-know", 5, "agent"), ("t-not-mine", 7, "agent"),
    ]
    for f in findings:
        assert CALL[f.start:f.end] == f.match
        assert CALL.split("\n")[f.line - 1][f.col - 1:].startswith(f.match)


def test_customer_role_checks_only_customer_lines(fx):
    findings = check_transcript(fx, CALL, role="customer")
    assert [(f.rule, f.line) for f in findings] == [("t-not-mine", 1), ("t-dont-know", 8)]
    assert all(f.role == "customer" for f in findings)


def test_all_roles_include_narration(fx):
    text = "旁白：没办法\n座席：您好\n没办法\n座席：再见"
    findings = check_transcript(fx, text, role="all")
    assert [(f.rule, f.line, f.role) for f in findings] == [("t-cannot-help", 1, "unknown"), ("t-cannot-help", 3, "unknown")]


def test_missing_greeting_and_closing(fx):
    text = "客户：在吗\n座席：请讲\n座席：好的\n座席：就这样"
    findings = check_transcript(fx, text, role="agent")
    assert [(f.rule, f.line, f.kind) for f in findings] == [("t-greeting", 2, "require"), ("t-closing", 4, "require")]


def test_greeting_in_second_agent_turn_is_enough(fx):
    text = "座席：喂\n客户：在吗\n座席：您好\n座席：再见"
    assert check_transcript(fx, text) == []


def test_customer_role_has_no_required_phrases(fx):
    assert check_transcript(fx, "座席：请讲\n客户：好", role="customer") == []


def test_empty_transcript(fx):
    assert check_transcript(fx, "") == []


def test_looks_like_a_transcript():
    from checker.transcript import looks_like_transcript

    assert looks_like_transcript("客户：你好\n座席：您好\n备注")
    assert looks_like_transcript("Agent: Hello\r\nCustomer: Hi")
    assert not looks_like_transcript("座席：您好")  # one line
    assert not looks_like_transcript("您好\n我来帮您查一下\n座席：好的")
