// The story editor's drafts: one per story and person, replaced in place, never a revision or a
// new version of the story, refused once the story has moved past the draft's version, gone
// with the story, on either engine.
#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Autosaves : public StoreTest {};

TEST_F(Autosaves, ADraftIsKeptPerStoryAndPersonAndReplacedInPlace) {
  User ann = make_user("Ann");
  User bo = make_user("Bo");
  Article story = store->articles().save(draft("big-night"), ann.id);
  ASSERT_TRUE(store->autosaves().put({story.id, ann.id, story.version, at(100), R"({"a":["1"]})"}));
  ASSERT_TRUE(store->autosaves().put({story.id, bo.id, story.version, at(101), R"({"b":["2"]})"}));
  ASSERT_TRUE(store->autosaves().put({story.id, ann.id, story.version, at(102), R"({"a":["3"]})"}));

  auto mine = store->autosaves().find(story.id, ann.id);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->fields, R"({"a":["3"]})");
  EXPECT_EQ(mine->saved_at, at(102));
  EXPECT_EQ(mine->base_version, story.version);
  EXPECT_EQ(store->autosaves().find(story.id, bo.id)->fields, R"({"b":["2"]})");

  // The story itself is untouched: same version, same revisions, same time.
  auto after = store->articles().find(story.id);
  EXPECT_EQ(after->version, story.version);
  EXPECT_EQ(after->updated_at, story.updated_at);
  EXPECT_EQ(store->articles().revisions(story.id).size(), 1u);

  store->autosaves().remove(story.id, ann.id);
  EXPECT_FALSE(store->autosaves().find(story.id, ann.id));
  EXPECT_TRUE(store->autosaves().find(story.id, bo.id));
}

TEST_F(Autosaves, ADraftOfAnOlderVersionIsRefused) {
  User ann = make_user("Ann");
  Article story = store->articles().save(draft("big-night"), ann.id);
  const int loaded = story.version;
  story.headline = "Saved meanwhile";
  story = store->articles().save(story, ann.id);
  EXPECT_FALSE(store->autosaves().put({story.id, ann.id, loaded, at(100), "{}"}));
  EXPECT_FALSE(store->autosaves().find(story.id, ann.id));
  EXPECT_FALSE(store->autosaves().put({story.id, ann.id, story.version + 1, at(100), "{}"}));
  EXPECT_FALSE(store->autosaves().put({story.id + 100, ann.id, 1, at(100), "{}"}));
  EXPECT_TRUE(store->autosaves().put({story.id, ann.id, story.version, {}, "{}"}));
  EXPECT_GT(store->autosaves().find(story.id, ann.id)->saved_at, at(100));
}

TEST_F(Autosaves, ADraftSurvivesReopeningTheStore) {
  User ann = make_user("Ann");
  Article story = store->articles().save(draft("big-night"), ann.id);
  ASSERT_TRUE(store->autosaves().put({story.id, ann.id, story.version, at(100), "{}"}));
  reopen();
  EXPECT_TRUE(store->autosaves().find(story.id, ann.id));
}

}  // namespace
}  // namespace marquee::testing
