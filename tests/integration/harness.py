"""Starts the real marquee binary on an ephemeral loopback port and talks HTTP to it."""
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

BIN = os.environ.get("MARQUEE_BIN", "")
SOURCE_DIR = os.environ.get("MARQUEE_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))


class Server:
    """One marquee process with its own data folder, stopped by PID."""

    def __init__(self, *extra_args, demo=True, data_dir=None, env=None):
        self.tmp = tempfile.mkdtemp(prefix="marquee-test-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        args = [BIN, "serve", "--listen", "127.0.0.1:0", "--data", self.data_dir, "--threads", "2"]
        if demo:
            args.append("--demo")
        args.extend(extra_args)
        full_env = dict(os.environ)
        full_env.update(env or {})
        # Output goes to files, never to a pipe nobody drains (a full pipe would stall it).
        self.log_path = os.path.join(self.tmp, "server.log")
        self.out_path = os.path.join(self.tmp, "access.log")
        self.log = open(self.log_path, "w")
        self.out = open(self.out_path, "w")
        self.proc = subprocess.Popen(args, cwd=SOURCE_DIR, stdout=self.out, stderr=self.log,
                                     env=full_env)
        match = None
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", self.access_log())
            if match:
                break
            time.sleep(0.05)
        if not match:
            self.stop()
            raise RuntimeError("server did not start:\n%s" % self.logs())
        self.port = int(match.group(1))

    def logs(self):
        with open(self.log_path) as f:
            return f.read()

    def access_log(self):
        with open(self.out_path) as f:
            return f.read()

    def request(self, method, path, headers=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def raw(self, data, read_timeout=5):
        """Sends raw bytes and returns everything the server answers before closing."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (socket.timeout, ConnectionResetError):
                pass
            return b"".join(chunks)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_cli(*args, cwd=None, env=None, timeout=120):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([BIN, *args], cwd=cwd or SOURCE_DIR, capture_output=True, text=True,
                          env=full_env, timeout=timeout)


def links(html, pattern):
    return re.findall(pattern, html)


def wait_until(predicate, timeout=5.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class EventStream:
    """A reader's Server-Sent Events stream over a plain socket: the head, then events as the
    server sends them, parsed the way a browser's EventSource does (id, event, data)."""

    def __init__(self, port, path, headers=None, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1", "Accept: text/event-stream"]
        for name, value in (headers or {}).items():
            lines.append("%s: %s" % (name, value))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("stream closed before its head: %r" % self.buffer)
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.closed = False

    def next_event(self, timeout=5.0):
        """The next event as a dict (id, event, data), skipping comments and retry fields; None
        when the server closes the stream or nothing comes within timeout."""
        deadline = time.time() + timeout
        while True:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                event = {}
                for line in block.decode().split("\n"):
                    if not line or line.startswith(":"):
                        continue
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "data":
                        event["data"] = event.get("data", "") + value
                    elif name in ("id", "event"):
                        event[name] = value
                if "data" in event:
                    return event
            left = deadline - time.time()
            if left <= 0 or self.closed:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                self.closed = True
                continue
            self.buffer += chunk

    def close(self):
        self.sock.close()
def create_token(server, user, name, role=None):
    """An API token for `user` (an email or author slug), made with `marquee token create`."""
    args = ["token", "create", "--data", server.data_dir, "--user", user, "--name", name]
    if role:
        args += ["--role", role]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
