"""The knowledge graph's review queue end to end: stories that name people the graph lacks are
published, `marquee entities discover` and `marquee relations suggest` fill the queue, editors
accept, merge and dismiss in the newsroom (persisted; a dismissal survives another run), and the
suggestions API confirms a relation that then shows on the topic page; writers are refused."""
import json
import os
import unittest

from admin_client import Newsroom, add_user
from harness import Server, run_cli
from test_api import jsonschema, to_json_schema

STORIES = [
    ("quinlan-cast", "Quinlan joins Dust Season",
     "Director Lio Brandt cast Mara Quinlan in the film *Dust Season*. \"It is a quiet film,\" "
     "Mara Quinlan said. Producer Dev Orsay said the shoot starts soon. Talia Renner, the "
     "costume designer, said little."),
    ("quinlan-desert", "Into the desert with Mara Quinlan",
     "Mara Quinlan plays Ada Brook in *Dust Season*. \"We shot in the desert,\" said Mara "
     "Quinlan. Producer Dev Orsay said the crew slept in tents. \"Sand everywhere,\" Talia "
     "Renner said."),
    ("quinlan-wrap", "Dust Season wraps",
     "\"I never wanted to leave,\" Mara Quinlan said of the set. Dev Orsay, the producer, "
     "agreed. Talia Renner said the costumes go to a museum."),
]


def story_file(folder, slug, headline, body, day):
    path = os.path.join(folder, slug + ".md")
    with open(path, "w") as f:
        f.write('+++\nheadline = "%s"\nslug = "%s"\nsection = "movies"\n'
                "published = 2024-03-%02dT12:00:00-05:00\n+++\n%s\n" % (headline, slug, day, body))
    return path


