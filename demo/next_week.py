#!/usr/bin/env python3
"""The demo's second sample: the same shop a week later, after last meeting's rules shipped.

Reads the demo's day (events.jsonl, sample.json, next to this script) and writes, into the
folder given, the same day seven days on as a pull after the rules were deployed would see it:

    /ecs/web-frontend         the ALB health checks are gone (the rule runs in its Fluent Bit)
    /aws/lambda/checkout-api  the START and END platform lines are gone (the function's log
                              level was raised)
    /aws/lambda/report-worker the START and END lines are still there: the rule was never
                              deployed for this function, so `lognoise verify` shows it leaking
    /ecs/orders-service       three in four "Payment declined" warnings are gone, although the
                              room kept them: something drops them, and verify names it

Stored bytes in sample.json shrink by the share of each group's bytes that is gone, as the
groups' IncomingBytes would. Deterministic: the same input gives the same files.

Usage: python3 demo/next_week.py OUT_DIR
"""

import json
import os
import sys

WEEK_MS = 7 * 86_400_000
HERE = os.path.dirname(os.path.abspath(__file__))


def dropped(event, declined_seen):
    group, message = event["logGroup"], event["message"]
    if group == "/ecs/web-frontend" and "ELB-HealthChecker" in message:
        return True
    if group == "/aws/lambda/checkout-api" and message.startswith(("START RequestId:", "END RequestId:")):
        return True
    if group == "/ecs/orders-service" and '"msg":"Payment declined' in message:
        declined_seen[0] += 1
        return declined_seen[0] % 4 != 1
    return False


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: next_week.py OUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    kept_bytes, all_bytes = {}, {}
    declined_seen = [0]
    with open(os.path.join(HERE, "events.jsonl"), encoding="utf-8") as src, open(
        os.path.join(out_dir, "events.jsonl"), "w", encoding="utf-8", newline="\n"
    ) as out:
        for line in src:
            event = json.loads(line)
            size = len(event["message"].encode("utf-8"))
            all_bytes[event["logGroup"]] = all_bytes.get(event["logGroup"], 0) + size
            if dropped(event, declined_seen):
                continue
            kept_bytes[event["logGroup"]] = kept_bytes.get(event["logGroup"], 0) + size
            event["timestamp"] += WEEK_MS
            out.write(json.dumps(event, separators=(",", ":")) + "\n")
    with open(os.path.join(HERE, "sample.json"), encoding="utf-8") as src:
        sample = json.load(src)
    for key in ("start", "end"):
        sample["window"][key] = shift_iso(sample["window"][key])
    sample["basis"] = "the demo's made-up account a week later, after the rules were deployed"
    for group in sample["log_groups"]:
        name = group["name"]
        share = kept_bytes.get(name, 0) / all_bytes[name] if all_bytes.get(name) else 1.0
        group["stored_bytes"] = round(group["stored_bytes"] * share)
    with open(os.path.join(out_dir, "sample.json"), "w", encoding="utf-8", newline="\n") as out:
        json.dump(sample, out, indent=2)
        out.write("\n")


def shift_iso(text):
    import datetime

    t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return (t + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    main()
