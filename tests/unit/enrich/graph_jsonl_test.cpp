// The knowledge-graph JSON Lines reader and writer: good files, every kind of bad line with its
// line number, all-or-nothing results, and write -> parse round trips.
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

TEST(GraphJsonl, ParsesEntitiesAndRelations) {
  auto r = parse_graph_jsonl(
      "{\"entity\": \"kristen-stewart\", \"kind\": \"person\", \"name\": \"Kristen Stewart\", "
      "\"aliases\": [\"K-Stew\"], \"description\": \"American actress\", \"start\": "
      "\"1990-04-09\", \"end\": \"\", \"prior\": 1.5}\n"
      "\n"
      "{\"relation\": \"acted_in\", \"subject\": \"kristen-stewart\", \"object\": "
      "\"the-runaways-film\", \"qualifiers\": {\"character\": \"Joan Jett\", \"year\": "
      "\"2010\"}}\r\n"
      "{\"entity\": \"the-runaways-film\", \"kind\": \"film\", \"name\": \"The Runaways\"}");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.graph->entities.size(), 2u);
  const Entity& e = r.graph->entities[0];
  EXPECT_EQ(e.slug, "kristen-stewart");
  EXPECT_EQ(e.kind, EntityKind::person);
  EXPECT_EQ(e.aliases, std::vector<std::string>{"K-Stew"});
  EXPECT_EQ(e.start_date, "1990-04-09");
  EXPECT_DOUBLE_EQ(e.prior, 1.5);
  EXPECT_DOUBLE_EQ(r.graph->entities[1].prior, 1.0);
  ASSERT_EQ(r.graph->relations.size(), 1u);
  EXPECT_EQ(r.graph->relations[0].object, "the-runaways-film");
  EXPECT_EQ(r.graph->relations[0].qualifiers.at("character"), "Joan Jett");
}

struct BadLine {
  const char* name;
  const char* line;
  const char* reason_contains;
};

void PrintTo(const BadLine& c, std::ostream* os) {
  *os << c.name;
}

class GraphJsonlErrors : public ::testing::TestWithParam<BadLine> {};

TEST_P(GraphJsonlErrors, ReportsTheLineAndReasonAndReturnsNothing) {
  std::string text =
      "{\"entity\": \"known-one\", \"kind\": \"band\", \"name\": \"Known One\"}\n"
      "\n";
  text += GetParam().line;
  text += "\n{\"entity\": \"after\", \"kind\": \"film\", \"name\": \"After\"}\n";
  auto r = parse_graph_jsonl(text, [](std::string_view s) { return s == "in-the-store"; });
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_NE(r.errors[0].reason.find(GetParam().reason_contains), std::string::npos)
      << r.errors[0].reason;
}

