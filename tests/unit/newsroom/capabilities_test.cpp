#include "newsroom/capabilities.h"
#include "newsroom/story_rules.h"

#include <gtest/gtest.h>

namespace marquee::newsroom {
namespace {

User user_with(Role role, Id id = 7) {
  User u;
  u.id = id;
  u.role = role;
  return u;
}

Article story_by(Id author, ArticleStatus status) {
  Article a;
  a.id = 1;
  a.author_ids = {author};
  a.status = status;
  return a;
}

TEST(Capabilities, CapabilitiesFollowTheRoleLadder) {
  struct Case {
    Capability capability;
    bool contributor, writer, editor, admin;
  };
  const Case cases[] = {
      {Capability::write_stories, true, true, true, true},
      {Capability::submit_stories, false, true, true, true},
      {Capability::edit_any_story, false, false, true, true},
      {Capability::publish, false, false, true, true},
      {Capability::manage_entities, false, false, true, true},
      {Capability::manage_media, false, false, true, true},
      {Capability::manage_users, false, false, false, true},
      {Capability::read_audit, false, false, false, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.capability));
    EXPECT_EQ(has_capability(Role::contributor, c.capability), c.contributor);
    EXPECT_EQ(has_capability(Role::writer, c.capability), c.writer);
    EXPECT_EQ(has_capability(Role::editor, c.capability), c.editor);
    EXPECT_EQ(has_capability(Role::admin, c.capability), c.admin);
  }
}

TEST(Capabilities, WhoMayEditAStoryInEachState) {
  struct Case {
    Role role;
    bool own;
    ArticleStatus status;
    bool may;
  };
  const Case cases[] = {
      {Role::contributor, true, ArticleStatus::draft, true},
      {Role::contributor, true, ArticleStatus::review, false},
      {Role::contributor, false, ArticleStatus::draft, false},
      {Role::writer, true, ArticleStatus::draft, true},
      {Role::writer, true, ArticleStatus::review, true},
      {Role::writer, true, ArticleStatus::scheduled, false},
      {Role::writer, true, ArticleStatus::published, false},
      {Role::writer, false, ArticleStatus::draft, false},
      {Role::editor, false, ArticleStatus::published, true},
      {Role::admin, false, ArticleStatus::archived, true},
  };
  for (const auto& c : cases) {
    std::string trace = to_string(c.role);
    trace += ' ';
    trace += to_string(c.status);
    SCOPED_TRACE(trace);
    auto me = user_with(c.role);
    auto story = story_by(c.own ? me.id : 99, c.status);
    EXPECT_EQ(may_edit(me, story), c.may);
  }
}

TEST(Capabilities, TransitionsPerRole) {
  auto writer = user_with(Role::writer);
  auto own_draft = story_by(writer.id, ArticleStatus::draft);
  EXPECT_FALSE(refuse_transition(Actor::of(writer), own_draft, ArticleStatus::draft));
  EXPECT_FALSE(refuse_transition(Actor::of(writer), own_draft, ArticleStatus::review));
  for (auto to : {ArticleStatus::scheduled, ArticleStatus::published, ArticleStatus::archived}) {
    EXPECT_TRUE(refuse_transition(Actor::of(writer), own_draft, to)) << to_string(to);
    EXPECT_TRUE(refuse_transition(Actor::of(writer), std::nullopt, to))
        << "new story " << to_string(to);
  }
  EXPECT_TRUE(refuse_transition(Actor::of(writer), story_by(99, ArticleStatus::draft),
                                ArticleStatus::draft));

  auto contributor = user_with(Role::contributor);
  EXPECT_FALSE(refuse_transition(Actor::of(contributor), std::nullopt, ArticleStatus::draft));
  EXPECT_TRUE(refuse_transition(Actor::of(contributor), std::nullopt, ArticleStatus::review));

  auto editor = user_with(Role::editor);
  for (auto to : {ArticleStatus::draft, ArticleStatus::review, ArticleStatus::scheduled,
                  ArticleStatus::published, ArticleStatus::archived}) {
    EXPECT_FALSE(refuse_transition(Actor::of(editor), story_by(99, ArticleStatus::published), to));
  }
}

// Deleting: the desk any story; others their own while they may still edit it. Each refusal
// says why.
TEST(Access, WhoMayDeleteAStory) {
  struct Case {
    Role role;
    bool own;
    ArticleStatus status;
    const char* refusal;  // nullptr: allowed
  };
  const Case cases[] = {
      {Role::contributor, true, ArticleStatus::draft, nullptr},
      {Role::contributor, true, ArticleStatus::review, "once it has gone to the desk"},
      {Role::contributor, false, ArticleStatus::draft, "other people's stories"},
      {Role::writer, true, ArticleStatus::draft, nullptr},
      {Role::writer, true, ArticleStatus::review, nullptr},
      {Role::writer, true, ArticleStatus::published, "once it has gone to the desk"},
      {Role::writer, false, ArticleStatus::draft, "other people's stories"},
      {Role::editor, false, ArticleStatus::published, nullptr},
      {Role::admin, false, ArticleStatus::archived, nullptr},
  };
  for (const auto& c : cases) {
    std::string trace = to_string(c.role);
    trace += ' ';
    trace += to_string(c.status);
    SCOPED_TRACE(trace);
    auto me = user_with(c.role);
    auto refusal = refuse_delete(me, story_by(c.own ? me.id : 99, c.status));
    if (c.refusal) {
      ASSERT_TRUE(refusal);
      EXPECT_NE(refusal->find(c.refusal), std::string::npos) << *refusal;
    } else {
      EXPECT_FALSE(refusal) << *refusal;
    }
  }
}

}  // namespace
}  // namespace marquee::newsroom
