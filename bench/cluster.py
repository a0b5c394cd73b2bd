"""Several nodes on one PostgreSQL: requests/s of two nodes against one for a cached story page,
and publish-to-live latency from one node to the other. Prints a Markdown section for
docs/PERFORMANCE.md. Needs MARQUEE_TEST_DATABASE (bench/run starts a throwaway cluster)."""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from harness import Server, run_cli  # noqa: E402


def wrk(url, seconds, connections, threads=1):
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, url],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--publishes", type=int, default=30)
    args = ap.parse_args()
    base = os.environ["MARQUEE_TEST_DATABASE"]
    name = "bench_%d" % os.getpid()
    subprocess.run(["psql", base, "-q", "-c", "CREATE DATABASE %s" % name], check=True, capture_output=True)
    db = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path="/" + name))
    quiet = {"MARQUEE_LOG_LEVEL": "warn"}
    a = Server("--database", db, env=quiet)
    b = Server("--database", db, demo=False, data_dir=a.data_dir, env=quiet)
    try:
        run_cli("user", "add", "bench@example.com", "--role", "editor", "--database", db)
        token = re.search(r"mq_[A-Za-z0-9_-]+",
                          run_cli("token", "create", "--user", "bench@example.com", "--name", "bench",
                                  "--database", db).stdout).group(0)
        path = re.search(r'href="(/[a-z]+/\d{4}/\d\d/\d\d/[a-z0-9-]+)"', a.get("/")[2].decode()).group(1)
        for node in (a, b):
            node.get(path)
        url_a = "http://127.0.0.1:%d%s" % (a.port, path)
        url_b = "http://127.0.0.1:%d%s" % (b.port, path)
        one = wrk(url_a, args.seconds, args.connections, threads=2)
        results = {}

        def load(key, url):
            results[key] = wrk(url, args.seconds, args.connections // 2)

        threads = [threading.Thread(target=load, args=("a", url_a)), threading.Thread(target=load, args=("b", url_b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        two = results["a"] + results["b"]

        def api(node, method, path_, body):
            status, _, payload = node.request(method, "/api/v1" + path_, {
                "Authorization": "Bearer " + token, "Content-Type": "application/json"}, json.dumps(body).encode())
            return status, json.loads(payload)

        latencies = []
        for i in range(args.publishes):
            headline = "Bench Publish Number %d For Node B" % i
            status, created = api(a, "POST", "/stories", {"headline": headline, "section": "tv",
                                                          "body": "Kristen Stewart, story %d." % i})
            story = created["data"]
            b.get("/")  # node B has the front page cached
            status, _ = api(a, "POST", "/stories/%d/publish" % story["id"], {"version": story["version"]})
            done = time.monotonic()
            while headline not in b.get("/")[2].decode():
                if time.monotonic() - done > 10:
                    raise RuntimeError("node B never showed the story")
                time.sleep(0.002)
            latencies.append((time.monotonic() - done) * 1000)
        latencies.sort()
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    finally:
        a.stop()
        b.stop()
        a.cleanup()
        b.cleanup()
    print("## Several nodes on PostgreSQL")
    print()
    print("One PostgreSQL 15 cluster and Marquee nodes on the same 2-core machine, demo content, one")
    print("cached story page; wrk with %d connections for %d s (split evenly over the nodes)." % (args.connections, args.seconds))
    print()
    print("| nodes | requests/s |")
    print("| --- | ---: |")
    print("| one | %.0f |" % one)
    print("| two | %.0f (%.0f + %.0f) |" % (two, results["a"], results["b"]))
    print()
    print("**Two nodes / one: %.2f.** Both nodes, PostgreSQL and wrk share the same two cores, so this" % (two / one))
    print("says that a second node costs the read path nothing (cached pages never touch the database),")
    print("not what a second machine would add.")
    print()
    print("Publish-to-live across nodes (%d publishes through the API on node A, polling node B's" % len(latencies))
    print("front page every 2 ms): p50 %.1f ms, p99 %.1f ms, worst %.1f ms." % (p50, p99, latencies[-1]))
    print()


if __name__ == "__main__":
    main()
