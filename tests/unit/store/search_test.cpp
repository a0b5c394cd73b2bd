// Reader search: ranking (headline over dek over body, more matches over fewer), published
// stories only, filters, paging and totals, hostile input, prefixes, and snippets that are safe
// HTML. The query and snippet helpers are tested on their own at the end.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "store/sql/search_window.h"
#include "store/sqlite/search_text.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Search : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    // Stories without the searched words, so that they are rare, as in a real archive.
    for (int i = 0; i < 6; ++i) {
      story("filler-" + std::to_string(i), "Box office weekend " + std::to_string(i),
            "Numbers from the studios", "Ticket sales rose in every region this weekend.");
    }
  }

  Article story(const std::string& slug, const std::string& headline, const std::string& dek,
                const std::string& body, ArticleStatus status = ArticleStatus::published,
                const std::string& section = "movies", std::int64_t when = 1000) {
    Article a = draft(slug, headline);
    a.dek = dek;
    a.body = body;
    a.status = status;
    a.section = section;
    if (status == ArticleStatus::published || status == ArticleStatus::scheduled) {
      a.publish_at = at(when);
    }
    return store->articles().save(a, 0);
  }

  std::vector<std::string> slugs(const SearchQuery& query) {
    std::vector<std::string> out;
    for (const auto& hit : store->search().find(query).hits) out.push_back(hit.story.slug);
    return out;
  }

  std::vector<std::string> slugs(const std::string& text) {
    SearchQuery query;
    query.text = text;
    return slugs(query);
  }

  SearchHit only_hit(const std::string& text) {
    SearchQuery query;
    query.text = text;
    auto results = store->search().find(query);
    EXPECT_EQ(results.hits.size(), 1u) << text;
    return results.hits.empty() ? SearchHit{} : results.hits[0];
  }
};

using Slugs = std::vector<std::string>;
const std::string kFiller =
    " The evening went on with speeches, a dinner and a long line of photographers outside.";

TEST_F(Search, HeadlineMatchBeatsDekBeatsBody) {
  story("in-body", "Premiere night in Westwood", "Crowds gathered early",
        "Pattinson arrived late." + kFiller);
  story("in-headline", "Pattinson signs for a thriller", "Shooting starts in spring",
        "The studio confirmed the deal." + kFiller);
  story("in-dek", "A new thriller is cast", "Pattinson takes the lead",
        "The studio confirmed the deal." + kFiller);
  SearchQuery query;
  query.text = "pattinson";
  auto results = store->search().find(query);
  ASSERT_EQ(results.hits.size(), 3u);
  EXPECT_EQ(results.total, 3);
  EXPECT_EQ(results.hits[0].story.slug, "in-headline");
  EXPECT_EQ(results.hits[1].story.slug, "in-dek");
  EXPECT_EQ(results.hits[2].story.slug, "in-body");
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    EXPECT_GT(results.hits[i].score, 0.0) << i;
    EXPECT_LT(results.hits[i].score, 1.0) << i;
    if (i > 0) {
      EXPECT_GT(results.hits[i - 1].score, results.hits[i].score) << i;
    }
  }
}

TEST_F(Search, MoreMatchesBeatFewer) {
  story("once", "Festival diary", "Day two",
        "A vampire film opened the day. Critics were kind and the queue was long.");
  story("thrice", "Festival diary", "Day three",
        "A vampire film, a vampire comedy and a vampire musical: the queue was long.");
  EXPECT_EQ(slugs("vampire"), (Slugs{"thrice", "once"}));
  // Every word must be there; the one story with both ranks alone.
  story("both", "Festival diary", "Day four", "The vampire musical sold out by noon.");
  EXPECT_EQ(slugs("vampire noon"), (Slugs{"both"}));
}

