// Entity discovery: capitalised runs of every story, with the evidence around each (quoted,
// a role, named again by surname, a kind cue, a title mark), gathered once per story per name
// and summed over the archive. proposals() decides kind and confidence from the sums.
#include "enrich/discover.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "core/slug.h"
#include "enrich/graph_impl.h"
#include "enrich/names.h"
#include "enrich/read_story.h"

namespace marquee {

using namespace enrich_detail;

namespace {

constexpr std::size_t kKinds = 9;
// Per-story evidence counts saturate here, so that one name in a very large archive does not
// outweigh every kind of evidence but one.
constexpr double kEvidenceCap = 6;

enum Evidence : std::uint8_t {
  kQuoted = 1,
  kRole = 2,
  kShortRef = 4,
  kCued = 8,
  kMarked = 16,
  kNotSentenceStart = 32,  // seen at least once away from the start of a sentence
};

struct NameTally {
  std::string name;  // as first written
  std::vector<Id> stories;
  std::size_t story_count = 0;
  std::size_t quoted = 0, role = 0, short_refs = 0, cued = 0, marked = 0;
  std::size_t sentence_start_only = 0;  // stories where it only ever opened a sentence
  std::array<std::uint32_t, kKinds> kind_votes{};
  std::uint16_t words = 0;
  bool has_function_word = false;
  bool institution = false;  // ends in "Records", "Festival" and the like
};

// What one story says of one name.
struct Seen {
  std::string name;
  std::uint8_t evidence = 0;
  std::array<std::uint8_t, kKinds> kinds{};
  std::uint16_t words = 0;
  bool has_function_word = false;
  bool institution = false;
};

bool emphasis(char c) {
  return c == '*' || c == '_';
}

bool is_digits(std::string_view f) {
  return !f.empty() && std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

struct EntityDiscovery::Impl {
  GraphSnapshot graph;
  DiscoveryOptions options;
  std::unordered_map<std::string, NameTally> candidates;  // key: folded words, one space apart
  std::size_t stories = 0;

  void add(Id story_id, const StoryText& story, const Enrichment* enrichment);
  void read_field(std::string_view text, const Tokens& tokens, bool body,
                  std::unordered_map<std::string, Seen>& seen);
  // A name or alias of the graph; with surnames, a person's surname too.
  bool known(std::string_view name, bool surnames = true) const;
  bool known_span(const Tokens& t, std::uint32_t begin, std::uint32_t end, bool surnames) const;
};

namespace {

std::string key_of(const Tokens& t, std::uint32_t begin, std::uint32_t end) {
  std::string key;
  for (std::uint32_t i = begin; i < end; ++i) {
    if (!t.list[i].has(kWord)) continue;
    if (!key.empty()) key += ' ';
    key += t.fold(t.list[i]);
  }
  return key;
}

}  // namespace

void EntityDiscovery::Impl::read_field(std::string_view text, const Tokens& tokens, bool body,
                                       std::unordered_map<std::string, Seen>& seen) {
  if (!body && mostly_capitalised(tokens)) return;  // a title-case headline: every word a capital
  const auto& list = tokens.list;
  const auto n = static_cast<std::uint32_t>(list.size());
  auto fold = [&](std::uint32_t i) { return tokens.fold(list[i]); };
  auto word = [&](std::uint32_t i) { return i < n && list[i].has(kWord); };

  std::vector<NameRun> runs = name_runs(tokens);
  // Surnames of the multi-word runs, for "Castellanos said" after "Priya Castellanos".
  std::unordered_map<std::string_view, std::string*> surname_of;
  std::vector<std::string> run_keys(runs.size());

  auto capital_word = [&](std::uint32_t i) {
    return i < n && list[i].has(kWord) && list[i].has(kCapitalized);
  };
  // A word this field writes in lower case elsewhere opens its sentence in capitals only for
  // the sentence ("Was Pruitt", "Which Gallo"), not as part of a name.
  auto written_lower = [&](std::uint32_t i) {
    const std::string_view f = fold(i);
    for (std::uint32_t k = 0; k < n; ++k)
      if (k != i && list[k].has(kWord) && !list[k].has(kCapitalized) && fold(k) == f) return true;
    return false;
  };
  // Whether b..e, or the title it is a piece of, is a name the graph knows. Returns where the
  // known name ends, or 0. The run may have lost capitalised words before it ("The", "Last"),
  // may be the end of "Last of the Youth" or the start of "The Radio of the Last", and may open
  // its sentence with a word capitalised only for that ("Why Heavy of the Heavy"). Only the run
  // as it stands may be a known person's surname alone.
  auto known_around = [&](std::uint32_t b, std::uint32_t e) -> std::uint32_t {
    const std::uint32_t sentence = list[b].sentence;
    auto in_sentence = [&](std::uint32_t i) {
      return capital_word(i) && list[i].sentence == sentence;
    };
    // Lower-case words that join a title's capitalised ones: "of the", "and", "&".
    auto joiner_after = [&](std::uint32_t i) -> std::uint32_t {
      if (i + 1 < n && fold(i) == "of" && fold(i + 1) == "the") return 2;
      return i < n && (fold(i) == "and" || fold(i) == "&" || fold(i) == "of") ? 1 : 0;
    };
    auto joiner_before = [&](std::uint32_t i) -> std::uint32_t {  // the joiner ends at i - 1
      if (i >= 2 && fold(i - 2) == "of" && fold(i - 1) == "the") return 2;
      return i >= 1 && (fold(i - 1) == "and" || fold(i - 1) == "&" || fold(i - 1) == "of") ? 1 : 0;
    };
    std::array<std::uint32_t, 6> starts{b};
    std::array<std::uint32_t, 4> ends{e};
    std::size_t start_count = 1, end_count = 1;
    for (std::uint32_t s = b; s > 0 && b - s < 2 && in_sentence(s - 1);)
      starts[start_count++] = --s;
    if (std::uint32_t j = joiner_before(b); j && b > j && in_sentence(b - j - 1)) {
      starts[start_count++] = b - j - 1;
      if (b > j + 1 && in_sentence(b - j - 2)) starts[start_count++] = b - j - 2;
    }
    if (list[b].has(kSentenceStart) && b + 1 < e) starts[start_count++] = b + 1;
    if (std::uint32_t j = joiner_after(e))
      for (std::uint32_t t = e + j; t < e + j + 3 && in_sentence(t); ++t) ends[end_count++] = t + 1;
    for (std::size_t k = end_count; k-- > 0;)  // the longest title first
      for (std::size_t j = 0; j < start_count; ++j)
        if (known_span(tokens, starts[j], ends[k], starts[j] == b && ends[k] == e)) return ends[k];
    return 0;
  };

  std::uint32_t covered_until = 0;  // the end of the last known title read
  for (std::size_t r = 0; r < runs.size(); ++r) {
    std::uint32_t b = runs[r].begin, e = runs[r].end;
    if (b < covered_until) continue;  // a piece of a known title
    if (list[b].has(kSentenceStart) && e - b >= 2 && written_lower(b)) {
      ++b;
      while (b < e && !capital_word(b)) ++b;
      if (b == e) continue;
    }
    if (std::uint32_t known_end = known_around(b, e)) {
      covered_until = known_end;
      continue;
    }
    // "The" belongs to a title in running text ("the film The Runaways") or inside a mark.
    if (b > 0 && fold(b - 1) == "the" && list[b - 1].has(kCapitalized) &&
        (!list[b - 1].has(kSentenceStart) ||
         (list[b - 1].begin > 0 && emphasis(text[list[b - 1].begin - 1]))))
      --b;
    // A title that opens with "The" goes on past "of the" ("The Neon of the Nothing", "The
    // Radio of the Last"); its pieces are not names.
    bool joined = false;
    if (fold(b) == "the" && e + 2 < n && fold(e) == "of" && fold(e + 1) == "the" &&
        capital_word(e + 2) && list[e + 2].sentence == list[b].sentence) {
      joined = true;
      e += 3;
      while (e < n && capital_word(e) && list[e].sentence == list[b].sentence) ++e;
      covered_until = e;
    }
    std::uint8_t evidence = 0;
    std::array<std::uint8_t, kKinds> kinds{};
    auto vote = [&](EntityKind k) { kinds[static_cast<std::size_t>(k)] = 1; };

    // Before the name: a cue ("the band X", "the film X"), a role ("director X"), speech
    // ("said X", "according to X").
    std::uint32_t p = b;
    if (p > 0 && word(p - 1) && (fold(p - 1) == "the" || fold(p - 1) == "a") && p - 1 != b) --p;
    if (p > 0 && word(p - 1)) {
      std::string_view f = fold(p - 1);
      if (auto k = kind_cue(f)) evidence |= kCued, vote(*k);
      if (is_role_noun(f)) evidence |= kRole;
      if (is_speech_verb(f)) evidence |= kQuoted;
      if (f == "to" && p > 1 && fold(p - 2) == "according") evidence |= kQuoted;
    }
    // After it: speech ("X said", "X, 34, said"), an appositive role or kind ("X, who plays",
    // "X, the director of", "X, the 1975 album").
    std::uint32_t a = e;
    if (a < n && fold(a) == "," && a + 2 < n && is_digits(fold(a + 1)) && fold(a + 2) == ",")
      a += 3;
    if (a < n && word(a) && is_speech_verb(fold(a))) evidence |= kQuoted;
    if (e < n && fold(e) == ",") {
      for (std::uint32_t k = e + 1; k < n && k < e + 7; ++k) {
        std::string_view f = fold(k);
        if (!word(k) && f != "'" && f != "-") break;  // the appositive ends at the next mark
        if (k == e + 1 && f == "who") evidence |= kRole;
        if (is_role_noun(f)) evidence |= kRole;
        if (auto kind = kind_cue(f)) {
          evidence |= kCued;
          vote(*kind);
        }
      }
    }
    if (e < n && word(e)) {  // "the Velvet Static album", "X frontwoman"
      if (auto kind = kind_cue(fold(e));
          kind && (*kind == EntityKind::band || b == 0 || fold(b - 1) == "the"))
        evidence |= kCued, vote(*kind);
      if (fold(e) == "frontman" || fold(e) == "frontwoman" || fold(e) == "guitarist" ||
          fold(e) == "drummer")
        evidence |= kCued, vote(EntityKind::band);
    }
    // Titles set in italics (works) or in quotation marks (songs).
    std::size_t first = list[b].begin, last = list[e - 1].end;
    if (first > 0 && last < text.size() && emphasis(text[first - 1]) && emphasis(text[last])) {
      evidence |= kMarked;
      vote(EntityKind::film);
    } else if (b > 0 && e < n && fold(b - 1) == "\"" && fold(e) == "\"" &&
               list[b - 1].end == first) {
      evidence |= kMarked;
      vote(EntityKind::song);
    } else if (b > 0 && e + 1 < n && fold(b - 1) == "\"" && fold(e + 1) == "\"" &&
               (fold(e) == "," || fold(e) == ".")) {  // "Cherry Bomb," in US style
      evidence |= kMarked;
      vote(EntityKind::song);
    }
    if (!list[b].has(kSentenceStart)) evidence |= kNotSentenceStart;

    std::string key = key_of(tokens, b, e);
    if (key.empty()) continue;
    Seen& s = seen[key];
    if (s.name.empty()) {
      s.name = run_text(text, tokens, b, e);
      for (std::uint32_t i = b; i < e; ++i) s.words += list[i].has(kWord);
      s.has_function_word = runs[r].has_function_word || joined;
      s.institution = is_institution_word(fold(e - 1));
    }
    s.evidence |= evidence;
    for (std::size_t k = 0; k < kKinds; ++k) s.kinds[k] |= kinds[k];
    run_keys[r] = key;
    if (s.words >= 2 && !s.has_function_word) surname_of.emplace(fold(e - 1), &run_keys[r]);
    // A one-word run that is the surname of a name before it.
    if (e - b == 1) {
      auto it = surname_of.find(fold(b));
      if (it != surname_of.end() && *it->second != key) seen[*it->second].evidence |= kShortRef;
    }
  }
}

void EntityDiscovery::Impl::add(Id story_id, const StoryText& story, const Enrichment* enrichment) {
  std::unordered_map<std::string, Seen> seen;
  Tokens own;
  read_field(story.headline, field_tokens(enrichment, StoryField::headline, story.headline, own),
             false, seen);
  read_field(story.dek, field_tokens(enrichment, StoryField::dek, story.dek, own), false, seen);
  read_field(story.body, field_tokens(enrichment, StoryField::body, story.body, own), true, seen);
  ++stories;
  for (auto& [key, s] : seen) {
    auto [it, fresh] = candidates.try_emplace(key);
    NameTally& c = it->second;
    if (fresh) {
      c.name = std::move(s.name);
      c.words = s.words;
      c.has_function_word = s.has_function_word;
      c.institution = s.institution;
    }
    ++c.story_count;
    if (c.stories.size() < options.max_story_ids) c.stories.push_back(story_id);
    c.quoted += (s.evidence & kQuoted) != 0;
    c.role += (s.evidence & kRole) != 0;
    c.short_refs += (s.evidence & kShortRef) != 0;
    c.cued += (s.evidence & kCued) != 0;
    c.marked += (s.evidence & kMarked) != 0;
    c.sentence_start_only += (s.evidence & kNotSentenceStart) == 0;
    for (std::size_t k = 0; k < kKinds; ++k) c.kind_votes[k] += s.kinds[k];
  }
}

bool EntityDiscovery::Impl::known(std::string_view name, bool surnames) const {
  Tokens t = tokenize(name);
  return known_span(t, 0, static_cast<std::uint32_t>(t.list.size()), surnames);
}

bool EntityDiscovery::Impl::known_span(const Tokens& t, std::uint32_t begin, std::uint32_t end,
                                       bool surnames) const {
  const auto& g = graph->impl();
  std::uint32_t node = 0;
  for (std::uint32_t i = begin; i < end; ++i) {
    std::uint32_t id = g.token_id(t.fold(t.list[i]));
    if (id == kNone) return false;
    node = g.step(node, id);
    if (node == kNone) return false;
  }
  std::uint32_t p = g.nodes[node].pattern;
  if (p == kNone) return false;
  // A surname the graph knows ("Malek" of Rami Malek) alone names that person again, not
  // someone new; a new person with that surname is proposed by full name.
  const Pattern& pattern = g.patterns[p];
  for (std::uint32_t c = 0; c < pattern.candidates_count; ++c)
    if (surnames || !g.candidates[pattern.candidates_begin + c].short_form) return true;
  return false;
}

EntityDiscovery::EntityDiscovery(GraphSnapshot graph, DiscoveryOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->graph = graph ? std::move(graph) : KnowledgeGraph::compile({}, {});
  impl_->options = options;
}
EntityDiscovery::~EntityDiscovery() = default;
EntityDiscovery::EntityDiscovery(EntityDiscovery&&) noexcept = default;
EntityDiscovery& EntityDiscovery::operator=(EntityDiscovery&&) noexcept = default;

void EntityDiscovery::add_story(Id story_id, const StoryText& story, const Enrichment* enrichment) {
  impl_->add(story_id, story, enrichment);
}

void EntityDiscovery::merge(EntityDiscovery&& other) {
  for (auto& [key, o] : other.impl_->candidates) {
    auto [it, fresh] = impl_->candidates.try_emplace(key);
    NameTally& c = it->second;
    if (fresh) {
      c = std::move(o);
      continue;
    }
    c.story_count += o.story_count;
    for (Id s : o.stories)
      if (c.stories.size() < impl_->options.max_story_ids) c.stories.push_back(s);
    c.quoted += o.quoted, c.role += o.role, c.short_refs += o.short_refs;
    c.cued += o.cued, c.marked += o.marked, c.sentence_start_only += o.sentence_start_only;
    for (std::size_t k = 0; k < kKinds; ++k) c.kind_votes[k] += o.kind_votes[k];
  }
  impl_->stories += other.impl_->stories;
  other.impl_->candidates.clear();
  other.impl_->stories = 0;
}

std::size_t EntityDiscovery::stories_seen() const {
  return impl_->stories;
}
std::size_t EntityDiscovery::candidate_count() const {
  return impl_->candidates.size();
}

std::vector<DiscoveredEntity> EntityDiscovery::proposals() const {
  const auto& o = impl_->options;
  const auto& all = impl_->candidates;
  std::vector<DiscoveredEntity> out;
  for (const auto& [key, c] : all) {
    if (c.story_count < o.min_stories) continue;
    // "Yesterday Priya Castellanos": a word that only ever opened sentences before a name
    // that stands on its own elsewhere.
    if (c.sentence_start_only == c.story_count) {
      auto space = key.find(' ');
      // Only a full name stands on its own: "Rami Malek" opening two stories is not "Malek".
      if (space != std::string::npos && key.find(' ', space + 1) != std::string::npos) {
        auto tail = all.find(key.substr(space + 1));
        if (tail != all.end() && tail->second.story_count >= c.story_count) continue;
      }
      // "Hybax Dunmore": a word that opens every sentence it is in, before a name the graph
      // knows (a known person's surname alone included).
      if (space != std::string::npos && impl_->known(key.substr(space + 1))) continue;
    }
    // One capitalised word that mostly opens sentences ("Is", "Which") has nothing to say it
    // is a name, unless it was set as a title.
    if (c.words == 1 && c.marked == 0 &&
        static_cast<double>(c.story_count - c.sentence_start_only) <
            o.min_mid_sentence_share * static_cast<double>(c.story_count))
      continue;
    if (c.words == 1 && c.marked == 0 && is_month(key)) continue;  // "in December"
    if (impl_->known(c.name)) continue;
    auto capped = [](std::size_t n) { return std::min(kEvidenceCap, static_cast<double>(n)); };
    double person = o.quoted_weight * capped(c.quoted) + o.role_weight * capped(c.role) +
                    o.short_ref_weight * capped(c.short_refs);
    std::size_t best = 0;  // the kind most often cued, other than person (index 0)
    for (std::size_t k = 1; k < kKinds; ++k)
      if (c.kind_votes[k] > (best ? c.kind_votes[best] : 0)) best = k;
    double work = o.cue_weight * capped(c.cued) + o.mark_weight * capped(c.marked);
    // "The Neon" is a title's start, never a person.
    bool could_be_person = c.words >= 2 && c.words <= 4 && !c.has_function_word && !c.institution &&
                           !key.starts_with("the ");
    DiscoveredEntity d;
    if (could_be_person && person > 0 && person >= work) {
      d.entity.kind = EntityKind::person;
    } else if (best != 0 && work > 0) {
      d.entity.kind = static_cast<EntityKind>(best);
    } else {
      continue;  // a capitalised phrase with nothing to say what it is
    }
    d.story_count = c.story_count;
    d.quoted = c.quoted, d.with_role = c.role, d.short_refs = c.short_refs;
    d.cued = c.cued, d.marked = c.marked;
    d.confidence = proposal_confidence(d, o);
    if (d.confidence < o.min_confidence) continue;
    d.entity.name = c.name;
    d.stories = c.stories;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const DiscoveredEntity& a, const DiscoveredEntity& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.story_count != b.story_count) return a.story_count > b.story_count;
    return a.entity.name < b.entity.name;
  });
  // Slugs unique against the graph and each other: "-film", "-band", then a number.
  std::unordered_set<std::string> used;
  for (auto& d : out) {
    std::string base = slugify(d.entity.name);
    if (base.empty()) base = "entity";
    auto free = [&](const std::string& s) {
      return !used.count(s) && impl_->graph->entity_by_slug(s) == nullptr;
    };
    std::string slug = base;
    if (!free(slug)) slug = base + "-" + to_string(d.entity.kind);
    for (int k = 2; !free(slug); ++k) slug = base + "-" + std::to_string(k);
    used.insert(slug);
    d.entity.slug = std::move(slug);
  }
  return out;
}

double proposal_confidence(const DiscoveredEntity& d, const DiscoveryOptions& o) {
  auto capped = [](std::size_t n) { return std::min(kEvidenceCap, static_cast<double>(n)); };
  const double evidence = d.entity.kind == EntityKind::person
                              ? o.quoted_weight * capped(d.quoted) +
                                    o.role_weight * capped(d.with_role) +
                                    o.short_ref_weight * capped(d.short_refs)
                              : o.cue_weight * capped(d.cued) + o.mark_weight * capped(d.marked);
  const double s = evidence + o.story_weight * capped(d.story_count ? d.story_count - 1 : 0);
  return s / (1 + s);
}

std::string write_discovered_jsonl(std::span<const DiscoveredEntity> proposals) {
  std::string out;
  for (const auto& d : proposals) {
    out += "{\"entity\":" + json_string(d.entity.slug);
    out += ",\"kind\":" + json_string(to_string(d.entity.kind));
    out += ",\"name\":" + json_string(d.entity.name);
    char confidence[32];
    std::snprintf(confidence, sizeof confidence, "%.3f", d.confidence);
    out += ",\"confidence\":";
    out += confidence;
    out += ",\"stories\":[";
    for (std::size_t i = 0; i < d.stories.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(d.stories[i]);
    }
    out += "]}\n";
  }
  return out;
}

}  // namespace marquee
