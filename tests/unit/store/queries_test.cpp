// The list queries: every ArticleQuery filter alone and combined, order, paging, counts that
// match the lists, and summaries by id.
#include <gtest/gtest.h>

#include <tuple>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Queries : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice = make_user("Alice");
    bob = make_user("Bob");
    stewart = make_entity("Kristen Stewart", "kristen-stewart");
    fanning = make_entity("Dakota Fanning", "dakota-fanning");

    add("s1", ArticleStatus::published, at(1000), "movies", {alice.id}, {"twilight"},
        "Stewart joins The Runaways");
    add("s2", ArticleStatus::published, at(2000), "music", {bob.id}, {"rock"},
        "Joan Jett on her new record");
    add("s3", ArticleStatus::published, at(3000), "movies", {alice.id, bob.id},
        {"twilight", "rock"}, "THE RUNAWAYS premiere draws 100% crowd");
    add("s4", ArticleStatus::draft, std::nullopt, "movies", {alice.id}, {}, "Unfinished");
    add("s5", ArticleStatus::scheduled, at(9000), "movies", {}, {}, "Coming soon");

    store->links().replace(ids["s1"], {link(stewart.id)}, {});
    store->links().replace(ids["s2"], {link(stewart.id), link(fanning.id)}, {});
    store->links().replace(ids["s3"], {link(stewart.id)}, {});
    store->links().decide(ids["s3"], stewart.id, LinkState::rejected);
    store->links().decide(ids["s2"], stewart.id, LinkState::confirmed);
  }

  void add(const std::string& slug, ArticleStatus status, std::optional<Time> when,
           const std::string& section, std::vector<Id> authors, std::vector<std::string> tags,
           const std::string& headline) {
    Article a = draft(slug, headline);
    a.status = status;
    a.publish_at = when;
    a.section = section;
    a.author_ids = std::move(authors);
    a.tags = std::move(tags);
    ids[slug] = store->articles().save(a, 0).id;
  }

  static ArticleEntity link(Id entity) {
    ArticleEntity l;
    l.entity_id = entity;
    l.mentions = 1;
    l.salience = 0.5;
    return l;
  }

  std::vector<std::string> slugs(const ArticleQuery& q) {
    std::vector<std::string> out;
    for (const auto& s : store->articles().list(q)) out.push_back(s.slug);
    return out;
  }

  User alice, bob;
  Entity stewart, fanning;
  std::map<std::string, Id> ids;
};

using Slugs = std::vector<std::string>;

