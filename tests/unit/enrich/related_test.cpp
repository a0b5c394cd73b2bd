// Related reading: ranking by shared salient entities, rarity (IDF), decay with the distance in
// time between stories, the heading's people, and concurrent readers with one writer.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixture.h"

namespace marquee {
namespace {

using testing::id_of;
using testing::small_graph;
using namespace std::chrono_literals;

Time day(int d) {
  return Time{} + std::chrono::days(20000 + d);
}

std::vector<ArticleEntity> links(std::initializer_list<std::pair<Id, double>> list) {
  std::vector<ArticleEntity> out;
  for (auto [id, salience] : list) {
    ArticleEntity a;
    a.entity_id = id;
    a.salience = salience;
    a.state = LinkState::confirmed;
    out.push_back(a);
  }
  return out;
}

std::vector<Id> ids(const RelatedReading& r) {
  std::vector<Id> out;
  for (const auto& s : r.stories) out.push_back(s.article_id);
  return out;
}

TEST(Related, SharedRareEntitiesOutrankSharedCommonOnes) {
  RelatedIndex index;
  const Id rare = 100, common = 200;
  index.put(1, day(0), links({{rare, 0.9}, {common, 0.9}}));
  index.put(2, day(1), links({{rare, 0.9}}));    // shares the rare one
  index.put(3, day(1), links({{common, 0.9}}));  // shares the common one
  for (Id i = 10; i < 40; ++i) index.put(i, day(-400), links({{common, 0.5}}));
  auto r = index.related(1);
  ASSERT_GE(r.stories.size(), 2u);
  EXPECT_EQ(r.stories[0].article_id, 2);
  EXPECT_EQ(r.stories[1].article_id, 3);
  EXPECT_EQ(r.stories[0].shared_entities, std::vector<Id>{rare});
}

TEST(Related, DecaysWithDistanceInTimeBothWays) {
  RelatedIndex index;
  index.put(1, day(0), links({{7, 1.0}}));
  index.put(2, day(-10), links({{7, 1.0}}));
  index.put(3, day(-700), links({{7, 1.0}}));
  index.put(4, day(20), links({{7, 1.0}}));
  auto r = index.related(1);
  EXPECT_EQ(ids(r), (std::vector<Id>{2, 4, 3}));
  ASSERT_EQ(r.stories.size(), 3u);
  // 700 days is about four half-lives of 180 days: well under a tenth of the near score.
  EXPECT_LT(r.stories[2].score, r.stories[0].score * 0.1);
}

TEST(Related, MoreSharedSalienceScoresHigher) {
  RelatedIndex index;
  index.put(1, day(0), links({{1, 1.0}, {2, 1.0}, {3, 1.0}}));
  index.put(2, day(0), links({{1, 1.0}, {2, 1.0}}));
  index.put(3, day(0), links({{1, 1.0}}));
  index.put(4, day(0), links({{1, 0.2}, {2, 0.2}}));
  EXPECT_EQ(ids(index.related(1)), (std::vector<Id>{2, 3, 4}));  // 4 shares more, but weakly
}

TEST(Related, SkipsRejectedAndWeakLinksAndItself) {
  RelatedIndex index;
  auto a = links({{5, 1.0}});
  index.put(1, day(0), a);
  auto rejected = links({{5, 1.0}});
  rejected[0].state = LinkState::rejected;
  index.put(2, day(0), rejected);
  index.put(3, day(0), links({{5, 0.05}}));
  EXPECT_TRUE(index.related(1).stories.empty());
  EXPECT_TRUE(index.related(99).stories.empty());  // not in the index
}

TEST(Related, PutReplacesAndRemoveForgets) {
  RelatedIndex index;
  index.put(1, day(0), links({{5, 1.0}}));
  index.put(2, day(0), links({{5, 1.0}}));
  EXPECT_EQ(ids(index.related(1)), std::vector<Id>{2});
  index.put(2, day(0), links({{6, 1.0}}));
  EXPECT_TRUE(index.related(1).stories.empty());
  index.put(2, day(0), links({{5, 1.0}}));
  index.remove(2);
  index.remove(2);  // twice is harmless
  EXPECT_TRUE(index.related(1).stories.empty());
  EXPECT_EQ(index.size(), 1u);
}

// A topic's "often covered with": the other entities of its stories, rejected links left out,
// most stories first, counted in the entity's newest stories only.
TEST(Related, CoMentionsCountTheNewestStoriesInTheirWindow) {
  const Id a = 1, b = 2, c = 3, d = 4;
  RelatedIndex index;
  index.put(101, day(1), links({{a, .5}, {b, .5}, {c, .5}}));
  index.put(102, day(2), links({{a, .5}, {b, .5}}));
  auto c_rejected = links({{a, .5}, {c, .5}});
  c_rejected[1].state = LinkState::rejected;
  index.put(103, day(3), c_rejected);
  auto a_rejected = links({{a, .5}, {d, .5}});
  a_rejected[0].state = LinkState::rejected;  // a is not really in 104
  index.put(104, day(4), a_rejected);

  auto co = index.co_mentioned(a, 10, 1000);
  ASSERT_EQ(co.size(), 2u);
  EXPECT_EQ(co[0].entity_id, b);
  EXPECT_EQ(co[0].stories, 2);
  EXPECT_EQ(co[1].entity_id, c);
  EXPECT_EQ(co[1].stories, 1);
  EXPECT_EQ(index.co_mentioned(a, 1, 1000).size(), 1u);
  EXPECT_TRUE(index.co_mentioned(a, 0, 1000).empty());
  EXPECT_TRUE(index.co_mentioned(a, 10, 0).empty());
  EXPECT_TRUE(index.co_mentioned(d, 10, 1000).empty()) << "a was rejected in 104";
  EXPECT_TRUE(index.co_mentioned(99, 10, 1000).empty());  // not in the index

  // The window: 102 and 103 are a's newest two, and only 102 has b.
  auto newest = index.co_mentioned(a, 10, 2);
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0].entity_id, b);
  EXPECT_EQ(newest[0].stories, 1);
  // Equal counts: the lower id first. A newer story with b and d moves both into the window.
  index.put(105, day(5), links({{a, .5}, {d, .5}, {b, .5}}));
  auto two = index.co_mentioned(a, 10, 1);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].entity_id, b);
  EXPECT_EQ(two[1].entity_id, d);
  index.remove(105);
  EXPECT_EQ(index.co_mentioned(a, 10, 1000)[0].stories, 2);
}

