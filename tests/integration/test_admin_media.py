"""The newsroom's photo and clip library over real HTTP: who may upload, CSRF, bad uploads that
must leave nothing behind, caption/credit/alt edits reaching the public site, and deletion."""
import http.client
import json
import os
import time
import re
import socket
import unittest
import uuid

from harness import SOURCE_DIR, Server, run_cli

DEMO = os.path.join(SOURCE_DIR, "demo", "stories")
TEST_MEDIA = os.path.join(SOURCE_DIR, "tests", "data", "media")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def multipart(fields, files):
    """A multipart/form-data body: fields {name: text}, files [(name, filename, type, bytes)]."""
    boundary = "----MarqueeTest" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode())
        out.append(value.encode() + b"\r\n")
    for name, filename, ctype, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, name, filename, ctype)).encode())
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, b"".join(out)


class Newsroom:
    """One signed-in (or anonymous) newsroom browser: cookies, the CSRF token, the same origin."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}
        self.csrf = ""

    @property
    def origin(self):
        return "http://127.0.0.1:%d" % self.server.port

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            h = {"Origin": self.origin}
            if self.cookies:
                h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
            h.update(headers or {})
            conn.request(method, path, body=body, headers=h)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val:
                        self.cookies[key.strip()] = val.strip()
                    else:
                        self.cookies.pop(key.strip(), None)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, with_csrf=True):
        from urllib.parse import urlencode
        if with_csrf:
            fields = dict(fields, csrf=self.csrf)
        return self.request("POST", path, urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, data, filename="photo.jpg", ctype="image/jpeg", fields=None, with_csrf=True,
               json_answer=True):
        fields = dict(fields or {})
        if with_csrf:
            fields["csrf"] = self.csrf
        content_type, body = multipart(fields, [("file", filename, ctype, data)])
        headers = {"Content-Type": content_type}
        if json_answer:
            headers["Accept"] = "application/json"
        return self.request("POST", "/admin/media", body, headers)

    def sign_in(self, email, password):
        status, _, body = self.get("/admin/login")
        assert status == 200, status
        token = re.search(r'name="csrf" value="([^"]+)"', body.decode()).group(1)
        from urllib.parse import urlencode
        status, headers, _ = self.request(
            "POST", "/admin/login",
            urlencode({"csrf": token, "email": email, "password": password, "next": "/admin/stories"}),
            {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303, (status, email)
        status, _, body = self.get("/admin/stories")
        assert status == 200, status
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', body.decode()).group(1)
        return self


def add_account(server, email, role):
    result = run_cli("user", "add", email, "--role", role, "--data", server.data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def demo_admin_password(server):
    match = re.search(r"Demo newsroom login \(shown once\): (\S+) (\S+)", server.access_log())
    assert match, server.access_log()
    return match.group(1), match.group(2)


class MediaServerCase(unittest.TestCase):
    """A demo server with one account per role, shared by the tests of a class."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.passwords = {"admin": demo_admin_password(cls.server)}
        for role in ("editor", "writer", "contributor"):
            email = "%s@example.com" % role
            cls.passwords[role] = (email, add_account(cls.server, email, role))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def as_role(self, role):
        email, password = self.passwords[role]
        return Newsroom(self.server).sign_in(email, password)

    def media_dir(self):
        return os.path.join(self.server.data_dir, "media")

    def media_files(self):
        return sorted(os.listdir(self.media_dir()))

    def settled_media_files(self, timeout=300):
        """The media folder once the crop renderer has nothing left to make, as its library page
        says: the demo's crops are cut at start-up, an upload's right after it."""
        admin = self.as_role("admin")
        deadline = time.time() + timeout
        while True:
            status, _, body = admin.get("/admin/media")
            assert status == 200, status
            pending = re.search(r'data-crops-pending="(\d+)"', body.decode())
            assert pending, "the library page says how many photos wait for crops"
            if pending.group(1) == "0":
                return self.media_files()
            assert time.time() < deadline, "crops still pending: %s" % pending.group(1)
            time.sleep(0.3)


