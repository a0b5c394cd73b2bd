// Glued-text repair: link texts run together are split where known names meet, and ordinary
// words (plurals, longer words that start with a name) stay whole.
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

struct GlueCase {
  const char* name;
  const char* in;
  const char* out;
};

void PrintTo(const GlueCase& c, std::ostream* os) {
  *os << c.name;
}

class Glue : public ::testing::TestWithParam<GlueCase> {};

TEST_P(Glue, Repairs) {
  EXPECT_EQ(repair_glued_text(*testing::small_graph(), GetParam().in), GetParam().out);
}

const GlueCase kGlueCases[] = {
    {"reference", "Kristen Stewart stars in The RunawaysThe Twilight Saga: Eclipsemay be next.",
     "Kristen Stewart stars in The Runaways The Twilight Saga: Eclipse may be next."},
    {"two_names", "Kristen StewartDakota Fanning", "Kristen Stewart Dakota Fanning"},
    {"name_after_word", "with Kristen StewartRobert Pattinson and",
     "with Kristen Stewart Robert Pattinson and"},
    {"lower_case_word_after_long_name", "Dazed and Confusedfeatured it",
     "Dazed and Confused featured it"},
    {"plural_not_split", "two Eclipses in a year", "two Eclipses in a year"},
    {"single_word_name_in_longer_word", "the Eclipsed tour", "the Eclipsed tour"},
    {"camel_case_word_untouched", "She posted on YouTube and iPhone.",
     "She posted on YouTube and iPhone."},
    {"ordinary_text_untouched", "Nothing glued here, just words.",
     "Nothing glued here, just words."},
    {"already_spaced", "The Runaways The Twilight Saga: Eclipse",
     "The Runaways The Twilight Saga: Eclipse"},
    {"empty", "", ""},
    {"utf8_neighbour", "Beyoncé closes", "Beyoncé closes"},
};

INSTANTIATE_TEST_SUITE_P(Cases, Glue, ::testing::ValuesIn(kGlueCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace marquee
