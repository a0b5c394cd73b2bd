// Story enrichment: find every name of the graph in headline, dek and body, keep the matches
// whose case fits, resolve surnames to people named before, choose among entities sharing a
// name, then score salience and hand the body to quote attribution.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "enrich/graph_impl.h"
#include "enrich/names.h"
#include "enrich/quotes.h"
#include "enrich/read_story.h"

namespace marquee {

using namespace enrich_detail;

namespace {

struct Field {
  StoryField kind;
  std::string_view text;
  Tokens tokens;
  bool all_caps = false;    // an ALL-CAPS headline: case says nothing
  bool title_case = false;  // Every Word Capitalized: capitals say little
};

struct Option {
  std::uint32_t entity;
  double case_factor;
  bool short_form;
  double score = 0;
  bool recent = false;      // a surname standing for the person named most recently
  bool first_name = false;  // a short form that is the person's first name
};

struct Occurrence {
  const Field* field;
  std::uint32_t token_begin, token_end;
  std::vector<Option> options;
  double penalty = 1.0;  // sentence-initial single words and the like
  std::size_t chosen = 0;
  double confidence = 0;
};

// --- case -------------------------------------------------------------------------------

bool starts_upper(std::string_view w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    auto c = static_cast<unsigned char>(w[i]);
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= 'a' && c <= 'z') return false;
    if (c == 0xC3 && i + 1 < w.size()) {
      auto d = static_cast<unsigned char>(w[i + 1]);
      return d >= 0x80 && d <= 0x9E && d != 0x97;
    }
  }
  return false;
}

// How well the written tokens fit the candidate's written form: 1 exact, 0 not at all (a
// capitalised name written in lower case is a common word: "eclipse", "bomb").
double case_fit(const KnowledgeGraph::Impl& g, const Candidate& c, const Field& f,
                std::uint32_t begin, std::uint32_t end) {
  double fit = 1.0;
  for (std::uint32_t k = 0; k < end - begin; ++k) {
    const Token& tok = f.tokens.list[begin + k];
    std::string_view written = f.text.substr(tok.begin, tok.end - tok.begin);
    const std::string& form = g.case_tokens[c.case_begin + k];
    if (written == form || !tok.has(kWord)) continue;
    bool form_upper = starts_upper(form), text_upper = tok.has(kCapitalized);
    if (tok.has(kFunctionWord)) {
      fit *= 0.98;
    } else if (f.all_caps && tok.has(kAllCaps)) {
      fit *= 0.9;
    } else if (form_upper && text_upper) {
      fit *= tok.has(kAllCaps) ? 0.85 : 0.97;
    } else if (!form_upper) {
      fit *= text_upper ? 0.95 : 0.97;
    } else {
      return 0;
    }
  }
  return fit;
}

bool mostly_upper(std::string_view text) {
  int upper = 0, lower = 0;
  for (char ch : text) {
    if (ch >= 'A' && ch <= 'Z') ++upper;
    if (ch >= 'a' && ch <= 'z') ++lower;
  }
  return upper >= 6 && upper >= 4 * lower;
}

bool mostly_title_case(const Tokens& t) {
  int words = 0, capitalised = 0;
  for (const auto& tok : t.list) {
    if (!tok.has(kWord) || tok.has(kFunctionWord)) continue;
    ++words;
    capitalised += tok.has(kCapitalized);
  }
  return words >= 3 && capitalised * 10 >= words * 8;
}

// --- cues -------------------------------------------------------------------------------

struct Cue {
  EntityKind kind;
  double weight;
};
using CueTable = std::unordered_map<std::string_view, std::vector<Cue>>;

