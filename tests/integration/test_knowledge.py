"""The knowledge graph on the public site: linked mentions, topic pages, related reading, and
the content commands (import, entities, links) with a server running beside them."""
import os
import re
import tempfile
import unittest

from harness import Server, run_cli, wait_until

CLIP = "/movies/2010/07/21/runaways-exclusive-clip"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace("&apos;", "'")


class KnowledgeOnTheSite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def page(self, path):
        status, _, body = self.server.get(path)
        self.assertEqual(status, 200, path)
        return body.decode()

    def test_story_links_first_mentions_to_topic_pages(self):
        html = self.page(CLIP)
        body = html[html.index('class="story-body"'):html.index("</article>")]
        for href in ("/people/kristen-stewart", "/people/dakota-fanning", "/people/joan-jett",
                     "/people/cherie-currie", "/songs/cherry-bomb"):
            self.assertEqual(body.count('href="%s"' % href), 1, href)
        for link in re.findall(r'<a href="(/[a-z]+/[a-z0-9-]+)" class="entity"', body):
            self.assertEqual(self.server.get(link)[0], 200, link)

    def test_related_reading_is_headed_by_the_shared_people(self):
        html = self.page(CLIP)
        self.assertIn("Read on for more Dakota Fanning &amp; Kristen Stewart", html)
        related = html[html.index('class="related"'):]
        stories = re.findall(r'href="(/[a-z]+/\d{4}/\d\d/\d\d/[a-z0-9-]+)"', related)
        self.assertGreaterEqual(len(stories), 3)
        self.assertNotIn(CLIP, stories)

    def test_person_page(self):
        text = text_of(self.page("/people/kristen-stewart"))
        self.assertIn("Joan Jett in The Runaways (2010)", text)
        self.assertIn("Bella Swan in The Twilight Saga: Eclipse (2010)", text)
        self.assertIn("Born Apr 9, 1990", text)
        self.assertIn("Often covered with", text)
        self.assertIn("Dakota Fanning", text)
        self.assertIn("In Kristen Stewart’s words", text)
        self.assertIn("Latest on Kristen Stewart", text)

    def test_film_band_and_song_pages(self):
        film = text_of(self.page("/films/the-runaways-film"))
        self.assertIn("Kristen Stewart as Joan Jett", film)
        self.assertIn("Dakota Fanning as Cherie Currie", film)
        self.assertIn("Directed by Floria Sigismondi", film)
        band = text_of(self.page("/bands/the-runaways-band"))
        self.assertIn("Members", band)
        self.assertRegex(band, r"Joan Jett \([^)]*1975")
        song = text_of(self.page("/songs/cherry-bomb"))
        self.assertIn("Dazed and Confused (1993)", song)

    def test_topic_urls(self):
        status, headers, _ = self.server.get("/films/kristen-stewart")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "/people/kristen-stewart")
        self.assertEqual(self.server.get("/people/nobody-we-know")[0], 404)
        status, headers, _ = self.server.get("/people/kristen-stewart?page=99")
        self.assertEqual((status, headers["location"]), (301, "/people/kristen-stewart"))
        self.assertEqual(self.server.get("/people/kristen-stewart?after=x1")[0], 400)


