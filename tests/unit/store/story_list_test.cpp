// The newsroom's story list (ArticleRepository::list_page): every order walked page by page in
// both directions against the order worked out here, each filter, full text in bodies, pages
// that stay stable while stories are added, and cursors that were not made by the store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "store/errors.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

struct Made {
  Id id;
  std::string headline;
  std::string section;
  std::int64_t updated;
  std::optional<std::int64_t> published;
  ArticleStatus status;
};

class StoryList : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice = make_user("Alice");
    bob = make_user("Bob");
    jett = make_entity("Joan Jett", "joan-jett");
    // Equal keys on purpose (two "Cherry Bomb", equal times, equal sections): ties go by id.
    add("Cherry Bomb", "music", 5000, 4000, ArticleStatus::published, {alice.id},
        "The Runaways recorded it in 1976.");
    add("apple of my eye", "movies", 7000, std::nullopt, ArticleStatus::draft, {bob.id},
        "A draft about nothing yet.");
    add("Cherry Bomb", "movies", 5000, 4500, ArticleStatus::published, {bob.id},
        "Dakota Fanning sings it in the film.");
    add("Zebra crossing", "music", 9000, 8000, ArticleStatus::scheduled, {alice.id, bob.id},
        "An album cover, shot again.");
    add("Eclipse box office", "movies", 3000, 2500, ArticleStatus::published, {alice.id},
        "Kristen Stewart and a record weekend.");
    add("Bass lines", "music", 6000, 6000, ArticleStatus::archived, {bob.id},
        "Joan Jett on the band's bassist.");
    add("Quiet week", "tv", 7000, 1000, ArticleStatus::published, {alice.id}, "Nothing much.");
    ArticleEntity link;
    link.entity_id = jett.id;
    link.mentions = 1;
    link.salience = 0.5;
    store->links().replace(made[5].id, {link}, {});
  }

  void add(const std::string& headline, const std::string& section, std::int64_t updated,
           std::optional<std::int64_t> published, ArticleStatus status, std::vector<Id> authors,
           const std::string& body) {
    Article a = draft("s" + std::to_string(made.size() + 1), headline);
    a.section = section;
    a.status = status;
    a.body = body;
    a.author_ids = std::move(authors);
    if (published) a.publish_at = at(*published);
    Article saved = store->articles().save(a, 0, at(updated));
    made.push_back({saved.id, headline, section, updated, published, status});
  }

  // Every id of the list walking forward with small pages, checking that each page's previous
  // cursor leads back to the page before it.
  std::vector<Id> walk(StoryListQuery q, int page_size = 2) {
    q.limit = page_size;
    std::vector<Id> all;
    std::vector<std::vector<Id>> pages;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = store->articles().list_page(q);
      std::vector<Id> ids;
      for (const auto& row : page.rows) ids.push_back(row.story.id);
      EXPECT_EQ(page.previous.empty(), pages.empty()) << "only the first page has none before";
      if (!pages.empty()) {
        StoryListQuery back = q;
        back.after.clear();
        back.before = page.previous;
        std::vector<Id> before;
        for (const auto& row : store->articles().list_page(back).rows) {
          before.push_back(row.story.id);
        }
        EXPECT_EQ(before, pages.back());
      }
      pages.push_back(ids);
      all.insert(all.end(), ids.begin(), ids.end());
      if (page.next.empty()) break;
      q.after = page.next;
    }
    return all;
  }

  std::vector<Id> expected(const std::function<bool(const Made&, const Made&)>& before,
                           const std::function<bool(const Made&)>& keep = nullptr) {
    std::vector<Made> rows;
    for (const auto& m : made) {
      if (!keep || keep(m)) rows.push_back(m);
    }
    std::stable_sort(rows.begin(), rows.end(), before);
    std::vector<Id> ids;
    for (const auto& m : rows) ids.push_back(m.id);
    return ids;
  }

  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  User alice, bob;
  Entity jett;
  std::vector<Made> made;
};

