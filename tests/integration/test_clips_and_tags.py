"""Clips and tags over real HTTP: WebVTT captions uploaded in the newsroom and through the API
(good files served as text/vtt and played as <track>, bad ones refused with a clear 4xx and
nothing left behind), the clip page with its poster and VideoObject JSON-LD, and tag pages with
their keyset pages and feeds."""
import glob
import json
import os
import re
import tomllib
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from harness import SOURCE_DIR, Server, create_token
from test_admin_media import Newsroom, add_account, multipart

GOOD_VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHola.\n\n00:02.000 --> 00:04.500\n[Musica]\n"


class Page(HTMLParser):
    """Tags and attributes of interest, and the JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.jsonld = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False

    def all(self, name, **where):
        return [a for t, a in self.tags if t == name and all(a.get(k) == v for k, v in where.items())]


def parse(html):
    page = Page()
    page.feed(html)
    return page


def demo_tags():
    """Tag -> slugs of the demo's stories carrying it, from the story files themselves."""
    tags = {}
    for path in glob.glob(os.path.join(SOURCE_DIR, "demo", "stories", "*.md")):
        with open(path, encoding="utf-8") as f:
            front = f.read().split("+++")[1]
        meta = tomllib.loads(front)
        for tag in meta.get("tags", []):
            tags.setdefault(tag, set()).add(meta["slug"])
    return tags


