// Synthetic stories: headlines and paragraphs assembled from word lists with a seeded PRNG, so
// that the same seed gives the same site.
#include "cli/bench_data.h"

#include "cli/bench_corpus.h"

#include <array>
#include <chrono>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include "core/slug.h"
#include "text/text.h"

namespace marquee::cli {
namespace {

constexpr std::array<const char*, 24> kNames = {
    "Ava Marlowe",  "Jonah Reyes",    "Priya Castell", "Leo Hartigan",   "Nina Vasquez",
    "Owen Kessler", "Maya Lindqvist", "Theo Baptiste", "Iris Moreau",    "Caleb Okonkwo",
    "Rosa Delgado", "Felix Armitage", "Hana Sato",     "Marcus Bell",    "Elena Petrov",
    "Sam Whitford", "Zoe Achterberg", "Ruben Salas",   "Clara Beaumont", "Dev Malhotra",
    "Lucia Ferri",  "Noah Brandt",    "Greta Holm",    "Jules Okafor"};
constexpr std::array<const char*, 16> kWorks = {
    "Midnight Harbor",  "The Glass Orchard", "Paper Lanterns",   "Neon Tide",
    "Silver Static",    "The Long Encore",   "Velvet Thunder",   "Northern Lights Motel",
    "Saltwater Saints", "Echo Park Nights",  "The Last Matinee", "Copper Skies",
    "Wild Hearts Club", "Lighthouse Radio",  "The Hollow Stage", "Summer of Sparks"};
constexpr std::array<const char*, 12> kVerbs = {
    "talks about", "opens up on", "returns to", "teases",   "celebrates", "reflects on",
    "joins",       "wraps",       "premieres",  "revisits", "defends",    "surprises fans with"};
constexpr std::array<const char*, 40> kWords = {
    "the",     "cast",    "premiere", "season",   "stage",  "studio",  "director",  "audience",
    "tour",    "album",   "single",   "festival", "camera", "script",  "rehearsal", "crew",
    "critics", "fans",    "night",    "week",     "role",   "scene",   "sequel",    "trailer",
    "record",  "chorus",  "band",     "screen",   "story",  "career",  "summer",    "city",
    "moment",  "friends", "legend",   "debut",    "finale", "episode", "music",     "film"};

struct Section {
  const char* slug;
  const char* name;
};
constexpr std::array<Section, 4> kSections = {
    {{"movies", "Movies"}, {"music", "Music"}, {"tv", "TV"}, {"celebrity", "Celebrity"}}};

template <typename List>
const char* pick(const List& list, std::mt19937& rng) {
  return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng)];
}

std::string sentence(std::mt19937& rng) {
  std::string s = pick(kNames, rng);
  s += ' ';
  s += pick(kVerbs, rng);
  s += ' ';
  s += pick(kWorks, rng);
  int words = std::uniform_int_distribution<int>(8, 18)(rng);
  for (int i = 0; i < words; ++i) {
    s += ' ';
    s += pick(kWords, rng);
  }
  return s + ".";
}

}  // namespace

int make_bench_data(Store& store, const BenchDataOptions& options) {
  if (options.corpus == "realistic") {
    RealisticCorpusOptions realistic;
    realistic.stories = options.stories;
    realistic.seed = options.seed;
    return make_realistic_corpus(store, realistic, std::cerr);
  }
  if (options.corpus != "simple") {
    throw std::invalid_argument("unknown corpus \"" + options.corpus + "\" (realistic or simple)");
  }
  std::mt19937 rng(options.seed);
  std::vector<std::pair<std::string, std::string>> sections;
  for (const auto& s : kSections) sections.emplace_back(s.slug, s.name);
  add_missing_sections(store, sections);
  std::vector<Id> authors;
  for (int i = 0; i < 8; ++i) {
    std::string name = std::string(kNames[static_cast<std::size_t>(i)]);
    auto slug = "bench-" + slugify(name);
    if (auto user = store.users().find_by_slug(slug)) {
      authors.push_back(user->id);
      continue;
    }
    User author;
    author.display_name = name;
    author.slug = slug;
    author.role = Role::writer;
    author.bio = name + " covers film, television and music.";
    authors.push_back(store.users().save(author).id);
  }
  auto start = std::chrono::sys_days{std::chrono::year{2015} / 1 / 1};
  int made = 0;
  for (int i = 0; i < options.stories; ++i) {
    Article story;
    story.headline =
        std::string(pick(kNames, rng)) + " " + pick(kVerbs, rng) + " '" + pick(kWorks, rng) + "'";
    story.slug = slugify(story.headline, 60) + "-" + std::to_string(i + 1);
    story.dek = sentence(rng);
    std::string body;
    int paragraphs = std::uniform_int_distribution<int>(6, 10)(rng);
    for (int p = 0; p < paragraphs; ++p) {
      int sentences = std::uniform_int_distribution<int>(2, 4)(rng);
      for (int s = 0; s < sentences; ++s) body += sentence(rng) + " ";
      body += "\n\n";
      if (p == 2) body += "> \"" + sentence(rng) + "\"\n\n";
    }
    story.body = body;
    story.body_html = text::markdown_to_html(body);
    story.section = kSections[static_cast<std::size_t>(i) % kSections.size()].slug;
    story.author_ids = {authors[static_cast<std::size_t>(i) % authors.size()]};
    story.tags = {pick(kWorks, rng)};
    story.status = ArticleStatus::published;
    story.publish_at = Time{start} + std::chrono::minutes(37L * i);
    story.exclusive = i % 50 == 0;
    story.featured = i % 97 == 0;
    store.articles().save(story, 0);
    ++made;
    if (made % 10000 == 0) std::cerr << "  " << made << " stories" << std::endl;
  }
  return made;
}

}  // namespace marquee::cli
