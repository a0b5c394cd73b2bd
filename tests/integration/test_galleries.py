"""Galleries over real HTTP on a real SQLite store with the demo loaded: made and changed through
the API (the people in each photo suggested from its caption and confirmed by the editor, every
refusal a 4xx with its rule and field), a page for the gallery and one for each photo (its own
canonical address, og:image and ImageGallery JSON-LD), the strip of a gallery a story names,
topic pages listing galleries, and the "Photos of" page in keyset pages."""
import json
import os
import re
import tempfile
import unittest

from harness import Server, run_cli
from test_api import jsonschema, to_json_schema


def jsonld(html):
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


class Galleries(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Two photos a list page, so that the demo's photos of a person take several pages.
        cls.config = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
        cls.config.write("page_size = 2\n")
        cls.config.close()
        cls.server = Server("--config", cls.config.name)
        result = run_cli("token", "create", "--data", cls.server.data_dir, "--user",
                         "admin@example.com", "--name", "galleries")
        assert result.returncode == 0, result.stderr
        cls.token = result.stdout.strip()
        status, _, body = cls.server.get("/api/v1/openapi.json")
        cls.spec = json.loads(body)
        status, doc = cls.call_as(cls, "GET", "/stories?kind=gallery&per_page=10")
        assert status == 200, doc
        cls.demo = {s["slug"]: s for s in doc["data"]}
        status, doc = cls.call_as(cls, "GET", "/stories/%d" % cls.demo["the-runaways-premiere-red-carpet"]["id"])
        cls.demo_photos = [p["media_id"] for p in doc["data"]["photos"]]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()
        os.unlink(cls.config.name)

    def call_as(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}
        data = json.dumps(body) if body is not None else None
        status, headers, raw = self.server.request(method, "/api/v1" + path, headers, data)
        return status, json.loads(raw) if raw else None

    def call(self, method, path, body=None):
        return self.call_as(method, path, body)

    def check(self, path, method, status, document):
        response = self.spec["paths"][path][method]["responses"][str(status)]
        schema = to_json_schema(response["content"]["application/json"]["schema"],
                                self.spec["components"]["schemas"])
        if jsonschema:
            jsonschema.validate(document, schema)

    def page(self, path):
        status, headers, body = self.server.get(path)
        return status, body.decode()

    def refused(self, method, path, body):
        status, doc = self.call(method, path, body)
        self.assertEqual(status, 422, doc)
        self.assertIn("error", doc)
        self.assertTrue(doc["error"]["message"])
        return doc["error"]

    def test_made_and_changed_through_the_api_with_people_suggested_and_confirmed(self):
        a, b, c = self.demo_photos[:3]
        status, doc = self.call("POST", "/stories", {
            "kind": "gallery", "headline": "Stewart and Fanning at the screening", "section": "movies",
            "photos": [
                {"media_id": a, "caption": "Kristen Stewart signs autographs.", "alt": "A silhouette"},
                {"media_id": b, "caption": "Dakota Fanning waves to fans."},
                {"media_id": c, "caption": "The crowd.", "alt": "A carpet", "credit": "Desk"},
            ]})
        self.assertEqual(status, 201, doc)
        self.check("/stories", "post", 201, doc)
        story = doc["data"]
        self.assertEqual(story["kind"], "gallery")
        self.assertEqual([p["media_id"] for p in story["photos"]], [a, b, c])
        self.assertEqual([p["number"] for p in story["photos"]], [1, 2, 3])
        self.assertEqual(story["lead_media"]["id"], a, "the first photo leads")
        people = {p["slug"]: p for p in story["photos"][0]["people"]}
        self.assertEqual(people["kristen-stewart"]["state"], "suggested")
        self.assertGreater(people["kristen-stewart"]["confidence"], 0)
        # Empty words come from the library.
        self.assertTrue(story["photos"][1]["alt"])
        self.assertEqual(story["photos"][2]["credit"], "Desk")

        # Reordered, with the editor's decisions; photo 3 keeps its (stored) people.
        status, doc = self.call("PATCH", "/stories/%d" % story["id"], {
            "version": story["version"], "status": "published",
            "photos": [
                {"media_id": b, "people": [{"entity": "dakota-fanning"}]},
                {"media_id": a, "people": [{"entity": "kristen-stewart", "state": "confirmed"},
                                           {"entity": "joan-jett", "state": "rejected"}]},
                {"media_id": c},
            ]})
        self.assertEqual(status, 200, doc)
        self.check("/stories/{id}", "patch", 200, doc)
        saved = doc["data"]
        self.assertEqual([p["media_id"] for p in saved["photos"]], [b, a, c])
        states = {p["slug"]: p["state"] for p in saved["photos"][1]["people"]}
        self.assertEqual(states, {"kristen-stewart": "confirmed", "joan-jett": "rejected"})
        self.assertEqual(saved["lead_media"]["id"], b)
        url = saved["url"]
        path = url[url.index("/", len("http://")):]
        self.assertEqual(saved["photos"][1]["url"], url + "/photos/2")

        # A page for the gallery and one for each photo, each a whole page of its own.
        status, html = self.page(path)
        self.assertEqual(status, 200)
        for n in (1, 2, 3):
            self.assertIn('href="%s/photos/%d"' % (path, n), html)
        ld = [d for d in jsonld(html) if d.get("@type") == "ImageGallery"]
        self.assertEqual(len(ld), 1)
        self.assertEqual(len(ld[0]["associatedMedia"]), 3)
        for n in (1, 2, 3):
            status, html = self.page("%s/photos/%d" % (path, n))
            self.assertEqual(status, 200, n)
            canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
            self.assertEqual(canonical, "%s/photos/%d" % (url, n))
            self.assertIn('<meta property="og:image"', html)
            self.assertIn("Photo %d of 3" % n, html)
            gallery_ld = [d for d in jsonld(html) if d.get("@type") == "ImageGallery"][0]
            self.assertEqual(gallery_ld["primaryImageOfPage"]["url"], "%s/photos/%d" % (url, n))
            for img in re.findall(r"<img [^>]*>", html):
                for attribute in ("width=", "height=", "alt="):
                    self.assertIn(attribute, img, img)
        status, html = self.page(path + "/photos/2")
        self.assertIn('href="/people/kristen-stewart"', html, "confirmed people are named")
        self.assertNotIn('href="/people/joan-jett"', html, "rejected ones are not")
        self.assertIn('rel="prev" href="%s/photos/1"' % path, html)
        self.assertIn('rel="next" href="%s/photos/3"' % path, html)
        for missing in ("/photos/4", "/photos/0", "/photos/x"):
            self.assertEqual(self.page(path + missing)[0], 404, missing)
        # A photo of a story that is no gallery: no such page.
        status, doc = self.call("GET", "/stories?kind=article&per_page=1")
        article = doc["data"][0]["url"]
        self.assertEqual(self.page(article[article.index("/", 8):] + "/photos/1")[0], 404)

    def test_bad_galleries_are_refused_with_their_rule_and_field(self):
        a = self.demo_photos[0]
        base = {"kind": "gallery", "headline": "Refused", "section": "movies"}
        cases = [
            ({"photos": "a.jpg"}, "photos", None),
            ({"photos": [{"caption": "no id"}]}, "photos.1.media_id", None),
            ({"photos": [{"media_id": a}, {"media_id": 999999}]}, "photos.2.media_id", "photo_media"),
            ({"photos": [{"media_id": a}, {"media_id": a}]}, "photos.2.media_id", "photo_repeated"),
            ({"photos": [{"media_id": a, "people": [{"entity": "no-such-person"}]}]}, "photos.1.people", None),
            ({"photos": [{"media_id": a, "people": [{"entity": "the-runaways-film"}]}]}, "photos.1.people", "photo_people"),
            ({"photos": [{"media_id": a, "caption": 7}]}, "photos.1.caption", None),
            ({"photos": [], "status": "published"}, "photos", "gallery_photos"),
            ({"photos": [{"media_id": a, "caption": "x" * 2001}]}, "photos.1.caption", "photo_text_length"),
        ]
        for extra, field, rule in cases:
            with self.subTest(field=field, rule=rule):
                error = self.refused("POST", "/stories", dict(base, **extra))
                self.assertEqual(error["field"], field)
                if rule:
                    self.assertEqual(error["rule"], rule)
        # Only a gallery has photos.
        error = self.refused("POST", "/stories", {"headline": "Story", "section": "movies",
                                                  "photos": [{"media_id": a}]})
        self.assertEqual(error["rule"], "photos")
        # A story naming a gallery that does not exist.
        error = self.refused("POST", "/stories", {"headline": "Names one", "section": "movies",
                                                  "body": "Text.\n\ngallery: no-such-gallery\n"})
        self.assertEqual(error["rule"], "gallery_embed")
        self.assertEqual(error["field"], "body")
        # A kind the API does not know.
        error = self.refused("POST", "/stories", dict(base, kind="slideshow"))
        self.assertEqual(error["field"], "kind")

    def test_a_story_shows_the_strip_of_the_gallery_it_names(self):
        status, html = self.page("/celebrity/2010/06/25/eclipse-premiere-stewart-pattinson-lautner")
        self.assertEqual(status, 200)
        strip = re.search(r'<figure class="gallery-strip">(.*?)</figure>', html, re.S)
        self.assertTrue(strip, "the strip is in the story")
        gallery = "/celebrity/2010/06/25/eclipse-premiere-red-carpet"
        self.assertIn('href="%s"' % gallery, strip.group(1))
        self.assertIn('href="%s/photos/1"' % gallery, strip.group(1))
        self.assertNotIn("gallery:", html)

    def test_topic_pages_list_galleries_and_photos_of_pages_are_keyset_pages(self):
        status, html = self.page("/people/kristen-stewart")
        self.assertEqual(status, 200)
        section = re.search(r'<section class="story-list topic-galleries".*?</section>', html, re.S)
        self.assertTrue(section)
        self.assertIn("/the-runaways-premiere-red-carpet", section.group(0))
        self.assertIn("/eclipse-premiere-red-carpet", section.group(0))
        self.assertIn('href="/people/kristen-stewart/photos"', html)

        # Kristen Stewart is confirmed in four of the demo's photos; two a page, newest gallery first.
        seen = []
        path = "/people/kristen-stewart/photos"
        pages = 0
        while path:
            status, html = self.page(path)
            self.assertEqual(status, 200, path)
            pages += 1
            main = html[html.index("<main"):html.index("</main>")]
            seen += re.findall(r'<a href="(/[^"]+/photos/\d+)">', main)
            more = re.search(r'<a rel="next" href="([^"]+)"', main)
            path = more.group(1).replace("&amp;", "&") if more else None
            self.assertLess(pages, 10)
        self.assertGreaterEqual(pages, 2)
        demo = [p for p in seen if "/2010/" in p]
        self.assertEqual(demo[:4], [
            "/celebrity/2010/06/25/eclipse-premiere-red-carpet/photos/1",
            "/celebrity/2010/06/25/eclipse-premiere-red-carpet/photos/4",
            "/celebrity/2010/03/12/the-runaways-premiere-red-carpet/photos/1",
            "/celebrity/2010/03/12/the-runaways-premiere-red-carpet/photos/3"])
        self.assertEqual(len(seen), len(set(seen)), "no photo twice")
        # Bad cursors: a 400 page, never a list.
        self.assertEqual(self.page("/people/kristen-stewart/photos?after=x")[0], 400)
        self.assertEqual(self.page("/people/kristen-stewart/photos?after=1.2")[0], 400)
        self.assertEqual(self.page("/people/kristen-stewart/photos?after=0.0.0")[0], 400)
        # Only people have such a page.
        self.assertEqual(self.page("/people/no-one/photos")[0], 404)
        self.assertEqual(self.page("/films/the-runaways-film/photos")[0], 404)


if __name__ == "__main__":
    unittest.main()
