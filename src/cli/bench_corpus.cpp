// The realistic benchmark archive: see bench_corpus.h. Word and name lists are written for this
// generator; the long tail of the vocabulary is made of syllables, so that rare words are rare.
#include "cli/bench_corpus.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/slug.h"
#include "core/workers.h"
#include "text/text.h"

namespace marquee::cli {
namespace {

using Rng = std::mt19937;

// The head of the vocabulary, most frequent first: the words every English story is made of.
constexpr std::array<std::string_view, 120> kCommonWords = {
    "the",    "of",      "and",     "to",     "a",      "in",     "is",       "that",    "for",
    "it",     "was",     "on",      "with",   "as",     "at",     "his",      "her",     "by",
    "from",   "they",    "this",    "be",     "have",   "an",     "not",      "are",     "but",
    "had",    "which",   "their",   "one",    "all",    "were",   "when",     "we",      "there",
    "been",   "has",     "more",    "who",    "will",   "would",  "about",    "out",     "up",
    "into",   "after",   "over",    "new",    "year",   "first",  "two",      "than",    "so",
    "time",   "could",   "also",    "some",   "like",   "what",   "just",     "years",   "back",
    "last",   "people",  "them",    "before", "said",   "only",   "most",     "where",   "still",
    "never",  "made",    "many",    "while",  "night",  "other",  "then",     "through", "since",
    "week",   "because", "where",   "during", "around", "long",   "again",    "each",    "both",
    "those",  "second",  "next",    "three",  "under",  "might",  "already",  "often",   "between",
    "almost", "without", "another", "every",  "little", "always", "together", "own",     "early",
    "later",  "home",    "best",    "until",  "even",   "much",   "way",      "being",   "old",
    "big",    "few",     "good"};

// The words of entertainment news, next in frequency.
constexpr std::array<std::string_view, 112> kTradeWords = {
    "film",        "album",      "season",    "tour",       "show",      "series",    "star",
    "fans",        "premiere",   "director",  "cast",       "song",      "band",      "stage",
    "role",        "music",      "studio",    "episode",    "trailer",   "festival",  "record",
    "audience",    "critics",    "script",    "single",     "award",     "screen",    "sequel",
    "red",         "carpet",     "interview", "producer",   "debut",     "finale",    "career",
    "concert",     "chart",      "release",   "box",        "office",    "streaming", "network",
    "drama",       "comedy",     "rehearsal", "crew",       "set",       "scene",     "character",
    "performance", "nomination", "ceremony",  "gala",       "couture",   "designer",  "runway",
    "label",       "vinyl",      "chorus",    "verse",      "guitar",    "drummer",   "singer",
    "actor",       "actress",    "writer",    "showrunner", "reboot",    "franchise", "casting",
    "audition",    "soundtrack", "score",     "ballad",     "anthem",    "encore",    "arena",
    "stadium",     "theater",    "broadway",  "musical",    "premiered", "filmed",    "recorded",
    "released",    "announced",  "revealed",  "teased",     "shared",    "posted",    "joined",
    "starred",     "played",     "directed",  "wrote",      "produced",  "toured",    "sang",
    "tickets",     "dates",      "headline",  "lineup",     "sold",      "crowd",     "viewers",
    "ratings",     "opening",    "weekend",   "sources",    "statement", "rumors",    "couple"};

constexpr std::array<std::string_view, 24> kOnsets = {"b", "br", "c", "cl", "d",  "dr", "f",  "fl",
                                                      "g", "gr", "h", "j",  "k",  "l",  "m",  "n",
                                                      "p", "pr", "r", "s",  "st", "t",  "tr", "v"};
constexpr std::array<std::string_view, 10> kVowels = {"a",  "e",  "i",  "o",  "u",
                                                      "ai", "ea", "io", "ou", "y"};
constexpr std::array<std::string_view, 12> kCodas = {"",  "n",  "r",  "l",  "s",  "t",
                                                     "m", "nd", "st", "rk", "ll", "x"};

constexpr std::array<std::string_view, 60> kFemaleNames = {
    "Ava",     "Maya",  "Nora",   "Iris",   "Lena",  "Clara", "Rosa",   "Hana",    "Zoe",
    "Greta",   "Lucia", "Elena",  "Priya",  "Amara", "Sofia", "Mila",   "Ines",    "Tessa",
    "Vera",    "Jada",  "Keira",  "Naomi",  "Ruby",  "Selma", "Talia",  "Yara",    "Freya",
    "Dalia",   "Esme",  "Farah",  "Gemma",  "Hazel", "Ivy",   "Juno",   "Kaia",    "Lila",
    "Marisol", "Nadia", "Olive",  "Paloma", "Quinn", "Rhea",  "Sienna", "Thea",    "Uma",
    "Valeria", "Willa", "Ximena", "Yasmin", "Zara",  "Alma",  "Bianca", "Celeste", "Daphne",
    "Elsa",    "Flora", "Gloria", "Helena", "Isla",  "Josie"};
constexpr std::array<std::string_view, 60> kMaleNames = {
    "Leo",    "Owen",    "Theo",   "Caleb",  "Marcus", "Felix",  "Ruben", "Jonah",   "Noah",
    "Jules",  "Dev",     "Sam",    "Omar",   "Ezra",   "Hugo",   "Ivan",  "Jasper",  "Kofi",
    "Liam",   "Milo",    "Nico",   "Oscar",  "Pablo",  "Rafael", "Silas", "Tobias",  "Ugo",
    "Victor", "Wes",     "Xavier", "Yusuf",  "Zane",   "Abel",   "Bruno", "Cyrus",   "Dario",
    "Emil",   "Fabian",  "Gideon", "Hector", "Idris",  "Joel",   "Kenji", "Lorenzo", "Mateo",
    "Nils",   "Otto",    "Pierce", "Rowan",  "Soren",  "Tariq",  "Uriel", "Vance",   "Wyatt",
    "Anton",  "Bennett", "Callum", "Dmitri", "Elias",  "Finn"};
constexpr std::array<std::string_view, 12> kOtherNames = {"Alex", "Jordan", "Robin", "Sasha",
                                                          "Rio",  "Kai",    "Remy",  "Sky",
                                                          "Ari",  "Noor",   "Reese", "Emery"};
constexpr std::array<std::string_view, 200> kSurnames = {
    "Marlowe",    "Reyes",     "Castell",    "Hartigan",  "Vasquez",      "Kessler",    "Lindqvist",
    "Baptiste",   "Moreau",    "Okonkwo",    "Delgado",   "Armitage",     "Sato",       "Bell",
    "Petrov",     "Whitford",  "Achterberg", "Salas",     "Beaumont",     "Malhotra",   "Ferri",
    "Brandt",     "Holm",      "Okafor",     "Quinlan",   "Orsay",        "Renner",     "Ashby",
    "Blackwood",  "Calloway",  "Dunmore",    "Ellery",    "Fairbanks",    "Galloway",   "Hollis",
    "Iverson",    "Jarrow",    "Kingsley",   "Lockhart",  "Merriweather", "Northcott",  "Oakes",
    "Pendleton",  "Quarry",    "Radcliffe",  "Sterling",  "Thorne",       "Underhill",  "Vance",
    "Wainwright", "Yardley",   "Zeller",     "Abernathy", "Bracken",      "Carver",     "Dalton",
    "Easton",     "Fletcher",  "Garrow",     "Hale",      "Ingram",       "Jessup",     "Keane",
    "Langley",    "Mercer",    "Nash",       "Osgood",    "Prescott",     "Rourke",     "Sinclair",
    "Tolliver",   "Upton",     "Vickers",    "Weller",    "Yates",        "Alcott",     "Bishop",
    "Crane",      "Devereux",  "Everly",     "Frost",     "Grady",        "Hawthorne",  "Irwin",
    "Jennings",   "Kerr",      "Lowell",     "Monroe",    "Nolan",        "Ortega",     "Park",
    "Quiroga",    "Rios",      "Soto",       "Tran",      "Ueda",         "Varga",      "Wolfe",
    "Xu",         "Young",     "Zamora",     "Adeyemi",   "Bergstrom",    "Chen",       "Diallo",
    "Eriksen",    "Fonseca",   "Gupta",      "Haddad",    "Ibarra",       "Jovanovic",  "Kowalski",
    "Larsen",     "Mendoza",   "Nakamura",   "Oduya",     "Popescu",      "Rahman",     "Schultz",
    "Takahashi",  "Ulloa",     "Volkov",     "Watanabe",  "Yilmaz",       "Zhou",       "Amari",
    "Bassett",    "Cortez",    "Dumont",     "Espinoza",  "Farrow",       "Gallo",      "Huxley",
    "Iyer",       "Jaramillo", "Kimura",     "Laurent",   "Moss",         "Navarro",    "Obi",
    "Pryce",      "Quist",     "Rossi",      "Santoro",   "Tate",         "Urban",      "Villa",
    "Webb",       "Ximenez",   "York",       "Zane",      "Avery",        "Bram",       "Cole",
    "Drake",      "Ember",     "Fox",        "Gray",      "Hart",         "Ives",       "Jett",
    "Knox",       "Lane",      "March",      "North",     "Oliver",       "Pike",       "Rhodes",
    "Shaw",       "Tanner",    "Vale",       "West",      "Ashford",      "Brightwell", "Colvin",
    "Dunbar",     "Elwood",    "Finch",      "Gentry",    "Halloway",     "Inglis",     "Juarez",
    "Kaplan",     "Ludlow",    "Maddox",     "Nyberg",    "Orr",          "Pruitt",     "Rand",
    "Sayer",      "Tibbs",     "Vaughn",     "Whitlock"};

// Words for titles of films, shows, albums, songs and bands.
constexpr std::array<std::string_view, 96> kTitleWords = {
    "Midnight",  "Harbor",  "Glass",   "Orchard", "Paper",    "Lantern",  "Neon",     "Tide",
    "Silver",    "Static",  "Encore",  "Velvet",  "Thunder",  "Northern", "Lights",   "Motel",
    "Saltwater", "Saints",  "Echo",    "Park",    "Matinee",  "Copper",   "Skies",    "Wild",
    "Hearts",    "Radio",   "Hollow",  "Sparks",  "Summer",   "Winter",   "River",    "Desert",
    "Golden",    "Hour",    "Broken",  "Crown",   "Electric", "Avenue",   "Paradise", "Lost",
    "Burning",   "Bridges", "Crystal", "Lake",    "Dark",     "Horse",    "Empty",    "Rooms",
    "Falling",   "Stars",   "Iron",    "Garden",  "Last",     "Dance",    "Quiet",    "Storm",
    "Scarlet",   "Letters", "Hidden",  "Valley",  "Endless",  "Road",     "Little",   "Fires",
    "Ghost",     "Town",    "Black",   "Sand",    "Blue",     "Moon",     "Stone",    "Heart",
    "Second",    "Chance",  "City",    "Limits",  "Open",     "Water",    "Painted",  "Birds",
    "Secret",    "Life",    "Fever",   "Dream",   "Lonely",   "Planet",   "Sweet",    "Nothing",
    "Distant",   "Shore",   "Heavy",   "Rain",    "Bright",   "Side",     "Rebel",    "Youth"};

struct Section {
  const char* slug;
  const char* name;
  int weight;  // share of the archive
};
constexpr std::array<Section, 8> kSections = {{{"movies", "Movies", 26},
                                               {"music", "Music", 24},
                                               {"tv", "TV", 20},
                                               {"celebrity", "Celebrity", 15},
                                               {"awards", "Awards", 5},
                                               {"style", "Style", 4},
                                               {"theater", "Theater", 3},
                                               {"books", "Books", 3}}};

enum class Trade { actor, musician, director, host };

struct PersonInfo {
  std::string first;
  std::string surname;
  Trade trade;
};

struct Node {
  Entity entity;
  std::string short_name;   // what a second mention says: the surname, or the title
  std::vector<int> linked;  // indexes of the entities it has relations with
};

template <typename List>
std::string_view pick(const List& list, Rng& rng) {
  return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng)];
}