TEST_F(Queries, EachFilterAndItsCount) {
  struct Case {
    const char* name;
    ArticleQuery query;
    Slugs want;
  };
  auto q = [] { return ArticleQuery{}; };
  auto with = [&](auto change) {
    ArticleQuery query = q();
    change(query);
    return query;
  };
  const Case cases[] = {
      {"published by default", q(), {"s3", "s2", "s1"}},
      {"section", with([](auto& x) { x.section = "movies"; }), {"s3", "s1"}},
      {"unknown section", with([](auto& x) { x.section = "books"; }), {}},
      {"author alice", with([&](auto& x) { x.author_id = alice.id; }), {"s3", "s1"}},
      {"author bob", with([&](auto& x) { x.author_id = bob.id; }), {"s3", "s2"}},
      {"entity skips rejected links",
       with([&](auto& x) { x.entity_id = stewart.id; }),
       {"s2", "s1"}},
      {"entity with one story", with([&](auto& x) { x.entity_id = fanning.id; }), {"s2"}},
      {"tag", with([](auto& x) { x.tag = "twilight"; }), {"s3", "s1"}},
      {"tag is exact", with([](auto& x) { x.tag = "twi"; }), {}},
      {"after a story", with([&](auto& x) { x.after_id = ids["s3"]; }), {"s2", "s1"}},
      {"after the last story", with([&](auto& x) { x.after_id = ids["s1"]; }), {}},
      {"after a story that is gone", with([](auto& x) { x.after_id = 99999; }), {}},
      {"tag after a story",
       with([&](auto& x) {
         x.tag = "rock";
         x.after_id = ids["s3"];
       }),
       {"s2"}},
      {"headline ignores case",
       with([](auto& x) { x.headline_contains = "runaways"; }),
       {"s3", "s1"}},
      {"headline percent is literal", with([](auto& x) { x.headline_contains = "100%"; }), {"s3"}},
      {"headline lone percent", with([](auto& x) { x.headline_contains = "%"; }), {"s3"}},
      {"headline underscore is literal", with([](auto& x) { x.headline_contains = "_"; }), {}},
      {"drafts", with([](auto& x) { x.status = ArticleStatus::draft; }), {"s4"}},
      {"scheduled", with([](auto& x) { x.status = ArticleStatus::scheduled; }), {"s5"}},
      {"any status, undated last",
       with([](auto& x) { x.status = std::nullopt; }),
       {"s5", "s3", "s2", "s1", "s4"}},
      {"section and author",
       with([&](auto& x) {
         x.section = "movies";
         x.author_id = bob.id;
       }),
       {"s3"}},
      {"every filter at once",
       with([&](auto& x) {
         x.section = "music";
         x.author_id = bob.id;
         x.entity_id = fanning.id;
         x.tag = "rock";
         x.headline_contains = "jett";
       }),
       {"s2"}},
      {"filters that exclude each other",
       with([&](auto& x) {
         x.tag = "rock";
         x.entity_id = stewart.id;
         x.section = "movies";
       }),
       {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(slugs(c.query), c.want) << c.name;
    EXPECT_EQ(store->articles().count(c.query), static_cast<int>(c.want.size())) << c.name;
  }
}

TEST_F(Queries, LimitAndOffsetPageThroughTheSameOrder) {
  struct Case {
    int limit;
    int offset;
    Slugs want;
  };
  const Case cases[] = {
      {2, 0, {"s3", "s2"}}, {2, 2, {"s1"}}, {1, 1, {"s2"}},        {5, 3, {}},
      {0, 0, {}},           {-1, 0, {}},    {2, -4, {"s3", "s2"}},
  };
  for (const Case& c : cases) {
    ArticleQuery query;
    query.limit = c.limit;
    query.offset = c.offset;
    EXPECT_EQ(slugs(query), c.want) << c.limit << "/" << c.offset;
    // The count ignores paging: it is what a pager needs.
    EXPECT_EQ(store->articles().count(query), 3);
  }
}

TEST_F(Queries, SummariesCarryListFieldsAndAuthorsInOrder) {
  ArticleQuery query;
  query.section = "movies";
  auto list = store->articles().list(query);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, ids["s3"]);
  EXPECT_EQ(list[0].headline, "THE RUNAWAYS premiere draws 100% crowd");
  EXPECT_EQ(list[0].section, "movies");
  EXPECT_EQ(list[0].publish_at, at(3000));
  EXPECT_EQ(list[0].author_ids, (std::vector<Id>{alice.id, bob.id}));
  EXPECT_EQ(list[1].author_ids, std::vector<Id>{alice.id});
}

TEST_F(Queries, TiesOnPublishTimeGoNewestIdFirst) {
  Id first = publish("tie-a", 5000).id;
  Id second = publish("tie-b", 5000).id;
  ArticleQuery query;
  query.limit = 2;
  auto list = store->articles().list(query);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, second);
  EXPECT_EQ(list[1].id, first);
}

