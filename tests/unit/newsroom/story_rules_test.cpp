// The story rules against the table of cases in tests/data/rules/story_rules.json (the same table
// the API and newsroom-form integration tests read): every role, every status move, every field.
#include "newsroom/story_rules.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace marquee::newsroom {
namespace {

using nlohmann::json;
using std::chrono::hours;

constexpr Id kMe = 10;
constexpr Id kOther = 20;

json table() {
  std::ifstream in(std::string(MARQUEE_TEST_DATA) + "/rules/story_rules.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

Time now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Role role_named(const std::string& name) {
  auto role = parse_role(name);
  EXPECT_TRUE(role) << name;
  return role.value_or(Role::contributor);
}

ArticleStatus status_named(const std::string& name) {
  auto status = parse_article_status(name);
  EXPECT_TRUE(status) << name;
  return status.value_or(ArticleStatus::draft);
}

Article a_story(Id author) {
  Article a;
  a.headline = "Stewart and Fanning cast in The Runaways";
  a.slug = "stewart-and-fanning-cast";
  a.section = "movies";
  a.author_ids = {author};
  return a;
}

// "own draft", "other scheduled": a stored story in that state, with the times such a story has.
Article stored_story(const std::string& key, Time at) {
  auto space = key.find(' ');
  Article a = a_story(key.substr(0, space) == "own" ? kMe : kOther);
  a.id = 1;
  a.version = 3;
  a.status = status_named(key.substr(space + 1));
  if (a.status == ArticleStatus::scheduled) a.publish_at = at + hours(48);
  if (a.status == ArticleStatus::published || a.status == ArticleStatus::archived) {
    a.publish_at = at - hours(24);
  }
  return a;
}

std::string outcome(const std::vector<Refusal>& refusals) {
  return refusals.empty() ? "ok" : refusals.front().rule;
}

TEST(StoryRules, EveryRoleAndEveryStatusMoveFollowTheTable) {
  const json rules = table();
  const Time at = now();
  int cases = 0;
  for (const auto& [role_name, stories] : rules["transitions"].items()) {
    if (role_name == "about") continue;
    const Actor who{kMe, role_named(role_name)};
    for (const auto& [story_key, targets] : stories.items()) {
      std::optional<Article> before;
      if (story_key != "new") before = stored_story(story_key, at);
      for (const auto& [target, expected] : targets.items()) {
        Article after = before ? *before : a_story(kMe);
        after.status = status_named(target);
        if (after.status == ArticleStatus::scheduled) after.publish_at = at + hours(24);
        if (after.status == ArticleStatus::published &&
            (!before || before->status != ArticleStatus::published)) {
          after.publish_at = at;  // "publish now"
        }
        SCOPED_TRACE(role_name + ", " + story_key + " -> " + target);
        ChangeContext context{at, std::nullopt, false};
        auto refusals = check_change(who, before, after, context);
        EXPECT_EQ(outcome(refusals), expected.get<std::string>());
        if (!refusals.empty()) {
          EXPECT_EQ(to_string(refusals.front().kind),
                    rules["kinds"][refusals.front().rule].get<std::string>());
          EXPECT_FALSE(refusals.front().reason.empty());
        }
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 4 * 5 * 6 + 2 * 5 * 2);  // every role, story and target in the table
}

TEST(StoryRules, EveryRoleAndEveryFieldFollowTheTable) {
  const json rules = table();
  const json& fields = rules["fields"];
  const Time at = now();
  int cases = 0;
  for (const auto& [role_name, expectations] : fields.items()) {
    if (role_name == "about" || role_name == "changes") continue;
    const Actor who{kMe, role_named(role_name)};
    for (const auto& [change_name, expected] : expectations.items()) {
      const json& change = fields["changes"][change_name];
      Article before = stored_story("own draft", at);
      if (change_name == "drop_own_byline") before.author_ids = {kMe, kOther};
      Article after = before;
      ChangeContext context{at, std::nullopt, false};
      for (const auto& [name, value] : change.items()) {
        if (name == "featured") after.featured = value.get<bool>();
        if (name == "exclusive") after.exclusive = value.get<bool>();
        if (name == "status") after.status = status_named(value.get<std::string>());
        if (name == "slug") after.slug = value.get<std::string>();
        if (name == "headline") {
          after.headline = value == "" ? "" : std::string(kMaxHeadline + 1, 'x');
        }
        if (name == "publish_at") after.publish_at = at + hours(value == "+1d" ? 24 : -24);
        if (name == "authors") {
          after.author_ids.clear();
          for (const auto& who_name : value)
            after.author_ids.push_back(who_name == "me" ? kMe : kOther);
        }
        if (name == "lead_media") {
          Media photo;
          photo.id = 5;
          photo.kind = MediaKind::image;
          photo.alt = value == "with alt" ? "Kristen Stewart on set" : "";
          after.lead_media_id = photo.id;
          context.lead_photo = photo;
        }
      }
      if (after.status == ArticleStatus::published && !after.publish_at) after.publish_at = at;
      SCOPED_TRACE(role_name + ": " + change_name);
      auto refusals = check_change(who, before, after, context);
      EXPECT_EQ(outcome(refusals), expected.get<std::string>());
      if (!refusals.empty()) {
        EXPECT_EQ(to_string(refusals.front().kind),
                  rules["kinds"][refusals.front().rule].get<std::string>());
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, 4 * static_cast<int>(fields["changes"].size()));
}

TEST(StoryRules, AnImportIsNotHeldToThePublishingChecks) {
  const Time at = now();
  Article story = a_story(kOther);
  story.status = ArticleStatus::published;
  story.publish_at = at - hours(24 * 365 * 10);
  story.headline = std::string(kMaxHeadline + 20, 'x');
  Media photo;
  photo.id = 5;
  photo.kind = MediaKind::image;
  story.lead_media_id = photo.id;
  ChangeContext imported{at, photo, true};
  EXPECT_TRUE(check_change(Actor::system(), std::nullopt, story, imported).empty());
  Article overdue = story;  // a post scheduled for a day now past: the scheduler publishes it
  overdue.status = ArticleStatus::scheduled;
  EXPECT_TRUE(check_change(Actor::system(), std::nullopt, overdue, imported).empty());
  EXPECT_EQ(check_change(Actor::system(), std::nullopt, overdue, {at, photo, false}).at(1).rule,
            "schedule_time");
  ChangeContext by_hand{at, photo, false};
  auto refusals = check_change(Actor::system(), std::nullopt, story, by_hand);
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].rule, "headline_length");
  EXPECT_EQ(refusals[1].rule, "lead_photo_alt");
  EXPECT_EQ(refusals[1].field, "lead_media");
}

TEST(StoryRules, AForbiddenChangeIsReportedAloneAndFieldProblemsTogether) {
  const Time at = now();
  Article before = stored_story("own draft", at);
  Article after = before;
  after.featured = true;
  after.headline.clear();
  auto refusals = check_change({kMe, Role::writer}, before, after, {at, std::nullopt, false});
  ASSERT_EQ(refusals.size(), 1u);  // who may do what first; the empty headline waits
  EXPECT_EQ(refusals[0].rule, "set_flag");
  after.featured = false;
  after.slug = "Not A Slug";
  after.section.clear();
  refusals = check_change({kMe, Role::writer}, before, after, {at, std::nullopt, false});
  ASSERT_EQ(refusals.size(), 3u);
  EXPECT_EQ(refusals[0].field, "headline");
  EXPECT_EQ(refusals[1].field, "slug");
  EXPECT_EQ(refusals[2].field, "section");
}

TEST(StoryRules, RefusedCarriesEveryRefusalAndTheFirstReason) {
  Refused refused({{Refusal::Kind::invalid, "headline", "headline", "A story needs a headline."},
                   {Refusal::Kind::invalid, "slug", "slug", "Bad slug."}});
  EXPECT_STREQ(refused.what(), "A story needs a headline.");
  EXPECT_EQ(refused.kind(), Refusal::Kind::invalid);
  EXPECT_EQ(refused.refusals().size(), 2u);
  EXPECT_EQ(Refused(std::vector<Refusal>{}).refusals().size(), 1u);
}

}  // namespace
}  // namespace marquee::newsroom