int uniform(Rng& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

bool chance(Rng& rng, double p) {
  return std::bernoulli_distribution(p)(rng);
}

// Ranks 0..n-1 with P(rank) proportional to 1/(rank+1)^s.
std::discrete_distribution<int> zipf(int n, double s) {
  std::vector<double> weights(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) weights[static_cast<std::size_t>(r)] = 1.0 / std::pow(r + 1.0, s);
  return {weights.begin(), weights.end()};
}

std::vector<std::string> make_vocabulary(int size, Rng& rng) {
  std::discrete_distribution<int> syllables_of({30, 55, 15});
  auto syllable_count = [&](Rng& r) { return syllables_of(r) + 1; };
  std::vector<std::string> words;
  std::set<std::string> seen;
  auto add = [&](std::string w) {
    if (seen.insert(w).second) words.push_back(std::move(w));
  };
  for (auto w : kCommonWords) add(std::string(w));
  for (auto w : kTradeWords) add(std::string(w));
  while (static_cast<int>(words.size()) < size) {
    std::string w;
    // Mostly two syllables, as English words are; a coda on the last one.
    const int syllables = syllable_count(rng);
    for (int i = 0; i < syllables; ++i) {
      w += pick(kOnsets, rng);
      w += pick(kVowels, rng);
      if (i + 1 == syllables) w += pick(kCodas, rng);
    }
    if (w.size() >= 3) add(std::move(w));
  }
  return words;
}

const char* trade_description(Trade t) {
  switch (t) {
    case Trade::actor:
      return "Actor (synthetic benchmark data).";
    case Trade::musician:
      return "Singer and songwriter (synthetic benchmark data).";
    case Trade::director:
      return "Film and television director (synthetic benchmark data).";
    case Trade::host:
      return "Television host (synthetic benchmark data).";
  }
  return "";
}

// The graph: people, then works with their relations to people.
class Graph {
 public:
  Graph(const RealisticCorpusOptions& options, Rng& rng) { build(options, rng); }

  std::vector<Node> nodes;
  std::map<EntityKind, std::vector<int>> by_kind;  // indexes, most written about first
  std::map<Trade, std::vector<int>> by_trade;
  std::vector<RelationBySlug> relations;

 private:
  int add(Entity e, std::string short_name) {
    std::string base = slugify(e.name, 60);
    std::string slug = base;
    for (int n = 2; !slugs_.insert(slug).second; ++n) slug = base + "-" + std::to_string(n);
    e.slug = slug;
    nodes.push_back({std::move(e), std::move(short_name), {}});
    int index = static_cast<int>(nodes.size()) - 1;
    by_kind[nodes.back().entity.kind].push_back(index);
    return index;
  }

  void relate(int subject, const char* predicate, int object,
              std::map<std::string, std::string> qualifiers = {}) {
    relations.push_back({nodes[static_cast<std::size_t>(subject)].entity.slug, predicate,
                         nodes[static_cast<std::size_t>(object)].entity.slug,
                         std::move(qualifiers)});
    nodes[static_cast<std::size_t>(subject)].linked.push_back(object);
    nodes[static_cast<std::size_t>(object)].linked.push_back(subject);
  }

  // A person of that trade, the ones written about most having the most roles too.
  int someone(Trade trade, Rng& rng) {
    const auto& pool = by_trade.at(trade);
    return pool[static_cast<std::size_t>(trade_rank_.at(trade)(rng))];
  }

  void build(const RealisticCorpusOptions& options, Rng& rng) {
    // People: every first name with every surname, shuffled, as many as asked.
    std::vector<std::pair<std::string_view, const char*>> firsts;
    for (auto n : kFemaleNames) firsts.emplace_back(n, "she");
    for (auto n : kMaleNames) firsts.emplace_back(n, "he");
    for (auto n : kOtherNames) firsts.emplace_back(n, "they");
    std::vector<std::pair<std::size_t, std::size_t>> combos;
    for (std::size_t f = 0; f < firsts.size(); ++f)
      for (std::size_t s = 0; s < kSurnames.size(); ++s) combos.emplace_back(f, s);
    std::shuffle(combos.begin(), combos.end(), rng);
    const int people = std::min<int>(options.people, static_cast<int>(combos.size()));
    for (int i = 0; i < people; ++i) {
      auto [f, s] = combos[static_cast<std::size_t>(i)];
      int roll = uniform(rng, 0, 99);
      Trade trade = roll < 50   ? Trade::actor
                    : roll < 80 ? Trade::musician
                    : roll < 92 ? Trade::director
                                : Trade::host;
      Entity e;
      e.kind = EntityKind::person;
      e.name = std::string(firsts[f].first) + " " + std::string(kSurnames[s]);
      e.pronouns = firsts[f].second;
      e.description = trade_description(trade);
      e.start_date = std::to_string(uniform(rng, 1945, 2004));
      int index = add(std::move(e), std::string(kSurnames[s]));
      by_trade[trade].push_back(index);
    }
    for (const auto& [trade, pool] : by_trade)
      trade_rank_.emplace(trade, zipf(static_cast<int>(pool.size()), options.zipf_exponent));
    // Works: titles from the title words, each unique.
    std::set<std::string> titles;
    for (int i = 0; i < options.works; ++i) {
      int roll = uniform(rng, 0, 99);
      EntityKind kind = roll < 30   ? EntityKind::film
                        : roll < 50 ? EntityKind::show
                        : roll < 60 ? EntityKind::band
                        : roll < 80 ? EntityKind::album
                                    : EntityKind::song;
      std::string title;
      for (int attempt = 0; attempt < 50 && (title.empty() || titles.count(title)); ++attempt) {
        int pattern = uniform(rng, 0, 4);
        std::string a(pick(kTitleWords, rng)), b(pick(kTitleWords, rng)), c(pick(kTitleWords, rng));
        title = pattern == 0   ? "The " + a + " " + b
                : pattern == 1 ? a + " " + b
                : pattern == 2 ? a + " of the " + b
                : pattern == 3 ? "The " + a + " " + b + " " + c
                               : a + " " + b + " " + c;
      }
      if (titles.count(title)) continue;
      titles.insert(title);
      Entity e;
      e.kind = kind;
      e.name = kind == EntityKind::band && !title.starts_with("The ") ? "The " + title : title;
      const int year = uniform(rng, 1975, 2026);
      e.start_date = std::to_string(year);
      e.description = std::string(to_string(kind)) + " (synthetic benchmark data).";
      e.description[0] = static_cast<char>(e.description[0] - 'a' + 'A');
      int work = add(e, e.name);
      const std::string y = std::to_string(year);
      switch (kind) {
        case EntityKind::film:
        case EntityKind::show: {
          for (int k = uniform(rng, 2, 4); k > 0; --k) {
            auto character =
                std::string(pick(kFemaleNames, rng)) + " " + std::string(pick(kSurnames, rng));
            relate(someone(Trade::actor, rng), "acted_in", work,
                   {{"character", character}, {"year", y}});
          }
          relate(
              someone(kind == EntityKind::show && chance(rng, 0.3) ? Trade::host : Trade::director,
                      rng),
              kind == EntityKind::film ? "directed" : "appeared_in", work, {{"year", y}});
          break;
        }
        case EntityKind::band:
          for (int k = uniform(rng, 3, 5); k > 0; --k) {
            relate(
                someone(Trade::musician, rng), "member_of", work,
                {{"years", y + "-" + std::to_string(std::min(2026, year + uniform(rng, 2, 30)))}});
          }
          break;
        case EntityKind::album:
        case EntityKind::song: {
          const auto& bands = by_kind[EntityKind::band];
          int by = !bands.empty() && chance(rng, 0.5)
                       ? bands[static_cast<std::size_t>(
                             uniform(rng, 0, static_cast<int>(bands.size()) - 1))]
                       : someone(Trade::musician, rng);
          if (kind == EntityKind::album) {
            relate(by, "released", work, {{"year", y}});
          } else {
            relate(by, "performed", work);
          }
          break;
        }
        default:
          break;
      }
    }
    // The pools keep the order entities were made in (people in shuffled order, works in the
    // order their titles came): the Zipf ranks of stories follow it, so the people written
    // about most are the ones with the most roles.
  }

  std::set<std::string> slugs_;
  std::map<Trade, std::discrete_distribution<int>> trade_rank_;
};

// One story at a time, from the vocabulary and the graph.
class StoryWriter {
 public:
  StoryWriter(const Graph& graph, const std::vector<std::string>& words, double s)
      : graph_(graph), words_(words), word_rank_(zipf(static_cast<int>(words.size()), s)) {
    for (const auto& [kind, list] : graph.by_kind)
      pools_.emplace(kind, zipf(static_cast<int>(list.size()), s));
  }

  struct Written {
    Article story;
    std::vector<ArticleEntity> links;
    std::vector<Quote> quotes;  // speaker_id holds the entity's index until ids are known
    int focus = 0;              // the entity the story is about, by index
  };

  Written write(const Section& section, Rng& rng) {
    Written out;
    mentioned_.clear();
    const int focus = pick_focus(section, rng);
    std::vector<int> cast = {focus};
    const auto& linked = graph_.nodes[static_cast<std::size_t>(focus)].linked;
    for (int k = uniform(rng, 1, 3); k > 0 && !linked.empty(); --k) {
      int other =
          linked[static_cast<std::size_t>(uniform(rng, 0, static_cast<int>(linked.size()) - 1))];
      if (std::find(cast.begin(), cast.end(), other) == cast.end()) cast.push_back(other);
    }
    if (chance(rng, 0.5)) {
      int other = from_pool(EntityKind::person, rng);
      if (std::find(cast.begin(), cast.end(), other) == cast.end()) cast.push_back(other);
    }

    Article& story = out.story;
    story.headline = headline(focus, cast, rng);
    out.focus = focus;
    story.dek = sentence(rng, 10, 20, cast.back()) + ".";
    std::string body;
    const int paragraphs = uniform(rng, 5, 11);
    int quotes_left = uniform(rng, 1, 3);
    for (int p = 0; p < paragraphs; ++p) {
      const int who = p == 0 ? focus : cast[static_cast<std::size_t>(p) % cast.size()];
      const Node& node = graph_.nodes[static_cast<std::size_t>(who)];
      if (p > 0 && quotes_left > 0 && node.entity.kind == EntityKind::person && chance(rng, 0.4)) {
        --quotes_left;
        std::string said = sentence(rng, 8, 18, -1);
        Quote q;
        q.position = static_cast<int>(body.size());
        q.text = said + ".";
        q.speaker_id = who;
        q.confidence = 0.9;
        body += "\"" + said + ",\" ";
        mention(who, body);
        body += " said. ";
        out.quotes.push_back(std::move(q));
      }
      for (int s = uniform(rng, 2, 5); s > 0; --s) {
        append_sentence(body, rng, 10, 26, s == 1 || chance(rng, 0.3) ? who : -1);
      }
      body.back() = '\n';
      body += '\n';
    }
    story.body = std::move(body);
    for (const auto& [index, seen] : mentioned_) {
      ArticleEntity link;
      link.entity_id = index;  // an index until ids are known
      link.mentions = seen.count;
      link.first_offset = seen.first_offset;
      link.salience = index == focus ? 0.9 : std::min(0.7, 0.25 + 0.1 * seen.count);
      link.confidence = 0.92;
      out.links.push_back(link);
    }
    return out;
  }

 private:
  struct Seen {
    int count = 0;
    int first_offset = -1;
  };

  int from_pool(EntityKind kind, Rng& rng) {
    const auto& list = graph_.by_kind.at(kind);
    return list[static_cast<std::size_t>(pools_.at(kind)(rng))];
  }

  int pick_focus(const Section& section, Rng& rng) {
    const std::string_view s = section.slug;
    EntityKind kind = EntityKind::person;
    if (s == "movies") kind = chance(rng, 0.6) ? EntityKind::film : EntityKind::person;
    if (s == "tv") kind = chance(rng, 0.6) ? EntityKind::show : EntityKind::person;
    if (s == "music") {
      int roll = uniform(rng, 0, 9);
      kind = roll < 3   ? EntityKind::band
             : roll < 5 ? EntityKind::album
             : roll < 7 ? EntityKind::song
                        : EntityKind::person;
    }
    if (s == "theater" || s == "awards")
      kind = chance(rng, 0.5) ? EntityKind::film : EntityKind::person;
    return from_pool(kind, rng);
  }

  // Appends the entity's name (in full the first time) and counts the mention.
  void mention(int index, std::string& body) {
    const Node& node = graph_.nodes[static_cast<std::size_t>(index)];
    Seen& seen = mentioned_[index];
    const bool work =
        node.entity.kind != EntityKind::person && node.entity.kind != EntityKind::band;
    if (seen.count == 0) seen.first_offset = static_cast<int>(body.size() + (work ? 1 : 0));
    ++seen.count;
    const std::string& name = seen.count == 1 ? node.entity.name : node.short_name;
    body += work ? "*" + name + "*" : name;
  }

  // Words of the vocabulary, with the entity's name in full at a random place when who >= 0.
  std::string sentence(Rng& rng, int lo, int hi, int who) {
    std::string s;
    const int n = uniform(rng, lo, hi);
    const int at = who >= 0 ? uniform(rng, 0, n - 1) : -1;
    for (int i = 0; i < n; ++i) {
      if (!s.empty()) s += ' ';
      s += i == at ? graph_.nodes[static_cast<std::size_t>(who)].entity.name
                   : words_[static_cast<std::size_t>(word_rank_(rng))];
    }
    return capitalised(std::move(s));
  }

  // The same, appended to the body, the mention counted where it lands.
  void append_sentence(std::string& body, Rng& rng, int lo, int hi, int who) {
    const std::size_t begin = body.size();
    const int n = uniform(rng, lo, hi);
    const int at = who >= 0 ? uniform(rng, 0, n - 1) : -1;
    for (int i = 0; i < n; ++i) {
      if (i > 0) body += ' ';
      if (i == at) {
        mention(who, body);
      } else {
        body += words_[static_cast<std::size_t>(word_rank_(rng))];
      }
    }
    if (begin < body.size() && body[begin] >= 'a' && body[begin] <= 'z')
      body[begin] = static_cast<char>(body[begin] - 'a' + 'A');
    body += ". ";
  }

  std::string headline(int focus, const std::vector<int>& cast, Rng& rng) {
    const Entity& f = graph_.nodes[static_cast<std::size_t>(focus)].entity;
    const Entity& other = graph_.nodes[static_cast<std::size_t>(cast.back())].entity;
    auto w = [&] { return std::string(words_[static_cast<std::size_t>(word_rank_(rng) % 400)]); };
    switch (uniform(rng, 0, 5)) {
      case 0:
        return f.name + " on " + w() + ", " + w() + " and " + other.name;
      case 1:
        return "First look: " + f.name + " " + w() + " the " + w() + " " + w();
      case 2:
        return f.name + " and " + other.name + " " + w() + " " + w() + " at the " + w();
      case 3:
        return "Why " + f.name + " " + w() + " " + w() + " " + w() + " this " + w();
      case 4:
        return f.name + " " + w() + " new " + w() + " " + w();
      default:
        return "Inside " + f.name + ": " + capitalised(w()) + " " + w() + " " + w();
    }
  }

  static std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  const Graph& graph_;
  const std::vector<std::string>& words_;
  std::discrete_distribution<int> word_rank_;
  std::map<EntityKind, std::discrete_distribution<int>> pools_;
  std::map<int, Seen> mentioned_;
};

std::vector<Id> ensure_authors(Store& store, int count, Rng& rng) {
  std::vector<Id> authors;
  for (int i = 0; i < count; ++i) {
    std::string name =
        std::string(kFemaleNames[static_cast<std::size_t>(i) % kFemaleNames.size()]) + " " +
        std::string(kSurnames[(static_cast<std::size_t>(i) * 7 + 3) % kSurnames.size()]);
    if (i % 2) {
      name = std::string(kMaleNames[static_cast<std::size_t>(i) % kMaleNames.size()]) + " " +
             std::string(kSurnames[(static_cast<std::size_t>(i) * 11 + 5) % kSurnames.size()]);
    }
    auto slug = "bench-writer-" + std::to_string(i + 1);
    if (auto user = store.users().find_by_slug(slug)) {
      authors.push_back(user->id);
      continue;
    }
    User author;
    author.display_name = name;
    author.slug = slug;
    author.role = Role::writer;
    author.bio = name + " covers " + kSections[static_cast<std::size_t>(uniform(rng, 0, 7))].name +
                 " (synthetic benchmark data).";
    authors.push_back(store.users().save(author).id);
  }
  return authors;
}

}  // namespace

