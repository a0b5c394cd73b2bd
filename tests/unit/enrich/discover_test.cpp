// Entity discovery: people named in full with evidence, works and bands with cues or marks,
// known names left out, thresholds, merging shards, and the JSON Lines the importer accepts.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "enrich/discover.h"
#include "fixture.h"

namespace marquee {
namespace {

using testing::small_graph;

const DiscoveredEntity* find(const std::vector<DiscoveredEntity>& all, std::string_view name) {
  for (const auto& d : all)
    if (d.entity.name == name) return &d;
  return nullptr;
}

const StoryText kArchive[] = {
    {"Road Film Wraps", "",
     "Director Mara Quinlan wrapped Glass Highway on Friday. \"We drove four thousand miles,\" "
     "Quinlan said. Priya Castellanos, who plays the lead, rode along.\n\nThe film *Dust "
     "Season* opens next."},
    {"", "",
     "Priya Castellanos said the shoot was long. \"I slept in the van,\" Castellanos said. Mara "
     "Quinlan agreed. The band Neon Harbor played the wrap party."},
    {"", "",
     "Neon Harbor, the band from Ohio, released \"Paper Lanterns\" this week. Mara Quinlan "
     "directed the video. Los Angeles was hot. Kristen Stewart visited."},
    {"", "",
     "Yesterday Kristen Stewart went to Los Angeles. *Dust Season* screened again, and the "
     "band Neon Harbor played \"Paper Lanterns\" live."},
};

std::vector<DiscoveredEntity> discover_archive(DiscoveryOptions options = {}) {
  EntityDiscovery d(small_graph(), options);
  Id id = 1;
  for (const auto& s : kArchive) d.add_story(id++, s);
  return d.proposals();
}

TEST(Discovery, ProposesPeopleWorksAndBands) {
  auto all = discover_archive();
  struct Want {
    const char* name;
    EntityKind kind;
    std::size_t stories;
  };
  for (const Want& w :
       {Want{"Mara Quinlan", EntityKind::person, 3},
        Want{"Priya Castellanos", EntityKind::person, 2}, Want{"Neon Harbor", EntityKind::band, 3},
        Want{"Dust Season", EntityKind::film, 2}, Want{"Paper Lanterns", EntityKind::song, 2}}) {
    const DiscoveredEntity* d = find(all, w.name);
    ASSERT_NE(d, nullptr) << w.name;
    EXPECT_EQ(d->entity.kind, w.kind) << w.name;
    EXPECT_EQ(d->story_count, w.stories) << w.name;
    EXPECT_EQ(d->stories.size(), w.stories) << w.name;
    EXPECT_GE(d->confidence, 0.5) << w.name;
    EXPECT_LT(d->confidence, 1.0) << w.name;
  }
  EXPECT_EQ(find(all, "Kristen Stewart"), nullptr);  // in the graph
  EXPECT_EQ(find(all, "Los Angeles"), nullptr);      // named twice, but nothing says what it is
  EXPECT_EQ(find(all, "Yesterday Kristen Stewart"), nullptr);
  EXPECT_EQ(find(all, "Glass Highway"), nullptr);  // one story only
  EXPECT_EQ(all.size(), 5u);
  EXPECT_EQ(find(all, "Mara Quinlan")->entity.slug, "mara-quinlan");
}

// Roles and titles before a name are not part of it, organisations that speak are not people,
// and a full name that opens its sentences is still a full name.
TEST(Discovery, TitlesRolesAndInstitutionsAreNotPeople) {
  const StoryText archive[] = {
      {"", "",
       "Jonah Marsh finished the book in May. Author Jonah Marsh signed copies. Prince Harry "
       "attended. \"It was long,\" Marsh said. Velvet Records said it would print more."},
      {"", "",
       "Jonah Marsh opened the festival. Prince Harry laughed. Velvet Records said sales were "
       "strong. \"We sold out,\" Marsh said."},
  };
  EntityDiscovery d(small_graph());
  for (Id id = 1; const auto& s : archive) d.add_story(id++, s);
  auto all = d.proposals();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].entity.name, "Jonah Marsh");
  EXPECT_EQ(all[0].entity.kind, EntityKind::person);
  EXPECT_EQ(all[0].short_refs, 2u);
}

