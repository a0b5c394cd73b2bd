// The knowledge graph and enrichment results: entities, relations, links with editors'
// decisions, quotes, and the published-only views built on them.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Graph : public StoreTest {
 protected:
  static ArticleEntity link(Id entity, int mentions, double salience) {
    ArticleEntity l;
    l.entity_id = entity;
    l.mentions = mentions;
    l.salience = salience;
    l.confidence = 0.8;
    l.first_offset = mentions * 10;
    return l;
  }
  static Quote quote(std::optional<Id> speaker, const std::string& text, int position) {
    Quote q;
    q.speaker_id = speaker;
    q.text = text;
    q.position = position;
    q.confidence = 0.9;
    return q;
  }
  const ArticleEntity* find_link(const std::vector<ArticleEntity>& links, Id entity) {
    for (const auto& l : links) {
      if (l.entity_id == entity) return &l;
    }
    return nullptr;
  }
};

TEST_F(Graph, EntitiesRoundTripWithAliasesInOrder) {
  Entity e;
  e.kind = EntityKind::band;
  e.name = "The Runaways";
  e.slug = "the-runaways-band";
  e.aliases = {"Runaways", "the group"};
  e.description = "Los Angeles rock band formed in 1975.";
  e.start_date = "1975";
  e.end_date = "1979";
  e.prior = 0.35;
  Entity saved = store->graph().save_entity(e);
  EXPECT_GT(saved.id, 0);
  reopen();
  for (const auto& got :
       {store->graph().entity(saved.id), store->graph().entity_by_slug("the-runaways-band")}) {
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, saved.id);
    EXPECT_EQ(got->kind, EntityKind::band);
    EXPECT_EQ(got->name, e.name);
    EXPECT_EQ(got->aliases, e.aliases);
    EXPECT_EQ(got->description, e.description);
    EXPECT_EQ(got->start_date, "1975");
    EXPECT_EQ(got->end_date, "1979");
    EXPECT_DOUBLE_EQ(got->prior, 0.35);
  }
  EXPECT_FALSE(store->graph().entity(saved.id + 100));
  EXPECT_FALSE(store->graph().entity_by_slug("nobody"));
}

TEST_F(Graph, PronounsAreKeptAndAMergeFillsThemIn) {
  Entity joan = make_entity("Joan Jett", "joan-jett");
  joan.pronouns = "she";
  store->graph().save_entity(joan);
  EXPECT_EQ(store->graph().entity(joan.id)->pronouns, "she");
  EXPECT_EQ(store->graph().entity_by_slug("joan-jett")->pronouns, "she");
  Entity copy = make_entity("Joan Marie Larkin", "joan-marie-larkin");
  store->graph().merge(copy.id, joan.id);
  EXPECT_EQ(store->graph().entity(copy.id)->pronouns, "she");
  EXPECT_EQ(store->graph().entities().at(0).pronouns, "she");
}

TEST_F(Graph, EveryEntityKindRoundTrips) {
  const EntityKind kinds[] = {EntityKind::person,    EntityKind::film,         EntityKind::show,
                              EntityKind::band,      EntityKind::song,         EntityKind::album,
                              EntityKind::character, EntityKind::organization, EntityKind::event};
  for (EntityKind kind : kinds) {
    std::string slug = std::string("kind-") + to_string(kind);
    Entity saved = make_entity(slug, slug, kind);
    EXPECT_EQ(store->graph().entity(saved.id)->kind, kind) << slug;
  }
}

TEST_F(Graph, EntitiesListByNameAndUpdatesReplaceAliases) {
  Entity b = make_entity("Beta", "beta");
  make_entity("Alpha", "alpha");
  b.aliases = {"B", "Bee"};
  store->graph().save_entity(b);
  b.aliases = {"Bee"};
  b.name = "Gamma";
  store->graph().save_entity(b);
  auto all = store->graph().entities();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Alpha");
  EXPECT_TRUE(all[0].aliases.empty());
  EXPECT_EQ(all[1].name, "Gamma");
  EXPECT_EQ(all[1].aliases, std::vector<std::string>{"Bee"});
}

TEST_F(Graph, EntitySlugMustBeUniqueAndPresent) {
  make_entity("Eclipse", "eclipse");
  EXPECT_THROW(make_entity("Eclipse (film)", "eclipse"), ConstraintError);
  EXPECT_THROW(make_entity("No slug", ""), ConstraintError);
  EXPECT_THROW(make_entity("", "no-name"), ConstraintError);
  EXPECT_EQ(store->graph().entities().size(), 1u);
}

