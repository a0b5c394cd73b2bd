"""Reader search at /search and /api/v1/search: ranking, the entity card, filters, pagination
and queries that would be syntax to a search engine."""
import json
import re
import unittest
import urllib.parse

from harness import Server

RESULT = re.compile(r'<article class="card search-result[^"]*">.*?<h3 class="card-headline"><a href="([^"]+)">(.*?)</a>', re.S)


class Search(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.cleanup()

    def search(self, expect=200, **params):
        status, headers, body = self.server.get("/search?" + urllib.parse.urlencode(params))
        self.assertEqual(status, expect, params)
        return body.decode()

    def results(self, **params):
        return RESULT.findall(self.search(**params))

    def api(self, **params):
        status, _, body = self.server.get("/api/v1/search?" + urllib.parse.urlencode(params))
        self.assertEqual(status, 200, params)
        return json.loads(body)

    def test_named_person_gets_a_card_above_the_stories(self):
        for query in ("kristen stewart", "Kristen Stewart", "  KRISTEN   stewart "):
            html = self.search(q=query)
            card = html.find('class="entity-card"')
            first = html.find('class="card search-result')
            self.assertGreater(card, 0, query)
            self.assertGreater(first, card, query)
            self.assertIn('href="/people/kristen-stewart"', html[card:first], query)

    def test_an_alias_names_the_entity_too(self):
        html = self.search(q="K-Stew")
        card = html[html.find('class="entity-card"'):]
        self.assertIn('href="/people/kristen-stewart"', card)
        self.assertIn("All 14 stories about Kristen Stewart", card)

    def test_no_card_for_words_that_name_nobody(self):
        for query in ("guitar", "kristen stewart guitar"):
            self.assertNotIn('class="entity-card"', self.search(q=query), query)

    def test_headline_matches_rank_first_and_snippets_mark_the_words(self):
        hits = self.api(q="sundance")["data"]
        self.assertTrue(hits)
        self.assertIn("Sundance", hits[0]["headline"])
        scores = [h["score"] for h in hits]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertTrue(all(0 < s < 1 for s in scores))
        html = self.search(q="joan jett")
        self.assertRegex(html, r'<p class="snippet">[^<]*(<mark>[^<]+</mark>[^<]*)+')

    def test_every_word_must_match(self):
        both = {r[0] for r in self.results(q="fanning sundance")}
        one = {r[0] for r in self.results(q="sundance")}
        self.assertTrue(both)
        self.assertLessEqual(both, one)

    def test_odd_queries_never_error(self):
        queries = ['"', '""', '"unclosed', "AND", "OR OR", "NOT", "NEAR(a b)", "a AND (b", "*", "^x",
                   "col:value", "headline:stewart", "-", "+++", "'; DROP TABLE articles; --", "\\",
                   "\u00e9t\u00e9 \u2014 \u201cquoted\u201d", "\U0001f3ac", "x" * 500, "%00", "<script>",
                   "\u0000", "{}[]()", ".", "kristen*", "stew*art"]
        for q in queries:
            html = self.search(q=q)
            self.assertIn("search-form", html, repr(q))
            self.assertNotIn("<script>alert", html)
            self.assertEqual(self.server.get("/api/v1/search?" + urllib.parse.urlencode({"q": q[:200]}))[0], 200, repr(q))

    def test_escapes_what_the_reader_typed(self):
        html = self.search(q='<b>"bold"</b>')
        self.assertNotIn("<b>\"bold\"</b>", html)
        self.assertIn("&lt;b&gt;", html)

    def test_section_entity_and_date_filters(self):
        all_hits = self.results(q="runaways")
        self.assertGreater(len(all_hits), 3)
        music = self.results(q="runaways", section="music")
        self.assertTrue(music)
        self.assertLess(len(music), len(all_hits))
        self.assertTrue(all(url.startswith("/music/") for url, _ in music))
        in_2010 = self.results(q="runaways", **{"from": "2010-01-01", "to": "2010-12-31"})
        self.assertTrue(in_2010)
        self.assertTrue(all("/2010/" in url for url, _ in in_2010))
        self.assertLess(len(in_2010), len(all_hits))
        about = self.results(q="runaways", entity="michael-shannon")
        self.assertTrue(about)
        self.assertLess(len(about), len(all_hits))
        api = self.api(q="runaways", section="music")
        self.assertEqual(api["pagination"]["total"], len(music))

    def test_date_filters_take_whole_days_in_the_sites_zone(self):
        clip = "/movies/2010/07/21/runaways-exclusive-clip"  # Jul 21, 2010 at 2:39 p.m. ET
        cases = [({"from": "2010-07-21", "to": "2010-07-21"}, True),
                 ({"to": "2010-07-21"}, True),
                 ({"to": "2010-07-20"}, False),
                 ({"from": "2010-07-22"}, False),
                 ({"from": "2010-07-21"}, True)]
        for dates, found in cases:
            urls = [url for url, _ in self.results(q="stewart fanning", **dates)]
            self.assertEqual(clip in urls, found, dates)

    def test_bad_filters_are_left_out_with_a_notice(self):
        for params in ({"from": "yesterday"}, {"to": "2010-13-45"}, {"section": "nosuch"},
                       {"entity": "nobody-at-all"}):
            html = self.search(q="runaways", **params)
            self.assertIn('class="notices"', html, params)
            self.assertTrue(RESULT.findall(html), params)

    def test_pagination(self):
        total = self.api(q="the")["pagination"]["total"]
        self.assertGreater(total, 3)
        first = self.api(q="the", per_page=2)
        second = self.api(q="the", per_page=2, page=2)
        self.assertEqual(len(first["data"]), 2)
        self.assertFalse({h["id"] for h in first["data"]} & {h["id"] for h in second["data"]})
        self.assertEqual(self.server.get("/search?q=the&page=0")[0], 400)
        self.search(expect=404, q="the", page=999)

    def test_empty_query_shows_the_form_only(self):
        html = self.search(q="")
        self.assertIn("search-form", html)
        self.assertNotIn("search-result", html)
        self.assertIn('<meta name="robots" content="noindex, follow">', html)

    def test_drafts_are_never_found(self):
        # Every hit is a published story: its page answers.
        for url, _ in self.results(q="stewart"):
            self.assertEqual(self.server.get(url)[0], 200, url)


if __name__ == "__main__":
    unittest.main()
