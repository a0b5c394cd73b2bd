// Stories in the SQLite store: round trips, versions and conflicts, redirects, revisions,
// scheduling, and saves that fail halfway leaving nothing behind.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

void expect_same_content(const Article& want, const Article& got) {
  EXPECT_EQ(got.slug, want.slug);
  EXPECT_EQ(got.headline, want.headline);
  EXPECT_EQ(got.dek, want.dek);
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.body_html, want.body_html);
  EXPECT_EQ(got.section, want.section);
  EXPECT_EQ(got.author_ids, want.author_ids);
  EXPECT_EQ(got.tags, want.tags);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.publish_at, want.publish_at);
  EXPECT_EQ(got.lead_media_id, want.lead_media_id);
  EXPECT_EQ(got.clip_media_id, want.clip_media_id);
  EXPECT_EQ(got.exclusive, want.exclusive);
  EXPECT_EQ(got.featured, want.featured);
  EXPECT_EQ(got.seo_title, want.seo_title);
  EXPECT_EQ(got.seo_description, want.seo_description);
}

class Articles : public StoreTest {
 protected:
  Article full_story() {
    Media photo;
    photo.file = "a1.jpg";
    photo.mime = "image/jpeg";
    Media clip;
    clip.kind = MediaKind::video;
    clip.file = "c1.mp4";
    clip.mime = "video/mp4";
    Article a;
    a.slug = "stewart-fanning-runaways";
    a.headline = "Stewart and Fanning rock out in \"The Runaways\"";
    a.dek = "A first look at the punk biopic";
    a.body = "Kristen Stewart plays Joan Jett.\n\nDakota Fanning is Cherie Currie — “Cherry Bomb”.";
    a.body_html = "<p>Kristen Stewart plays Joan Jett.</p>";
    a.section = "movies";
    a.author_ids = {make_user("Ada Reporter").id, make_user("Ben Critic").id};
    a.tags = {"the-runaways", "biopics", "punk"};
    a.status = ArticleStatus::published;
    a.publish_at = at(1279733940);
    a.lead_media_id = store->media().save(photo).id;
    a.clip_media_id = store->media().save(clip).id;
    a.exclusive = true;
    a.featured = true;
    a.seo_title = "The Runaways first look";
    a.seo_description = "Stewart and Fanning as Jett and Currie.";
    return a;
  }
};

TEST_F(Articles, EveryFieldRoundTripsThroughIdAndSlug) {
  Article want = full_story();
  Time before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Article saved = store->articles().save(want, 0);
  EXPECT_GT(saved.id, 0);
  EXPECT_EQ(saved.version, 1);
  EXPECT_GE(saved.created_at, before);
  EXPECT_EQ(saved.updated_at, saved.created_at);
  expect_same_content(want, saved);

  reopen();
  auto by_id = store->articles().find(saved.id);
  ASSERT_TRUE(by_id);
  expect_same_content(want, *by_id);
  EXPECT_EQ(by_id->id, saved.id);
  EXPECT_EQ(by_id->version, 1);
  EXPECT_EQ(by_id->created_at, saved.created_at);
  auto by_slug = store->articles().find_by_slug(want.slug);
  ASSERT_TRUE(by_slug);
  EXPECT_EQ(by_slug->id, saved.id);
}

TEST_F(Articles, EmptyListsAndMissingOptionalsRoundTrip) {
  Article saved = store->articles().save(draft("bare"), 0);
  auto got = store->articles().find(saved.id);
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->author_ids.empty());
  EXPECT_TRUE(got->tags.empty());
  EXPECT_FALSE(got->publish_at);
  EXPECT_FALSE(got->lead_media_id);
  EXPECT_EQ(got->status, ArticleStatus::draft);
}

TEST_F(Articles, MissingStoriesAreEmptyNotErrors) {
  EXPECT_FALSE(store->articles().find(12345));
  EXPECT_FALSE(store->articles().find_by_slug("nothing-here"));
  EXPECT_FALSE(store->redirects().current_slug("nothing-here"));
  EXPECT_TRUE(store->articles().revisions(12345).empty());
}

