"""Feeds, sitemaps, robots.txt and the structured data in page heads, over real HTTP.

Feeds are read by a real feed parser (Debian's python3-feedparser); XML is checked by xmllint,
sitemaps against the protocol's schema (tests/integration/schemas/)."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from harness import Server, links

try:
    import feedparser
except ImportError:  # the system Python has it (python3-feedparser); another may not
    feedparser = None

HERE = os.path.dirname(os.path.abspath(__file__))
XMLLINT = shutil.which("xmllint")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CLIP_STORY = "/movies/2010/07/21/runaways-exclusive-clip"
FEED_SCOPES = ["/feeds", "/movies", "/people/kristen-stewart", "/people/dakota-fanning",
               "/authors/maya-okafor"]


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


class Feeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def fetch(self, path, content_type=None):
        status, headers, body = self.server.get(path)
        self.assertEqual(status, 200, path)
        if content_type:
            self.assertTrue(headers["content-type"].startswith(content_type), (path, headers["content-type"]))
        return headers, body

    def xmllint(self, body, schema=None):
        if not XMLLINT:
            self.skipTest("xmllint is not installed")
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(body)
            f.flush()
            args = [XMLLINT, "--noout", "--nonet"]
            if schema:
                args += ["--schema", os.path.join(HERE, "schemas", schema)]
            result = subprocess.run(args + [f.name], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)

    @unittest.skipUnless(feedparser, "python3-feedparser is not installed")
    def test_every_feed_parses_cleanly(self):
        for scope in FEED_SCOPES:
            for name, kind, mime in (("rss.xml", "rss20", "application/rss+xml"),
                                     ("atom.xml", "atom10", "application/atom+xml")):
                _, body = self.fetch(scope + "/" + name, mime)
                self.xmllint(body)
                feed = feedparser.parse(body)
                self.assertFalse(feed.bozo, (scope, name, feed.get("bozo_exception")))
                self.assertEqual(feed.version, kind)
                self.assertTrue(feed.entries, scope + " has stories")
                for entry in feed.entries:
                    self.assertTrue(entry.title)
                    self.assertRegex(entry.link, r"^http://[^/]+/[a-z]+/\d{4}/\d\d/\d\d/[a-z0-9-]+$")
                    self.assertTrue(entry.get("published_parsed"), entry.link)
                    self.assertTrue(entry.get("author"), entry.link)
                    self.assertTrue(entry.get("tags"), entry.link)
                    content = entry.content[0].value
                    self.assertIn("<p>", content, "full content, not a summary")
                    self.assertNotIn('href="/', content, "links in feeds are absolute")

    def test_json_feeds_follow_version_1_1(self):
        for scope in FEED_SCOPES:
            _, body = self.fetch(scope + "/feed.json", "application/feed+json")
            feed = json.loads(body)
            self.assertEqual(feed["version"], "https://jsonfeed.org/version/1.1")
            self.assertTrue(feed["feed_url"].endswith(scope + "/feed.json"))
            self.assertTrue(feed["items"])
            for item in feed["items"]:
                for key in ("id", "url", "title", "content_html", "date_published", "authors", "tags"):
                    self.assertIn(key, item, (scope, item.get("url")))

    @unittest.skipUnless(feedparser, "python3-feedparser is not installed")
    def test_entity_feed_is_about_that_entity(self):
        _, body = self.fetch("/people/dakota-fanning/rss.xml")
        feed = feedparser.parse(body)
        self.assertIn("Dakota Fanning", feed.feed.title)
        self.assertTrue(feed.entries)
        for entry in feed.entries:
            status, _, page = self.server.get(entry.link.split("/", 3)[3].join(["/", ""]))
            # A gallery is an ImageGallery, with the same about and mentions as a NewsArticle.
            article = [d for d in json_ld(page.decode())
                       if d["@type"] in ("NewsArticle", "ImageGallery")][0]
            named = [t["name"] for t in article.get("about", []) + article.get("mentions", [])]
            self.assertIn("Dakota Fanning", named, entry.link)

    @unittest.skipUnless(feedparser, "python3-feedparser is not installed")
    def test_clip_travels_as_an_enclosure(self):
        _, body = self.fetch("/movies/rss.xml")
        feed = feedparser.parse(body)
        clip = [e for e in feed.entries if e.link.endswith(CLIP_STORY)]
        self.assertEqual(len(clip), 1)
        enclosures = clip[0].get("enclosures", [])
        self.assertEqual(len(enclosures), 1)
        self.assertTrue(enclosures[0]["type"].startswith("video/"))
        self.assertGreater(int(enclosures[0]["length"]), 0)
        status, headers, _ = self.server.get(enclosures[0]["href"].split("/", 3)[3].join(["/", ""]))
        self.assertEqual(status, 200, "the enclosure is served")
        data = json.loads(self.fetch("/movies/feed.json")[1])
        item = [i for i in data["items"] if i["url"].endswith(CLIP_STORY)][0]
        self.assertGreater(item["attachments"][0]["duration_in_seconds"], 0)

    def test_feeds_that_do_not_exist(self):
        for path in ("/nosuchsection/rss.xml", "/people/nobody-at-all/atom.xml",
                     "/authors/nobody/feed.json", "/feeds/rss.xml?page=2"):
            self.assertEqual(self.server.get(path)[0], 404, path)
        status, headers, _ = self.server.get("/films/kristen-stewart/rss.xml")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], "/people/kristen-stewart/rss.xml")

    def test_feeds_are_cached_with_etags(self):
        headers, _ = self.fetch("/feeds/atom.xml")
        status, _, body = self.server.get("/feeds/atom.xml", {"If-None-Match": headers["etag"]})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")

    @unittest.skipUnless(feedparser, "python3-feedparser is not installed")
    def test_lead_photos_travel_with_their_items(self):
        _, body = self.fetch("/feeds/rss.xml")
        feed = feedparser.parse(body)
        with_photo = [e for e in feed.entries if e.get("media_content")]
        self.assertGreaterEqual(len(with_photo), 3, "the demo's stories with photos")
        for entry in with_photo:
            content = entry.media_content[0]
            self.assertEqual(content["medium"], "image")
            self.assertGreater(int(content["width"]), 0)
            self.assertGreater(int(content["height"]), 0)
            path = content["url"].split("/", 3)[3].join(["/", ""])
            status, headers, _ = self.server.get(path)
            self.assertEqual(status, 200, "the photo is served")
            enclosures = entry.get("enclosures", [])
            self.assertEqual(len(enclosures), 1, "one enclosure per item, as RSS allows")
            if not entry.link.endswith(CLIP_STORY):
                self.assertEqual(enclosures[0]["href"], content["url"], "the photo without a clip")
                self.assertEqual(int(enclosures[0]["length"]), int(headers["content-length"]))
        _, atom = self.fetch("/feeds/atom.xml")
        entries = feedparser.parse(atom).entries
        self.assertGreaterEqual(len([e for e in entries if e.get("media_content")]), 3)
        self.assertTrue(any(l["type"] == "image/jpeg" for e in entries for l in e.get("links", [])
                            if l.get("rel") == "enclosure"))

    def test_without_a_base_url_links_name_the_address_served(self):
        origin = "http://127.0.0.1:%d" % self.server.port
        html = self.server.get("/")[2].decode()
        self.assertIn('<link rel="canonical" href="%s/">' % origin, html)
        _, body = self.fetch("/sitemap.xml", "application/xml")
        self.assertTrue(all(e.text.startswith(origin + "/") for e in ET.fromstring(body).iter(SM + "loc")))
        self.assertEqual(self.server.logs().count("base_url is not set"), 1, "said once, at start")

    def test_story_sitemaps_list_their_photos(self):
        _, body = self.fetch("/sitemaps/stories-2010-07.xml", "application/xml")
        image_ns = "{http://www.google.com/schemas/sitemap-image/1.1}"
        photos = [e.text for e in ET.fromstring(body).iter(image_ns + "loc")]
        self.assertTrue(photos, "July 2010's stories have photos")
        for url in photos:
            self.assertEqual(self.server.get(url.split("/", 3)[3].join(["/", ""]))[0], 200, url)

    def test_sitemap_index_and_story_sitemaps_validate(self):
        _, body = self.fetch("/sitemap.xml", "application/xml")
        self.xmllint(body, "siteindex.xsd")
        locs = [e.text for e in ET.fromstring(body).iter(SM + "loc")]
        self.assertTrue(any("/sitemaps/stories-2010-07.xml" in l for l in locs))
        for name in ("news.xml", "video.xml", "pages.xml"):
            self.assertTrue(any(l.endswith("/sitemaps/" + name) for l in locs), name)
        story_urls = set()
        for loc in locs:
            path = loc.split("/", 3)[3].join(["/", ""])
            _, sitemap = self.fetch(path, "application/xml")
            self.xmllint(sitemap, "sitemap.xsd")
            if "/stories-" in path:
                story_urls.update(e.text for e in ET.fromstring(sitemap).iter(SM + "loc"))
        home_stories = set(links(self.server.get("/")[2].decode(), r'href="(/[a-z]+/\d{4}/\d\d/\d\d/[a-z0-9-]+)"'))
        self.assertTrue(home_stories)
        for path in home_stories:
            self.assertTrue(any(u.endswith(path) for u in story_urls), path)

    def test_video_sitemap_lists_the_clip(self):
        _, body = self.fetch("/sitemaps/video.xml")
        root = ET.fromstring(body)
        video_ns = "{http://www.google.com/schemas/sitemap-video/1.1}"
        urls = root.findall(SM + "url")
        self.assertEqual(len(urls), 1)
        self.assertTrue(urls[0].find(SM + "loc").text.endswith(CLIP_STORY))
        video = urls[0].find(video_ns + "video")
        for field in ("thumbnail_loc", "title", "description", "content_loc", "duration"):
            self.assertTrue(video.find(video_ns + field).text, field)

    def test_unknown_sitemaps(self):
        for path in ("/sitemaps/stories-1999-01.xml", "/sitemaps/stories-2010-13.xml",
                     "/sitemaps/nothing.xml", "/sitemaps/stories-2010-07.xml.bak"):
            self.assertEqual(self.server.get(path)[0], 404, path)

    def test_robots_points_at_the_sitemap(self):
        headers, body = self.fetch("/robots.txt", "text/plain")
        text = body.decode()
        self.assertRegex(text, r"(?m)^Sitemap: http://\S+/sitemap\.xml$")
        self.assertIn("Disallow: /admin", text)

    def test_story_head_has_social_tags_and_news_article(self):
        _, body = self.fetch(CLIP_STORY)
        html = body.decode()
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:image", "og:video",
                     "article:published_time"):
            self.assertRegex(html, r'<meta property="%s" content="[^"]+">' % prop)
        self.assertIn('<meta name="twitter:card" content="summary_large_image">', html)
        self.assertRegex(html, r'<link rel="canonical" href="http://[^"]+%s">' % CLIP_STORY)
        data = json_ld(html)
        article = [d for d in data if d["@type"] == "NewsArticle"][0]
        for key in ("headline", "datePublished", "dateModified", "author", "publisher", "image",
                    "mainEntityOfPage", "about", "mentions"):
            self.assertIn(key, article)
        self.assertEqual(article["@context"], "https://schema.org")
        self.assertEqual(article["author"][0]["@type"], "Person")
        about = {a["name"] for a in article["about"]}
        self.assertIn("Kristen Stewart", about | {m["name"] for m in article["mentions"]})
        for thing in article["about"] + article["mentions"]:
            self.assertRegex(thing["url"], r"^http://[^/]+/(people|films|bands|songs)/[a-z0-9-]+$")
        video = [d for d in data if d["@type"] == "VideoObject"][0]
        for key in ("name", "description", "thumbnailUrl", "uploadDate", "contentUrl", "duration"):
            self.assertIn(key, video)
        self.assertRegex(video["duration"], r"^PT(\d+M)?\d+S$")

    def test_home_page_previews_with_its_lead_photo_and_the_publisher_has_a_logo(self):
        html = self.server.get("/")[2].decode()
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        self.assertIsNotNone(image, "the home page has a preview image")
        self.assertRegex(image.group(1), r"^http://[^/]+/media/[0-9a-f]{32}-\d+\.jpg$")
        self.assertIn('<meta name="twitter:card" content="summary_large_image">', html)
        self.assertRegex(html, r'<meta property="og:image:width" content="\d+">')
        self.assertRegex(html, r'<meta property="og:image:alt" content="[^"]+">')
        self.assertEqual(self.server.get(image.group(1).split("/", 3)[3].join(["/", ""]))[0], 200)
        # Favicons for browsers and phones, served from the theme.
        for rel, kind in (("icon", "image/svg+xml"), ("icon", "image/png"), ("apple-touch-icon", "image/png")):
            found = re.search(r'<link rel="%s" href="(/static/[^"?]+)\?v=[^"]+"' % rel, html)
            self.assertIsNotNone(found, rel)
        for path, kind in (("/static/favicon.svg", "image/svg+xml"), ("/static/icon-192.png", "image/png"),
                           ("/static/apple-touch-icon.png", "image/png"), ("/static/logo-512.png", "image/png")):
            status, headers, _ = self.server.get(path)
            self.assertEqual(status, 200, path)
            self.assertEqual(headers["content-type"], kind)
        _, body = self.fetch(CLIP_STORY)
        article = [d for d in json_ld(body.decode()) if d["@type"] == "NewsArticle"][0]
        logo = article["publisher"]["logo"]
        self.assertEqual(logo["@type"], "ImageObject")
        self.assertRegex(logo["url"], r"^http://[^/]+/static/logo-512\.png$")
        self.assertEqual((logo["width"], logo["height"]), (512, 512))

    def test_topic_pages_carry_their_schema_type(self):
        cases = [("/people/kristen-stewart", "Person"), ("/films/the-runaways-film", "Movie"),
                 ("/bands/the-runaways-band", "MusicGroup")]
        for path, kind in cases:
            _, body = self.fetch(path)
            html = body.decode()
            data = json_ld(html)
            self.assertEqual(len(data), 1, path)
            self.assertEqual(data[0]["@type"], kind)
            self.assertTrue(data[0]["name"])
            self.assertIn('type="application/rss+xml"', html)
        film = json_ld(self.fetch("/films/the-runaways-film")[1].decode())[0]
        self.assertIn("Kristen Stewart", [a["name"] for a in film.get("actor", [])])

    def test_every_page_has_a_canonical_and_open_graph(self):
        for path in ("/", "/movies", "/authors/maya-okafor", "/search?q=runaways"):
            html = self.fetch(path)[1].decode()
            self.assertEqual(html.count('<link rel="canonical"'), 1, path)
            self.assertIn('<meta property="og:title"', html, path)
            self.assertIn('<link rel="alternate" type="application/atom+xml"', html, path)


if __name__ == "__main__":
    unittest.main()


class PhotoLinksResolve(unittest.TestCase):
    """Every photo a feed, a page head or the API points at is served: a rendition, never the
    original (which keeps camera metadata and is not served at all)."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def media_paths(self, text):
        return sorted(set(re.findall(r"https?://[^\"'<> ]+?(/media/[A-Za-z0-9._-]+)", text)))

    def test_feed_head_and_api_photos_are_served(self):
        found = []
        found += self.media_paths(self.server.get("/feeds/rss.xml")[2].decode())
        found += self.media_paths(self.server.get("/movies/2010/07/21/runaways-exclusive-clip")[2].decode())
        stories = json.loads(self.server.get("/api/v1/stories?per_page=50")[2])["data"]
        for story in stories:
            detail = self.server.get("/api/v1/stories/%d" % story["id"])[2].decode()
            found += self.media_paths(detail)
        self.assertTrue(found, "the demo has photos in feeds, heads and the API")
        for path in set(found):
            self.assertEqual(self.server.get(path)[0], 200, path)
