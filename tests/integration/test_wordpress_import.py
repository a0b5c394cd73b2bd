"""marquee import on a WordPress export, then the site over real HTTP: every old address of every
published post answers 301 with the story's new address, and so do the categories, authors and
feeds; a malformed export is refused with its line; an import killed in the middle leaves only
whole stories, and running it again finishes the job without a duplicate."""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import shutil
import time
import unittest
import xml.etree.ElementTree as ET

from harness import BIN, SOURCE_DIR, Server, run_cli, wait_until

EXPORT = os.path.join(SOURCE_DIR, "tests", "data", "wordpress", "export-small.xml")
NS = {"wp": "http://wordpress.org/export/1.2/"}

sys.path.insert(0, os.path.join(SOURCE_DIR, "bench"))
import wordpress as synthetic  # noqa: E402  (bench/wordpress.py makes big exports)


def published_posts():
    items = []
    for item in ET.parse(EXPORT).getroot().iter("item"):
        if item.findtext("wp:post_type", namespaces=NS) != "post":
            continue
        if item.findtext("wp:status", namespaces=NS) != "publish":
            continue
        items.append({
            "id": item.findtext("wp:post_id", namespaces=NS),
            "link": item.findtext("link"),
            "slug": item.findtext("wp:post_name", namespaces=NS),
            "title": item.findtext("title"),
        })
    return items


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


class OldAddresses(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="marquee-wp-")
        cls.data = os.path.join(cls.tmp, "data")
        result = run_cli("import", "--data", cls.data, EXPORT)
        assert result.returncode == 0, result.stderr + result.stdout
        cls.summary = result.stdout
        cls.server = Server(demo=False, data_dir=cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_summary_counts_every_kind(self):
        self.assertIn("imported 50 stories (49 published, 1 review)", self.summary)
        self.assertIn("authors: 4 new", self.summary)
        self.assertRegex(self.summary, r"redirects: \d+ old addresses")

    def test_every_published_post_answers_at_its_old_addresses(self):
        posts = published_posts()
        self.assertEqual(len(posts), 49)
        for post in posts:
            old = path_of(post["link"])
            status, headers, _ = self.server.get(old)
            self.assertEqual(status, 301, old)
            new = headers["location"]
            self.assertRegex(new, r"^/[a-z-]+/\d{4}/\d{2}/\d{2}/%s$" % re.escape(post["slug"]))
            status, headers, _ = self.server.get("/?p=" + post["id"])
            self.assertEqual((status, headers.get("location")), (301, new), post["id"])
            status, _, body = self.server.get(new)
            self.assertEqual(status, 200, new)
            self.assertIn(post["slug"], body.decode())

    def test_categories_authors_and_feeds_answer_too(self):
        for old, new in [("/category/movies/", "/movies"), ("/category/television", "/television"),
                         ("/feed/", "/feeds/rss.xml"), ("/author/mquell/", "/authors/mara-quell"),
                         ("/category/music/feed/", "/music/rss.xml")]:
            status, headers, _ = self.server.get(old)
            self.assertEqual((status, headers.get("location")), (301, new), old)
            self.assertEqual(self.server.get(new)[0], 200, new)
        status, headers, _ = self.server.get("/tag/first-look/")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "/search?q=first+look")  # the tag's own name

    def test_approved_comments_show_under_their_story_threaded_and_read_only(self):
        root = ET.parse(EXPORT).getroot()
        for item in root.iter("item"):
            comments = item.findall("wp:comment", NS)
            if item.findtext("wp:status", namespaces=NS) == "publish" and comments:
                break
        approved = [c for c in comments if c.findtext("wp:comment_approved", namespaces=NS) == "1"]
        self.assertTrue(approved)
        status, headers, _ = self.server.get(path_of(item.findtext("link")))
        html = self.server.get(headers["location"])[2].decode()
        archive = html[html.index('<section class="archive-comments"'):]
        archive = archive[:archive.index("</section>")]
        self.assertIn("From the archive", archive)
        self.assertEqual(archive.count("<li "), len(approved))
        for c in approved:
            self.assertIn(c.findtext("wp:comment_author", namespaces=NS).replace("'", "&#39;"), archive)
        self.assertNotIn("<form", archive)

    def test_unknown_old_addresses_are_still_not_found(self):
        self.assertEqual(self.server.get("/2025/01/01/never-was")[0], 404)
        self.assertEqual(self.server.get("/?p=999999")[0], 200)  # the home page, as before

    def test_navigation_is_not_flooded_by_categories(self):
        db = sqlite3.connect(os.path.join(self.data, "marquee.db"))
        sections = [row[0] for row in db.execute("SELECT slug FROM sections")]
        shown = db.execute(
            "SELECT value FROM settings WHERE name = 'navigation.sections'").fetchone()[0].split(",")
        db.close()
        self.assertEqual(len(shown), 6)
        self.assertGreater(len(sections), len(shown))
        html = self.server.get("/")[2].decode()
        nav = html[html.index('<nav class="sections"'):]
        nav = nav[:nav.index("</nav>")]
        for slug in sections:
            linked = ('href="/%s"' % slug) in nav
            self.assertEqual(linked, slug in shown, slug)
            # A section left out of the navigation is still a page of its own.
            self.assertEqual(self.server.get("/" + slug)[0], 200, slug)


