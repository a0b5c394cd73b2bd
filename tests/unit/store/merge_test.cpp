// Cleaning up the knowledge graph: merging a duplicate entity into the one that stays (links
// with their counts and editors' decisions, quotes, relations, names, details) and deleting one.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Merge : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    keep = make_entity("Kristen Stewart", "kristen-stewart");
    keep.aliases = {"K-Stew"};
    keep = store->graph().save_entity(keep);
    dup = make_entity("Kristen J. Stewart", "kristen-j-stewart");
    dup.aliases = {"K-Stew", "Stewart"};
    dup.description = "American actress.";
    dup.start_date = "1990-04-09";
    dup = store->graph().save_entity(dup);
    film = make_entity("The Runaways", "the-runaways", EntityKind::film);
    joan = make_entity("Joan Jett", "joan-jett");
    story_a = publish("a", 1000).id;
    story_b = publish("b", 2000).id;
  }

  static ArticleEntity link(Id entity, int mentions, double salience, double confidence,
                            int offset) {
    ArticleEntity l;
    l.entity_id = entity;
    l.mentions = mentions;
    l.salience = salience;
    l.confidence = confidence;
    l.first_offset = offset;
    return l;
  }

  static std::optional<ArticleEntity> find_link(const std::vector<ArticleEntity>& links,
                                                Id entity) {
    for (const auto& l : links) {
      if (l.entity_id == entity) return l;
    }
    return std::nullopt;
  }

  Relation relation(Id subject, const std::string& predicate, Id object,
                    std::map<std::string, std::string> qualifiers = {}) {
    return store->graph().save_relation({0, subject, predicate, object, std::move(qualifiers)});
  }

  Entity keep, dup, film, joan;
  Id story_a = 0, story_b = 0;
};

TEST_F(Merge, LinksMoveAndSharedOnesCombine) {
  store->links().replace(story_a, {link(keep.id, 2, 0.4, 0.9, 50), link(dup.id, 3, 0.7, 0.6, 10)},
                         {});
  store->links().replace(story_b, {link(dup.id, 1, 0.2, 0.5, 80)}, {});
  store->graph().merge(keep.id, dup.id);

  auto a = store->links().of_story(story_a);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].entity_id, keep.id);
  EXPECT_EQ(a[0].mentions, 5);           // counts added
  EXPECT_DOUBLE_EQ(a[0].salience, 0.7);  // the higher of each score
  EXPECT_DOUBLE_EQ(a[0].confidence, 0.9);
  EXPECT_EQ(a[0].first_offset, 10);  // the earlier mention
  EXPECT_EQ(a[0].source, LinkSource::automatic);
  EXPECT_EQ(a[0].state, LinkState::suggested);

  auto b = store->links().of_story(story_b);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].entity_id, keep.id);
  EXPECT_EQ(b[0].mentions, 1);
  EXPECT_EQ(b[0].first_offset, 80);

  ArticleQuery topic;
  topic.entity_id = keep.id;
  EXPECT_EQ(store->articles().count(topic), 2);
  EXPECT_FALSE(store->graph().entity(dup.id));
}

TEST_F(Merge, EditorsDecisionsSurviveTheMerge) {
  struct Case {
    const char* name;
    std::optional<LinkState> keep_decision;  // nullopt: left as the linker's suggestion
    std::optional<LinkState> dup_decision;
    LinkSource want_source;
    LinkState want_state;
  };
  const Case cases[] = {
      {"neither decided", std::nullopt, std::nullopt, LinkSource::automatic, LinkState::suggested},
      {"kept one confirmed", LinkState::confirmed, std::nullopt, LinkSource::automatic,
       LinkState::confirmed},
      {"merged one confirmed", std::nullopt, LinkState::confirmed, LinkSource::automatic,
       LinkState::confirmed},
      {"merged one rejected", std::nullopt, LinkState::rejected, LinkSource::automatic,
       LinkState::rejected},
      {"confirmed beats rejected", LinkState::rejected, LinkState::confirmed, LinkSource::automatic,
       LinkState::confirmed},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Entity k = make_entity("Keep " + std::string(c.name), "keep-" + std::to_string(&c - cases));
    Entity d = make_entity("Dup " + std::string(c.name), "dup-" + std::to_string(&c - cases));
    store->links().replace(story_a, {link(k.id, 1, 0.5, 0.5, 5), link(d.id, 1, 0.5, 0.5, 5)}, {});
    if (c.keep_decision) store->links().decide(story_a, k.id, *c.keep_decision);
    if (c.dup_decision) store->links().decide(story_a, d.id, *c.dup_decision);
    store->graph().merge(k.id, d.id);
    auto got = find_link(store->links().of_story(story_a), k.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->source, c.want_source);
    EXPECT_EQ(got->state, c.want_state);
    EXPECT_FALSE(find_link(store->links().of_story(story_a), d.id));
  }
  // A link an editor added by hand keeps its editor source through a merge.
  Entity k = make_entity("Hand kept", "hand-kept");
  Entity d = make_entity("Hand dup", "hand-dup");
  store->links().decide(story_b, d.id, LinkState::confirmed);
  store->links().replace(story_b, {link(k.id, 2, 0.3, 0.4, 7)}, {});
  store->graph().merge(k.id, d.id);
  auto got = find_link(store->links().of_story(story_b), k.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->source, LinkSource::editor);
  EXPECT_EQ(got->state, LinkState::confirmed);
  EXPECT_EQ(got->mentions, 2);
  EXPECT_EQ(got->first_offset, 7);  // the hand-made link had no offset
}

