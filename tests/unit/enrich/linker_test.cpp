// The linker: automaton matches, word boundaries, case, possessives, surnames, offsets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using testing::link_body;
using testing::small_graph;

struct LinkCase {
  const char* name;
  const char* body;
  std::vector<std::string> expected;
};

void PrintTo(const LinkCase& c, std::ostream* os) {
  *os << c.name;
}

class Linking : public ::testing::TestWithParam<LinkCase> {};

TEST_P(Linking, FindsExactlyTheExpectedMentions) {
  EXPECT_THAT(link_body(GetParam().body), ElementsAreArray(GetParam().expected)) << GetParam().body;
}

const LinkCase kLinkCases[] = {
    {"full_name", "We met Kristen Stewart on set.", {"Kristen Stewart=kristen-stewart"}},
    {"alias", "Fans call her K-Stew these days.", {"K-Stew=kristen-stewart"}},
    {"longest_wins",
     "The Twilight Saga: Eclipse opens today.",
     {"The Twilight Saga: Eclipse=eclipse-film"}},
    {"word_boundary_prefix", "The Kristen Stewartson case is unrelated.", {}},
    {"word_boundary_glued_letters", "KristenStewart trended.", {}},
    {"lower_case_common_word", "The eclipse was visible at noon and a cherry bomb went off.", {}},
    {"possessive_straight", "We saw Dakota Fanning's new film.", {"Dakota Fanning=dakota-fanning"}},
    {"possessive_curly",
     "Joan Jett\xE2\x80\x99s guitar hung on the wall.",
     {"Joan Jett=joan-jett"}},
    {"surname_after_full_name",
     "Kristen Stewart arrived early. Later, Stewart left.",
     {"Kristen Stewart=kristen-stewart", "Stewart=kristen-stewart"}},
    {"surname_possessive",
     "Dakota Fanning sang. Then Fanning\xE2\x80\x99s mic died.",
     {"Dakota Fanning=dakota-fanning", "Fanning=dakota-fanning"}},
    {"surname_alone_is_not_linked", "Stewart arrived early and Fanning left late.", {}},
    {"surname_before_full_name_is_not_linked",
     "Stewart spoke before Kristen Stewart did.",
     {"Kristen Stewart=kristen-stewart"}},
    {"surname_most_recent_person",
     "Rod Stewart and Kristen Stewart met. Stewart laughed.",
     {"Rod Stewart=rod-stewart", "Kristen Stewart=kristen-stewart", "Stewart=kristen-stewart"}},
    {"function_word_case",
     "She loved the Runaways and Dazed And Confused.",
     {"Runaways=the-runaways-band", "Dazed And Confused=dazed-and-confused"}},
    {"apostrophe_inside_name",
     "Guns N' Roses and AC/DC headlined.",
     {"Guns N' Roses=guns-n-roses", "AC/DC=ac-dc"}},
    {"non_ascii_name", "Beyoncé closed the show.", {"Beyoncé=beyonce"}},
    {"across_line_break",
     "It starred Kristen\nStewart in 2010.",
     {"Kristen\nStewart=kristen-stewart"}},
    {"not_across_paragraphs", "It starred Kristen\n\nStewart arrived.", {}},
    {"markdown_link_target_skipped",
     "See [the story](https://example.com/Kristen Stewart) now.",
     {}},
    {"markdown_code_skipped", "Run `Kristen Stewart` in code.", {}},
    {"markdown_emphasis_kept",
     "Watch *Dazed and Confused* tonight.",
     {"Dazed and Confused=dazed-and-confused"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, Linking, ::testing::ValuesIn(kLinkCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Linker, OffsetsPointIntoTheBody) {
  const auto& g = *small_graph();
  std::string body = "Intro. Then Dakota Fanning\xE2\x80\x99s turn.";
  auto r = enrich_story(g, {{}, {}, body});
  ASSERT_EQ(r.mentions.size(), 1u);
  const auto& m = r.mentions[0];
  EXPECT_EQ(body.substr(static_cast<std::size_t>(m.offset), static_cast<std::size_t>(m.length)),
            "Dakota Fanning");
  EXPECT_EQ(m.field, StoryField::body);
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].first_offset, m.offset);
}

TEST(Linker, AllCapsHeadlineMatchesAndSurnamesResolveAcrossFields) {
  const auto& g = *small_graph();
  auto r = enrich_story(g, {"STEWART AND FANNING ROCK OUT", "Kristen Stewart and Dakota Fanning",
                            "Kristen Stewart and Dakota Fanning star in a film."});
  EXPECT_THAT(testing::linked(g, r, StoryField::headline),
              ElementsAre("STEWART=kristen-stewart", "FANNING=dakota-fanning"));
  auto caps = enrich_story(g, {"KRISTEN STEWART TALKS", {}, "Nothing here."});
  EXPECT_THAT(testing::linked(g, caps, StoryField::headline),
              ElementsAre("KRISTEN STEWART=kristen-stewart"));
}

TEST(Linker, SurnameSharedByTwoPeopleInAHeadlineIsOnlyASuggestion) {
  const auto& g = *small_graph();
  auto r = enrich_story(
      g,
      {"The Fanning Sisters Share a Stage", {}, "Elle Fanning and Dakota Fanning sang together."});
  EXPECT_TRUE(testing::linked(g, r, StoryField::headline).empty());
  ASSERT_FALSE(r.mentions.empty());
  EXPECT_EQ(r.mentions[0].field, StoryField::headline);  // kept, with a low confidence
  EXPECT_GT(r.mentions[0].confidence, 0.0);
}

TEST(Linker, SentenceInitialCommonWordIsOnlyASuggestion) {
  const auto& g = *small_graph();
  // "Eclipse" starts a sentence, and the story uses "eclipse" as a common word elsewhere.
  auto r = enrich_story(g, {{}, {}, "Eclipse glasses sold out. The eclipse starts at noon."});
  ASSERT_EQ(r.mentions.size(), 1u);
  EXPECT_LT(r.mentions[0].confidence, 0.5);
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].state, LinkState::suggested);
}

