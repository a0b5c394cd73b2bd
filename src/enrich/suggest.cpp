// Relation suggestions: the names of a sentence (graph entities from the linker, unknown
// capitalised runs otherwise) matched against the few forms news copy uses to state a
// relation. Each form names its predicate, which end is which, and its qualifiers.
#include "enrich/suggest.h"

#include <algorithm>
#include <array>
#include <deque>

#include "enrich/graph_impl.h"
#include "enrich/names.h"
#include "enrich/read_story.h"

namespace marquee {

using namespace enrich_detail;

namespace {

// Confidence of a suggestion: both ends known to the graph, one or both only named, and an
// object taken from the story rather than the sentence ("X plays Y" in a story about one film).
constexpr double kKnownEnds = 0.9;
constexpr double kUnknownEnd = 0.75;
constexpr double kInferredObject = 0.6;
constexpr double kOneOfSeveral = 0.55;  // the most salient of several films or shows

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

constexpr std::array<std::string_view, 6> kPlayVerbs = {"plays",    "played",    "playing",
                                                        "portrays", "portrayed", "portraying"};
constexpr std::array<std::string_view, 10> kAsVerbs = {"stars",    "starred", "starring", "returns",
                                                       "returned", "appears", "appeared", "is",
                                                       "was",      "reprises"};
// Words that end the description of a character: "plays in a band", "plays with fire".
constexpr std::array<std::string_view, 10> kNotDescriptions = {"in", "on",  "with", "for", "to",
                                                               "at", "and", "by",   "of",  "as"};

struct End {
  std::uint32_t begin = 0, end = 0;  // tokens
  std::string name;
  std::optional<Id> id;
  std::optional<EntityKind> kind;  // the graph's kind, for known ends
};

class Suggester {
 public:
  Suggester(const KnowledgeGraph& g, StoryField field, std::string_view text,
            const Enrichment& enrichment, const std::vector<Id>& story_works,
            std::vector<RelationSuggestion>& out)
      : g_(g),
        field_(field),
        text_(text),
        out_(out),
        story_works_(story_works),
        tokens_(field_tokens(&enrichment, field, text, own_tokens_)) {
    collect_ends(enrichment.mentions);
  }

  void run() {
    for (std::size_t k = 0; k < ends_.size(); ++k) {
      plays(k);
      as_character(k);
      directed_by(k);
      directed(k);
      band_of(k);
      joined(k);
      work_by(k);
    }
    bands_song();
  }

 private:
  const std::vector<Token>& list() const { return tokens_.list; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(tokens_.list.size()); }
  std::string_view fold(std::uint32_t i) const {
    return i < size() ? tokens_.fold(tokens_.list[i]) : std::string_view{};
  }
  bool same_sentence(std::uint32_t a, std::uint32_t b) const {
    return a < size() && b < size() && list()[a].sentence == list()[b].sentence;
  }

  void collect_ends(const std::vector<Mention>& mentions) {
    for (const Mention& m : mentions) {
      if (m.field != field_ || m.confidence < EnrichOptions{}.link_threshold) continue;
      auto first =
          std::lower_bound(list().begin(), list().end(), static_cast<std::uint32_t>(m.offset),
                           [](const Token& t, std::uint32_t at) { return t.begin < at; });
      auto last = std::lower_bound(list().begin(), list().end(),
                                   static_cast<std::uint32_t>(m.offset + m.length),
                                   [](const Token& t, std::uint32_t at) { return t.begin < at; });
      if (first == list().end() || first->begin != static_cast<std::uint32_t>(m.offset)) continue;
      const Entity* e = g_.entity(m.entity_id);
      End end{static_cast<std::uint32_t>(first - list().begin()),
              static_cast<std::uint32_t>(last - list().begin()), e ? e->name : m.surface,
              m.entity_id, e ? std::optional<EntityKind>(e->kind) : std::nullopt};
      ends_.push_back(std::move(end));
    }
    // Names the graph does not know, where no known name is.
    std::vector<bool> taken(size(), false);
    for (const End& e : ends_)
      for (std::uint32_t i = e.begin; i < e.end; ++i) taken[i] = true;
    for (const NameRun& r : name_runs(tokens_)) {
      bool free = true;
      for (std::uint32_t i = r.begin; i < r.end && free; ++i) free = !taken[i];
      if (!free) continue;
      ends_.push_back({r.begin, r.end, run_text(text_, tokens_, r.begin, r.end), {}, {}});
    }
    std::sort(ends_.begin(), ends_.end(),
              [](const End& a, const End& b) { return a.begin < b.begin; });
    starts_.assign(size() + 1, SIZE_MAX);
    for (std::size_t k = 0; k < ends_.size(); ++k) starts_[ends_[k].begin] = k;
  }