// An author's, a tag's and a topic's lists, and a person's quotes, read the join tables' copy of
// each story's publish time (kept by the store's triggers): they follow publishing,
// unpublishing, a new time and a change of kind at once, and page by keyset without gaps.
TEST_F(Queries, JoinListsFollowEveryChangeOfTheirStories) {
  auto list_of = [&](ArticleQuery q) {
    q.limit = 2;
    Slugs all;
    for (;;) {
      auto page = store->articles().list(q);
      for (const auto& s : page) all.push_back(s.slug);
      if (page.size() < 2) return all;
      q.after_id = page.back().id;
    }
  };
  ArticleQuery by_alice, twilight, about_stewart;
  by_alice.author_id = alice.id;
  twilight.tag = "twilight";
  about_stewart.entity_id = stewart.id;  // s3's link is rejected
  EXPECT_EQ(list_of(by_alice), (Slugs{"s3", "s1"}));
  EXPECT_EQ(list_of(twilight), (Slugs{"s3", "s1"}));
  EXPECT_EQ(list_of(about_stewart), (Slugs{"s2", "s1"}));
  Quote said;
  said.speaker_id = stewart.id;
  said.text = "We rehearsed for weeks.";
  store->links().replace(ids["s1"], {link(stewart.id)}, {said});
  EXPECT_EQ(store->links().quotes_by(stewart.id, 5).size(), 1u);

  // The draft s4 is published later than the rest: it comes first, everywhere.
  Article s4 = *store->articles().find(ids["s4"]);
  s4.status = ArticleStatus::published;
  s4.publish_at = at(4000);
  s4.tags = {"twilight"};
  store->articles().save(s4, 0);
  store->links().replace(ids["s4"], {link(stewart.id)}, {});
  EXPECT_EQ(list_of(by_alice), (Slugs{"s4", "s3", "s1"}));
  EXPECT_EQ(list_of(twilight), (Slugs{"s4", "s3", "s1"}));
  EXPECT_EQ(list_of(about_stewart), (Slugs{"s4", "s2", "s1"}));

  // A new time moves it; unpublished, it leaves every list and its quotes go quiet.
  Article s1 = *store->articles().find(ids["s1"]);
  s1.publish_at = at(5000);
  store->articles().save(s1, 0);
  EXPECT_EQ(list_of(by_alice), (Slugs{"s1", "s4", "s3"}));
  s1 = *store->articles().find(ids["s1"]);
  s1.status = ArticleStatus::draft;
  store->articles().save(s1, 0);
  EXPECT_EQ(list_of(by_alice), (Slugs{"s4", "s3"}));
  EXPECT_EQ(list_of(about_stewart), (Slugs{"s4", "s2"}));
  EXPECT_TRUE(store->links().quotes_by(stewart.id, 5).empty());

  // A gallery is among the news and, alone, among the topic's galleries; a page is in no list.
  Article s2 = *store->articles().find(ids["s2"]);
  s2.kind = ArticleKind::gallery;
  store->articles().save(s2, 0);
  ArticleQuery galleries = about_stewart;
  galleries.kind = ArticleKind::gallery;
  EXPECT_EQ(list_of(galleries), (Slugs{"s2"}));
  EXPECT_EQ(list_of(about_stewart), (Slugs{"s4", "s2"}));
  Article s4_page = *store->articles().find(ids["s4"]);
  s4_page.kind = ArticleKind::page;
  store->articles().save(s4_page, 0);
  EXPECT_EQ(list_of(by_alice), (Slugs{"s3"}));
  EXPECT_EQ(list_of(about_stewart), (Slugs{"s2"}));

  // A cursor after the last story, or of a story never listed, gives an empty page.
  ArticleQuery past = by_alice;
  past.after_id = ids["s3"];
  EXPECT_TRUE(store->articles().list(past).empty());
  past.after_id = 999999;
  EXPECT_TRUE(store->articles().list(past).empty());
}

// The API pages a join list by offset: the same order as its keyset pages.
TEST_F(Queries, JoinListsPageByOffsetInTheirOwnOrder) {
  ArticleQuery tagged;
  tagged.tag = "twilight";
  tagged.limit = 1;
  tagged.offset = 1;
  EXPECT_EQ(slugs(tagged), Slugs{"s1"});
  tagged.offset = 2;
  EXPECT_TRUE(slugs(tagged).empty());
  tagged.offset = -3;  // as the general lists do: a negative offset is the start
  EXPECT_EQ(slugs(tagged), Slugs{"s3"});
}

TEST_F(Queries, ArticleSummariesFollowTheGivenOrderAndSkipMissing) {
  auto list = store->articles().summaries({ids["s1"], 999999, ids["s3"], ids["s2"]});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].slug, "s1");
  EXPECT_EQ(list[1].slug, "s3");
  EXPECT_EQ(list[2].slug, "s2");
  EXPECT_EQ(list[1].author_ids, (std::vector<Id>{alice.id, bob.id}));
  EXPECT_TRUE(store->articles().summaries({}).empty());
}

TEST_F(Queries, ListsFollowEditsAndPublishing) {
  ArticleQuery tagged;
  tagged.tag = "rock";
  EXPECT_EQ(slugs(tagged), (Slugs{"s3", "s2"}));
  auto s2 = *store->articles().find(ids["s2"]);
  s2.tags = {"pop"};
  store->articles().save(s2, 0);
  EXPECT_EQ(slugs(tagged), Slugs{"s3"});

  store->articles().publish_due(at(9000));
  EXPECT_EQ(slugs({}), (Slugs{"s5", "s3", "s2", "s1"}));
}

