"""Live coverage at scale, on loopback: one node holds N open event streams (default 10,000) of
one live story while 100 entries are posted through the API. Measures, in the same run:
  - for each entry, the time from the API's answer to the moment the last of the N readers has
    it (p50, p99 over the entries), and how many readers got every entry;
  - the server's memory (RSS) before the streams, with them open, and after the entries;
  - the requests per second of a cached story page (wrk) with no streams open (the reference)
    and while the streams are open and the entries go out; the figures are given as ratios.
Readers are bench/live_readers (C++, one epoll set per process) in a few processes; writes
bench/notes/live.md.

  python3 bench/live.py --binary build/release/marquee [--streams 10000] [--entries 100]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ID = re.compile(rb"\nid: (\d+)\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User and system CPU time the process has used."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid, timeout=300):
    """Until the process uses under 2% of a core over a second (the demo's crops are made in the
    background at start-up, and would be counted with the streams)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.02:
            return
    raise RuntimeError("the server did not settle within %d s" % timeout)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def request(port, method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def wrk(url, seconds, connections):
    out = subprocess.run(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    return rps, p99


# ---- Readers: each bench/live_readers process holds its share of the streams and reports, per
# event id, how many streams got it and when the last one did.

def start_readers(binary, port, path, count):
    return subprocess.Popen([binary, str(port), path, str(count)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--streams", type=int, default=10000)
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between entries")
    parser.add_argument("--processes", type=int, default=2, help="reader processes")
    parser.add_argument("--readers", help="the live_readers binary (default: bench/ beside --binary)")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--notes", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes", "live.md"))
    args = parser.parse_args()
    readers_binary = args.readers or os.path.join(os.path.dirname(os.path.abspath(args.binary)), "bench", "live_readers")
    if not os.access(readers_binary, os.X_OK):
        print("no live_readers at %s (build the benchmarks, or pass --readers)" % readers_binary, file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="marquee-live-bench-")
    port = free_port()
    config = os.path.join(work, "bench.toml")
    with open(config, "w") as f:
        f.write("access_log = false\nlog_level = \"warn\"\n")
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([args.binary, "serve", "--config", config, "--data", os.path.join(work, "data"),
                               "--listen", "127.0.0.1:%d" % port, "--demo"],
                              stdout=subprocess.DEVNULL, stderr=log)
    readers = []
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        token = subprocess.run([args.binary, "token", "create", "--data", os.path.join(work, "data"),
                                "--user", "admin@example.com", "--name", "bench"],
                               capture_output=True, text=True, check=True).stdout.strip()
        status, body = request(port, "POST", "/api/v1/stories", {
            "kind": "live", "headline": "Awards Night Live", "section": "movies", "status": "published",
            "body": "Follow the night as it happens."}, token)
        assert status == 201, body
        story = json.loads(body)["data"]
        live_path = "/" + story["url"].split("//", 1)[1].split("/", 1)[1]
        # The cached page measured: another story's (the live page drops with every entry).
        status, body = request(port, "GET", "/api/v1/stories?per_page=2")
        other = [s for s in json.loads(body)["data"] if s["id"] != story["id"]][0]
        other_path = "/" + other["url"].split("//", 1)[1].split("/", 1)[1]
        base = "http://127.0.0.1:%d" % port
        request(port, "GET", other_path)
        request(port, "GET", live_path)

        wait_until_idle(server.pid)
        rss_before = rss_kib(server.pid)
        load_before = os.getloadavg()[0]
        ref_rps, ref_p99 = wrk(base + other_path, args.seconds, 32)

        share = args.streams // args.processes
        events_path = "/api/v1/stories/%d/events" % story["id"]
        opened = time.time()
        for i in range(args.processes):
            count = share + (args.streams - share * args.processes if i == 0 else 0)
            readers.append(start_readers(readers_binary, port, events_path, count))
        for r in readers:
            line = r.stdout.readline()
            if not line.startswith("ready"):
                raise RuntimeError("the readers could not open their streams: %r" % line)
        open_seconds = time.time() - opened
        time.sleep(1)
        rss_streams = rss_kib(server.pid)
        # The cost of holding the streams alone: the same page while they are open and quiet.
        idle_rps, idle_p99 = wrk(base + other_path, args.seconds, 32)

        # The first fifth of the entries go out with nothing else asked of the server: its CPU time
        # per entry is the cost of the fan-out to every stream. The rest go out while wrk loads
        # the cached page for as long as they take.
        answered = {}
        quiet = max(1, args.entries // 5)

        def post_entry(i):
            status, body = request(port, "POST", "/api/v1/stories/%d/entries" % story["id"], {
                "body": "Entry %d of the night: **Best Picture** goes to the film everyone expected." % i,
                "key_moment": i % 10 == 0}, token)
            assert status == 201, body
            answered[json.loads(body)["data"]["seq"]] = time.time()
            time.sleep(args.interval)

        cpu_start = cpu_seconds(server.pid)
        for i in range(quiet):
            post_entry(i)
        cpu_per_entry = (cpu_seconds(server.pid) - cpu_start) / quiet
        load_seconds = max(args.seconds, int((args.entries - quiet) * args.interval))
        load = subprocess.Popen(["wrk", "-t1", "-c32", "-d%ds" % load_seconds, "--latency", base + other_path],
                                stdout=subprocess.PIPE, text=True)
        for i in range(quiet, args.entries):
            post_entry(i)
        out, _ = load.communicate()
        during_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        during_p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
        time.sleep(3)
        rss_after = rss_kib(server.pid)
        load_after = os.getloadavg()[0]
        got, last = {}, {}
        dropped = 0
        for r in readers:
            r.stdin.write("stop\n")
            r.stdin.flush()
        for r in readers:
            part = json.loads(r.stdout.readline())
            r.wait(30)
            dropped += part["ended"]
            for n, c in part["got"].items():
                got[int(n)] = got.get(int(n), 0) + c
            for n, t in part["last"].items():
                last[int(n)] = max(last.get(int(n), 0), t)
        # The reference again with the streams gone: the machine's own drift during the run
        # shows as the gap between the two, and the better of them is the reference.
        time.sleep(2)
        ref2_rps, ref2_p99 = wrk(base + other_path, args.seconds, 32)
        if ref2_rps > ref_rps:
            ref_rps, ref_p99 = ref2_rps, ref2_p99
        delays = [last[n] - answered[n] for n in answered if n in last]
        complete = sum(1 for n in answered if got.get(n, 0) == args.streams)
        p50 = percentile(delays, 50) * 1000 if delays else float("nan")
        p99 = percentile(delays, 99) * 1000 if delays else float("nan")
        lines = [
            "## Live coverage: %d event streams on one node (bench/live.py)" % args.streams,
            "",
            "One node (%d io threads, %d cores), %d readers' streams of one live story opened in %.1f s by %d client"
            " processes on the same machine; %d entries posted through the API, one every %.2f s."
            % (os.cpu_count(), os.cpu_count(), args.streams, open_seconds, args.processes, args.entries, args.interval),
            "",
            "| measure | value |",
            "| --- | --- |",
            "| API answer to the last of %d readers, p50 | %.0f ms |" % (args.streams, p50),
            "| API answer to the last of %d readers, p99 | %.0f ms |" % (args.streams, p99),
            "| entries every reader received | %d of %d (readers' deliveries: %d of %d) |"
            % (complete, args.entries, sum(got.get(n, 0) for n in answered), args.entries * args.streams),
            "| streams the server dropped as too slow | %d |" % dropped,
            "| server RSS: before the streams / with them / after the entries | %.1f / %.1f / %.1f MiB |"
            % (rss_before / 1024, rss_streams / 1024, rss_after / 1024),
            "| memory per open stream | %.1f KiB |" % ((rss_streams - rss_before) / max(1, args.streams)),
            "| server CPU per entry, sent to all %d streams (first %d entries, no other load) | %.0f ms |"
            % (args.streams, quiet, cpu_per_entry * 1000),
            "| cached story page, no streams (reference: the better of before and after) | %.0f req/s, p99 %s |"
            % (ref_rps, ref_p99),
            "| the same page with the %d streams open (quiet) | %.0f req/s, p99 %s; %.2f of the reference |"
            % (args.streams, idle_rps, idle_p99, idle_rps / ref_rps),
            "| the same page while the last %d entries go out to them | %.0f req/s, p99 %s; %.2f of the reference |"
            % (args.entries - quiet, during_rps, during_p99, during_rps / ref_rps),
            "",
            "The machine's load average was %.1f when the run began and %.1f after the entries (other"
            " work shares its %d cores: compare only figures of the same run)." % (load_before, load_after, os.cpu_count()),
            "",
            "The readers (bench/live_readers, %d processes) and wrk run on the same cores as the server,"
            " so the delivery times include their own time to read %d sockets, and while entries go out"
            " their reading takes CPU from the server; the ratios, measured in the same run, are what to"
            " compare across machines." % (args.processes, args.streams),
            "",
        ]
        text = "\n".join(lines)
        print(text)
        os.makedirs(os.path.dirname(args.notes), exist_ok=True)
        with open(args.notes, "w") as f:
            f.write(text)
    finally:
        for r in readers:
            if r.poll() is None:
                r.kill()
                r.wait(5)
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        with open(os.path.join(work, "server.log")) as f:
            warnings = f.read().strip()
        if warnings:
            print("server log:\n" + warnings[-2000:], file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