void add_missing_sections(Store& store,
                          const std::vector<std::pair<std::string, std::string>>& sections) {
  auto existing = store.sections().all();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& [slug, name] = sections[i];
    bool found = false;
    for (const auto& s : existing) found = found || s.slug == slug;
    if (!found) store.sections().save({0, slug, name, static_cast<int>(i)});
  }
}

int make_realistic_corpus(Store& store, const RealisticCorpusOptions& options,
                          std::ostream& progress) {
  Rng rng(options.seed);
  std::vector<std::pair<std::string, std::string>> sections;
  for (const auto& s : kSections) sections.emplace_back(s.slug, s.name);
  add_missing_sections(store, sections);
  const auto authors = ensure_authors(store, options.authors, rng);
  const auto words = make_vocabulary(options.vocabulary, rng);
  const Graph graph(options, rng);
  std::vector<Entity> entities;
  entities.reserve(graph.nodes.size());
  for (const auto& node : graph.nodes) entities.push_back(node.entity);
  store.graph().import(entities, graph.relations);
  std::vector<Id> ids;  // entity ids by node index
  ids.reserve(graph.nodes.size());
  {
    std::map<std::string, Id> by_slug;
    for (const auto& e : store.graph().entities()) by_slug.emplace(e.slug, e.id);
    for (const auto& node : graph.nodes) ids.push_back(by_slug.at(node.entity.slug));
  }

  std::vector<double> section_weights;
  for (const auto& s : kSections) section_weights.push_back(s.weight);
  std::discrete_distribution<int> section_of(section_weights.begin(), section_weights.end());
  StoryWriter writer(graph, words, options.zipf_exponent);
  const auto start = std::chrono::sys_days{std::chrono::year{options.first_year} / 1 / 1};
  const auto end = std::chrono::sys_days{std::chrono::year{options.first_year + 15} / 1 / 1};
  const double span_minutes =
      std::chrono::duration_cast<std::chrono::minutes>(end - start).count() - 1.0;
  const auto began = std::chrono::steady_clock::now();

  // Two threads: one writes the stories (text, markup, links), the other stores them, a batch
  // per transaction. The writer only ever takes the random numbers, so a seed gives the same
  // archive; at most kBatchesAhead batches wait between them.
  constexpr std::size_t kBatchesAhead = 2;
  std::mutex lock;
  std::condition_variable_any changed;
  std::deque<std::vector<StoryWriter::Written>> ready;
  bool stopped = false;
  int made = 0;
  const auto write_stories = [&] {
    for (int written_so_far = 0; written_so_far < options.stories;) {
      const int in_batch = std::min(options.batch, options.stories - written_so_far);
      std::vector<StoryWriter::Written> batch;
      batch.reserve(static_cast<std::size_t>(in_batch));
      for (int b = 0; b < in_batch; ++b) {
        const int i = written_so_far + b;
        const Section& section = kSections[static_cast<std::size_t>(section_of(rng))];
        auto written = writer.write(section, rng);
        Article& story = written.story;
        story.slug = slugify(story.headline, 60) + "-" + std::to_string(i + 1);
        story.body_html = text::markdown_to_html(story.body);
        story.section = section.slug;
        story.author_ids = {authors[static_cast<std::size_t>(
            uniform(rng, 0, static_cast<int>(authors.size()) - 1))]};
        story.tags = {graph.nodes[static_cast<std::size_t>(written.focus)].entity.name};
        if (chance(rng, 0.3)) story.tags.push_back(section.name);
        // More stories each year than the year before: time grows as the square root of the
        // story's place in the archive.
        const double place = static_cast<double>(i) / std::max(1, options.stories);
        story.publish_at =
            Time{start} + std::chrono::minutes(static_cast<long>(span_minutes * std::sqrt(place)));
        story.status = chance(rng, 0.01) ? ArticleStatus::draft : ArticleStatus::published;
        if (story.status == ArticleStatus::draft) story.publish_at.reset();
        story.exclusive = chance(rng, 0.02);
        story.featured = chance(rng, 0.01);
        batch.push_back(std::move(written));
      }
      written_so_far += in_batch;
      std::unique_lock held(lock);
      changed.wait(held, [&] { return stopped || ready.size() < kBatchesAhead; });
      if (stopped) return;
      ready.push_back(std::move(batch));
      changed.notify_all();
    }
  };
  const auto store_stories = [&] {
    while (made < options.stories) {
      std::vector<StoryWriter::Written> batch;
      {
        std::unique_lock held(lock);
        changed.wait(held, [&] { return stopped || !ready.empty(); });
        if (stopped) return;
        batch = std::move(ready.front());
        ready.pop_front();
        changed.notify_all();
      }
      store.write([&](UnitOfWork& unit) {
        for (auto& written : batch) {
          const auto saved_at = written.story.publish_at.value_or(Time{end});
          const Article saved = unit.articles().save(written.story, 0, saved_at);
          for (auto& link : written.links) {
            link.article_id = saved.id;
            link.entity_id = ids[static_cast<std::size_t>(link.entity_id)];
          }
          for (auto& quote : written.quotes) {
            quote.article_id = saved.id;
            quote.speaker_id = ids[static_cast<std::size_t>(*quote.speaker_id)];
          }
          unit.links().replace(saved.id, written.links, written.quotes);
        }
      });
      const int before = made;
      made += static_cast<int>(batch.size());
      if (made / 50000 != before / 50000 || made == options.stories) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        progress << "  " << made << " stories, "
                 << static_cast<int>(made / std::max(seconds, 0.001)) << "/s" << std::endl;
      }
    }
  };
  run_workers(
      2, [&](unsigned worker) { worker == 0 ? write_stories() : store_stories(); },
      [&] {
        std::lock_guard held(lock);
        stopped = true;
        changed.notify_all();
      });
  return made;
}

}  // namespace marquee::cli