class ContentCommandsBesideARunningServer(unittest.TestCase):
    def setUp(self):
        self.server = Server()
        self.data = ["--data", self.server.data_dir]

    def tearDown(self):
        self.server.stop()
        self.server.cleanup()

    def write(self, name, text):
        path = os.path.join(self.server.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_imported_story_goes_live_and_joins_the_topic_pages(self):
        # Warm the caches that the import must invalidate.
        self.assertNotIn("Floria Sigismondi Signs On", self.server.get("/")[2].decode())
        self.server.get("/people/floria-sigismondi")
        story = self.write("new.md", """+++
headline = "Floria Sigismondi Signs On for a New Music Film"
dek = "The director of The Runaways returns to rock on screen."
section = "music"
authors = ["maya-okafor"]
tags = ["Floria Sigismondi"]
published = 2010-11-02T10:15:00-04:00
+++
Floria Sigismondi, who wrote and directed The Runaways, is making another film about music.

"I like stories about people who make noise," Sigismondi said.
""")
        result = run_cli("import", *self.data, story)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 new", result.stdout)
        self.assertTrue(wait_until(lambda: "Floria Sigismondi Signs On" in self.server.get("/")[2].decode(), 5),
                        "home page shows the imported story")
        # The home page can show the story before this server has read the import's change
        # notice; the topic page drops from the cache when it does.
        topic = lambda: self.server.get("/people/floria-sigismondi")[2].decode()
        self.assertTrue(wait_until(lambda: "Floria Sigismondi Signs On" in topic(), 5),
                        "the topic page lists the imported story")
        self.assertIn("I like stories about people who make noise", topic())
        # Importing the same file again updates, never duplicates.
        result = run_cli("import", *self.data, story)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("0 new, 1 updated", result.stdout)

    def test_bad_story_files_write_nothing(self):
        good = self.write("good.md", '+++\nheadline = "Fine"\nsection = "music"\npublished = 2010-01-01T00:00:00Z\n+++\nBody.\n')
        bad = self.write("bad.md", '+++\nheadline = "Broken"\nsection = "music"\nstatus = "live"\n+++\nBody.\n')
        result = run_cli("import", *self.data, good, bad)
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"bad\.md:4: ")
        status, _, _ = self.server.get("/music/2010/01/01/fine")
        self.assertEqual(status, 404, "the good file was not imported either")
        result = run_cli("import", *self.data, self.write("nosection.md", '+++\nheadline = "X"\nsection = "opera"\npublished = 2010-01-01T00:00:00Z\n+++\nBody.\n'))
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown section 'opera'", result.stderr)

    def test_rejecting_a_link_unlinks_it_everywhere(self):
        html = self.server.get(CLIP)[2].decode()
        self.assertIn('href="/people/kim-fowley" class="entity"', html)
        self.assertIn(CLIP, self.server.get("/people/kim-fowley")[2].decode())
        result = run_cli("links", *self.data, "runaways-exclusive-clip", "--reject", "kim-fowley")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"kim-fowley\s+rejected")
        self.assertTrue(wait_until(lambda: 'href="/people/kim-fowley" class="entity"' not in self.server.get(CLIP)[2].decode(), 5))
        self.assertNotIn(CLIP, self.server.get("/people/kim-fowley")[2].decode())
        # The decision survives re-enrichment.
        result = run_cli("reindex", *self.data)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"re-linked [1-9]\d* stories in [\d.]+ s")
        # Not a terminal: the progress bar is a line per tenth of the way, ending at 100%.
        self.assertRegex(result.stderr.splitlines()[-1], r"^\[#+\] 100% [\d,]+ of [\d,]+ stories")
        self.assertEqual(run_cli("reindex", *self.data, "--threads", "0").returncode, 2)
        self.assertRegex(run_cli("links", *self.data, "runaways-exclusive-clip").stdout, r"kim-fowley\s+rejected")
        self.assertEqual(run_cli("links", *self.data, "no-such-story").returncode, 2)
        self.assertEqual(run_cli("links", *self.data, "runaways-exclusive-clip", "--confirm", "nobody").returncode, 2)

    def test_graph_import_is_all_or_nothing_and_idempotent(self):
        before = run_cli("entities", "export", *self.data).stdout
        self.assertGreater(len(before.splitlines()), 150)
        bad = self.write("bad.jsonl", '{"entity": "new-person", "kind": "person", "name": "New Person"}\n'
                                      '{"relation": "acted_in", "subject": "new-person", "object": "no-such-film"}\n'
                                      'not json\n')
        result = run_cli("entities", "import", *self.data, bad)
        self.assertEqual(result.returncode, 2)
        self.assertIn("bad.jsonl:2:", result.stderr)
        self.assertIn("bad.jsonl:3:", result.stderr)
        self.assertEqual(run_cli("entities", "export", *self.data).stdout, before)
        # Re-importing the exported graph changes nothing.
        exported = self.write("graph.jsonl", before)
        result = run_cli("entities", "import", "--no-reindex", *self.data, exported)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("0 added", result.stdout)
        self.assertIn("relations: 0 added", result.stdout)
        self.assertEqual(run_cli("entities", "export", *self.data).stdout, before)
        # A new person shows up on the site once imported.
        person = self.write("person.jsonl", '{"entity": "jane-newcomer", "kind": "person", "name": "Jane Newcomer", "description": "Actress."}\n'
                                            '{"relation": "acted_in", "subject": "jane-newcomer", "object": "the-runaways-film", "qualifiers": {"character": "A Fan"}}\n')
        self.assertEqual(run_cli("entities", "import", *self.data, person).returncode, 0)
        self.assertTrue(wait_until(lambda: self.server.get("/people/jane-newcomer")[0] == 200, 5))
        self.assertTrue(wait_until(lambda: "Jane Newcomer as A Fan" in text_of(self.server.get("/films/the-runaways-film")[2].decode()), 5))


if __name__ == "__main__":
    unittest.main()
