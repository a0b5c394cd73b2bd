// The name automaton on its own graph: overlapping names, suffix matches found through failure
// links, leftmost-longest choice, and names that share tokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

using ::testing::ElementsAreArray;

const char* kOverlapGraph = R"(
{"entity": "abcd", "kind": "film", "name": "Alpha Beta Gamma Delta"}
{"entity": "bc", "kind": "band", "name": "Beta Gamma"}
{"entity": "cde", "kind": "song", "name": "Gamma Delta Epsilon"}
{"entity": "the-police", "kind": "band", "name": "The Police"}
{"entity": "police-academy", "kind": "film", "name": "Police Academy"}
{"entity": "new-moon", "kind": "film", "name": "The Twilight Saga: New Moon", "aliases": ["New Moon"]}
{"entity": "moon", "kind": "band", "name": "Moon"}
{"entity": "saga", "kind": "show", "name": "Saga"}
)";

const GraphSnapshot& overlap_graph() {
  static const GraphSnapshot g = testing::compile_jsonl(kOverlapGraph);
  return g;
}

struct AutomatonCase {
  const char* name;
  const char* body;
  std::vector<std::string> expected;
};

void PrintTo(const AutomatonCase& c, std::ostream* os) {
  *os << c.name;
}

class Automaton : public ::testing::TestWithParam<AutomatonCase> {};

TEST_P(Automaton, MatchesLeftmostLongest) {
  const auto& g = *overlap_graph();
  auto r = enrich_story(g, {{}, {}, GetParam().body});
  EXPECT_THAT(testing::linked(g, r, StoryField::body, 0.0), ElementsAreArray(GetParam().expected));
}

const AutomatonCase kAutomatonCases[] = {
    {"whole_name", "We saw Alpha Beta Gamma Delta twice.", {"Alpha Beta Gamma Delta=abcd"}},
    {"suffix_through_failure_link", "We saw Alpha Beta Gamma Zeta.", {"Beta Gamma=bc"}},
    {"leftmost_wins_over_longer_later", "We saw Beta Gamma Delta Epsilon.", {"Beta Gamma=bc"}},
    {"after_failed_long_prefix",
     "Alpha Beta Gamma Delta Epsilon ended.",
     {"Alpha Beta Gamma Delta=abcd"}},
    {"later_match_after_partial",
     "Alpha Beta and Gamma Delta Epsilon.",
     {"Gamma Delta Epsilon=cde"}},
    {"adjacent_names",
     "Fans of The Police loved Police Academy.",
     {"The Police=the-police", "Police Academy=police-academy"}},
    {"shared_token_leftmost", "The Police Academy reunion.", {"The Police=the-police"}},
    {"alias_inside_longer_name",
     "The Twilight Saga: New Moon and New Moon again.",
     {"The Twilight Saga: New Moon=new-moon", "New Moon=new-moon"}},
    {"long_name_prefix_then_other",
     "The Twilight Saga: Eclipse is not here; Saga is.",
     {"Saga=saga", "Saga=saga"}},
    {"single_token_inside_failed_path", "The Twilight Saga: Moon.", {"Saga=saga", "Moon=moon"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, Automaton, ::testing::ValuesIn(kAutomatonCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Automaton, ManyEntitiesCompileAndMatch) {
  std::vector<Entity> entities;
  for (int i = 1; i <= 20000; ++i) {
    Entity e;
    e.id = i;
    const std::string n = std::to_string(i);
    e.slug = std::string("e").append(n);
    e.name = std::string("Name").append(n).append(" Person");
    e.aliases = {std::string("Alias").append(n)};
    entities.push_back(std::move(e));
  }
  auto g = KnowledgeGraph::compile(entities, {});
  EXPECT_EQ(g->entity_count(), 20000u);
  auto r = enrich_story(*g, {{}, {}, "Then Name19999 Person met Alias7 and Name5 Persons."});
  EXPECT_THAT(testing::linked(*g, r, StoryField::body, 0.0),
              ElementsAreArray({"Name19999 Person=e19999", "Alias7=e7"}));
}

}  // namespace
}  // namespace marquee
