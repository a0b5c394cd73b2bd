// Quote attribution: each news form, curly and straight marks, pronouns, continuation, and
// quoted titles that are not speech.
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

using testing::small_graph;

struct QuoteCase {
  const char* name;
  const char* body;
  // Expected quotes in order: text prefix and speaker slug ("" for no speaker).
  std::vector<std::pair<std::string, std::string>> expected;
};

void PrintTo(const QuoteCase& c, std::ostream* os) {
  *os << c.name;
}

class Quotes : public ::testing::TestWithParam<QuoteCase> {};

TEST_P(Quotes, AttributesEachQuote) {
  const auto& g = *small_graph();
  const auto& c = GetParam();
  auto r = enrich_story(g, {{}, {}, c.body});
  ASSERT_EQ(r.quotes.size(), c.expected.size()) << c.body;
  for (std::size_t i = 0; i < r.quotes.size(); ++i) {
    const auto& q = r.quotes[i];
    EXPECT_EQ(q.text.substr(0, c.expected[i].first.size()), c.expected[i].first) << q.text;
    EXPECT_EQ(q.speaker_id ? testing::slug_of(g, *q.speaker_id) : "", c.expected[i].second)
        << q.text;
    EXPECT_GE(q.confidence, 0.0);
    EXPECT_LE(q.confidence, 1.0);
    // Position is the byte offset of the quote's text in the body.
    EXPECT_EQ(std::string_view(c.body).substr(static_cast<std::size_t>(q.position),
                                              c.expected[i].first.size()),
              c.expected[i].first);
  }
}

const QuoteCase kQuoteCases[] = {
    {"name_said",
     "\"It was the loudest summer of my life,\" Kristen Stewart said.",
     {{"It was the loudest summer of my life", "kristen-stewart"}}},
    {"said_name",
     "\"We were kids with amplifiers,\" said Cherie Currie.",
     {{"We were kids with amplifiers", "cherie-currie"}}},
    {"name_says_present",
     "\xE2\x80\x9CI still have the boots,\xE2\x80\x9D Joan Jett says.",
     {{"I still have the boots", "joan-jett"}}},
    {"name_said_colon",
     "Dakota Fanning said: \"I had to learn to own the stage.\"",
     {{"I had to learn to own the stage.", "dakota-fanning"}}},
    {"name_told_comma",
     "Floria Sigismondi told reporters, \xE2\x80\x9CThe music came first.\xE2\x80\x9D",
     {{"The music came first.", "floria-sigismondi"}}},
    {"said_of",
     "\"She was fearless on that set,\" Kristen Stewart said of Dakota Fanning.",
     {{"She was fearless on that set", "kristen-stewart"}}},
    {"name_said_of_colon",
     "Kristen Stewart said of Joan Jett: \"She taught me how to stand.\"",
     {{"She taught me how to stand.", "kristen-stewart"}}},
    {"surname_speaker",
     "Dakota Fanning was 15 at the time. \"I was terrified of the corset,\" Fanning said.",
     {{"I was terrified of the corset", "dakota-fanning"}}},
    {"pronoun_speaker",
     "Cherie Currie watched the shoot. \"It felt like walking into my own past,\" she said.",
     {{"It felt like walking into my own past", "cherie-currie"}}},
    {"pronoun_most_recent_person",
     "Kristen Stewart and Dakota Fanning arrived together.\n\n\"We rehearsed every night,\" she "
     "said.",
     {{"We rehearsed every night", "dakota-fanning"}}},
    {"pronoun_is_the_subject_who_spoke",
     "Kristen Stewart, who plays guitarist Joan Jett, said the hardest part was the guitar. "
     "\"Joan watched every take,\" she said.",
     {{"Joan watched every take", "kristen-stewart"}}},
    {"role_noun_speaker",
     "Joan Jett visited the set. \"They got the sound right,\" the rocker said.",
     {{"They got the sound right", "joan-jett"}}},
    {"according_to",
     "\"The shoot ran for six weeks,\" according to Floria Sigismondi.",
     {{"The shoot ran for six weeks", "floria-sigismondi"}}},
    {"according_to_before",
     "According to Lita Ford, \"nobody wanted us to win.\"",
     {{"nobody wanted us to win.", "lita-ford"}}},
    {"continuation_same_paragraph",
     "\"I loved it,\" Kristen Stewart said. \"Every single day of that shoot was a gift.\"",
     {{"I loved it", "kristen-stewart"}, {"Every single day of that shoot", "kristen-stewart"}}},
    {"split_quote",
     "\"I was nervous,\" Dakota Fanning said, \"but the band made me brave.\"",
     {{"I was nervous", "dakota-fanning"}, {"but the band made me brave.", "dakota-fanning"}}},
    {"new_paragraph_resets_continuation",
     "\"Short and loud,\" Joan Jett said.\n\nThe crowd roared. A fan held a sign.",
     {{"Short and loud", "joan-jett"}}},
    {"unknown_speaker",
     "\"The lighting was a nightmare,\" said Jane Doe, a crew member.",
     {{"The lighting was a nightmare", ""}}},
    {"titles_are_not_quotes",
     "The Runaways recorded \"Cherry Bomb\" and \"Queens of Noise\" in the seventies.",
     {}},
    {"quoted_speaker_is_not_a_mention_inside",
     "Cherie Currie smiled. \"Kristen Stewart nailed every note of it,\" she said.",
     {{"Kristen Stewart nailed every note", "cherie-currie"}}},
    {"age_apposition",
     "\"We had one take,\" Dakota Fanning, 15, said.",
     {{"We had one take", "dakota-fanning"}}},
    {"role_noun_with_age",
     "Dakota Fanning sang live. \"It was terrifying,\" the 15-year-old actress said.",
     {{"It was terrifying", "dakota-fanning"}}},
    {"told_publication",
     "\"The wigs were itchy,\" Kristen Stewart told Vanity Fair.",
     {{"The wigs were itchy", "kristen-stewart"}}},
    {"name_added_comma",
     "Lita Ford added, \"We never slowed down for anybody.\"",
     {{"We never slowed down for anybody.", "lita-ford"}}},
    {"band_speaks",
     "\"We are back on the road next spring,\" The Runaways said in a statement.",
     {{"We are back on the road next spring", "the-runaways-band"}}},
    {"unclosed_quote",
     "Joan Jett said: \"We never stopped playing",
     {{"We never stopped playing", "joan-jett"}}},
};

INSTANTIATE_TEST_SUITE_P(Cases, Quotes, ::testing::ValuesIn(kQuoteCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Quotes, NoQuotesInPlainText) {
  auto r = enrich_story(*small_graph(), {{}, {}, "Kristen Stewart said nothing at all."});
  EXPECT_TRUE(r.quotes.empty());
}

}  // namespace
}  // namespace marquee
