// Many threads on one store, as the HTTP server uses it: readers never see half a save, racing
// editors get exactly one winner, and two stores on one file (two processes) both get through.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

// Every save writes a story whose parts all encode its version, so a reader seeing parts of two
// different saves would notice.
Article story_at(Article a, int round) {
  a.headline = "round " + std::to_string(round);
  a.tags.assign(static_cast<std::size_t>(round % 5), "round-" + std::to_string(round));
  a.dek = std::to_string(round);
  return a;
}

TEST_F(StoreTest, ReadersSeeWholeSavesWhileAWriterWorks) {
  constexpr int kRounds = 150;
  Article tracked = store->articles().save(story_at(draft("tracked"), 0), 0);
  std::atomic<bool> writing = true;
  std::atomic<int> torn = 0;
  std::atomic<int> reads = 0;
  std::atomic<int> read_errors = 0;

  std::atomic<int> write_errors = 0;
  std::thread writer([&] {
    Article a = tracked;
    try {
      for (int round = 1; round <= kRounds; ++round) {
        a = store->articles().save(story_at(a, round), 0);
        Article extra = draft("extra-" + std::to_string(round));
        extra.status = ArticleStatus::published;
        store->articles().save(extra, 0);
      }
    } catch (const std::exception&) {
      ++write_errors;
    }
    writing = false;
  });

  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      int last_count = 0;
      while (writing) {
        try {
          auto a = store->articles().find(tracked.id);
          int round = std::stoi(a->dek);
          if (a->headline != "round " + std::to_string(round) ||
              a->tags.size() != static_cast<std::size_t>(round % 5) || a->version != round + 1) {
            ++torn;
          }
          int count = store->articles().count({});
          if (count < last_count) ++torn;  // committed stories never disappear
          last_count = count;
          store->articles().list({});
          reads += 3;
        } catch (const std::exception&) {
          ++read_errors;
        }
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();

  EXPECT_EQ(write_errors, 0);
  EXPECT_EQ(torn, 0);
  EXPECT_EQ(read_errors, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(store->articles().find(tracked.id)->version, kRounds + 1);
  EXPECT_EQ(store->articles().count({}), kRounds);
  EXPECT_EQ(store->articles().revisions(tracked.id).size(), static_cast<std::size_t>(kRounds + 1));
}

TEST_F(StoreTest, RacingEditorsOfOneVersionGetExactlyOneWinner) {
  Article base = store->articles().save(draft("contested"), 0);
  constexpr int kEditors = 6;
  std::atomic<int> saved = 0;
  std::atomic<int> conflicts = 0;
  std::atomic<int> other_errors = 0;
  std::vector<std::thread> editors;
  for (int i = 0; i < kEditors; ++i) {
    editors.emplace_back([&, i] {
      Article mine = base;
      mine.headline = "Editor " + std::to_string(i);
      try {
        store->articles().save(mine, 0);
        ++saved;
      } catch (const ConflictError&) {
        ++conflicts;
      } catch (const std::exception&) {
        ++other_errors;  // anything but a clean conflict is a bug
      }
    });
  }
  for (auto& t : editors) t.join();
  EXPECT_EQ(saved, 1);
  EXPECT_EQ(conflicts, kEditors - 1);
  EXPECT_EQ(other_errors, 0);
  EXPECT_EQ(store->articles().find(base.id)->version, 2);
}

TEST_F(StoreTest, TwoStoresOnOneFileTakeTurnsWriting) {
  auto second = open_store(dir.path().string());
  constexpr int kEach = 40;
  std::atomic<int> failures = 0;
  auto insert_many = [&](Store& s, const std::string& prefix) {
    for (int i = 0; i < kEach; ++i) {
      Article a = draft(prefix + std::to_string(i));
      a.status = ArticleStatus::published;
      try {
        s.articles().save(a, 0);
      } catch (const StoreError&) {
        ++failures;  // e.g. "database is locked" if the busy timeout did not do its job
      }
    }
  };
  std::thread one([&] { insert_many(*store, "one-"); });
  std::thread two([&] { insert_many(*second, "two-"); });
  one.join();
  two.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store->articles().count({}), 2 * kEach);
  EXPECT_EQ(second->articles().count({}), 2 * kEach);
}

}  // namespace
}  // namespace marquee::testing
