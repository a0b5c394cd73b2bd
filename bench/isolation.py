"""Does a slow request stall the cached pages? Measures a cached story page's latency with wrk,
first on an idle server, then while 4 clients run the heaviest public request (search for the
commonest word, page after page, never cached) and an editor's large photo is uploaded and
processed again and again. The target (docs/SECURITY.md): the loaded p99 stays under 3x the
idle p99. Writes its figures to bench/notes/isolation.md, which bench/measure.py appends to
docs/PERFORMANCE.md.

  python3 bench/isolation.py --binary build/release/marquee --data bench/out/data-20000
"""
import argparse
import datetime
import http.client
import os
import platform
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def wrk_latency(url, seconds, connections):
    out = subprocess.run(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--latency", url],
                         capture_output=True, text=True, check=True).stdout

    def ms(label):
        value, unit = re.search(r"%s\s+([\d.]+)(us|ms|s)\b" % label, out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"p50": ms("50%"), "p99": ms("99%"),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}


def sign_in(port, email, password):
    origin = {"Origin": "http://127.0.0.1:%d" % port}
    _, headers, page = request(port, "GET", "/admin/login")
    token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    login_cookie = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie"]
    body = urllib.parse.urlencode({"csrf": token, "email": email, "password": password,
                                   "next": "/admin/stories"})
    status, headers, _ = request(port, "POST", "/admin/login", body,
                                 dict(origin, **{"Content-Type": "application/x-www-form-urlencoded",
                                                 "Cookie": "; ".join(login_cookie)}))
    assert status == 303, status
    cookie = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "marquee_session=" in v][0]
    _, _, page = request(port, "GET", "/admin/media", headers={"Cookie": cookie})
    csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    return cookie, csrf


def photo(path, width, height):
    """A large JPEG of noise-like test pattern, as a camera's would be (ffmpeg's test source)."""
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=%dx%d" % (width, height), "-frames:v", "1", "-q:v", "3", path],
                   check=True)
    with open(path, "rb") as f:
        return f.read()


def multipart(csrf, data):
    boundary = "----MarqueeBench" + uuid.uuid4().hex
    body = (("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
             "--%s\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nBench\r\n"
             "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\n"
             "Content-Type: image/jpeg\r\n\r\n" % (boundary, csrf, boundary, boundary)).encode()
            + data + ("\r\n--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, body


class Load:
    """The heavy clients and the uploader, each a thread looping until stopped."""

    def __init__(self, port, searchers, upload):
        self.port = port
        self.stop = threading.Event()
        self.counts = {"search": 0, "search_503": 0, "upload": 0, "upload_failed": 0}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.search, args=(i,)) for i in range(searchers)]
        if upload:
            self.threads.append(threading.Thread(target=self.upload, args=upload))

    def count(self, key):
        with self.lock:
            self.counts[key] += 1

    def search(self, n):
        page = 1 + n
        while not self.stop.is_set():
            status, _, _ = request(self.port, "GET", "/search?q=the&page=%d" % page)
            self.count("search" if status == 200 else "search_503" if status == 503 else "upload_failed")
            page = page % 50 + 1

    def upload(self, cookie, csrf, data):
        while not self.stop.is_set():
            content_type, body = multipart(csrf, data)
            status, _, _ = request(self.port, "POST", "/admin/media", body,
                                   {"Cookie": cookie, "Content-Type": content_type,
                                    "Origin": "http://127.0.0.1:%d" % self.port, "Accept": "application/json"})
            self.count("upload" if status in (201, 303) else "upload_failed")

    def __enter__(self):
        for t in self.threads:
            t.start()
        time.sleep(2)  # let the load reach its stride before measuring
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--data", required=True, help="a store made by `marquee bench-data`")
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--megapixels", type=int, default=48)
    ap.add_argument("--notes", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes",
                                                    "isolation.md"))
    args = ap.parse_args()

    port = free_port()
    workdir = tempfile.mkdtemp(prefix="marquee-isolation-")
    config = os.path.join(workdir, "bench.toml")
    with open(config, "w") as f:
        f.write("access_log = false\nlog_level = \"warn\"\n")
    email = "bench-%s@example.com" % uuid.uuid4().hex[:8]
    added = subprocess.run([args.binary, "user", "add", email, "--role", "editor", "--data", args.data],
                           capture_output=True, text=True, check=True)
    password = added.stdout.strip().splitlines()[-1]
    log = open(os.path.join(workdir, "server.log"), "w")
    proc = subprocess.Popen([args.binary, "serve", "--config", config, "--data", args.data,
                             "--listen", "127.0.0.1:%d" % port], stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.time() + 120
        while True:
            try:
                request(port, "GET", "/healthz", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        home = request(port, "GET", "/")[2].decode()
        story = re.search(r'href="(/[a-z-]+/\d{4}/\d{2}/\d{2}/[^"]+)"', home).group(1)
        url = "http://127.0.0.1:%d%s" % (port, story)
        request(port, "GET", story)  # rendered once, cached from here on
        width = int((args.megapixels * 1e6 * 4 / 3) ** 0.5)
        data = photo(os.path.join(workdir, "big.jpg"), width, width * 3 // 4)
        cookie, csrf = sign_in(port, email, password)

        idle = wrk_latency(url, args.seconds, args.connections)
        with Load(port, 4, None) as load:
            searching = wrk_latency(url, args.seconds, args.connections)
        search_counts = dict(load.counts)
        with Load(port, 4, (cookie, csrf, data)) as load:
            loaded = wrk_latency(url, args.seconds, args.connections)
        counts = dict(load.counts)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

    ratio = loaded["p99"] / idle["p99"] if idle["p99"] else float("inf")
    lines = [
        "## A slow request does not stall the cached pages (bench/isolation.py)",
        "",
        "%s; %s, %d cores; store `%s`; wrk -t1 -c%d, %d s per row, on a cached story page." % (
            datetime.date.today().isoformat(), platform.machine(), os.cpu_count(),
            os.path.basename(os.path.abspath(args.data)), args.connections, args.seconds),
        "",
        "| while | p50 | p99 | requests/s |",
        "| --- | ---: | ---: | ---: |",
        "| idle | %.2f ms | %.2f ms | %.0f |" % (idle["p50"], idle["p99"], idle["rps"]),
        "| 4 clients search for \"the\" (%d searches, %d answered 503) | %.2f ms | %.2f ms | %.0f |" % (
            search_counts["search"], search_counts["search_503"], searching["p50"], searching["p99"],
            searching["rps"]),
        "| the same, and a %d MP photo uploaded and processed (%d uploads, %d failed) | %.2f ms | %.2f ms | %.0f |" % (
            args.megapixels, counts["upload"], counts["upload_failed"], loaded["p50"], loaded["p99"],
            loaded["rps"]),
        "",
        "Loaded p99 / idle p99: %.2fx (target: under 3x) -- %s." % (ratio, "met" if ratio < 3 else "NOT met"),
        "",
    ]
    text = "\n".join(lines)
    with open(args.notes, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