const CueTable& cue_words() {
  using K = EntityKind;
  static const CueTable table = {
      {"band", {{K::band, 1.5}}},
      {"group", {{K::band, 1.2}}},
      {"bands", {{K::band, 0.8}}},
      {"rockers", {{K::band, 1.0}}},
      {"punk", {{K::band, 0.6}}},
      {"tour", {{K::band, 1.0}}},
      {"toured", {{K::band, 1.0}}},
      {"gig", {{K::band, 0.8}}},
      {"gigs", {{K::band, 0.8}}},
      {"concert", {{K::band, 0.8}}},
      {"reunion", {{K::band, 0.6}}},
      {"lineup", {{K::band, 1.0}}},
      {"bandmates", {{K::band, 1.0}}},
      {"members", {{K::band, 0.8}}},
      {"member", {{K::band, 0.6}}},
      {"formed", {{K::band, 1.0}}},
      {"founded", {{K::band, 0.8}, {K::organization, 0.5}}},
      {"guitarist", {{K::band, 0.8}, {K::person, 0.4}}},
      {"drummer", {{K::band, 0.8}, {K::person, 0.4}}},
      {"bassist", {{K::band, 0.8}, {K::person, 0.4}}},
      {"frontwoman", {{K::band, 1.0}}},
      {"frontman", {{K::band, 1.0}}},
      {"quartet", {{K::band, 1.0}}},
      {"quintet", {{K::band, 1.0}}},
      {"rock", {{K::band, 0.5}}},
      {"girl", {{K::band, 0.3}}},
      {"recorded", {{K::band, 0.5}, {K::song, 0.3}}},
      {"film", {{K::film, 1.5}}},
      {"movie", {{K::film, 1.5}}},
      {"films", {{K::film, 0.6}}},
      {"movies", {{K::film, 0.6}}},
      {"biopic", {{K::film, 1.6}}},
      {"director", {{K::film, 1.0}}},
      {"directed", {{K::film, 1.0}}},
      {"directing", {{K::film, 0.8}}},
      {"clip", {{K::film, 1.0}, {K::show, 0.5}}},
      {"trailer", {{K::film, 1.2}, {K::show, 0.5}}},
      {"premiere", {{K::film, 1.0}, {K::show, 0.6}}},
      {"premiered", {{K::film, 0.8}, {K::show, 0.6}}},
      {"screening", {{K::film, 1.0}}},
      {"cinema", {{K::film, 1.0}}},
      {"theaters", {{K::film, 0.8}}},
      {"theatres", {{K::film, 0.8}}},
      {"box", {{K::film, 0.6}}},
      {"sequel", {{K::film, 1.2}}},
      {"blockbuster", {{K::film, 1.2}}},
      {"blockbusters", {{K::film, 1.2}}},
      {"cinemas", {{K::film, 1.0}}},
      {"musical", {{K::show, 1.0}}},
      {"cast", {{K::film, 1.0}, {K::show, 0.6}}},
      {"starring", {{K::film, 1.2}, {K::show, 0.6}}},
      {"stars", {{K::film, 0.8}, {K::show, 0.6}}},
      {"star", {{K::film, 0.6}, {K::show, 0.5}}},
      {"starred", {{K::film, 0.8}, {K::show, 0.5}}},
      {"scene", {{K::film, 0.8}}},
      {"scenes", {{K::film, 0.8}}},
      {"filming", {{K::film, 1.0}}},
      {"filmed", {{K::film, 0.8}}},
      {"shoot", {{K::film, 0.6}}},
      {"adaptation", {{K::film, 0.8}}},
      {"footage", {{K::film, 0.6}}},
      {"documentary", {{K::film, 1.5}}},
      {"dvd", {{K::film, 0.6}}},
      {"saga", {{K::film, 0.5}}},
      {"opens", {{K::film, 0.5}}},
      {"installment", {{K::film, 0.8}}},
      {"franchise", {{K::film, 0.6}}},
      {"series", {{K::show, 1.2}}},
      {"show", {{K::show, 1.0}}},
      {"episode", {{K::show, 1.2}}},
      {"episodes", {{K::show, 1.0}}},
      {"season", {{K::show, 1.0}}},
      {"tv", {{K::show, 0.8}}},
      {"sitcom", {{K::show, 1.2}}},
      {"finale", {{K::show, 1.0}}},
      {"network", {{K::show, 0.6}, {K::organization, 0.4}}},
      {"song", {{K::song, 1.5}}},
      {"songs", {{K::song, 0.6}}},
      {"single", {{K::song, 1.2}}},
      {"track", {{K::song, 1.2}}},
      {"hit", {{K::song, 0.8}}},
      {"anthem", {{K::song, 1.0}}},
      {"lyrics", {{K::song, 1.0}}},
      {"chorus", {{K::song, 1.0}}},
      {"sing", {{K::song, 0.8}}},
      {"sang", {{K::song, 0.8}}},
      {"sings", {{K::song, 0.8}}},
      {"tune", {{K::song, 1.0}}},
      {"cover", {{K::song, 0.6}}},
      {"soundtrack", {{K::song, 0.8}}},
      {"performed", {{K::song, 0.6}}},
      {"featured", {{K::song, 0.5}}},
      {"album", {{K::album, 1.5}}},
      {"albums", {{K::album, 0.6}}},
      {"lp", {{K::album, 1.2}}},
      {"record", {{K::album, 0.6}}},
      {"vinyl", {{K::album, 0.6}}},
      {"ep", {{K::album, 0.8}}},
      {"plays", {{K::character, 1.2}}},
      {"play", {{K::character, 1.2}}},
      {"tracks", {{K::song, 0.8}}},
      {"playlist", {{K::song, 0.8}}},
      {"played", {{K::character, 1.0}}},
      {"playing", {{K::character, 1.0}}},
      {"portrays", {{K::character, 1.2}}},
      {"portrayed", {{K::character, 1.2}}},
      {"portraying", {{K::character, 1.2}}},
      {"role", {{K::character, 0.8}, {K::film, 0.4}}},
      {"character", {{K::character, 1.5}}},
      {"said", {{K::person, 0.6}}},
      {"says", {{K::person, 0.6}}},
      {"told", {{K::person, 0.6}}},
      {"actress", {{K::person, 1.0}}},
      {"actor", {{K::person, 1.0}}},
      {"singer", {{K::person, 0.6}, {K::band, 0.4}}},
      {"musician", {{K::person, 0.8}}},
      {"born", {{K::person, 1.0}}},
      {"real", {{K::person, 0.6}}},
      {"herself", {{K::person, 0.5}}},
      {"himself", {{K::person, 0.5}}},
      {"memoir", {{K::person, 0.6}}},
      {"festival", {{K::event, 1.2}}},
      {"awards", {{K::event, 1.0}}},
      {"ceremony", {{K::event, 1.0}}},
      {"gala", {{K::event, 1.0}}},
      {"studio", {{K::organization, 0.8}}},
      {"label", {{K::organization, 0.8}}},
      {"company", {{K::organization, 0.8}}},
  };
  return table;
}

