// The review queue over a real store: a full discovery run (two workers, keyset pages) and its
// re-run after decisions, the per-save refresh, and each decision with its refusals.
#include "review/review.h"

#include <gtest/gtest.h>

#include "unit/store/store_fixture.h"

namespace marquee::testing {
namespace {

// Three stories that name Mara Quinlan in full with evidence, two that name Dev Orsay; one
// states a relation.
const char* const kBodies[] = {
    "Director Lio Brandt cast Mara Quinlan in the film *Dust Season*. \"It is a quiet film,\" "
    "Mara Quinlan said. Producer Dev Orsay said the shoot starts soon.",
    "Mara Quinlan plays Ada Brook in *Dust Season*. \"We shot in the desert,\" said Mara "
    "Quinlan. Quinlan laughed.",
    "\"I never wanted to leave,\" Mara Quinlan said of the set. Dev Orsay, the producer, agreed.",
};

class Review : public StoreTest {
 protected:
  Article story(int n, const char* body) {
    Article a = draft("story-" + std::to_string(n), "Story " + std::to_string(n));
    a.body = body;
    a.status = ArticleStatus::published;
    a.publish_at = at(1700000000 + n);
    return store->articles().save(a, 0);
  }
  void archive() {
    int n = 0;
    for (const char* body : kBodies) ids.push_back(story(++n, body).id);
  }
  GraphSnapshot graph() {
    return KnowledgeGraph::compile(store->graph().entities(), store->graph().relations());
  }
  std::optional<EntityProposal> find(const std::string& name) {
    return store->review().proposal_by_key(review::proposal_key(name));
  }
  std::vector<Id> ids;
};

TEST_F(Review, DiscoveryOverTheArchiveFillsTheQueueAndKeepsDismissals) {
  archive();
  review::ArchiveOptions options;
  options.page_size = 1;  // every story is its own page: the workers take turns
  options.threads = 2;
  auto run = review::discover_archive(*store, graph(), options);
  EXPECT_EQ(run.stories, 3u);
  auto mara = find("Mara Quinlan");
  ASSERT_TRUE(mara);
  EXPECT_EQ(mara->status, ProposalStatus::pending);
  EXPECT_EQ(mara->kind, EntityKind::person);
  EXPECT_EQ(mara->story_count, 3);
  EXPECT_EQ(mara->stories.size(), 3u);
  auto dev = find("Dev Orsay");
  ASSERT_TRUE(dev);
  EXPECT_EQ(run.counts.added, static_cast<int>(run.pending.size()));

  review::dismiss_proposal(*store, dev->id, 0);
  auto again = review::discover_archive(*store, graph(), options);
  EXPECT_EQ(again.counts.decided, 1);
  EXPECT_EQ(find("Dev Orsay")->status, ProposalStatus::dismissed);
  for (const auto& d : again.pending) EXPECT_NE(d.entity.name, "Dev Orsay");
  EXPECT_TRUE(write_discovered_jsonl(again.pending).find("Mara Quinlan") != std::string::npos);
  EXPECT_EQ(write_discovered_jsonl(again.pending).find("Dev Orsay"), std::string::npos);
}

TEST_F(Review, EachSaveCountsItsStoryOnceAndProposesPastTheThreshold) {
  Article first = story(1, kBodies[0]);
  review::refresh_story(*store, graph(), first);
  auto mara = find("Mara Quinlan");
  ASSERT_TRUE(mara);
  EXPECT_EQ(mara->status, ProposalStatus::candidate);  // one story is not enough
  review::refresh_story(*store, graph(), first);       // saved again: not counted twice
  EXPECT_EQ(find("Mara Quinlan")->story_count, 1);
  const double one_story = find("Mara Quinlan")->confidence;

  Article second = story(2, kBodies[1]);
  review::refresh_story(*store, graph(), second);
  mara = find("Mara Quinlan");
  EXPECT_EQ(mara->status, ProposalStatus::pending);
  EXPECT_EQ(mara->story_count, 2);
  EXPECT_EQ(mara->stories, (std::vector<Id>{first.id, second.id}));
  EXPECT_GT(mara->confidence, one_story);

  // A dismissed name is not counted on.
  review::dismiss_proposal(*store, mara->id, 0);
  review::refresh_story(*store, graph(), story(3, kBodies[2]));
  EXPECT_EQ(find("Mara Quinlan")->story_count, 2);

  // Drafts teach nothing.
  Article draft_story = draft("unpublished");
  draft_story.body = "\"Hello,\" Nadia Ferreira-Holt said. Nadia Ferreira-Holt waved.";
  draft_story = store->articles().save(draft_story, 0);
  review::refresh_story(*store, graph(), draft_story);
  EXPECT_FALSE(find("Nadia Ferreira-Holt"));
}

TEST_F(Review, ASaveFindsItsStorysSuggestionsAgain) {
  Article s = story(2, kBodies[1]);
  review::refresh_story(*store, graph(), s);
  auto pending = store->review().suggestions(SuggestionStatus::pending, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].subject.name, "Mara Quinlan");
  EXPECT_EQ(pending[0].predicate, "acted_in");
  EXPECT_EQ(pending[0].object.name, "Dust Season");
  EXPECT_EQ(pending[0].qualifiers.at("character"), "Ada Brook");
  EXPECT_EQ(pending[0].article_id, s.id);
  EXPECT_NE(pending[0].sentence.find("plays Ada Brook"), std::string::npos);
  // The story no longer says it: its pending suggestion goes.
  s.body = "Mara Quinlan is busy.";
  s = store->articles().save(s, 0);
  review::refresh_story(*store, graph(), s);
  EXPECT_EQ(store->review().count_suggestions(SuggestionStatus::pending), 0);
}

TEST_F(Review, AcceptMakesTheEntityOnceWithAFreeSlug) {
  archive();
  review::discover_archive(*store, graph());
  auto mara = find("Mara Quinlan");
  ASSERT_TRUE(mara);
  make_entity("Mara Quinlan the elder", mara->slug, EntityKind::film);  // the slug is taken since
  User editor = make_user("Eda Editor", "eda@example.com");
  auto decision = review::accept_proposal(*store, mara->id, editor.id);
  ASSERT_TRUE(decision.entity);
  EXPECT_EQ(decision.entity->name, "Mara Quinlan");
  EXPECT_EQ(decision.entity->kind, EntityKind::person);
  EXPECT_EQ(decision.entity->slug, mara->slug + "-person");
  EXPECT_EQ(decision.stories, mara->stories);
  auto stored = store->review().proposal(mara->id);
  EXPECT_EQ(stored->status, ProposalStatus::accepted);
  EXPECT_EQ(stored->entity_id, decision.entity->id);
  EXPECT_EQ(stored->decided_by, editor.id);
  try {
    review::accept_proposal(*store, mara->id, editor.id);
    ADD_FAILURE() << "accepted twice";
  } catch (const review::Refusal& r) {
    EXPECT_EQ(r.why(), review::Refusal::Why::decided);
  }
  try {
    review::dismiss_proposal(*store, 999999, editor.id);
    ADD_FAILURE() << "dismissed a proposal that does not exist";
  } catch (const review::Refusal& r) {
    EXPECT_EQ(r.why(), review::Refusal::Why::missing);
  }
  // A refused accept writes nothing: no second entity.
  auto dev = find("Dev Orsay");
  ASSERT_TRUE(dev);
  EXPECT_THROW(review::accept_proposal(*store, dev->id, editor.id, std::nullopt, "Bad Slug"),
               review::Refusal);
  EXPECT_THROW(
      review::accept_proposal(*store, dev->id, editor.id, std::nullopt, decision.entity->slug),
      review::Refusal);
  EXPECT_EQ(store->graph().entities().size(), 2u);
  EXPECT_EQ(store->review().proposal(dev->id)->status, ProposalStatus::pending);
  auto band = review::accept_proposal(*store, dev->id, editor.id, EntityKind::band, "dev-orsay");
  EXPECT_EQ(band.entity->kind, EntityKind::band);
  EXPECT_EQ(band.entity->slug, "dev-orsay");
}

TEST_F(Review, MergeAddsTheNameAsAnAlias) {
  archive();
  review::discover_archive(*store, graph());
  Entity kept = make_entity("Mara Q. Quinlan", "mara-q-quinlan");
  auto mara = find("Mara Quinlan");
  auto decision = review::merge_proposal(*store, mara->id, kept.id, 0);
  EXPECT_EQ(store->graph().entity(kept.id)->aliases, std::vector<std::string>{"Mara Quinlan"});
  EXPECT_EQ(decision.entity->id, kept.id);
  EXPECT_EQ(store->review().proposal(mara->id)->status, ProposalStatus::merged);
  EXPECT_EQ(store->review().proposal(mara->id)->entity_id, kept.id);
  // Found again by a later run, it is known to the graph now: not proposed.
  auto again = review::discover_archive(*store, graph());
  for (const auto& d : again.pending) EXPECT_NE(d.entity.name, "Mara Quinlan");
  auto dev = find("Dev Orsay");
  EXPECT_THROW(review::merge_proposal(*store, dev->id, 424242, 0), review::Refusal);
  EXPECT_EQ(store->review().proposal(dev->id)->status, ProposalStatus::pending);
}

TEST_F(Review, ConfirmMakesTheRelationAndTheEndsTheGraphLacks) {
  Entity mara = make_entity("Mara Quinlan", "mara-quinlan");
  Article s = story(2, kBodies[1]);
  review::refresh_story(*store, graph(), s);
  auto pending = store->review().suggestions(SuggestionStatus::pending, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].subject.entity_id, mara.id);
  auto decision = review::confirm_suggestion(*store, pending[0].id, 0);
  ASSERT_TRUE(decision.relation);
  EXPECT_EQ(decision.relation->subject_id, mara.id);
  EXPECT_EQ(decision.relation->predicate, "acted_in");
  EXPECT_EQ(decision.relation->qualifiers.at("character"), "Ada Brook");
  auto film = store->graph().entity(decision.relation->object_id);
  ASSERT_TRUE(film);
  EXPECT_EQ(film->name, "Dust Season");
  EXPECT_EQ(film->kind, EntityKind::film);
  EXPECT_EQ(store->graph().relations_of(mara.id).size(), 1u);
  EXPECT_EQ(store->review().suggestion(pending[0].id)->relation_id, decision.relation->id);
  EXPECT_THROW(review::confirm_suggestion(*store, pending[0].id, 0), review::Refusal);
  EXPECT_THROW(review::dismiss_suggestion(*store, pending[0].id, 0), review::Refusal);
}

