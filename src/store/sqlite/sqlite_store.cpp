// Opening the SQLite store, and the small repositories: sections, users, settings.
// Stories live in articles.cpp, media in media.cpp, the knowledge graph and enrichment in
// graph.cpp and merge.cpp, sessions, tokens and the audit log in newsroom.cpp, search in
// search.cpp.
#include "store/sqlite/sqlite_store.h"

#include <string>

#include "store/sqlite/codec.h"
#include "store/sqlite/migrations.h"

namespace marquee::sqlite {
namespace {

// Enough for the HTTP server's io threads plus a background job; more would only wait on disk.
constexpr std::size_t kMaxReaders = 4;

// Empty means "none" for optional unique columns (a byline with no login has no email).
std::optional<std::string_view> null_if_empty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The id of another row of table that already has value in column, if any.
std::optional<Id> taken_by(Database& db, const std::string& table, const std::string& column,
                           std::string_view value, Id self) {
  auto q = db.prepare("SELECT id FROM " + table + " WHERE " + column + " = ? AND id <> ?");
  q.bind_all(value, self);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

constexpr const char* kUserColumns = "id, email, display_name, slug, bio, role, password_hash";

User read_user(const Statement& q) {
  User u;
  u.id = q.int64(0);
  u.email = q.text(1);
  u.display_name = q.text(2);
  u.slug = q.text(3);
  u.bio = q.text(4);
  u.role = role_from(q.text(5));
  u.password_hash = q.text(6);
  return u;
}

std::optional<User> one_user(Database& db, const std::string& where, std::string_view value) {
  auto q = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where);
  q.bind(1, value);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::filesystem::path& file) {
  return std::make_unique<SqliteStore>(file);
}

SqliteStore::SqliteStore(const std::filesystem::path& file) : pool_(file, kMaxReaders) {
  migrate(*pool_.writer());
}

int SqliteStore::schema_version() {
  return read([](Database& db) { return current_schema_version(db); });
}

int SqliteStore::latest_schema_version() {
  return sqlite::latest_schema_version();
}

// --- sections

std::vector<Section> SqliteStore::sections() {
  return read([](Database& db) {
    std::vector<Section> out;
    auto q = db.prepare("SELECT id, slug, name, position FROM sections ORDER BY position, id");
    while (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.int32(3)});
    return out;
  });
}

Section SqliteStore::save_section(const Section& section) {
  return write([&](Database& db) {
    if (section.slug.empty()) throw ConstraintError("a section needs a slug");
    if (auto other = taken_by(db, "sections", "slug", section.slug, section.id)) {
      throw ConstraintError("section slug '" + section.slug + "' is already used by section " +
                            std::to_string(*other));
    }
    Section saved = section;
    if (has_row_with_id(db, "sections", section.id)) {
      db.prepare("UPDATE sections SET slug = ?, name = ?, position = ? WHERE id = ?")
          .bind_all(section.slug, section.name, section.position, section.id)
          .run();
    } else {
      db.prepare("INSERT INTO sections (id, slug, name, position) VALUES (?, ?, ?, ?)")
          .bind_all(id_or_null(section.id), section.slug, section.name, section.position)
          .run();
      saved.id = db.last_insert_id();
    }
    return saved;
  });
}

// --- users

std::optional<User> SqliteStore::user(Id id) {
  return read([&](Database& db) -> std::optional<User> {
    auto q = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  });
}

std::optional<User> SqliteStore::user_by_slug(std::string_view slug) {
  if (slug.empty()) return std::nullopt;
  return read([&](Database& db) { return one_user(db, "slug = ?", slug); });
}

std::optional<User> SqliteStore::user_by_email(std::string_view email) {
  if (email.empty()) return std::nullopt;
  // Same expression as the unique index, so the lookup uses it.
  return read([&](Database& db) { return one_user(db, "lower(email) = lower(?)", email); });
}

std::vector<User> SqliteStore::users() {
  return read([](Database& db) {
    std::vector<User> out;
    auto q =
        db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY display_name, id");
    while (q.step()) out.push_back(read_user(q));
    return out;
  });
}

User SqliteStore::save_user(const User& user) {
  return write([&](Database& db) {
    if (user.display_name.empty()) throw ConstraintError("a user needs a display name");
    if (!user.email.empty()) {
      auto q = db.prepare("SELECT id FROM users WHERE lower(email) = lower(?) AND id <> ?");
      q.bind_all(user.email, user.id);
      if (q.step()) {
        throw ConstraintError("email " + user.email + " is already used by user " +
                              std::to_string(q.int64(0)));
      }
    }
    if (!user.slug.empty()) {
      if (auto other = taken_by(db, "users", "slug", user.slug, user.id)) {
        throw ConstraintError("author slug '" + user.slug + "' is already used by user " +
                              std::to_string(*other));
      }
    }
    User saved = user;
    auto email = null_if_empty(user.email);
    auto slug = null_if_empty(user.slug);
    if (has_row_with_id(db, "users", user.id)) {
      db.prepare(
            "UPDATE users SET email = ?, display_name = ?, slug = ?, bio = ?, role = ?, "
            "password_hash = ? WHERE id = ?")
          .bind_all(email, user.display_name, slug, user.bio, to_string(user.role),
                    user.password_hash, user.id)
          .run();
    } else {
      db.prepare(
            "INSERT INTO users (id, email, display_name, slug, bio, role, password_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
          .bind_all(id_or_null(user.id), email, user.display_name, slug, user.bio,
                    to_string(user.role), user.password_hash)
          .run();
      saved.id = db.last_insert_id();
    }
    return saved;
  });
}

// --- settings

std::optional<std::string> SqliteStore::setting(std::string_view key) {
  return read([&](Database& db) -> std::optional<std::string> {
    auto q = db.prepare("SELECT value FROM settings WHERE name = ?");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

void SqliteStore::set_setting(std::string_view key, std::string_view value) {
  if (key.empty()) throw ConstraintError("a setting needs a name");
  write([&](Database& db) {
    db.prepare(
          "INSERT INTO settings (name, value) VALUES (?, ?) "
          "ON CONFLICT (name) DO UPDATE SET value = excluded.value")
        .bind_all(key, value)
        .run();
  });
}

}  // namespace marquee::sqlite