// Words right next to a name that say what it is: "the film Eclipse", "The Runaways biopic".
const CueTable& adjacent_cue_words() {
  using K = EntityKind;
  static const CueTable table = {
      {"as", {{K::character, 1.5}}},      {"band", {{K::band, 1.5}}},
      {"play", {{K::character, 1.5}}},    {"plays", {{K::character, 1.5}}},
      {"playing", {{K::character, 1.5}}}, {"portrays", {{K::character, 1.5}}},
      {"group", {{K::band, 1.2}}},        {"film", {{K::film, 1.5}}},
      {"movie", {{K::film, 1.5}}},        {"biopic", {{K::film, 1.5}}},
      {"song", {{K::song, 1.5}}},         {"single", {{K::song, 1.2}}},
      {"album", {{K::album, 1.5}}},       {"series", {{K::show, 1.5}}},
      {"director", {{K::film, 1.0}}},     {"star", {{K::film, 0.8}, {K::show, 0.6}}},
      {"cast", {{K::film, 0.8}}},         {"trailer", {{K::film, 1.0}}},
      {"clip", {{K::film, 1.0}}},         {"guitarist", {{K::band, 1.2}}},
      {"drummer", {{K::band, 1.2}}},      {"singer", {{K::band, 1.0}}},
      {"frontwoman", {{K::band, 1.2}}},   {"members", {{K::band, 1.0}}},
      {"actress", {{K::person, 1.5}}},    {"actor", {{K::person, 1.5}}},
      {"rocker", {{K::person, 1.2}}},     {"herself", {{K::person, 1.0}}},
  };
  return table;
}

// Cue strength per kind around one occurrence, within its sentence.
std::array<double, 9> cues_around(const Occurrence& o) {
  std::array<double, 9> out{};
  const auto& list = o.field->tokens.list;
  const auto& tokens = o.field->tokens;
  const std::uint32_t sentence = list[o.token_begin].sentence;
  const std::uint32_t from = o.token_begin > 10 ? o.token_begin - 10 : 0;
  const std::uint32_t to =
      std::min<std::uint32_t>(static_cast<std::uint32_t>(list.size()), o.token_end + 8);
  auto add = [&](const CueTable& table, std::uint32_t j, double factor) {
    auto it = table.find(tokens.fold(list[j]));
    if (it == table.end()) return;
    for (const Cue& c : it->second) out[static_cast<std::size_t>(c.kind)] += c.weight * factor;
  };
  for (std::uint32_t j = from; j < to; ++j) {
    if (j >= o.token_begin && j < o.token_end) continue;
    if (list[j].sentence != sentence || !list[j].has(kWord)) continue;
    std::uint32_t d = j < o.token_begin ? o.token_begin - j : j - o.token_end + 1;
    add(cue_words(), j, d <= 2 ? 1.0 : d <= 5 ? 0.7 : 0.4);
  }
  // Next-door words, skipping an article before the name.
  if (o.token_begin > 0) {
    // Skip an article or an appositive comma: "the film Eclipse", "their album, The Runaways".
    std::uint32_t j = o.token_begin - 1;
    bool skippable =
        (list[j].has(kFunctionWord) && tokens.fold(list[j]) != "as") || tokens.fold(list[j]) == ",";
    if (j > 0 && skippable) --j;
    if (list[j].has(kWord)) add(adjacent_cue_words(), j, 1.0);
  }
  if (o.token_end < list.size() && list[o.token_end].has(kWord))
    add(adjacent_cue_words(), o.token_end, 1.0);
  // News style sets the titles of works in italics (*The Runaways* the film, never the band),
  // and Markdown shows it: emphasis wrapped exactly around the name is a cue for a work.
  const std::string_view text = o.field->text;
  const std::size_t first = list[o.token_begin].begin, last = list[o.token_end - 1].end;
  auto emphasis = [&](char c) { return c == '*' || c == '_'; };
  if (first > 0 && last < text.size() && emphasis(text[first - 1]) && emphasis(text[last])) {
    for (EntityKind k : {EntityKind::film, EntityKind::show, EntityKind::album}) {
      out[static_cast<std::size_t>(k)] += 1.5;
    }
  }
  return out;
}

// --- places, months, lists ----------------------------------------------------------------

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Cities, states and countries whose names are also people's surnames, bands, films or
// musicals ("a diner in Memphis", "back home in Houston"). Only these need telling apart.
constexpr std::array<std::string_view, 64> kPlaces = {
    "memphis",   "houston",   "nashville", "austin",     "dallas",   "phoenix",      "denver",
    "boston",    "chicago",   "detroit",   "atlanta",    "miami",    "seattle",      "portland",
    "cleveland", "jackson",   "madison",   "lincoln",    "orlando",  "philadelphia", "brooklyn",
    "manhattan", "hollywood", "london",    "paris",      "berlin",   "dublin",       "sydney",
    "toronto",   "vancouver", "montreal",  "tokyo",      "rome",     "venice",       "cannes",
    "georgia",   "texas",     "tennessee", "california", "florida",  "virginia",     "carolina",
    "dakota",    "montana",   "nevada",    "arizona",    "indiana",  "kansas",       "alabama",
    "oklahoma",  "kentucky",  "louisiana", "europe",     "asia",     "america",      "africa",
    "japan",     "china",     "india",     "ireland",    "scotland", "wales",        "england",
    "vegas"};

