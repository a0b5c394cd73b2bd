// The one header the rest of Marquee includes from store/: repositories for every domain type
// behind one interface, so that SQLite (store/sqlite/) and PostgreSQL can stand behind it.
// Each method is one atomic unit of work: it commits entirely or not at all. Infrastructure
// failures throw StoreError; "not there" is an empty optional, never an exception.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A save whose Article::version is not the stored one: someone else saved first.
class ConflictError : public StoreError {
 public:
  using StoreError::StoreError;
};

// A unique value (slug, email) already taken, or a reference to a row that does not exist.
class ConstraintError : public StoreError {
 public:
  using StoreError::StoreError;
};

struct ArticleQuery {
  std::optional<std::string> section;
  std::optional<Id> author_id;
  std::optional<Id> entity_id;  // linked and not rejected
  std::optional<std::string> tag;
  std::optional<ArticleStatus> status = ArticleStatus::published;  // nullopt: any status
  std::optional<std::string> headline_contains;                    // case-insensitive
  int limit = 20;
  int offset = 0;
};
// Lists come newest first: by publish_at, then updated_at, then id.

struct Revision {
  Id id = 0;
  Id article_id = 0;
  int version = 0;
  Id editor_id = 0;  // 0 when saved by the system (import, demo)
  Time saved_at{};
  Article article;  // the whole story as saved
};

// A relation that names its entities by slug, as knowledge-graph files do.
struct RelationBySlug {
  std::string subject;
  std::string predicate;
  std::string object;
  std::map<std::string, std::string> qualifiers;
};

struct GraphImportCounts {
  int entities_added = 0;
  int entities_updated = 0;
  int relations_added = 0;
};

// A signed-in newsroom session. Only a hash of the cookie's token is stored, so a copy of the
// database does not let anyone in.
struct Session {
  std::string token_hash;  // hex SHA-256 (or BLAKE2b) of the cookie value
  Id user_id = 0;
  std::string csrf_token;  // per-session secret for forms
  std::string address;     // client address at sign-in
  Time created_at{};
  Time last_seen_at{};
  Time expires_at{};  // absolute expiry
};

struct AuditEntry {
  Id id = 0;
  Time at{};
  Id user_id = 0;       // 0: the system or an API token without a user
  std::string action;   // "story.publish", "user.login", "entity.merge", ...
  std::string subject;  // "article:12", "user:3"
  std::string detail;   // free text or JSON
  std::string address;  // client address
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;               // what the token is for, shown in the admin
  std::string token_hash;         // only the hash is stored
  Role role = Role::contributor;  // never above its user's role
  Time created_at{};
  std::optional<Time> last_used_at;
  bool revoked = false;
};

struct SearchQuery {
  std::string text;  // what the reader typed; any characters, never a syntax error
  std::optional<std::string> section;
  std::optional<Id> entity_id;
  std::optional<Time> from;  // publish_at >= from
  std::optional<Time> to;    // publish_at < to
  int limit = 20;
  int offset = 0;
};

struct SearchHit {
  ArticleSummary story;
  double score = 0;          // in (0, 1), higher is better (BM25 or ts_rank, normalised)
  std::string snippet_html;  // body (or dek) text around the best match, HTML-escaped, with
                             // the matched words wrapped in <mark>
};

struct SearchResults {
  std::vector<SearchHit> hits;
  int total = 0;  // all matching stories, whatever the limit and offset
};

// An entity together with the number of published stories linked to it.
struct EntityCount {
  Id entity_id = 0;
  int stories = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Schema version now in the database, and the newest this build knows.
  virtual int schema_version() = 0;
  virtual int latest_schema_version() = 0;

  // --- sections
  virtual std::vector<Section> sections() = 0;  // by position
  virtual Section save_section(const Section& section) = 0;

  // --- users and authors
  virtual std::optional<User> user(Id id) = 0;
  virtual std::optional<User> user_by_slug(std::string_view slug) = 0;
  virtual std::optional<User> user_by_email(std::string_view email) = 0;
  virtual std::vector<User> users() = 0;
  virtual User save_user(const User& user) = 0;  // id 0 inserts

  // --- articles
  virtual std::optional<Article> article(Id id) = 0;
  virtual std::optional<Article> article_by_slug(std::string_view slug) = 0;
  // The current slug of a story that once had old_slug, if any.
  virtual std::optional<std::string> slug_redirect(std::string_view old_slug) = 0;
  // Inserts (id 0) or updates. On update article.version must equal the stored version, else
  // ConflictError. Stores a revision, keeps a changed slug as a redirect, sets created_at and
  // updated_at to now, and returns the stored story with its new id and version.
  virtual Article save_article(const Article& article, Id editor_id) = 0;
  // The same, dated saved_at instead of now: imports and re-enrichment keep a story's own
  // times (created_at on insert, updated_at, and the revision's time).
  virtual Article save_article(const Article& article, Id editor_id, Time saved_at) = 0;
  virtual std::vector<ArticleSummary> articles(const ArticleQuery& query) = 0;
  virtual int count_articles(const ArticleQuery& query) = 0;
  virtual std::vector<ArticleSummary> article_summaries(const std::vector<Id>& ids) = 0;
  virtual std::vector<Revision> revisions(Id article_id) = 0;  // newest first
  // Scheduled stories whose publish_at <= now become published; returns their ids.
  virtual std::vector<Id> publish_due(Time now) = 0;

  // --- media
  virtual std::optional<Media> media(Id id) = 0;
  virtual Media save_media(const Media& media) = 0;