TEST_F(Review, AnEndWithNoKindIsRefusedAndNothingIsWritten) {
  StoredSuggestion r;
  r.article_id = story(1, "Nothing to see.").id;
  r.subject = {"Mara Quinlan", std::nullopt, EntityKind::person};
  r.predicate = "member_of";
  r.object = {"Static Bloom", std::nullopt, std::nullopt};
  r.sentence = "Mara Quinlan joined Static Bloom.";
  r.confidence = 0.7;
  Id id = store->review().add_suggestion(r).first;
  try {
    review::confirm_suggestion(*store, id, 0);
    ADD_FAILURE() << "confirmed with an unknown end";
  } catch (const review::Refusal& refusal) {
    EXPECT_EQ(refusal.why(), review::Refusal::Why::invalid);
    EXPECT_NE(std::string(refusal.what()).find("Static Bloom"), std::string::npos);
  }
  EXPECT_TRUE(store->graph().entities().empty());  // the subject made on the way is rolled back
  EXPECT_EQ(store->review().suggestion(id)->status, SuggestionStatus::pending);
  review::dismiss_suggestion(*store, id, 0);
  EXPECT_EQ(store->review().suggestion(id)->status, SuggestionStatus::dismissed);
}

}  // namespace
}  // namespace marquee::testing
