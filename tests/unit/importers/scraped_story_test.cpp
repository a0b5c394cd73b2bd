// Tests for the scraped-text story reader: fixture pages in several layouts read into the right
// headline, dek, times, bylines, captions, body and related links; the dateline and byline
// readers on their own; and every kind of bad input refused with its line, never a crash.
#include "importers/scraped_story.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "core/slug.h"
#include "scrape_test_support.h"

namespace marquee {
namespace {

using namespace scrape_test;

struct FixtureCase {
  const char* file;
  const char* headline;
  const char* dek;
  std::optional<Time> published;
  std::optional<Time> updated;  // when it differs from published
  std::vector<std::string> bylines;
  std::vector<std::string> captions;
  std::vector<std::string> tags;
  const char* related_heading;
  std::vector<std::string> related_links;
  int paragraphs;  // blocks of the Markdown body
  std::vector<std::string> body_has;
  std::vector<std::string> body_lacks;
  const char* note;  // a part of one note, or empty
};

std::vector<FixtureCase> fixture_cases() {
  return {
      {"runaways-clip.txt",
       "Kristen Stewart and Dakota Fanning Rock Out in New Runaways Clip",
       "The two stars play Joan Jett and Cherie Currie in the story of the 1970s all-girl band",
       utc(2010, 7, 21, 18, 39),
       std::nullopt,
       {"Maya Okafor"},
       {"Kristen Stewart and Dakota Fanning on stage as Joan Jett and Cherie Currie (Apparition)"},
       {},
       "Read on for more Dakota Fanning & Kristen Stewart",
       {"Dakota Fanning on Finding Cherie Currie's Voice",
        "Kristen Stewart Talks Eclipse Press Tour", "Joan Jett Visits the Runaways Set"},
       5,
       {"A new clip from The Runaways shows", "\"Joan watched every take,\" she said.",
        "one of The Runaways The Twilight Saga: Eclipse may be surprised"},
       {"Advertisement", "Read on", "Press Tour", "(Apparition)", "RunawaysThe", "Eclipsemay"},
       ""},
      {"fanning-currie-one-per-line.txt",
       "Dakota Fanning Says Cherie Currie Taught Her to Own the Stage",
       "",
       utc(2010, 7, 21, 18, 39),
       utc(2010, 7, 22, 14, 5),
       {"Dev Lindqvist", "Maya Okafor"},
       {"Dakota Fanning in a corset on the set of The Runaways"},
       {"Dakota Fanning", "Cherie Currie", "The Runaways"},
       "",
       {},
       5,
       {"Dakota Fanning spent two weeks", "\"Dakota has a stillness I never had,\" Currie said.",
        "The Runaways is in theaters now."},
       {"corset", "Share this", "Tags:", "Updated"},
       ""},
      {"eclipse-premiere-wrapped.txt",
       "Eclipse Premiere: Stewart Says the Runaways Made Red Carpets Easy",
       "",
       utc(2010, 9, 3, 15, 0),
       std::nullopt,
       {"Maya Okafor"},
       {"Kristen Stewart arrives at the Eclipse premiere. Photo: Jordan Pike/Marquee"},
       {"Kristen Stewart", "Twilight", "The Twilight Saga: Eclipse"},
       "",
       {},
       5,
       // Hard-wrapped lines join into paragraphs, even after a full stop at the wrap.
       {"premiere of The Twilight Saga: Eclipse on Thursday night, stopping",
        "a crowd. \"After the concert scenes, a premiere feels almost quiet,\" she said with a "
        "laugh.",
        "What fans asked about most:\n\n- Whether Stewart will return for the next chapter\n- "
        "When The Runaways comes out on DVD\n- Which role Dakota Fanning takes next",
        // A paragraph that opens with a year and a full stop is not a numbered list.
        "1976\\. That is the year the band formed"},
       {"Filed under", "Photo:"},
       ""},
      {"runaways-soundtrack-date-only.txt",
       "Runaways Soundtrack Puts Stewart and Fanning Behind the Microphone",
       "",
       utc(2010, 7, 21, 4, 0),
       std::nullopt,
       {"Dev Lindqvist"},
       {"Album cover for the Runaways soundtrack, courtesy Sony Music"},
       {},
       "",
       {},
       4,
       {"Joan Jett Cherie Currie and the rest of the original lineup"},
       {"Sony Music", "Posted by"},
       "line 4: the dateline has no time; midnight"},
      {"stewart-jett-undated.txt",
       "How Kristen Stewart Learned to Walk Like Joan Jett",
       "",
       std::nullopt,
       std::nullopt,
       {},
       {},
       {},
       "",
       {},
       3,
       {"Kristen Stewart studied hours of concert footage"},
       {"How Kristen Stewart Learned"},
       "no dateline was found; the story is imported as a draft"},
  };
}

int count_blocks(const std::string& body) {
  int blocks = 0;
  std::size_t from = 0;
  while (from < body.size()) {
    std::size_t end = body.find("\n\n", from);
    if (end == std::string::npos) end = body.size();
    if (end > from) ++blocks;
    from = end + 2;
  }
  return blocks;
}

TEST(ScrapedStory, ReadsEachFixture) {
  for (const auto& c : fixture_cases()) {
    SCOPED_TRACE(c.file);
    const ScrapedStory s =
        story_or_fail(parse_scraped_story(read_fixture(c.file), eastern(), known_names()), c.file);
    const Article& a = s.story.article;
    EXPECT_EQ(a.headline, c.headline);
    EXPECT_EQ(a.slug, slugify(c.headline));
    EXPECT_EQ(a.dek, c.dek);
    EXPECT_EQ(a.section, "") << "the section is the import command's to choose";
    EXPECT_TRUE(s.story.author_slugs.empty());
    EXPECT_EQ(a.publish_at, c.published);
    EXPECT_EQ(a.status, c.published ? ArticleStatus::published : ArticleStatus::draft);
    if (c.published) {
      EXPECT_EQ(a.created_at, *c.published);
      EXPECT_EQ(a.updated_at, c.updated.value_or(*c.published));
      EXPECT_TRUE(a.is_published());
    }
    EXPECT_EQ(s.byline_names, c.bylines);
    EXPECT_EQ(s.captions, c.captions);
    EXPECT_EQ(a.tags, c.tags);
    EXPECT_EQ(s.related_heading, c.related_heading);
    EXPECT_EQ(s.related_links, c.related_links);
    EXPECT_EQ(count_blocks(a.body), c.paragraphs) << a.body;
    EXPECT_TRUE(a.body.ends_with("\n"));
    EXPECT_FALSE(a.body.ends_with("\n\n"));
    for (const auto& piece : c.body_has)
      EXPECT_TRUE(contains(a.body, piece)) << piece << "\n" << a.body;
    for (const auto& piece : c.body_lacks)
      EXPECT_FALSE(contains(a.body, piece)) << piece << "\n" << a.body;
    if (*c.note) {
      const bool noted = std::any_of(s.notes.begin(), s.notes.end(),
                                     [&](const std::string& n) { return contains(n, c.note); });
      EXPECT_TRUE(noted) << "expected a note containing: " << c.note;
    }
    EXPECT_GT(s.story.body_line, 1);
  }
}

TEST(ScrapedStory, LineEndingsAndInvisibleCharactersDoNotMatter) {
  const std::string unix_text = read_fixture("runaways-clip.txt");
  std::string crlf, cr, decorated;
  for (char c : unix_text) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  // A byte-order mark, no-break spaces and zero-width spaces as pages leave them.
  decorated = "\xEF\xBB\xBF" + unix_text;
  for (std::size_t at = decorated.find(" Stewart"); at != std::string::npos;
       at = decorated.find(" Stewart", at + 9)) {
    decorated.replace(at, 1, "\xC2\xA0\xE2\x80\x8B");
  }
  const ScrapedStory expected =
      story_or_fail(parse_scraped_story(unix_text, eastern(), known_names()), "unix");
  for (const std::string* text : {&crlf, &cr, &decorated}) {
    const ScrapedStory s =
        story_or_fail(parse_scraped_story(*text, eastern(), known_names()), "variant");
    EXPECT_EQ(s.story.article.headline, expected.story.article.headline);
    EXPECT_EQ(s.story.article.body, expected.story.article.body);
    EXPECT_EQ(s.story.article.publish_at, expected.story.article.publish_at);
    EXPECT_EQ(s.related_links, expected.related_links);
  }
}

TEST(ScrapedStory, RepairRunsOnEachPieceOnItsOwn) {
  std::vector<std::string> seen;
  const GlueRepair recording = [&](std::string_view text) {
    seen.emplace_back(text);
    return std::string(text);
  };
  story_or_fail(parse_scraped_story(read_fixture("runaways-clip.txt"), eastern(), recording),
                "clip");
  for (const auto& piece : seen) EXPECT_FALSE(contains(piece, "\n")) << piece;
  for (const char* expected :
       {"Kristen Stewart and Dakota Fanning Rock Out in New Runaways Clip",
        "Stewart has two films out this summer. Fans who only know her from one of The "
        "RunawaysThe Twilight Saga: Eclipsemay be surprised by how loud the smaller film is.",
        "Read on for more Dakota Fanning & Kristen Stewart"}) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), expected), seen.end()) << expected;
  }
  // Without a repair function the text stays glued, and nothing fails.
  const ScrapedStory plain =
      story_or_fail(parse_scraped_story(read_fixture("runaways-clip.txt"), eastern(), {}), "clip");
  EXPECT_TRUE(contains(plain.story.article.body, "RunawaysThe Twilight Saga: Eclipsemay"));
}

