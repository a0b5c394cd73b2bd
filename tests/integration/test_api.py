"""The JSON API over real HTTP: reads checked against the served OpenAPI description, ETags,
tokens and roles on writes, errors, and that a publish through the API reaches pages and feeds."""
import copy
import json
import unittest

from harness import Server, create_token, run_cli

try:
    import jsonschema
except ImportError:  # the system Python has it (python3-jsonschema); another may not
    jsonschema = None


def to_json_schema(node, components):
    """OpenAPI 3.0 schema -> plain JSON Schema: $refs inlined, `nullable` as a null type."""
    if isinstance(node, list):
        return [to_json_schema(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return to_json_schema(copy.deepcopy(components[name]), components)
    out = {k: to_json_schema(v, components) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        status, _, body = cls.server.get("/api/v1/openapi.json")
        assert status == 200, status
        cls.spec = json.loads(body)
        cls.tokens = {}
        # The demo's admin account, and a byline who is a writer.
        for key, user, role in (("admin", "admin@example.com", None), ("editor", "admin@example.com", "editor"),
                                ("writer", "maya-okafor", None), ("contributor", "maya-okafor", "contributor"),
                                ("other_writer", "dev-lindqvist", None)):
            cls.tokens[key] = create_token(cls.server, user, "tests " + key, role)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def call(self, method, path, body=None, token=None, headers=None):
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + self.tokens.get(token, token)
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        status, headers, raw = self.server.request(method, "/api/v1" + path, h, data)
        parsed = json.loads(raw) if raw and headers.get("content-type", "").startswith("application/json") else None
        return status, headers, parsed

    def check(self, path_template, method, status, document):
        """Validates a response body against the OpenAPI description of that operation."""
        op = self.spec["paths"][path_template][method.lower()]
        response = op["responses"][str(status)]
        if "$ref" in response:
            response = self.spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
        schema = to_json_schema(response["content"]["application/json"]["schema"],
                                self.spec["components"]["schemas"])
        if jsonschema:
            jsonschema.validate(document, schema)

    def test_openapi_document_is_complete(self):
        self.assertTrue(self.spec["openapi"].startswith("3."))
        for path in ("/stories", "/stories/{id}", "/stories/{id}/publish", "/stories/{id}/related",
                     "/stories/{id}/quotes", "/entities", "/entities/{slug}", "/entities/{slug}/stories",
                     "/entities/{slug}/quotes", "/search", "/relation-suggestions",
                     "/relation-suggestions/{id}/confirm", "/relation-suggestions/{id}/dismiss",
                     "/entity-proposals", "/openapi.json"):
            self.assertIn(path, self.spec["paths"])
        if jsonschema:
            for name, schema in self.spec["components"]["schemas"].items():
                jsonschema.Draft7Validator.check_schema(to_json_schema(schema, self.spec["components"]["schemas"]))

    def test_reads_match_the_description(self):
        status, _, stories = self.call("GET", "/stories?per_page=5")
        self.assertEqual(status, 200)
        self.check("/stories", "GET", 200, stories)
        self.assertEqual(len(stories["data"]), 5)
        self.assertGreaterEqual(stories["pagination"]["total"], 12)
        story_id = stories["data"][0]["id"]
        cases = [("/stories/%d" % story_id, "/stories/{id}"),
                 ("/stories/%d/related" % story_id, "/stories/{id}/related"),
                 ("/stories/%d/quotes" % story_id, "/stories/{id}/quotes"),
                 ("/entities?kind=person", "/entities"),
                 ("/entities/kristen-stewart", "/entities/{slug}"),
                 ("/entities/kristen-stewart/stories", "/entities/{slug}/stories"),
                 ("/entities/kristen-stewart/quotes", "/entities/{slug}/quotes"),
                 ("/search?q=runaways", "/search")]
        for path, template in cases:
            status, headers, document = self.call("GET", path)
            self.assertEqual(status, 200, path)
            self.assertIn("etag", headers, path)
            self.check(template, "GET", 200, document)
        _, _, entity = self.call("GET", "/entities/kristen-stewart")
        relations = {(r["predicate"], r["entity"]["slug"]) for r in entity["data"]["relations"]}
        self.assertIn(("acted_in", "the-runaways-film"), relations)

    def test_filters_and_pagination(self):
        _, _, music = self.call("GET", "/stories?section=music&per_page=100")
        self.assertTrue(music["data"])
        self.assertTrue(all(s["section"] == "music" for s in music["data"]))
        _, _, page1 = self.call("GET", "/stories?per_page=3")
        _, _, page2 = self.call("GET", "/stories?per_page=3&page=2")
        self.assertFalse({s["id"] for s in page1["data"]} & {s["id"] for s in page2["data"]})
        for bad in ("/stories?page=0", "/stories?per_page=101", "/stories?page=x", "/entities?kind=planet",
                    "/search?q=x&from=someday"):
            status, _, error = self.call("GET", bad)
            self.assertEqual(status, 400, bad)
            self.check("/stories", "GET", 400, error)
            self.assertIn("field", error["error"])

    def test_etag_gives_304(self):
        status, headers, _ = self.call("GET", "/entities/kristen-stewart")
        status, _, body = self.call("GET", "/entities/kristen-stewart", headers={"If-None-Match": headers["etag"]})
        self.assertEqual(status, 304)
        self.assertIsNone(body)

    def test_not_found_and_methods(self):
        for path in ("/stories/999999", "/stories/abc", "/entities/nobody", "/nothing", "/stories/1/nothing"):
            status, _, error = self.call("GET", path)
            self.assertEqual(status, 404, path)
            self.assertEqual(error["error"]["code"], "not_found")
        status, headers, _ = self.call("DELETE", "/stories/1", token="admin")
        self.assertEqual(status, 405)
        self.assertIn("PATCH", headers["allow"])

    def test_writes_need_a_valid_token(self):
        story = {"headline": "Unsigned", "section": "movies"}
        for token in (None, "mq_not-a-real-token", "Basic abc"):
            status, headers, error = self.call("POST", "/stories", story,
                                               headers={"Authorization": token} if token else None)
            self.assertEqual(status, 401, token)
            self.assertIn("Bearer", headers["www-authenticate"])
            self.check("/stories", "POST", 401, error)

    def test_bad_bodies(self):
        cases = [("{not json", 400, None), ("[1, 2]", 400, None), ({"section": "movies"}, 422, "headline"),
                 ({"headline": "No section"}, 422, "section"), ({"headline": "X", "section": "nosuch"}, 422, "section"),
                 ({"headline": 42, "section": "movies"}, 422, "headline"),
                 ({"headline": "X", "section": "movies", "slug": "Not A Slug"}, 422, "slug"),
                 ({"headline": "X", "section": "movies", "status": "live"}, 422, "status"),
                 ({"headline": "X", "section": "movies", "authors": ["nobody"]}, 422, "authors"),
                 ({"headline": "X", "section": "movies", "clip_media_id": 999999}, 422, "clip_media_id"),
                 ({"headline": "X", "section": "movies", "publish_at": "soon"}, 422, "publish_at")]
        for body, want, field in cases:
            status, _, error = self.call("POST", "/stories", body, token="admin")
            self.assertEqual(status, want, body)
            self.check("/stories", "POST", want, error)
            if field:
                self.assertEqual(error["error"]["field"], field, body)
        status, _, _ = self.call("POST", "/stories", "headline=x", token="admin",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415)
        status, _, _ = self.call("POST", "/stories", json.dumps({"headline": "x" * (1 << 20), "section": "movies"}),
                                 token="admin")
        self.assertEqual(status, 413)

    def test_control_characters_never_reach_one_line_fields(self):
        draft = {"headline": "Stewart\u001b[31m Rocks\u0007 the\nPremiere\u0085", "dek": "A\u0000dek\tof sorts",
                 "body": "Kristen Stewart arrived early.", "section": "movies", "tags": ["Red\u0008 carpet"]}
        status, _, created = self.call("POST", "/stories", draft, token="writer")
        self.assertEqual(status, 201, created)
        story = self.call("GET", "/stories/%d" % created["data"]["id"], token="writer")[2]["data"]
        self.assertEqual(story["headline"], "Stewart [31m Rocks the Premiere")
        self.assertEqual(story["dek"], "A dek of sorts")
        self.assertEqual(story["tags"], ["Red carpet"])

    def test_writer_drafts_and_an_editor_publishes(self):
        draft = {"headline": "Fanning Signs On for a Western", "dek": "A first look at the cast.",
                 "body": "Dakota Fanning will star in a western, her agent said on Monday.", "section": "movies",
                 "tags": ["Dakota Fanning"]}
        status, headers, created = self.call("POST", "/stories", draft, token="writer")
        self.assertEqual(status, 201, created)
        self.check("/stories", "POST", 201, created)
        story = created["data"]
        self.assertEqual(story["status"], "draft")
        self.assertEqual([a["slug"] for a in story["authors"]], ["maya-okafor"])
        self.assertEqual(headers["location"], "/api/v1/stories/%d" % story["id"])
        self.assertIn("dakota-fanning", [e["slug"] for e in story["entities"]], "enriched on save")
        sid = story["id"]
        # Drafts are private: not to the public, not to another writer; yes to the author.
        self.assertEqual(self.call("GET", "/stories/%d" % sid)[0], 404)
        self.assertEqual(self.call("GET", "/stories/%d" % sid, token="other_writer")[0], 404)
        self.assertEqual(self.call("GET", "/stories/%d" % sid, token="writer")[0], 200)
        # Writers may not publish, directly or by status; another writer may not edit.
        status, _, error = self.call("PATCH", "/stories/%d" % sid, {"version": story["version"], "status": "published"},
                                     token="writer")
        self.assertEqual(status, 403)
        self.assertEqual(error["error"]["field"], "status")
        self.assertEqual(self.call("POST", "/stories/%d/publish" % sid, {"version": story["version"]}, token="writer")[0], 403)
        self.assertEqual(self.call("PATCH", "/stories/%d" % sid, {"version": story["version"], "dek": "mine"},
                                   token="other_writer")[0], 403)
        # Send for review; a stale version is a conflict.
        status, _, updated = self.call("PATCH", "/stories/%d" % sid, {"version": story["version"], "status": "review"},
                                       token="writer")
        self.assertEqual(status, 200, updated)
        self.check("/stories/{id}", "PATCH", 200, updated)
        status, _, error = self.call("PATCH", "/stories/%d" % sid, {"version": story["version"], "dek": "late"},
                                     token="writer")
        self.assertEqual(status, 409)
        self.assertEqual(error["error"]["code"], "conflict")
        self.assertEqual(self.call("PATCH", "/stories/%d" % sid, {"dek": "no version"}, token="writer")[0], 422)
        # Before publishing, the site feed does not have it.
        self.assertNotIn(b"Fanning Signs On", self.server.get("/feeds/rss.xml")[2])
        status, _, published = self.call("POST", "/stories/%d/publish" % sid, {"version": updated["data"]["version"]},
                                         token="editor")
        self.assertEqual(status, 200, published)
        self.check("/stories/{id}/publish", "POST", 200, published)
        self.assertEqual(published["data"]["status"], "published")
        url = published["data"]["url"]
        path = "/" + url.split("/", 3)[3]
        self.assertEqual(self.server.get(path)[0], 200)
        # The cached feeds dropped with the publish.
        for feed in ("/feeds/rss.xml", "/movies/atom.xml", "/people/dakota-fanning/feed.json"):
            self.assertIn(b"Fanning Signs On", self.server.get(feed)[2], feed)
        self.assertEqual(self.call("GET", "/stories/%d" % sid)[0], 200, "public once published")
        _, _, search = self.call("GET", "/search?q=western+fanning")
        self.assertIn(sid, [h["id"] for h in search["data"]])

    def test_contributors_write_drafts_only(self):
        status, _, created = self.call("POST", "/stories", {"headline": "A Pitch", "section": "tv"}, token="contributor")
        self.assertEqual(status, 201)
        status, _, _ = self.call("POST", "/stories", {"headline": "A Pitch 2", "section": "tv", "status": "review"},
                                 token="contributor")
        self.assertEqual(status, 403)
        status, _, _ = self.call("POST", "/stories", {"headline": "Someone Else's", "section": "tv",
                                                      "authors": ["dev-lindqvist"]}, token="writer")
        self.assertEqual(status, 403, "a writer must stay among the authors")

    def test_editors_manage_entities(self):
        entity = {"kind": "person", "name": "Floria Sigismondi Test", "description": "Director and photographer."}
        self.assertEqual(self.call("POST", "/entities", entity, token="writer")[0], 403)
        status, headers, created = self.call("POST", "/entities", entity, token="editor")
        self.assertEqual(status, 201, created)
        self.check("/entities", "POST", 201, created)
        self.assertEqual(created["data"]["slug"], "floria-sigismondi-test")
        self.assertEqual(self.server.get("/people/floria-sigismondi-test")[0], 200)
        status, _, updated = self.call("PATCH", "/entities/floria-sigismondi-test", {"aliases": ["F. S. Test"]}, token="editor")
        self.assertEqual(status, 200)
        self.assertEqual(updated["data"]["aliases"], ["F. S. Test"])
        status, _, error = self.call("POST", "/entities", {"kind": "person", "name": "Kristen Stewart"}, token="editor")
        self.assertEqual(status, 422)
        self.assertEqual(error["error"]["code"], "slug_taken")
        self.assertEqual(self.call("POST", "/entities", {"kind": "planet", "name": "X"}, token="editor")[0], 422)

    def test_a_token_never_exceeds_its_user(self):
        result = run_cli("token", "create", "--data", self.server.data_dir, "--user", "maya-okafor",
                         "--name", "too much", "--role", "admin")
        self.assertEqual(result.returncode, 2)
        self.assertIn("more rights", result.stderr)
        result = run_cli("token", "create", "--data", self.server.data_dir, "--user", "nobody@example.com",
                         "--name", "x")
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    unittest.main()
