"""Plain pages over real HTTP on a real SQLite store: created and edited through the API (every
refusal a 4xx with a reason) and through the newsroom form, served at their own paths with the
page template, listed in the sitemap and nowhere among the news (home, section, feeds, search's
story results), and carried over from a WordPress export with their old addresses as 301s."""
import json
import os
import re
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ET

from admin_client import Newsroom, add_user
from harness import SOURCE_DIR, Server, run_cli
from test_api import jsonschema, to_json_schema

PAGES_EXPORT = os.path.join(SOURCE_DIR, "tests", "data", "wordpress", "export-pages.xml")


class PagesThroughTheApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        result = run_cli("token", "create", "--data", cls.server.data_dir, "--user",
                         "admin@example.com", "--name", "pages")
        assert result.returncode == 0, result.stderr
        cls.token = result.stdout.strip()
        status, _, body = cls.server.get("/api/v1/openapi.json")
        cls.spec = json.loads(body)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def call(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}
        data = json.dumps(body) if body is not None else None
        status, headers, raw = self.server.request(method, "/api/v1" + path, headers, data)
        return status, json.loads(raw) if raw else None

    def check(self, path, method, status, document):
        """The answer as the served OpenAPI description says it is."""
        response = self.spec["paths"][path][method]["responses"][str(status)]
        schema = to_json_schema(response["content"]["application/json"]["schema"],
                                self.spec["components"]["schemas"])
        if jsonschema:
            jsonschema.validate(document, schema)

    def create(self, body):
        status, doc = self.call("POST", "/stories", body)
        self.assertEqual(status, 201, doc)
        self.check("/stories", "post", 201, doc)
        return doc["data"]

    def page_body(self, path):
        status, _, body = self.server.get(path)
        return status, body.decode()

    def test_a_page_is_served_at_its_path_and_is_never_news(self):
        about = self.create({"kind": "page", "headline": "About Marquee Daily", "dek": "Who we are",
                             "body": "We write about **films** and bands.", "status": "published"})
        self.assertEqual(about["kind"], "page")
        self.assertEqual(about["path"], "/about-marquee-daily")
        self.assertIsNone(about["parent"])
        self.assertEqual(about["section"], "")
        self.assertTrue(about["url"].endswith("/about-marquee-daily"))
        team = self.create({"kind": "page", "headline": "The team", "slug": "team",
                            "parent": "/about-marquee-daily", "body": "Editors and writers.",
                            "status": "published"})
        self.assertEqual(team["path"], "/about-marquee-daily/team")
        self.assertEqual(team["parent"], "/about-marquee-daily")

        status, html = self.page_body("/about-marquee-daily")
        self.assertEqual(status, 200)
        self.assertIn('class="story story-page"', html)
        self.assertIn("<strong>films</strong>", html)
        self.assertNotIn('class="byline"', html)
        self.assertIn('"@type":"WebPage"', html.replace(" ", ""))
        status, html = self.page_body("/about-marquee-daily/team")
        self.assertEqual(status, 200)
        self.assertIn('href="/about-marquee-daily">About Marquee Daily</a>', html)  # its parent
        self.assertEqual(self.server.get("/about-marquee-daily/team/")[0], 301)
        self.assertEqual(self.server.get("/about-marquee-daily/nobody")[0], 404)

        # Nowhere among the news.
        for path in ("/", "/movies", "/feeds/rss.xml", "/feeds/feed.json", "/feeds/atom.xml",
                     "/sitemaps/news.xml"):
            status, body = self.page_body(path)
            self.assertEqual(status, 200, path)
            self.assertNotIn("/about-marquee-daily", body, path)
        status, doc = self.call("GET", "/stories?per_page=100")
        self.assertNotIn(about["id"], [s["id"] for s in doc["data"]])
        # In the sitemap, with the other pages readers land on.
        status, sitemap = self.page_body("/sitemaps/pages.xml")
        self.assertEqual(status, 200)
        locs = [e.text for e in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        self.assertIn(about["url"], locs)
        self.assertIn(team["url"], locs)
        # Findable by search, in a list of its own, never counted among the stories.
        status, html = self.page_body("/search?q=editors+writers")
        self.assertIn('aria-label="Pages found"', html)
        self.assertIn('href="/about-marquee-daily/team"', html)
        self.assertIn("0 stories found", html)
        # Listed with ?kind=page.
        status, doc = self.call("GET", "/stories?kind=page")
        self.assertEqual(status, 200)
        self.check("/stories", "get", 200, doc)
        self.assertEqual({s["path"] for s in doc["data"]},
                         {"/about-marquee-daily", "/about-marquee-daily/team"})
        self.assertTrue(all(s["kind"] == "page" for s in doc["data"]))

    def test_editing_a_page_moves_it_and_its_old_path_redirects(self):
        page = self.create({"kind": "page", "headline": "Advertise", "status": "published",
                            "body": "Rates on request."})
        status, doc = self.call("PATCH", "/stories/%d" % page["id"],
                                {"version": 1, "slug": "advertise-with-us", "headline": "Advertise with us"})
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc["data"]["path"], "/advertise-with-us")
        self.assertEqual(self.page_body("/advertise-with-us")[0], 200)
        status, headers, _ = self.server.get("/advertise")
        self.assertEqual((status, headers.get("location")), (301, "/advertise-with-us"))
        status, doc = self.call("PATCH", "/stories/%d" % page["id"], {"version": 2, "path": "/advertise"})
        self.assertEqual(status, 200, doc)
        self.assertEqual(self.page_body("/advertise")[0], 200)

    def test_every_refusal_is_a_4xx_with_a_reason(self):
        parent = self.create({"kind": "page", "headline": "Help", "status": "published"})
        self.create({"kind": "page", "headline": "FAQ", "parent": "/help", "status": "draft"})
        story = self.create({"headline": "A story for kinds", "section": "movies"})
        cases = [
            ({"kind": "page", "headline": "Admin", "slug": "admin"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Search", "path": "/search"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Feed", "path": "/feed"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Media", "path": "/media/x"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Static", "path": "/static"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Kristen", "path": "/people/kristen"}, "path", "belongs to the site"),
            ({"kind": "page", "headline": "Movies guide", "path": "/movies"}, "path", "Movies section"),
            ({"kind": "page", "headline": "Help again", "path": "/help"}, "path", "already the page"),
            ({"kind": "page", "headline": "Orphan", "parent": "/nowhere"}, "path", "no page at /nowhere"),
            ({"kind": "page", "headline": "Deep", "path": "/a/b/c/d/e"}, "path", "levels deep"),
            ({"kind": "page", "headline": "Bad", "path": "/Bad Path"}, "path", "lower-case"),
            ({"kind": "page", "headline": "Both", "path": "/x", "parent": "/help"}, "path", "not both"),
            ({"kind": "page", "headline": "Sectioned", "section": "movies"}, "section", "no section"),
            ({"kind": "poem", "headline": "Odd"}, "kind", "article, live, page or gallery"),
            ({"headline": "Story with a path", "section": "movies", "path": "/x"}, "path", "only pages"),
            ({"kind": "page", "headline": "Taken", "path": "/a-story-for-kinds"}, "path", "used by the story"),
        ]
        for body, field, reason in cases:
            status, doc = self.call("POST", "/stories", body)
            self.assertTrue(400 <= status < 500, (body, status))
            self.assertEqual(doc["error"]["field"], field, body)
            self.assertIn(reason, doc["error"]["message"], body)
        # A kind does not change, and a page with pages under it does not move away from them.
        status, doc = self.call("PATCH", "/stories/%d" % story["id"], {"version": 1, "kind": "page"})
        self.assertEqual((status, doc["error"]["field"]), (422, "kind"))
        status, doc = self.call("PATCH", "/stories/%d" % parent["id"], {"version": 1, "path": "/support"})
        self.assertEqual(status, 422)
        self.assertIn("pages under it", doc["error"]["message"])
        # Nor does a new section take a page's address.
        result = run_cli("sections", "add", "help", "Help desk", "--data", self.server.data_dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn('/help is the page "Help"', result.stderr)
        status, doc = self.call("GET", "/stories?kind=poem")
        self.assertEqual((status, doc["error"]["field"]), (400, "kind"))
        self.assertEqual(self.page_body("/help")[0], 200)  # untouched


class PagesInTheNewsroom(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.newsroom = Newsroom(cls.server)
        password = add_user(cls.server, "pages-editor@newsroom.test", "editor")
        status, _, _ = cls.newsroom.login("pages-editor@newsroom.test", password)
        assert status == 303, status

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def test_new_page_form_needs_no_section_and_publishes_at_its_path(self):
        status, _, page = self.newsroom.get("/admin/stories")
        self.assertIn('href="/admin/stories/new?kind=page"', page)
        status, _, form = self.newsroom.get("/admin/stories/new?kind=page")
        self.assertEqual(status, 200)
        self.assertIn("New page", form)
        self.assertNotIn('id="section"', form)
        self.assertIn('id="parent"', form)
        status, headers, _ = self.newsroom.post("/admin/stories", {
            "kind": "page", "headline": "Contact the desk", "slug": "", "parent": "",
            "body": "Write to tips@example.com.", "action": "publish", "version": "0"})
        self.assertEqual(status, 303, headers)
        edit_url = headers["location"].split("?")[0]
        self.assertEqual(self.server.get("/contact-the-desk")[0], 200)
        # A child page under it, chosen from the parent list.
        status, _, form = self.newsroom.get("/admin/stories/new?kind=page")
        self.assertIn('<option value="contact-the-desk"', form)
        status, headers, _ = self.newsroom.post("/admin/stories", {
            "kind": "page", "headline": "Press", "slug": "press", "parent": "contact-the-desk",
            "body": "Press enquiries.", "action": "publish", "version": "0"})
        self.assertEqual(status, 303)
        status, _, body = self.server.get("/contact-the-desk/press")
        self.assertEqual(status, 200)
        self.assertIn("Press enquiries.", body.decode())
        # The list shows pages as pages; the editor edits one again.
        status, _, listing = self.newsroom.get("/admin/stories?kind=page")
        self.assertIn("Contact the desk", listing)
        self.assertIn("Press", listing)
        self.assertIn('<option value="page" selected>Pages</option>', listing)
        self.assertIn('<span>2 shown</span>', listing)  # what the filter shows
        status, _, listing = self.newsroom.get("/admin/stories?kind=article")
        self.assertNotIn("Contact the desk", listing)
        status, _, form = self.newsroom.get(edit_url)
        self.assertIn("Edit page", form)

    def test_a_page_over_a_section_or_route_is_refused_in_the_form(self):
        for slug, reason in (("music", "Music section"), ("admin", "belongs to the site")):
            status, _, page = self.newsroom.post("/admin/stories", {
                "kind": "page", "headline": "Clash " + slug, "slug": slug, "parent": "",
                "body": "x", "action": "save", "version": "0"})
            self.assertEqual(status, 422, slug)
            self.assertIn(reason, page)


class PagesFromWordpress(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="marquee-wp-pages-")
        cls.data = os.path.join(cls.tmp, "data")
        result = run_cli("import", "--data", cls.data, PAGES_EXPORT)
        assert result.returncode == 0, result.stderr + result.stdout
        cls.summary = result.stdout
        cls.server = Server(demo=False, data_dir=cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_summary_counts_pages(self):
        self.assertIn("pages: 5 imported (1 draft, 4 published)", self.summary)
        self.assertIn('page 15 "Staff Only"', self.summary)

    def test_old_page_addresses_answer_301_to_the_new_pages(self):
        for old, new in [("/about/", "/about"), ("/?page_id=10", "/about"),
                         ("/about/team/", "/about/team"), ("/?page_id=12", "/about/team"),
                         ("/about/team/masthead/", "/about/team/masthead"),
                         ("/music/", "/music-14"), ("/?page_id=14", "/music-14")]:
            status, headers, _ = self.server.get(old)
            self.assertEqual((status, headers.get("location")), (301, new), old)
            status, _, body = self.server.get(new)
            self.assertEqual(status, 200, new)
        # The section keeps its own address; the draft and the private page are not shown.
        self.assertIn(b"Jett Tour Dates", self.server.get("/music")[2])
        self.assertEqual(self.server.get("/contact")[0], 404)
        self.assertEqual(self.server.get("/staff-only")[0], 404)
        status, _, body = self.server.get("/about/team")
        self.assertIn(b"Tam Nguyen runs music", body)


if __name__ == "__main__":
    unittest.main()