TEST_F(Search, OnlyPublishedStoriesAreFound) {
  story("live", "Eclipse premiere", "", "Fans waited.");
  const ArticleStatus hidden[] = {ArticleStatus::draft, ArticleStatus::review,
                                  ArticleStatus::scheduled, ArticleStatus::archived};
  for (ArticleStatus status : hidden) {
    story(std::string("hidden-") + to_string(status), "Eclipse secrets", "Eclipse", "Eclipse",
          status);
  }
  SearchQuery query;
  query.text = "eclipse";
  auto results = store->search().find(query);
  EXPECT_EQ(results.total, 1);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].story.slug, "live");

  // Unpublishing takes a story out; publishing a draft brings it in.
  Article live = *store->articles().find_by_slug("live");
  live.status = ArticleStatus::draft;
  store->articles().save(live, 0);
  Article draft_story = *store->articles().find_by_slug("hidden-draft");
  draft_story.status = ArticleStatus::published;
  store->articles().save(draft_story, 0);
  EXPECT_EQ(slugs("eclipse"), (Slugs{"hidden-draft"}));
}

TEST_F(Search, SummariesCarryTheStory) {
  User author = make_user("Ada Reporter");
  Article a = draft("summary", "Eclipse tickets on sale");
  a.dek = "Midnight shows";
  a.status = ArticleStatus::published;
  a.publish_at = at(5000);
  a.author_ids = {author.id};
  a.exclusive = true;
  a = store->articles().save(a, 0);
  SearchHit hit = only_hit("eclipse");
  EXPECT_EQ(hit.story.id, a.id);
  EXPECT_EQ(hit.story.headline, "Eclipse tickets on sale");
  EXPECT_EQ(hit.story.dek, "Midnight shows");
  EXPECT_EQ(hit.story.publish_at, at(5000));
  EXPECT_EQ(hit.story.author_ids, std::vector<Id>{author.id});
  EXPECT_TRUE(hit.story.exclusive);
}

TEST_F(Search, FiltersAndTheirTotals) {
  Entity stewart = make_entity("Kristen Stewart", "kristen-stewart");
  Id s1 = story("m-early", "Runaways casting", "", "Stewart cast.", ArticleStatus::published,
                "movies", 1000)
              .id;
  Id s2 = story("m-late", "Runaways trailer", "", "Stewart sings.", ArticleStatus::published,
                "movies", 3000)
              .id;
  Id s3 = story("music-mid", "Runaways reunion", "", "The band.", ArticleStatus::published, "music",
                2000)
              .id;
  ArticleEntity link;
  link.entity_id = stewart.id;
  link.mentions = 1;
  store->links().replace(s1, {link}, {});
  store->links().replace(s2, {link}, {});
  store->links().replace(s3, {link}, {});
  store->links().decide(s3, stewart.id, LinkState::rejected);

  struct Case {
    const char* name;
    std::function<void(SearchQuery&)> set;
    Slugs want;
  };
  const Case cases[] = {
      {"none", [](SearchQuery&) {}, {"m-late", "music-mid", "m-early"}},
      {"section", [](SearchQuery& q) { q.section = "movies"; }, {"m-late", "m-early"}},
      {"unknown section", [](SearchQuery& q) { q.section = "tv"; }, {}},
      {"entity, rejected link left out",
       [&](SearchQuery& q) { q.entity_id = stewart.id; },
       {"m-late", "m-early"}},
      {"from is inclusive", [](SearchQuery& q) { q.from = at(2000); }, {"m-late", "music-mid"}},
      {"to is exclusive", [](SearchQuery& q) { q.to = at(2000); }, {"m-early"}},
      {"range",
       [](SearchQuery& q) { q.from = at(1000), q.to = at(3000); },
       {"music-mid", "m-early"}},
      {"empty range", [](SearchQuery& q) { q.from = at(3000), q.to = at(3000); }, {}},
      {"all together",
       [&](SearchQuery& q) {
         q.section = "movies", q.entity_id = stewart.id, q.from = at(2000), q.to = at(4000);
       },
       {"m-late"}},
  };
  for (const Case& c : cases) {
    SearchQuery query;
    query.text = "runaways";
    c.set(query);
    // Equal scores (same words, same lengths) fall back to newest first.
    Slugs got = slugs(query);
    std::multiset<std::string> got_set(got.begin(), got.end());
    std::multiset<std::string> want_set(c.want.begin(), c.want.end());
    EXPECT_EQ(got_set, want_set) << c.name;
    EXPECT_EQ(store->search().find(query).total, static_cast<int>(c.want.size())) << c.name;
  }
}

