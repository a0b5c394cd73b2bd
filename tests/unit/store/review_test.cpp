// The review queue: entity proposals (a full run replaces what is pending and leaves decisions
// alone), relation suggestions (one row per relation, decided once), and the keyset pages of
// story text the archive passes read.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Review : public StoreTest {
 protected:
  inline static const std::string kPlays = " plays ", kIn = " in ", kStop = ".";
  EntityProposal proposal(const std::string& name, const std::string& key, std::vector<Id> stories,
                          double confidence = 0.8) {
    EntityProposal p;
    p.name = name;
    p.key = key;
    p.slug = key;
    p.kind = EntityKind::person;
    p.confidence = confidence;
    p.story_count = static_cast<int>(stories.size());
    p.stories = std::move(stories);
    p.evidence = {2, 1, 0, 0, 0};
    return p;
  }
  StoredSuggestion suggestion(Id story, const std::string& subject, const std::string& object,
                              const std::string& character = "") {
    StoredSuggestion r;
    r.article_id = story;
    r.subject = {subject, std::nullopt, EntityKind::person};
    r.predicate = "acted_in";
    r.object = {object, std::nullopt, EntityKind::film};
    if (!character.empty()) r.qualifiers["character"] = character;
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on one long concatenation.
    for (const std::string* piece : {&subject, &kPlays, &character, &kIn, &object, &kStop})
      r.sentence += *piece;
    r.confidence = 0.9;
    return r;
  }
};

TEST_F(Review, ProposalsRoundTripWithTheirStoriesInOrder) {
  Id a = publish("a", 100).id, b = publish("b", 200).id;
  EntityProposal saved =
      store->review().save_proposal(proposal("Mara Quinlan", "mara-quinlan", {b, a, b}));
  EXPECT_GT(saved.id, 0);
  reopen();
  for (const auto& got :
       {store->review().proposal(saved.id), store->review().proposal_by_key("mara-quinlan")}) {
    ASSERT_TRUE(got);
    EXPECT_EQ(got->name, "Mara Quinlan");
    EXPECT_EQ(got->kind, EntityKind::person);
    EXPECT_EQ(got->stories, (std::vector<Id>{b, a}));  // a repeat is kept once
    EXPECT_EQ(got->story_count, 3);
    EXPECT_EQ(got->evidence.quoted, 2);
    EXPECT_EQ(got->evidence.with_role, 1);
    EXPECT_DOUBLE_EQ(got->confidence, 0.8);
    EXPECT_EQ(got->status, ProposalStatus::pending);
    EXPECT_FALSE(got->decided_at);
  }
  EXPECT_FALSE(store->review().proposal(saved.id + 10));
  EntityProposal clash = proposal("MARA QUINLAN", "mara-quinlan", {a});
  EXPECT_THROW(store->review().save_proposal(clash), ConstraintError);
}

TEST_F(Review, AFullRunReplacesWhatIsPendingAndKeepsDecisions) {
  Id a = publish("a", 100).id, b = publish("b", 200).id, c = publish("c", 300).id;
  auto first = store->review().replace_proposals({proposal("Mara Quinlan", "mara-quinlan", {a, b}),
                                                  proposal("Dev Orsay", "dev-orsay", {a, c}),
                                                  proposal("Lio Brandt", "lio-brandt", {b, c})});
  EXPECT_EQ(first.added, 3);
  auto dev = store->review().proposal_by_key("dev-orsay");
  auto lio = store->review().proposal_by_key("lio-brandt");
  ASSERT_TRUE(dev && lio);
  User editor = make_user("Eda Editor", "eda@example.com");
  EXPECT_TRUE(store->review().decide_proposal(dev->id, ProposalStatus::dismissed, std::nullopt,
                                              editor.id, at(5000)));
  // Decided once: a second decision (another editor a moment later) changes nothing.
  EXPECT_FALSE(store->review().decide_proposal(dev->id, ProposalStatus::accepted, std::nullopt,
                                               editor.id, at(5001)));

  auto second =
      store->review().replace_proposals({proposal("Mara Quinlan", "mara-quinlan", {a, b, c}, 0.9),
                                         proposal("Dev Orsay", "dev-orsay", {a, b, c}, 0.95),
                                         proposal("Nia Vale", "nia-vale", {b, c})});
  EXPECT_EQ(second.added, 1);
  EXPECT_EQ(second.updated, 1);
  EXPECT_EQ(second.decided, 1);
  EXPECT_EQ(second.removed, 1);  // Lio Brandt is no longer proposed
  EXPECT_FALSE(store->review().proposal_by_key("lio-brandt"));
  auto mara = store->review().proposal_by_key("mara-quinlan");
  EXPECT_EQ(mara->stories.size(), 3u);
  EXPECT_DOUBLE_EQ(mara->confidence, 0.9);
  dev = store->review().proposal_by_key("dev-orsay");
  EXPECT_EQ(dev->status, ProposalStatus::dismissed);
  EXPECT_EQ(dev->stories.size(), 2u);  // as the editor saw it
  EXPECT_EQ(dev->decided_by, editor.id);
  EXPECT_EQ(dev->decided_at, at(5000));

  auto pending = store->review().proposals(ProposalStatus::pending, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].name, "Mara Quinlan");  // most confident first
  EXPECT_EQ(store->review().count_proposals(ProposalStatus::pending), 2);
  EXPECT_EQ(store->review().count_proposals(ProposalStatus::dismissed), 1);
  EXPECT_EQ(store->review().proposals(ProposalStatus::pending, 1, 1).at(0).name, "Nia Vale");
}