// Words before a place: "in Memphis", "from Houston", "back home in".
constexpr std::array<std::string_view, 12> kPlacePrepositions = {
    "in",     "at",     "from",    "near",    "outside", "across",
    "around", "toward", "towards", "through", "via",     "to"};

// Words before a month: "in March", "since May", "early June".
constexpr std::array<std::string_view, 15> kMonthWords = {
    "in",  "since", "until", "till", "by",    "during", "early",  "late",
    "mid", "last",  "next",  "this", "every", "from",   "through"};

// Tokens that may stand between the titles of a list: "Barbie, Wicked and Dune".
bool list_separator(std::string_view f) {
  return f == "," || f == "and" || f == "or" || f == "to" || f == "&" || f == "nor" || f == "*" ||
         f == "_" || f == "\"" || f == "'";
}

bool is_work(EntityKind k) {
  return k == EntityKind::film || k == EntityKind::show || k == EntityKind::song ||
         k == EntityKind::album;
}

// --- the pipeline -----------------------------------------------------------------------

Field make_field(StoryField kind, std::string_view text, std::size_t max_bytes) {
  Field f{kind, text.substr(0, std::min(text.size(), max_bytes)), {}};
  f.tokens = tokenize(f.text, kind == StoryField::body ? markdown_skips(f.text) : Skips{});
  if (kind != StoryField::body) {
    f.all_caps = mostly_upper(f.text);
    f.title_case = !f.all_caps && mostly_title_case(f.tokens);
  }
  return f;
}

struct Match {
  std::uint32_t begin, end, pattern;
};

// Every name ending at every token (Aho-Corasick), then leftmost-longest among those whose
// case fits.
std::vector<Occurrence> find_occurrences(const KnowledgeGraph::Impl& g, const Field& f) {
  std::vector<Match> matches;
  const auto& list = f.tokens.list;
  std::uint32_t state = 0;
  for (std::uint32_t i = 0; i < list.size(); ++i) {
    std::uint32_t token = g.token_id(f.tokens.fold(list[i]));
    if (token == kNone) {
      state = 0;
      continue;
    }
    std::uint32_t next = g.step(state, token);
    while (next == kNone && state != 0) {
      state = g.nodes[state].fail;
      next = g.step(state, token);
    }
    state = next == kNone ? 0 : next;
    for (std::uint32_t o = g.nodes[state].output; o != kNone;
         o = o == 0 ? kNone : g.nodes[g.nodes[o].fail].output) {
      std::uint32_t p = g.nodes[o].pattern;
      matches.push_back({i + 1 - g.patterns[p].tokens, i + 1, p});
    }
    if (list[i].has(kPossessive)) state = 0;  // a name never runs past "'s"
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });

  std::vector<Occurrence> out;
  std::uint32_t covered = 0;
  for (const Match& m : matches) {
    if (m.begin < covered) continue;
    if (list[m.begin].paragraph != list[m.end - 1].paragraph) continue;
    if (!list[m.begin].has(kWord) || !list[m.end - 1].has(kWord)) continue;
    Occurrence o{&f, m.begin, m.end, {}};
    const Pattern& p = g.patterns[m.pattern];
    for (std::uint32_t c = 0; c < p.candidates_count; ++c) {
      const Candidate& cand = g.candidates[p.candidates_begin + c];
      double fit = case_fit(g, cand, f, m.begin, m.end);
      if (fit > 0) {
        o.options.push_back({cand.entity, fit, cand.short_form});
        o.options.back().first_name = cand.first_name;
      }
    }
    if (o.options.empty()) continue;
    out.push_back(std::move(o));
    covered = m.end;
  }
  return out;
}

class Linker {
 public:
  Linker(const KnowledgeGraph::Impl& g, std::vector<Field>& fields) : g_(g), fields_(fields) {}

  std::vector<Occurrence> run() {
    for (const Field& f : fields_) {
      auto found = find_occurrences(g_, f);
      occ_.insert(occ_.end(), std::make_move_iterator(found.begin()),
                  std::make_move_iterator(found.end()));
    }
    collect_lower_case_words();
    resolve_short_forms();
    drop_other_readings();
    for (auto& o : occ_) o.penalty = capitals_penalty(o);
    disambiguate();
    return std::move(occ_);
  }

 private:
  void collect_lower_case_words() {
    for (const Field& f : fields_)
      for (const auto& t : f.tokens.list)
        if (t.has(kWord) && !t.has(kCapitalized) && !t.has(kAllCaps) && !t.has(kFunctionWord))
          lower_words_.insert(f.tokens.fold(t));
  }

  // A surname right next to another capitalised word belongs to some other name.
  static bool beside_capitalised_word(const Occurrence& o) {
    if (o.token_end - o.token_begin != 1 || o.field->all_caps || o.field->title_case) return false;
    const auto& list = o.field->tokens.list;
    auto capitalised = [&](std::uint32_t j) {
      const Token& t = list[j];
      return t.has(kWord) && t.has(kCapitalized) && !t.has(kFunctionWord) &&
             t.paragraph == list[o.token_begin].paragraph;
    };
    if (list[o.token_begin].has(kPossessive)) return false;
    if (o.token_end < list.size() && capitalised(o.token_end) &&
        !list[o.token_end].has(kSentenceStart))
      return true;
    return o.token_begin > 0 && capitalised(o.token_begin - 1) &&
           !list[o.token_begin].has(kSentenceStart) && !list[o.token_begin - 1].has(kPossessive);
  }

