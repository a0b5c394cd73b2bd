// Several nodes on one PostgreSQL database: scheduled publishing fires once however many nodes
// run it, and a change announced on one node reaches the others (and survives a lost session).
#include <algorithm>
#include <set>
#include <thread>

#include "pg_fixture.h"
#include "store/changes.h"

namespace marquee::testing {
namespace {

using namespace std::chrono_literals;

bool contains(const std::vector<std::string>& payloads, std::string_view wanted) {
  return std::find(payloads.begin(), payloads.end(), wanted) != payloads.end();
}

// Waits up to `within` for a payload, collecting everything heard meanwhile.
std::vector<std::string> hear(ChangeFeed& feed, std::string_view wanted,
                              std::chrono::milliseconds within) {
  std::vector<std::string> heard;
  auto deadline = std::chrono::steady_clock::now() + within;
  while (!contains(heard, wanted) && std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    for (auto& p : feed.wait(std::max(left, 1ms))) heard.push_back(std::move(p));
  }
  return heard;
}

TEST_F(PostgresTest, PublishDueOnManyNodesFlipsEachStoryOnce) {
  constexpr int kStories = 60;
  constexpr int kNodes = 3;
  auto setup = open_store(location);
  std::set<Id> scheduled;
  for (int i = 0; i < kStories; ++i) {
    Article a;
    a.slug = "due-" + std::to_string(i);
    a.headline = "Due " + std::to_string(i);
    a.status = ArticleStatus::scheduled;
    a.publish_at = at(1000 + i);
    scheduled.insert(setup->articles().save(a, 0).id);
  }
  std::vector<std::unique_ptr<Store>> nodes;
  for (int n = 0; n < kNodes; ++n) nodes.push_back(open_store(location));
  std::vector<std::vector<Id>> flipped(kNodes);
  std::vector<std::thread> runs;
  for (int n = 0; n < kNodes; ++n) {
    runs.emplace_back([&, n] {
      // Each node's scheduler ticks a few times, as it would around the due time.
      for (int tick = 0; tick < 5; ++tick) {
        auto ids = nodes[n]->articles().publish_due(at(5000));
        flipped[n].insert(flipped[n].end(), ids.begin(), ids.end());
      }
    });
  }
  for (auto& t : runs) t.join();

  std::multiset<Id> all;
  for (const auto& ids : flipped) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kStories)) << "a story flipped twice or never";
  EXPECT_EQ(std::set<Id>(all.begin(), all.end()), scheduled);
  for (Id id : scheduled) {
    auto story = setup->articles().find(id);
    ASSERT_TRUE(story);
    EXPECT_EQ(story->status, ArticleStatus::published);
    EXPECT_EQ(story->version, 2);
    EXPECT_EQ(setup->articles().revisions(id).size(), 2u);
  }
}

TEST_F(PostgresTest, PublishDueReturnsStoriesInTimeOrder) {
  auto store = open_store(location);
  std::vector<Id> by_time(3);
  const std::int64_t times[] = {300, 100, 200};
  for (int i = 0; i < 3; ++i) {
    Article a;
    a.slug = "s" + std::to_string(i);
    a.headline = "S";
    a.status = ArticleStatus::scheduled;
    a.publish_at = at(times[i]);
    by_time[static_cast<std::size_t>(times[i] / 100 - 1)] = store->articles().save(a, 0).id;
  }
  EXPECT_EQ(store->articles().publish_due(at(1000)), by_time);
  EXPECT_TRUE(store->articles().publish_due(at(1000)).empty());
}

TEST_F(PostgresTest, AnnouncementReachesEveryNodeWithinASecond) {
  auto one = open_change_feed(location);
  auto two = open_change_feed(location);
  EXPECT_TRUE(two->wait(10ms).empty());
  auto sent = std::chrono::steady_clock::now();
  one->announce("story:12");
  auto heard = hear(*two, "story:12", 1000ms);
  EXPECT_TRUE(contains(heard, "story:12"));
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 1000ms);
  // The announcing node hears itself too: its own cache goes through the same path.
  EXPECT_TRUE(contains(hear(*one, "story:12", 1000ms), "story:12"));
}

TEST_F(PostgresTest, AnnouncementsArriveInOrderAndOnlyOnce) {
  auto one = open_change_feed(location);
  auto two = open_change_feed(location);
  for (int i = 0; i < 20; ++i) one->announce("tag:" + std::to_string(i));
  auto heard = hear(*two, "tag:19", 2000ms);
  std::vector<std::string> want;
  for (int i = 0; i < 20; ++i) want.push_back("tag:" + std::to_string(i));
  EXPECT_EQ(heard, want);
  EXPECT_TRUE(two->wait(50ms).empty());
}

TEST_F(PostgresTest, OversizedPayloadIsSentAsEverything) {
  auto one = open_change_feed(location);
  auto two = open_change_feed(location);
  one->announce(std::string(20000, 'x'));
  EXPECT_TRUE(contains(hear(*two, ChangeFeed::kEverything, 1000ms), ChangeFeed::kEverything));
}

TEST_F(PostgresTest, ListenerThatLostItsSessionReconnectsAndDropsEverything) {
  auto listener = open_change_feed(location);
  auto other = open_change_feed(location);
  EXPECT_TRUE(listener->wait(10ms).empty());
  ASSERT_GE(kill_sessions(), 1);
  // Notices sent while it was gone are lost; "*" says so.
  auto heard = hear(*listener, ChangeFeed::kEverything, 5000ms);
  EXPECT_TRUE(contains(heard, ChangeFeed::kEverything));
  // And it listens again: a new notice arrives.
  other->announce("story:7");
  EXPECT_TRUE(contains(hear(*listener, "story:7", 2000ms), "story:7"));
}

TEST_F(PostgresTest, WaitReturnsEmptyAtItsTimeout) {
  auto feed = open_change_feed(location);
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed->wait(120ms).empty());
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 110ms);
  EXPECT_LT(took, 1000ms);
}

TEST(ChangeFeedLocation, UnreachableServerIsAStoreError) {
  EXPECT_THROW(open_change_feed("postgresql://nobody@127.0.0.1:1/marquee"), StoreError);
  EXPECT_THROW(open_change_feed("mysql://localhost/marquee"), StoreError);
  EXPECT_THROW(open_change_feed(""), StoreError);
}

}  // namespace
}  // namespace marquee::testing