TEST_F(Queries, PublishedLocationsOfATimeRangeNewestFirst) {
  // A page published in the range is not a story of the sitemap's months.
  Article page = draft("about", "About us");
  page.kind = ArticleKind::page;
  page.status = ArticleStatus::published;
  page.publish_at = at(2500);
  store->articles().save(page, 0);
  Article with_photo = store->articles().find(ids["s2"]).value();
  Media photo;
  photo.kind = MediaKind::image;
  photo.file = "0123456789abcdef0123456789abcdef.jpg";
  photo.mime = "image/jpeg";
  photo.width = 800;
  photo.height = 600;
  with_photo.lead_media_id = store->media().save(photo).id;
  store->articles().save(with_photo, 0, at(7000));

  auto in = [&](std::int64_t from, std::int64_t before, int limit = 10) {
    Slugs out;
    for (const auto& s : store->articles().published_locations(at(from), at(before), limit)) {
      out.push_back(s.slug);
    }
    return out;
  };
  EXPECT_EQ(in(0, 100000), (Slugs{"s3", "s2", "s1"})) << "published news only, newest first";
  EXPECT_EQ(in(1000, 3000), (Slugs{"s2", "s1"})) << "from included, before not";
  EXPECT_EQ(in(0, 100000, 1), (Slugs{"s3"}));
  EXPECT_TRUE(in(4000, 100000).empty()) << "the scheduled story is not published";

  auto rows = store->articles().published_locations(at(2000), at(2001), 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, ids["s2"]);
  EXPECT_EQ(rows[0].kind, ArticleKind::article);
  EXPECT_EQ(rows[0].section, "music");
  EXPECT_EQ(rows[0].publish_at, at(2000));
  EXPECT_EQ(rows[0].updated_at, at(7000));
  EXPECT_EQ(rows[0].lead_media_id, with_photo.lead_media_id);
  auto photos = store->media().find_many({*with_photo.lead_media_id, 424242});
  ASSERT_EQ(photos.size(), 1u) << "an id with no item is left out";
  EXPECT_EQ(photos[0].file, photo.file);
  EXPECT_TRUE(store->media().find_many({}).empty());
}

// The sitemap index's days follow every way a story enters or leaves the published news: a
// save, a page (never news), a time moved to another day (and before 1970), unpublishing,
// deleting and the scheduler.
TEST_F(Queries, PublishedDaysFollowEveryChange) {
  using Row = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // day, stories, last change
  auto days = [&] {
    std::vector<Row> out;
    for (const auto& d : store->articles().published_days())
      out.emplace_back(d.day, d.stories, d.last_change.time_since_epoch().count());
    return out;
  };
  constexpr std::int64_t kDay = 86400;
  auto first = days();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(std::get<0>(first[0]), 0);
  EXPECT_EQ(std::get<1>(first[0]), 3) << "s1, s2, s3; not the draft or the scheduled story";
  const std::int64_t fixture_change = std::get<2>(first[0]);

  Article later = draft("later", "Later");
  later.status = ArticleStatus::published;
  later.publish_at = at(2 * kDay + 5);
  later = store->articles().save(later, 0, at(2 * kDay + 100));
  Article page = draft("about", "About us");
  page.kind = ArticleKind::page;
  page.status = ArticleStatus::published;
  page.publish_at = at(2 * kDay + 50);
  store->articles().save(page, 0, at(3 * kDay));
  EXPECT_EQ(days(), (std::vector<Row>{{2, 1, 2 * kDay + 100}, {0, 3, fixture_change}}));

  later.publish_at = at(-10);  // 1969-12-31
  later = store->articles().save(later, 0, at(-5));
  EXPECT_EQ(days(), (std::vector<Row>{{0, 3, fixture_change}, {-1, 1, -5}}));

  Article s1 = store->articles().find(ids["s1"]).value();
  s1.status = ArticleStatus::draft;
  store->articles().save(s1, 0, at(kDay));
  ASSERT_TRUE(store->articles().remove(ids["s2"]));
  EXPECT_EQ(days(), (std::vector<Row>{{0, 1, fixture_change}, {-1, 1, -5}}));

  store->articles().publish_due(at(9000));  // s5, scheduled at 9000
  ASSERT_TRUE(store->articles().remove(later.id));
  auto last = days();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(std::get<0>(last[0]), 0);
  EXPECT_EQ(std::get<1>(last[0]), 2);
}

}  // namespace
}  // namespace marquee::testing
