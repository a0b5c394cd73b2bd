// Live stories' entries on either engine: each change takes the story's next event number,
// deletions leave tombstones a reader's stream can hear of, what changed after an event number
// comes back in order, the story row is never written (version and times stay), writers on
// several connections at once never share a number, and entries go with their story.
#include <thread>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class LiveEntries : public StoreTest {
 protected:
  Article live_story(const std::string& slug) {
    Article a = draft(slug, "Live " + slug);
    a.kind = ArticleKind::live;
    return store->articles().save(a, 0);
  }
  LiveEntry entry(Id story, const std::string& body, Id author = 0) {
    LiveEntry e;
    e.article_id = story;
    e.author_id = author;
    e.body = body;
    e.body_html = "<p>" + body + "</p>";
    return e;
  }
};

TEST_F(LiveEntries, EachChangeTakesTheNextNumberAndTheStoryStaysAsItWas) {
  User ann = make_user("Ann");
  Article story = live_story("oscars");
  EXPECT_EQ(store->live().last_seq(story.id), 0);
  LiveEntry first = store->live().add(entry(story.id, "First", ann.id));
  LiveEntry second = store->live().add(entry(story.id, "Second", ann.id));
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(first.author_id, ann.id);
  EXPECT_NE(first.posted_at, Time{});

  LiveEntry changed = first;
  changed.body = "First, corrected";
  changed.pinned = true;
  auto updated = store->live().update(changed);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->seq, 3);
  EXPECT_EQ(updated->posted_at, first.posted_at);
  EXPECT_TRUE(store->live().remove(story.id, second.id));
  EXPECT_FALSE(store->live().remove(story.id, second.id));  // already gone
  EXPECT_EQ(store->live().last_seq(story.id), 4);

  auto shown = store->live().of_story(story.id);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].body, "First, corrected");
  EXPECT_TRUE(shown[0].pinned);
  auto tombstone = store->live().find(second.id);
  ASSERT_TRUE(tombstone);
  EXPECT_TRUE(tombstone->deleted);
  EXPECT_TRUE(tombstone->body.empty());
  EXPECT_FALSE(store->live().update(*tombstone));  // a deleted entry stays deleted

  auto after = store->articles().find(story.id);
  EXPECT_EQ(after->version, story.version);
  EXPECT_EQ(after->updated_at, story.updated_at);
  EXPECT_EQ(store->articles().revisions(story.id).size(), 1u);
}

TEST_F(LiveEntries, WhatChangedAfterANumberComesBackInOrderWithDeletions) {
  Article story = live_story("met-gala");
  Article other = live_story("premiere");
  std::vector<LiveEntry> added;
  for (int i = 0; i < 5; ++i)
    added.push_back(store->live().add(entry(story.id, std::string("e").append(std::to_string(i)))));
  store->live().add(entry(other.id, "elsewhere"));
  store->live().remove(story.id, added[1].id);
  auto changed = store->live().changed_since(story.id, 2);
  ASSERT_EQ(changed.size(), 4u);  // e2, e3, e4, then e1's deletion
  EXPECT_EQ(changed[0].body, "e2");
  EXPECT_EQ(changed[3].id, added[1].id);
  EXPECT_TRUE(changed[3].deleted);
  for (std::size_t i = 1; i < changed.size(); ++i) EXPECT_LT(changed[i - 1].seq, changed[i].seq);
  EXPECT_EQ(store->live().changed_since(story.id, 2, 2).size(), 2u);
  EXPECT_TRUE(store->live().changed_since(story.id, 6).empty());
  EXPECT_EQ(store->live().last_seq(other.id), 1);
  // Newest first for the page.
  auto shown = store->live().of_story(story.id);
  ASSERT_EQ(shown.size(), 4u);
  EXPECT_EQ(shown.front().body, "e4");
}