class ReviewQueue(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.data = ["--data", cls.server.data_dir]
        files = [story_file(cls.server.tmp, slug, headline, body, n + 1)
                 for n, (slug, headline, body) in enumerate(STORIES)]
        result = run_cli("import", *cls.data, *files)
        assert result.returncode == 0, result.stderr
        cls.tokens = {}
        for key, user, role in (("editor", "admin@example.com", "editor"), ("writer", "maya-okafor", None)):
            args = ["token", "create", *cls.data, "--user", user, "--name", "queue " + key]
            if role:
                args += ["--role", role]
            result = run_cli(*args)
            assert result.returncode == 0, result.stderr
            cls.tokens[key] = result.stdout.strip()
        cls.editor = Newsroom(cls.server)
        status, _, _ = cls.editor.login("queue-editor@example.com",
                                        add_user(cls.server, "queue-editor@example.com", "editor"))
        assert status == 303, status
        cls.writer = Newsroom(cls.server)
        status, _, _ = cls.writer.login("queue-writer@example.com",
                                        add_user(cls.server, "queue-writer@example.com", "writer"))
        assert status == 303, status

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def api(self, method, path, token, body=None):
        headers = {"Authorization": "Bearer " + self.tokens[token]}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        status, headers, raw = self.server.request(method, "/api/v1" + path, headers, body)
        return status, json.loads(raw) if raw else None

    def check(self, path_template, method, status, document):
        """The response body against the served OpenAPI description of the operation."""
        code, spec = self.api("GET", "/openapi.json", "editor")
        self.assertEqual(code, 200)
        response = spec["paths"][path_template][method.lower()]["responses"][str(status)]
        schema = to_json_schema(response["content"]["application/json"]["schema"],
                                spec["components"]["schemas"])
        if jsonschema:
            jsonschema.validate(document, schema)

    def proposals(self, status="pending"):
        code, document = self.api("GET", "/entity-proposals?per_page=100&status=" + status, "editor")
        self.assertEqual(code, 200)
        self.check("/entity-proposals", "GET", 200, document)
        return {p["name"]: p for p in document["data"]}

    def discover(self):
        out = os.path.join(self.server.tmp, "proposals.jsonl")
        result = run_cli("entities", "discover", *self.data, "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out) as f:
            return {json.loads(line)["name"]: json.loads(line) for line in f if line.strip()}

    def test_1_saving_stories_already_fills_the_queue(self):
        # Imported through the one write path, each story was counted as it was saved.
        pending = self.proposals()
        self.assertIn("Mara Quinlan", pending)
        self.assertEqual(pending["Mara Quinlan"]["kind"], "person")
        self.assertEqual(pending["Mara Quinlan"]["stories_count"], 3)

    def test_2_bad_input_is_status_2_with_a_reason(self):
        for args, reason in ((["--min-stories", "0"], "min-stories"),
                             (["--min-confidence", "2"], "min-confidence"),
                             (["--out", "/nonexistent-folder/x.jsonl"], "cannot write")):
            result = run_cli("entities", "discover", *self.data, *args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn(reason, result.stderr, args)
        result = run_cli("relations", "pending", *self.data, "--limit", "zero")
        self.assertEqual(result.returncode, 2)
        self.assertIn("limit", result.stderr)

    def test_3_the_queue_page_accepts_merges_and_dismisses(self):
        found = self.discover()
        for name in ("Mara Quinlan", "Dev Orsay", "Talia Renner"):
            self.assertIn(name, found)
            self.assertEqual(found[name]["kind"], "person")
            self.assertGreaterEqual(len(found[name]["stories"]), 2)
        status, _, page = self.writer.get("/admin/queue")
        self.assertEqual(status, 403)
        status, _, page = self.editor.get("/admin/queue")
        self.assertEqual(status, 200)
        self.assertIn("Mara Quinlan", page)
        self.assertIn("Into the desert with Mara Quinlan", page)  # an example story
        pending = self.proposals()

        # A writer's POST is refused and changes nothing.
        status, _, _ = self.writer.post("/admin/queue/proposals/%d/dismiss" % pending["Talia Renner"]["id"], {})
        self.assertEqual(status, 403)

        status, headers, _ = self.editor.post(
            "/admin/queue/proposals/%d/accept" % pending["Mara Quinlan"]["id"], {})
        self.assertEqual(status, 303)
        self.assertIn("done=accepted", headers["location"])
        code, entity = self.api("GET", "/entities/mara-quinlan", "editor")
        self.assertEqual(code, 200)
        self.assertEqual(entity["data"]["kind"], "person")
        self.assertEqual(entity["data"]["stories_count"], 3)  # the stories were linked again

        status, _, _ = self.editor.post(
            "/admin/queue/proposals/%d/merge" % pending["Dev Orsay"]["id"], {"entity": "kristen-stewart"})
        self.assertEqual(status, 303)
        code, entity = self.api("GET", "/entities/kristen-stewart", "editor")
        self.assertIn("Dev Orsay", entity["data"]["aliases"])

        status, _, _ = self.editor.post(
            "/admin/queue/proposals/%d/dismiss" % pending["Talia Renner"]["id"], {})
        self.assertEqual(status, 303)
        # Deciding again is refused: it is decided.
        status, _, _ = self.editor.post(
            "/admin/queue/proposals/%d/dismiss" % pending["Talia Renner"]["id"], {})
        self.assertEqual(status, 409)

        after = self.proposals()
        for name in ("Mara Quinlan", "Dev Orsay", "Talia Renner"):
            self.assertNotIn(name, after)
        self.assertIn("Talia Renner", self.proposals("dismissed"))
        self.assertIn("Mara Quinlan", self.proposals("accepted"))
        self.assertIn("Dev Orsay", self.proposals("merged"))

        # Another full run: the dismissed name stays dismissed and out of the file.
        found = self.discover()
        self.assertNotIn("Talia Renner", found)
        self.assertNotIn("Mara Quinlan", found)  # in the graph now
        self.assertIn("Talia Renner", self.proposals("dismissed"))
        self.assertNotIn("Talia Renner", self.proposals())
        status, _, page = self.editor.get("/admin/queue")
        self.assertNotIn("Talia Renner", page)

    def test_4_suggestions_are_confirmed_through_the_api(self):
        result = run_cli("relations", "suggest", *self.data)
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_cli("relations", "pending", *self.data)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("acted_in", result.stdout)
        self.assertIn("Mara Quinlan plays Ada Brook", result.stdout)

        self.assertEqual(self.api("GET", "/relation-suggestions", "writer")[0], 403)
        self.assertEqual(self.server.request("GET", "/api/v1/relation-suggestions")[0], 401)
        code, document = self.api("GET", "/relation-suggestions", "editor")
        self.assertEqual(code, 200)
        self.check("/relation-suggestions", "GET", 200, document)
        ours = [s for s in document["data"] if s["qualifiers"].get("character") == "Ada Brook"]
        self.assertEqual(len(ours), 1, document)
        suggestion = ours[0]
        self.assertEqual(suggestion["predicate"], "acted_in")
        self.assertIn("plays Ada Brook", suggestion["sentence"])

        self.assertEqual(self.api("POST", "/relation-suggestions/%d/confirm" % suggestion["id"], "writer")[0], 403)
        code, confirmed = self.api("POST", "/relation-suggestions/%d/confirm" % suggestion["id"], "editor")
        self.assertEqual(code, 200, confirmed)
        self.assertEqual(confirmed["data"]["status"], "confirmed")
        self.check("/relation-suggestions/{id}/confirm", "POST", 200, confirmed)
        self.assertIsNotNone(confirmed["data"]["relation_id"])
        self.assertEqual(self.api("POST", "/relation-suggestions/%d/dismiss" % suggestion["id"], "editor")[0], 409)
        self.assertEqual(self.api("POST", "/relation-suggestions/999999/confirm", "editor")[0], 404)

        code, document = self.api("GET", "/relation-suggestions?status=confirmed", "editor")
        self.assertIn(suggestion["id"], [s["id"] for s in document["data"]])
        self.assertEqual(self.api("GET", "/relation-suggestions?status=maybe", "editor")[0], 400)

        # The relation is in the graph with its character, and on the topic page.
        subject = confirmed["data"]["subject"]["entity"] or "mara-quinlan"
        code, entity = self.api("GET", "/entities/" + subject, "editor")
        roles = [r for r in entity["data"]["relations"] if r["predicate"] == "acted_in"]
        self.assertEqual(len(roles), 1, entity)
        self.assertEqual(roles[0]["qualifiers"].get("character"), "Ada Brook")
        self.assertEqual(roles[0]["entity"]["name"], "Dust Season")
        status, _, page = self.server.get("/people/" + subject)
        self.assertEqual(status, 200)
        page = page.decode("utf-8")
        self.assertIn("Dust Season", page)
        self.assertIn("Ada Brook", page)


if __name__ == "__main__":
    unittest.main()
