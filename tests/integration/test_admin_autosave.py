"""The story editor's autosaved drafts over real HTTP: a draft changes neither the story's
version nor its revisions nor its public page, a stale draft (made from a version someone has
since saved past) is refused and never offered, a real Save clears the draft, and the preview of
unsaved values is the theme's page, never cached and never public."""
import json
import re
import unittest

from admin_client import Newsroom, add_user
from harness import Server


def offered(page):
    """Whether the editor offers a draft kept on the server back."""
    return 'id="autosave-offer"' in page


def story_id(headers):
    return int(re.search(r"/admin/stories/(\d+)", headers["location"]).group(1))


class Autosave(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.editor = Newsroom(cls.server)
        cls.editor.login("desk@newsroom.test", add_user(cls.server, "desk@newsroom.test", "editor"))
        cls.other = Newsroom(cls.server)
        cls.other.login("night@newsroom.test", add_user(cls.server, "night@newsroom.test", "editor"))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def create(self, headline, client=None):
        client = client or self.editor
        form = {"headline": headline, "section": "movies", "body": "A paragraph.\n",
                "action": "publish", "version": "0"}
        status, headers, page = client.post("/admin/stories", form)
        self.assertEqual(status, 303, page[:2000])
        return story_id(headers)

    def autosave(self, client, sid, form):
        status, headers, body = client.post("/admin/stories/%d/autosave" % sid, form)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["cache-control"], "no-store")
        return status, json.loads(body)

    def revisions(self, sid):
        status, _, page = self.editor.get("/admin/stories/%d/revisions" % sid)
        self.assertEqual(status, 200)
        return len(re.findall(r'<td>\d+(?: \(current\))?</td>', page))

    def test_a_draft_changes_nothing_of_the_story(self):
        sid = self.create("Drafts are not versions")
        before = self.editor.story_form(sid)
        revisions = self.revisions(sid)
        self.assertGreaterEqual(revisions, 1)
        _, _, public_before = self.editor.get("/admin/stories/%d" % sid)
        live = re.search(r'href="(/movies/[^"]+)">View live', public_before).group(1)
        for n in range(3):
            form = dict(before, headline="Typed %d" % n, body="Unsaved words %d.\n" % n)
            status, answer = self.autosave(self.editor, sid, form)
            self.assertEqual(status, 200, answer)
            self.assertEqual(answer["version"], int(before["version"]))
        after = self.editor.story_form(sid)
        self.assertEqual(after["version"], before["version"])
        self.assertEqual(self.revisions(sid), revisions)
        # The editor offers the draft back, with its newest text, and still loads the saved text.
        _, _, page = self.editor.get("/admin/stories/%d" % sid)
        self.assertTrue(offered(page))
        draft = json.loads(re.search(
            r'<script type="application/json" id="autosave-fields">(.*?)</script>', page, re.S).group(1))
        self.assertEqual(draft["headline"], ["Typed 2"])
        self.assertEqual(draft["body"], ["Unsaved words 2.\n"])
        self.assertNotIn("csrf", draft)
        self.assertEqual(after["headline"], "Drafts are not versions")
        # Readers see the saved story only.
        status, _, public = self.editor.request("GET", live)
        self.assertEqual(status, 200)
        self.assertNotIn("Unsaved words", public)
        self.assertIn("Drafts are not versions", public)
        # The draft is one person's: a colleague is offered nothing, and saves with no conflict.
        _, _, theirs = self.other.get("/admin/stories/%d" % sid)
        self.assertFalse(offered(theirs))
        self.assertEqual(self.other.post("/admin/stories/%d" % sid,
                                         dict(self.other.story_form(sid), action="save"))[0], 303)

    def test_a_stale_draft_never_overwrites_a_newer_save(self):
        sid = self.create("Two desks")
        mine = self.editor.story_form(sid)
        theirs = self.other.story_form(sid)
        status, _ = self.autosave(self.editor, sid, dict(mine, body="My early draft.\n"))
        self.assertEqual(status, 200)
        # A colleague saves: the story moves on to the next version.
        theirs["body"] = "Their saved text.\n"
        self.assertEqual(self.other.post("/admin/stories/%d" % sid, dict(theirs, action="save"))[0], 303)
        saved = self.other.story_form(sid)
        self.assertEqual(int(saved["version"]), int(mine["version"]) + 1)
        # My form, still on the old version, keeps autosaving: refused, and nothing changes.
        status, answer = self.autosave(self.editor, sid, dict(mine, body="My later draft.\n"))
        self.assertEqual(status, 409)
        self.assertEqual(answer["version"], int(saved["version"]))
        self.assertIn("saved by someone", answer["error"])
        _, _, page = self.editor.get("/admin/stories/%d" % sid)
        self.assertFalse(offered(page))  # the old draft is stale: not offered
        self.assertNotIn("My early draft", page)
        current = self.editor.story_form(sid)
        self.assertEqual(current["body"], "Their saved text.\n")
        self.assertEqual(current["version"], saved["version"])

    def test_a_real_save_clears_the_draft_and_discard_drops_it(self):
        sid = self.create("Saved for real")
        form = self.editor.story_form(sid)
        self.assertEqual(self.autosave(self.editor, sid, dict(form, dek="Draft dek"))[0], 200)
        self.assertEqual(self.editor.post("/admin/stories/%d" % sid,
                                          dict(form, dek="Saved dek", action="save"))[0], 303)
        _, _, page = self.editor.get("/admin/stories/%d" % sid)
        self.assertFalse(offered(page))
        form = self.editor.story_form(sid)
        self.assertEqual(self.autosave(self.editor, sid, dict(form, dek="Another draft"))[0], 200)
        status, headers, _ = self.editor.post("/admin/stories/%d/autosave/discard" % sid, {})
        self.assertEqual(status, 303)
        _, _, page = self.editor.get(headers["location"])
        self.assertIn("The unsaved draft was discarded.", page)
        self.assertFalse(offered(page))

    def test_bad_drafts_are_refused_with_a_reason(self):
        sid = self.create("Refusals")
        form = self.editor.story_form(sid)
        no_version = dict(form)
        del no_version["version"]
        status, answer = self.autosave(self.editor, sid, no_version)
        self.assertEqual(status, 400)
        self.assertIn("version", answer["error"])
        status, answer = self.autosave(self.editor, 999999, form)
        self.assertEqual(status, 404)
        # Without the CSRF token nothing is kept.
        status, _, _ = self.editor.post("/admin/stories/%d/autosave" % sid, form, with_csrf=False)
        self.assertEqual(status, 403)
        # A writer cannot keep drafts of an editor's story.
        writer = Newsroom(self.server)
        writer.login("pen@newsroom.test", add_user(self.server, "pen@newsroom.test", "writer"))
        status, _, _ = writer.post("/admin/stories/%d/autosave" % sid, form)
        self.assertIn(status, (403, 404))

    def test_the_preview_is_the_themes_page_never_cached_never_public(self):
        sid = self.create("Preview me")
        form = dict(self.editor.story_form(sid), headline="An unsaved headline",
                    dek="An unsaved dek", body="Body words.\n\nhttps://vimeo.com/76979871\n",
                    tags="Unsaved tag, Another")
        status, headers, page = self.editor.post("/admin/stories/%d/preview" % sid, form)
        self.assertEqual(status, 200)
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertIn("noindex", headers["x-robots-tag"])
        self.assertIn("frame-ancestors 'self'", headers["content-security-policy"])
        self.assertIn("https://player.vimeo.com", headers["content-security-policy"])
        self.assertIn('<meta name="robots" content="noindex', page)
        self.assertIn("An unsaved headline", page)
        self.assertIn('href="/static/site.css', page)  # the public theme, not the newsroom's
        self.assertIn("Unsaved tag", page)
        self.assertIn('data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"', page)
        status, _, card = self.editor.post("/admin/stories/%d/card" % sid, form)
        self.assertEqual(status, 200)
        card = json.loads(card)
        self.assertEqual(card["title"], "An unsaved headline")
        self.assertEqual(card["description"], "An unsaved dek")
        self.assertTrue(card["url"].endswith("/preview-me"), card["url"])
        form["seo_description"] = "For sharing"
        card = json.loads(self.editor.post("/admin/stories/%d/card" % sid, form)[2])
        self.assertEqual(card["description"], "For sharing")
        # Nothing was saved, and the story's page still shows the saved headline.
        self.assertEqual(self.editor.story_form(sid)["headline"], "Preview me")
        # A new story previews too; without a session there is nothing.
        status, _, page = self.editor.post("/admin/stories/new/preview",
                                           {"headline": "Brand new", "body": "Hi.", "section": "movies"})
        self.assertEqual(status, 200)
        self.assertIn("Brand new", page)
        stranger = Newsroom(self.server)
        status, _, _ = stranger.post("/admin/stories/%d/preview" % sid, form, with_csrf=False)
        self.assertEqual(status, 401)


if __name__ == "__main__":
    unittest.main()
