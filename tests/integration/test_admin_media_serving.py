"""Photos and clips on the public site over real HTTP: /media/<file> with content types, long
cache headers, validators and byte ranges (206, 416, If-Range), never a photo's original; clip
pages; the lead photo and the clip on story pages."""
import email.utils
import os
import re
import unittest

from harness import Server

CLIP_STORY = "/movies/2010/07/21/runaways-exclusive-clip"
PHOTO_STORY = "/celebrity/2010/06/25/eclipse-premiere-stewart-pattinson-lautner"


class PublicMedia(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        html = cls.server.get(CLIP_STORY)[2].decode()
        cls.clip = re.search(r'<source src="/media/([0-9a-f]{32}\.mp4)" type="video/mp4">', html).group(1)
        cls.clip_path = os.path.join(cls.server.data_dir, "media", cls.clip)
        with open(cls.clip_path, "rb") as f:
            cls.clip_bytes = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def get_clip(self, headers=None, method="GET"):
        return self.server.request(method, "/media/" + self.clip, headers=headers)

    # --- the clip file

    def test_whole_clip_with_cache_headers_and_validators(self):
        status, headers, body = self.get_clip()
        self.assertEqual(status, 200)
        self.assertEqual(body, self.clip_bytes)
        self.assertEqual(headers["content-type"], "video/mp4")
        self.assertEqual(headers["accept-ranges"], "bytes")
        self.assertIn("max-age=31536000", headers["cache-control"])
        self.assertIn("immutable", headers["cache-control"])
        self.assertRegex(headers["etag"], r'^"[0-9a-f]+-[0-9a-f]+"$')
        self.assertIsNotNone(email.utils.parsedate_to_datetime(headers["last-modified"]))
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertEqual(int(headers["content-length"]), len(self.clip_bytes))

    def test_byte_ranges(self):
        size = len(self.clip_bytes)
        cases = [
            ("bytes=0-99", 206, 0, 99),
            ("bytes=100-", 206, 100, size - 1),
            ("bytes=-500", 206, size - 500, size - 1),
            ("bytes=1000-1000", 206, 1000, 1000),
            ("bytes=%d-%d" % (size - 10, size + 5000), 206, size - 10, size - 1),  # clamped
            ("bytes=0-0,5-5", 206, 0, 5),  # close ranges merge into one, never the whole file
            ("bytes=0-9,20-29", 206, 0, 29),
            ("bytes=0-,0-,0-", 206, 0, size - 1),
            ("items=0-9", 200, 0, size - 1),  # another unit is ignored
            ("bytes=abc", 200, 0, size - 1),  # malformed is ignored
        ]
        for header, status_wanted, first, last in cases:
            with self.subTest(header):
                status, headers, body = self.get_clip({"Range": header})
                self.assertEqual(status, status_wanted)
                self.assertEqual(body, self.clip_bytes[first:last + 1])
                if status == 206:
                    self.assertEqual(headers["content-range"], "bytes %d-%d/%d" % (first, last, size))
                else:
                    self.assertNotIn("content-range", headers)

    def test_distant_ranges_get_a_multipart_answer(self):
        size = len(self.clip_bytes)
        status, headers, body = self.get_clip({"Range": "bytes=1000-1009,0-9,-10"})
        self.assertEqual(status, 206)
        self.assertNotIn("content-range", headers)
        boundary = re.fullmatch(r"multipart/byteranges; boundary=(\S+)", headers["content-type"]).group(1)
        parts = body.split(b"--" + boundary.encode())
        self.assertEqual(parts[-1], b"--\r\n")
        found = []
        for part in parts[1:-1]:
            head, _, data = part.partition(b"\r\n\r\n")
            self.assertIn(b"Content-Type: video/mp4", head)
            first, last = map(int, re.search(rb"Content-Range: bytes (\d+)-(\d+)/%d" % size, head).groups())
            self.assertEqual(data[:-2], self.clip_bytes[first:last + 1])  # CRLF before the next
            found.append((first, last))
        self.assertEqual(found, [(0, 9), (1000, 1009), (size - 10, size - 1)])

    def test_a_large_clip_is_streamed_whole_or_by_range(self):
        # Streamed from disk, so an open-ended range needs no cap: it gets what it asked for.
        name = "ab" * 16 + ".mp4"
        size = 9 << 20
        data = os.urandom(size)
        with open(os.path.join(self.server.data_dir, "media", name), "wb") as f:
            f.write(data)
        cases = [
            ("bytes=0-", 0, size - 1),
            ("bytes=100-", 100, size - 1),
            ("bytes=0-%d" % (size - 1), 0, size - 1),
            ("bytes=-%d" % size, 0, size - 1),
            ("bytes=0-0,%d-%d" % (size - 1, size - 1), None, None),  # multipart, two bytes
        ]
        for header, first, last in cases:
            with self.subTest(header):
                status, headers, body = self.server.request("GET", "/media/" + name, {"Range": header})
                self.assertEqual(status, 206)
                if first is None:
                    self.assertTrue(headers["content-type"].startswith("multipart/byteranges"))
                    self.assertLess(len(body), 1000)
                    continue
                self.assertEqual(headers["content-range"], "bytes %d-%d/%d" % (first, last, size))
                self.assertEqual(body, data[first:last + 1])
        status, _, body = self.server.get("/media/" + name)
        self.assertEqual((status, body), (200, data))

    def test_unsatisfiable_ranges(self):
        size = len(self.clip_bytes)
        for header in ("bytes=%d-" % size, "bytes=%d-%d" % (size + 10, size + 20), "bytes=-0", "bytes=9-5"):
            with self.subTest(header):
                status, headers, _ = self.get_clip({"Range": header})
                self.assertEqual(status, 416)
                self.assertEqual(headers["content-range"], "bytes */%d" % size)
                self.assertEqual(headers["cache-control"], "no-store")

    def test_if_range(self):
        _, headers, _ = self.get_clip()
        etag, modified = headers["etag"], headers["last-modified"]
        cases = [
            ("matching entity tag", etag, 206),
            ("matching date", modified, 206),
            ("another entity tag", '"0-0"', 200),
            ("weak entity tag", "W/" + etag, 200),
            ("another date", "Mon, 01 Jan 2001 00:00:00 GMT", 200),
        ]
        for name, if_range, status_wanted in cases:
            with self.subTest(name):
                status, headers, body = self.get_clip({"Range": "bytes=10-19", "If-Range": if_range})
                self.assertEqual(status, status_wanted)
                if status_wanted == 206:
                    self.assertEqual(body, self.clip_bytes[10:20])
                else:
                    self.assertEqual(body, self.clip_bytes)

    def test_conditional_requests(self):
        _, headers, _ = self.get_clip()
        status, _, body = self.get_clip({"If-None-Match": headers["etag"]})
        self.assertEqual((status, body), (304, b""))
        status, _, _ = self.get_clip({"If-None-Match": '"something-else"'})
        self.assertEqual(status, 200)
        status, _, _ = self.get_clip({"If-Modified-Since": headers["last-modified"]})
        self.assertEqual(status, 304)

    def test_head_sends_no_body(self):
        status, headers, body = self.get_clip(method="HEAD")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        self.assertEqual(int(headers["content-length"]), len(self.clip_bytes))

    # --- photos

    def test_renditions_are_served_and_originals_never(self):
        html = self.server.get(PHOTO_STORY)[2].decode()
        jpeg = re.search(r'<img src="/media/([0-9a-f]{32})-(\d+)\.jpg"', html)
        self.assertTrue(jpeg)
        stem = jpeg.group(1)
        status, headers, body = self.server.get("/media/%s-%s.jpg" % (stem, jpeg.group(2)))
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "image/jpeg")
        self.assertTrue(body.startswith(b"\xff\xd8\xff"))
        self.assertNotIn(b"Exif", body[:4096], "renditions carry no EXIF")
        webp = re.search(r'/media/(%s-\d+\.webp)' % stem, html).group(1)
        status, headers, body = self.server.get("/media/" + webp)
        self.assertEqual((status, headers["content-type"]), (200, "image/webp"))
        self.assertTrue(os.path.exists(os.path.join(self.server.data_dir, "media", stem + ".jpg")))
        self.assertEqual(self.server.get("/media/%s.jpg" % stem)[0], 404, "the original keeps its EXIF")

    def test_names_that_are_not_generated_are_not_found(self):
        for path in ("/media/", "/media/marquee.db", "/media/%2e%2e/marquee.db", "/media/../marquee.db",
                     "/media/" + "0" * 32 + ".mp4", "/media/" + "0" * 32 + ".exe",
                     "/media/.upload-" + "0" * 32 + ".tmp", "/media/x/" + self.clip):
            with self.subTest(path):
                self.assertEqual(self.server.get(path)[0], 404)
        self.assertEqual(self.server.request("POST", "/media/" + self.clip)[0], 405)

    # --- pages

    def test_story_page_embeds_the_clip_with_poster_duration_and_label(self):
        status, _, body = self.server.get(CLIP_STORY)
        html = body.decode()
        self.assertEqual(status, 200)
        video = re.search(r"<video [^>]*>", html).group(0)
        self.assertIn("controls", video)
        self.assertIn('preload="metadata"', video)
        # The poster frame at about the player's width (or whole, for a clip stored before
        # posters had renditions).
        poster = re.search(r'poster="(/media/[0-9a-f]{32}-(\d+|poster)\.jpg)"', video).group(1)
        status, headers, _ = self.server.get(poster)
        self.assertEqual((status, headers["content-type"]), (200, "image/jpeg"))
        self.assertIn('<p class="clip-label">Exclusive clip</p>', html)
        self.assertIn('<time datetime="PT12S">0:12</time>', html)
        self.assertIn("Marquee demo clip", html)

    def test_story_page_lead_photo_has_srcset_sizes_caption_and_credit(self):
        html = self.server.get(PHOTO_STORY)[2].decode()
        self.assertIn("<picture>", html)
        # The whole photo's renditions, or its crops once they are made (docs/media.md).
        name = r"/media/[0-9a-f]{32}-(?:\d+x\d+-)?\d+(?:-[0-9a-f]{8})?"
        self.assertRegex(html, r'<source type="image/webp" srcset="(%s\.webp \d+w, )+%s\.webp \d+w" '
                               r'sizes="[^"]+"' % (name, name))
        img = re.search(r"<img [^>]*>", html).group(0)
        self.assertRegex(img, r'srcset="(%s\.jpg \d+w, )+%s\.jpg \d+w"' % (name, name))
        self.assertRegex(img, r'width="\d+" height="\d+"')
        self.assertIn('alt="Abstract grey gradient standing in for a premiere carpet at night"', img)
        # Caption and credit apart: the credit in a span of its own, named for screen readers.
        self.assertIn('<figcaption><span class="caption-text">Fans lined the carpet', html)
        self.assertIn('<span class="credit"><span class="visually-hidden">Photo: </span>'
                      'Marquee demo illustration</span>', html)

    def test_clip_page(self):
        html = self.server.get(CLIP_STORY)[2].decode()
        clip_page = re.search(r'href="(/clips/\d+)"', html).group(1)
        status, _, body = self.server.get(clip_page)
        page = body.decode()
        self.assertEqual(status, 200)
        self.assertIn("<h1 class=\"story-headline\">Exclusive: Stewart and Fanning", page)
        self.assertIn('<source src="/media/%s" type="video/mp4">' % self.clip, page)
        self.assertIn("0:12", page)
        self.assertIn('href="%s"' % CLIP_STORY, page, "the stories that show the clip")
        self.assertIn("Exclusive clip", page)
        for missing in ("/clips/999999", "/clips/abc", "/clips/0", "/clips/-1"):
            with self.subTest(missing):
                self.assertEqual(self.server.get(missing)[0], 404)

    def test_a_photo_has_no_clip_page(self):
        html = self.server.get(PHOTO_STORY)[2].decode()
        self.assertNotIn("/clips/", html)
        # Of the demo's 25 items only its one clip has a page; its photos have none.
        pages = [i for i in range(1, 26) if self.server.get("/clips/%d" % i)[0] == 200]
        self.assertEqual(len(pages), 1, pages)


if __name__ == "__main__":
    unittest.main()