TEST_F(Merge, QuotesChangeSpeaker) {
  Quote by_dup;
  by_dup.speaker_id = dup.id;
  by_dup.text = "It was loud.";
  Quote by_joan;
  by_joan.speaker_id = joan.id;
  by_joan.text = "It was louder.";
  by_joan.position = 20;
  store->links().replace(story_a, {}, {by_dup, by_joan});
  store->graph().merge(keep.id, dup.id);
  auto quotes = store->links().quotes_of_story(story_a);
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].speaker_id, keep.id);
  EXPECT_EQ(quotes[1].speaker_id, joan.id);
  EXPECT_EQ(store->links().quotes_by(keep.id, 10).size(), 1u);
}

TEST_F(Merge, RelationsMoveWithoutDuplicatesOrSelfRelations) {
  relation(keep.id, "acted_in", film.id, {{"character", "Joan Jett"}});
  relation(dup.id, "acted_in", film.id, {{"character", "Joan Jett"}});  // would repeat
  relation(dup.id, "acted_in", film.id, {{"character", "Cherie"}});     // differs: moves
  relation(joan.id, "met", dup.id);                                     // object side moves
  relation(dup.id, "same_as", keep.id);                                 // would be a self-relation
  relation(keep.id, "same_as", dup.id);                                 // likewise
  relation(dup.id, "knows", dup.id);                                    // already one
  store->graph().merge(keep.id, dup.id);

  auto all = store->graph().relations();
  ASSERT_EQ(all.size(), 3u);
  for (const Relation& r : all) {
    EXPECT_NE(r.subject_id, dup.id);
    EXPECT_NE(r.object_id, dup.id);
    EXPECT_NE(r.subject_id, r.object_id);
  }
  auto has = [&](Id s, const std::string& p, Id o, const std::string& character) {
    return std::any_of(all.begin(), all.end(), [&](const Relation& r) {
      auto found = r.qualifiers.find("character");
      std::string c = found == r.qualifiers.end() ? "" : found->second;
      return r.subject_id == s && r.predicate == p && r.object_id == o && c == character;
    });
  };
  EXPECT_TRUE(has(keep.id, "acted_in", film.id, "Joan Jett"));
  EXPECT_TRUE(has(keep.id, "acted_in", film.id, "Cherie"));
  EXPECT_TRUE(has(joan.id, "met", keep.id, ""));
}

TEST_F(Merge, NamesBecomeAliasesAndEmptyDetailsAreFilled) {
  keep.description = "Actor.";
  keep = store->graph().save_entity(keep);
  store->graph().merge(keep.id, dup.id);
  reopen();
  auto got = store->graph().entity(keep.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Kristen Stewart");
  EXPECT_EQ(got->slug, "kristen-stewart");
  // keep's own first, then merged's name, then its aliases not already there.
  EXPECT_EQ(got->aliases, (std::vector<std::string>{"K-Stew", "Kristen J. Stewart", "Stewart"}));
  EXPECT_EQ(got->description, "Actor.");     // kept: it had one
  EXPECT_EQ(got->start_date, "1990-04-09");  // filled: it had none
  EXPECT_EQ(got->end_date, "");
  EXPECT_FALSE(store->graph().entity_by_slug("kristen-j-stewart"));
  EXPECT_EQ(store->graph().entities().size(), 3u);
}

TEST_F(Merge, MergedNameEqualToKeptNameIsNotAnAlias) {
  Entity twin = make_entity("Kristen Stewart", "kristen-stewart-2");
  store->graph().merge(keep.id, twin.id);
  EXPECT_EQ(store->graph().entity(keep.id)->aliases, std::vector<std::string>{"K-Stew"});
}

TEST_F(Merge, BadMergesChangeNothing) {
  store->links().replace(story_a, {link(dup.id, 1, 0.5, 0.5, 1)}, {});
  struct Case {
    const char* name;
    Id keep;
    Id merged;
  };
  const Case cases[] = {
      {"into itself", keep.id, keep.id},
      {"unknown kept", 9999, dup.id},
      {"unknown merged", keep.id, 9999},
      {"zero", 0, dup.id},
  };
  for (const Case& c : cases) {
    EXPECT_THROW(store->graph().merge(c.keep, c.merged), ConstraintError) << c.name;
  }
  EXPECT_TRUE(store->graph().entity(dup.id));
  EXPECT_EQ(store->links().of_story(story_a).at(0).entity_id, dup.id);
}

TEST_F(Merge, DeleteTakesRelationsLinksAndSpeakerWithIt) {
  relation(dup.id, "acted_in", film.id);
  relation(joan.id, "met", dup.id);
  relation(keep.id, "acted_in", film.id);
  Quote q;
  q.speaker_id = dup.id;
  q.text = "Hello.";
  store->links().replace(story_a, {link(dup.id, 1, 0.5, 0.5, 1), link(film.id, 1, 0.5, 0.5, 2)},
                         {q});
  store->graph().delete_entity(dup.id);
  EXPECT_FALSE(store->graph().entity(dup.id));
  EXPECT_EQ(store->graph().relations().size(), 1u);
  auto links = store->links().of_story(story_a);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].entity_id, film.id);
  auto quotes = store->links().quotes_of_story(story_a);
  ASSERT_EQ(quotes.size(), 1u);  // the quote stays, without a speaker
  EXPECT_FALSE(quotes[0].speaker_id);
  std::size_t aliases = 0;
  for (const auto& e : store->graph().entities()) aliases += e.aliases.size();
  EXPECT_EQ(aliases, 1u);                                 // keep's "K-Stew"; dup's two went with it
  EXPECT_NO_THROW(store->graph().delete_entity(dup.id));  // already gone: nothing to do
  EXPECT_NO_THROW(store->graph().delete_entity(0));
}

}  // namespace
}  // namespace marquee::testing
