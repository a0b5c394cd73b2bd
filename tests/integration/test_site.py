"""The public site over real HTTP: pages, caching, compression, errors and limits."""
import gzip
import re
import subprocess
import unittest

from harness import Server, links, wait_until

STORY_LINK = r'href="(/[a-z]+/\d{4}/\d{2}/\d{2}/[a-z0-9-]+)"'


class PublicSite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def story_paths(self):
        status, _, body = self.server.get("/")
        self.assertEqual(status, 200)
        paths = sorted(set(links(body.decode(), STORY_LINK)))
        self.assertTrue(paths, "home page links to stories")
        return paths

    def test_home_lists_stories_and_sections(self):
        status, headers, body = self.server.get("/")
        html = body.decode()
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        for landmark in ("<header", "<nav", "<main", "<footer", 'lang="en"'):
            self.assertIn(landmark, html)
        for section in ("Movies", "Music", "TV", "Celebrity"):
            self.assertIn(">%s</a>" % section, html)
        self.assertGreaterEqual(len(set(links(html, STORY_LINK))), 8)
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertIn("default-src 'self'", headers["content-security-policy"])

    def test_story_page_shows_the_whole_story(self):
        exclusive = None
        for path in self.story_paths():
            status, _, body = self.server.get(path)
            self.assertEqual(status, 200, path)
            html = body.decode()
            self.assertEqual(html.count("<h1"), 1, path)
            self.assertRegex(html, r'class="byline">\s*By <a rel="author" href="/authors/[a-z0-9-]+">')
            # AP-style time in the site's zone, e.g. "Jul 21, 2010 at 2:39 p.m. ET".
            self.assertRegex(html, r"<time datetime=\"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d\">"
                                   r"[A-Z][a-z]{2} \d{1,2}, \d{4} at (\d{1,2}(:\d\d)? [ap]\.m\.|noon|midnight) ET</time>")
            self.assertIn('class="story-body"', html)
            self.assertIn('<ul class="tags">', html)
            if 'class="badge">Exclusive' in html and "story-exclusive" in html:
                exclusive = path
        self.assertIsNotNone(exclusive, "one demo story is exclusive")

    def test_reference_story_time(self):
        status, _, body = self.server.get("/")
        found = False
        for path in self.story_paths():
            _, _, body = self.server.get(path)
            if "Jul 21, 2010 at 2:39 p.m. ET" in body.decode():
                found = True
        self.assertTrue(found, "the exclusive clip story is dated Jul 21, 2010 at 2:39 p.m. ET")

    def test_section_and_author_pages(self):
        status, _, body = self.server.get("/movies")
        self.assertEqual(status, 200)
        self.assertIn("<h1 class=\"page-heading\">Movies</h1>", body.decode())
        authors = set(links(self.server.get(self.story_paths()[0])[2].decode(), r'href="(/authors/[a-z0-9-]+)"'))
        self.assertTrue(authors)
        for author in authors:
            status, _, body = self.server.get(author)
            self.assertEqual(status, 200)
            self.assertIn("Stories by", body.decode())

    def test_pagination_bounds(self):
        self.assertEqual(self.server.get("/movies?page=0")[0], 400)
        self.assertEqual(self.server.get("/movies?page=abc")[0], 400)
        # Lists page by keyset (?after=<story id>); an old numbered page starts the list again.
        status, headers, _ = self.server.get("/movies?page=999")
        self.assertEqual((status, headers["location"]), (301, "/movies"))
        self.assertEqual(self.server.get("/movies?after=abc")[0], 400)
        self.assertEqual(self.server.get("/movies?after=0")[0], 400)
        self.assertEqual(self.server.get("/movies?after=99999999")[0], 404)

    def test_etag_gives_304(self):
        status, headers, body = self.server.get("/movies")
        etag = headers["etag"]
        self.assertRegex(etag, r'^"[0-9a-f]{32}"$')
        status, headers, body = self.server.get("/movies", {"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")
        self.assertEqual(headers["etag"], etag)
        status, _, _ = self.server.get("/movies", {"If-None-Match": '"nope"'})
        self.assertEqual(status, 200)

    def test_compressed_variants(self):
        path = "/music"
        _, _, plain = self.server.get(path)

        def has_gzip():
            _, headers, _ = self.server.get(path, {"Accept-Encoding": "gzip"})
            return headers.get("content-encoding") == "gzip"

        self.assertTrue(wait_until(has_gzip), "gzip variant appears once compressed")
        status, headers, body = self.server.get(path, {"Accept-Encoding": "gzip"})
        self.assertEqual(headers["vary"], "Accept-Encoding")
        self.assertEqual(gzip.decompress(body), plain)
        self.assertTrue(headers["etag"].endswith('-gz"'))
        # The coded variant's tag also revalidates.
        status, _, _ = self.server.get(path, {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
        self.assertEqual(status, 304)
        status, headers, body = self.server.get(path, {"Accept-Encoding": "br, gzip"})
        self.assertEqual(headers["content-encoding"], "br")
        self.assertLess(len(body), len(plain))
        status, headers, body = self.server.get(path, {"Accept-Encoding": "identity"})
        self.assertNotIn("content-encoding", headers)
        self.assertEqual(body, plain)

    def test_static_files(self):
        status, headers, body = self.server.get("/static/site.css")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/css; charset=utf-8")
        self.assertEqual(self.server.get("/static/../marquee-data/marquee.db")[0], 404)
        self.assertEqual(self.server.get("/static/nope.css")[0], 404)

    def test_unknown_paths_get_the_themed_404(self):
        for path in ("/no-such-section", "/movies/2010/07/21/no-such-story", "/a/b/c", "/authors/nobody"):
            status, headers, body = self.server.get(path)
            self.assertEqual(status, 404, path)
            self.assertIn('class="error-page"', body.decode())
            self.assertEqual(headers["cache-control"], "no-store")

    def test_wrong_date_or_section_redirects_to_the_story(self):
        path = self.story_paths()[0]
        section, y, m, d, slug = path.strip("/").split("/")
        status, headers, _ = self.server.get("/%s/1999/01/01/%s" % (section, slug))
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], path)
        status, headers, _ = self.server.get(path + "/")
        self.assertEqual(status, 301)
        self.assertEqual(headers["location"], path)

    def test_methods_other_than_get_are_refused(self):
        status, headers, _ = self.server.request("POST", "/", body=b"x=1",
                                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, HEAD")

    def test_head_has_no_body(self):
        status, headers, body = self.server.request("HEAD", "/")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        self.assertGreater(int(headers["content-length"]), 1000)

    def test_healthz(self):
        status, headers, body = self.server.get("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(body, b'{"status":"ok"}\n')

    def test_malformed_requests(self):
        answer = self.server.raw(b"THIS IS NOT HTTP\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer[:60])
        answer = self.server.raw(b"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer[:60])

    def test_oversized_headers_and_bodies(self):
        big_header = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n"
        self.assertTrue(self.server.raw(big_header).startswith(b"HTTP/1.1 431"))
        many = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(150)) + b"\r\n"
        self.assertTrue(self.server.raw(many).startswith(b"HTTP/1.1 431"))
        big_body = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n" + b"a" * 1000
        self.assertTrue(self.server.raw(big_body).startswith(b"HTTP/1.1 413"))

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        for _ in range(5):
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            self.assertEqual(response.status, 200)
        conn.close()

    def test_access_log_line_per_request(self):
        self.server.get("/celebrity?page=1&from=log-test")
        self.assertTrue(wait_until(lambda: "GET /celebrity?page=1&from=log-test 200" in self.server.access_log()),
                        self.server.access_log()[-500:])


if __name__ == "__main__":
    unittest.main()