TEST_F(Articles, UpdateBumpsVersionAndKeepsCreatedAt) {
  Article first = store->articles().save(draft("story"), 0);
  Article edit = first;
  edit.headline = "Better headline";
  edit.tags = {"one"};
  Article second = store->articles().save(edit, 0);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(second.created_at, first.created_at);
  EXPECT_EQ(store->articles().find(first.id)->headline, "Better headline");
  EXPECT_EQ(store->articles().find(first.id)->tags, std::vector<std::string>{"one"});
}

TEST_F(Articles, ReplacingTheRenderedBodyIsNoNewVersionRevisionOrTime) {
  Article first = store->articles().save(draft("story"), 0, at(1279726000));
  EXPECT_TRUE(
      store->articles().replace_body_html(first.id, first.version, "<p>Relinked.</p>", "k1"));
  auto stored = store->articles().find(first.id);
  EXPECT_EQ(stored->body_html, "<p>Relinked.</p>");
  EXPECT_EQ(stored->body_html_key, "k1");
  EXPECT_EQ(stored->version, first.version);
  EXPECT_EQ(stored->updated_at, at(1279726000));
  EXPECT_EQ(stored->created_at, at(1279726000));
  EXPECT_EQ(stored->body, first.body);
  EXPECT_EQ(store->articles().revisions(first.id).size(), 1u);
  EXPECT_TRUE(store->articles().at_version(first.id, first.version));
  // A save in between (another version) or a story that is gone: nothing replaced.
  Article second = store->articles().save(*stored, 0);
  EXPECT_FALSE(store->articles().at_version(first.id, first.version));
  EXPECT_TRUE(store->articles().at_version(first.id, second.version));
  EXPECT_FALSE(store->articles().replace_body_html(first.id, first.version, "<p>Stale.</p>", "k2"));
  EXPECT_EQ(store->articles().find(first.id)->body_html, second.body_html);
  EXPECT_EQ(store->articles().find(first.id)->body_html_key, "k1");
  EXPECT_FALSE(store->articles().replace_body_html(999999, 1, "<p>Nobody.</p>", "k3"));
  EXPECT_FALSE(store->articles().at_version(999999, 1));
}

TEST_F(Articles, StaleSaveIsAConflictAndChangesNothing) {
  Article base = store->articles().save(draft("story"), 0);
  Article mine = base;
  Article theirs = base;
  theirs.headline = "Theirs";
  store->articles().save(theirs, 0);
  mine.headline = "Mine";
  EXPECT_THROW(store->articles().save(mine, 0), ConflictError);
  auto stored = store->articles().find(base.id);
  EXPECT_EQ(stored->headline, "Theirs");
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(store->articles().revisions(base.id).size(), 2u);
}

TEST_F(Articles, ConflictIsAStoreError) {
  Article base = store->articles().save(draft("story"), 0);
  base.version = 7;
  EXPECT_THROW(store->articles().save(base, 0), StoreError);
}

TEST_F(Articles, UnknownIdInsertsOnlyAsANewStory) {
  Article imported = draft("imported");
  imported.id = 500;
  Article saved = store->articles().save(imported, 0);
  EXPECT_EQ(saved.id, 500);
  EXPECT_EQ(saved.version, 1);

  Article ghost = draft("ghost");
  ghost.id = 501;
  ghost.version = 3;  // an edit of a story that is gone
  EXPECT_THROW(store->articles().save(ghost, 0), ConflictError);
  EXPECT_FALSE(store->articles().find(501));
}

TEST_F(Articles, SlugChangesLeaveRedirectsToTheCurrentSlug) {
  Article a = store->articles().save(draft("first-slug"), 0);
  a.slug = "second-slug";
  a = store->articles().save(a, 0);
  a.slug = "third-slug";
  a = store->articles().save(a, 0);
  EXPECT_EQ(store->redirects().current_slug("first-slug"), "third-slug");
  EXPECT_EQ(store->redirects().current_slug("second-slug"), "third-slug");
  EXPECT_FALSE(store->redirects().current_slug("third-slug"));
  EXPECT_FALSE(store->articles().find_by_slug("first-slug"));

  // Back to an old slug: it is live again, so it must not redirect to itself.
  a.slug = "first-slug";
  a = store->articles().save(a, 0);
  EXPECT_FALSE(store->redirects().current_slug("first-slug"));
  EXPECT_EQ(store->redirects().current_slug("third-slug"), "first-slug");
  EXPECT_EQ(store->articles().find_by_slug("first-slug")->id, a.id);
}

