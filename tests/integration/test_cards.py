"""Story cards on every reader list show the story's lead photo: a rendition fit for the slot
with srcset and sizes, width and height (no layout shift) and alt text; the home page's lead is
fetched first, cards past the first screen lazily; a story without a photo gets a text card."""
import re
import unittest
from html.parser import HTMLParser

import os

from admin_client import Newsroom, add_user
from harness import Server, run_cli, wait_until

# Every demo story has a photo: a story without one is imported beside the running server.
TEXT_ONLY = """+++
headline = "A Story Told in Words Alone"
slug = "a-story-told-in-words-alone"
section = "movies"
authors = ["maya-okafor"]
published = 2010-08-01T12:00:00-04:00
+++
No photo goes with this story.
"""

LISTS = ["/", "/movies", "/celebrity", "/people/kristen-stewart", "/search?q=stewart",
         "/films/the-runaways-film"]


class Images(HTMLParser):
    """Each <img> with its attributes, and each card with whether it holds a photo."""

    def __init__(self):
        super().__init__()
        self.images = []
        self.cards = []  # [class, has_img]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "card" in attrs.get("class", "").split():
            self.cards.append([attrs["class"], False])
        if tag == "img":
            self.images.append(attrs)
            if self.cards:
                self.cards[-1][1] = True


def parse(html):
    found = Images()
    found.feed(html)
    return found


class Cards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def page(self, path):
        status, _, body = self.server.get(path)
        self.assertEqual(status, 200, path)
        return body.decode()

    def test_every_image_has_its_size_alt_text_and_renditions(self):
        with_photos = 0
        for path in LISTS:
            found = parse(self.page(path))
            for img in found.images:
                with_photos += 1
                for attribute in ("width", "height", "srcset", "sizes"):
                    self.assertTrue(img.get(attribute), "%s: <img> without %s: %s" % (path, attribute, img))
                self.assertTrue(img.get("alt", "").strip(), "%s: <img> without alt text" % path)
                self.assertGreater(int(img["width"]), 0)
                self.assertGreater(int(img["height"]), 0)
                if img.get("class") == "clip-poster":
                    continue  # a topic page's clip, shown by its poster frame
                # The crop of the slot once it is made, else the whole photo cut by the page.
                self.assertRegex(img["src"],
                                 r"^/media/[0-9a-f]{32}-(\d+|\d+x\d+-\d+-[0-9a-f]{8})\.jpg$")
                # Cropped to the slot around the photo's focal point (the centre by default).
                self.assertRegex(img.get("class", ""), r"^(crop-\d+x\d+|uncropped) fx-\d+ fy-\d+$")
                widths = [int(w) for w in re.findall(r" (\d+)w", img["srcset"])]
                self.assertGreaterEqual(len(widths), 2, "several renditions to choose from")
        self.assertGreaterEqual(with_photos, 8, "the demo's photos show on its lists")

    def test_a_story_without_a_photo_gets_a_text_card(self):
        story = os.path.join(self.server.tmp, "text-only.md")
        with open(story, "w") as f:
            f.write(TEXT_ONLY)
        result = run_cli("import", story, "--data", self.server.data_dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(wait_until(lambda: "A Story Told in Words Alone" in self.page("/"), 10))
        found = parse(self.page("/"))
        text_cards = [c for c, has_img in found.cards if not has_img]
        photo_cards = [c for c, has_img in found.cards if has_img]
        self.assertTrue(text_cards, "the demo has stories without a photo")
        self.assertTrue(photo_cards)
        for cls in text_cards:
            self.assertNotIn("card-with-photo", cls)
        for cls in photo_cards:
            self.assertIn("card-with-photo", cls)

    def test_the_lead_is_fetched_first_and_later_cards_lazily(self):
        html = self.page("/")
        lead = re.search(r'<section class="lead[^"]*"(.*?)</section>', html, re.S)
        self.assertIsNotNone(lead)
        images = parse(lead.group(1)).images
        self.assertEqual(len(images), 1, "the demo's lead story has a photo")
        self.assertEqual(images[0].get("fetchpriority"), "high")
        self.assertNotIn("loading", images[0])
        self.assertIn("41rem", images[0]["sizes"], "the lead's slot is wide")
        later = parse(html[lead.end():]).images
        self.assertTrue(later)
        for img in later:
            self.assertEqual(img.get("loading"), "lazy")
            self.assertNotIn("fetchpriority", img)
        # A list page: its first two cards are in the first screen.
        listed = re.search(r'<section class="story-list"(.*?)</section>',
                           self.page("/people/kristen-stewart"), re.S)
        topic = parse(listed.group(1)).images
        self.assertGreaterEqual(len(topic), 3)
        self.assertNotIn("loading", topic[0])
        self.assertEqual(topic[2].get("loading"), "lazy")
        self.assertIn("15rem", topic[0]["sizes"], "a list card's slot is narrow")

    def test_cards_crop_around_the_focal_point_the_editor_sets(self):
        html = self.page("/")
        lead = re.search(r'<section class="lead[^"]*"(.*?)</section>', html, re.S)
        img = parse(lead.group(1)).images[0]
        name = re.match(r"^/media/([0-9a-f]{32})-", img["src"]).group(1)
        editor = Newsroom(self.server)
        status, _, _ = editor.login("cards-editor@example.com",
                                    add_user(self.server, "cards-editor@example.com", "editor"))
        self.assertEqual(status, 303)
        status, _, library = editor.get("/admin/media?kind=image")
        item = next(i for i in re.findall(r'href="/admin/media/(\d+)"', library)
                    if name in editor.get("/admin/media/" + i)[2])
        status, _, body = editor.post("/admin/media/%s/focus" % item, {"x": "0.2", "y": "0.8"})
        self.assertEqual(status, 200, body)
        # The cached home page drops: its lead photo now crops around the new point.
        img = parse(re.search(r'<section class="lead[^"]*"(.*?)</section>', self.page("/"), re.S)
                    .group(1)).images[0]
        self.assertTrue(img["class"].endswith(" fx-20 fy-80"), img["class"])

    def test_related_reading_shows_photos_too(self):
        html = self.page("/movies/2010/07/21/runaways-exclusive-clip")
        related = re.search(r'<(section|aside)[^>]*class="related"(.*?)</\1>', html, re.S)
        self.assertIsNotNone(related, "the story has related reading")
        self.assertIn("<img", related.group(2))


if __name__ == "__main__":
    unittest.main()