class UploadAccess(MediaServerCase):
    def test_anonymous_visitors_are_sent_to_sign_in(self):
        anonymous = Newsroom(self.server)
        status, headers, _ = anonymous.get("/admin/media")
        self.assertEqual(status, 303)
        self.assertIn("/admin/login", headers["location"])
        before = self.settled_media_files()
        status, _, _ = anonymous.upload(read(os.path.join(DEMO, "images", "eclipse-premiere.jpg")),
                                        with_csrf=False)
        self.assertEqual(status, 401)
        self.assertEqual(self.media_files(), before)

    def test_only_editors_and_admins_manage_media(self):
        photo = read(os.path.join(DEMO, "images", "runaways-sundance.jpg"))
        expected = {"contributor": 403, "writer": 403, "editor": 201, "admin": 201}
        for role, status_wanted in expected.items():
            with self.subTest(role=role):
                user = self.as_role(role)
                self.assertEqual(user.get("/admin/media")[0], 200 if status_wanted == 201 else 403)
                before = self.settled_media_files()
                status, _, body = user.upload(photo, fields={"alt": "A gradient"})
                self.assertEqual(status, status_wanted, body)
                if status_wanted == 403:
                    self.assertEqual(self.media_files(), before)
                else:
                    item = json.loads(body)
                    self.assertEqual(item["kind"], "photo")
                    self.assertGreater(len(self.media_files()), len(before))

    def test_writers_cannot_edit_or_delete_an_item(self):
        editor = self.as_role("editor")
        status, _, body = editor.upload(read(os.path.join(DEMO, "images", "runaways-set-street.jpg")))
        self.assertEqual(status, 201)
        item = json.loads(body)["id"]
        writer = self.as_role("writer")
        for path, fields in (("/admin/media/%d" % item, {"caption": "Mine now", "credit": "", "alt": ""}),
                             ("/admin/media/%d/delete" % item, {})):
            with self.subTest(path=path):
                status, _, _ = writer.post_form(path, fields)
                self.assertEqual(status, 403)
        status, _, body = editor.get("/admin/media/%d" % item)
        self.assertEqual(status, 200)
        self.assertNotIn("Mine now", body.decode())

    def test_forged_upload_without_the_csrf_token_is_refused(self):
        editor = self.as_role("editor")
        photo = read(os.path.join(DEMO, "images", "eclipse-premiere.jpg"))
        before = self.settled_media_files()
        status, _, _ = editor.upload(photo, with_csrf=False)
        self.assertEqual(status, 403)
        status, _, _ = editor.upload(photo, fields={"csrf": "0" * 64}, with_csrf=False)
        self.assertEqual(status, 403)
        # The right token from another site's page is refused too.
        content_type, body = multipart({"csrf": editor.csrf}, [("file", "a.jpg", "image/jpeg", photo)])
        status, _, _ = editor.request("POST", "/admin/media", body,
                                      {"Content-Type": content_type, "Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        self.assertEqual(self.media_files(), before)


class BadUploads(MediaServerCase):
    def assert_refused(self, user, data, status_wanted, filename="x.jpg", ctype="image/jpeg"):
        before = self.settled_media_files()
        status, _, body = user.upload(data, filename=filename, ctype=ctype)
        self.assertEqual(status, status_wanted, body)
        answer = json.loads(body)
        self.assertEqual(answer["field"], "file")
        self.assertTrue(answer["error"])
        self.assertEqual(self.media_files(), before, "a refused upload leaves no file")
        self.assertFalse([n for n in os.listdir(self.media_dir()) if n.startswith(".")],
                         "no temporary file either")

    def test_refusals_leave_nothing_behind(self):
        editor = self.as_role("editor")
        jpeg = read(os.path.join(DEMO, "images", "eclipse-premiere.jpg"))
        mp4 = read(os.path.join(TEST_MEDIA, "clip-h264-aac.mp4"))
        cases = [
            ("wrong type: text", b"Just some words, not a picture.\n" * 10, 415, "notes.jpg", "image/jpeg"),
            ("wrong type: HTML", b"<!doctype html><script>alert(1)</script>", 415, "page.png", "image/png"),
            ("wrong type: SVG", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", 415, "a.svg", "image/svg+xml"),
            ("truncated JPEG", jpeg[: len(jpeg) // 2], 422, "cut.jpg", "image/jpeg"),
            ("truncated MP4", mp4[: len(mp4) // 2], 422, "cut.mp4", "video/mp4"),
            ("MP4 with no video", read(os.path.join(TEST_MEDIA, "audio-only.mp4")), 422, "tone.mp4", "video/mp4"),
            ("oversized photo", jpeg[:64] + b"\0" * (21 << 20), 413, "huge.jpg", "image/jpeg"),
        ]
        for name, data, status, filename, ctype in cases:
            with self.subTest(name):
                self.assert_refused(editor, data, status, filename, ctype)

    def test_html_form_answer_shows_the_error_next_to_the_field(self):
        editor = self.as_role("editor")
        before = self.settled_media_files()
        status, _, body = editor.upload(b"plain text", json_answer=False, fields={"caption": "Kept"})
        self.assertEqual(status, 415)
        html = body.decode()
        self.assertIn('class="field-error" id="upload-file-error"', html)
        self.assertIn('aria-invalid="true"', html)
        self.assertIn('value="Kept"', html, "what was typed is kept")
        self.assertEqual(self.media_files(), before)

    def test_malformed_and_empty_forms(self):
        editor = self.as_role("editor")
        before = self.settled_media_files()
        # Cut off before the closing boundary.
        content_type, body = multipart({"csrf": editor.csrf}, [("file", "a.jpg", "image/jpeg", b"\xff\xd8\xff" + b"x" * 100)])
        status, _, _ = editor.request("POST", "/admin/media", body[:-40],
                                      {"Content-Type": content_type, "X-CSRF-Token": editor.csrf,
                                       "Accept": "application/json"})
        self.assertEqual(status, 400)
        # A form without a file.
        content_type, body = multipart({"csrf": editor.csrf, "caption": "x"}, [])
        status, _, _ = editor.request("POST", "/admin/media", body,
                                      {"Content-Type": content_type, "Accept": "application/json"})
        self.assertEqual(status, 400)
        # Not multipart at all.
        status, _, _ = editor.post_form("/admin/media", {"file": "x"})
        self.assertEqual(status, 400)
        self.assertEqual(self.media_files(), before)

    def test_body_over_the_server_limit_is_cut_off(self):
        editor = self.as_role("editor")
        before = self.settled_media_files()
        head = ("POST /admin/media HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                "Content-Length: %d\r\nCookie: %s\r\nX-CSRF-Token: %s\r\nOrigin: %s\r\n\r\n"
                % (80 << 20, "; ".join("%s=%s" % kv for kv in editor.cookies.items()), editor.csrf,
                   editor.origin)).encode()
        answer = self.server.raw(head + b"--b\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:80])
        self.assertEqual(self.media_files(), before)

    def test_path_like_names_are_never_used(self):
        editor = self.as_role("editor")
        jpeg = read(os.path.join(DEMO, "images", "runaways-sundance.jpg"))
        for filename in ("../../../escape.jpg", "..\\\\..\\\\escape.jpg", "/tmp/escape.jpg", ".hidden.jpg"):
            with self.subTest(filename):
                status, _, body = editor.upload(jpeg, filename=filename)
                self.assertEqual(status, 201, body)
                stored = json.loads(body)["file"]
                self.assertRegex(stored, r"^[0-9a-f]{32}\.jpg$")
        for root, _, names in os.walk(self.server.tmp):
            self.assertNotIn("escape.jpg", names, root)
        self.assertFalse(os.path.exists("/tmp/escape.jpg"))
        # Once the uploads' crops are cut: while one is being written, its temporary is there too.
        names = self.settled_media_files()
        self.assertTrue(all(re.match(r"^[0-9a-f]{32}((-\d+|-poster|-\d+x\d+-\d+-[0-9a-f]{8})?\.(jpg|webp|avif|png|mp4|webm)|-[0-9a-f]{16}\.vtt)$", n)
                            for n in names), names)

    def test_a_png_named_like_a_clip_is_a_photo(self):
        editor = self.as_role("editor")
        png = tiny_png()
        status, _, body = editor.upload(png, filename="trailer.mp4", ctype="video/mp4")
        self.assertEqual(status, 201, body)
        item = json.loads(body)
        self.assertEqual(item["kind"], "photo")
        self.assertTrue(item["file"].endswith(".png"))
        # The original photo is never served, as a clip or otherwise.
        self.assertEqual(self.server.get("/media/" + item["file"])[0], 404)


def tiny_png():
    """A valid 2x2 RGB PNG, made with zlib (no image library needed)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xc2\x18\x5b" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class LibraryPages(MediaServerCase):
    def test_library_lists_items_and_filters_by_kind(self):
        editor = self.as_role("editor")
        status, _, body = editor.get("/admin/media")
        html = body.decode()
        self.assertEqual(status, 200)
        self.assertIn('enctype="multipart/form-data"', html)
        self.assertIn('<label for="upload-file">', html)
        self.assertGreaterEqual(html.count('class="media-card'), 5, "the demo's photos and clip")
        status, _, body = editor.get("/admin/media?kind=video")
        self.assertEqual(status, 200)
        self.assertEqual(body.decode().count('class="media-card media-clip"'), body.decode().count('class="media-card'))

    def test_editing_details_reaches_the_story_page(self):
        editor = self.as_role("editor")
        story = "/celebrity/2010/06/25/eclipse-premiere-stewart-pattinson-lautner"
        status, _, body = self.server.get(story)
        self.assertEqual(status, 200)
        photo = re.search(r'<img src="/media/([0-9a-f]{32})-\d+\.jpg"', body.decode())
        self.assertTrue(photo, "the story shows its lead photo")
        # Find the item whose renditions the story shows.
        status, _, library = editor.get("/admin/media?kind=image")
        ids = re.findall(r'href="/admin/media/(\d+)"', library.decode())
        item = None
        for i in ids:
            if photo.group(1) in editor.get("/admin/media/" + i)[2].decode():
                item = i
        self.assertIsNotNone(item)
        # The lists that show the story's card show its photo too; warm their cached pages.
        for listing in ("/", "/celebrity"):
            self.assertIn(photo.group(1), self.server.get(listing)[2].decode(), listing)
        status, headers, _ = editor.post_form("/admin/media/" + item, {
            "caption": "Fans at the premiere, newly captioned", "credit": "Desk", "alt": "Fans on a carpet"})
        self.assertEqual(status, 303)
        self.assertIn("saved=1", headers["location"])
        html = self.server.get(story)[2].decode()
        self.assertIn("Fans at the premiere, newly captioned", html)
        self.assertIn('alt="Fans on a carpet"', html)
        for listing in ("/", "/celebrity"):
            self.assertIn('alt="Fans on a carpet"', self.server.get(listing)[2].decode(),
                          listing + " drops from the cache when the photo it shows changes")

    def test_bad_details_are_refused_with_the_field_marked(self):
        editor = self.as_role("editor")
        status, _, body = editor.upload(read(os.path.join(DEMO, "images", "runaways-set-street.jpg")))
        item = json.loads(body)["id"]
        status, _, body = editor.post_form("/admin/media/%d" % item, {"caption": "", "credit": "", "alt": "x" * 501})
        self.assertEqual(status, 422)
        self.assertIn('id="alt-error"', body.decode())
        self.assertEqual(editor.post_form("/admin/media/999999", {"caption": "x"})[0], 404)
        self.assertEqual(editor.get("/admin/media/999999")[0], 404)
        self.assertEqual(editor.get("/admin/media/abc")[0], 404)

    def test_delete_removes_the_files_and_the_public_address(self):
        editor = self.as_role("editor")
        status, _, body = editor.upload(read(os.path.join(TEST_MEDIA, "clip-vp9.webm")), filename="c.webm",
                                        ctype="video/webm")
        self.assertEqual(status, 201)
        item = json.loads(body)
        stem = item["file"].split(".")[0]
        self.assertTrue([n for n in self.media_files() if n.startswith(stem)])
        self.assertEqual(self.server.get("/media/" + item["file"])[0], 200)
        status, headers, _ = editor.post_form("/admin/media/%d/delete" % item["id"], {})
        self.assertEqual(status, 303)
        self.assertEqual([n for n in self.media_files() if n.startswith(stem)], [])
        self.assertEqual(self.server.get("/media/" + item["file"])[0], 404)
        self.assertEqual(editor.get("/admin/media/%d" % item["id"])[0], 404)

    def test_a_clip_has_no_public_page_until_a_published_story_shows_it(self):
        editor = self.as_role("editor")
        status, _, body = editor.upload(read(os.path.join(TEST_MEDIA, "clip-h264-aac.mp4")),
                                        filename="embargoed.mp4", ctype="video/mp4",
                                        fields={"caption": "Embargoed exclusive"})
        self.assertEqual(status, 201)
        clip = json.loads(body)["id"]
        self.assertEqual(self.server.get("/clips/%d" % clip)[0], 404)
        form = {"headline": "A clip goes out", "section": "movies", "body": "It is out now.",
                "clip_media": str(clip), "action": "publish", "exclusive": "1"}
        status, headers, _ = editor.post_form("/admin/stories", form)
        self.assertEqual(status, 303, headers)
        status, _, body = self.server.get("/clips/%d" % clip)
        self.assertEqual(status, 200)
        self.assertIn("A clip goes out", body.decode())
        self.assertIn("Exclusive clip", body.decode())

    def test_lead_photo_without_alt_text_blocks_publishing(self):
        editor = self.as_role("editor")
        status, _, body = editor.upload(read(os.path.join(DEMO, "images", "runaways-sundance.jpg")),
                                        fields={"caption": "No alt yet"})
        photo = json.loads(body)["id"]
        form = {"headline": "Alt text test story", "section": "movies", "body": "A short story.",
                "lead_media": str(photo), "action": "publish", "version": "0"}
        status, _, body = editor.post_form("/admin/stories", form)
        self.assertEqual(status, 422)
        self.assertIn("alt text", body.decode())
        editor.post_form("/admin/media/%d" % photo, {"caption": "No alt yet", "credit": "", "alt": "A snowy street"})
        status, headers, _ = editor.post_form("/admin/stories", form)
        self.assertEqual(status, 303, headers)


if __name__ == "__main__":
    unittest.main()