TEST_F(Articles, ANewStoryMayTakeAnotherStorysOldSlug) {
  Article a = store->articles().save(draft("shared"), 0);
  a.slug = "moved";
  store->articles().save(a, 0);
  Article b = store->articles().save(draft("shared"), 0);
  EXPECT_NE(b.id, a.id);
  EXPECT_FALSE(store->redirects().current_slug("shared"));
  EXPECT_EQ(store->articles().find_by_slug("shared")->id, b.id);
}

TEST_F(Articles, RevisionsKeepEveryVersionNewestFirst) {
  User editor = make_user("Edna Editor", "edna@example.com");
  Article a = store->articles().save(draft("story", "Version one"), 0);
  a.headline = "Version two";
  a = store->articles().save(a, editor.id);
  a.headline = "Version three";
  a.slug = "story-renamed";
  a = store->articles().save(a, editor.id);

  auto revisions = store->articles().revisions(a.id);
  ASSERT_EQ(revisions.size(), 3u);
  const std::pair<int, const char*> want[] = {
      {3, "Version three"}, {2, "Version two"}, {1, "Version one"}};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(revisions[i].version, want[i].first);
    EXPECT_EQ(revisions[i].article.version, want[i].first);
    EXPECT_EQ(revisions[i].article.headline, want[i].second);
    EXPECT_EQ(revisions[i].article_id, a.id);
    EXPECT_EQ(revisions[i].article.id, a.id);
  }
  EXPECT_EQ(revisions[0].editor_id, editor.id);
  EXPECT_EQ(revisions[2].editor_id, 0);
  EXPECT_EQ(revisions[0].article.slug, "story-renamed");
  EXPECT_EQ(revisions[0].saved_at, a.updated_at);
}

TEST_F(Articles, PublishingWithoutATimeUsesNow) {
  Article a = draft("live");
  a.status = ArticleStatus::published;
  Article saved = store->articles().save(a, 0);
  ASSERT_TRUE(saved.publish_at);
  EXPECT_EQ(*saved.publish_at, saved.updated_at);
  EXPECT_TRUE(store->articles().find(saved.id)->is_published());
}

TEST_F(Articles, TakenOrEmptySlugIsAConstraintError) {
  store->articles().save(draft("taken"), 0);
  EXPECT_THROW(store->articles().save(draft("taken"), 0), ConstraintError);
  EXPECT_THROW(store->articles().save(draft(""), 0), ConstraintError);
  Article other = store->articles().save(draft("other"), 0);
  other.slug = "taken";
  EXPECT_THROW(store->articles().save(other, 0), ConstraintError);
  ArticleQuery any;
  any.status = std::nullopt;
  EXPECT_EQ(store->articles().count(any), 2);
}

// References to rows that do not exist fail the whole save, at whichever step they are found.
TEST_F(Articles, FailedInsertLeavesNothingBehind) {
  struct Case {
    const char* name;
    void (*spoil)(Article&);
    Id editor;
  };
  const Case cases[] = {
      {"unknown author", [](Article& a) { a.author_ids = {4242}; }, 0},
      {"second author unknown", [](Article& a) { a.author_ids.push_back(4242); }, 0},
      {"unknown lead media", [](Article& a) { a.lead_media_id = 77; }, 0},
      {"unknown clip", [](Article& a) { a.clip_media_id = 78; }, 0},
      {"unknown editor", [](Article&) {}, 999},
  };
  User real = make_user("Real Writer");
  for (const Case& c : cases) {
    Article a = draft("doomed");
    a.author_ids = {real.id};
    a.tags = {"x"};
    c.spoil(a);
    EXPECT_THROW(store->articles().save(a, c.editor), ConstraintError) << c.name;
    EXPECT_FALSE(store->articles().find_by_slug("doomed")) << c.name;
    ArticleQuery any;
    any.status = std::nullopt;
    EXPECT_EQ(store->articles().count(any), 0) << c.name;
  }
  // The id a failed insert would have used was not consumed by a half-written row.
  Article ok = store->articles().save(draft("fine"), 0);
  EXPECT_TRUE(store->articles().revisions(ok.id).size() == 1);
}