// A date filter walks only the ids that the published days of its range hold; a story whose id
// is out of step with its date (moved in later, or its time changed) is still found, a story
// moved out of the range is not, and a range with no published day finds nothing.
TEST_F(Search, DateFiltersFindEveryStoryOfTheirDaysWhateverItsId) {
  constexpr std::int64_t kDay = 86400;
  for (int d = 0; d < 10; ++d) {
    story("day-" + std::to_string(d), "Premiere night " + std::to_string(d), "", "A premiere.",
          ArticleStatus::published, "movies", 100 * kDay + d * kDay + 3600);
  }
  // Saved last, so its id is the highest, but dated on day 102.
  story("moved-in", "Premiere archive", "", "An old premiere.", ArticleStatus::published, "movies",
        102 * kDay + 7200);
  Article moved = store->articles().find_by_slug("day-3").value();
  moved.publish_at = at(200 * kDay);  // out of the range below, into a day of its own
  store->articles().save(moved, 0);
  Article page = draft("premiere-guide", "Premiere guide");
  page.kind = ArticleKind::page;
  page.status = ArticleStatus::published;
  page.publish_at = at(102 * kDay);
  store->articles().save(page, 0);

  auto within = [&](std::int64_t from, std::int64_t to, KindSet kinds = KindSet::news) {
    SearchQuery query;
    query.text = "premiere";
    query.kinds = kinds;
    query.from = at(from);
    query.to = at(to);
    query.limits.window = 2;  // fewer than the matches: the window must come from the range
    Slugs got = slugs(query);
    std::sort(got.begin(), got.end());
    return got;
  };
  EXPECT_EQ(within(102 * kDay, 104 * kDay), (Slugs{"day-2", "moved-in"}));
  EXPECT_EQ(within(101 * kDay, 105 * kDay), (Slugs{"day-1", "day-2", "day-4", "moved-in"}))
      << "day-3 was moved out";
  EXPECT_EQ(within(200 * kDay, 201 * kDay), (Slugs{"day-3"}));
  EXPECT_EQ(within(150 * kDay, 160 * kDay), (Slugs{})) << "no published day";
  EXPECT_EQ(within(102 * kDay, 103 * kDay, KindSet::pages), (Slugs{"premiere-guide"}))
      << "pages are not among the published days, and are found";
  // Open ends.
  SearchQuery before;
  before.text = "premiere";
  before.to = at(101 * kDay);
  EXPECT_EQ(slugs(before), (Slugs{"day-0"}));
  SearchQuery after;
  after.text = "premiere";
  after.from = at(109 * kDay);
  EXPECT_EQ(slugs(after), (Slugs{"day-3", "day-9"}));
}

TEST_F(Search, PagesCoverEveryHitOnceWithTheSameTotal) {
  for (int i = 0; i < 25; ++i) {
    std::string body = "Oscar";
    for (int k = 0; k < i % 5; ++k) body += " oscar";
    story("oscar-" + std::to_string(i), "Awards night " + std::to_string(i), "", body + " talk.",
          ArticleStatus::published, "movies", 1000 + i);
  }
  std::set<std::string> seen;
  std::vector<double> scores;
  for (int offset : {0, 10, 20, 30}) {
    SearchQuery query;
    query.text = "oscar";
    query.limit = 10;
    query.offset = offset;
    auto results = store->search().find(query);
    EXPECT_EQ(results.total, 25) << offset;
    EXPECT_EQ(results.hits.size(), offset == 20 ? 5u : offset == 30 ? 0u : 10u) << offset;
    for (const auto& hit : results.hits) {
      EXPECT_TRUE(seen.insert(hit.story.slug).second) << hit.story.slug;
      scores.push_back(hit.score);
    }
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(scores.rbegin(), scores.rend()));

  SearchQuery count_only;
  count_only.text = "oscar";
  count_only.limit = 0;
  auto results = store->search().find(count_only);
  EXPECT_TRUE(results.hits.empty());
  EXPECT_EQ(results.total, 25);
  count_only.limit = 5;
  count_only.offset = -3;  // treated as 0
  EXPECT_EQ(store->search().find(count_only).hits.size(), 5u);
}