TEST(Related, LimitAndDraftQueries) {
  RelatedIndex index;
  for (Id i = 1; i <= 20; ++i) index.put(i, day(static_cast<int>(i)), links({{5, 1.0}}));
  RelatedOptions options;
  options.limit = 3;
  auto r = index.related_to(links({{5, 1.0}}), day(10), 0, options);
  EXPECT_EQ(ids(r), (std::vector<Id>{10, 11, 9}));
}

TEST(Related, WalksOnlyTheNearestPostings) {
  RelatedIndex index;
  for (Id i = 1; i <= 100; ++i) index.put(i, day(static_cast<int>(i)), links({{5, 1.0}}));
  RelatedOptions options;
  options.max_postings_per_entity = 4;
  options.limit = 10;
  auto r = index.related(50, options);
  EXPECT_EQ(ids(r), (std::vector<Id>{51, 49, 52, 48}));
}

TEST(Related, BulkLoadInAnyOrderMatchesOneByOne) {
  RelatedIndex one_by_one, bulk;
  std::vector<RelatedIndex::Entry> entries;
  for (Id i = 300; i >= 1; --i) {  // newest first, as a store lists them
    auto l = links({{i % 5, 0.5 + 0.001 * static_cast<double>(i)}, {100 + i % 3, 0.8}});
    one_by_one.put(i, day(static_cast<int>(i)), l);
    entries.push_back({i, day(static_cast<int>(i)), l});
  }
  entries.push_back({7, day(7), links({{999, 1.0}})});  // given twice: the last one counts
  one_by_one.put(7, day(7), links({{999, 1.0}}));
  bulk.put(12, day(12), links({{1, 1.0}}));  // replaced by the bulk load
  bulk.put_all(entries);
  EXPECT_EQ(bulk.size(), one_by_one.size());
  for (Id i : {1, 2, 7, 12, 150, 300}) {
    auto a = one_by_one.related(i), b = bulk.related(i);
    ASSERT_EQ(ids(a), ids(b)) << i;
    for (std::size_t k = 0; k < a.stories.size(); ++k)
      EXPECT_DOUBLE_EQ(a.stories[k].score, b.stories[k].score);
  }
}

TEST(Related, HeadingNamesTheTopSharedPeople) {
  const auto& g = *small_graph();
  Id stewart = id_of(g, "kristen-stewart"), fanning = id_of(g, "dakota-fanning");
  Id film = id_of(g, "the-runaways-film"), pattinson = id_of(g, "robert-pattinson");
  RelatedIndex index;
  index.put(1, day(0), links({{stewart, 0.9}, {fanning, 0.8}, {film, 0.9}}));
  index.put(2, day(2), links({{stewart, 0.9}, {fanning, 0.9}, {film, 0.5}}));
  index.put(3, day(3), links({{fanning, 0.6}, {stewart, 0.4}, {pattinson, 0.9}}));
  auto r = index.related(1, {}, &g);
  ASSERT_EQ(r.shared_people.size(), 2u);
  EXPECT_EQ(related_heading(g, r), "Read on for more Dakota Fanning & Kristen Stewart");
  EXPECT_EQ(related_heading(g, RelatedReading{}), "");
  EXPECT_TRUE(index.related(1).shared_people.empty());  // no graph, no people
}

TEST(Related, ManyReadersOneWriter) {
  RelatedIndex index;
  for (Id i = 1; i <= 200; ++i) index.put(i, day(static_cast<int>(i % 50)), links({{i % 7, 1.0}}));
  std::atomic<bool> stop{false};
  std::atomic<long> answered{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        auto r = index.related(1 + answered % 200);
        answered += 1 + static_cast<long>(r.stories.size() > 99);
      }
    });
  while (answered.load() == 0) std::this_thread::yield();  // readers are running
  for (Id i = 201; i <= 2000; ++i) {
    index.put(i, day(static_cast<int>(i % 50)), links({{i % 7, 1.0}}));
    if (i % 3 == 0) index.remove(i - 100);
  }
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(index.size(), 2000u - 600u);
}

}  // namespace
}  // namespace marquee
