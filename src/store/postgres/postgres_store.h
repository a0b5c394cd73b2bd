// The Store on PostgreSQL 15: every method is one transaction on a pooled connection (reads in
// REPEATABLE READ READ ONLY, so a story and its parts come from one snapshot; writes in READ
// COMMITTED with row locks). Several nodes may share one database.
// Private to store/: the rest of Marquee reaches it through open_store() in store.h.
#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include "store/postgres/pool.h"
#include "store/store.h"

namespace marquee::postgres {

// Connects to location (a postgresql:// URL) and migrates the database to the newest schema.
std::unique_ptr<Store> open_postgres_store(const std::string& location, PoolOptions options = {});

class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& location, PoolOptions options);

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
  enum class Access { read, write };

  template <typename Work>
  auto read(Work&& work) {
    return transact(Access::read, std::forward<Work>(work));
  }
  template <typename Work>
  auto write(Work&& work) {
    return transact(Access::write, std::forward<Work>(work));
  }

  // Runs work(conn) between BEGIN and COMMIT; an exception rolls back. A pooled connection
  // found dead at BEGIN (nothing sent yet) is replaced and the work started on a fresh one.
  template <typename Work>
  auto transact(Access access, Work&& work) {
    auto conn = begin(access);
    try {
      if constexpr (std::is_void_v<decltype(work(*conn))>) {
        work(*conn);
        conn->exec("COMMIT");
      } else {
        auto result = work(*conn);
        conn->exec("COMMIT");
        return result;
      }
    } catch (...) {
      conn->rollback();
      throw;
    }
  }

  Pool::Lease begin(Access access);

  Pool pool_;
};

}  // namespace marquee::postgres