TEST(ScrapedStory, GluedRelatedTitlesAreSplit) {
  const std::string text =
      "Stewart Talks Jett\nJul 21, 2010 at 2:39 p.m. ET\n\nKristen Stewart spoke about Joan "
      "Jett.\n\nRead on for more Kristen StewartKristen Stewart Rocks as Joan JettFanning "
      "Finds Cherie Currie\nYouTube Clip of the Week\n";
  const ScrapedStory s = story_or_fail(parse_scraped_story(text, eastern(), {}), "glued related");
  EXPECT_EQ(s.related_heading, "Read on for more Kristen Stewart");
  EXPECT_EQ(s.related_links,
            (std::vector<std::string>{"Kristen Stewart Rocks as Joan Jett",
                                      "Fanning Finds Cherie Currie", "YouTube Clip of the Week"}));
}

TEST(ScrapedStory, PromotionInsideTheStoryDoesNotEndIt) {
  const std::string text =
      "Eclipse Rules the July 4 Weekend\n"
      "July 4 Weekend Belongs to Bella, Edward and Jacob\n"
      "Jul 6, 2010 at 9 a.m. ET\n\n"
      "The Twilight Saga: Eclipse took in more over the holiday weekend than any film before it "
      "in the series, the studio said on Monday.\n\n"
      "Read more: Kristen Stewart Talks Eclipse Press Tour\n\n"
      "Analysts credited fans who saw the film twice, and the studio said it expected the film "
      "to stay on top for a second weekend.\n\n"
      "Read on for more Kristen Stewart\nStewart on Her Runaways Role\n";
  const ScrapedStory s = story_or_fail(parse_scraped_story(text, eastern(), {}), "promotion");
  // A dek that opens with a month and a day but names no year or clock is no dateline.
  EXPECT_EQ(s.story.article.dek, "July 4 Weekend Belongs to Bella, Edward and Jacob");
  EXPECT_EQ(s.story.article.publish_at, utc(2010, 7, 6, 13, 0));
  EXPECT_EQ(count_blocks(s.story.article.body), 2) << s.story.article.body;
  EXPECT_TRUE(contains(s.story.article.body, "Analysts credited fans"));
  EXPECT_FALSE(contains(s.story.article.body, "Read more"));
  EXPECT_EQ(s.related_heading, "Read more");
  EXPECT_EQ(s.related_links, (std::vector<std::string>{"Kristen Stewart Talks Eclipse Press Tour",
                                                       "Stewart on Her Runaways Role"}));
}