// What an archive written against its graph gives when read with that graph: pieces of known
// titles ("The Neon" of "The Neon of the Nothing", the "Valley" of "Avenue of the Valley" after
// a headline's "Why", the "Youth" of "Last of the Youth"), a known person's surname alone, and
// words capitalised only because they open a sentence ("Was Dunmore") are not new entities. Read
// without the graph, the titles are proposed whole.
TEST(Discovery, PiecesOfKnownNamesAndSentenceCapitalsAreNotProposed) {
  auto graph = testing::compile_jsonl(R"(
{"entity": "the-neon-of-the-nothing", "kind": "band", "name": "The Neon of the Nothing"}
{"entity": "avenue-of-the-valley", "kind": "show", "name": "Avenue of the Valley"}
{"entity": "gloria-dunmore", "kind": "person", "name": "Gloria Dunmore"}
{"entity": "last-of-the-youth", "kind": "song", "name": "Last of the Youth"}
{"entity": "the-radio-of-the-last", "kind": "album", "name": "The Radio of the Last"}
)");
  std::vector<StoryText> archive;
  for (int i = 0; i < 6; ++i)
    archive.push_back(
        {"Why Avenue of the Valley Matters", "",
         "The band The Neon of the Nothing said it would tour, the band's label said. The Neon "
         "of the Nothing played on. Which song came first? The band Dunmore had no part; "
         "Dunmore said so, the singer Dunmore said, and the show *Avenue of the Valley* went "
         "on. Is that the band? Gloria Dunmore said it was. The band played the song *Last of the "
         "Youth* from the album The Radio of the Last. Was Dunmore there? Nobody was sure."});
  auto read = [&](GraphSnapshot g) {
    EntityDiscovery d(std::move(g));
    Id id = 1;
    for (const auto& s : archive) d.add_story(id++, s);
    return d.proposals();
  };
  auto with_graph = read(graph);
  for (const auto& d : with_graph) ADD_FAILURE() << "proposed " << d.entity.name;

  auto without = read(KnowledgeGraph::compile({}, {}));
  const DiscoveredEntity* band = find(without, "The Neon of the Nothing");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->entity.kind, EntityKind::band);
  EXPECT_NE(find(without, "Gloria Dunmore"), nullptr);
  for (const char* piece : {"The Neon", "Neon", "Nothing", "Which", "Is", "Valley", "Was Dunmore",
                            "Youth", "The Radio"})
    EXPECT_EQ(find(without, piece), nullptr) << piece;
}

TEST(Discovery, ThresholdsAndStoryIdLimit) {
  DiscoveryOptions strict;
  strict.min_stories = 3;
  strict.max_story_ids = 1;
  auto all = discover_archive(strict);
  ASSERT_NE(find(all, "Mara Quinlan"), nullptr);
  EXPECT_EQ(find(all, "Priya Castellanos"), nullptr);
  EXPECT_EQ(find(all, "Mara Quinlan")->stories.size(), 1u);
  EXPECT_EQ(find(all, "Mara Quinlan")->story_count, 3u);
  DiscoveryOptions sure;
  sure.min_confidence = 0.99;
  EXPECT_TRUE(discover_archive(sure).empty());
}

TEST(Discovery, ShardsMergeToTheSameProposals) {
  EntityDiscovery a(small_graph()), b(small_graph());
  Id id = 1;
  for (const auto& s : kArchive) (id % 2 ? a : b).add_story(id, s), ++id;
  a.merge(std::move(b));
  EXPECT_EQ(a.stories_seen(), 4u);
  auto merged = a.proposals();
  auto whole = discover_archive();
  ASSERT_EQ(merged.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(merged[i].entity.name, whole[i].entity.name);
    EXPECT_EQ(merged[i].story_count, whole[i].story_count);
    EXPECT_DOUBLE_EQ(merged[i].confidence, whole[i].confidence);
  }
}

// Reading the linker's tokens gives what splitting the text again gives; an enrichment of other
// text (a gallery's captions read with its body) is not mistaken for this one.
TEST(Discovery, TheLinkersTokensGiveTheSameProposals) {
  const auto graph = small_graph();
  EntityDiscovery with(graph), other(graph);
  Id id = 1;
  for (const auto& s : kArchive) {
    const Enrichment enrichment = enrich_story(*graph, s);
    ASSERT_NE(enrichment.read, nullptr);
    with.add_story(id, s, &enrichment);
    const std::string longer = std::string(s.body) + "\n\nA caption.";
    const Enrichment of_other = enrich_story(*graph, {s.headline, s.dek, longer});
    other.add_story(id, s, &of_other);
    ++id;
  }
  const auto whole = discover_archive();
  for (auto* d : {&with, &other}) {
    auto found = d->proposals();
    ASSERT_EQ(found.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(found[i].entity.name, whole[i].entity.name);
      EXPECT_EQ(found[i].story_count, whole[i].story_count);
      EXPECT_DOUBLE_EQ(found[i].confidence, whole[i].confidence);
    }
  }
}

TEST(Discovery, SlugsAreUniqueAgainstTheGraph) {
  // "Lita Ford" is known; a proposal named like a known slug gets the kind appended.
  auto g = testing::compile_jsonl(
      R"({"entity": "neon-harbor", "kind": "film", "name": "Neon Harbor Live"})");
  EntityDiscovery d(g);
  Id id = 1;
  for (const auto& s : kArchive) d.add_story(id++, s);
  auto all = d.proposals();
  ASSERT_NE(find(all, "Neon Harbor"), nullptr);
  EXPECT_EQ(find(all, "Neon Harbor")->entity.slug, "neon-harbor-band");
}

