// The store: the repositories of every domain type (each in a narrow header of its own), over
// SQLite (store/sqlite/) or PostgreSQL (store/postgres/). A repository reached from the Store
// runs each call as one transaction of its own; a write that must do several things (a story,
// its revision, its links and quotes, the change notice) does them in one UnitOfWork, all or
// nothing. Failures throw the errors of store/errors.h; "not there" is an empty optional.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "store/articles.h"
#include "store/audit.h"
#include "store/autosaves.h"
#include "store/comments.h"
#include "store/errors.h"
#include "store/galleries.h"
#include "store/graph.h"
#include "store/imports.h"
#include "store/links.h"
#include "store/live.h"
#include "store/media.h"
#include "store/redirects.h"
#include "store/review.h"
#include "store/scope.h"
#include "store/search.h"
#include "store/settings.h"
#include "store/tokens.h"
#include "store/users.h"

namespace marquee {

namespace sql {
class Engine;
class Session;
}  // namespace sql

// Every repository, over one scope.
class Repositories {
 public:
  Repositories(const Repositories&) = delete;
  Repositories& operator=(const Repositories&) = delete;

  ArticleRepository& articles() { return articles_; }
  RedirectRepository& redirects() { return redirects_; }
  GraphRepository& graph() { return graph_; }
  LinkRepository& links() { return links_; }
  MediaRepository& media() { return media_; }
  UserRepository& users() { return users_; }
  SessionRepository& sessions() { return sessions_; }
  TokenRepository& tokens() { return tokens_; }
  AuditRepository& audit() { return audit_; }
  SectionRepository& sections() { return sections_; }
  SettingRepository& settings() { return settings_; }
  ReviewRepository& review() { return review_; }
  ImportKeyRepository& import_keys() { return import_keys_; }
  CommentRepository& comments() { return comments_; }
  AutosaveRepository& autosaves() { return autosaves_; }
  LiveEntryRepository& live() { return live_; }
  GalleryRepository& galleries() { return galleries_; }

 protected:
  explicit Repositories(Scope& scope)
      : articles_(scope),
        redirects_(scope),
        graph_(scope),
        links_(scope),
        media_(scope),
        users_(scope),
        sessions_(scope),
        tokens_(scope),
        audit_(scope),
        sections_(scope),
        settings_(scope),
        review_(scope),
        import_keys_(scope),
        comments_(scope),
        autosaves_(scope),
        live_(scope),
        galleries_(scope) {}
  ~Repositories() = default;

 private:
  ArticleRepository articles_;
  RedirectRepository redirects_;
  GraphRepository graph_;
  LinkRepository links_;
  MediaRepository media_;
  UserRepository users_;
  SessionRepository sessions_;
  TokenRepository tokens_;
  AuditRepository audit_;
  SectionRepository sections_;
  SettingRepository settings_;
  ReviewRepository review_;
  ImportKeyRepository import_keys_;
  CommentRepository comments_;
  AutosaveRepository autosaves_;
  LiveEntryRepository live_;
  GalleryRepository galleries_;
};

// One write transaction, with every repository in it. Made by Store::write, never by hand.
class UnitOfWork final : private Scope, public Repositories {
 public:
  UnitOfWork(sql::Engine& engine, sql::Session& session)
      : Repositories(static_cast<Scope&>(*this)), engine_(engine), session_(session) {}

  // Tells every node (this one too) when the unit commits; never when it rolls back.
  void notify(std::string_view payload);

 private:
  void transact(Access access, const std::function<void(sql::Session&)>& work) override;

  sql::Engine& engine_;
  sql::Session& session_;
};

class Store final : private Scope, public Repositories {
 public:
  explicit Store(std::unique_ptr<sql::Engine> engine);
  ~Store();

  // Runs work(unit) in one write transaction and returns what it returns: committed when it
  // returns, rolled back (nothing written, nothing announced) when it throws.
  template <typename Work>
  auto write(Work&& work) -> std::invoke_result_t<Work&, UnitOfWork&> {
    return Scope::run(Access::write, [&](sql::Session& session) {
      UnitOfWork unit(*engine_, session);
      return work(unit);
    });
  }

  SearchRepository& search() { return search_; }

  // Schema version now in the database, and the newest this build knows.
  int schema_version();
  int latest_schema_version();

 private:
  void transact(Access access, const std::function<void(sql::Session&)>& work) override;

  std::unique_ptr<sql::Engine> engine_;
  SearchRepository search_;
};

// Opens (creating if needed) and migrates the store at location: a directory path or
// "sqlite:/path/to/file.db" for SQLite, "postgresql://user@host:port/db" for PostgreSQL (nodes
// starting together migrate once). Throws StoreError with a one-line reason.
std::unique_ptr<Store> open_store(const std::string& location);

}  // namespace marquee