TEST(ScrapedStory, PlainTextIsEscapedForMarkdown) {
  const std::string text =
      "Boy Bands Then and Now\nJul 21, 2010 at 2:39 p.m. ET\n\n"
      "*NSYNC and the Backstreet Boys sold more records than the_Runaways ever did.\n\n"
      "# of fans at the show: more than 2,000, a [record] for the <venue>.\n\n"
      "- Dashes open list items, as pages copy them.\n";
  const ScrapedStory s = story_or_fail(parse_scraped_story(text, eastern(), {}), "escapes");
  EXPECT_EQ(s.story.article.body,
            "\\*NSYNC and the Backstreet Boys sold more records than the\\_Runaways ever did.\n\n"
            "\\# of fans at the show: more than 2,000, a \\[record\\] for the \\<venue>.\n\n"
            "- Dashes open list items, as pages copy them.\n");
}

struct BadCase {
  const char* name;
  std::string text;
  int line;
  const char* reason;  // part of the message
};

TEST(ScrapedStory, RefusesBadInputWithLineAndReason) {
  const std::string header = "Stewart Talks Jett\nJul 21, 2010 at 2:39 p.m. ET\n\n";
  const BadCase cases[] = {
      {"empty", "", 1, "the file is empty"},
      {"blank lines", "\n  \n\t\n", 1, "the file is empty"},
      {"byte-order mark only", "\xEF\xBB\xBF", 1, "the file is empty"},
      {"NUL byte", header + "Body with a " + std::string(1, '\0') + " inside.\n", 4,
       "binary data (byte 0x00 at column 13)"},
      {"ELF binary",
       std::string("\x7F"
                   "ELF\x02\x01\x01\0\0\0",
                   11),
       1, "binary data (byte 0x7F"},
      {"PNG binary", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 1,
       "not valid UTF-8 (byte 0x89"},
      {"Latin-1 byte", header + "Caf\xE9 society.\n", 4, "not valid UTF-8 (byte 0xE9 at column 4)"},
      {"lone continuation byte", "\x80 headline\n", 1, "not valid UTF-8 (byte 0x80"},
      {"overlong slash", header + "A \xC0\xAF here.\n", 4, "not valid UTF-8 (byte 0xC0"},
      {"UTF-16 surrogate", header + "A \xED\xA0\x80 here.\n", 4, "not valid UTF-8 (byte 0xED"},
      {"truncated sequence", header + "Ends in \xE2\x80", 4, "not valid UTF-8 (byte 0xE2"},
      {"huge line", header + std::string(70000, 'a') + "\n", 4, "70000 bytes long"},
      {"no headline: dateline first", "Jul 21, 2010 at 2:39 p.m. ET\nStewart Talks Jett\n\nText.\n",
       1, "no headline"},
      {"no headline: byline first", "\n\nBy Maya Okafor\nStewart Talks Jett\n\nText.\n", 3,
       "no headline"},
      {"no headline: a paragraph", std::string(400, 'x') + "\n\nText here.\n", 1,
       "a paragraph rather than a headline"},
      {"headline without letters", "!!! ???\nJul 21, 2010 at 2:39 p.m. ET\n\nText.\n", 1,
       "no letters or digits"},
      {"impossible day", read_fixture("bad-dateline.txt"), 3,
       "'Jul 41, 2010 at 2:39 p.m. ET' is not a date and time"},
      {"foreign zone",
       "Stewart Talks Jett\nBy Maya Okafor | Jul 21, 2010 at 2:39 p.m. PT\n\nText.\n", 2,
       "'PT' is not the site's time zone"},
      {"unreadable update", header + "Updated: Jul 22, 2010 at 25 p.m. ET\n\nText.\n", 4,
       "dateline cannot be read"},
      {"no body after dateline", header + "\n\nAdvertisement\n", 2, "no body"},
      {"no body, only a headline", "Stewart Talks Jett\n", 1, "no body"},
      {"only captions", header + "Stewart on stage (Apparition)\n", 2, "no body"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const StoryFileError e =
        error_or_fail(parse_scraped_story(c.text, eastern(), known_names()), c.name);
    EXPECT_EQ(e.line, c.line) << e.message;
    EXPECT_TRUE(contains(e.message, c.reason)) << e.message;
    EXPECT_TRUE(contains(to_string(e), "line " + std::to_string(c.line) + ": ")) << to_string(e);
  }
}

TEST(ScrapedStory, SurvivesHostileInput) {
  // Every prefix of every fixture, and random mixes of fixture lines and bytes: each is read or
  // refused, never crashes, and a refusal names a line inside the text.
  std::vector<std::string> texts;
  for (const auto& c : fixture_cases()) {
    const std::string text = read_fixture(c.file);
    for (std::size_t cut = 0; cut < text.size(); cut += 7) texts.push_back(text.substr(0, cut));
  }
  std::mt19937 random(20100721);
  const std::string source =
      read_fixture("runaways-clip.txt") + read_fixture("eclipse-premiere-wrapped.txt");
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int pieces = static_cast<int>(random() % 40);
    for (int p = 0; p < pieces; ++p) {
      const std::size_t at = random() % source.size();
      text += source.substr(at, random() % 120);
      if (random() % 5 == 0) text += static_cast<char>(random() % 256);
      if (random() % 3 == 0) text += "\n";
    }
    texts.push_back(std::move(text));
  }
  for (const auto& text : texts) {
    auto result = parse_scraped_story(text, eastern(), known_names());
    if (auto* e = std::get_if<StoryFileError>(&result)) {
      const auto lines = std::count(text.begin(), text.end(), '\n') +
                         std::count(text.begin(), text.end(), '\r') + 1;
      EXPECT_GE(e->line, 0);
      EXPECT_LE(e->line, lines);
      EXPECT_FALSE(e->message.empty());
    } else {
      const auto& a = std::get<ScrapedStory>(result).story.article;
      EXPECT_FALSE(a.headline.empty());
      EXPECT_FALSE(a.slug.empty());
      EXPECT_FALSE(a.body.empty());
    }
  }
}