TEST_F(Graph, RelationsAreDedupedByTheirWholeValue) {
  Id stewart = make_entity("Kristen Stewart", "kristen-stewart").id;
  Id film = make_entity("The Runaways", "the-runaways", EntityKind::film).id;
  Id jett = make_entity("Joan Jett", "joan-jett").id;

  Relation acted{0, stewart, "acted_in", film, {{"character", "Joan Jett"}, {"year", "2010"}}};
  Relation first = store->graph().save_relation(acted);
  EXPECT_GT(first.id, 0);
  Relation again = store->graph().save_relation(acted);
  EXPECT_EQ(again.id, first.id);
  // Same triple, other qualifiers: a different fact.
  Relation other = store->graph().save_relation({0, stewart, "acted_in", film, {{"year", "2011"}}});
  EXPECT_NE(other.id, first.id);
  store->graph().save_relation({0, jett, "portrayed_in", film, {}});

  reopen();
  auto all = store->graph().relations();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].qualifiers, acted.qualifiers);
  EXPECT_EQ(all[0].predicate, "acted_in");
  EXPECT_EQ(store->graph().relations_of(film).size(), 3u);
  EXPECT_EQ(store->graph().relations_of(stewart).size(), 2u);
  EXPECT_EQ(store->graph().relations_of(jett).size(), 1u);

  store->graph().delete_relation(other.id);
  store->graph().delete_relation(123456);  // absent: nothing to do
  EXPECT_EQ(store->graph().relations_of(stewart).size(), 1u);
}

TEST_F(Graph, RelationToAMissingEntityIsAConstraintError) {
  Id stewart = make_entity("Kristen Stewart", "kristen-stewart").id;
  EXPECT_THROW(store->graph().save_relation({0, stewart, "acted_in", 999, {}}), ConstraintError);
  EXPECT_THROW(store->graph().save_relation({0, stewart, "", stewart, {}}), ConstraintError);
  EXPECT_TRUE(store->graph().relations().empty());
}

TEST_F(Graph, ReplaceEnrichmentKeepsEditorDecisions) {
  Id story = publish("story", 1000).id;
  Id e1 = make_entity("One", "one").id;
  Id e2 = make_entity("Two", "two").id;
  Id e3 = make_entity("Three", "three").id;
  Id e4 = make_entity("Four", "four").id;
  store->links().replace(story, {link(e1, 1, 0.2), link(e2, 1, 0.2), link(e3, 1, 0.2)},
                         {quote(e1, "First take", 10), quote(e2, "Second take", 5)});
  store->links().decide(story, e1, LinkState::confirmed);
  store->links().decide(story, e2, LinkState::rejected);
  store->links().decide(story, e4, LinkState::confirmed);  // the linker missed it

  store->links().replace(story, {link(e1, 5, 0.9), link(e2, 2, 0.4)}, {quote(e1, "Only take", 3)});

  auto links = store->links().of_story(story);
  ASSERT_EQ(links.size(), 3u);
  // By salience, highest first.
  EXPECT_EQ(links[0].entity_id, e1);
  EXPECT_EQ(links[1].entity_id, e2);
  EXPECT_EQ(links[2].entity_id, e4);

  const ArticleEntity* one = find_link(links, e1);
  EXPECT_EQ(one->state, LinkState::confirmed);
  EXPECT_EQ(one->source, LinkSource::automatic);
  EXPECT_EQ(one->mentions, 5);
  EXPECT_DOUBLE_EQ(one->salience, 0.9);
  EXPECT_EQ(one->first_offset, 50);
  const ArticleEntity* two = find_link(links, e2);
  EXPECT_EQ(two->state, LinkState::rejected);
  EXPECT_EQ(two->mentions, 2);
  EXPECT_EQ(find_link(links, e3), nullptr) << "undecided automatic link not found again";
  const ArticleEntity* four = find_link(links, e4);
  EXPECT_EQ(four->source, LinkSource::editor);
  EXPECT_EQ(four->state, LinkState::confirmed);

  auto quotes = store->links().quotes_of_story(story);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].text, "Only take");
  EXPECT_EQ(quotes[0].article_id, story);
}

