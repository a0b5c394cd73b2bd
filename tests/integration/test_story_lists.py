"""The newsroom's story list over real HTTP: keyset pages that stay stable while stories are
added, every filter and sort, words found in bodies, bad parameters refused with a reason, and
bulk actions (publish, unpublish, section, delete with its confirmation) checked per role, with
the refused stories named and their reasons given."""
import html
import json
import re
import unittest
import urllib.parse

from admin_client import Newsroom, add_user
from harness import Server

IDS = re.compile(r'name="ids" value="(\d+)"')


def story_id(headers):
    return int(re.search(r"/admin/stories/(\d+)", headers["location"]).group(1))


def link(page, rel):
    found = re.search(r'<a href="([^"]+)" rel="%s">' % rel, page)
    return html.unescape(found.group(1)) if found else None


class StoryLists(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.clients = {}
        for role in ("contributor", "writer", "editor"):
            email = "%s@lists.test" % role
            client = Newsroom(cls.server)
            status, _, _ = client.login(email, add_user(cls.server, email, role))
            assert status == 303, (role, status)
            cls.clients[role] = client
        cls.editor = cls.clients["editor"]
        cls.writer = cls.clients["writer"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def create(self, headline, body="A paragraph.\n", client=None, section="movies", action="save"):
        client = client or self.editor
        form = {"headline": headline, "section": section, "body": body, "action": action,
                "version": "0"}
        status, headers, page = client.post("/admin/stories", form)
        self.assertEqual(status, 303, page[:2000])
        return story_id(headers)

    def ids(self, path, client=None):
        status, _, page = (client or self.editor).get(path)
        self.assertEqual(status, 200, page[:2000])
        return [int(i) for i in IDS.findall(page)], page

    def bulk(self, client, action, ids, **extra):
        form = {"action": action, "ids": [str(i) for i in ids], "return": "/admin/stories"}
        form.update(extra)
        return client.post("/admin/stories/bulk", form)

    def test_keyset_pages_stay_stable_while_stories_are_added(self):
        made = [self.create("Keyset story %02d" % i, "Pagewalk body %d.\n" % i) for i in range(34)]
        first, page = self.ids("/admin/stories?q=pagewalk")
        self.assertEqual(len(first), 30)
        self.assertEqual(first, sorted(made, reverse=True)[:30])  # newest first: the last saved
        self.assertNotIn("offset", page)
        self.assertIsNone(link(page, "prev"))
        following = link(page, "next")
        self.assertIn("after=", following)
        # Stories arrive at the top while the editor reads page 1.
        newer = [self.create("Keyset late %d" % i, "Pagewalk late.\n") for i in range(3)]
        second, page2 = self.ids(following)
        self.assertEqual(second, sorted(made, reverse=True)[30:])
        self.assertIsNone(link(page2, "next"))
        self.assertEqual(sorted(first + second), sorted(made))  # none skipped, none twice
        # Back from page 2: page 1 as it now stands, i.e. the 30 before page 2's first row.
        back, _ = self.ids(link(page2, "prev"))
        self.assertEqual(back, (sorted(newer, reverse=True) + sorted(made, reverse=True))[3:33])
        # A cursor the list never made is refused with a reason.
        status, _, body = self.editor.get("/admin/stories?q=pagewalk&after=%5B1%2C%22x%22%5D")
        self.assertEqual(status, 400)
        self.assertIn("Start again from the first page", body)

    def test_filters_sorts_and_words_in_bodies(self):
        a = self.create("Alpha filter story", "The capybara appears only in this body.\n")
        b = self.create("beta filter story", "Another capybara, in music.\n", section="music")
        c = self.create("Gamma filter story", "A capybara the writer wrote.\n", client=self.writer)
        cases = [
            ("q=capybara", {a, b, c}),  # only in the bodies
            ("q=capybar", {a, b, c}),  # the last word is a prefix
            ("q=capybara&section=music", {b}),
            ("q=capybara&status=draft", {a, b, c}),
            ("q=capybara&status=published", set()),
            ("q=capybara+writer", {c}),
            ("q=capybara&entity=no-such-entity", set()),
            ("q=capybara&date=updated&from=2000-01-01&to=2001-01-01", set()),
            ("q=capybara&date=published&from=2000-01-01", set()),  # drafts have no time
        ]
        writer_id = self.editor.story_form(c)["authors"][0]
        cases.append(("q=capybara&author=%s" % writer_id, {c}))
        for query, want in cases:
            with self.subTest(query=query):
                got, _ = self.ids("/admin/stories?" + query)
                self.assertEqual(set(got), want)
        # Sorted by headline A to Z, case aside; Z to A; by section.
        got, _ = self.ids("/admin/stories?q=capybara&sort=headline&dir=asc")
        self.assertEqual(got, [a, b, c])
        got, page = self.ids("/admin/stories?q=capybara&sort=headline&dir=desc")
        self.assertEqual(got, [c, b, a])
        self.assertIn('aria-sort="descending"', page)
        got, _ = self.ids("/admin/stories?q=capybara&sort=section&dir=asc")
        self.assertEqual(got, [a, c, b])  # movies before music, and inside a section by time
        # A writer sees only their own stories, whatever the filters say.
        got, _ = self.ids("/admin/stories?q=capybara", client=self.writer)
        self.assertEqual(got, [c])
        for query, reason in [("sort=colour", "sorted by headline"), ("dir=sideways", "asc"),
                              ("from=yesterday", "2010-07-21"), ("status=lost", "Unknown status"),
                              ("author=abc", "Pick an author")]:
            with self.subTest(query=query):
                status, _, page = self.editor.get("/admin/stories?" + query)
                self.assertEqual(status, 400)
                self.assertIn(reason, page)

    def test_bulk_actions_by_the_desk(self):
        one = self.create("Bulk one", "Bulkdesk.\n")
        two = self.create("Bulk two", "Bulkdesk.\n")
        status, _, page = self.bulk(self.editor, "publish", [one, two])
        self.assertEqual(status, 200, page[:2000])
        self.assertIn("Published 2 stories.", page)
        got, _ = self.ids("/admin/stories?q=bulkdesk&status=published")
        self.assertEqual(set(got), {one, two})
        # Publishing again is refused for each, with the reason.
        status, _, page = self.bulk(self.editor, "publish", [one])
        self.assertEqual(status, 403)
        self.assertIn("Already published.", page)
        status, _, page = self.bulk(self.editor, "section", [one, two], to_section="music")
        self.assertEqual(status, 200)
        got, _ = self.ids("/admin/stories?q=bulkdesk&section=music")
        self.assertEqual(set(got), {one, two})
        status, _, page = self.bulk(self.editor, "unpublish", [two])
        self.assertEqual(status, 200)
        got, _ = self.ids("/admin/stories?q=bulkdesk&status=draft")
        self.assertEqual(got, [two])
        # Each change is a save through the one write path: a new version with a revision.
        _, _, revisions = self.editor.get("/admin/stories/%d/revisions" % two)
        self.assertGreaterEqual(revisions.count("<tr"), 4)
        # Deleting asks first, and nothing is gone until it is confirmed.
        status, _, page = self.bulk(self.editor, "delete", [one, two])
        self.assertEqual(status, 200)
        self.assertIn("Delete 2 stories?", page)
        self.assertIn('name="confirm" value="yes"', page)
        self.assertEqual(self.editor.get("/admin/stories/%d" % one)[0], 200)
        status, _, page = self.bulk(self.editor, "delete", [one, two], confirm="yes")
        self.assertEqual(status, 200)
        self.assertIn("Deleted 2 stories.", page)
        self.assertEqual(self.editor.get("/admin/stories/%d" % one)[0], 404)
        got, _ = self.ids("/admin/stories?q=bulkdesk")
        self.assertEqual(got, [])
        for form, reason in [({"action": "publish"}, "Tick the stories"),
                             ({"action": "melt", "ids": [str(two)]}, "Choose publish"),
                             ({"action": "section", "ids": [str(two)], "to_section": "nowhere"},
                              "Pick the section"),
                             ({"action": "publish", "ids": ["x"]}, "chosen by their ids")]:
            with self.subTest(form=form):
                status, _, page = self.editor.post("/admin/stories/bulk", form)
                self.assertEqual(status, 400)
                self.assertIn(reason, page)

    def test_bulk_actions_per_role(self):
        desk = self.create("Desk story for roles", "Bulkroles.\n")
        own = self.create("Writer's own draft", "Bulkroles.\n", client=self.writer)
        mine = self.create("Contributor's draft", "Bulkroles.\n", client=self.clients["contributor"])
        # A writer may not publish, not even their own story; the reason is given per story.
        status, _, page = self.bulk(self.writer, "publish", [own])
        self.assertEqual(status, 403)
        self.assertIn("Only editors can publish stories.", page)
        self.assertIn("Writer&apos;s own draft", page)
        # Someone else's story is not in a writer's list at all.
        status, _, page = self.bulk(self.writer, "delete", [desk], confirm="yes")
        self.assertEqual(status, 403)
        self.assertIn("There is no such story in your list.", page)
        self.assertEqual(self.editor.get("/admin/stories/%d" % desk)[0], 200)
        # Moving their own draft is fine; deleting it too, after the confirmation.
        status, _, page = self.bulk(self.writer, "section", [own, desk], to_section="music")
        self.assertEqual(status, 200)
        self.assertIn("Moved 1 story; 1 refused.", page)
        status, _, page = self.bulk(self.writer, "delete", [own])
        self.assertIn("Delete for good", page)
        status, _, page = self.bulk(self.writer, "delete", [own], confirm="yes")
        self.assertEqual(status, 200)
        self.assertIn("Deleted 1 story.", page)
        # Once the desk has published a writer's story, the writer may no longer delete it.
        late = self.create("Writer's story, published", "Bulkroles.\n", client=self.writer)
        self.assertEqual(self.bulk(self.editor, "publish", [late])[0], 200)
        status, _, page = self.bulk(self.writer, "delete", [late], confirm="yes")
        self.assertEqual(status, 403)
        self.assertIn("once it has gone to the desk", page)
        status, _, page = self.bulk(self.writer, "unpublish", [late])
        self.assertEqual(status, 403)
        self.assertIn("You cannot edit this story in its present state.", page)  # the story rules
        # A contributor's bulk publish is refused the same way.
        status, _, page = self.bulk(self.clients["contributor"], "publish", [mine])
        self.assertEqual(status, 403)
        self.assertIn("Only editors can publish stories.", page)
        # Without the CSRF token nothing happens at all.
        status, _, _ = self.editor.post("/admin/stories/bulk",
                                        {"action": "delete", "ids": [str(mine)], "confirm": "yes"},
                                        with_csrf=False)
        self.assertEqual(status, 403)
        self.assertEqual(self.editor.get("/admin/stories/%d" % mine)[0], 200)

    def test_look_alike_entities_are_told_apart(self):
        status, _, page = self.editor.get("/admin/entities?q=cherry+bomb")
        self.assertEqual(status, 200)
        rows = re.findall(r'<tr class="look-alike">(.*?)</tr>', page, re.S)
        self.assertEqual(len(rows), 2, page[-3000:])
        text = [re.sub(r"<[^>]+>", " ", html.unescape(r)) for r in rows]
        runaways = next(t for t in text if "1976 song by The Runaways" in t)
        mellencamp = next(t for t in text if "1987 single by John Mellencamp" in t)
        for t in (runaways, mellencamp):
            self.assertIn("song", t)
            self.assertIn("Same name as 1 other entity", t)
        self.assertIn("1976", runaways)
        self.assertIn("1987", mellencamp)
        # The demo's stories are about the Runaways' song, not Mellencamp's.
        count = lambda t: int(re.search(r"(\d+) stor", t).group(1))
        self.assertGreater(count(runaways), count(mellencamp))
        # Side by side: every name shared by several entities, and nothing else.
        _, _, page = self.editor.get("/admin/entities?lookalikes=1")
        names = [html.unescape(n) for n in re.findall(r'<td data-label="Name" class="headline"><a href="[^"]+">([^<]+)</a>', page)]
        self.assertIn("Cherry Bomb", names)
        self.assertTrue(all(names.count(n) >= 2 for n in names), names)
        # An entity's own page names its look-alikes with what tells them apart.
        first = re.search(r'<a href="(/admin/entities/\d+)">Cherry Bomb</a>', page).group(1)
        _, _, page = self.editor.get(first)
        self.assertIn("Other entities named like this one", page)
        self.assertIn("song, 19", page)

    def test_picker_and_focal_points(self):
        # Every role that writes stories may pick; only the desk may upload or set focal points.
        for role, can_upload in (("contributor", False), ("writer", False), ("editor", True)):
            with self.subTest(role=role):
                status, headers, body = self.clients[role].get("/admin/picker?q=Sundance")
                self.assertEqual(status, 200)
                self.assertIn("application/json", headers["content-type"])
                answer = json.loads(body)
                self.assertEqual(answer["can_upload"], can_upload)
                self.assertTrue(answer["items"])
                self.assertTrue(all("Sundance" in i["caption"] for i in answer["items"]))
        photo = json.loads(self.editor.get("/admin/picker")[2])["items"][0]
        self.assertEqual(photo["focus"], {"x": 0.5, "y": 0.5})
        self.assertTrue(photo["thumbnail"].startswith("/media/"))
        one = json.loads(self.editor.get("/admin/picker?id=%d" % photo["id"])[2])["items"]
        self.assertEqual([i["id"] for i in one], [photo["id"]])
        self.assertEqual(json.loads(self.editor.get("/admin/picker?id=999999")[2])["items"], [])

        def focus(client, item, form):
            headers = {"X-CSRF-Token": client.csrf, "Origin": "http://127.0.0.1:%d" % self.server.port,
                       "Accept": "application/json"}
            return client.request("POST", "/admin/media/%d/focus" % item, form=form, headers=headers)

        status, _, body = focus(self.editor, photo["id"], {"x": "0.3", "y": "0.6"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["focus"], {"x": 0.3, "y": 0.6})
        after = json.loads(self.editor.get("/admin/picker?id=%d" % photo["id"])[2])["items"][0]
        self.assertEqual(after["focus"], {"x": 0.3, "y": 0.6})
        for form in ({"x": "1.5", "y": "0.5"}, {"x": "abc", "y": "0.5"}, {"x": "0.5"}, {"x": "nan", "y": "0.5"}):
            with self.subTest(form=form):
                status, _, body = focus(self.editor, photo["id"], form)
                self.assertEqual(status, 422)
                self.assertIn("Click inside the photo", json.loads(body)["error"])
        status, _, body = focus(self.editor, 999999, {"x": "0.5", "y": "0.5"})
        self.assertEqual(status, 404)
        self.assertIn("no such photo", json.loads(body)["error"])
        # A writer may not move an editor's crop.
        status, _, _ = focus(self.writer, photo["id"], {"x": "0.1", "y": "0.1"})
        self.assertEqual(status, 403)
        after = json.loads(self.editor.get("/admin/picker?id=%d" % photo["id"])[2])["items"][0]
        self.assertEqual(after["focus"], {"x": 0.3, "y": 0.6})
        # The public story page centres its crop on the point (5% steps, as classes).
        _, _, api = self.server.get("/api/v1/stories?per_page=50")
        for story in json.loads(api)["data"]:
            full = json.loads(self.server.get("/api/v1/stories/%d" % story["id"])[2])["data"]
            if full["lead_media"] and full["lead_media"]["id"] == photo["id"]:
                self.assertEqual(full["lead_media"]["focus"], {"x": 0.3, "y": 0.6})
                page = self.server.get(full["url"] if full.get("url", "").startswith("/") else
                                       urllib.parse.urlsplit(full["url"]).path)[2].decode()
                self.assertIn('fx-30 fy-60"', page)
                break
        else:
            self.fail("no published story shows the photo")


if __name__ == "__main__":
    unittest.main()