  const End* end_at(std::uint32_t i) const {
    return i < size() && starts_[i] != SIZE_MAX ? &ends_[starts_[i]] : nullptr;
  }
  // An end at i, or after an article: "joined the Runaways" (the article may be in the name).
  // Emphasis marks before it are skipped: "plays Ada in *Dust Season*".
  const End* end_after_article(std::uint32_t i) const {
    while (i < size() && (fold(i) == "*" || fold(i) == "_")) ++i;
    if (const End* e = end_at(i)) return e;
    if (i < size() && (fold(i) == "the" || fold(i) == "a")) return end_at(i + 1);
    return nullptr;
  }

  static bool is_kind(const End& e, std::initializer_list<EntityKind> kinds) {
    return !e.kind || std::find(kinds.begin(), kinds.end(), *e.kind) != kinds.end();
  }
  static bool person(const End& e) { return is_kind(e, {EntityKind::person}); }
  static bool work(const End& e) { return is_kind(e, {EntityKind::film, EntityKind::show}); }

  void emit(const End& subject, std::string predicate, const End& object,
            std::map<std::string, std::string> qualifiers, std::uint32_t at,
            std::optional<EntityKind> subject_kind, std::optional<EntityKind> object_kind,
            double confidence) {
    if (subject.id && object.id && *subject.id == *object.id) return;
    if (subject.name == object.name) return;
    RelationSuggestion s;
    s.subject = {subject.name, subject.id, subject.kind ? subject.kind : subject_kind};
    s.object = {object.name, object.id, object.kind ? object.kind : object_kind};
    s.predicate = std::move(predicate);
    s.qualifiers = std::move(qualifiers);
    s.field = field_;
    s.confidence = std::min(confidence, subject.id && object.id ? kKnownEnds : kUnknownEnd);
    // The cited sentence: every token of the sentence holding `at`.
    std::uint32_t first = at, last = at;
    while (first > 0 && same_sentence(first - 1, at)) --first;
    while (last + 1 < size() && same_sentence(last + 1, at)) ++last;
    s.sentence_offset = static_cast<int>(list()[first].begin);
    s.sentence =
        std::string(text_.substr(list()[first].begin, list()[last].end - list()[first].begin));
    s.known = subject.id && object.id && known(*subject.id, s.predicate, *object.id);
    for (const auto& o : out_)  // one suggestion per relation and story
      if (o.predicate == s.predicate && o.subject.name == s.subject.name &&
          o.object.name == s.object.name)
        return;
    out_.push_back(std::move(s));
  }

  bool known(Id subject, std::string_view predicate, Id object) const {
    if (!g_.related(subject, object)) return false;  // a binary search; most pairs stop here
    for (const Relation& r : g_.impl().relations)
      if (r.subject_id == subject && r.object_id == object && r.predicate == predicate) return true;
    return false;
  }

  // The work named by "in Z" after token i, in the sentence; else the story's one film or show.
  std::pair<const End*, double> work_in(std::uint32_t i, std::uint32_t sentence_of) {
    for (std::uint32_t k = i; k < size() && k < i + 3 && same_sentence(k, sentence_of); ++k) {
      if (fold(k) != "in" && fold(k) != "on") continue;
      std::uint32_t at = k + 1;  // "in the film Z", "on the series Z"
      if (fold(at) == "the" && kind_cue(fold(at + 1)) && !end_at(at + 1)) at += 2;
      const End* z = end_after_article(at);
      if (!z) continue;
      if (z->kind && !work(*z)) return {nullptr, 0};
      return {z, kKnownEnds};
    }
    // The story's most salient film or show; less sure when it is about several.
    if (!story_works_.empty()) {
      double confidence = story_works_.size() == 1 ? kInferredObject : kOneOfSeveral;
      for (const End& e : ends_)
        if (e.id == story_works_[0]) return {&e, confidence};
      if (const Entity* w = g_.entity(story_works_[0])) {
        inferred_.push_back({0, 0, w->name, w->id, w->kind});
        return {&inferred_.back(), confidence};
      }
    }
    return {nullptr, 0};
  }

  void acted(const End& x, const End& y, std::uint32_t after_y, std::uint32_t at) {
    // The character may be linked as the real person it is named after ("plays Cherie Currie").
    if (!person(x) || !is_kind(y, {EntityKind::character, EntityKind::person})) return;
    auto [z, confidence] = work_in(after_y, at);
    if (!z) return;
    emit(x, "acted_in", *z, {{"character", y.name}}, at, EntityKind::person, EntityKind::film,
         confidence);
  }

