// Relation suggestions: each stated form, its qualifiers and cited sentence, unknown ends, and
// relations the graph already has.
#include <gtest/gtest.h>

#include "enrich/suggest.h"
#include "fixture.h"

namespace marquee {
namespace {

using testing::small_graph;

struct SuggestCase {
  const char* name;
  const char* body;
  // "subject predicate object" with qualifiers as " key=value", in text order.
  std::vector<std::string> expected;
};

void PrintTo(const SuggestCase& c, std::ostream* os) {
  *os << c.name;
}

std::string describe(const RelationSuggestion& s) {
  std::string out = s.subject.name + " " + s.predicate + " " + s.object.name;
  for (const auto& [k, v] : s.qualifiers) out += " " + k + "=" + v;
  return out;
}

class Suggestions : public ::testing::TestWithParam<SuggestCase> {};

TEST_P(Suggestions, StatesEachRelation) {
  const auto& g = *small_graph();
  SuggestOptions all;
  all.include_known = true;
  auto got = suggest_relations(g, {{}, {}, GetParam().body}, nullptr, all);
  std::vector<std::string> described;
  for (const auto& s : got) {
    described.push_back(describe(s));
    EXPECT_NE(std::string_view(GetParam().body)
                  .substr(static_cast<std::size_t>(s.sentence_offset))
                  .find(s.sentence),
              std::string::npos);
  }
  EXPECT_EQ(described, GetParam().expected) << GetParam().body;
  // The same from the text split anew as from the linker's tokens (which the call above read).
  Enrichment without_tokens = enrich_story(g, {{}, {}, GetParam().body});
  ASSERT_NE(without_tokens.read, nullptr);
  without_tokens.read.reset();
  std::vector<std::string> again;
  for (const auto& s : suggest_relations(g, {{}, {}, GetParam().body}, &without_tokens, all))
    again.push_back(describe(s));
  EXPECT_EQ(again, described);
}

const SuggestCase kCases[] = {
    {"plays_in",
     "Priya Castellanos plays Dana Reyes in Glass Highway, a road film.",
     {"Priya Castellanos acted_in Glass Highway character=Dana Reyes"}},
    {"plays_in_italic_title",
     "Priya Castellanos plays Dana Reyes in *Glass Highway*, a road film.",
     {"Priya Castellanos acted_in Glass Highway character=Dana Reyes"}},
    {"plays_in_unknown_italic_title",
     "Mara Quinlan plays Ada Brook in _Dust Season_.",
     {"Mara Quinlan acted_in Dust Season character=Ada Brook"}},
    {"plays_role_word",
     "Dakota Fanning plays singer Cherie Currie in the film The Runaways.",
     {"Dakota Fanning acted_in The Runaways character=Cherie Currie"}},
    {"who_plays_story_film",
     "The Runaways opens Friday. Kristen Stewart, who plays Joan Jett, learned guitar.",
     {"Kristen Stewart acted_in The Runaways character=Joan Jett"}},
    {"stars_as",
     "In the sequel, Robert Pattinson stars as Edward Cullen in The Twilight Saga: Eclipse.",
     {"Robert Pattinson acted_in The Twilight Saga: Eclipse character=Edward Cullen"}},
    {"directed_by",
     "The Runaways, directed by Floria Sigismondi, opens in March.",
     {"Floria Sigismondi directed The Runaways"}},
    {"directed_unknown_director",
     "Glass Highway, directed by Mara Quinlan, opens in March.",
     {"Mara Quinlan directed Glass Highway"}},
    {"band_of",
     "Joan Jett's band The Runaways played the Whisky.",
     {"Joan Jett member_of The Runaways"}},
    {"bands_song",
     "The Runaways toured Japan. The band's song Cherry Bomb became a hit there.",
     {"The Runaways performed Cherry Bomb"}},
    {"joined_in_year",
     "Lita Ford joined the Runaways in 1975.",
     {"Lita Ford member_of The Runaways year=1975"}},
    {"album_by",
     "Low Tide Radio, the 2019 album by Velvet Static, sold out on vinyl.",
     {"Velvet Static released Low Tide Radio year=2019"}},
    {"joined_the_band_unknown",
     "Tess Okafor joined the band Neon Harbor in 2016.",
     {"Tess Okafor member_of Neon Harbor year=2016"}},
    {"no_relation_in_plain_text", "Kristen Stewart and Joan Jett had dinner in Los Angeles.", {}},
    {"a_film_does_not_join", "Kristen Stewart joined Twitter in 2009.", {}},
};

INSTANTIATE_TEST_SUITE_P(Cases, Suggestions, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Suggestions, KnownRelationsAreLeftOutByDefaultAndCiteTheirSentence) {
  const auto& g = *small_graph();
  const char* body = "It rained. The Runaways, directed by Floria Sigismondi, opens in March.";
  EXPECT_TRUE(suggest_relations(g, {{}, {}, body}).empty());  // the graph has it
  SuggestOptions all;
  all.include_known = true;
  auto got = suggest_relations(g, {{}, {}, body}, nullptr, all);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].known);
  EXPECT_EQ(got[0].sentence, "The Runaways, directed by Floria Sigismondi, opens in March.");
  EXPECT_EQ(got[0].sentence_offset, 11);
  EXPECT_EQ(got[0].subject.entity_id, testing::id_of(g, "floria-sigismondi"));
  EXPECT_EQ(got[0].object.entity_id, testing::id_of(g, "the-runaways-film"));
}

TEST(Suggestions, UnknownEndsCarryTheirKind) {
  const auto& g = *small_graph();
  auto got = suggest_relations(g, {{}, {}, "Glass Highway, directed by Mara Quinlan, opens soon."});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].subject.entity_id);
  EXPECT_EQ(got[0].subject.kind, EntityKind::person);
  EXPECT_EQ(got[0].object.kind, EntityKind::film);
  EXPECT_LT(got[0].confidence, 0.9);
}

}  // namespace
}  // namespace marquee