TEST_F(Search, HostileQueriesNeverThrow) {
  story("target", "Eclipse and the NEAR future", "Or not: a (long) story",
        "Stars* and \"quotes\" col:x with NOT much else. Beyoncé sang.");
  struct Case {
    const char* name;
    std::string text;
    int hits;  // -1: any number, as long as nothing throws
  };
  const Case cases[] = {
      {"lone quote", "\"", 0},
      {"two quotes", "\"\"", 0},
      {"quoted word", "\"eclipse\"", 1},
      {"operators are words", "AND OR NOT", 1},
      {"operators beside a word", "eclipse AND", 1},
      {"star", "*", 0},
      {"star suffix", "eclipse*", 1},
      {"open parenthesis", "(", 0},
      {"close parenthesis", ")", 0},
      {"parenthesised", "(eclipse)", 1},
      {"column filter", "col:x", 1},
      {"unknown column", "nosuchcolumn:eclipse", 0},
      {"column set", "{headline dek}: eclipse", 0},
      {"NEAR open", "NEAR(", 1},
      {"NEAR group", "NEAR(eclipse future, 2)", 0},
      {"caret", "^eclipse", 1},
      {"minus", "-eclipse", 1},
      {"plus", "+", 0},
      {"backslash", "\\", 0},
      {"apostrophe", "'", 0},
      {"sql", "'; DROP TABLE articles; --", 0},
      {"emoji", "🎬🍿", 0},
      {"emoji beside a word", "eclipse 🎬", 1},
      {"diacritics folded", "beyonce", 1},
      {"invalid UTF-8", "\xff\xfe\xfd", 0},
      {"invalid byte inside a word", "ecl\xffipse", -1},
      {"overlong slash", "\xc0\xaf", 0},
      {"lone surrogate", "\xed\xa0\x80", 0},
      {"truncated sequence", "eclipse \xe2\x82", 1},
      {"NUL inside", std::string("eclipse\0NEAR(", 13), 1},
      {"only NULs", std::string(4, '\0'), 0},
      {"control characters", "\x01\x02\x1b[31m", 0},
      {"right-to-left mark", "\xe2\x80\x8f", 0},
      {"no-break spaces",
       "\xc2\xa0"
       "eclipse"
       "\xc2\xa0",
       1},
      {"10 KB of text", std::string(10 * 1024, 'a'), 0},
      {"10 KB of words",
       [] {
         std::string s;
         while (s.size() < 10 * 1024) s += "eclipse ";
         return s;
       }(),
       1},
      {"10 KB of quotes and stars", std::string(5 * 1024, '"') + std::string(5 * 1024, '*'), 0},
  };
  for (const Case& c : cases) {
    SearchQuery query;
    query.text = c.text;
    SearchResults results;
    ASSERT_NO_THROW(results = store->search().find(query)) << c.name;
    if (c.hits >= 0) {
      EXPECT_EQ(results.total, c.hits) << c.name;
      EXPECT_EQ(static_cast<int>(results.hits.size()), c.hits) << c.name;
    }
  }
}

TEST_F(Search, EmptyQueriesFindNothing) {
  story("target", "Eclipse", "", "Anything.");
  for (const std::string text : {"", " ", "\t\n", "\x01", "\xe3\x80\x80"}) {
    SearchQuery query;
    query.text = text;
    auto results = store->search().find(query);
    EXPECT_TRUE(results.hits.empty());
    EXPECT_EQ(results.total, 0);
  }
}

TEST_F(Search, TheLastWordIsAlsoAPrefix) {
  story("eclipse", "Eclipse premiere", "", "Fans waited.");
  story("eclipsed", "Records eclipsed", "", "Sales were strong.");
  struct Case {
    std::string text;
    Slugs want;  // as a set: equal ranks may come in either order
  };
  const Case cases[] = {
      {"eclip", {"eclipse", "eclipsed"}},
      {"eclipse", {"eclipse", "eclipsed"}},
      {"eclipse ", {"eclipse"}},  // a finished word is exact
      {"ecl", {"eclipse", "eclipsed"}},
      {"ec", {}},              // too short to be a prefix
      {"eclip premiere", {}},  // only the last word is a prefix
      {"premiere eclip", {"eclipse"}},
  };
  for (const Case& c : cases) {
    Slugs got = slugs(c.text);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, c.want) << "'" << c.text << "'";
  }
}