TEST_F(StoryList, EveryOrderBothWaysPageByPage) {
  using Key = std::function<bool(const Made&, const Made&)>;
  auto by = [](auto key) -> Key {
    return [key](const Made& a, const Made& b) {
      auto ka = key(a), kb = key(b);
      if (ka != kb) return ka < kb;
      return a.id < b.id;
    };
  };
  auto reversed = [](Key k) -> Key {
    return [k](const Made& a, const Made& b) { return k(b, a); };
  };
  struct Case {
    StoryOrder order;
    Key ascending;
  };
  const Case cases[] = {
      {StoryOrder::updated, by([](const Made& m) { return m.updated; })},
      {StoryOrder::published, by([](const Made& m) { return m.published.value_or(0); })},
      {StoryOrder::headline, by([](const Made& m) { return lower(m.headline); })},
      {StoryOrder::section, by([](const Made& m) { return std::make_pair(m.section, m.updated); })},
  };
  for (const auto& c : cases) {
    for (bool descending : {false, true}) {
      SCOPED_TRACE(std::string(to_string(c.order)) + (descending ? " desc" : " asc"));
      StoryListQuery q;
      q.order = c.order;
      q.descending = descending;
      auto want = expected(descending ? reversed(c.ascending) : c.ascending);
      EXPECT_EQ(walk(q), want);
      EXPECT_EQ(walk(q, 3), want);
      EXPECT_EQ(walk(q, 50), want);
    }
  }
}

TEST_F(StoryList, Filters) {
  auto newest = [](const Made& a, const Made& b) {
    return a.updated != b.updated ? a.updated > b.updated : a.id > b.id;
  };
  struct Case {
    const char* name;
    std::function<void(StoryListQuery&)> set;
    std::function<bool(const Made&)> keep;
  };
  const Case cases[] = {
      {"status", [](auto& q) { q.status = ArticleStatus::published; },
       [](const Made& m) { return m.status == ArticleStatus::published; }},
      {"section", [](auto& q) { q.section = "music"; },
       [](const Made& m) { return m.section == "music"; }},
      {"author", [&](auto& q) { q.author_id = bob.id; },
       [&](const Made& m) {
         return m.headline == "apple of my eye" || (m.section == "movies" && m.updated == 5000) ||
                m.headline == "Zebra crossing" || m.headline == "Bass lines";
       }},
      {"entity", [&](auto& q) { q.entity_id = jett.id; },
       [](const Made& m) { return m.headline == "Bass lines"; }},
      {"updated range",
       [](auto& q) {
         q.from = at(5000);
         q.to = at(7000);
       },
       [](const Made& m) { return m.updated >= 5000 && m.updated < 7000; }},
      {"published range",
       [](auto& q) {
         q.date = StoryDate::published;
         q.from = at(2500);
         q.to = at(4501);
       },
       [](const Made& m) { return m.published && *m.published >= 2500 && *m.published < 4501; }},
      {"words in the body", [](auto& q) { q.text = "record"; },
       [](const Made& m) {
         return m.headline == "Eclipse box office" ||
                (m.headline == "Cherry Bomb" && m.section == "music");
       }},
      {"a prefix", [](auto& q) { q.text = "Dakota Fann"; },
       [](const Made& m) { return m.headline == "Cherry Bomb" && m.section == "movies"; }},
      {"words and a status",
       [](auto& q) {
         q.text = "Joan";
         q.status = ArticleStatus::published;
       },
       [](const Made&) { return false; }},
      {"a prefix of words in two stories", [](auto& q) { q.text = "reco"; },
       [](const Made& m) {
         return m.headline == "Eclipse box office" ||
                (m.headline == "Cherry Bomb" && m.section == "music");
       }},
      // Typed without the space, "the" is in more stories than the ways' small window: its
      // longer forms ("then") are not looked for. With the default window they would be; there
      // are none.
      {"a word in most stories, still typed", [](auto& q) { q.text = "the"; },
       [](const Made& m) { return m.headline == "Cherry Bomb" || m.headline == "Bass lines"; }},
      {"a word in most stories", [](auto& q) { q.text = "the "; },
       [](const Made& m) { return m.headline == "Cherry Bomb" || m.headline == "Bass lines"; }},
      {"status and section",
       [](auto& q) {
         q.status = ArticleStatus::published;
         q.section = "movies";
       },
       [](const Made& m) { return m.status == ArticleStatus::published && m.section == "movies"; }},
  };
  // Each way of matching words gives the same lists: read from the few matches, each row
  // tested in the text index, each row tested against every match in memory (walked 2 rows at
  // a time, so that pages span chunks).
  struct Way {
    const char* name;
    TextMatchLimits limits;
  };
  const Way ways[] = {
      {"from the matches", {}},
      {"probed row by row", {.id_window = 1, .probe_density = 0.0}},
      {"against the matches in memory", {.id_window = 1, .probe_density = 2.0, .walk_chunk = 2}}};
  for (const auto& way : ways) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(way.name) + ": " + c.name);
      StoryListQuery q;
      q.text_limits = way.limits;
      c.set(q);
      EXPECT_EQ(walk(q), expected(newest, c.keep));
      EXPECT_EQ(walk(q, 1), expected(newest, c.keep));
    }
  }
  // Followed by a space, the last word is no longer a prefix: "recorded" does not match.
  StoryListQuery words;
  words.text = "record ";
  EXPECT_EQ(walk(words).size(), 1u);
  StoryListQuery none;
  none.text = "  ;; ";
  EXPECT_TRUE(store->articles().list_page(none).rows.empty());
}

