"""Acknowledged writes survive kill -9: several threads create and publish stories through the API
while the server is killed without warning, three times; after each restart every story whose
creation was answered 201 is there, whole (its headline, body and version as acknowledged)."""
import http.client
import json
import signal
import threading
import time
import unittest

from harness import Server, run_cli

WRITERS = 8
ROUNDS = 3
SECONDS_BEFORE_KILL = 2.0


class Durability(unittest.TestCase):
    def setUp(self):
        self.server = Server()
        self.earlier = []  # servers killed along the way; their folders hold the data
        result = run_cli("token", "create", "--data", self.server.data_dir, "--user", "admin@example.com",
                         "--name", "durability")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.token = result.stdout.strip()
        self.acknowledged = {}  # story id -> (headline, body, version) as the server answered
        self.lock = threading.Lock()

    def tearDown(self):
        self.server.stop()
        self.server.cleanup()
        for server in self.earlier:
            server.log.close()
            server.out.close()
            server.cleanup()

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None,
                         headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            conn.close()

    def write_until_killed(self, writer, round_number, stop):
        n = 0
        while not stop.is_set():
            n += 1
            headline = "Durable %d-%d-%d" % (round_number, writer, n)
            body = "Kristen Stewart said it was round %d, writer %d, story %d." % (round_number, writer, n)
            try:
                status, created = self.call("POST", "/stories", {"headline": headline, "body": body,
                                                                  "section": "movies"})
                if status != 201:
                    continue
                story = created["data"]
                with self.lock:
                    self.acknowledged[story["id"]] = (headline, body, story["version"])
                status, published = self.call("POST", "/stories/%d/publish" % story["id"],
                                              {"version": story["version"]})
                if status == 200:
                    with self.lock:
                        self.acknowledged[story["id"]] = (headline, body, published["data"]["version"])
            except (OSError, http.client.HTTPException, ValueError):
                return  # the server is gone: what it answered before is what counts

    def test_acknowledged_writes_survive_kill_9(self):
        for round_number in range(ROUNDS):
            stop = threading.Event()
            writers = [threading.Thread(target=self.write_until_killed, args=(w, round_number, stop))
                       for w in range(WRITERS)]
            for t in writers:
                t.start()
            time.sleep(SECONDS_BEFORE_KILL)
            self.server.proc.send_signal(signal.SIGKILL)
            self.server.proc.wait()
            stop.set()
            for t in writers:
                t.join()
            self.earlier.append(self.server)
            self.server = Server(data_dir=self.server.data_dir)
            self.assertGreater(len(self.acknowledged), 0, "no write was acknowledged before the kill")
            for sid, (headline, body, version) in sorted(self.acknowledged.items()):
                status, found = self.call("GET", "/stories/%d" % sid)
                self.assertEqual(status, 200, "acknowledged story %d is gone after kill -9" % sid)
                story = found["data"]
                self.assertEqual(story["headline"], headline, sid)
                self.assertEqual(story["body"], body, sid)
                self.assertGreaterEqual(story["version"], version, sid)


if __name__ == "__main__":
    unittest.main()
