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


def create_token(server, user, name, role=None):
    """An API token for `user` (an email or author slug), made with `marquee token create`."""
    args = ["token", "create", "--data", server.data_dir, "--user", user, "--name", name]
    if role:
        args += ["--role", role]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