  // A one-word name followed by more capitalised words is part of a longer name the graph does
  // not know: "Prince Harry", "Madonna Badger".
  bool start_of_longer_name(const Occurrence& o, bool next_is_known) const {
    if (o.token_end - o.token_begin != 1 || o.field->all_caps || o.field->title_case) return false;
    const auto& list = o.field->tokens.list;
    if (list[o.token_begin].has(kPossessive) || o.token_end >= list.size() || next_is_known)
      return false;
    const Token& next = list[o.token_end];
    return next.has(kWord) && next.has(kCapitalized) && !next.has(kFunctionWord) &&
           !next.has(kSentenceStart) && next.paragraph == list[o.token_begin].paragraph;
  }

  // A cue for one of the occurrence's kinds right before its preposition ("starred in
  // Memphis") or right after it ("Memphis the musical") keeps the entity reading.
  bool cued_as_entity(const Occurrence& o) const {
    const auto& list = o.field->tokens.list;
    const auto& tokens = o.field->tokens;
    auto cued = [&](const CueTable& table, std::uint32_t j) {
      if (j >= list.size() || !list[j].has(kWord)) return false;
      auto it = table.find(tokens.fold(list[j]));
      if (it == table.end()) return false;
      for (const Cue& c : it->second)
        for (const Option& opt : o.options)
          if (g_.entities[opt.entity].kind == c.kind) return true;
      return false;
    };
    return (o.token_begin >= 2 && cued(cue_words(), o.token_begin - 2)) ||
           cued(adjacent_cue_words(), o.token_end);
  }

  // Places and months that share a name with an entity: "a diner in Memphis" (the city, not
  // the musical), "back home in Houston" (not Whitney Houston), "in March", "March 12".
  bool place_or_month(const Occurrence& o) const {
    if (o.token_end - o.token_begin != 1 || o.token_begin == 0) return false;
    const auto& list = o.field->tokens.list;
    const auto& tokens = o.field->tokens;
    std::string_view word = tokens.fold(list[o.token_begin]);
    std::string_view before = tokens.fold(list[o.token_begin - 1]);
    if (list[o.token_begin].has(kPossessive)) return false;  // "Houston's voice"
    if (is_month(word)) {
      bool day_follows =
          o.token_end < list.size() && list[o.token_end].has(kWord) &&
          std::isdigit(static_cast<unsigned char>(tokens.fold(list[o.token_end])[0]));
      if ((one_of(kMonthWords, before) || day_follows) && !cued_as_entity(o)) return true;
    }
    if (one_of(kPlaces, word) && one_of(kPlacePrepositions, before) && !cued_as_entity(o))
      return true;
    return false;
  }

  void drop_other_readings() {
    std::vector<Occurrence> kept;
    kept.reserve(occ_.size());
    for (std::size_t i = 0; i < occ_.size(); ++i) {
      const Occurrence& o = occ_[i];
      bool next_is_known = i + 1 < occ_.size() && occ_[i + 1].field == o.field &&
                           occ_[i + 1].token_begin == o.token_end;
      if (start_of_longer_name(o, next_is_known) || place_or_month(o)) continue;
      kept.push_back(std::move(occ_[i]));
    }
    occ_ = std::move(kept);
  }

  // A name set exactly in italics or quotation marks ("Dreams", *Rumours*) is a title, not the
  // common word, even where capitals say little.
  static bool title_marked(const Occurrence& o) {
    const std::string_view text = o.field->text;
    const auto& list = o.field->tokens.list;
    const std::size_t first = list[o.token_begin].begin, last = list[o.token_end - 1].end;
    if (first == 0 || last >= text.size()) return false;
    auto mark_before = [&](char c) { return c == '*' || c == '_' || c == '"'; };
    bool curly_open = first >= 3 && text.substr(first - 3, 3) == "\xE2\x80\x9C";
    bool curly_close = text.substr(last, 3) == "\xE2\x80\x9D";
    char after = text[last];
    if ((after == ',' || after == '.') && last + 1 < text.size()) after = text[last + 1];
    bool opened = mark_before(text[first - 1]) || curly_open;
    bool closed = after == '*' || after == '_' || after == '"' || curly_close;
    return opened && closed;
  }

  // Capitals say little at the start of a sentence or in a title-case or ALL-CAPS headline:
  // "Eclipse" there may be the common word, and more so when the story also writes it in
  // lower case.
  double capitals_penalty(const Occurrence& o) const {
    bool short_only = std::all_of(o.options.begin(), o.options.end(),
                                  [](const Option& x) { return x.short_form; });
    if (short_only || title_marked(o)) return 1.0;
    const auto& tokens = o.field->tokens;
    bool single = o.token_end - o.token_begin == 1;
    if (o.field->title_case || o.field->all_caps) {
      bool all_lower_elsewhere = true;
      for (std::uint32_t i = o.token_begin; i < o.token_end; ++i) {
        const Token& t = tokens.list[i];
        if (t.has(kWord) && !t.has(kFunctionWord) && !lower_words_.count(tokens.fold(t)))
          all_lower_elsewhere = false;
      }
      if (all_lower_elsewhere) return 0.35;
      return single ? 0.8 : 1.0;
    }
    const Token& t = tokens.list[o.token_begin];
    if (!single || !t.has(kSentenceStart)) return 1.0;
    return lower_words_.count(tokens.fold(t)) ? 0.35 : 0.8;
  }

