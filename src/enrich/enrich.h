// Enrichment, the one public header of enrich/: a compiled knowledge-graph snapshot, the story
// linker (mentions, links, disambiguation), quote attribution, related reading and glued-text
// repair. Pure functions over core types; no storage, no HTTP. A snapshot is immutable and
// shared (std::shared_ptr<const KnowledgeGraph>); rebuild it when the graph changes.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee {

// All names and aliases of the graph compiled into one token automaton, plus the relations
// needed to disambiguate. Thread-safe to share: nothing in it changes after compile().
class KnowledgeGraph {
 public:
  // Entities must have distinct non-zero ids (later duplicates are ignored); relations naming
  // an unknown id are ignored.
  static std::shared_ptr<const KnowledgeGraph> compile(std::vector<Entity> entities,
                                                       std::vector<Relation> relations);
  ~KnowledgeGraph();
  KnowledgeGraph(const KnowledgeGraph&) = delete;
  KnowledgeGraph& operator=(const KnowledgeGraph&) = delete;

  std::size_t entity_count() const;
  std::size_t relation_count() const;
  std::size_t name_count() const;  // distinct matchable names (full names, aliases, surnames)
  const Entity* entity(Id id) const;
  const Entity* entity_by_slug(std::string_view slug) const;
  // Every entity, in no set order (the sitemap of topic pages).
  const std::vector<Entity>& entities() const;
  bool related(Id a, Id b) const;  // a relation either way
  // The relations naming the entity as subject or object, in the order compiled (by id when
  // compiled from the store); empty for an unknown entity. A topic page's roles without a query.
  std::vector<const Relation*> relations_of(Id id) const;

  // The compiled form, defined privately in enrich/ and used only there.
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit KnowledgeGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

using GraphSnapshot = std::shared_ptr<const KnowledgeGraph>;

enum class StoryField { headline, dek, body };

// One place in the story where an entity is named.
struct Mention {
  Id entity_id = 0;
  StoryField field = StoryField::body;
  int offset = 0;  // bytes into that field's text
  int length = 0;  // bytes; a possessive "'s" is not included
  std::string surface;
  double confidence = 0;    // below EnrichOptions::link_threshold: a suggestion only
  bool short_form = false;  // a surname standing for a person named in full before
};

struct StoryText {
  std::string_view headline;
  std::string_view dek;
  std::string_view body;  // Markdown source; code, link targets and HTML tags are not read
};

struct EnrichOptions {
  double link_threshold = 0.5;            // links at or above are confirmed, below suggested
  std::size_t max_field_bytes = 1 << 20;  // longer text is read up to this many bytes
};

// The fields of a story as enrich_story() read them (enrich/ only; see read_story.h).
struct ReadStory;

struct Enrichment {
  std::vector<ArticleEntity> links;  // one per entity, by salience (highest first)
  std::vector<Quote> quotes;         // in body order
  std::vector<Mention> mentions;     // headline, dek, body, each in text order
  // What enrich_story() read, for suggest_relations() and EntityDiscovery::add_story() over the
  // same text to reuse; null when the enrichment was put together otherwise.
  std::shared_ptr<const ReadStory> read;
};

// Links, quotes and mentions of one story. article_id fields are left 0 for the caller.
Enrichment enrich_story(const KnowledgeGraph& graph, const StoryText& story,
                        const EnrichOptions& options = {});

// The first body mention of each entity whose confidence reaches the threshold, in body
// order: where the site puts links.
std::vector<Mention> first_body_mentions(const Enrichment& enrichment,
                                         double threshold = EnrichOptions{}.link_threshold);

// Splits link texts that scraping ran together where known names meet:
// "The RunawaysThe Twilight Saga: Eclipsemay be" -> "The Runaways The Twilight Saga: Eclipse
// may be". Ordinary words are left whole; text without such joins comes back unchanged.
std::string repair_glued_text(const KnowledgeGraph& graph, std::string_view text);

struct RelatedOptions {
  std::size_t limit = 5;
  double half_life_days = 180;                 // a story this far apart in time counts half
  double min_salience = 0.15;                  // weaker links neither index nor match
  std::size_t max_postings_per_entity = 1000;  // nearest in time; bounds the work per query
  std::size_t heading_people = 2;
};

struct RelatedStory {
  Id article_id = 0;
  double score = 0;
  std::vector<Id> shared_entities;  // highest contribution first
};

struct RelatedReading {
  std::vector<RelatedStory> stories;  // best first
  std::vector<Id> shared_people;      // the people to name in the heading, most shared first
};

// Inverted index entity -> stories for related reading. Many readers, one writer: every method
// may be called from any thread.
class RelatedIndex {
 public:
  RelatedIndex();
  ~RelatedIndex();
  RelatedIndex(const RelatedIndex&) = delete;
  RelatedIndex& operator=(const RelatedIndex&) = delete;

  // Replaces what the index holds for the story; rejected links are left out.
  void put(Id article_id, Time published, std::span<const ArticleEntity> links);

  struct Entry {
    Id article_id = 0;
    Time published{};
    std::vector<ArticleEntity> links;
  };
  // Loading many stories at once (at start-up, in any order) costs one sort per entity
  // instead of one ordered insert per link.
  void put_all(std::span<const Entry> entries);
  void remove(Id article_id);
  std::size_t size() const;
  // How many stories in the index link the entity: a topic's story count without a query.
  std::size_t story_count(Id entity_id) const;
  // The entities linked most often in the same stories as entity_id, among its newest `window`
  // stories in the index: most stories first, then by id, at most `limit`. A topic page's
  // "often covered with", at the same cost however large the archive about the entity is.
  struct CoMention {
    Id entity_id = 0;
    int stories = 0;
  };
  std::vector<CoMention> co_mentioned(Id entity_id, std::size_t limit, std::size_t window) const;

  // Stories related to one in the index (empty when it is not there). The graph, when given,
  // says which shared entities are people for the heading.
  RelatedReading related(Id article_id, const RelatedOptions& options = {},
                         const KnowledgeGraph* graph = nullptr) const;
  // The same for a story that is not (or not yet) in the index, e.g. a draft.
  RelatedReading related_to(std::span<const ArticleEntity> links, Time published,
                            Id exclude_article = 0, const RelatedOptions& options = {},
                            const KnowledgeGraph* graph = nullptr) const;

  struct Impl;  // defined in related.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

// "Read on for more Dakota Fanning & Kristen Stewart"; empty when no people are shared.
std::string related_heading(const KnowledgeGraph& graph, const RelatedReading& reading);

}  // namespace marquee