TEST_F(Graph, LinksAndQuotesRoundTrip) {
  Id story = publish("story", 1000).id;
  Id e1 = make_entity("One", "one").id;
  ArticleEntity l = link(e1, 3, 0.75);
  l.confidence = 0.625;
  store->links().replace(story, {l},
                         {quote(e1, "Late", 90), quote(std::nullopt, "Unattributed", 4)});
  auto links = store->links().of_story(story);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].article_id, story);
  EXPECT_EQ(links[0].mentions, 3);
  EXPECT_DOUBLE_EQ(links[0].salience, 0.75);
  EXPECT_DOUBLE_EQ(links[0].confidence, 0.625);
  EXPECT_EQ(links[0].first_offset, 30);
  EXPECT_EQ(links[0].source, LinkSource::automatic);
  EXPECT_EQ(links[0].state, LinkState::suggested);

  auto quotes = store->links().quotes_of_story(story);
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].text, "Unattributed");
  EXPECT_FALSE(quotes[0].speaker_id);
  EXPECT_EQ(quotes[1].speaker_id, e1);
  EXPECT_EQ(quotes[1].position, 90);
  EXPECT_DOUBLE_EQ(quotes[1].confidence, 0.9);
}

TEST_F(Graph, FailedReplaceLeavesThePreviousEnrichment) {
  Id story = publish("story", 1000).id;
  Id e1 = make_entity("One", "one").id;
  store->links().replace(story, {link(e1, 1, 0.5)}, {quote(e1, "Kept", 1)});
  // The second link names an entity that does not exist: the whole call fails.
  EXPECT_THROW(store->links().replace(story, {link(e1, 9, 0.9), link(4040, 1, 0.1)}, {}),
               ConstraintError);
  auto links = store->links().of_story(story);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].mentions, 1);
  ASSERT_EQ(store->links().quotes_of_story(story).size(), 1u);

  EXPECT_THROW(store->links().replace(987654, {}, {}), ConstraintError);
  EXPECT_THROW(store->links().decide(story, 4040, LinkState::confirmed), ConstraintError);
  EXPECT_THROW(store->links().decide(987654, e1, LinkState::confirmed), ConstraintError);
}

TEST_F(Graph, PublishedViewsSkipDraftsAndRejectedLinks) {
  Id a = make_entity("Alpha", "alpha").id;
  Id b = make_entity("Beta", "beta").id;
  Id c = make_entity("Gamma", "gamma").id;
  Id d = make_entity("Delta", "delta").id;
  Id p1 = publish("p1", 1000).id;
  Id p2 = publish("p2", 2000).id;
  Id p3 = publish("p3", 3000).id;
  Id p4 = publish("p4", 4000).id;
  Id hidden = store->articles().save(draft("hidden"), 0).id;

  store->links().replace(p1, {link(a, 1, .5), link(b, 1, .5), link(c, 1, .5)},
                         {quote(a, "a in p1", 1)});
  store->links().replace(p2, {link(a, 1, .5), link(b, 1, .5)},
                         {quote(a, "a in p2 late", 9), quote(a, "a in p2 early", 2)});
  store->links().replace(p3, {link(a, 1, .5), link(c, 1, .5)}, {});
  store->links().decide(p3, c, LinkState::rejected);
  store->links().replace(p4, {link(a, 1, .5), link(d, 1, .5)}, {});
  store->links().decide(p4, a, LinkState::rejected);  // a is not really in p4
  store->links().replace(hidden, {link(a, 1, .5), link(c, 1, .5), link(d, 1, .5)},
                         {quote(a, "a in draft", 1)});

  auto quotes = store->links().quotes_by(a, 10);
  std::vector<std::string> texts;
  for (const auto& q : quotes) texts.push_back(q.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"a in p2 early", "a in p2 late", "a in p1"}));
  EXPECT_EQ(store->links().quotes_by(a, 1).size(), 1u);
  EXPECT_TRUE(store->links().quotes_by(b, 10).empty());

  auto links = store->links().published();
  int rejected_or_draft = 0;
  for (const auto& l : links) {
    if (l.article_id == hidden || l.state == LinkState::rejected) ++rejected_or_draft;
  }
  EXPECT_EQ(rejected_or_draft, 0);
  EXPECT_EQ(links.size(), 7u);  // p1: 3, p2: 2, p3: 1 (c rejected), p4: 1 (a rejected)
}

}  // namespace
}  // namespace marquee::testing
