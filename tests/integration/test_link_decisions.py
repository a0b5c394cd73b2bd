"""Confirming or rejecting a suggested link over real HTTP is not a save of the story: a 2010 story
keeps its version, its revisions, its updated time (API, JSON-LD dateModified, Atom <updated>,
sitemap lastmod), its page changes only in the link, and a colleague's Save from a form opened
before the decision goes through without a conflict."""
import json
import re
import time
import unittest
import urllib.parse

from admin_client import Newsroom, add_user
from harness import Server, run_cli

SLUG = "stewart-and-fanning-cast-in-the-runaways"
ENTITY = "kristen-stewart"


class LinkDecisions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.editors = []
        for name in ("first", "second"):
            email = "%s-editor@links.test" % name
            client = Newsroom(cls.server)
            status, _, _ = client.login(email, add_user(cls.server, email, "editor"))
            assert status == 303, status
            cls.editors.append(client)
        token = run_cli("token", "create", "--data", cls.server.data_dir, "--user", "first-editor@links.test",
                        "--name", "links")
        assert token.returncode == 0, token.stderr
        cls.token = token.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def api(self, path):
        status, _, body = self.server.request("GET", "/api/v1" + path,
                                              {"Authorization": "Bearer " + self.token})
        self.assertEqual(status, 200, body)
        return json.loads(body)["data"]

    def story(self):
        for summary in self.api("/stories?per_page=100"):
            if summary["slug"] == SLUG:
                return self.api("/stories/%d" % summary["id"])
        self.fail("the demo has no story " + SLUG)

    def revisions(self, client, story_id):
        status, _, page = client.get("/admin/stories/%d/revisions" % story_id)
        self.assertEqual(status, 200)
        return len(re.findall(r'name="a" value="\d+"', page)) or page.count("<tr") - 1

    def public(self, path):
        status, _, body = self.server.get(path)
        self.assertEqual(status, 200, path)
        return body.decode("utf-8")

    def story_body(self, story):
        page = self.public(urllib.parse.urlparse(story["url"]).path)
        return page.split('<div class="story-body">', 1)[1].split("</div>", 1)[0]

    def times_shown(self, story):
        """Every place that says when the story was last changed."""
        path = urllib.parse.urlparse(story["url"]).path
        page = self.public(path)
        modified = re.search(r'"dateModified":\s*"([^"]+)"', page).group(1)
        atom = self.public("/feeds/atom.xml")
        entry = next(e for e in re.findall(r"<entry>.*?</entry>", atom, re.S) if path in e)
        updated = re.search(r"<updated>([^<]+)</updated>", entry).group(1)
        month = story["published_at"][:7]
        sitemap = self.public("/sitemaps/stories-%s.xml" % month)
        url = next(u for u in re.findall(r"<url>.*?</url>", sitemap, re.S) if path in u)
        lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", url).group(1)
        return {"api": story["updated_at"], "json-ld": modified, "atom": updated, "sitemap": lastmod}

    def decide(self, client, story_id, entity_id, decision, by_script):
        client.get("/admin/stories/%d" % story_id)  # the page's CSRF token
        headers = {"Origin": "http://127.0.0.1:%d" % self.server.port,
                   "Content-Type": "application/x-www-form-urlencoded"}
        form = {"csrf": client.csrf, "entity_id": str(entity_id), "decision": decision}
        if by_script:
            headers["X-Requested-With"] = "fetch"
            headers["X-CSRF-Token"] = client.csrf
        return client.request("POST", "/admin/stories/%d/links" % story_id, headers=headers,
                              raw_body=urllib.parse.urlencode(form))

    def test_a_decision_keeps_the_version_revisions_and_times(self):
        first, second = self.editors
        before = self.story()
        self.assertLess(before["updated_at"], "2011-", "an archive story, last changed long ago")
        self.assertIn(ENTITY, [e["slug"] for e in before["entities"]])
        self.assertIn('href="/people/%s"' % ENTITY, before["body_html"])
        entity_id = self.api("/entities/" + ENTITY)["id"]
        shown_before = self.times_shown(before)
        revisions_before = self.revisions(first, before["id"])
        # A colleague has the story open in the editor, with the version it had then.
        status, _, page = second.get("/admin/stories/%d" % before["id"])
        self.assertEqual(status, 200)
        opened_version = re.search(r'name="version" value="(\d+)"', page).group(1)
        time.sleep(1.1)  # a bumped time would now differ by a second at least

        # Without the script: the form posts and the editor page comes back with a message.
        status, headers, _ = self.decide(first, before["id"], entity_id, "reject", by_script=False)
        self.assertEqual(status, 303)
        self.assertTrue(headers["location"].endswith("?done=rejected"), headers["location"])
        status, _, page = first.get(headers["location"])
        self.assertIn("Link rejected.", page)
        rejected = self.story()
        self.assertNotIn('href="/people/%s"' % ENTITY, rejected["body_html"])
        # The cached page dropped: readers see the body without the link.
        self.assertNotIn('href="/people/%s"' % ENTITY, self.story_body(rejected))
        self.assertEqual(rejected["version"], before["version"])
        self.assertEqual(self.times_shown(rejected), shown_before)
        self.assertEqual(self.revisions(first, before["id"]), revisions_before)

        # With the script: JSON back, and again nothing of the story's own moves.
        status, headers, body = self.decide(first, before["id"], entity_id, "confirm", by_script=True)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["content-type"].startswith("application/json"))
        self.assertEqual(json.loads(body), {"entity_id": entity_id, "state": "confirmed",
                                            "message": "Link confirmed."})
        confirmed = self.story()
        self.assertIn('href="/people/%s"' % ENTITY, confirmed["body_html"])
        self.assertIn('href="/people/%s"' % ENTITY, self.story_body(confirmed))
        self.assertEqual(confirmed["version"], before["version"])
        self.assertEqual(self.times_shown(confirmed), shown_before)
        self.assertEqual(self.revisions(first, before["id"]), revisions_before)

        # The colleague saves from the form opened before both decisions: no false conflict.
        form = second.story_form(before["id"])
        form["version"] = opened_version
        form["dek"] = "Kristen Stewart and Dakota Fanning are Joan Jett and Cherie Currie"
        form["action"] = "save"
        status, headers, page = second.post("/admin/stories/%d" % before["id"], form)
        self.assertEqual(status, 303, re.findall(r'role="alert"[^>]*>.*?</', page, re.S)[:2])
        saved = self.story()
        self.assertEqual(saved["version"], before["version"] + 1)
        self.assertEqual(saved["dek"], form["dek"])
        self.assertIn('href="/people/%s"' % ENTITY, saved["body_html"], "the confirmation survives")
        state = next(e["state"] for e in saved["entities"] if e["slug"] == ENTITY)
        self.assertEqual(state, "confirmed")

    def test_a_bad_decision_is_refused_in_json_or_as_a_page(self):
        first = self.editors[0]
        story = self.story()
        for by_script in (True, False):
            with self.subTest(by_script=by_script):
                status, headers, body = self.decide(first, story["id"], 999999, "confirm", by_script)
                self.assertEqual(status, 400)
                if by_script:
                    self.assertIn("error", json.loads(body))
                status, _, _ = self.decide(first, 999999, 1, "confirm", by_script)
                self.assertEqual(status, 404)


if __name__ == "__main__":
    unittest.main()