TEST_F(LiveEntries, PagesOfEntriesPinnedOnesAndKeyMomentsWithTheirPage) {
  Article story = live_story("grammys");
  Article other = live_story("elsewhere");
  // e0..e7 a second apart; e6 pinned, e2 and e6 key moments, e4 deleted.
  std::vector<LiveEntry> added;
  for (int i = 0; i < 8; ++i) {
    LiveEntry e = entry(story.id, "e" + std::to_string(i));
    e.posted_at = at(1000 + i);
    e.pinned = i == 6;
    e.key_moment = i == 2 || i == 6;
    added.push_back(store->live().add(e));
  }
  store->live().add(entry(other.id, "not this story's"));
  ASSERT_TRUE(store->live().remove(story.id, added[4].id));
  auto bodies = [](const std::vector<LiveEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.body);
    return out;
  };
  using Bodies = std::vector<std::string>;
  auto& live = store->live();
  EXPECT_EQ(bodies(live.of_story(story.id)), (Bodies{"e7", "e6", "e5", "e3", "e2", "e1", "e0"}));
  EXPECT_EQ(bodies(live.of_story(story.id, 10, EntryFilter::pinned)), (Bodies{"e6"}));
  EXPECT_EQ(bodies(live.of_story(story.id, 3, EntryFilter::unpinned)), (Bodies{"e7", "e5", "e3"}));
  EXPECT_EQ(bodies(live.of_story(story.id, 3, EntryFilter::unpinned, added[3].id)),
            (Bodies{"e2", "e1", "e0"}));
  EXPECT_EQ(bodies(live.of_story(story.id, 10, EntryFilter::key_moments)), (Bodies{"e6", "e2"}));
  EXPECT_TRUE(live.of_story(story.id, 10, EntryFilter::all, added[0].id).empty());
  EXPECT_TRUE(live.of_story(other.id, 10, EntryFilter::all, added[5].id).empty())
      << "an entry of another story starts no page of this one";

  auto moments = live.key_moments(story.id, 10);
  ASSERT_EQ(moments.size(), 2u);
  EXPECT_EQ(moments[0].entry.body, "e6");
  EXPECT_EQ(moments[0].page_after, 0) << "pinned: on the first page";
  EXPECT_EQ(moments[1].entry.body, "e2");
  EXPECT_EQ(moments[1].page_after, added[3].id) << "the unpinned entry just newer than it";
}

TEST_F(LiveEntries, AnEntryOfAMissingStoryIsRefusedAndEntriesGoWithTheirStory) {
  EXPECT_THROW(store->live().add(entry(424242, "nowhere")), ConstraintError);
  Article story = live_story("gone");
  LiveEntry e = store->live().add(entry(story.id, "soon gone"));
  ASSERT_TRUE(store->articles().remove(story.id));
  EXPECT_FALSE(store->live().find(e.id));
  EXPECT_EQ(store->live().last_seq(story.id), 0);
}

TEST_F(LiveEntries, WritersOnSeveralConnectionsNeverShareANumber) {
  Article story = live_story("big-night");
  constexpr int kWriters = 4, kEach = 15;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        store->live().add(entry(story.id, std::to_string(w).append("-").append(std::to_string(i))));
      }
    });
  }
  for (auto& t : writers) t.join();
  auto all = store->live().changed_since(story.id, 0, 1000);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kWriters * kEach));
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i].seq, static_cast<std::int64_t>(i + 1));
}

TEST_F(LiveEntries, TheEndOfCoverageIsKeptWithTheStory) {
  Article story = live_story("ends");
  EXPECT_FALSE(story.live_ended_at);
  story.live_ended_at = at(1700000000);
  Article saved = store->articles().save(story, 0);
  EXPECT_EQ(store->articles().find(saved.id)->live_ended_at, at(1700000000));
  EXPECT_EQ(store->articles().revisions(saved.id).front().article.live_ended_at, at(1700000000));
  ArticleQuery q;
  q.status.reset();
  q.kind = ArticleKind::live;
  auto listed = store->articles().list(q);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].kind, ArticleKind::live);
  EXPECT_EQ(listed[0].live_ended_at, at(1700000000));
  ArticleQuery news;
  news.status.reset();
  EXPECT_EQ(store->articles().list(news).size(), 1u);  // live stories are news
}

}  // namespace
}  // namespace marquee::testing
