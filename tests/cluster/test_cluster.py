"""Two Marquee nodes on one PostgreSQL: a story published on one is live on the other within a
second, and killing a node during writes loses no acknowledged write.

Needs MARQUEE_TEST_DATABASE (scripts/pg-cluster run sets it; ctest does so with its fixture)."""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import EventStream, Server, run_cli  # noqa: E402


def fresh_database(base_url):
    name = "cluster_%d_%d" % (os.getpid(), int(time.time() * 1000) % 100000)
    subprocess.run(["psql", base_url, "-q", "-c", "CREATE DATABASE %s" % name], check=True,
                   capture_output=True)
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


class TwoNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = fresh_database(os.environ["MARQUEE_TEST_DATABASE"])
        # Two nodes of one site, behind one address (each listens on a port of its own).
        site = {"MARQUEE_BASE_URL": "https://news.example.com"}
        cls.a = Server("--database", cls.db, env=site)      # loads the demo into PostgreSQL
        cls.b = Server("--database", cls.db, demo=False, data_dir=cls.a.data_dir, env=site)
        flags = ["--database", cls.db]
        made = run_cli("user", "add", "desk@example.com", "--role", "editor", *flags)
        assert made.returncode == 0, made.stderr
        token = run_cli("token", "create", "--user", "desk@example.com", "--name", "cluster test", *flags)
        assert token.returncode == 0, token.stderr
        cls.token = re.search(r"mq_[A-Za-z0-9_-]+", token.stdout).group(0)

    @classmethod
    def tearDownClass(cls):
        for node in (cls.a, cls.b):
            node.stop()
        cls.a.cleanup()
        cls.b.cleanup()

    def api(self, node, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        status, _, payload = node.request(method, "/api/v1" + path, headers, data)
        return status, (json.loads(payload) if payload else None)

    def test_both_nodes_serve_the_same_site(self):
        self.assertEqual(self.a.get("/")[2], self.b.get("/")[2])

    def test_a_story_published_on_one_node_is_live_on_the_other_within_a_second(self):
        # Node B has the pages that must change in its cache.
        home_before = self.b.get("/")[2].decode()
        topic_before = self.b.get("/people/floria-sigismondi")[2].decode()
        headline = "Floria Sigismondi Plans a Concert Film"
        self.assertNotIn(headline, home_before + topic_before)
        status, created = self.api(self.a, "POST", "/stories", {
            "headline": headline, "section": "music",
            "body": "Floria Sigismondi, who directed The Runaways, is planning a concert film."})
        self.assertEqual(status, 201, created)
        story = created["data"]
        status, published = self.api(self.a, "POST", "/stories/%d/publish" % story["id"],
                                     {"version": story["version"]})
        self.assertEqual(status, 200, published)
        acknowledged = time.monotonic()
        seen_home = seen_topic = None
        while time.monotonic() - acknowledged < 5 and not (seen_home and seen_topic):
            if not seen_home and headline in self.b.get("/")[2].decode():
                seen_home = time.monotonic() - acknowledged
            if not seen_topic and headline in self.b.get("/people/floria-sigismondi")[2].decode():
                seen_topic = time.monotonic() - acknowledged
            time.sleep(0.01)
        self.assertIsNotNone(seen_home, "node B never showed the story on its home page")
        self.assertIsNotNone(seen_topic, "node B never showed the story on the topic page")
        self.assertLess(max(seen_home, seen_topic), 1.0)

    def test_an_entry_posted_on_one_node_reaches_the_readers_of_the_other_within_a_second(self):
        status, created = self.api(self.a, "POST", "/stories", {
            "kind": "live", "headline": "Cluster Night Live", "section": "music", "status": "published",
            "body": "Follow the night."})
        self.assertEqual(status, 201, created)
        story = created["data"]
        # A reader on node B, and the story's page in node B's cache.
        reader = EventStream(self.b.port, "/api/v1/stories/%d/events" % story["id"])
        self.assertEqual(reader.status, 200)
        path = "/" + story["url"].split("//", 1)[1].split("/", 1)[1]
        self.assertNotIn("Stage lights up", self.b.get(path)[2].decode())
        status, entry = self.api(self.a, "POST", "/stories/%d/entries" % story["id"],
                                 {"body": "Stage lights up on node A."})
        self.assertEqual(status, 201, entry)
        acknowledged = time.monotonic()
        event = reader.next_event(timeout=5)
        arrived = time.monotonic() - acknowledged
        self.assertIsNotNone(event, "the entry never reached node B's reader")
        self.assertEqual(json.loads(event["data"])["entry"]["id"], entry["data"]["id"])
        self.assertEqual(int(event["id"]), entry["data"]["seq"])
        self.assertLess(arrived, 1.0, "took %.3f s" % arrived)
        # Node B's cached page dropped too.
        self.assertTrue(any("Stage lights up" in self.b.get(path)[2].decode() or time.sleep(0.05)
                            for _ in range(40)))
        # A deletion on node B reaches a reader of node A.
        reader_a = EventStream(self.a.port, "/api/v1/stories/%d/events" % story["id"],
                               headers={"Last-Event-ID": event["id"]})
        status, _ = self.api(self.b, "DELETE", "/stories/%d/entries/%d" % (story["id"], entry["data"]["id"]))
        self.assertEqual(status, 204)
        gone = reader_a.next_event(timeout=5)
        self.assertIsNotNone(gone)
        self.assertEqual(gone["event"], "delete")
        reader.close()
        reader_a.close()

    def test_killing_a_node_during_writes_loses_no_acknowledged_write(self):
        doomed = Server("--database", self.db, demo=False, data_dir=self.a.data_dir,
                        env={"MARQUEE_BASE_URL": "https://news.example.com"})
        acknowledged, stop = [], threading.Event()

        def write():
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    status, body = self.api(doomed, "POST", "/stories", {
                        "headline": "Wire Story %d From The Doomed Node %d" % (n, os.getpid()),
                        "section": "tv", "body": "Kristen Stewart said something, number %d." % n})
                except OSError:
                    return  # the node is gone
                if status == 201:
                    acknowledged.append(body["data"]["id"])

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(1.5)
        doomed.proc.send_signal(signal.SIGKILL)
        doomed.proc.wait()
        stop.set()
        writer.join(10)
        doomed.stop()
        doomed.cleanup()
        self.assertGreater(len(acknowledged), 3)
        # Node B keeps serving, and every story node A acknowledged is there.
        self.assertEqual(self.b.get("/")[0], 200)
        for story_id in acknowledged:
            status, body = self.api(self.b, "GET", "/stories/%d" % story_id)
            self.assertEqual(status, 200, (story_id, body))


if __name__ == "__main__":
    unittest.main()
