#!/usr/bin/env python3
"""The newsroom's story list at scale: the time of the list's first page and of a page deep in
the archive (keyset cursors, no OFFSET), in the default order, sorted by headline with a status
filter, and searched by a word of the bodies, against a store made by
`marquee bench-data --stories N`. The reference measured in the same run, over the same
connection style, is the cached public story page. Writes bench/notes/story_list.md.

    marquee bench-data --data /tmp/lists-100k --stories 100000
    bench/story_list.py --binary build/release/marquee --data /tmp/lists-100k
"""
import argparse
import http.client
import json
import os
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
os.environ.setdefault("MARQUEE_SOURCE_DIR", ROOT)


def timed(client, path, rounds):
    """Median and 90th percentile of `rounds` GETs of path, in milliseconds, after one warm-up."""
    status = client(path)
    if status != 200:
        raise RuntimeError("%s answered %d" % (path, status))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        client(path)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--data", required=True, help="a store made by marquee bench-data")
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "notes", "story_list.md"))
    args = ap.parse_args()
    os.environ["MARQUEE_BIN"] = os.path.abspath(args.binary)
    from admin_client import Newsroom, add_user  # noqa: E402
    from harness import Server  # noqa: E402

    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(args.data, "marquee.db"), uri=True)
    stories = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    depth = int(stories * 0.9)
    # Cursors of the row at 90% depth, as the list itself would hand them out.
    updated, sid = db.execute("SELECT updated_at, id FROM articles ORDER BY updated_at DESC, id DESC "
                              "LIMIT 1 OFFSET ?", (depth,)).fetchone()
    published = db.execute("SELECT count(*) FROM articles WHERE status = 'published'").fetchone()[0]
    head, hid = db.execute("SELECT lower(headline), id FROM articles WHERE status = 'published' "
                           "ORDER BY lower(headline), id LIMIT 1 OFFSET ?",
                           (int(published * 0.9),)).fetchone()
    # Words of a few stories' bodies whose number of matching stories is nearest each share of
    # the archive: each takes one of the list's ways of matching words (store/sql/story_list.cpp).
    counts = {}
    for (body,) in db.execute("SELECT body FROM articles WHERE id % 50000 = 7 LIMIT 20"):
        for w in set(re.findall(r"[a-z]{4,}", body.lower())):
            if w not in counts:
                counts[w] = db.execute("SELECT count(*) FROM article_search WHERE article_search "
                                       "MATCH ?", ('"%s"' % w,)).fetchone()[0]
    counts.setdefault("premiere", db.execute("SELECT count(*) FROM article_search WHERE "
                                             "article_search MATCH '\"premiere\"'").fetchone()[0])
    shares = [0.0002, 0.005, 0.05, 0.15, 0.45]
    by_share = [min(counts, key=lambda w: abs(counts[w] - share * stories)) for share in shares]
    db.close()

    server = Server(demo=False, data_dir=args.data,
                    env={"MARQUEE_LOG_LEVEL": "warn"})
    try:
        email = "lists-bench-%d@example.com" % os.getpid()
        editor = Newsroom(server)
        status, _, _ = editor.login(email, add_user(server, email, "editor"))
        assert status == 303, status
        story = re.search(r'href="(/[a-z-]+/\d{4}/\d\d/\d\d/[a-z0-9-]+)"', server.get("/")[2].decode()).group(1)

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        cookie = "; ".join("%s=%s" % kv for kv in editor.cookies.items())

        def get(path):
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            return response.status

        quote = lambda value: urllib.parse.quote(json.dumps(value, separators=(",", ":")))
        word = "premiere"
        cases = [
            ("cached story page (reference)", story),
            ("list, page 1 (updated, newest first)", "/admin/stories"),
            ("list, page at 90%% depth (row %d)" % depth, "/admin/stories?after=" + quote([updated, sid])),
            ("published by headline, page 1", "/admin/stories?status=published&sort=headline&dir=asc"),
            ("published by headline, page at 90% depth",
             "/admin/stories?status=published&sort=headline&dir=asc&after=" + quote([head, hid])),
            ("words in bodies (\"%s\", in %d stories), page 1" % (word, counts.get(word, 0)),
             "/admin/stories?q=" + word),
            ("words in no story", "/admin/stories?q=zzyzxquux"),
        ]
        for w in by_share:
            cases.append(("\"%s\" (in %d stories), page 1" % (w, counts[w]), "/admin/stories?q=" + w + "+"))
        w = by_share[2]
        cases.append(("\"%s\", published, by headline, page 1" % w,
                      "/admin/stories?q=" + w + "+&status=published&sort=headline&dir=asc"))
        results = []
        for label, path in cases:
            median, p90 = timed(get, path, args.rounds)
            results.append((label, median, p90))
        conn.close()
    finally:
        server.stop()
        server.cleanup()

    reference = results[0][1]
    lines = ["### The newsroom's story list (%d stories)" % stories, "",
             "Sequential requests over one keep-alive connection, %d rounds each, median and 90th "
             "percentile; the ratio is against the cached story page measured in the same run." % args.rounds,
             "", "| request | median ms | p90 ms | × cached page |", "| --- | ---: | ---: | ---: |"]
    for label, median, p90 in results:
        lines.append("| %s | %.2f | %.2f | %.1f |" % (label, median, p90, median / reference))
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