const BadLine kBadLines[] = {
    {"bad_json", "{\"entity\": \"x\",", "bad JSON"},
    {"not_an_object", "[1, 2]", "one object"},
    {"neither", "{\"name\": \"Nobody\"}", "missing field \"entity\" or \"relation\""},
    {"both", "{\"entity\": \"a\", \"relation\": \"b\"}", "not both"},
    {"missing_kind", "{\"entity\": \"a\", \"name\": \"A\"}", "missing field \"kind\""},
    {"missing_name", "{\"entity\": \"a\", \"kind\": \"film\"}", "missing field \"name\""},
    {"empty_name", "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"\"}", "is empty"},
    {"bad_kind", "{\"entity\": \"a\", \"kind\": \"planet\", \"name\": \"A\"}", "bad kind"},
    {"bad_slug_case", "{\"entity\": \"Bad-Slug\", \"kind\": \"film\", \"name\": \"A\"}",
     "bad slug"},
    {"bad_slug_hyphens", "{\"entity\": \"a--b\", \"kind\": \"film\", \"name\": \"A\"}", "bad slug"},
    {"duplicate_slug", "{\"entity\": \"known-one\", \"kind\": \"film\", \"name\": \"Again\"}",
     "duplicate slug \"known-one\" (first on line 1)"},
    {"aliases_not_array",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", "
     "\"aliases\": \"B\"}",
     "aliases"},
    {"alias_not_string",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", "
     "\"aliases\": [3]}",
     "aliases"},
    {"prior_zero", "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"prior\": 0}",
     "prior"},
    {"prior_text", "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"prior\": \"1\"}",
     "prior"},
    {"description_number",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"description\": 5}",
     "\"description\" must be a string"},
    {"bad_pronouns",
     "{\"entity\": \"a\", \"kind\": \"person\", \"name\": \"A\", \"pronouns\": \"her\"}",
     "bad pronouns"},
    {"pronouns_not_string",
     "{\"entity\": \"a\", \"kind\": \"person\", \"name\": \"A\", \"pronouns\": [\"she\"]}",
     "\"pronouns\" must be a string"},
    {"pronouns_on_a_film",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"pronouns\": \"they\"}",
     "for people only"},
    {"bad_predicate",
     "{\"relation\": \"Acted-In\", \"subject\": \"known-one\", \"object\": "
     "\"after\"}",
     "bad predicate"},
    {"missing_subject", "{\"relation\": \"acted_in\", \"object\": \"after\"}",
     "missing field \"subject\""},
    {"unknown_subject",
     "{\"relation\": \"acted_in\", \"subject\": \"ghost\", \"object\": "
     "\"after\"}",
     "unknown subject slug \"ghost\""},
    {"unknown_object",
     "{\"relation\": \"acted_in\", \"subject\": \"after\", \"object\": "
     "\"ghost\"}",
     "unknown object slug \"ghost\""},
    {"qualifier_not_string",
     "{\"relation\": \"acted_in\", \"subject\": \"after\", \"object\": "
     "\"known-one\", \"qualifiers\": {\"year\": 2010}}",
     "qualifier \"year\""},
    {"qualifiers_not_object",
     "{\"relation\": \"acted_in\", \"subject\": \"after\", "
     "\"object\": \"known-one\", \"qualifiers\": [1]}",
     "qualifiers"},
    {"image_not_object",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"image\": \"x.jpg\"}",
     "\"image\" must be an object"},
    {"image_neither",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"image\": {\"alt\": \"x\"}}",
     "needs one of"},
    {"image_both",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"image\": {\"file\": \"a.jpg\", "
     "\"media\": \"b.jpg\"}}",
     "needs one of"},
    {"image_outside",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"image\": {\"file\": "
     "\"../x.jpg\"}}",
     "inside the graph file's folder"},
    {"image_unknown_field",
     "{\"entity\": \"a\", \"kind\": \"film\", \"name\": \"A\", \"image\": {\"file\": \"a.jpg\", "
     "\"url\": 1}}",
     "unknown field \"url\""},
};

INSTANTIATE_TEST_SUITE_P(Cases, GraphJsonlErrors, ::testing::ValuesIn(kBadLines),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GraphJsonl, RelationsMayNameKnownSlugsAndLaterEntities) {
  auto r = parse_graph_jsonl(
      "{\"relation\": \"member_of\", \"subject\": \"later\", \"object\": \"in-the-store\"}\n"
      "{\"entity\": \"later\", \"kind\": \"person\", \"name\": \"Later Person\"}\n",
      [](std::string_view s) { return s == "in-the-store"; });
  EXPECT_TRUE(r.ok());
}

TEST(GraphJsonl, CollectsEveryErrorInLineOrder) {
  auto r = parse_graph_jsonl(
      "{\"relation\": \"x\", \"subject\": \"ghost\", \"object\": \"ghost\"}\n"
      "nonsense\n"
      "{\"entity\": \"ok\", \"kind\": \"film\", \"name\": \"Fine\"}\n");
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_EQ(r.errors[1].line, 1);
  EXPECT_EQ(r.errors[2].line, 2);
}

TEST(GraphJsonl, ErrorsAreCapped) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\n";
  auto r = parse_graph_jsonl(text);
  EXPECT_EQ(r.errors.size(), kMaxGraphErrors);
}

TEST(GraphJsonl, EmptyAndBlankFilesAreEmptyGraphs) {
  for (const char* text : {"", "\n\n   \n", "\xEF\xBB\xBF\n"}) {
    auto r = parse_graph_jsonl(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_TRUE(r.graph->entities.empty());
  }
}

TEST(GraphJsonl, WriteThenParseGivesTheSameGraph) {
  std::string path = std::string(MARQUEE_TEST_DATA) + "/eval/graph.jsonl";
  auto first = parse_graph_jsonl(testing::read_text_file(path));
  ASSERT_TRUE(first.ok());
  std::string written = write_graph_jsonl(*first.graph);
  auto second = parse_graph_jsonl(written);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(write_graph_jsonl(*second.graph), written);
  ASSERT_EQ(second.graph->entities.size(), first.graph->entities.size());
  for (std::size_t i = 0; i < first.graph->entities.size(); ++i) {
    const auto &a = first.graph->entities[i], &b = second.graph->entities[i];
    EXPECT_EQ(a.slug, b.slug);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.aliases, b.aliases);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_DOUBLE_EQ(a.prior, b.prior);
    EXPECT_EQ(a.pronouns, b.pronouns);
  }
  EXPECT_EQ(second.graph->relations.size(), first.graph->relations.size());
}