  // --- knowledge graph
  virtual std::optional<Entity> entity(Id id) = 0;
  virtual std::optional<Entity> entity_by_slug(std::string_view slug) = 0;
  virtual std::vector<Entity> entities() = 0;                    // all, by name
  virtual Entity save_entity(const Entity& entity) = 0;          // id 0 inserts
  virtual std::vector<Relation> relations_of(Id entity_id) = 0;  // as subject or object
  virtual std::vector<Relation> relations() = 0;
  // Inserts, or returns the existing relation with the same subject, predicate, object and
  // qualifiers.
  virtual Relation save_relation(const Relation& relation) = 0;
  virtual void delete_relation(Id relation_id) = 0;
  // Saves a whole knowledge-graph file in one transaction, so a failure writes nothing.
  // Entities are matched by slug (an existing one is updated and keeps its id; ids given are
  // ignored); relations are added unless the same one exists; a relation naming an unknown
  // slug is a ConstraintError.
  virtual GraphImportCounts import_graph(const std::vector<Entity>& entities,
                                         const std::vector<RelationBySlug>& relations) = 0;

  // --- what enrichment found
  // Replaces the automatic links and the quotes of one story in one transaction. Links an
  // editor confirmed or rejected are kept as they are; a new automatic link for the same entity
  // updates their counts, salience and offset but not their state or source.
  virtual void replace_enrichment(Id article_id, const std::vector<ArticleEntity>& links,
                                  const std::vector<Quote>& quotes) = 0;
  // An editor's decision on one link (creates it with source editor when absent).
  virtual void set_link_state(Id article_id, Id entity_id, LinkState state) = 0;
  virtual std::vector<ArticleEntity> article_links(Id article_id) = 0;  // by salience
  // Links of published stories, not rejected: the input of the related-reading index.
  virtual std::vector<ArticleEntity> published_links() = 0;
  virtual std::vector<Quote> article_quotes(Id article_id) = 0;  // by position
  // Quotes by one speaker in published stories, newest story first.
  virtual std::vector<Quote> speaker_quotes(Id entity_id, int limit) = 0;
  // The entities most often linked in the same published stories as entity_id.
  virtual std::vector<EntityCount> co_mentioned(Id entity_id, int limit) = 0;

  // --- the newsroom
  // Sessions are returned as stored, expired or not: the caller compares expires_at with its
  // clock. save_session inserts, or updates every field but created_at of the same token_hash;
  // a session for an unknown user is a ConstraintError.
  virtual void save_session(const Session& session) = 0;
  virtual std::optional<Session> session(std::string_view token_hash) = 0;
  virtual void delete_session(std::string_view token_hash) = 0;
  virtual void delete_user_sessions(Id user_id) = 0;
  virtual int delete_expired_sessions(Time now) = 0;  // expires_at <= now; returns how many
  // Failed sign-ins, keyed by e.g. "email:a@b.c" or "ip:127.0.0.1", for throttling. Failures
  // more than a day older than the newest one recorded are forgotten, so the table stays small.
  virtual void record_login_failure(std::string_view key, Time at) = 0;
  virtual int login_failures_since(std::string_view key, Time since) = 0;  // at >= since
  virtual void clear_login_failures(std::string_view key) = 0;
  // An entry needs an action; a zero `at` means now. Entries outlive the users they name.
  virtual void append_audit(const AuditEntry& entry) = 0;
  virtual std::vector<AuditEntry> audit_log(int limit, int offset) = 0;  // newest first
  // Id 0 inserts (created_at now when zero); an update keeps created_at. The hash must be
  // unique and the role at most the user's: otherwise ConstraintError. Lookups return revoked
  // tokens too, so the caller checks `revoked`.
  virtual ApiToken save_api_token(const ApiToken& token) = 0;
  virtual std::optional<ApiToken> api_token(std::string_view token_hash) = 0;
  virtual std::vector<ApiToken> api_tokens(Id user_id) = 0;  // oldest first
  // Newest first; nullopt lists both kinds.
  virtual std::vector<Media> media_list(std::optional<MediaKind> kind, int limit, int offset) = 0;
  // Stories that used it lose the reference (lead or clip) without a new version or revision.
  virtual void delete_media(Id id) = 0;
  // Moves every link, quote, relation and alias of `merged` to `keep` (adding merged's name as
  // an alias of keep) and deletes `merged`, in one transaction. A story linked to both keeps
  // one link: mentions added, the higher salience and confidence, the earlier offset, and an
  // editor's decision over a suggestion (confirmed over rejected). Relations that would repeat
  // one of keep's, or point keep at itself, are dropped. keep's empty description and dates
  // are filled from merged's. Unknown ids, or keep == merged, are a ConstraintError.
  virtual void merge_entities(Id keep, Id merged) = 0;
  virtual void delete_entity(Id id) = 0;  // with its relations, links and quote speakers

  // --- search over published stories (headline, dek, body), best first
  // The text is the reader's: every word is searched for, none is ever syntax. The last word
  // is also a prefix ("eclip" finds "Eclipse") when it has three characters or more and the
  // text does not end in a space. No words, no hits.
  virtual SearchResults search(const SearchQuery& query) = 0;

  // --- settings (small key/value pairs)
  virtual std::optional<std::string> setting(std::string_view key) = 0;
  virtual void set_setting(std::string_view key, std::string_view value) = 0;
};

// Opens (creating if needed) and migrates the store at location: a directory path or
// "sqlite:/path/to/file.db" for SQLite, "postgresql://user@host:port/db" for PostgreSQL (nodes
// starting together migrate once). Throws StoreError with a one-line reason.
std::unique_ptr<Store> open_store(const std::string& location);

}  // namespace marquee