class Refusals(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="marquee-wp-")
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_a_malformed_export_is_refused_with_its_line_and_nothing_is_written(self):
        with open(EXPORT, encoding="utf-8") as f:
            text = f.read()
        # Break the closing tag of the thirtieth post's id, well into the file.
        at = -1
        for _ in range(30):
            at = text.index("</wp:post_id>", at + 1)
        text = text[:at] + "</wp:post_idd>" + text[at + len("</wp:post_id>"):]
        broken_at = text.count("\n", 0, at) + 1
        path = os.path.join(self.tmp, "broken.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        result = run_cli("import", "--data", self.data, path)
        self.assertEqual(result.returncode, 2, result.stdout)
        line = int(re.search(r"broken\.xml:(\d+): ", result.stderr).group(1))
        self.assertEqual(line, broken_at, result.stderr)
        db = sqlite3.connect(os.path.join(self.data, "marquee.db"))
        self.assertEqual(db.execute("SELECT count(*) FROM articles").fetchone()[0], 0)
        self.assertEqual(db.execute("SELECT count(*) FROM users").fetchone()[0], 0)

    def test_a_dry_run_writes_nothing(self):
        result = run_cli("import", "--dry-run", "--data", self.data, EXPORT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("would import 50 stories", result.stdout)
        self.assertIn("dry run: nothing written", result.stdout)
        db = sqlite3.connect(os.path.join(self.data, "marquee.db"))
        for table in ("articles", "users", "sections", "address_redirects", "import_keys"):
            self.assertEqual(db.execute("SELECT count(*) FROM " + table).fetchone()[0], 0, table)

    def test_an_import_killed_in_the_middle_leaves_whole_stories_and_finishes_when_run_again(self):
        posts = 1500
        export = os.path.join(self.tmp, "big.xml")
        synthetic.write_export(export, posts)
        progress = os.path.join(self.tmp, "progress.txt")
        with open(progress, "w") as err:
            proc = subprocess.Popen([BIN, "import", "--data", self.data, export],
                                    stdout=subprocess.DEVNULL, stderr=err)
        try:
            def some_written():
                with open(progress) as f:
                    found = re.findall(r"(\d+) stories written", f.read())
                return found and int(found[-1]) >= 100
            self.assertTrue(wait_until(some_written, timeout=120, interval=0.02))
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait()
        db = sqlite3.connect(os.path.join(self.data, "marquee.db"))
        written = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        self.assertGreater(written, 0)
        self.assertLess(written, posts, "the import finished before it was stopped")
        # Whole stories only: each rendered, with its revision and its byline.
        self.assertEqual(db.execute(
            "SELECT count(*) FROM articles WHERE body_html = '' OR NOT EXISTS "
            "(SELECT 1 FROM revisions r WHERE r.article_id = articles.id) OR NOT EXISTS "
            "(SELECT 1 FROM article_authors w WHERE w.article_id = articles.id)").fetchone()[0], 0)
        db.close()

        result = run_cli("import", "--data", self.data, export, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr)
        db = sqlite3.connect(os.path.join(self.data, "marquee.db"))
        self.assertEqual(db.execute("SELECT count(*) FROM articles").fetchone()[0], posts)
        self.assertEqual(db.execute(
            "SELECT count(*) FROM import_keys WHERE kind = 'post'").fetchone()[0], posts)
        self.assertEqual(db.execute(
            "SELECT count(DISTINCT local_id) FROM import_keys WHERE kind = 'post'").fetchone()[0],
            posts)


if __name__ == "__main__":
    unittest.main()
