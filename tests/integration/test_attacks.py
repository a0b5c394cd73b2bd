"""What an attacker on the internet tries first, against the real binary over loopback: markup in
every field a story has, SQL in every filter, paths out of the media and static folders, request
smuggling, open redirects, memory and connection exhaustion through request bodies, hostile
ranges and trailers, and cacheable answers to authorized requests (docs/SECURITY.md)."""
import html.parser
import json
import re
import socket
import time
import unittest
import urllib.parse

from harness import Server, run_cli

XSS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '"><script>alert(1)</script>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '</title><script>alert(1)</script>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '![x](x" onerror="alert(1))',
    '<object data="data:text/html,<script>alert(1)</script>">',
    '{{=<% %>=}}<%&site%>',
    '\u2028<script>alert(1)</script>',
]

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE articles; --",
    "\" OR \"\"=\"",
    "') UNION SELECT password_hash, email FROM users --",
    "%' AND 1=0 UNION SELECT NULL --",
    "movies' AND (SELECT COUNT(*) FROM users) > 0 --",
    "\\'; SELECT pg_sleep(5); --",
    "NEAR(the the)",
    "\"unbalanced",
    "* OR *",
]

TRAVERSAL = [
    "/media/../../../../etc/passwd",
    "/media/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/media/....//....//etc/passwd",
    "/media/..\\..\\..\\etc\\passwd",
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%2f%2e%2e%2fsrc%2fcli%2fmain.cpp",
    "/media/%00.jpg",
    "/media/" + "a" * 32 + ".jpg%00.mp4",
]


