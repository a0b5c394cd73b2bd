"""marquee import on pages scraped from the web and saved HTML, against the demo site."""
import os
import re
import unittest

from harness import SOURCE_DIR, Server, run_cli

FIXTURES = os.path.join(SOURCE_DIR, "tests", "data", "import")


class ImportScrapedPages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A demo site that is not serving: the command works on the store alone.
        cls.server = Server()
        cls.server.stop()
        cls.data = ["--data", cls.server.data_dir]

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_scraped_text_becomes_a_linked_story(self):
        result = run_cli("import", *self.data, "--section", "movies", os.path.join(FIXTURES, "runaways-clip.txt"))
        self.assertEqual(result.returncode, 0, result.stderr)
        slug = re.search(r"-> ([a-z0-9-]+) \(published\)", result.stdout).group(1)
        links = run_cli("links", *self.data, slug)
        self.assertEqual(links.returncode, 0, links.stderr)
        for entity in ("kristen-stewart", "dakota-fanning", "joan-jett", "cherie-currie"):
            self.assertRegex(links.stdout, r"\n%s\s" % entity)
        # The run-together link texts were split where the known names meet.
        self.assertIn("eclipse-film", links.stdout)
        self.assertIn('quote (Kristen Stewart): "Joan watched every take', links.stdout)
        # The "Read on for more" list at the end was not taken into the body.
        server = Server(data_dir=self.server.data_dir)
        try:
            html = server.get("/movies/2010/07/21/" + slug)[2].decode()
            self.assertIn("Jul 21, 2010 at 2:39 p.m. ET", html)
            self.assertIn("The Twilight Saga: Eclipse may be", re.sub(r"<[^>]+>", "", html))
            self.assertNotIn("Joan Jett Visits the Runaways Set", html[:html.find('class="related"')])
            self.assertNotIn(">Advertisement<", html)
        finally:
            server.stop()

    def test_saved_html_page(self):
        result = run_cli("import", *self.data, "--section", "movies", os.path.join(FIXTURES, "runaways-review.html"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 new", result.stdout)

    def test_unreadable_dateline_is_refused_with_its_line(self):
        result = run_cli("import", *self.data, "--section", "movies", os.path.join(FIXTURES, "bad-dateline.txt"))
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"bad-dateline\.txt:3: ")

    def test_garbage_is_refused(self):
        path = os.path.join(self.server.tmp, "garbage.txt")
        with open(path, "wb") as f:
            f.write(bytes(range(256)) * 10)
        result = run_cli("import", *self.data, "--section", "movies", path)
        self.assertEqual(result.returncode, 2)
        self.assertIn("garbage.txt:", result.stderr)
        self.assertEqual(run_cli("import", *self.data, os.path.join(self.server.tmp, "missing.txt")).returncode, 2)


if __name__ == "__main__":
    unittest.main()