struct DatelineCase {
  const char* text;
  bool is_dateline;
  std::optional<Time> published;
  std::optional<Time> updated;
  std::vector<std::string> names;
  const char* problem;  // part of the problem, or empty when the date reads
};

TEST(Dateline, ReadsTheCommonForms) {
  const Time reference = utc(2010, 7, 21, 18, 39);
  const DatelineCase cases[] = {
      {"Jul 21, 2010 at 2:39 p.m. ET", true, reference, std::nullopt, {}, ""},
      {"Jul 21, 2010 2:39 PM ET", true, reference, std::nullopt, {}, ""},
      {"Wednesday, July 21, 2010, 2:39 p.m.", true, reference, std::nullopt, {}, ""},
      {"By Maya Okafor | Jul 21, 2010 at 2:39 p.m. ET",
       true,
       reference,
       std::nullopt,
       {"Maya Okafor"},
       ""},
      {"By Maya Okafor, Jul 21, 2010 2:39 PM ET",
       true,
       reference,
       std::nullopt,
       {"Maya Okafor"},
       ""},
      {"By Maya Okafor on Jul 21, 2010 at 2:39 p.m. ET",
       true,
       reference,
       std::nullopt,
       {"Maya Okafor"},
       ""},
      {"Jul 21, 2010 at 2:39 p.m. ET by Dev Lindqvist",
       true,
       reference,
       std::nullopt,
       {"Dev Lindqvist"},
       ""},
      {"Movies \xE2\x80\xA2 Jul 21, 2010 at 2:39 p.m. ET", true, reference, std::nullopt, {}, ""},
      {"Posted: Jul 21, 2010 at 2:39 p.m. ET", true, reference, std::nullopt, {}, ""},
      {"Updated: Jul 22, 2010 at 10:05 a.m. ET",
       true,
       std::nullopt,
       utc(2010, 7, 22, 14, 5),
       {},
       ""},
      {"Jul 21, 2010 at 2:39 p.m. ET | Updated Jul 22, 2010 at 10:05 a.m. ET",
       true,
       reference,
       utc(2010, 7, 22, 14, 5),
       {},
       ""},
      {"By Maya Okafor and Dev Lindqvist",
       true,
       std::nullopt,
       std::nullopt,
       {"Maya Okafor", "Dev Lindqvist"},
       ""},
      {"BY MAYA OKAFOR", true, std::nullopt, std::nullopt, {"Maya Okafor"}, ""},
      {"Jul 21, 2010", true, utc(2010, 7, 21, 4, 0), std::nullopt, {}, ""},
      {"Jul 41, 2010 at 2:39 p.m. ET", true, std::nullopt, std::nullopt, {}, "is not a date"},
      {"Updated: sometime last week", true, std::nullopt, std::nullopt, {}, "is not a date"},
      {"By Maya Okafor | Jul 21, 2010 at 2:39 p.m. CET",
       true,
       std::nullopt,
       std::nullopt,
       {"Maya Okafor"},
       "not the site's time zone"},
      // Sentences that begin like datelines are not datelines.
      {"By the time the film opened, Stewart had moved on.",
       false,
       std::nullopt,
       std::nullopt,
       {},
       ""},
      {"Updated versions of the songs were recorded for the film.",
       false,
       std::nullopt,
       std::nullopt,
       {},
       ""},
      {"Kristen Stewart and Dakota Fanning on stage", false, std::nullopt, std::nullopt, {}, ""},
      {"", false, std::nullopt, std::nullopt, {}, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const DatelineReading r = read_dateline(c.text, eastern());
    EXPECT_EQ(r.is_dateline, c.is_dateline);
    if (!c.is_dateline) continue;
    EXPECT_EQ(r.dateline.published, c.published);
    EXPECT_EQ(r.dateline.updated, c.updated);
    EXPECT_EQ(r.dateline.byline_names, c.names);
    if (*c.problem) {
      EXPECT_TRUE(contains(r.problem, c.problem)) << r.problem;
    } else {
      EXPECT_EQ(r.problem, "");
    }
  }
  EXPECT_TRUE(read_dateline("Jul 21, 2010", eastern()).dateline.date_only);
  EXPECT_FALSE(read_dateline("Jul 21, 2010 at noon", eastern()).dateline.date_only);
}

TEST(Byline, SplitsNamesAndDropsRoles) {
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"By Maya Okafor", {"Maya Okafor"}},
      {"by maya okafor", {}},  // lower case reads as a sentence, not names
      {"By Maya Okafor and Dev Lindqvist", {"Maya Okafor", "Dev Lindqvist"}},
      {"By Maya Okafor, Dev Lindqvist, and Jordan Pike",
       {"Maya Okafor", "Dev Lindqvist", "Jordan Pike"}},
      {"By Maya Okafor & Dev Lindqvist", {"Maya Okafor", "Dev Lindqvist"}},
      {"By Maya Okafor, Staff Writer", {"Maya Okafor"}},
      {"By Maya Okafor for Marquee", {"Maya Okafor"}},
      {"Posted by Rosa de la Cruz", {"Rosa de la Cruz"}},
      {"By: JORDAN PIKE", {"Jordan Pike"}},
      {"By Maya Okafor and Maya Okafor", {"Maya Okafor"}},
      {"Dev Lindqvist", {"Dev Lindqvist"}},
      {"By", {}},
      {"", {}},
  };
  for (const auto& [text, names] : cases) EXPECT_EQ(byline_names(text), names) << text;
}