  // "X plays Y in Z", "X, who plays Y", "X plays singer Y".
  void plays(std::size_t k) {
    const End& x = ends_[k];
    std::uint32_t v = x.end;
    if (fold(v) == "," && fold(v + 1) == "who") v += 2;
    if (!in(kPlayVerbs, fold(v)) || !same_sentence(x.begin, v)) return;
    // Lower-case words before the character describe it: "plays lyricist Bernie Taupin".
    std::uint32_t y_at = v + 1;
    while (y_at < size() && y_at < v + 4 && !end_at(y_at) && list()[y_at].has(kWord) &&
           !list()[y_at].has(kCapitalized) && !in(kNotDescriptions, fold(y_at)))
      ++y_at;
    const End* y = end_at(y_at);
    if (!y || !same_sentence(v, y_at)) return;
    acted(x, *y, y->end, v);
  }

  // "X stars as Y", "X returns as Y", "with X as Y".
  void as_character(std::size_t k) {
    const End& x = ends_[k];
    std::uint32_t v = x.end;
    if (fold(v) == "," && fold(v + 1) == "who") v += 2;
    std::uint32_t as = v;
    if (in(kAsVerbs, fold(v))) as = v + 1;
    if (fold(as) != "as" || !same_sentence(x.begin, as)) return;
    const End* y = end_at(as + 1);
    if (!y || !same_sentence(as, as + 1)) return;
    if (!y->kind && as == v && !x.id) return;  // "Unknown as Unknown": too weak alone
    acted(x, *y, y->end, as);
  }

  // "Z, directed by X", "Z, which was directed by X".
  void directed_by(std::size_t k) {
    const End& z = ends_[k];
    if (!work(z)) return;
    for (std::uint32_t i = z.end; i < size() && i < z.end + 4 && same_sentence(z.begin, i); ++i) {
      if (fold(i) != "directed" || fold(i + 1) != "by") continue;
      const End* x = end_at(i + 2);
      if (x && person(*x))
        emit(*x, "directed", z, {}, i, EntityKind::person, EntityKind::film, kKnownEnds);
      return;
    }
  }

  // "X directed Z".
  void directed(std::size_t k) {
    const End& x = ends_[k];
    if (!person(x) || fold(x.end) != "directed") return;
    const End* z = end_after_article(x.end + 1);
    if (z && work(*z) && same_sentence(x.begin, z->begin))
      emit(x, "directed", *z, {}, x.end, EntityKind::person, EntityKind::film, kKnownEnds);
  }

  // "X's band Y", "X's group, Y".
  void band_of(std::size_t k) {
    const End& x = ends_[k];
    if (!person(x) || !list()[x.end - 1].has(kPossessive)) return;
    std::uint32_t i = x.end;
    if (fold(i) == "new" || fold(i) == "old" || fold(i) == "first") ++i;
    if (fold(i) != "band" && fold(i) != "group") return;
    if (fold(i + 1) == ",") ++i;
    const End* y = end_after_article(i + 1);
    if (y && is_kind(*y, {EntityKind::band}) && same_sentence(x.begin, y->begin))
      emit(x, "member_of", *y, {}, i, EntityKind::person, EntityKind::band, kKnownEnds);
  }

  // "X joined Y in 1975", "X joined Y".
  void joined(std::size_t k) {
    const End& x = ends_[k];
    if (!person(x) || fold(x.end) != "joined") return;
    std::uint32_t at = x.end + 1;
    if (fold(at) == "the" && (fold(at + 1) == "band" || fold(at + 1) == "group")) at += 2;
    const End* y = end_after_article(at);
    if (!y || !is_kind(*y, {EntityKind::band}) || !same_sentence(x.begin, y->begin)) return;
    // A name the graph does not know is a band only when the sentence says so: "joined the
    // band Neon Harbor", "joined Neon Harbor as drummer".
    bool said_band = at != x.end + 1 || (fold(y->end) == "as" && is_role_noun(fold(y->end + 1)));
    if (!y->kind && !said_band) return;
    std::map<std::string, std::string> q;
    if (fold(y->end) == "in" && is_year(y->end + 1)) q["year"] = std::string(fold(y->end + 1));
    emit(x, "member_of", *y, std::move(q), x.end, EntityKind::person, EntityKind::band, kKnownEnds);
  }

