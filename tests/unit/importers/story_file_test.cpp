// Tests for the story-file parser: good files read into the values they say, and every kind of
// bad file refused with the right line and a reason that names the problem.
#include "importers/story_file.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/slug.h"

namespace marquee {
namespace {

using namespace std::chrono;

constexpr const char* kGoodFile = R"(+++
headline = "Watch: Kristen Stewart and Dakota Fanning on Playing Real Rock Stars"
slug = "runaways-exclusive-clip"
dek = "In a new clip, the two stars talk about meeting Joan Jett and Cherie Currie."
section = "movies"
authors = ["maya-okafor", "dev-lindqvist"]
tags = ["The Runaways", "Kristen Stewart", "Dakota Fanning"]
published = 2010-07-21T14:39:00-04:00
exclusive = true
featured = true
seo_title = "Stewart and Fanning on The Runaways"
seo_description = "An exclusive clip from the rock biopic."
lead_image = "images/runaways-stage.jpg"
clip = "clips/runaways-rehearsal.mp4"
+++
Body in *Markdown*.

> A pull quote.
)";

StoryFile parse_ok(std::string_view text) {
  auto result = parse_story_file(text);
  if (auto* error = std::get_if<StoryFileError>(&result)) {
    ADD_FAILURE() << "refused: " << to_string(*error) << "\n" << text;
    return {};
  }
  return std::get<StoryFile>(std::move(result));
}

TEST(StoryFile, ReadsEveryKey) {
  const StoryFile story = parse_ok(kGoodFile);
  const Article& a = story.article;
  EXPECT_EQ(a.headline, "Watch: Kristen Stewart and Dakota Fanning on Playing Real Rock Stars");
  EXPECT_EQ(a.slug, "runaways-exclusive-clip");
  EXPECT_EQ(a.dek, "In a new clip, the two stars talk about meeting Joan Jett and Cherie Currie.");
  EXPECT_EQ(a.section, "movies");
  EXPECT_EQ(story.author_slugs, (std::vector<std::string>{"maya-okafor", "dev-lindqvist"}));
  EXPECT_EQ(a.tags,
            (std::vector<std::string>{"The Runaways", "Kristen Stewart", "Dakota Fanning"}));
  EXPECT_EQ(a.status, ArticleStatus::published);
  ASSERT_TRUE(a.publish_at.has_value());
  // 14:39 at -04:00 is 18:39 UTC.
  EXPECT_EQ(*a.publish_at, sys_days{2010y / July / 21} + 18h + 39min);
  EXPECT_EQ(a.created_at, *a.publish_at);
  EXPECT_EQ(a.updated_at, *a.publish_at);
  EXPECT_TRUE(a.exclusive);
  EXPECT_TRUE(a.featured);
  EXPECT_EQ(a.seo_title, "Stewart and Fanning on The Runaways");
  EXPECT_EQ(a.seo_description, "An exclusive clip from the rock biopic.");
  EXPECT_EQ(story.lead_image, "images/runaways-stage.jpg");
  EXPECT_EQ(story.clip, "clips/runaways-rehearsal.mp4");
  EXPECT_EQ(a.body, "Body in *Markdown*.\n\n> A pull quote.\n");
  EXPECT_EQ(story.body_line, 16);
  EXPECT_TRUE(a.is_published());
}

TEST(StoryFile, DefaultsForOptionalKeys) {
  const StoryFile story = parse_ok(
      "+++\nheadline = \"Cherry Bomb Returns!\"\nsection = \"music\"\n"
      "published = 2009-11-02T09:00:00Z\n+++\nText.\n");
  const Article& a = story.article;
  EXPECT_EQ(a.slug, "cherry-bomb-returns");  // made from the headline
  EXPECT_EQ(a.status, ArticleStatus::published);
  EXPECT_TRUE(a.dek.empty());
  EXPECT_TRUE(a.tags.empty());
  EXPECT_TRUE(story.author_slugs.empty());
  EXPECT_TRUE(story.lead_image.empty());
  EXPECT_TRUE(story.clip.empty());
  EXPECT_FALSE(a.exclusive);
  EXPECT_FALSE(a.featured);
  EXPECT_EQ(*a.publish_at, sys_days{2009y / November / 2} + 9h);
}

TEST(StoryFile, AcceptedVariants) {
  struct Case {
    const char* name;
    const char* text;
    const char* body;
  };
  const Case cases[] = {
      {"windows line endings",
       "+++\r\nheadline = \"A\"\r\nsection = \"tv\"\r\n"
       "published = 2010-01-01T00:00:00Z\r\n+++\r\nBody\r\n",
       "Body\r\n"},
      {"byte order mark",
       "\xEF\xBB\xBF+++\nheadline = \"A\"\nsection = \"tv\"\n"
       "published = 2010-01-01T00:00:00Z\n+++\nBody\n",
       "Body\n"},
      {"spaces after the delimiters",
       "+++  \nheadline = \"A\"\nsection = \"tv\"\n"
       "published = 2010-01-01T00:00:00Z\n+++\t\nBody\n",
       "Body\n"},
      {"draft with no date and no body",
       "+++\nheadline = \"A\"\nsection = \"tv\"\n"
       "status = \"draft\"\n+++",
       ""},
      {"a '+++' inside the body stays",
       "+++\nheadline = \"A\"\nsection = \"tv\"\n"
       "published = 2010-01-01T00:00:00Z\n+++\nx\n+++\ny\n",
       "x\n+++\ny\n"},
      {"comments and a multi-line basic string joined by backslash",
       "+++\n# a comment\nheadline = \"\"\"A \\\n  long one\"\"\"\nsection = \"tv\"\n"
       "published = 2010-01-01T00:00:00Z\n+++\nBody\n",
       "Body\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const StoryFile story = parse_ok(c.text);
    EXPECT_EQ(story.article.body, c.body);
  }
}

TEST(StoryFile, StatusValues) {
  const std::pair<const char*, ArticleStatus> cases[] = {
      {"draft", ArticleStatus::draft},         {"review", ArticleStatus::review},
      {"scheduled", ArticleStatus::scheduled}, {"published", ArticleStatus::published},
      {"archived", ArticleStatus::archived},
  };
  for (const auto& [word, status] : cases) {
    const std::string text = std::string("+++\nheadline = \"A\"\nsection = \"tv\"\nstatus = \"") +
                             word + "\"\npublished = 2010-05-01T12:00:00+01:00\n+++\nBody\n";
    EXPECT_EQ(parse_ok(text).article.status, status) << word;
  }
}

TEST(StoryFile, OffsetsConvertToUtc) {
  const std::pair<const char*, sys_seconds> cases[] = {
      {"2010-07-21T14:39:00-04:00", sys_days{2010y / July / 21} + 18h + 39min},
      {"2010-07-21T14:39:00Z", sys_days{2010y / July / 21} + 14h + 39min},
      {"2010-01-01T01:30:15+05:30", sys_days{2009y / December / 31} + 20h + 15s},
      {"2010-12-31T22:00:00-05:00", sys_days{2011y / January / 1} + 3h},
      {"2010-03-14 08:00:00-08:00", sys_days{2010y / March / 14} + 16h},      // space separator
      {"2010-03-14T08:00:00.750-08:00", sys_days{2010y / March / 14} + 16h},  // fraction dropped
  };
  for (const auto& [when, utc] : cases) {
    const std::string text = std::string("+++\nheadline = \"A\"\nsection = \"tv\"\npublished = ") +
                             when + "\n+++\nBody\n";
    EXPECT_EQ(*parse_ok(text).article.publish_at, utc) << when;
  }
}

// Each bad file with the line it must be refused on and words the reason must contain.
struct BadCase {
  const char* name;
  const char* text;
  int line;
  const char* reason;
};

const BadCase kBadFiles[] = {
    {"empty file", "", 1, "empty"},
    {"only blank lines", "\n\n  \n", 1, "empty"},
    {"no front matter", "Just a story.\n", 1, "must begin with a '+++'"},
    {"front matter not on the first line", "\n+++\nheadline = \"A\"\n+++\n", 1, "must begin"},
    {"yaml-style delimiters", "---\nheadline: A\n---\nBody\n", 1, "must begin"},
    {"unclosed", "+++\nheadline = \"A\"\nsection = \"tv\"\nBody\n", 1, "never closed"},
    {"only an opening line", "+++", 1, "never closed"},
    {"bad toml: missing quote", "+++\nheadline = \"A\nsection = \"tv\"\n+++\nBody\n", 2,
     "not valid TOML"},
    {"bad toml on a later line", "+++\nheadline = \"A\"\nsection = \"tv\"\n\ntags = [\"a\",\n+++\n",
     5, "not valid TOML"},
    {"bad toml: key given twice",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nheadline = \"B\"\n+++\n", 4, "not valid TOML"},
    {"bad toml: bare word value", "+++\nheadline = \"A\"\nsection = movies\n+++\nBody\n", 3,
     "not valid TOML"},
    {"missing headline", "+++\nsection = \"tv\"\npublished = 2010-01-01T00:00:00Z\n+++\nBody\n", 1,
     "no 'headline'"},
    {"empty headline", "+++\nheadline = \"  \"\nsection = \"tv\"\n+++\nBody\n", 2,
     "'headline' is empty"},
    {"headline not a string", "+++\nheadline = 42\nsection = \"tv\"\n+++\nBody\n", 2,
     "must be a string, not an integer"},
    {"headline of two lines", "+++\nheadline = \"\"\"one\ntwo\"\"\"\nsection = \"tv\"\n+++\nBody\n",
     2, "single line"},
    {"headline with no usable slug", "+++\nheadline = \"!!!\"\nsection = \"tv\"\n+++\nBody\n", 2,
     "no usable slug"},
    {"missing section", "+++\nheadline = \"A\"\npublished = 2010-01-01T00:00:00Z\n+++\nBody\n", 1,
     "no 'section'"},
    {"section not a slug", "+++\nheadline = \"A\"\nsection = \"Movies\"\n+++\nBody\n", 3,
     "not a section slug"},
    {"bad slug: capitals",
     "+++\nheadline = \"A\"\nslug = \"The-Runaways\"\nsection = \"tv\"\n+++\n", 3,
     "slug 'The-Runaways' is not valid"},
    {"bad slug: path", "+++\nheadline = \"A\"\nsection = \"tv\"\nslug = \"../etc\"\n+++\n", 4,
     "is not valid"},
    {"bad slug: double hyphen", "+++\nheadline = \"A\"\nsection = \"tv\"\nslug = \"a--b\"\n+++\n",
     4, "like 'a-b'"},
    {"bad status", "+++\nheadline = \"A\"\nsection = \"tv\"\nstatus = \"live\"\n+++\nBody\n", 4,
     "status 'live' is not one of draft, review, scheduled, published, archived"},
    {"status not a string", "+++\nheadline = \"A\"\nsection = \"tv\"\nstatus = true\n+++\nBody\n",
     4, "must be a string, not a boolean"},
    {"published story without a date", "+++\nheadline = \"A\"\nsection = \"tv\"\n+++\nBody\n", 1,
     "needs 'published'"},
    {"scheduled story without a date",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nstatus = \"scheduled\"\n+++\nBody\n", 4,
     "a scheduled story needs 'published'"},
    {"bad date: quoted",
     "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = \"2010-07-21\"\n+++\n", 4,
     "not a quoted string"},
    {"bad date: date only",
     "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = 2010-07-21\n+++\n", 4,
     "a date, a time and a UTC offset"},
    {"bad date: no offset",
     "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = 2010-07-21T14:39:00\n+++\nBody\n", 4,
     "no UTC offset"},
    {"bad date: integer", "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = 2010\n+++\nBody\n",
     4, "not an integer"},
    {"bad date: impossible day",
     "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = 2010-02-30T10:00:00Z\n+++\nBody\n", 4,
     "not valid TOML"},
    {"unknown key with a suggestion", "+++\nheadlin = \"A\"\nsection = \"tv\"\n+++\nBody\n", 2,
     "unknown key 'headlin' (did you mean 'headline'?)"},
    {"unknown key in another case", "+++\nheadline = \"A\"\nSection = \"tv\"\n+++\nBody\n", 3,
     "unknown key 'Section' (did you mean 'section'?)"},
    {"unknown key far from any known one",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nmood = \"sunny\"\n+++\nBody\n", 4,
     "unknown key 'mood'"},
    {"the first of two unknown keys", "+++\nzebra = 1\nheadline = \"A\"\nalpha = 2\n+++\n", 2,
     "unknown key 'zebra'"},
    {"unknown table", "+++\nheadline = \"A\"\nsection = \"tv\"\n[seo]\ntitle = \"x\"\n+++\nBody\n",
     4, "unknown key 'seo'"},
    {"authors not an array",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nauthors = \"maya-okafor\"\n+++\n", 4,
     "must be an array of strings"},
    {"author not a slug",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nauthors = [\"Maya Okafor\"]\n+++\n", 4,
     "author 'Maya Okafor' is not an author slug"},
    {"author listed twice",
     "+++\nheadline = \"A\"\nsection = \"tv\"\nauthors = [\"a\",\n  \"a\"]\n+++\n", 5,
     "lists 'a' twice"},
    {"tag not a string", "+++\nheadline = \"A\"\nsection = \"tv\"\ntags = [\"x\", 3]\n+++\n", 4,
     "each entry of 'tags' must be a string, not an integer"},
    {"empty tag", "+++\nheadline = \"A\"\nsection = \"tv\"\ntags = [\"x\", \" \"]\n+++\n", 4,
     "'tags' has an empty entry"},
    {"tag repeated in another case",
     "+++\nheadline = \"A\"\nsection = \"tv\"\ntags = [\"Eclipse\", \"eclipse\"]\n+++\n", 4,
     "lists 'eclipse' twice"},
    {"clip not a string", "+++\nheadline = \"A\"\nsection = \"tv\"\nclip = [\"a.mp4\"]\n+++\n", 4,
     "'clip' must be a string, not an array"},
    {"flag not a boolean", "+++\nheadline = \"A\"\nsection = \"tv\"\nexclusive = \"yes\"\n+++\n", 4,
     "'exclusive' must be true or false, not a string"},
    {"published story with an empty body",
     "+++\nheadline = \"A\"\nsection = \"tv\"\npublished = 2010-01-01T00:00:00Z\n+++\n\n  \n", 6,
     "needs a body"},
};

TEST(StoryFile, RefusesBadFiles) {
  for (const auto& c : kBadFiles) {
    SCOPED_TRACE(c.name);
    auto result = parse_story_file(c.text);
    const auto* error = std::get_if<StoryFileError>(&result);
    ASSERT_NE(error, nullptr) << "accepted";
    EXPECT_EQ(error->line, c.line) << error->message;
    EXPECT_NE(error->message.find(c.reason), std::string::npos) << error->message;
  }
}

TEST(StoryFile, ErrorText) {
  EXPECT_EQ(to_string(StoryFileError{7, "unknown key 'x'"}), "line 7: unknown key 'x'");
  EXPECT_EQ(to_string(StoryFileError{0, "unreadable"}), "unreadable");
}

TEST(StoryFile, BinaryAndTruncatedInputNeverCrash) {
  // Every prefix of a good file is either a story or a refusal with a line inside the file.
  const std::string good = kGoodFile;
  for (std::size_t n = 0; n <= good.size(); ++n) {
    auto result = parse_story_file(std::string_view(good).substr(0, n));
    if (const auto* error = std::get_if<StoryFileError>(&result)) {
      EXPECT_GE(error->line, 1) << n;
      EXPECT_LE(error->line, 17) << n;
      EXPECT_FALSE(error->message.empty());
    }
  }
  const std::string binary("+++\n\x00\xff\xfe = 1\n+++\n", 14);
  EXPECT_TRUE(std::holds_alternative<StoryFileError>(parse_story_file(binary)));
}

// The demo site shipped with the project: every story parses, is published, is named after its
// slug, has known authors and a demo section, and the set has one exclusive and a featured story.
TEST(StoryFile, DemoStoriesParse) {
  const std::filesystem::path demo = std::filesystem::path(MARQUEE_SOURCE_DIR) / "demo";
  if (!std::filesystem::exists(demo / "stories")) GTEST_SKIP() << "no demo stories";

  std::set<std::string> authors;
  const toml::table authors_file = toml::parse_file((demo / "authors.toml").string());
  for (const auto& author : *authors_file["authors"].as_array()) {
    const auto& table = *author.as_table();
    const std::string slug = table["slug"].value_or("");
    EXPECT_TRUE(is_valid_slug(slug)) << slug;
    EXPECT_FALSE(table["name"].value_or(std::string()).empty()) << slug;
    EXPECT_FALSE(table["bio"].value_or(std::string()).empty()) << slug;
    authors.insert(slug);
  }
  EXPECT_GE(authors.size(), 3u);

  // Every picture and clip has its caption file entry, and every entry names a real file.
  std::set<std::filesystem::path> described;
  const toml::table media_file = toml::parse_file((demo / "media.toml").string());
  for (const auto& media : *media_file["media"].as_array()) {
    const auto& table = *media.as_table();
    const std::filesystem::path file = table["file"].value_or("");
    EXPECT_TRUE(std::filesystem::exists(demo / file)) << file;
    EXPECT_FALSE(table["caption"].value_or(std::string()).empty()) << file;
    EXPECT_FALSE(table["alt"].value_or(std::string()).empty()) << file;
    described.insert((demo / file).lexically_normal());
  }

  const std::set<std::string> sections = {"movies", "music", "tv", "celebrity"};
  std::set<std::string> sections_used;
  int count = 0, exclusive = 0, featured = 0;
  for (const auto& entry : std::filesystem::directory_iterator(demo / "stories")) {
    if (entry.path().extension() != ".md") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++count;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto result = parse_story_file(text.str());
    if (const auto* error = std::get_if<StoryFileError>(&result)) {
      ADD_FAILURE() << to_string(*error);
      continue;
    }
    const auto& story = std::get<StoryFile>(result);
    EXPECT_TRUE(story.article.is_published());
    EXPECT_EQ(story.article.slug + ".md", entry.path().filename().string());
    EXPECT_TRUE(sections.contains(story.article.section)) << story.article.section;
    sections_used.insert(story.article.section);
    EXPECT_FALSE(story.author_slugs.empty());
    for (const auto& author : story.author_slugs) EXPECT_TRUE(authors.contains(author)) << author;
    EXPECT_FALSE(story.article.tags.empty());
    for (const auto& media : {story.lead_image, story.clip}) {
      if (!media.empty()) {
        const auto path = (entry.path().parent_path() / media).lexically_normal();
        EXPECT_TRUE(std::filesystem::exists(path)) << media;
        EXPECT_TRUE(described.contains(path)) << media << " is not in demo/media.toml";
      }
    }
    exclusive += story.article.exclusive;
    featured += story.article.featured;
  }
  EXPECT_GE(count, 12);
  EXPECT_EQ(sections_used, sections);
  EXPECT_EQ(exclusive, 1);
  EXPECT_GE(featured, 1);
  EXPECT_LE(featured, 2);
}

}  // namespace
}  // namespace marquee

namespace marquee {
namespace {

TEST(StoryFile, AGalleryListsItsPhotos) {
  const StoryFile story = parse_ok(R"(+++
kind = "gallery"
headline = "The premiere in photos"
section = "celebrity"
published = 2010-03-12T08:30:00-05:00

[[photos]]
file = "galleries/one.jpg"
caption = "Kristen Stewart arrives."
people = ["kristen-stewart"]

[[photos]]
file = "galleries/two.jpg"
alt = "An empty carpet"
+++
Words.
)");
  EXPECT_EQ(story.article.kind, ArticleKind::gallery);
  ASSERT_EQ(story.photos.size(), 2u);
  EXPECT_EQ(story.photos[0].file, "galleries/one.jpg");
  EXPECT_EQ(story.photos[0].caption, "Kristen Stewart arrives.");
  EXPECT_EQ(story.photos[0].people, std::vector<std::string>{"kristen-stewart"});
  EXPECT_EQ(story.photos[1].alt, "An empty carpet");
  EXPECT_TRUE(story.photos[1].people.empty());
}

TEST(StoryFile, RefusesBadGalleries) {
  struct Case {
    const char* front;
    const char* reason;
  };
  const Case cases[] = {
      {"kind = \"page\"", "is not one of article, gallery"},
      {"[[photos]]\nfile = \"a.jpg\"", "only a gallery has 'photos'"},
      {"kind = \"gallery\"\n[[photos]]\ncaption = \"no file\"", "a photo needs its 'file'"},
      {"kind = \"gallery\"\n[[photos]]\nfile = \"a.jpg\"\nfiel = \"b\"", "unknown key 'fiel'"},
      {"kind = \"gallery\"\n[[photos]]\nfile = \"a.jpg\"\npeople = [\"Not A Slug\"]",
       "is not an entity slug"},
      {"kind = \"gallery\"\nphotos = \"a.jpg\"", "must be [[photos]] tables"},
  };
  for (const auto& c : cases) {
    const std::string text = std::string(
                                 "+++\nheadline = \"H\"\nsection = \"movies\"\nstatus = "
                                 "\"draft\"\n") +
                             c.front + "\n+++\nBody\n";
    auto result = parse_story_file(text);
    const auto* error = std::get_if<StoryFileError>(&result);
    ASSERT_NE(error, nullptr) << c.front;
    EXPECT_NE(error->message.find(c.reason), std::string::npos) << error->message;
  }
}

}  // namespace
}  // namespace marquee