TEST_F(Review, AnAcceptedProposalPointsAtItsEntityUntilTheEntityGoes) {
  Id a = publish("a", 100).id;
  auto p = store->review().save_proposal(proposal("Mara Quinlan", "mara-quinlan", {a}));
  Entity mara = make_entity("Mara Quinlan", "mara-quinlan");
  EXPECT_THROW(
      store->review().decide_proposal(p.id, ProposalStatus::pending, std::nullopt, 0, at(1)),
      ConstraintError);
  EXPECT_TRUE(store->review().decide_proposal(p.id, ProposalStatus::accepted, mara.id, 0, at(10)));
  auto got = store->review().proposal(p.id);
  EXPECT_EQ(got->status, ProposalStatus::accepted);
  EXPECT_EQ(got->entity_id, mara.id);
  EXPECT_FALSE(got->decided_by);  // 0: the system
  store->graph().delete_entity(mara.id);
  EXPECT_FALSE(store->review().proposal(p.id)->entity_id);
  EXPECT_EQ(store->review().proposal(p.id)->status, ProposalStatus::accepted);
}

TEST_F(Review, OneSuggestionPerRelationDecidedOnce) {
  Id a = publish("a", 100).id, b = publish("b", 200).id;
  auto [first, added] =
      store->review().add_suggestion(suggestion(a, "Mara Quinlan", "Dust Season", "Ada"));
  EXPECT_TRUE(added);
  // The same relation stated by another story is the same suggestion.
  auto [again, added_again] =
      store->review().add_suggestion(suggestion(b, "Mara Quinlan", "Dust Season", "Ada"));
  EXPECT_FALSE(added_again);
  EXPECT_EQ(again, first);
  // Another character is another relation.
  auto [other, other_added] =
      store->review().add_suggestion(suggestion(b, "Mara Quinlan", "Dust Season", "Bea"));
  EXPECT_TRUE(other_added);

  reopen();
  auto got = store->review().suggestion(first);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->article_id, a);
  EXPECT_EQ(got->subject.name, "Mara Quinlan");
  EXPECT_EQ(got->subject.kind, EntityKind::person);
  EXPECT_FALSE(got->subject.entity_id);
  EXPECT_EQ(got->object.kind, EntityKind::film);
  EXPECT_EQ(got->predicate, "acted_in");
  EXPECT_EQ(got->qualifiers.at("character"), "Ada");
  EXPECT_EQ(got->sentence, "Mara Quinlan plays Ada in Dust Season.");
  EXPECT_EQ(got->status, SuggestionStatus::pending);

  User editor = make_user("Eda Editor", "eda@example.com");
  EXPECT_TRUE(store->review().decide_suggestion(other, SuggestionStatus::dismissed, std::nullopt,
                                                editor.id, at(900)));
  EXPECT_FALSE(store->review().decide_suggestion(other, SuggestionStatus::confirmed, std::nullopt,
                                                 editor.id, at(901)));
  EXPECT_THROW(store->review().decide_suggestion(first, SuggestionStatus::pending, std::nullopt,
                                                 editor.id, at(902)),
               ConstraintError);
  // A dismissed relation found again stays dismissed.
  EXPECT_FALSE(
      store->review().add_suggestion(suggestion(a, "Mara Quinlan", "Dust Season", "Bea")).second);
  EXPECT_EQ(store->review().suggestion(other)->status, SuggestionStatus::dismissed);

  EXPECT_EQ(store->review().count_suggestions(SuggestionStatus::pending), 1);
  EXPECT_EQ(store->review().suggestions(SuggestionStatus::dismissed, 10).at(0).id, other);
  // Forgetting a story's pending suggestions leaves its decided ones.
  EXPECT_EQ(store->review().forget_pending_suggestions(a), 1);
  EXPECT_EQ(store->review().forget_pending_suggestions(b), 0);
  EXPECT_TRUE(store->review().suggestion(other));
}

TEST_F(Review, AConfirmedSuggestionKeepsItsRelation) {
  Id a = publish("a", 100).id;
  Entity mara = make_entity("Mara Quinlan", "mara-quinlan");
  Entity film = make_entity("Dust Season", "dust-season", EntityKind::film);
  StoredSuggestion r = suggestion(a, "Mara Quinlan", "Dust Season");
  r.subject.entity_id = mara.id;
  r.object.entity_id = film.id;
  r.object.kind.reset();
  Id id = store->review().add_suggestion(r).first;
  Relation made = store->graph().save_relation({0, mara.id, "acted_in", film.id, {}});
  EXPECT_TRUE(
      store->review().decide_suggestion(id, SuggestionStatus::confirmed, made.id, 0, at(50)));
  auto got = store->review().suggestion(id);
  EXPECT_EQ(got->status, SuggestionStatus::confirmed);
  EXPECT_EQ(got->relation_id, made.id);
  EXPECT_EQ(got->subject.entity_id, mara.id);
  EXPECT_FALSE(got->object.kind);
  store->graph().delete_entity(film.id);  // its relations go with it
  got = store->review().suggestion(id);
  EXPECT_FALSE(got->object.entity_id);
  EXPECT_FALSE(got->relation_id);
}

TEST_F(Review, PublishedTextsComeInKeysetPages) {
  std::vector<Id> published;
  for (const char* slug : {"p0", "p1", "p2", "p3", "p4"})
    published.push_back(publish(slug, 100 + static_cast<int>(published.size())).id);
  Article hidden = draft("hidden");
  store->articles().save(hidden, 0);
  std::vector<Id> seen;
  Id after = 0;
  for (;;) {
    auto page = store->articles().published_texts(after, 2);
    for (const auto& row : page) seen.push_back(row.id);
    if (page.size() < 2) break;
    after = page.back().id;
  }
  EXPECT_EQ(seen, published);
  auto one = store->articles().published_texts(0, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].headline, "Story p0");
}

}  // namespace
}  // namespace marquee::testing