TEST(GraphJsonl, PronounsAreReadAndWritten) {
  auto r = parse_graph_jsonl(
      "{\"entity\": \"emily-blunt\", \"kind\": \"person\", \"name\": \"Emily Blunt\", "
      "\"pronouns\": \"she\"}\n"
      "{\"entity\": \"sam-rivera\", \"kind\": \"person\", \"name\": \"Sam Rivera\", "
      "\"pronouns\": \"they\"}\n"
      "{\"entity\": \"unknown\", \"kind\": \"person\", \"name\": \"Un Known\"}\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.graph->entities[0].pronouns, "she");
  EXPECT_EQ(r.graph->entities[1].pronouns, "they");
  EXPECT_EQ(r.graph->entities[2].pronouns, "");
  std::string out = write_graph_jsonl(*r.graph);
  EXPECT_NE(out.find("\"pronouns\":\"she\""), std::string::npos) << out;
  EXPECT_EQ(out.find("Un Known\",\"pronouns"), std::string::npos) << out;
}

TEST(GraphJsonl, EntityImagesAreReadAndWritten) {
  auto r = parse_graph_jsonl(
      "{\"entity\": \"kristen-stewart\", \"kind\": \"person\", \"name\": \"Kristen Stewart\", "
      "\"image\": {\"file\": \"images/ks.jpg\", \"credit\": \"Photo: A. Ruiz\", \"alt\": \"At the "
      "premiere\"}}\n"
      "{\"entity\": \"joan-jett\", \"kind\": \"person\", \"name\": \"Joan Jett\", "
      "\"image\": {\"media\": \"0123456789abcdef0123456789abcdef.jpg\"}}\n");
  ASSERT_TRUE(r.ok()) << r.errors[0].reason;
  const GraphImage& ks = r.graph->images.at("kristen-stewart");
  EXPECT_EQ(ks.file, "images/ks.jpg");
  EXPECT_EQ(ks.credit, "Photo: A. Ruiz");
  EXPECT_EQ(ks.alt, "At the premiere");
  EXPECT_EQ(r.graph->images.at("joan-jett").media, "0123456789abcdef0123456789abcdef.jpg");
  auto again = parse_graph_jsonl(write_graph_jsonl(*r.graph));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.graph->images, r.graph->images);
  // From the store: the photo is named by its stored name, the id left out.
  Entity stored = r.graph->entities[0];
  stored.id = 7;
  stored.image_media_id = 42;
  auto file = to_graph_file({stored}, {}, [](Id id) -> std::optional<GraphImage> {
    if (id != 42) return std::nullopt;
    return GraphImage{"", "aaaabbbbccccddddeeeeffff00001111.jpg", "", "Credit", "Alt"};
  });
  EXPECT_FALSE(file.entities[0].image_media_id);
  EXPECT_EQ(file.images.at("kristen-stewart").media, "aaaabbbbccccddddeeeeffff00001111.jpg");
}

TEST(GraphJsonl, WriterEscapesAndOmitsDefaults) {
  GraphFile g;
  Entity e;
  e.slug = "quoted";
  e.kind = EntityKind::song;
  e.name = "Say \"Hi\"\n";
  g.entities.push_back(e);
  std::string out = write_graph_jsonl(g);
  EXPECT_EQ(out, "{\"entity\":\"quoted\",\"kind\":\"song\",\"name\":\"Say \\\"Hi\\\"\\n\"}\n");
  auto back = parse_graph_jsonl(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.graph->entities[0].name, e.name);
}

TEST(GraphJsonl, StoreRowsToFileRowsAndBack) {
  std::vector<Entity> entities(2);
  entities[0].id = 10;
  entities[0].slug = "a";
  entities[0].name = "A";
  entities[1].id = 20;
  entities[1].slug = "b";
  entities[1].name = "B";
  std::vector<Relation> relations = {{1, 10, "performed", 20, {{"year", "1976"}}},
                                     {2, 10, "performed", 99, {}}};
  GraphFile file = to_graph_file(entities, relations);
  ASSERT_EQ(file.relations.size(), 1u);
  EXPECT_EQ(file.relations[0].subject, "a");
  EXPECT_EQ(file.entities[0].id, 0);
  auto back = resolve_relations(entities, file.relations);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].subject_id, 10);
  EXPECT_EQ(back[0].object_id, 20);
  EXPECT_EQ(back[0].qualifiers.at("year"), "1976");
}

}  // namespace
}  // namespace marquee