  // How strongly the rest of the story supports an entity through the graph's relations.
  double support(std::uint32_t entity) const {
    double rel = 0;  // walk the entity's few neighbours, not the whole story
    for (std::uint32_t other : g_.neighbours[entity]) {
      if (other == entity) continue;
      auto it = context_.find(other);
      if (it != context_.end()) rel += std::min(1.0, it->second);
    }
    return rel;
  }

  // Related entities in the story lift the doubt that capitals alone leave.
  double lifted_penalty(const Occurrence& o) const {
    if (o.penalty >= 1.0) return 1.0;
    return o.penalty + (1.0 - o.penalty) * std::min(1.0, support(o.options[o.chosen].entity) / 2);
  }

  // Surnames count only for people named in full before (anywhere, for headline and dek).
  void resolve_short_forms() {
    std::unordered_map<std::uint32_t, std::size_t> first_named;  // entity -> occurrence
    for (std::size_t i = 0; i < occ_.size(); ++i)
      for (const auto& opt : occ_[i].options)
        if (!opt.short_form && g_.entities[opt.entity].kind == EntityKind::person)
          first_named.emplace(opt.entity, i);
    // How many people named in full in the story share each first name: "Taylor" stands for
    // Taylor Swift only if no other Taylor is named.
    // Only a full name that can be one person counts: "Joan Jett" the person or the film's
    // character is Joan Jett, but two people sharing a full name are no one in particular.
    std::unordered_map<std::string_view, int> first_name_count;
    std::unordered_map<std::uint32_t, std::size_t> named_alone;  // entity -> first occurrence
    for (std::size_t i = 0; i < occ_.size(); ++i) {
      std::uint32_t person = kNone;
      int people = 0;
      for (const auto& opt : occ_[i].options) {
        if (opt.short_form || g_.entities[opt.entity].kind != EntityKind::person) continue;
        person = opt.entity;
        ++people;
      }
      if (people == 1) named_alone.emplace(person, i);
    }
    for (const auto& [entity, at] : first_named)
      if (!g_.first_names[entity].empty()) ++first_name_count[g_.first_names[entity]];
    std::unordered_map<std::uint32_t, std::size_t> last_named;  // so far, in reading order
    std::vector<Occurrence> kept;
    for (std::size_t i = 0; i < occ_.size(); ++i) {
      Occurrence& o = occ_[i];
      bool anywhere = o.field->kind != StoryField::body;
      bool part_of_other_name = beside_capitalised_word(o);
      std::vector<Option> options;
      std::size_t latest = 0;
      for (auto& opt : o.options) {
        if (opt.short_form) {
          auto it = first_named.find(opt.entity);
          if (it == first_named.end() || (!anywhere && it->second >= i)) continue;
          if (part_of_other_name) continue;  // "Jimmy Stewart", "West Coast"
          if (opt.first_name) {
            auto alone = named_alone.find(opt.entity);
            if (alone == named_alone.end() || (!anywhere && alone->second >= i)) continue;
            if (!first_name_reference(o, opt, first_name_count)) continue;
          }
          auto last = last_named.find(opt.entity);
          if (last != last_named.end()) latest = std::max(latest, last->second + 1);
        }
        options.push_back(opt);
      }
      // Of several people sharing the surname, the one named most recently is likeliest.
      for (auto& opt : options) {
        auto last = last_named.find(opt.entity);
        opt.recent = opt.short_form && last != last_named.end() && last->second + 1 == latest;
      }
      for (const auto& opt : o.options)
        if (!opt.short_form && g_.entities[opt.entity].kind == EntityKind::person)
          last_named[opt.entity] = i;
      // A first name is a last resort: any other reading of the word is preferred.
      if (std::any_of(options.begin(), options.end(),
                      [](const Option& x) { return !x.first_name; }))
        std::erase_if(options, [](const Option& x) { return x.first_name; });
      if (options.empty()) continue;
      o.options = std::move(options);
      kept.push_back(std::move(o));
    }
    occ_ = std::move(kept);
  }

  // "Taylor told the crowd" after Taylor Swift, when she is the only Taylor of the story and
  // the word is not also a common one written in lower case ("Will the sequel happen?").
  bool first_name_reference(const Occurrence& o, const Option& opt,
                            const std::unordered_map<std::string_view, int>& counts) const {
    auto it = counts.find(g_.first_names[opt.entity]);
    if (it == counts.end() || it->second != 1) return false;
    const Token& t = o.field->tokens.list[o.token_begin];
    if (lower_words_.count(o.field->tokens.fold(t))) return false;
    return !(t.has(kSentenceStart) && o.field->kind != StoryField::body);
  }