TEST(Linker, SalienceFavoursHeadlineAndRepeatedEarlyMentions) {
  const auto& g = *small_graph();
  auto r = enrich_story(g, {"Kristen Stewart rocks",
                            {},
                            "Kristen Stewart plays a rocker. Stewart said it was fun. Much later "
                            "in the story, Robert Pattinson is mentioned once."});
  ASSERT_GE(r.links.size(), 2u);
  EXPECT_EQ(r.links[0].entity_id, testing::id_of(g, "kristen-stewart"));
  EXPECT_EQ(r.links[0].mentions, 3);
  for (const auto& l : r.links) {
    EXPECT_GE(l.salience, 0.0);
    EXPECT_LE(l.salience, 1.0);
    EXPECT_GE(l.confidence, 0.0);
    EXPECT_LE(l.confidence, 1.0);
  }
  EXPECT_GT(r.links[0].salience, r.links[1].salience);
}

TEST(Linker, FirstBodyMentionsAreOnePerEntity) {
  const auto& g = *small_graph();
  auto r = enrich_story(g, {{}, {}, "Kristen Stewart and Kristen Stewart and Dakota Fanning."});
  auto firsts = first_body_mentions(r);
  ASSERT_EQ(firsts.size(), 2u);
  EXPECT_EQ(firsts[0].offset, 0);
  EXPECT_EQ(firsts[1].surface, "Dakota Fanning");
}

TEST(Linker, EmptyGraphAndEmptyStory) {
  auto empty = KnowledgeGraph::compile({}, {});
  EXPECT_THAT(enrich_story(*empty, {"Kristen Stewart", {}, "Kristen Stewart"}).mentions, IsEmpty());
  EXPECT_THAT(enrich_story(*small_graph(), {}).links, IsEmpty());
}

TEST(Graph, LooksUpEntitiesAndRelations) {
  const auto& g = *small_graph();
  EXPECT_EQ(g.entity_count(), 21u);
  EXPECT_EQ(g.relation_count(), 13u);
  EXPECT_GT(g.name_count(), 20u);
  Id stewart = testing::id_of(g, "kristen-stewart"), film = testing::id_of(g, "the-runaways-film");
  EXPECT_TRUE(g.related(stewart, film));
  EXPECT_TRUE(g.related(film, stewart));
  EXPECT_FALSE(g.related(stewart, testing::id_of(g, "the-runaways-band")));
  EXPECT_EQ(g.entity(999), nullptr);
  EXPECT_EQ(g.entity_by_slug("nobody"), nullptr);
}

TEST(Graph, IgnoresDuplicateIdsAndDanglingRelations) {
  std::vector<Entity> entities(2);
  entities[0].id = 1;
  entities[0].name = "Alpha Band";
  entities[0].slug = "alpha";
  entities[1] = entities[0];
  entities[1].slug = "alpha-copy";
  std::vector<Relation> relations = {{0, 1, "member_of", 42, {}}};
  auto g = KnowledgeGraph::compile(entities, relations);
  EXPECT_EQ(g->entity_count(), 1u);
  EXPECT_EQ(g->relation_count(), 0u);
  EXPECT_TRUE(g->relations_of(1).empty());
  EXPECT_TRUE(g->relations_of(42).empty());
}

// A topic page's roles come from the compiled graph: each relation naming the entity, either
// way, in the order given, once even when it names the entity twice.
TEST(Graph, RelationsOfAnEntityBothWaysInOrder) {
  std::vector<Entity> entities(3);
  for (int i = 0; i < 3; ++i) {
    entities[i].id = i + 1;
    entities[i].name = "Entity " + std::string(1, static_cast<char>('A' + i));
    entities[i].slug = "entity-" + std::to_string(i + 1);
  }
  std::vector<Relation> relations = {{10, 1, "member_of", 2, {}},
                                     {11, 3, "acted_in", 1, {}},
                                     {12, 2, "related_to", 3, {}},
                                     {13, 1, "related_to", 1, {}}};
  auto g = KnowledgeGraph::compile(entities, relations);
  std::vector<Id> ids;
  for (const Relation* r : g->relations_of(1)) ids.push_back(r->id);
  EXPECT_EQ(ids, (std::vector<Id>{10, 11, 13}));
  ASSERT_EQ(g->relations_of(2).size(), 2u);
  EXPECT_EQ(g->relations_of(2)[1]->predicate, "related_to");
  EXPECT_TRUE(g->relations_of(99).empty());
}

}  // namespace
}  // namespace marquee