class ClipsAndTags(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.base = "http://127.0.0.1:%d" % cls.server.port
        cls.password = add_account(cls.server, "captions-editor@newsroom.test", "editor")
        cls.tokens = {"editor": create_token(cls.server, "admin@example.com", "clips editor", "editor"),
                      "writer": create_token(cls.server, "maya-okafor", "clips writer")}
        story = cls.get_page("/movies/2010/07/21/runaways-exclusive-clip")
        cls.clip_path = parse(story).all("a", **{"class": "clip-page-link"})[0]["href"]
        cls.clip_id = int(cls.clip_path.rsplit("/", 1)[1])
        status, _, body = cls.server.get("/api/v1/stories?per_page=1")
        newest = json.loads(body)["data"][0]["id"]
        status, _, body = cls.server.get("/api/v1/stories/%d" % newest)
        cls.photo_id = json.loads(body)["data"]["lead_media"]["id"]  # a photo, not a clip

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    @classmethod
    def get_page(cls, path):
        status, _, body = cls.server.get(path)
        assert status == 200, (path, status)
        return body.decode()

    def media_files(self, suffix):
        return sorted(f for f in os.listdir(os.path.join(self.server.data_dir, "media")) if f.endswith(suffix))

    def editor(self):
        return Newsroom(self.server).sign_in("captions-editor@newsroom.test", self.password)

    def upload_captions(self, newsroom, clip_id, data, lang="es", label="Español", json_answer=True):
        content_type, body = multipart({"csrf": newsroom.csrf, "lang": lang, "label": label},
                                       [("file", "captions.vtt", "text/vtt", data)])
        headers = {"Content-Type": content_type}
        if json_answer:
            headers["Accept"] = "application/json"
        return newsroom.request("POST", "/admin/media/%d/captions" % clip_id, body, headers)

    def tracks(self, path):
        return parse(self.get_page(path)).all("track")

    def api(self, method, path, body=None, token=None, content_type="text/vtt"):
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + self.tokens[token]
        if body is not None:
            headers["Content-Type"] = content_type
        status, headers, raw = self.server.request(method, "/api/v1" + path, headers, body)
        return status, json.loads(raw) if raw else None

    # --- the clip page and its video

    def test_clip_page_plays_the_clip_with_captions_poster_and_video_object(self):
        page = parse(self.get_page(self.clip_path))
        video = page.all("video")[0]
        self.assertTrue(video["width"] and video["height"], "the player reserves its size")
        # The poster is a rendition of the poster frame no wider than the player needs.
        poster = re.search(r"-(\d+)\.jpg$", video["poster"])
        self.assertIsNotNone(poster, video["poster"])
        self.assertLessEqual(int(poster.group(1)), 1024)
        status, headers, _ = self.server.get(video["poster"])
        self.assertEqual((status, headers["content-type"]), (200, "image/jpeg"))
        track = page.all("track")[0]
        self.assertEqual((track["kind"], track["srclang"], track["label"]), ("captions", "en", "English"))
        self.assertIn("default", track)
        status, headers, body = self.server.get(track["src"])
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/vtt; charset=utf-8")
        with open(os.path.join(SOURCE_DIR, "demo", "stories", "clips", "runaways-exclusive-clip.en.vtt"), "rb") as f:
            self.assertEqual(body, f.read(), "served byte for byte")
        # The stories that show it, as cards.
        self.assertIn("/movies/2010/07/21/runaways-exclusive-clip", [a["href"] for a in page.all("a")])
        ld = [d for d in page.jsonld if d["@type"] == "VideoObject"]
        self.assertEqual(len(ld), 1)
        self.check_video_object(ld[0])
        self.assertEqual(ld[0]["uploadDate"], "2010-07-21T18:39:00Z", "when its story went out")
        self.assertEqual(page.all("meta", property="og:type")[0]["content"], "video.other")

    def check_video_object(self, ld):
        self.assertEqual(ld["embedUrl"], self.base + self.clip_path)
        self.assertTrue(ld["contentUrl"].startswith(self.base + "/media/") and ld["contentUrl"].endswith(".mp4"))
        self.assertEqual(ld["duration"], "PT12S")
        self.assertRegex(ld["uploadDate"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertTrue(ld["name"])
        self.assertGreaterEqual(len(ld["thumbnailUrl"]), 1)
        for url in ld["thumbnailUrl"]:
            status, headers, _ = self.server.get(url[len(self.base):])
            self.assertEqual((status, headers["content-type"]), (200, "image/jpeg"), url)

    def test_story_video_object_points_at_the_clip_page(self):
        page = parse(self.get_page("/movies/2010/07/21/runaways-exclusive-clip"))
        article = [d for d in page.jsonld if d["@type"] == "NewsArticle"][0]
        self.check_video_object(article["video"])
        alone = [d for d in page.jsonld if d["@type"] == "VideoObject"][0]
        self.check_video_object(alone)
        self.assertEqual(page.all("track")[0]["srclang"], "en")

    def test_a_clip_no_published_story_shows_has_no_page(self):
        for path in ("/clips/99999", "/clips/abc", "/clips/%d" % self.photo_id):
            self.assertEqual(self.server.get(path)[0], 404, path)

    # --- captions through the newsroom

    def test_good_captions_are_added_replaced_and_removed(self):
        newsroom = self.editor()
        before = self.media_files(".vtt")
        status, _, body = self.upload_captions(newsroom, self.clip_id, GOOD_VTT)
        self.assertEqual(status, 201, body)
        added = json.loads(body)["captions"]
        self.assertEqual([(c["lang"], c["label"]) for c in added], [("en", "English"), ("es", "Español")])
        first_file = [c["url"] for c in added if c["lang"] == "es"][0].rsplit("/", 1)[1]
        for path in (self.clip_path, "/movies/2010/07/21/runaways-exclusive-clip"):
            self.assertEqual([t["srclang"] for t in self.tracks(path)], ["en", "es"], path)
        self.assertEqual(self.server.get("/media/" + first_file)[2], GOOD_VTT)
        # The same language again replaces the track, and its old file goes.
        status, _, body = self.upload_captions(newsroom, self.clip_id, GOOD_VTT + b"\n", label="Castellano")
        self.assertEqual(status, 201, body)
        self.assertEqual(len(self.media_files(".vtt")), len(before) + 1)
        self.assertNotIn(first_file, self.media_files(".vtt"))
        self.assertEqual([t["label"] for t in self.tracks(self.clip_path)], ["English", "Castellano"])
        # Removed from the newsroom's page: the track and its file go.
        status, _, _ = newsroom.post_form("/admin/media/%d/captions/es/delete" % self.clip_id, {})
        self.assertEqual(status, 303)
        self.assertEqual([t["srclang"] for t in self.tracks(self.clip_path)], ["en"])
        self.assertEqual(self.media_files(".vtt"), before)

    def test_bad_captions_are_refused_with_a_reason_and_leave_nothing(self):
        newsroom = self.editor()
        before = self.media_files(".vtt")
        cases = [
            (b"", 400, "file", "Choose"),
            (b"1\n00:00:01,000 --> 00:00:02,000\nAn SRT file\n", 422, "file", "begin with the line WEBVTT"),
            (b"WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n", 422, "file", "WEBVTT"),
            (b"WEBVTT\n\nJust words, no cue.\n", 422, "file", "no cues"),
            (b"WEBVTT\n\n00:00.000 --> 00:01.000\nfine\n\n00:0x.000 --> 00:02.000\nbad\n", 422, "file", "cue 2"),
            (b"WEBVTT\n\n00:05.000 --> 00:01.000\nbackwards\n", 422, "file", "ends before it starts"),
            (b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\xfe not UTF-8\n", 422, "file", "UTF-8"),
            (b"WEBVTT\n\n00:00.000 --> 00:01.000\nnul \x00 byte\n", 422, "file", "UTF-8"),
            (b"WEBVTT\n\n" + b"00:00.000 --> 00:01.000\nx\n\n" * 80000, 413, "file", "too large"),
        ]
        for data, status, field, words in cases:
            got, _, body = self.upload_captions(newsroom, self.clip_id, data)
            self.assertEqual(got, status, (data[:40], body))
            error = json.loads(body)
            self.assertEqual(error["field"], field)
            self.assertIn(words, error["error"])
        for lang, label, field in (("english", "English", "lang"), ("e", "", "lang"), ("en-", "", "lang"),
                                   ("en", "x" * 101, "label"), ("en", "tab\there", "label")):
            got, _, body = self.upload_captions(newsroom, self.clip_id, GOOD_VTT, lang=lang, label=label)
            self.assertEqual((got, json.loads(body)["field"]), (422, field), lang)
        # Captions go with a clip only.
        got, _, body = self.upload_captions(newsroom, self.photo_id, GOOD_VTT)
        self.assertEqual((got, json.loads(body)["field"]), (422, "clip"))
        self.assertEqual(self.upload_captions(newsroom, 99999, GOOD_VTT)[0], 404)
        # The form answers with its page and the message by the field.
        got, _, body = self.upload_captions(newsroom, self.clip_id, b"not captions", json_answer=False)
        self.assertEqual(got, 422)
        self.assertIn("This is not a WebVTT caption file", body.decode())
        self.assertEqual(self.media_files(".vtt"), before, "nothing left behind")
        self.assertEqual([t["srclang"] for t in self.tracks(self.clip_path)], ["en"])

    def test_captions_need_an_editor_and_the_csrf_token(self):
        writer = Newsroom(self.server)
        self.assertIn(self.upload_captions(writer, self.clip_id, GOOD_VTT)[0], (302, 303, 401, 403))
        newsroom = self.editor()
        newsroom.csrf = "0" * 32
        self.assertEqual(self.upload_captions(newsroom, self.clip_id, GOOD_VTT)[0], 403)
        self.assertEqual([t["srclang"] for t in self.tracks(self.clip_path)], ["en"])

    # --- captions through the API

    def test_api_puts_and_deletes_captions(self):
        path = "/media/%d/captions/fr" % self.clip_id
        self.assertEqual(self.api("PUT", path, GOOD_VTT)[0], 401)
        self.assertEqual(self.api("PUT", path, GOOD_VTT, token="writer")[0], 403)
        status, error = self.api("PUT", path, GOOD_VTT, token="editor", content_type="application/json")
        self.assertEqual((status, error["error"]["code"]), (415, "unsupported_media_type"))
        status, error = self.api("PUT", path, b"WEBVTT\n\nno cues here\n", token="editor")
        self.assertEqual((status, error["error"]["code"], error["error"]["field"]), (422, "invalid_captions", "file"))
        self.assertIn("no cues", error["error"]["message"])
        status, error = self.api("PUT", "/media/%d/captions/fran%%C3%%A7ais" % self.clip_id, GOOD_VTT, token="editor")
        self.assertEqual((status, error["error"]["field"]), (422, "lang"))
        status, body = self.api("PUT", path + "?label=Fran%C3%A7ais", GOOD_VTT, token="editor")
        self.assertEqual(status, 200, body)
        tracks = {c["lang"]: c for c in body["data"]["captions"]}
        self.assertEqual(tracks["fr"]["label"], "Français")
        self.assertEqual(self.server.get(urllib.parse.urlsplit(tracks["fr"]["url"]).path)[2], GOOD_VTT)
        self.assertEqual([t["srclang"] for t in self.tracks(self.clip_path)], ["en", "fr"])
        # The story's clip in the API carries its captions too.
        stories = self.server.get("/api/v1/stories?per_page=100")[2]
        story_id = [s["id"] for s in json.loads(stories)["data"] if s["slug"] == "runaways-exclusive-clip"][0]
        clip = json.loads(self.server.get("/api/v1/stories/%d" % story_id)[2])["data"]["clip"]
        self.assertIn("fr", [c["lang"] for c in clip["captions"]])
        self.assertEqual(self.api("DELETE", path, token="editor")[0], 200)
        self.assertEqual(self.api("DELETE", path, token="editor")[0], 404)
        self.assertEqual([t["srclang"] for t in self.tracks(self.clip_path)], ["en"])

    # --- tag pages

    def test_story_tags_link_to_tag_pages_listing_exactly_the_tagged_stories(self):
        expected = demo_tags()
        story = parse(self.get_page("/movies/2010/07/21/runaways-exclusive-clip"))
        links = [a["href"] for a in story.all("a", rel="tag")]
        self.assertIn("/tags/Kristen%20Stewart", links)
        self.assertEqual(len(links), 6)
        for href in links:
            tag = urllib.parse.unquote(href[len("/tags/"):])
            page = parse(self.get_page(href))
            shown = {a["href"].rsplit("/", 1)[1] for a in page.all("a")
                     if re.match(r"^/[a-z-]+/\d{4}/\d\d/\d\d/", a.get("href", ""))}
            self.assertEqual(shown, expected[tag], tag)
            for img in page.all("img"):
                for attribute in ("width", "height", "alt", "srcset", "sizes"):
                    self.assertIn(attribute, img, (tag, img))
            feeds = {a["type"]: a["href"] for a in page.all("link", rel="alternate")}
            self.assertEqual(feeds["application/rss+xml"], self.base + href + "/rss.xml")

    def test_tag_feeds_carry_the_tagged_stories(self):
        expected = demo_tags()["The Runaways"]
        status, headers, body = self.server.get("/tags/The%20Runaways/rss.xml")
        self.assertEqual(status, 200)
        items = ET.fromstring(body).findall("./channel/item")
        self.assertEqual({i.findtext("link").rsplit("/", 1)[1] for i in items}, expected)
        status, _, body = self.server.get("/tags/The%20Runaways/atom.xml")
        self.assertEqual(status, 200)
        self.assertEqual(len(ET.fromstring(body).findall("{http://www.w3.org/2005/Atom}entry")), len(expected))
        self.assertEqual(self.server.get("/tags/No%20such%20tag/rss.xml")[0], 404)
        self.assertEqual(self.server.get("/tags/No%20such%20tag")[0], 404)

    def test_tag_pages_are_keyset_pages_that_follow_new_stories(self):
        tag = "Keyset Tag/Test"  # a slash in a tag is part of its address
        ids = []
        for n in range(23):
            status, body = self.api("POST", "/stories", json.dumps(
                {"headline": "Keyset story %02d" % n, "section": "movies", "tags": [tag], "status": "published",
                 "body": "A story about Kristen Stewart for the keyset pages.",
                 "publish_at": "2011-01-%02dT12:00:00Z" % (n + 1)}),
                token="editor", content_type="application/json")
            self.assertEqual(status, 201, body)
            ids.append(body["data"]["id"])
        path = "/tags/" + urllib.parse.quote(tag, safe="")

        def walk(list_path):
            """Follows "Older stories" from a list's first page; the keyset stories it shows."""
            seen, pages, next_url = [], 0, list_path
            while next_url:
                page = parse(self.get_page(next_url))
                pages += 1
                seen += [a.get("href") for a in page.all("a")
                         if "/2011/01/" in a.get("href", "") and "keyset-story" in a.get("href", "")
                         and a.get("href") not in seen]
                following = page.all("a", rel="next")
                next_url = following[0]["href"] if following else None
                if next_url:
                    self.assertRegex(next_url, r"^%s\?after=\d+$" % re.escape(list_path))
            return seen, pages

        seen, pages = walk(path)
        self.assertEqual(pages, 2)
        self.assertEqual(len(seen), 23, "every story once")
        days = [int(h.split("/")[4]) for h in seen]
        self.assertEqual(days, sorted(days, reverse=True), "newest first across pages")
        # The section's and the topic's pages go through the same stories the same way.
        for list_path in ("/movies", "/people/kristen-stewart"):
            listed, _ = walk(list_path)
            self.assertEqual(listed, seen, list_path)
        self.assertEqual(self.server.get(path + "?after=abc")[0], 400)
        # After the oldest story there is nothing more.
        oldest = seen[-1]
        oldest_id = [i for i, n in zip(ids, range(23)) if n == 0][0]
        self.assertTrue(oldest.endswith("keyset-story-00"), oldest)
        self.assertEqual(self.server.get(path + "?after=%d" % oldest_id)[0], 404)
        # A new story with the tag is on the first page at once (the cached page was dropped).
        status, body = self.api("POST", "/stories", json.dumps(
            {"headline": "Keyset story newest", "section": "movies", "tags": [tag], "status": "published",
             "body": "The newest."}), token="editor", content_type="application/json")
        self.assertEqual(status, 201, body)
        self.assertIn("Keyset story newest", self.get_page(path))
        self.assertIn("Keyset story newest", self.server.get(path + "/rss.xml")[2].decode())


if __name__ == "__main__":
    unittest.main()
