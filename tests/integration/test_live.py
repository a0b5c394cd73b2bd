"""Live coverage over real HTTP: a live story started through the API, entries posted by two
writers at once (no conflicts, and the story's version untouched so an editor's save still
goes through), readers' event streams (a new entry arrives; a reconnect with Last-Event-ID
misses nothing; deletions and edits are sent), the page without JavaScript, the entries' feed
and JSON-LD, ending the coverage, and bad input answered with a reason."""
import json
import re
import threading
import unittest

from admin_client import Newsroom, add_user
from harness import EventStream, Server, run_cli


class Live(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.tokens = {}
        for key, user, role in (("editor", "admin@example.com", "editor"),
                                ("writer", "maya-okafor", None),
                                ("other_writer", "dev-lindqvist", None),
                                ("contributor", "maya-okafor", "contributor")):
            args = ["token", "create", "--data", cls.server.data_dir, "--user", user, "--name", "live " + key]
            if role:
                args += ["--role", role]
            result = run_cli(*args)
            assert result.returncode == 0, result.stderr
            cls.tokens[key] = result.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def call(self, method, path, body=None, token=None, headers=None):
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + self.tokens[token]
        data = None
        if body is not None:
            data = json.dumps(body)
            h["Content-Type"] = "application/json"
        status, response_headers, raw = self.server.request(method, "/api/v1" + path, h, data)
        parsed = json.loads(raw) if raw and response_headers.get("content-type", "").startswith("application/json") else None
        return status, response_headers, parsed

    def start_live(self, headline):
        status, _, story = self.call("POST", "/stories", {
            "kind": "live", "headline": headline, "dek": "Follow along", "section": "movies",
            "status": "published", "body": "The night's coverage, as it happens."}, token="editor")
        self.assertEqual(status, 201, story)
        self.assertEqual(story["data"]["kind"], "live")
        self.assertTrue(story["data"]["live"]["is_live"])
        return story["data"]

    def post(self, story_id, body, token="writer", **fields):
        fields["body"] = body
        return self.call("POST", "/stories/%d/entries" % story_id, fields, token=token)

    def test_two_writers_post_at_once_without_conflicts(self):
        story = self.start_live("Oscars night live")
        results = []

        def writer(token, n):
            for i in range(n):
                results.append(self.post(story["id"], "%s entry %d" % (token, i), token=token)[0])

        threads = [threading.Thread(target=writer, args=(t, 10)) for t in ("writer", "other_writer")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [201] * 20)
        status, _, listed = self.call("GET", "/stories/%d/entries" % story["id"])
        self.assertEqual(status, 200)
        self.assertEqual(len(listed["data"]), 20)
        seqs = sorted(e["seq"] for e in listed["data"])
        self.assertEqual(seqs, list(range(1, 21)))  # one event number each, none shared
        self.assertEqual(listed["last_seq"], 20)
        # The story itself did not move: the editor's form opened before the entries saves.
        status, _, saved = self.call("PATCH", "/stories/%d" % story["id"],
                                     {"version": story["version"], "dek": "Updated dek"}, token="editor")
        self.assertEqual(status, 200, saved)

    def test_a_reader_gets_new_entries_and_misses_nothing_on_reconnect(self):
        story = self.start_live("Met Gala live")
        stream = EventStream(self.server.port, "/api/v1/stories/%d/events" % story["id"])
        self.assertEqual(stream.status, 200)
        self.assertTrue(stream.headers["content-type"].startswith("text/event-stream"))
        status, _, first = self.post(story["id"], "Zendaya arrives on the **red carpet**.", key_moment=True)
        self.assertEqual(status, 201)
        event = stream.next_event()
        self.assertIsNotNone(event, "no event within 5 s")
        self.assertEqual(event["event"], "entry")
        self.assertEqual(int(event["id"]), first["data"]["seq"])
        data = json.loads(event["data"])
        self.assertEqual(data["entry"]["id"], first["data"]["id"])
        self.assertIn("<strong>red carpet</strong>", data["html"])
        self.assertIn('id="entry-%d"' % first["data"]["id"], data["html"])
        last_seen = event["id"]
        stream.close()

        # While the reader is away: two entries, one edit and one deletion.
        _, _, second = self.post(story["id"], "Second entry.")
        _, _, third = self.post(story["id"], "Third entry, soon gone.")
        status, _, edited = self.call("PATCH", "/stories/%d/entries/%d" % (story["id"], second["data"]["id"]),
                                      {"body": "Second entry, corrected.", "pinned": True}, token="writer")
        self.assertEqual(status, 200, edited)
        self.assertTrue(edited["data"]["pinned"])
        status, _, _ = self.call("DELETE", "/stories/%d/entries/%d" % (story["id"], third["data"]["id"]), token="writer")
        self.assertEqual(status, 204)

        again = EventStream(self.server.port, "/api/v1/stories/%d/events" % story["id"],
                            headers={"Last-Event-ID": last_seen})
        seen = []
        while True:
            event = again.next_event(timeout=2)
            if event is None:
                break
            seen.append((event["event"], json.loads(event["data"])["entry"]["id"], int(event["id"])))
        again.close()
        kinds = {(kind, entry_id) for kind, entry_id, _ in seen}
        self.assertIn(("entry", second["data"]["id"]), kinds)
        self.assertIn(("delete", third["data"]["id"]), kinds)
        self.assertNotIn(("entry", first["data"]["id"]), kinds)  # seen before the reconnect
        ids = [i for _, _, i in seen]
        self.assertEqual(ids, sorted(ids))
        self.assertGreater(ids[0], int(last_seen))
        # A reader already up to date (its stream opens on the io thread) hears the next one.
        current = EventStream(self.server.port, "/api/v1/stories/%d/events" % story["id"],
                              headers={"Last-Event-ID": str(max(ids))})
        self.assertEqual(current.status, 200)
        _, _, fourth = self.post(story["id"], "Fourth entry.")
        event = current.next_event()
        self.assertIsNotNone(event)
        self.assertEqual(json.loads(event["data"])["entry"]["id"], fourth["data"]["id"])
        current.close()
        ids.append(int(event["id"]))

        # The page without JavaScript: the entries, the pinned one first, the key moment on top.
        page = self.page_of(story)
        self.assertIn("Second entry, corrected.", page)
        self.assertNotIn("soon gone", page)
        self.assertLess(page.index("Second entry, corrected."), page.index("red carpet"))
        self.assertIn("Key moments", page)
        self.assertRegex(page, r'class="badge badge-live">Live<')
        self.assertIn('data-live-seq="%d"' % max(ids), page)
        self.assertIn("LiveBlogPosting", page)
        self.assertIn("liveBlogUpdate", page)

    def page_of(self, story):
        status, _, full = self.call("GET", "/stories/%d" % story["id"])
        self.assertEqual(status, 200)
        path = full["data"]["url"].split("//", 1)[1].split("/", 1)[1]
        status, _, body = self.server.get("/" + path)
        self.assertEqual(status, 200)
        return body.decode()

    def test_a_cached_page_and_the_feed_follow_the_entries(self):
        story = self.start_live("Premiere live")
        self.post(story["id"], "Before the cache.")
        page = self.page_of(story)
        self.assertIn("Before the cache.", page)
        self.assertIn("Before the cache.", self.page_of(story))  # served from the cache now
        self.post(story["id"], "After the cache.")
        self.assertIn("After the cache.", self.page_of(story))
        _, _, full = self.call("GET", "/stories/%d" % story["id"])
        path = "/" + full["data"]["url"].split("//", 1)[1].split("/", 1)[1]
        status, headers, feed = self.server.get(path + "/rss.xml")
        self.assertEqual(status, 200)
        self.assertIn("After the cache.", feed.decode())
        self.assertIn(path + "/rss.xml", page)  # the page names its feed

    def test_a_long_night_is_read_page_by_page(self):
        story = self.start_live("Grammys live")
        ids = []
        for i in range(55):
            status, _, entry = self.post(story["id"], "Update number %d." % i,
                                         key_moment=(i == 3), pinned=(i == 10))
            self.assertEqual(status, 201, entry)
            ids.append(entry["data"]["id"])
        _, _, full = self.call("GET", "/stories/%d" % story["id"])
        path = "/" + full["data"]["url"].split("//", 1)[1].split("/", 1)[1]
        shown = lambda page: [int(n) for n in re.findall(r"Update number (\d+)\.", page.split('class="live-entries"')[1])]

        # The first page: the pinned entry, then the 50 newest others; update 3, a key moment,
        # is on the next page and the summary links there.
        first = self.page_of(story)
        self.assertEqual(shown(first), [10] + [n for n in range(54, 3, -1) if n != 10])
        older = "%s?after=%d" % (path, ids[4])
        self.assertIn('href="%s#live" rel="next">Older updates' % older, first)
        self.assertIn('href="%s#entry-%d"' % (older, ids[3]), first)
        self.assertIn("data-live-events=", first)

        status, _, body = self.server.get(older)
        self.assertEqual(status, 200)
        second = body.decode()
        self.assertEqual(shown(second), [3, 2, 1, 0])
        self.assertIn('id="entry-%d"' % ids[3], second)
        self.assertIn("Earlier updates", second)
        self.assertIn('href="%s#live">Newest updates' % path, second)
        self.assertNotIn("Older updates", second)
        self.assertNotIn("data-live-events=", second, "an older page does not take new entries")

        # The API pages the same way.
        status, _, listed = self.call("GET", "/stories/%d/entries?before=%d" % (story["id"], ids[4]))
        self.assertEqual(status, 200)
        self.assertEqual([e["id"] for e in listed["data"]], [ids[3], ids[2], ids[1], ids[0]])
        self.assertNotIn("next", listed)

        # Addresses that are not pages of it.
        self.assertEqual(self.server.get(path + "?after=x1")[0], 400)
        self.assertEqual(self.server.get("%s?after=%d" % (path, ids[0]))[0], 404)
        self.assertEqual(self.server.get(path + "?after=99999999")[0], 404)
        status, _, _ = self.call("GET", "/stories/%d/entries?before=first" % story["id"])
        self.assertEqual(status, 400)
        _, _, stories = self.call("GET", "/stories?kind=article&per_page=1")
        plain = "/" + stories["data"][0]["url"].split("//", 1)[1].split("/", 1)[1]
        status, headers, _ = self.server.get(plain + "?after=5")
        self.assertEqual((status, headers.get("location")), (301, plain))

    def test_an_entry_is_corrected_from_the_newsroom(self):
        story = self.start_live("Festival live")
        status, _, posted = self.post(story["id"], "The headliner is late.", key_moment=True)
        self.assertEqual(status, 201)
        entry = posted["data"]
        edit = "/admin/stories/%d/entries/%d" % (story["id"], entry["id"])
        stream = EventStream(self.server.port, "/api/v1/stories/%d/events?after=%d" % (story["id"], entry["seq"]))

        editor = Newsroom(self.server)
        email = "live-desk-%d@example.com" % story["id"]
        self.assertEqual(editor.login(email, add_user(self.server, email, "editor"))[0], 303)
        status, _, desk = editor.get("/admin/stories/%d" % story["id"])
        self.assertIn('href="%s/edit"' % edit, desk)
        status, _, form = editor.get(edit + "/edit")
        self.assertEqual(status, 200)
        self.assertIn(">The headliner is late.</textarea>", form)
        self.assertIn('name="key_moment" checked', form)

        # Saved: the entry changes, keeps its time and author, and readers hear of it.
        status, headers, _ = editor.post(edit, {"body": "The headliner is on stage."})
        self.assertEqual(status, 303)
        self.assertIn("done=entry-edited", headers["location"])
        _, _, now = self.call("GET", "/stories/%d/entries/%d" % (story["id"], entry["id"]))
        self.assertEqual(now["data"]["body"], "The headliner is on stage.")
        self.assertFalse(now["data"]["key_moment"], "an unticked box is a change too")
        self.assertEqual(now["data"]["posted_at"], entry["posted_at"])
        self.assertEqual(now["data"]["author"], entry["author"])
        event = stream.next_event()
        self.assertIsNotNone(event, "no event within 5 s")
        self.assertIn("on stage", event["data"])
        stream.close()

        # Refused: the form comes back as sent, with the reason; nothing changes.
        status, _, again = editor.post(edit, {"body": "   ", "pinned": "on"})
        self.assertEqual(status, 422)
        self.assertIn("Write the entry", again)
        self.assertIn('name="pinned" checked', again)
        status, _, _ = editor.post(edit, {"body": "x", "media_id": "photo"})
        self.assertEqual(status, 422)
        _, _, unchanged = self.call("GET", "/stories/%d/entries/%d" % (story["id"], entry["id"]))
        self.assertEqual(unchanged["data"]["body"], "The headliner is on stage.")

        # Another writer may not touch it; a missing entry is not found.
        other = Newsroom(self.server)
        email = "live-other-%d@example.com" % story["id"]
        self.assertEqual(other.login(email, add_user(self.server, email, "writer"))[0], 303)
        self.assertEqual(other.get(edit + "/edit")[0], 403)
        self.assertEqual(other.post(edit, {"body": "Mine now."})[0], 403)
        self.assertEqual(editor.get("/admin/stories/%d/entries/999999/edit" % story["id"])[0], 404)

        # Once the coverage has ended the entries are frozen.
        status, _, ended = self.call("POST", "/stories/%d/end" % story["id"],
                                     {"version": story["version"], "summary": "A long night."}, token="editor")
        self.assertEqual(status, 200, ended)
        status, _, frozen = editor.post(edit, {"body": "Too late."})
        self.assertEqual(status, 409)
        self.assertIn("frozen", frozen)

    def test_entries_are_enriched_and_the_story_grows_with_them(self):
        story = self.start_live("Runaways reunion live")
        _, _, before = self.call("GET", "/stories/%d" % story["id"])
        self.assertNotIn("kristen-stewart", {e["slug"] for e in before["data"]["entities"]})
        status, _, entry = self.post(story["id"], 'Kristen Stewart takes the stage. "We never stopped," Kristen Stewart said.')
        self.assertEqual(status, 201, entry)
        self.assertIn('href="/people/kristen-stewart"', entry["data"]["body_html"])
        _, _, after = self.call("GET", "/stories/%d" % story["id"])
        self.assertIn("kristen-stewart", {e["slug"] for e in after["data"]["entities"]})
        self.assertEqual(after["data"]["version"], before["data"]["version"])
        _, _, quotes = self.call("GET", "/stories/%d/quotes" % story["id"])
        self.assertTrue(any("never stopped" in q["text"] and q["speaker"] and q["speaker"]["slug"] == "kristen-stewart"
                            for q in quotes["data"]), quotes)
        # The topic page lists the story (its cached copy dropped with the entry).
        status, _, topic = self.server.get("/people/kristen-stewart")
        self.assertEqual(status, 200)
        self.assertIn("Runaways reunion live", topic.decode())
        # And the live story is news: in the API's lists, the news sitemap and the home page.
        _, _, live = self.call("GET", "/stories?kind=live&per_page=100")
        self.assertIn(story["id"], [s["id"] for s in live["data"]])
        status, _, news = self.server.get("/sitemaps/news.xml")
        self.assertIn("Runaways reunion live", news.decode())
        status, _, home = self.server.get("/")
        self.assertIn("badge-live", home.decode())

    def test_ending_the_coverage(self):
        story = self.start_live("Album drop live")
        self.post(story["id"], "The album is out.")
        stream = EventStream(self.server.port, "/api/v1/stories/%d/events" % story["id"])
        status, _, refused = self.call("POST", "/stories/%d/end" % story["id"],
                                       {"version": story["version"], "summary": "It was a night."}, token="writer")
        self.assertEqual(status, 403, refused)
        status, _, ended = self.call("POST", "/stories/%d/end" % story["id"],
                                     {"version": story["version"], "summary": "The album went out at midnight."},
                                     token="editor")
        self.assertEqual(status, 200, ended)
        self.assertFalse(ended["data"]["live"]["is_live"])
        self.assertTrue(ended["data"]["body"].startswith("The album went out at midnight."))
        event = stream.next_event()
        while event and event.get("event") != "end":
            event = stream.next_event()
        self.assertIsNotNone(event, "the stream was not told of the end")
        stream.close()
        status, _, error = self.post(story["id"], "Too late.")
        self.assertEqual(status, 409)
        self.assertEqual(error["error"]["rule"], "coverage_ended")
        page = self.page_of(story)
        self.assertIn("The album went out at midnight.", page)
        self.assertIn("The album is out.", page)  # the entries stay
        self.assertIn("Live coverage has ended", page)
        self.assertNotIn('badge-live">Live<', page)
        self.assertIn("coverageEndTime", page)

    def test_bad_input_gets_a_reason(self):
        story = self.start_live("Bad input live")
        _, _, article = self.call("POST", "/stories", {"headline": "Plain story", "section": "movies"},
                                  token="editor")
        cases = [
            (self.post(story["id"], "   "), 422, "entry_text"),
            (self.post(story["id"], "x" * 20001), 422, "entry_text"),
            (self.post(story["id"], "With a missing photo", media_id=999999), 422, "entry_media"),
            (self.post(story["id"], "A contributor", token="contributor"), 403, "entry"),
            (self.post(article["data"]["id"], "Not live"), 422, "not_live"),
            (self.call("POST", "/stories/%d/entries" % story["id"], {"body": "x", "colour": "red"}, token="writer"), 422, None),
            (self.call("POST", "/stories/%d/entries" % story["id"], {"body": 5}, token="writer"), 422, None),
            (self.call("POST", "/stories/%d/entries" % story["id"], {"body": "x"}), 401, None),
            (self.call("PATCH", "/stories/%d/entries/999999" % story["id"], {"body": "x"}, token="writer"), 404, None),
            (self.call("GET", "/stories/%d/events?after=soon" % story["id"]), 400, None),
            (self.call("GET", "/stories/%d/events" % article["data"]["id"], token="editor"), 404, None),
        ]
        for (status, _, body), want, rule in cases:
            self.assertEqual(status, want, body)
            self.assertIn("message", body["error"])
            if rule:
                self.assertEqual(body["error"].get("rule"), rule, body)
        # Someone else's entry: a writer may not edit it; an editor may.
        _, _, mine = self.post(story["id"], "Maya's entry.")
        status, _, _ = self.call("PATCH", "/stories/%d/entries/%d" % (story["id"], mine["data"]["id"]),
                                 {"body": "Dev's edit"}, token="other_writer")
        self.assertEqual(status, 403)
        status, _, _ = self.call("PATCH", "/stories/%d/entries/%d" % (story["id"], mine["data"]["id"]),
                                 {"body": "The desk's edit"}, token="editor")
        self.assertEqual(status, 200)


if __name__ == "__main__":
    unittest.main()
