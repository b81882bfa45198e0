"""Generated call-centre exports for the record tests and bench/batch_bench.py.

    for record in records(calls=1000, seed=1): ...   # dicts: call_id, turn, speaker, text, agent_id, queue
    write_jsonl(path, records(...)); write_csv(path, records(...))

Deterministic for a seed. Agents open with a greeting (most of the time),
sometimes say something a rule forbids, close with a goodbye (most of the
time); the text is speech-recognition style: fillers, no punctuation in about
half the turns, a phone number now and then.
"""

import csv
import json
import random

OPENINGS = ["您好 很高兴为您服务", "您好，我是{n}号客服，请问有什么可以帮您", "你好 这边是客服中心 请讲", "喂 您好", "请讲"]
AGENT = [
    "嗯 好的 我帮您查一下", "稍等一下 我这边看一下您的套餐", "这个问题我来帮您跟进", "您的话费余额是三十二元",
    "这个不归我管 你找别人吧", "我不清楚 你自己去营业厅问吧", "你到底听清楚没有", "没有办法 系统就是这样",
    "我们这边已经给您登记了 请您留意短信", "您说的号码是{phone}对吗", "呃 那个 我给您转到相关部门", "好的 明白了",
    "这个肯定会给您处理的", "您稍等 我请示一下领导",
]
CUSTOMER = [
    "我想问一下我的话费怎么扣了这么多", "嗯", "对", "你们这个网络老是断", "我的号码是{phone}",
    "好的谢谢", "那我怎么办啊", "我上个月已经打过电话了", "没有了", "什么意思",
]
CLOSINGS = ["感谢您的来电 再见", "好的 祝您生活愉快 再见", "还有其他问题吗", "嗯 好的"]
QUEUES = ["billing", "network", "complaints", "sales"]


def _phone(rng):
    return "1" + str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _say(rng, pool, n):
    text = rng.choice(pool).format(n=n, phone=_phone(rng))
    if rng.random() < 0.5:
        text = text.replace("，", " ").replace("。", "")
    return text


def records(calls=100, seed=1, diarised=0.2, agents=50):
    """Turn records, call after call; ``diarised`` of the calls name speakers 0/1 (either way round)."""
    rng = random.Random(seed)
    for c in range(calls):
        call_id = f"c{seed}-{c:07d}"
        agent_id = f"A{rng.randrange(agents):03d}"
        queue = rng.choice(QUEUES)
        names = ("坐席", "客户")
        if rng.random() < diarised:
            names = ("0", "1") if rng.random() < 0.5 else ("1", "0")
        turns = [(0, _say(rng, OPENINGS, rng.randint(1, 999)))]
        for _ in range(rng.randint(4, 24)):
            who = rng.random() < 0.5
            turns.append((0, _say(rng, AGENT, 0)) if who else (1, _say(rng, CUSTOMER, 0)))
        turns.append((0, rng.choice(CLOSINGS)))
        for number, (who, text) in enumerate(turns, start=1):
            yield {"call_id": call_id, "turn": number, "speaker": names[who], "text": text, "agent_id": agent_id, "queue": queue}


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def write_csv(path, rows, encoding="utf-8"):
    rows = iter(rows)
    first = next(rows)
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(first))
        writer.writeheader()
        writer.writerow(first)
        writer.writerows(rows)
    return path
