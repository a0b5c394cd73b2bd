"""Runs the measurements for bench/run and writes docs/PERFORMANCE.md.

Marquee and nginx serve the same story bytes on loopback in the same run, so the ratio is
meaningful on any machine even when the absolute numbers are not.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("no answer from " + url)


def wrk(url, seconds, connections):
    result = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", url],
                            capture_output=True, text=True, check=True)
    text = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", text).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", text).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0}


def start_marquee(binary, data, port):
    log = open(os.path.join(tempfile.gettempdir(), "marquee-bench.log"), "w")
    # Like the nginx reference: no access log, so both do the same work per request.
    config = os.path.join(tempfile.gettempdir(), "marquee-bench.toml")
    with open(config, "w") as f:
        f.write("access_log = false\nlog_level = \"warn\"\n")
    proc = subprocess.Popen([binary, "serve", "--config", config, "--data", data,
                             "--listen", "127.0.0.1:%d" % port],
                            stdout=subprocess.DEVNULL, stderr=log,
                            env=dict(os.environ, MARQUEE_LOG_LEVEL="warn"))
    return proc


def start_nginx(root, port, workdir):
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
worker_processes auto;
daemon off;
pid %(w)s/nginx.pid;
error_log %(w)s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  open_file_cache max=100;
  client_body_temp_path %(w)s/body;
  proxy_temp_path %(w)s/proxy;
  fastcgi_temp_path %(w)s/fastcgi;
  uwsgi_temp_path %(w)s/uwsgi;
  scgi_temp_path %(w)s/scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:%(p)d reuseport;
    root %(r)s;
  }
}
""" % {"w": workdir, "p": port, "r": root})
    return subprocess.Popen(["nginx", "-c", conf, "-p", workdir], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def micro_benchmarks(build, data):
    """Runs every bench/*_bench binary; returns {name: (benchmarks, printed lines)}."""
    results = {}
    for name in sorted(os.listdir(os.path.join(build, "bench"))):
        path = os.path.join(build, "bench", name)
        if not (name.endswith("_bench") and os.access(path, os.X_OK)):
            continue
        env = dict(os.environ, MARQUEE_BENCH_DATA=os.path.abspath(data))
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            proc = subprocess.run([path, "--benchmark_out=" + out.name, "--benchmark_out_format=json",
                                   "--benchmark_min_time=0.5"],
                                  capture_output=True, text=True, env=env, timeout=1800)
            if proc.returncode != 0:
                results[name] = {"error": (proc.stderr or proc.stdout)[-400:]}
                continue
            with open(out.name) as f:
                benchmarks = json.load(f)["benchmarks"]
        # Some benchmarks print their own figures (percentiles) beside the table.
        printed = [line for line in proc.stdout.splitlines()
                   if line.strip() and not line.startswith(("-", "Benchmark", "BM_", "Run on", "CPU", "  L", "Load"))
                   and "***WARNING***" not in line and "] [info] " not in line]
        results[name] = (benchmarks, printed)
    return results


def format_time(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.1f µs" % (ns / 1e3)
    return "%.0f ns" % ns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--data")
    ap.add_argument("--stories", type=int)
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--connections", type=int)
    ap.add_argument("--build")
    ap.add_argument("--out")
    ap.add_argument("--report")
    ap.add_argument("--settle", type=int, default=0,
                    help="seconds to wait after the first page, while a large store's related index is built")
    ap.add_argument("--only-nginx", action="store_true",
                    help="measure the cached page against nginx only, without the micro-benchmarks")
    args = ap.parse_args()

    port = free_port()
    marquee = start_marquee(args.binary, args.data, port)
    workdir = tempfile.mkdtemp(prefix="marquee-nginx-")
    # nginx's workers drop to an unprivileged user when started as root: let them read the page.
    os.chmod(workdir, 0o755)
    nginx = None
    try:
        home = wait_for("http://127.0.0.1:%d/" % port).decode()
        time.sleep(args.settle)
        home = wait_for("http://127.0.0.1:%d/" % port).decode()
        path = re.search(r'href="(/[a-z]+/\d{4}/\d\d/\d\d/[a-z0-9-]+)"', home).group(1)
        url = "http://127.0.0.1:%d%s" % (port, path)
        page = wait_for(url)
        # The same bytes as a file for nginx.
        with open(os.path.join(workdir, "story.html"), "wb") as f:
            f.write(page)
        nginx_port = free_port()
        nginx = start_nginx(workdir, nginx_port, workdir)
        nginx_url = "http://127.0.0.1:%d/story.html" % nginx_port
        same = wait_for(nginx_url)
        assert same == page
        # Warm both, then measure alternately so that neither gets a quieter machine.
        wrk(url, 2, args.connections)
        wrk(nginx_url, 2, args.connections)
        m1 = wrk(url, args.seconds, args.connections)
        n1 = wrk(nginx_url, args.seconds, args.connections)
        m2 = wrk(url, args.seconds, args.connections)
        n2 = wrk(nginx_url, args.seconds, args.connections)
    finally:
        stop(marquee)
        if nginx:
            stop(nginx)
        shutil.rmtree(workdir, ignore_errors=True)
    mq = max(m1, m2, key=lambda r: r["rps"])
    ng = max(n1, n2, key=lambda r: r["rps"])
    with open(os.path.join(args.out, "wrk.json"), "w") as f:
        json.dump({"marquee": [m1, m2], "nginx": [n1, n2], "page_bytes": len(page)}, f)
    micro = {} if args.only_nginx else micro_benchmarks(args.build, args.data)

    lines = []
    lines.append("# Performance")
    lines.append("")
    lines.append("Figures from `bench/run` (`make bench`), measured on %s, %d cores, %s, on %s." % (
        platform.machine(), os.cpu_count(), platform.platform(terse=True), datetime.date.today().isoformat()))
    lines.append("Every load is on loopback on the same machine; ratios against a reference measured in the")
    lines.append("same run are what carries over to other machines.")
    lines.append("")
    lines.append("## Cached story page against nginx")
    lines.append("")
    lines.append("Store: %d synthetic stories (`marquee bench-data`). One story page (%d bytes, identity coding)" % (args.stories, len(page)))
    lines.append("served by Marquee from its page cache, and the same bytes served as a static file by nginx")
    lines.append("(`worker_processes auto`, `sendfile`, `open_file_cache`, access log off; Marquee's access log")
    lines.append("off too). wrk -t2 -c%d, %d s, on the same two cores as both servers," % (args.connections, args.seconds))
    lines.append("two alternating rounds each, best round reported.")
    lines.append("")
    lines.append("| server | requests/s | p50 latency | p99 latency | non-2xx |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    lines.append("| Marquee (cached page) | %.0f | %s | %s | %d |" % (mq["rps"], mq["p50"], mq["p99"], mq["non2xx"]))
    lines.append("| nginx (static file) | %.0f | %s | %s | %d |" % (ng["rps"], ng["p50"], ng["p99"], ng["non2xx"]))
    lines.append("")
    ratio = mq["rps"] / ng["rps"]
    lines.append("**Marquee / nginx: %.2f** (target: 0.85 or more). Rounds: Marquee %.0f and %.0f, nginx %.0f and %.0f." % (
        ratio, m1["rps"], m2["rps"], n1["rps"], n2["rps"]))
    lines.append("")
    lines.append("## Micro-benchmarks")
    lines.append("")
    lines.append("Google Benchmark, CPU time per operation (with %d stories in the store where a store is used)." % args.stories)
    lines.append("")
    lines.append("| benchmark | CPU time | wall time | counters |")
    lines.append("| --- | ---: | ---: | --- |")
    notes = []
    for binary, entries in micro.items():
        if isinstance(entries, dict):
            lines.append("| %s | failed | | %s |" % (binary, entries["error"].replace("\n", " ").replace("|", "/")))
            continue
        entries, printed = entries
        notes.extend("%s: %s" % (binary, line.strip()) for line in printed)
        for b in entries:
            if b.get("run_type") == "aggregate":
                continue
            scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
            counters = ", ".join("%s=%s" % (k, ("%.3g" % v) if isinstance(v, float) else v)
                                 for k, v in b.items()
                                 if k not in ("name", "family_index", "per_family_instance_index", "run_name",
                                              "run_type", "repetitions", "repetition_index", "threads",
                                              "iterations", "real_time", "cpu_time", "time_unit", "label"))
            lines.append("| %s | %s | %s | %s |" % (b["name"], format_time(b["cpu_time"] * scale),
                                                    format_time(b["real_time"] * scale), counters))
    lines.append("")
    if notes:
        lines.append("Figures the benchmarks print themselves:")
        lines.append("")
        lines.append("```")
        lines.extend(notes)
        lines.append("```")
        lines.append("")
    lines.append("Target for the first (uncached) render of a story page: under 1 ms of CPU with 100,000 stories.")
    lines.append("")
    # Commentary written beside the figures (bench/notes/*.md) follows them.
    notes_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes")
    for name in sorted(os.listdir(notes_dir)) if os.path.isdir(notes_dir) else []:
        if name.endswith(".md"):
            with open(os.path.join(notes_dir, name)) as f:
                lines.append(f.read().rstrip("\n"))
                lines.append("")
    with open(args.report, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
