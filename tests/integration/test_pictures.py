"""Pictures first: every photo is cut to the shapes the theme needs (16:9, 4:3, 1:1, 4:5) around
its focal point, off the request path, and served as AVIF, WebP and JPEG with immutable caching;
cards and the story lead use the crop of their slot; JSON-LD lists the 16:9, 4:3 and 1:1 crops;
topic pages show the entity's photo with its credit and the photos of its stories; an editor's
crop window replaces the focal-point crop."""
import json
import re
import unittest
from html.parser import HTMLParser

from admin_client import Newsroom, add_user
from harness import Server, run_cli, wait_until

CROP = r"/media/[0-9a-f]{32}-(\d+)x(\d+)-(\d+)-[0-9a-f]{8}\.(jpg|webp|avif)"
STORY = "/movies/2010/07/21/runaways-exclusive-clip"
TOPIC = "/people/kristen-stewart"


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html, name):
    found = Tags()
    found.feed(html)
    return [attrs for tag, attrs in found.tags if tag == name]


def lead_img(html):
    lead = re.search(r'<section class="lead[^"]*"(.*?)</section>', html, re.S)
    return tags(lead.group(1), "img")[0]


class Pictures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        # The crops are made in the background after start-up; the demo's take some seconds.
        cls.ready = wait_until(lambda: "-16x9-" in lead_img(cls.page_of(cls, "/"))["src"],
                               timeout=240, interval=0.5)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def page_of(self, path):
        status, _, body = self.server.get(path)
        assert status == 200, (path, status)
        return body.decode()

    def page(self, path):
        return self.page_of(path)

    def editor(self):
        editor = Newsroom(self.server)
        email = "pictures-%d@example.com" % id(self)
        status, _, _ = editor.login(email, add_user(self.server, email, "editor"))
        self.assertEqual(status, 303)
        return editor

    def media_id_of(self, editor, src):
        stem = re.match(r"^/media/([0-9a-f]{32})-", src).group(1)
        status, _, body = editor.get("/admin/picker?q=")
        for item in json.loads(body)["items"]:
            if stem in item["thumbnail"]:
                return item["id"]
        self.fail("no photo with " + stem)

    def test_crops_are_served_with_their_type_and_immutable_caching(self):
        self.assertTrue(self.ready, "crops made:\n" + self.server.logs()[-2000:])
        html = self.page("/")
        sources = tags(html, "source")
        types = {s["type"] for s in sources}
        self.assertEqual(types, {"image/avif", "image/webp"})
        urls = [lead_img(html)["src"]]
        for s in sources[:2]:
            urls.append(s["srcset"].split(" ")[0])
        for url in urls:
            m = re.fullmatch(CROP, url)
            self.assertIsNotNone(m, url)
            status, headers, body = self.server.get(url)
            self.assertEqual(status, 200, url)
            want = {"jpg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}[m.group(4)]
            self.assertEqual(headers["content-type"], want)
            self.assertEqual(headers["cache-control"], "public, max-age=31536000, immutable")
            self.assertTrue(headers.get("etag"))
            status, _, _ = self.server.get(url, {"If-None-Match": headers["etag"]})
            self.assertEqual(status, 304)
        # Each crop has its ratio exactly: 16:9 at 640 is 640 x 360.
        img = lead_img(html)
        w, h = int(img["width"]), int(img["height"])
        self.assertEqual(w * 9, h * 16)
        self.assertIn("crop-16x9", img["class"])

    def test_list_cards_are_square_and_every_img_has_size_and_alt(self):
        self.assertTrue(self.ready)
        for path in ("/", "/movies", TOPIC, STORY):
            for img in tags(self.page(path), "img"):
                for attribute in ("width", "height", "alt"):
                    self.assertIn(attribute, img, "%s: %s" % (path, img))
                self.assertGreater(int(img["width"]), 0)
                self.assertGreater(int(img["height"]), 0)
        squares = [i for i in tags(self.page("/movies"), "img") if "crop-1x1" in i.get("class", "")]
        self.assertTrue(squares, "list cards take the 1:1 crop")
        for img in squares:
            self.assertEqual(img["width"], img["height"])

    def test_the_story_lead_is_16_9_with_a_4_5_source_for_phones(self):
        self.assertTrue(self.ready)
        html = self.page("/celebrity/2009/07/22/stewart-and-fanning-spotted-filming-in-los-angeles")
        figure = re.search(r'<figure class="story-media story-photo">(.*?)</figure>', html, re.S)
        self.assertIsNotNone(figure)
        sources = tags(figure.group(1), "source")
        narrow = [s for s in sources if s.get("media") == "(max-width: 40rem)"]
        self.assertEqual({s["type"] for s in narrow}, {"image/avif", "image/webp", "image/jpeg"})
        for s in narrow:
            self.assertRegex(s["srcset"], r"-4x5-")
            self.assertEqual(int(s["width"]) * 5, int(s["height"]) * 4)
        img = tags(figure.group(1), "img")[0]
        self.assertRegex(img["src"], r"-16x9-")

    def test_json_ld_lists_the_16_9_4_3_and_1_1_crops(self):
        self.assertTrue(self.ready)
        html = self.page("/celebrity/2009/07/22/stewart-and-fanning-spotted-filming-in-los-angeles")
        blocks = [json.loads(b) for b in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        article = next(b for b in blocks if b.get("@type") == "NewsArticle")
        ratios = []
        for image in article["image"]:
            self.assertTrue(image["url"].startswith("http"))
            self.assertRegex(image["url"], CROP)
            ratios.append(round(image["width"] / image["height"], 3))
        self.assertEqual(ratios, [round(16 / 9, 3), round(4 / 3, 3), 1.0])
        self.assertGreaterEqual(article["image"][0]["width"], 1024)

    def test_topic_page_shows_the_entity_photo_with_credit_and_its_stories_photos(self):
        self.assertTrue(self.ready)
        html = self.page(TOPIC)
        header = re.search(r'<header class="topic-header topic-with-image">(.*?)</header>', html, re.S)
        self.assertIsNotNone(header, "the topic header holds the photo")
        figure = re.search(r'<figure class="topic-image">(.*?)</figure>', header.group(1), re.S)
        img = tags(figure.group(1), "img")[0]
        self.assertIn("silhouette", img["alt"])
        self.assertIn('<span class="credit">Marquee demo illustration</span>', figure.group(1))
        self.assertEqual(int(img["width"]) * 5, int(img["height"]) * 4, "a person is 4:5")
        photos = re.search(r'<section class="topic-photos"(.*?)</section>', html, re.S)
        self.assertIsNotNone(photos)
        links = re.findall(r'<li><a href="([^"]+)"', photos.group(1))
        self.assertTrue(1 <= len(links) <= 8)
        self.assertEqual(len(links), len(set(links)))
        clips = re.search(r'<section class="topic-clips"(.*?)</section>', html, re.S)
        self.assertIsNotNone(clips, "the exclusive clip is about her")
        self.assertIn('href="/clips/', clips.group(1))
        # The API gives the photo with its credit; JSON-LD names it.
        status, _, body = self.server.get("/api/v1/entities/kristen-stewart")
        self.assertEqual(status, 200)
        image = json.loads(body)["data"]["image"]
        self.assertEqual(image["credit"], "Marquee demo illustration")
        self.assertIn("4:5", image["crops"])
        self.assertIn('"image":{"@type":"ImageObject"', html.replace(" ", ""))

    def test_a_new_focal_point_or_crop_window_changes_the_served_crop(self):
        self.assertTrue(self.ready)
        editor = self.editor()
        # A 16:10 photo: its 16:9 crop moves up and down with the focal point.
        review = "/movies/2010/03/19/review-the-runaways"

        def lead():
            return re.search(r'<img src="([^"]+)"[^>]*class="focused', self.page(review)).group(1)

        self.assertTrue(wait_until(lambda: "-16x9-" in lead(), timeout=120, interval=0.3))
        before = lead()
        media = self.media_id_of(editor, before)
        status, _, body = editor.post("/admin/media/%d/focus" % media, {"x": "0.5", "y": "0.05"})
        self.assertEqual(status, 200, body)
        self.assertTrue(wait_until(lambda: lead() != before, timeout=120, interval=0.3),
                        "the lead's crop follows the focal point")
        after_focus = lead()
        self.assertRegex(after_focus, r"-16x9-")
        # The old crop is gone from the folder; the new one is served.
        self.assertEqual(self.server.get(before)[0], 404)
        self.assertEqual(self.server.get(after_focus)[0], 200)
        # An editor's window for 16:9 wins over the focal point.
        status, _, body = editor.post("/admin/media/%d/crop" % media, {
            "ratio": "16:9", "x": "0.4", "y": "0.3", "width": "0.5", "height": "0.5"})
        self.assertEqual(status, 200, body)
        self.assertIn("16:9", json.loads(body)["crops"])
        self.assertTrue(wait_until(lambda: lead() != after_focus, timeout=120, interval=0.3))
        # Back to the focal point: the same crop as before the window, by the same name.
        status, _, body = editor.post("/admin/media/%d/crop" % media, {"ratio": "16:9", "clear": "1"})
        self.assertEqual(status, 200, body)
        self.assertTrue(wait_until(lambda: lead() == after_focus, timeout=120, interval=0.3))

    def test_bad_crop_windows_are_refused(self):
        editor = self.editor()
        media = self.media_id_of(editor, lead_img(self.page("/"))["src"])
        cases = [
            ({"ratio": "3:2", "x": "0", "y": "0", "width": "1", "height": "1"}, 422, "ratio"),
            ({"ratio": "16:9", "x": "0.8", "y": "0", "width": "0.5", "height": "0.5"}, 422, "crop"),
            ({"ratio": "16:9", "x": "a", "y": "0", "width": "0.5", "height": "0.5"}, 422, "crop"),
            ({"x": "0", "y": "0", "width": "1", "height": "1"}, 422, "ratio"),
        ]
        for form, status, field in cases:
            got, _, body = editor.post("/admin/media/%d/crop" % media, form)
            self.assertEqual(got, status, (form, body))
            self.assertEqual(json.loads(body)["field"], field)
        got, _, _ = editor.post("/admin/media/999999/crop", {"ratio": "16:9", "clear": "1"})
        self.assertEqual(got, 404)

    def test_the_entity_manager_picks_an_entity_photo(self):
        editor = self.editor()
        status, _, body = self.server.get("/api/v1/entities/sandy-west")
        entity = json.loads(body)["data"]
        self.assertIsNone(entity["image"])
        photo = json.loads(self.server.get("/api/v1/entities/joan-jett")[2])["data"]["image"]
        form = {"name": entity["name"], "kind": "person", "slug": "sandy-west",
                "aliases": "", "description": entity["description"],
                "start_date": entity["start_date"], "end_date": entity["end_date"]}
        status, _, page = editor.get("/admin/entities/%d" % entity["id"])
        self.assertIn('data-media-picker="image"', page)
        status, _, body = editor.post("/admin/entities/%d" % entity["id"],
                                      dict(form, image_media="999999"))
        self.assertEqual(status, 422)
        self.assertIn("Choose a photo from the library", body)
        status, _, _ = editor.post("/admin/entities/%d" % entity["id"],
                                   dict(form, image_media=str(photo["id"])))
        self.assertEqual(status, 303)
        html = self.page("/people/sandy-west")
        self.assertIn('<figure class="topic-image">', html)
        self.assertIn('<span class="credit">Marquee demo illustration</span>', html)
        # And without one again.
        status, _, _ = editor.post("/admin/entities/%d" % entity["id"], dict(form, image_media=""))
        self.assertEqual(status, 303)
        self.assertNotIn('<figure class="topic-image">', self.page("/people/sandy-west"))

    def test_graph_export_names_entity_photos_and_imports_again(self):
        out = self.server.tmp + "/graph.jsonl"
        # The server holds the SQLite store; the command reads it beside it.
        result = run_cli("entities", "export", "--output", out, "--data", self.server.data_dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = [json.loads(l) for l in open(out) if l.strip()]
        kristen = next(l for l in lines if l.get("entity") == "kristen-stewart")
        self.assertRegex(kristen["image"]["media"], r"^[0-9a-f]{32}\.jpg$")
        self.assertEqual(kristen["image"]["credit"], "Marquee demo illustration")
        result = run_cli("entities", "import", out, "--no-reindex", "--data", self.server.data_dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        # A photo that is not in the library refuses the whole file, with exit status 2.
        kristen["image"] = {"media": "0" * 32 + ".jpg"}
        with open(out, "w") as f:
            f.write(json.dumps(kristen) + "\n")
        result = run_cli("entities", "import", out, "--no-reindex", "--data", self.server.data_dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no photo named", result.stderr)


if __name__ == "__main__":
    unittest.main()