class ActiveContent(html.parser.HTMLParser):
    """Collects what in a page could run script: script elements and their sources, event
    handler attributes, script URLs, and the elements that can carry either."""
    DANGEROUS = {"iframe", "object", "embed", "svg", "math", "base", "form", "frame", "applet"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.scripts = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag == "script" and dict(attrs).get("type") != "application/ld+json":  # data, not code
            self.scripts.append(dict(attrs).get("src"))
        if tag in self.DANGEROUS and self.in_main:
            self.found.append("<%s>" % tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append("%s on <%s>" % (name, tag))
            if name in ("href", "src", "action", "data", "formaction", "poster", "srcset") and value:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append("%s=%s on <%s>" % (name, value, tag))
            if name == "style" and value and re.search(r"(?i)url\(|expression\(", value):
                self.found.append("style url on <%s>" % tag)


def active_content(page):
    parser = ActiveContent()
    parser.feed(page)
    parser.close()
    outside = [src for src in parser.scripts if not (src or "").startswith("/static/")]
    return parser.found + ["script %r" % src for src in outside]


def statuses(answer):
    return [int(m) for m in re.findall(rb"^HTTP/1\.[01] (\d{3})", answer, re.M)]


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


class Attacks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        result = run_cli("token", "create", "--data", cls.server.data_dir, "--user", "admin@example.com",
                         "--name", "attack suite")
        assert result.returncode == 0, result.stderr
        cls.token = result.stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def api(self, method, path, body=None, token=True):
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        return self.server.request(method, "/api/v1" + path, headers, data)

    # --- markup

    def test_markup_in_every_field_never_reaches_a_page(self):
        for n, payload in enumerate(XSS):
            with self.subTest(payload):
                story = {"headline": "Headline %d %s" % (n, payload), "dek": payload, "section": "movies",
                         "body": "Para one %s\n\n> %s\n\n%s" % (payload, payload, payload),
                         "tags": ["tag%d" % n, payload[:40]], "seo_title": payload, "seo_description": payload,
                         "status": "published"}
                status, _, body = self.api("POST", "/stories", story)
                self.assertEqual(status, 201, body)
                created = json.loads(body)["data"]
                path = urllib.parse.urlparse(created["url"]).path
                status, headers, page = self.server.get(path)
                self.assertEqual(status, 200)
                self.assertEqual(active_content(page.decode()), [])
                self.assertIn("script-src 'self'", headers["content-security-policy"])
                status, _, feed = self.server.get("/feeds/rss.xml")
                self.assertEqual(status, 200)
                self.assertNotIn(b"<script>alert", feed)

    # --- SQL

    def test_sql_in_every_filter_is_only_text(self):
        _, _, everything = self.server.get("/api/v1/stories?per_page=100")
        total = json.loads(everything)["pagination"]["total"]
        for payload in SQL:
            q = urllib.parse.quote(payload)
            for path in ("/api/v1/stories?section=%s" % q, "/api/v1/stories?tag=%s" % q,
                         "/api/v1/stories?author=%s" % q, "/api/v1/stories?entity=%s" % q,
                         "/api/v1/entities?kind=%s" % q, "/api/v1/search?q=%s" % q,
                         "/api/v1/search?q=the&section=%s" % q, "/api/v1/search?q=the&from=%s" % q,
                         "/search?q=%s" % q, "/search?q=the&section=%s" % q, "/search?q=the&entity=%s" % q,
                         "/search?q=the&from=%s&to=%s" % (q, q), "/api/v1/stories?page=%s" % q):
                with self.subTest(path):
                    start = time.time()
                    status, _, body = self.server.get(path)
                    self.assertIn(status, (200, 400, 404, 422), body[:200])
                    self.assertLess(time.time() - start, 3)
                    self.assertNotIn(b"$argon2", body)
                    if status == 200 and path.startswith("/api/v1/stories"):
                        self.assertLessEqual(json.loads(body)["pagination"]["total"], total)
        # The store is still whole.
        _, _, after = self.server.get("/api/v1/stories?per_page=100")
        self.assertEqual(json.loads(after)["pagination"]["total"], total)

    # --- paths

    def test_no_path_leaves_the_media_and_static_folders(self):
        for path in TRAVERSAL:
            with self.subTest(path):
                answer = self.server.raw(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                found = statuses(answer)
                self.assertTrue(found, answer[:200])
                self.assertIn(found[0], (400, 404), answer[:300])
                self.assertNotIn(b"root:", answer)
                self.assertNotIn(b"int main", answer)

    def test_the_trailing_slash_redirect_stays_on_the_site(self):
        for path in ("//evil.example/", "/%2fevil.example/", "/%5cevil.example/", "/%5c%5cevil.example/",
                     "///evil.example//", "/\\evil.example/", "/%2f%2fevil.example/", "/movies//"):
            with self.subTest(path):
                answer = self.server.raw(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                location = re.search(rb"\r\nLocation: ([^\r]*)", answer)
                if location is None:
                    self.assertIn(statuses(answer)[0], (400, 404), answer[:200])
                    continue
                target = location.group(1).decode()
                self.assertTrue(target.startswith("/"), target)
                self.assertFalse(target.startswith("//") or target.startswith("/\\"), target)
                self.assertEqual(urllib.parse.urlsplit(urllib.parse.urljoin("http://site.example/", target)).netloc,
                                 "site.example", target)

    # --- framing

    def test_smuggling_and_malformed_framing_are_refused(self):
        cases = [
            ("content length and chunked",
             b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
             b"GET /admin HTTP/1.1\r\nHost: t\r\n\r\n"),
            ("two content lengths", b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"),
            ("unknown coding", b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nGET /x HTTP/1.1\r\n\r\n"),
            ("chunked then identity",
             b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
            ("obfuscated coding", b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
            ("space before colon", b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
            ("bare LF", b"GET / HTTP/1.1\nHost: t\n\n"),
            ("no Host", b"GET / HTTP/1.1\r\n\r\n"),
            ("two Hosts", b"GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n"),
            ("chunk size overflow",
             b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n"),
            ("trailer over 64 KB",
             b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + b"a" * (70 * 1024) +
             b"\r\n\r\n"),
        ]
        for name, request in cases:
            with self.subTest(name):
                found = statuses(self.server.raw(request))
                self.assertTrue(found, name)
                self.assertIn(found[0], (400, 411, 413, 431, 501), name)
                self.assertEqual(len(found), 1, "a second request was smuggled through: %s" % name)
        self.assertEqual(self.server.get("/")[0], 200)

    def test_a_flood_of_oversized_trailers_logs_little(self):
        before = self.server.logs().count("\n")
        request = (b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + b"a" * (70 * 1024) +
                   b"\r\n\r\n")
        for _ in range(50):
            self.assertIn(statuses(self.server.raw(request))[:1], ([431], [400]))
        self.assertLess(self.server.logs().count("\n") - before, 5)
        self.assertNotIn("server thread", self.server.logs())

    # --- bodies

    def test_an_unauthenticated_upload_is_refused_before_its_body(self):
        for path, headers, length in (
                ("/admin/media", b"Content-Type: multipart/form-data; boundary=x\r\n", b"61865984"),
                ("/admin/stories", b"Content-Type: application/x-www-form-urlencoded\r\n", b"900000"),
                ("/api/v1/stories", b"Content-Type: application/json\r\n", b"900000")):
            with self.subTest(path):
                with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
                    # A large body promised, not one byte sent: the answer must come anyway.
                    s.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: t\r\n" + headers +
                              b"Content-Length: " + length + b"\r\n\r\n")
                    answer = s.recv(65536)
                self.assertEqual(statuses(answer)[:1], [401], answer[:200])

    def test_unauthenticated_uploads_do_not_fill_memory(self):
        pid = self.server.proc.pid
        before = rss_kib(pid)
        sockets = []
        try:
            for _ in range(8):
                s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
                s.sendall(b"POST /admin/media HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=x"
                          b"\r\nContent-Length: 61865984\r\n\r\n")
                sockets.append(s)
            chunk = b"x" * (1 << 20)
            for s in sockets:
                try:
                    for _ in range(8):
                        s.sendall(chunk)
                except OSError:
                    pass  # refused and closed: what we want
            peak = rss_kib(pid)
        finally:
            for s in sockets:
                s.close()
        self.assertLess(peak - before, 40 * 1024, "RSS grew from %d to %d KiB" % (before, peak))

    # --- ranges and caching

    def test_several_ranges_never_get_the_whole_clip(self):
        html = self.server.get("/movies/2010/07/21/runaways-exclusive-clip")[2].decode()
        clip = re.search(r'<source src="(/media/[0-9a-f]{32}\.mp4)"', html).group(1)
        size = len(self.server.get(clip)[2])
        for header in ("bytes=0-0,5-5", "bytes=0-0,%d-%d" % (size - 1, size - 1), ",".join(["bytes=0-0"] + ["1-1"] * 200)):
            with self.subTest(header[:40]):
                status, headers, body = self.server.get(clip, {"Range": header})
                self.assertIn(status, (206, 200))
                if status == 200:
                    self.fail("whole clip for %s" % header[:40])
                self.assertLess(len(body), 1024)

    def test_answers_to_a_token_are_never_publicly_cacheable(self):
        status, _, body = self.api("POST", "/stories", {"headline": "A Secret Draft", "section": "movies"})
        self.assertEqual(status, 201, body)
        story_id = json.loads(body)["data"]["id"]
        status, headers, _ = self.api("GET", "/stories/%d" % story_id)
        self.assertEqual(status, 200)
        self.assertEqual(headers["cache-control"], "private, no-store")
        status, headers, _ = self.api("GET", "/stories/%d" % story_id, token=False)
        self.assertEqual(status, 404)
        self.assertNotIn("public", headers.get("cache-control", ""))


if __name__ == "__main__":
    unittest.main()