TEST(MarkdownText, EscapesWhatMarkdownWouldRead) {
  const std::pair<const char*, const char*> cases[] = {
      {"Plain words stay plain.", "Plain words stay plain."},
      {"*NSYNC", "\\*NSYNC"},
      {"snake_case and a `tick`", "snake\\_case and a \\`tick\\`"},
      {"[not a link](x)", "\\[not a link\\](x)"},
      {"<script>", "\\<script>"},
      {"# heading", "\\# heading"},
      {"> quote", "\\> quote"},
      {"- item", "\\- item"},
      {"+ item", "\\+ item"},
      {"1976. The year", "1976\\. The year"},
      {"3) third", "3\\) third"},
      {"In 1976. The year", "In 1976. The year"},
      {"Salt &amp; pepper", "Salt \\&amp; pepper"},
      {"Fanning & Stewart", "Fanning & Stewart"},
      {"~~struck~~", "\\~\\~struck\\~\\~"},
      {"a \\ backslash", "a \\\\ backslash"},
      {"", ""},
  };
  for (const auto& [plain, markdown] : cases) EXPECT_EQ(markdown_text(plain), markdown) << plain;
}

TEST(UnreadableText, AcceptsTextAndNamesTheFirstProblem) {
  EXPECT_FALSE(unreadable_text("Plain\ttext\r\nwith \xC3\xA9 and \xF0\x9F\x8E\xB8.\n", 100));
  EXPECT_FALSE(unreadable_text("", 100));
  const auto error = unreadable_text("ok\nok\n\xC3 bad", 100);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->line, 3);
  EXPECT_TRUE(contains(error->message, "column 1"));
  const auto long_line = unreadable_text("short\n" + std::string(101, 'x'), 100);
  ASSERT_TRUE(long_line);
  EXPECT_EQ(long_line->line, 2);
  EXPECT_FALSE(unreadable_text(std::string(100, 'x'), 100));
}

}  // namespace
}  // namespace marquee