TEST_F(Articles, FailedUpdateKeepsThePreviousVersionWhole) {
  User writer = make_user("Writer");
  Article a = draft("before");
  a.author_ids = {writer.id};
  a.tags = {"kept"};
  a = store->articles().save(a, 0);

  Article bad = a;
  bad.slug = "after";   // would leave a redirect
  bad.tags = {"lost"};  // would replace the tags
  bad.headline = "Changed";
  bad.author_ids = {writer.id, 9999};  // fails after the row and the first author are written
  EXPECT_THROW(store->articles().save(bad, 0), ConstraintError);

  reopen();
  auto stored = store->articles().find(a.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->slug, "before");
  EXPECT_EQ(stored->headline, a.headline);
  EXPECT_EQ(stored->tags, std::vector<std::string>{"kept"});
  EXPECT_EQ(stored->author_ids, std::vector<Id>{writer.id});
  EXPECT_FALSE(store->redirects().current_slug("before"));
  EXPECT_FALSE(store->articles().find_by_slug("after"));
  EXPECT_EQ(store->articles().revisions(a.id).size(), 1u);
  // And the story can still be saved from the version it is at.
  a.headline = "Recovered";
  EXPECT_EQ(store->articles().save(a, 0).version, 2);
}

TEST_F(Articles, PublishDueFlipsOnlyScheduledStoriesWhoseTimeHasCome) {
  auto scheduled = [&](const std::string& slug, std::optional<Time> when) {
    Article a = draft(slug);
    a.status = ArticleStatus::scheduled;
    a.publish_at = when;
    return store->articles().save(a, 0);
  };
  Article early = scheduled("early", at(100));
  Article late = scheduled("late", at(200));
  Article undated = scheduled("undated", std::nullopt);
  Article draft_story = draft("draft");
  draft_story.publish_at = at(50);
  draft_story = store->articles().save(draft_story, 0);

  EXPECT_TRUE(store->articles().publish_due(at(99)).empty());
  EXPECT_EQ(store->articles().publish_due(at(150)), std::vector<Id>{early.id});
  EXPECT_TRUE(store->articles().publish_due(at(150)).empty()) << "already published";

  auto now_live = store->articles().find(early.id);
  EXPECT_EQ(now_live->status, ArticleStatus::published);
  EXPECT_EQ(now_live->version, 2);
  EXPECT_EQ(now_live->publish_at, at(100));
  EXPECT_EQ(now_live->updated_at, early.updated_at);
  auto revisions = store->articles().revisions(early.id);
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].article.status, ArticleStatus::published);
  EXPECT_EQ(revisions[0].editor_id, 0);

  // The editor still holding the scheduled copy must not silently unpublish it.
  early.headline = "Stale edit";
  EXPECT_THROW(store->articles().save(early, 0), ConflictError);

  EXPECT_EQ(store->articles().publish_due(at(10000)), std::vector<Id>{late.id});
  EXPECT_EQ(store->articles().find(undated.id)->status, ArticleStatus::scheduled);
  EXPECT_EQ(store->articles().find(draft_story.id)->status, ArticleStatus::draft);
}

TEST_F(Articles, PublishDueReturnsAllDueInTimeOrder) {
  std::vector<Id> want;
  for (int i = 3; i >= 1; --i) {
    Article a = draft("s" + std::to_string(i));
    a.status = ArticleStatus::scheduled;
    a.publish_at = at(i * 10);
    want.insert(want.begin(), store->articles().save(a, 0).id);
  }
  EXPECT_EQ(store->articles().publish_due(at(30)), want);
  EXPECT_EQ(store->articles().count({}), 3);
}

}  // namespace
}  // namespace marquee::testing
