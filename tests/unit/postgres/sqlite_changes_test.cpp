// Change notices between processes sharing one SQLite store: the same interface as PostgreSQL's,
// carried by a polled table in a file beside the store.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "store/changes.h"
#include "store/store.h"

namespace marquee::testing {
namespace {

using namespace std::chrono_literals;

class SqliteChanges : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "marquee-changes-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
};

TEST_F(SqliteChanges, NoticesReachEveryFeedOnTheSameStoreInOrder) {
  for (std::string location : {dir.string(), "sqlite:" + (dir / "custom.db").string()}) {
    auto one = open_change_feed(location);
    auto two = open_change_feed(location);
    EXPECT_TRUE(two->wait(10ms).empty()) << location;
    one->announce("story:1");
    one->announce("home");
    EXPECT_EQ(two->wait(1000ms), (std::vector<std::string>{"story:1", "home"})) << location;
    EXPECT_EQ(one->wait(1000ms), (std::vector<std::string>{"story:1", "home"})) << location;
    EXPECT_TRUE(two->wait(10ms).empty()) << location;
  }
}

TEST_F(SqliteChanges, ANewFeedHearsOnlyWhatComesAfterIt) {
  auto early = open_change_feed(dir.string());
  early->announce("old");
  auto late = open_change_feed(dir.string());
  EXPECT_TRUE(late->wait(20ms).empty());
  early->announce("new");
  EXPECT_EQ(late->wait(1000ms), std::vector<std::string>{"new"});
}

TEST_F(SqliteChanges, WaitBlocksUntilANoticeOrTheTimeout) {
  auto listener = open_change_feed(dir.string());
  auto speaker = open_change_feed(dir.string());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(listener->wait(120ms).empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 110ms);

  std::thread later([&] {
    std::this_thread::sleep_for(100ms);
    speaker->announce("story:9");
  });
  started = std::chrono::steady_clock::now();
  auto heard = listener->wait(3000ms);
  later.join();
  EXPECT_EQ(heard, std::vector<std::string>{"story:9"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms);
}

TEST_F(SqliteChanges, FeedAndStoreShareADirectory) {
  auto store = open_store(dir.string());
  auto feed = open_change_feed(dir.string());
  store->settings().set("k", "v");
  feed->announce("settings");
  EXPECT_EQ(feed->wait(1000ms), std::vector<std::string>{"settings"});
  EXPECT_EQ(store->settings().get("k"), "v");
}

TEST_F(SqliteChanges, UnusableLocationsAreStoreErrors) {
  EXPECT_THROW(open_change_feed("sqlite:"), StoreError);
  EXPECT_THROW(open_change_feed((dir / "missing" / "deeper").string()), StoreError);
}

}  // namespace
}  // namespace marquee::testing