TEST_F(Search, ALargeArchiveRanksItsNewestMatchesAndEstimatesTheRest) {
  // An old story that names the query in its headline, then thirty passing mentions.
  story("old-headline", "Premiere of the year", "", "Crowds outside." + kFiller,
        ArticleStatus::published, "movies", 500);
  for (int i = 0; i < 30; ++i) {
    story("mention-" + std::to_string(i), "Weekend diary " + std::to_string(i), "",
          "A premiere, then dinner." + kFiller, ArticleStatus::published, "movies", 1000 + i);
  }
  SearchQuery query;
  query.text = "premiere";
  query.limits = {.window = 10, .headline_window = 3};
  query.limit = 50;
  auto results = store->search().find(query);
  EXPECT_TRUE(results.total_is_estimate);
  // 31 match among 37 stories; the estimate reads the window's density over every id.
  EXPECT_GE(results.total, 31);
  EXPECT_LE(results.total, 37);
  // The window (the ten newest mentions) and the headline match, nothing older.
  ASSERT_EQ(results.hits.size(), 11u);
  EXPECT_EQ(results.ranked, 11);
  EXPECT_EQ(results.hits[0].story.slug, "old-headline");
  for (std::size_t i = 1; i < results.hits.size(); ++i) {
    const int n = std::stoi(results.hits[i].story.slug.substr(std::string("mention-").size()));
    EXPECT_GE(n, 20) << results.hits[i].story.slug;
  }

  // With the default window every match is ranked and the total is exact.
  query.limits = {};
  results = store->search().find(query);
  EXPECT_FALSE(results.total_is_estimate);
  EXPECT_EQ(results.total, 31);
  EXPECT_EQ(results.ranked, 31);
  EXPECT_EQ(results.hits.size(), 31u);
}

