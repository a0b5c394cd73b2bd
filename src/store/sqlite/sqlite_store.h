// The Store on one SQLite file: every method is one transaction on a pooled connection (reads
// on a read-only connection, writes on the single writer with BEGIN IMMEDIATE).
// Private to store/: the rest of Marquee reaches it through open_store() in store.h.
#pragma once

#include <filesystem>
#include <memory>
#include <type_traits>

#include "store/sqlite/connection_pool.h"
#include "store/store.h"

namespace marquee::sqlite {

// Opens (creating if needed) the file and migrates it to the newest schema.
std::unique_ptr<Store> open_sqlite_store(const std::filesystem::path& file);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::filesystem::path& file);

  int schema_version() override;
  int latest_schema_version() override;

  std::vector<Section> sections() override;
  Section save_section(const Section& section) override;

  std::optional<User> user(Id id) override;
  std::optional<User> user_by_slug(std::string_view slug) override;
  std::optional<User> user_by_email(std::string_view email) override;
  std::vector<User> users() override;
  User save_user(const User& user) override;

  std::optional<Article> article(Id id) override;
  std::optional<Article> article_by_slug(std::string_view slug) override;
  std::optional<std::string> slug_redirect(std::string_view old_slug) override;
  Article save_article(const Article& article, Id editor_id) override;
  Article save_article(const Article& article, Id editor_id, Time saved_at) override;
  std::vector<ArticleSummary> articles(const ArticleQuery& query) override;
  int count_articles(const ArticleQuery& query) override;
  std::vector<ArticleSummary> article_summaries(const std::vector<Id>& ids) override;
  std::vector<Revision> revisions(Id article_id) override;
  std::vector<Id> publish_due(Time now) override;

  std::optional<Media> media(Id id) override;
  Media save_media(const Media& media) override;
  std::vector<Media> media_list(std::optional<MediaKind> kind, int limit, int offset) override;
  void delete_media(Id id) override;

  std::optional<Entity> entity(Id id) override;
  std::optional<Entity> entity_by_slug(std::string_view slug) override;
  std::vector<Entity> entities() override;
  Entity save_entity(const Entity& entity) override;
  std::vector<Relation> relations_of(Id entity_id) override;
  std::vector<Relation> relations() override;
  Relation save_relation(const Relation& relation) override;
  void delete_relation(Id relation_id) override;
  GraphImportCounts import_graph(const std::vector<Entity>& entities,
                                 const std::vector<RelationBySlug>& relations) override;
  void merge_entities(Id keep, Id merged) override;
  void delete_entity(Id id) override;

  void replace_enrichment(Id article_id, const std::vector<ArticleEntity>& links,
                          const std::vector<Quote>& quotes) override;
  void set_link_state(Id article_id, Id entity_id, LinkState state) override;
  std::vector<ArticleEntity> article_links(Id article_id) override;
  std::vector<ArticleEntity> published_links() override;
  std::vector<Quote> article_quotes(Id article_id) override;
  std::vector<Quote> speaker_quotes(Id entity_id, int limit) override;
  std::vector<EntityCount> co_mentioned(Id entity_id, int limit) override;

  void save_session(const Session& session) override;
  std::optional<Session> session(std::string_view token_hash) override;
  void delete_session(std::string_view token_hash) override;
  void delete_user_sessions(Id user_id) override;
  int delete_expired_sessions(Time now) override;
  void record_login_failure(std::string_view key, Time at) override;
  int login_failures_since(std::string_view key, Time since) override;
  void clear_login_failures(std::string_view key) override;
  void append_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> audit_log(int limit, int offset) override;
  ApiToken save_api_token(const ApiToken& token) override;
  std::optional<ApiToken> api_token(std::string_view token_hash) override;
  std::vector<ApiToken> api_tokens(Id user_id) override;

  SearchResults search(const SearchQuery& query) override;

  std::optional<std::string> setting(std::string_view key) override;
  void set_setting(std::string_view key, std::string_view value) override;

 private:
  // Runs work(db) in one read transaction on a pooled read-only connection.
  template <typename Work>
  auto read(Work&& work) {
    auto db = pool_.reader();
    Transaction tx(*db, Transaction::Kind::read);
    return finish(tx, [&] { return work(*db); });
  }

  // Runs work(db) in one write transaction on the writer; an exception rolls everything back.
  template <typename Work>
  auto write(Work&& work) {
    auto db = pool_.writer();
    Transaction tx(*db, Transaction::Kind::write);
    return finish(tx, [&] { return work(*db); });
  }

  template <typename Body>
  static auto finish(Transaction& tx, Body&& body) {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      tx.commit();
    } else {
      auto result = body();
      tx.commit();
      return result;
    }
  }

  ConnectionPool pool_;
};

}  // namespace marquee::sqlite