TEST(Discovery, WritesGraphJsonLinesThatImport) {
  auto all = discover_archive();
  std::string jsonl = write_discovered_jsonl(all);
  auto parsed = parse_graph_jsonl(jsonl);
  ASSERT_TRUE(parsed.ok()) << jsonl;
  ASSERT_EQ(parsed.graph->entities.size(), all.size());
  EXPECT_EQ(parsed.graph->entities[0].name, all[0].entity.name);
  EXPECT_NE(jsonl.find("\"confidence\":"), std::string::npos);
  EXPECT_NE(jsonl.find("\"stories\":["), std::string::npos);
}

// Throughput on synthetic stories: prints stories per second and the time a million would
// take. Many distinct invented names, so the candidate table grows as an archive's would.
TEST(Discovery, SyntheticArchiveThroughput) {
  const char* first[] = {"Mara", "Priya", "Devon", "Tess", "Rafe", "Nils", "Jonah", "Ines"};
  const char* last[] = {"Quinlan", "Castellanos", "Hale", "Okafor", "Lindqvist", "Marsh"};
  EntityDiscovery d(small_graph());
  constexpr int kStories = 20000;
  std::vector<std::string> bodies;
  bodies.reserve(kStories);
  for (int i = 0; i < kStories; ++i) {
    std::string a = std::string(first[i % 8]) + " " + last[(i / 8) % 6] + std::to_string(i % 997);
    std::string b = std::string(first[(i + 3) % 8]) + " " + last[(i + 1) % 6];
    bodies.push_back("Director " + a + " finished the film *Night Drive " +
                     std::to_string(i % 311) +
                     "* on Friday after a long shoot in the desert. \"It was the hardest month of "
                     "my life,\" " +
                     b + " said. The band Static " + std::to_string(i % 53) +
                     " played at the wrap party, and " + b +
                     " stayed until dawn.\n\nKristen "
                     "Stewart was not there. The crew thanked the caterers and the drivers, "
                     "and the studio said the release would come next spring.");
  }
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kStories; ++i) d.add_story(i + 1, {"A Long Shoot Ends", "", bodies[i]});
  auto added = std::chrono::steady_clock::now();
  auto all = d.proposals();
  auto done = std::chrono::steady_clock::now();
  double add_s = std::chrono::duration<double>(added - start).count();
  double final_s = std::chrono::duration<double>(done - added).count();
  std::printf(
      "discovery: %d stories (%zu bytes each) in %.2f s, %.0f stories/s, a million in "
      "%.0f s; %zu names held, proposals in %.3f s (%zu)\n",
      kStories, bodies[0].size(), add_s, kStories / add_s, 1e6 * add_s / kStories,
      d.candidate_count(), final_s, all.size());
  EXPECT_EQ(d.stories_seen(), static_cast<std::size_t>(kStories));
  EXPECT_NE(find(all, "Tess Okafor"), nullptr);  // quoted in many stories
}

// A million synthetic stories of about 1.5 KB, made on the fly: the archive-sized run. Slow for
// a unit test, so run it by hand with --gtest_also_run_disabled_tests.
TEST(Discovery, DISABLED_MillionStories) {
  const char* first[] = {"Mara", "Priya", "Devon", "Tess", "Rafe", "Nils", "Jonah", "Ines", "Cato"};
  const char* last[] = {"Quinlan", "Castellanos", "Hale", "Okafor", "Lindqvist", "Marsh", "Vale"};
  const std::string filler =
      " The crew worked through the night and the studio said the release would come next "
      "spring, after a festival run in the autumn. Critics who saw an early cut praised the "
      "score and the long final scene, and the cast stayed to answer questions until late.";
  EntityDiscovery d(small_graph());
  constexpr int kStories = 1000000;
  std::size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kStories; ++i) {
    std::string a = std::string(first[i % 9]) + " " + last[(i / 9) % 7] + std::to_string(i % 4999);
    std::string b = std::string(first[(i + 4) % 9]) + " " + last[(i / 3) % 7];
    std::string body =
        "Director " + a + " finished the film *Night Drive " + std::to_string(i % 1999) +
        "* on Friday. \"It was the hardest month of my "
        "life,\" " +
        b + " said. The band Static " + std::to_string(i % 997) + " played the wrap party." +
        filler + filler + filler + "\n\n" + b + " stayed until dawn." + filler + filler;
    bytes += body.size();
    d.add_story(i + 1, {"A Long Shoot Ends", "", body});
  }
  auto added = std::chrono::steady_clock::now();
  auto all = d.proposals();
  auto done = std::chrono::steady_clock::now();
  std::printf(
      "discovery: %d stories, %.0f MB, in %.1f s; %zu names held; proposals (%zu) in "
      "%.2f s\n",
      kStories, static_cast<double>(bytes) / 1e6,
      std::chrono::duration<double>(added - start).count(), d.candidate_count(), all.size(),
      std::chrono::duration<double>(done - added).count());
  EXPECT_GT(all.size(), 1000u);
}

}  // namespace
}  // namespace marquee