TEST_F(StoryList, RowsCarryStatusAndAuthors) {
  StoryListQuery q;
  q.section = "music";
  q.status = ArticleStatus::scheduled;
  auto page = store->articles().list_page(q);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].status, ArticleStatus::scheduled);
  EXPECT_EQ(page.rows[0].story.headline, "Zebra crossing");
  EXPECT_EQ(page.rows[0].story.author_ids, (std::vector<Id>{alice.id, bob.id}));
  EXPECT_TRUE(page.next.empty());
  EXPECT_TRUE(page.previous.empty());
}

TEST_F(StoryList, PagesStayStableWhileStoriesAreAdded) {
  StoryListQuery q;
  q.limit = 3;
  auto first = store->articles().list_page(q);
  ASSERT_EQ(first.rows.size(), 3u);
  // Newer stories arrive at the top of the list while the editor reads page 1.
  for (int i = 0; i < 5; ++i) {
    add("Breaking " + std::to_string(i), "movies", 20000 + i, 20000 + i, ArticleStatus::published,
        {alice.id}, "News.");
  }
  std::vector<Id> seen;
  for (const auto& row : first.rows) seen.push_back(row.story.id);
  q.after = first.next;
  while (true) {
    auto page = store->articles().list_page(q);
    for (const auto& row : page.rows) seen.push_back(row.story.id);
    if (page.next.empty()) break;
    q.after = page.next;
  }
  // Exactly the seven stories that were there, in their order, none twice.
  std::vector<Id> want;
  auto sorted = made;
  sorted.resize(7);
  std::sort(sorted.begin(), sorted.end(), [](const Made& a, const Made& b) {
    return a.updated != b.updated ? a.updated > b.updated : a.id > b.id;
  });
  for (const auto& m : sorted) want.push_back(m.id);
  EXPECT_EQ(seen, want);
}

TEST_F(StoryList, CursorsNotMadeByTheStoreAreRefused) {
  for (const char* bad : {"x", "[]", "[1]", "[\"a\", 1]", "{\"a\": 1}", "[1, 2, 3]"}) {
    SCOPED_TRACE(bad);
    StoryListQuery q;
    q.after = bad;
    EXPECT_THROW(store->articles().list_page(q), ConstraintError);
  }
  // A headline order's cursor holds text; a time order's does not.
  StoryListQuery by_headline;
  by_headline.order = StoryOrder::headline;
  by_headline.limit = 1;
  auto page = store->articles().list_page(by_headline);
  StoryListQuery by_time;
  by_time.after = page.next;
  EXPECT_THROW(store->articles().list_page(by_time), ConstraintError);
}

TEST_F(StoryList, RemoveDeletesTheStoryAndItsRows) {
  Id id = made[5].id;
  EXPECT_TRUE(store->articles().remove(id));
  EXPECT_FALSE(store->articles().find(id));
  EXPECT_TRUE(store->articles().revisions(id).empty());
  EXPECT_TRUE(store->links().of_story(id).empty());
  EXPECT_FALSE(store->articles().remove(id));
  StoryListQuery q;
  q.text = "bassist";
  EXPECT_TRUE(store->articles().list_page(q).rows.empty());
}

}  // namespace
}  // namespace marquee::testing