  double score(const Option& opt, double max_prior, const std::array<double, 9>& cues) const {
    const Entity& e = g_.entities[opt.entity];
    // Between people the story itself names, the prior says nothing.
    double s = opt.short_form ? 0.0 : std::log(e.prior / max_prior);
    s += 1.2 * cues[static_cast<std::size_t>(e.kind)];
    s += 0.8 * std::min(3.0, support(opt.entity));
    if (unambiguous_.count(opt.entity)) s += 1.5;  // named unambiguously elsewhere
    if (opt.short_form) s += opt.recent ? 4.0 : 3.0;
    return s + std::log(opt.case_factor);
  }

  static bool shared_surname(const Occurrence& o) {
    return std::count_if(o.options.begin(), o.options.end(),
                         [](const Option& x) { return x.short_form; }) >= 2;
  }

  void disambiguate() {
    // Context: entities named unambiguously, weighted by how often.
    for (const auto& o : occ_)
      if (o.options.size() == 1) context_[o.options[0].entity] += 1.0;
    for (const auto& [entity, weight] : context_) unambiguous_.insert(entity);
    std::vector<std::array<double, 9>> cues = list_cues();
    for (int pass = 0; pass < 2; ++pass) {
      std::unordered_map<std::uint32_t, double> learned;
      for (auto& o : occ_) {
        if (o.options.size() == 1) {
          const Option& only = o.options[0];
          o.chosen = 0;
          o.confidence = (only.short_form ? 0.92 : 0.95) * only.case_factor * lifted_penalty(o);
          continue;
        }
        const auto& around = cues[static_cast<std::size_t>(&o - occ_.data())];
        double max_prior = 0;
        for (const auto& opt : o.options)
          max_prior = std::max(max_prior, g_.entities[opt.entity].prior);
        double best = -1e300, total = 0;
        for (std::size_t k = 0; k < o.options.size(); ++k) {
          o.options[k].score = score(o.options[k], max_prior, around);
          if (o.options[k].score > best) best = o.options[k].score, o.chosen = k;
        }
        for (const auto& opt : o.options) total += std::exp(opt.score - best);
        double p = 1.0 / total;
        o.confidence = std::min(0.97, p) * o.options[o.chosen].case_factor * lifted_penalty(o);
        // Two people of the story share the surname and nothing tells them apart ("the
        // Fanning sisters"): a guess, kept as a suggestion.
        if (o.options[o.chosen].short_form && p < 0.6 && shared_surname(o)) o.confidence *= 0.8;
        if (pass == 0 && p >= 0.75) learned[o.options[o.chosen].entity] += 0.5;
      }
      if (pass == 0)
        for (const auto& [e, w] : learned) context_[e] += w;
    }
    echo_body_in_headline();
  }

  static bool could_be_work(const KnowledgeGraph::Impl& g, const Occurrence& o) {
    return std::any_of(o.options.begin(), o.options.end(),
                       [&](const Option& x) { return is_work(g.entities[x.entity].kind); });
  }

  // Cues around each occurrence; the titles of one list ("From Barbie to Wicked and Dune, the
  // blockbuster season") share theirs, so a cue governing the list reaches every title in it.
  std::vector<std::array<double, 9>> list_cues() const {
    std::vector<std::array<double, 9>> out(occ_.size());
    for (std::size_t i = 0; i < occ_.size(); ++i) out[i] = cues_around(occ_[i]);
    std::size_t begin = 0;
    auto close_list = [&](std::size_t end) {  // members [begin, end)
      if (end - begin < 2) return;
      std::array<double, 9> sum{};
      for (std::size_t k = begin; k < end; ++k)
        for (std::size_t c = 0; c < sum.size(); ++c) sum[c] += out[k][c];
      for (std::size_t k = begin; k < end; ++k) out[k] = sum;
    };
    for (std::size_t i = 1; i <= occ_.size(); ++i) {
      if (i < occ_.size() && continues_list(occ_[i - 1], occ_[i])) continue;
      close_list(i);
      begin = i;
    }
    return out;
  }

  bool continues_list(const Occurrence& a, const Occurrence& b) const {
    if (a.field != b.field || !could_be_work(g_, a) || !could_be_work(g_, b)) return false;
    const auto& list = a.field->tokens.list;
    if (list[a.token_begin].sentence != list[b.token_begin].sentence) return false;
    bool separated = false;
    for (std::uint32_t j = a.token_end; j < b.token_begin; ++j) {
      std::string_view f = a.field->tokens.fold(list[j]);
      if (!list_separator(f)) return false;
      separated |= f == "," || f == "and" || f == "or" || f == "to" || f == "&" || f == "nor";
    }
    return separated;
  }

  // A headline or dek usually echoes the lead: an ambiguous name there means what the same
  // words first meant in the body ("Fox Orders a Drama" / "Fox has ordered ...").
  void echo_body_in_headline() {
    for (auto& o : occ_) {
      if (o.field->kind == StoryField::body || o.options.size() < 2) continue;
      std::string surface = surface_of(o);
      for (const auto& b : occ_) {
        if (b.field->kind != StoryField::body || surface_of(b) != surface) continue;
        std::uint32_t entity = b.options[b.chosen].entity;
        for (std::size_t k = 0; k < o.options.size(); ++k) {
          if (o.options[k].entity != entity) continue;
          o.chosen = k;
          o.confidence = std::min(0.97, std::max(o.confidence, 0.95 * b.confidence));
        }
        break;
      }
    }
  }

