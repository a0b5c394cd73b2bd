#!/usr/bin/env python3
"""Publishing rate as the archive grows: stories published through the API (POST /api/v1/stories
with status "published", each one a full save: rules, render, links, queue, revision, notice),
by a few concurrent clients, against stores of different sizes measured in the same run. The
reference is the rate on an empty store. The stories published stay in the store (the API
deletes no story): a few hundred more in an archive of 100,000 or more. Writes
bench/notes/publish.md.

    bench/publish.py --binary build/release/marquee --data /tmp/bench-100k --data /tmp/bench-1m
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
os.environ.setdefault("MARQUEE_SOURCE_DIR", ROOT)

BODY = ("Kristen Stewart and Dakota Fanning talked about the film on Monday, the studio said. "
        "\"We spent the summer rehearsing,\" Stewart said. ") * 12


def publish_round(port, token, section, count, clients, tag):
    """Publishes count stories over `clients` keep-alive connections; returns (seconds, ids)."""
    ids, lock, failures = [], threading.Lock(), []
    per_client = count // clients

    def client(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for i in range(per_client):
            story = {"headline": "Bench story %s %d-%d" % (tag, k, i), "dek": "A dek.", "body": BODY,
                     "section": section, "status": "published"}
            conn.request("POST", "/api/v1/stories", json.dumps(story),
                         {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            response = conn.getresponse()
            answer = response.read()
            if response.status != 201:
                failures.append((response.status, answer[:200]))
                return
            with lock:
                ids.append(json.loads(answer)["data"]["id"])
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if failures:
        raise RuntimeError("publishing failed: %r" % failures[:3])
    return seconds, ids


def measure(binary, data, count, clients, rounds, settle):
    os.environ["MARQUEE_BIN"] = os.path.abspath(binary)
    from harness import Server, create_token  # noqa: E402
    from admin_client import add_user  # noqa: E402
    server = Server(demo=False, data_dir=data, env={"MARQUEE_LOG_LEVEL": "warn"})
    try:
        email = "publish-bench-%d@example.com" % os.getpid()
        add_user(server, email, "editor")
        token = create_token(server, email, "publish bench")
        sections = subprocess.run([binary, "sections", "--data", data], capture_output=True,
                                  text=True).stdout.split()
        section = sections[0] if sections else None
        if section is None:
            subprocess.run([binary, "sections", "add", "news", "News", "--data", data], check=True,
                           capture_output=True)
            section = "news"
        time.sleep(settle)  # the related index and crops are built after start
        rates = []
        for r in range(rounds):
            seconds, ids = publish_round(server.port, token, section, count, clients,
                                         "%d-%d" % (os.getpid(), r))
            rates.append(len(ids) / seconds)
        return rates
    finally:
        server.stop()
        server.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--data", action="append", default=[], help="a store made by marquee bench-data")
    ap.add_argument("--stories", type=int, default=400, help="published per round")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--settle", type=float, default=45, help="seconds to wait after start")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "notes", "publish.md"))
    args = ap.parse_args()
    empty = tempfile.mkdtemp(prefix="marquee-publish-")
    try:
        stores = [("empty store", empty, 5)]
        for d in args.data:
            import sqlite3
            db = sqlite3.connect("file:%s?mode=ro" % os.path.join(d, "marquee.db"), uri=True)
            n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            db.close()
            stores.append(("%d stories" % n, d, args.settle))
        results = []
        for label, data, settle in stores:
            rates = measure(args.binary, data, args.stories, args.clients, args.rounds, settle)
            results.append((label, rates))
            print(label, ["%.0f" % r for r in rates], flush=True)
    finally:
        shutil.rmtree(empty, ignore_errors=True)
    reference = statistics.median(results[0][1])
    lines = ["# Publishing rate as the archive grows (bench/publish.py)", "",
             "%d stories per round published through the API by %d clients, %d rounds; median of the rounds." %
             (args.stories, args.clients, args.rounds), "",
             "| store | stories/s (median) | rounds | against the empty store |", "| --- | ---: | --- | ---: |"]
    for label, rates in results:
        lines.append("| %s | %.0f | %s | %.2f |" % (label, statistics.median(rates),
                                                   ", ".join("%.0f" % r for r in rates),
                                                   statistics.median(rates) / reference))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