// The headlines past the window come from the headlines' own index, which follows every edit
// of a headline and every removal.
TEST_F(Search, HeadlineMatchesPastTheWindowFollowEditsAndRemovals) {
  Article renamed = story("renamed", "Premiere of the decade", "", "Crowds." + kFiller,
                          ArticleStatus::published, "movies", 400);
  Article removed = story("removed", "Premiere night", "", "Crowds." + kFiller,
                          ArticleStatus::published, "movies", 450);
  story("kept", "Premiere of the year", "", "Crowds." + kFiller, ArticleStatus::published, "movies",
        500);
  for (int i = 0; i < 20; ++i) {
    story("mention-" + std::to_string(i), "Weekend diary " + std::to_string(i), "",
          "A premiere, then dinner." + kFiller, ArticleStatus::published, "movies", 1000 + i);
  }
  SearchQuery query;
  query.text = "premiere";
  query.limits = {.window = 5, .headline_window = 10};
  auto older = [&] {
    Slugs out;
    for (const auto& hit : store->search().find(query).hits) {
      if (!hit.story.slug.starts_with("mention-")) out.push_back(hit.story.slug);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(older(), (Slugs{"kept", "removed", "renamed"}));
  renamed.headline = "Opening of the decade";
  store->articles().save(renamed, 0);
  ASSERT_TRUE(store->articles().remove(removed.id));
  EXPECT_EQ(older(), (Slugs{"kept"}));
  // A prefix is found through the full index's headline column, to the same stories.
  query.text = "premie";
  EXPECT_EQ(older(), (Slugs{"kept"}));
}

TEST_F(Search, AmongEqualMatchesTheNewerComesFirst) {
  story("older", "Festival diary", "", "The vampire musical sold out." + kFiller,
        ArticleStatus::published, "movies", 2000);
  story("newer", "Festival diary", "", "The vampire musical sold out." + kFiller,
        ArticleStatus::published, "movies", 3000);
  EXPECT_EQ(slugs("vampire"), (Slugs{"newer", "older"}));
}

TEST_F(Search, AWordThatFillsTheWindowIsNotAlsoReadAsAPrefix) {
  for (int i = 0; i < 4; ++i)
    story("word-" + std::to_string(i), "Tour diary " + std::to_string(i), "", "The band played.");
  story("longer", "Tour diary", "", "The bandleader bowed.");
  SearchQuery query;
  query.text = "band";
  query.limits = {.window = 3, .headline_window = 1};
  for (const auto& hit : store->search().find(query).hits) EXPECT_NE(hit.story.slug, "longer");
  // When the word as typed does not fill the window, its longer forms are found too.
  query.limits = {};
  EXPECT_EQ(store->search().find(query).total, 5);
}

TEST(SearchWindow, EstimatesFromHowDenselyTheWindowFillsItsIds) {
  using sql::SearchCandidate;
  // Every other id among the newest: about half of all ids.
  std::vector<SearchCandidate> window;
  for (Id id = 100000; id > 99000; id -= 2) window.push_back({id, 0.5, {}});
  EXPECT_NEAR(sql::estimate_total(window), 50000, 200);
  // Rounded to three significant figures.
  window.clear();
  for (Id id = 12345; id > 12245; --id) window.push_back({id, 0.5, {}});
  EXPECT_EQ(sql::estimate_total(window), 12300);
  EXPECT_EQ(sql::estimate_total({}), 0);
  // A date filter's span ends the ids below: every other id from 99,000 down to 90,000.
  window.clear();
  for (Id id = 100000; id > 99000; id -= 2) window.push_back({id, 0.5, {}});
  EXPECT_NEAR(sql::estimate_total(window, 90000), 5000, 20);
}

TEST_F(Search, SnippetsAreEscapedAroundMarkedMatches) {
  story("script", "Fan night", "A report",
        "Fans chanted <script>alert('x')</script> & waved as Pattinson arrived at \"dusk\".");
  SearchHit hit = only_hit("pattinson");
  EXPECT_NE(hit.snippet_html.find("<mark>Pattinson</mark>"), std::string::npos) << hit.snippet_html;
  EXPECT_NE(hit.snippet_html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; waved"),
            std::string::npos)
      << hit.snippet_html;
  EXPECT_NE(hit.snippet_html.find("&quot;dusk&quot;"), std::string::npos) << hit.snippet_html;
  EXPECT_EQ(hit.snippet_html.find("<script"), std::string::npos) << hit.snippet_html;

  // A match in the markup words themselves is marked without letting the markup through.
  hit = only_hit("script");
  EXPECT_NE(hit.snippet_html.find("&lt;<mark>script</mark>&gt;"), std::string::npos)
      << hit.snippet_html;
}

TEST_F(Search, SnippetComesFromTheBodyOrElseTheDek) {
  story("long", "Sundance notes", "A week in the snow",
        "The first day was quiet. " + kFiller + kFiller +
            " Then Fanning walked in and the room stood up." + kFiller + kFiller);
  SearchHit hit = only_hit("fanning");
  EXPECT_NE(hit.snippet_html.find("<mark>Fanning</mark> walked in"), std::string::npos)
      << hit.snippet_html;
  EXPECT_NE(hit.snippet_html.find("…"), std::string::npos) << hit.snippet_html;
  EXPECT_LT(hit.snippet_html.size(), 400u) << hit.snippet_html;

  story("dek-only", "Trailer out", "Dakota rocks the stage", "No names here.");
  EXPECT_EQ(only_hit("dakota").snippet_html, "<mark>Dakota</mark> rocks the stage");

  // Only the headline matched: the dek stands in, unmarked.
  story("headline-only", "Jett biopic wraps", "Shooting ended on Friday", "No names here.");
  EXPECT_EQ(only_hit("jett").snippet_html, "Shooting ended on Friday");
  story("headline-no-dek", "Zellweger returns", "", "She signed on Monday.");
  EXPECT_EQ(only_hit("zellweger").snippet_html, "She signed on Monday.");
}

// How the SQLite store tidies Markdown source in its snippets.
TEST(SqliteSearch, SnippetsDropMarkdownMarkup) {
  TempDir dir;
  auto store = open_store(dir.path().string());
  Article a = draft("markdown", "Notes");
  a.status = ArticleStatus::published;
  a.body =
      "## Casting\n\n> **Kristen Stewart** plays [Joan Jett](https://example.com/jett), "
      "and `nobody` minds.\n\n- a list item";
  store->articles().save(a, 0);
  SearchQuery query;
  query.text = "stewart";
  auto results = store->search().find(query);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].snippet_html,
            "Casting Kristen <mark>Stewart</mark> plays Joan Jett, and nobody minds. a list item");
}