  // "X, the 1982 album by Y" (released), "X, the 1976 single by Y" (performed), "X, the 2010
  // film by Y" (directed); the year is optional.
  void work_by(std::size_t k) {
    const End& x = ends_[k];
    std::uint32_t i = x.end;
    while (i < size() && (fold(i) == "*" || fold(i) == "_" || fold(i) == "\"")) ++i;  // *X*,
    if (fold(i) != "," || (fold(i + 1) != "the" && fold(i + 1) != "a")) return;
    i += 2;
    std::map<std::string, std::string> q;
    if (is_year(i)) q["year"] = std::string(fold(i++));
    std::string_view noun = fold(i);
    std::string predicate;
    EntityKind kind = EntityKind::album;
    if (noun == "album" || noun == "lp" || noun == "ep") {
      predicate = "released";
    } else if (noun == "single" || noun == "song" || noun == "track") {
      predicate = "performed", kind = EntityKind::song;
    } else if (noun == "film" || noun == "movie" || noun == "documentary") {
      predicate = "directed", kind = EntityKind::film;
    } else {
      return;
    }
    if (fold(i + 1) != "by") return;
    const End* y = end_after_article(i + 2);
    if (!y || !same_sentence(x.begin, y->begin)) return;
    if (x.kind && *x.kind != kind && !(kind == EntityKind::film && work(x))) return;
    if (predicate == "directed" && !person(*y)) return;
    emit(*y, predicate, x, std::move(q), i,
         predicate == "directed" ? EntityKind::person : EntityKind::band, kind, kKnownEnds);
  }

  // "the band's song Z", "the group's single Z": the band named last before it.
  void bands_song() {
    const End* band = nullptr;
    std::size_t next = 0;
    for (std::uint32_t i = 0; i + 2 < size(); ++i) {
      for (; next < ends_.size() && ends_[next].begin <= i; ++next)
        if (ends_[next].kind == EntityKind::band) band = &ends_[next];
      if ((fold(i) != "band" && fold(i) != "group") || !list()[i].has(kPossessive)) continue;
      std::uint32_t j = i + 1;
      if (is_year(j)) ++j;
      std::string_view noun = fold(j);
      if (noun != "song" && noun != "single" && noun != "hit" && noun != "track") continue;
      if (fold(j + 1) == ",") ++j;
      const End* z = end_at(j + 1);
      if (!z && (fold(j + 1) == "\"")) z = end_at(j + 2);
      if (band && z && is_kind(*z, {EntityKind::song}) && same_sentence(i, z->begin))
        emit(*band, "performed", *z, {}, i, EntityKind::band, EntityKind::song, kKnownEnds);
    }
  }

  bool is_year(std::uint32_t i) const {
    std::string_view f = fold(i);
    return f.size() == 4 && (f[0] == '1' || f[0] == '2') &&
           std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; });
  }

  const KnowledgeGraph& g_;
  StoryField field_;
  std::string_view text_;
  std::vector<RelationSuggestion>& out_;
  const std::vector<Id>& story_works_;
  Tokens own_tokens_;     // split here when the enrichment read other text
  const Tokens& tokens_;  // the enrichment's or own_tokens_
  std::vector<End> ends_;
  std::vector<std::size_t> starts_;  // token -> index in ends_ of the end starting there
  std::deque<End> inferred_;         // ends taken from the story, not the sentence
};

}  // namespace

std::vector<RelationSuggestion> suggest_relations(const KnowledgeGraph& graph,
                                                  const StoryText& story,
                                                  const Enrichment* enrichment,
                                                  const SuggestOptions& options) {
  Enrichment own;
  if (!enrichment) {
    own = enrich_story(graph, story);
    enrichment = &own;
  }
  // The films and shows the story is about, most salient first (links come sorted by
  // salience), for "X plays Y" with no "in Z".
  std::vector<Id> works;
  for (const auto& l : enrichment->links) {
    const Entity* e = graph.entity(l.entity_id);
    if (e && l.state != LinkState::rejected && l.confidence >= EnrichOptions{}.link_threshold &&
        (e->kind == EntityKind::film || e->kind == EntityKind::show))
      works.push_back(e->id);
  }
  std::vector<RelationSuggestion> out;
  Suggester(graph, StoryField::dek, story.dek, *enrichment, works, out).run();
  Suggester(graph, StoryField::body, story.body, *enrichment, works, out).run();
  std::erase_if(out, [&](const RelationSuggestion& s) {
    return s.confidence < options.min_confidence || (s.known && !options.include_known);
  });
  return out;
}

}  // namespace marquee
