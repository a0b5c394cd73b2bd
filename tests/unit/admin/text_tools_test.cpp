// Line diff and the unknown-name finder: pure text functions behind the editor's panels.
#include <gtest/gtest.h>

#include "admin/line_diff.h"
#include "admin/unknown_names.h"

namespace marquee::admin {
namespace {

std::string render(const std::vector<DiffLine>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += l.op == DiffOp::same ? ' ' : l.op == DiffOp::added ? '+' : '-';
    out += l.text + "\n";
  }
  return out;
}

TEST(LineDiff, Cases) {
  struct Case {
    const char* before;
    const char* after;
    const char* expected;
  };
  const Case cases[] = {
      {"", "", ""},
      {"a\nb\n", "a\nb\n", " a\n b\n"},
      {"a\nb\nc\n", "a\nc\n", " a\n-b\n c\n"},
      {"a\nc\n", "a\nb\nc\n", " a\n+b\n c\n"},
      {"a\nold\nc", "a\nnew\nc", " a\n-old\n+new\n c\n"},
      {"", "x\ny", "+x\n+y\n"},
      {"x\r\ny\r\n", "x\ny\n", " x\n y\n"},  // line endings are not changes
      {"one\ntwo\nthree\n", "three\ntwo\none\n", "-one\n-two\n three\n+two\n+one\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.before);
    EXPECT_EQ(render(diff_lines(c.before, c.after)), c.expected);
  }
}

TEST(LineDiff, HugeTextsFallBackToBlocks) {
  std::string a, b;
  for (int i = 0; i < 50; ++i) {
    for (auto* text : {&a, &b}) {
      *text += text == &a ? 'a' : 'b';
      *text += std::to_string(i);
      *text += '\n';
    }
  }
  auto lines = diff_lines(a, b, 10);
  ASSERT_EQ(lines.size(), 100u);
  EXPECT_EQ(lines.front().op, DiffOp::removed);
  EXPECT_EQ(lines.back().op, DiffOp::added);
}

TEST(UnknownNames, FindsCapitalisedRunsTheLinkerMissed) {
  std::string text =
      "When Maya Okafor met Jean-Luc Moreau in Toronto, Okafor's agent Ines Salo-Brandt "
      "watched. The Runaways opened on Friday, March 19. Kristen Stewart said so.";
  // The linker matched "Kristen Stewart".
  auto at = text.find("Kristen Stewart");
  auto names = unknown_names(text, {{at, 15}}, {"Ines Salo-Brandt"});
  EXPECT_EQ(names, (std::vector<std::string>{"Maya Okafor", "Jean-Luc Moreau"}));
}

TEST(UnknownNames, SkipsLoneWordsPunctuationBreaksAndRepeats) {
  struct Case {
    const char* text;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"", {}},
      {"nothing capitalised here", {}},
      {"Okafor alone.", {}},
      {"Maya. Okafor", {}},  // a full stop ends a name
      {"Maya\nOkafor", {}},  // so does a line break
      {"Dev Lindqvist and Dev Lindqvist", {"Dev Lindqvist"}},
      {"But Theo Brandt left", {"Theo Brandt"}},  // leading function word dropped
      {"On Monday June Carter sang", {}},         // calendar words rule the run out
      {"NASA", {}},
      {"Rosa Delgado-Hart's film", {"Rosa Delgado-Hart"}},
      {"A B", {}},  // single letters are not names
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(unknown_names(c.text, {}, {}), c.expected);
  }
}

}  // namespace
}  // namespace marquee::admin