// --- the helpers

TEST(SearchText, MatchExpressions) {
  struct Case {
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"eclipse", "\"eclipse\"*"},
      {"eclipse ", "\"eclipse\""},
      {"ec", "\"ec\""},
      {"New Moon", "\"New\" \"Moon\"*"},
      {"say \"hi\"", "\"say\" \"\"\"hi\"\"\"*"},
      {"a:b OR c*", "\"a:b\" \"OR\" \"c*\""},
      {"(x)", "\"(x)\"*"},
      {std::string("a\0b", 3), "\"a\" \"b\""},
      {"x\xff y", "\"x\" \"y\""},
      {"caf\xc3\xa9s", "\"caf\xc3\xa9s\"*"},
      {"\xc3", ""},
      {"tab\tnew\nline", "\"tab\" \"new\" \"line\"*"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(sqlite::fts5_match_expression(c.text), c.want) << c.text;
  }
  // Words past the cap are dropped, and then the last kept word is not a prefix.
  std::string many;
  for (std::size_t i = 0; i < sqlite::kMaxSearchWords + 5; ++i) many += "word ";
  many += "last";
  std::string expression = sqlite::fts5_match_expression(many);
  EXPECT_EQ(std::count(expression.begin(), expression.end(), ' '),
            static_cast<long>(sqlite::kMaxSearchWords) - 1);
  EXPECT_EQ(expression.find("last"), std::string::npos);
  EXPECT_NE(expression.back(), '*');
}

TEST(SearchText, SnippetHtml) {
  const std::string open(sqlite::kMatchOpen);
  const std::string close(sqlite::kMatchClose);
  struct Case {
    const char* name;
    std::string snippet;
    std::string want;
  };
  const Case cases[] = {
      {"plain", "Fans waited.", "Fans waited."},
      {"marked", "Fans " + open + "waited" + close + ".", "Fans <mark>waited</mark>."},
      {"escaped", "a < b & \"c\" 'd' > e", "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e"},
      {"tag in a mark", open + "<b>" + close, "<mark>&lt;b&gt;</mark>"},
      {"unclosed mark", open + "x", "<mark>x</mark>"},
      {"stray close", close + "x" + close, "x"},
      {"nested open", open + open + "x" + close, "<mark>x</mark>"},
      {"whitespace collapsed", "  a \n\n b\t c  ", "a b c"},
      {"space before a mark stays outside", "a " + open + "b" + close + " c", "a <mark>b</mark> c"},
      {"invalid UTF-8",
       "a\xff"
       "b",
       "a\xEF\xBF\xBD"
       "b"},
      {"NUL is a space", std::string("a\0b", 3), "a b"},
      {"heading", "## Cast list", "Cast list"},
      {"hash in text", "the #1 film", "the #1 film"},
      {"quote and bullet", "> said\n- item\n* other", "said item other"},
      {"emphasis", "**bold** and _x_ and __y__", "bold and _x_ and y"},
      {"link", "see [the trailer](https://e.com/t) now", "see the trailer now"},
      {"link cut short", "see [the trailer](https://e.com/t…", "see the trailer…"},
      {"marked link text", "[" + open + "Jett" + close + "](/jett)", "<mark>Jett</mark>"},
      {"bracket that is no link", "he [the director] said", "he [the director] said"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(sqlite::snippet_to_html(c.snippet), c.want) << c.name;
  }
}

}  // namespace
}  // namespace marquee::testing