  static std::string surface_of(const Occurrence& o) {
    std::string out;
    for (std::uint32_t i = o.token_begin; i < o.token_end; ++i) {
      out += o.field->tokens.fold(o.field->tokens.list[i]);
      out += ' ';
    }
    return out;
  }

  const KnowledgeGraph::Impl& g_;
  std::vector<Field>& fields_;
  std::vector<Occurrence> occ_;
  std::unordered_set<std::string_view> lower_words_;
  std::unordered_map<std::uint32_t, double> context_;  // entity -> weight in the story
  std::unordered_set<std::uint32_t> unambiguous_;      // named with only one reading
};

double salience(bool headline, bool dek, int first_offset, std::size_t body_size, int count,
                int max_count) {
  double s = 0.35 * headline + 0.15 * dek;
  if (first_offset >= 0 && body_size > 0)
    s += 0.25 * (1.0 - static_cast<double>(first_offset) / static_cast<double>(body_size));
  s += 0.25 * std::min(1.0, static_cast<double>(count) / std::max(2, max_count));
  return std::clamp(s, 0.0, 1.0);
}

}  // namespace

Enrichment enrich_story(const KnowledgeGraph& graph, const StoryText& story,
                        const EnrichOptions& options) {
  const auto& g = graph.impl();
  std::vector<Field> fields;
  fields.reserve(3);
  fields.push_back(make_field(StoryField::headline, story.headline, options.max_field_bytes));
  fields.push_back(make_field(StoryField::dek, story.dek, options.max_field_bytes));
  fields.push_back(make_field(StoryField::body, story.body, options.max_field_bytes));

  Linker linker(g, fields);
  std::vector<Occurrence> occurrences = linker.run();

  Enrichment out;
  struct Tally {
    bool headline = false, dek = false;
    int first_offset = -1, count = 0;
    double confidence = 0;
    std::size_t order = 0;
  };
  std::unordered_map<std::uint32_t, Tally> tally;
  std::vector<NamedSpan> named;
  const Field& body = fields[2];
  for (const auto& o : occurrences) {
    const Option& opt = o.options[o.chosen];
    const Entity& e = g.entities[opt.entity];
    // "the Runaways": a lower-case article in running text is not part of the link.
    std::uint32_t begin = o.token_begin;
    const auto& head = o.field->tokens.list[begin];
    if (o.token_end - begin > 1 && head.has(kFunctionWord) && !head.has(kCapitalized)) ++begin;
    const auto& first = o.field->tokens.list[begin];
    const auto& last = o.field->tokens.list[o.token_end - 1];
    Mention m;
    m.entity_id = e.id;
    m.field = o.field->kind;
    m.offset = static_cast<int>(first.begin);
    m.length = static_cast<int>(last.end - first.begin);
    m.surface = std::string(o.field->text.substr(first.begin, last.end - first.begin));
    m.confidence = o.confidence;
    m.short_form = opt.short_form;
    auto [it, fresh] = tally.try_emplace(opt.entity);
    Tally& t = it->second;
    if (fresh) t.order = tally.size();
    ++t.count;
    t.confidence = std::max(t.confidence, o.confidence);
    if (m.field == StoryField::headline) t.headline = true;
    if (m.field == StoryField::dek) t.dek = true;
    if (m.field == StoryField::body) {
      if (t.first_offset < 0) t.first_offset = m.offset;
      bool speaker = e.kind == EntityKind::person || e.kind == EntityKind::band ||
                     e.kind == EntityKind::organization;
      named.push_back({o.token_begin, o.token_end, e.id, e.kind == EntityKind::person, speaker,
                       e.description, e.pronouns});
    }
    out.mentions.push_back(std::move(m));
  }

  int max_count = 0;
  for (const auto& [e, t] : tally) max_count = std::max(max_count, t.count);
  for (const auto& [e, t] : tally) {
    ArticleEntity link;
    link.entity_id = g.entities[e].id;
    link.mentions = t.count;
    link.salience =
        salience(t.headline, t.dek, t.first_offset, body.text.size(), t.count, max_count);
    link.confidence = t.confidence;
    link.first_offset = t.first_offset;
    link.source = LinkSource::automatic;
    link.state =
        t.confidence >= options.link_threshold ? LinkState::confirmed : LinkState::suggested;
    out.links.push_back(link);
  }
  std::sort(out.links.begin(), out.links.end(), [](const ArticleEntity& a, const ArticleEntity& b) {
    return a.salience != b.salience ? a.salience > b.salience : a.entity_id < b.entity_id;
  });
  out.quotes = attribute_quotes(body.text, body.tokens, named);
  // The tokens go with the result; nothing reads the fields after this.
  auto read = std::make_shared<ReadStory>();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    read->fields[i].text = std::string(fields[i].text);
    read->fields[i].tokens = std::move(fields[i].tokens);
  }
  out.read = std::move(read);
  return out;
}

std::vector<Mention> first_body_mentions(const Enrichment& enrichment, double threshold) {
  std::vector<Mention> out;
  std::unordered_set<Id> seen;
  for (const auto& m : enrichment.mentions)
    if (m.field == StoryField::body && m.confidence >= threshold && seen.insert(m.entity_id).second)
      out.push_back(m);
  return out;
}

}  // namespace marquee
