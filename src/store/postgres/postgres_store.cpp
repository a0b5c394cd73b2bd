// Opening the PostgreSQL store, its transactions, and the small repositories: sections, users,
// settings. Stories are in articles.cpp, media in media.cpp, the graph in graph.cpp and merge.cpp,
// sessions and tokens in newsroom.cpp, search in search.cpp.
#include "store/postgres/postgres_store.h"

#include "store/postgres/common.h"
#include "store/postgres/migrations.h"

namespace marquee::postgres {
namespace {

// Empty means "none" for optional unique columns (a byline with no login has no email).
std::optional<std::string_view> null_if_empty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

constexpr const char* kUserColumns = "id, email, display_name, slug, bio, role, password_hash";

User read_user(const Result& r, int row) {
  User u;
  u.id = r.int64(row, 0);
  u.email = r.text(row, 1);
  u.display_name = r.text(row, 2);
  u.slug = r.text(row, 3);
  u.bio = r.text(row, 4);
  u.role = role_from(r.text(row, 5));
  u.password_hash = r.text(row, 6);
  return u;
}

std::optional<User> one_user(Connection& conn, const std::string& where, std::string_view value) {
  auto r = conn.run(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where, value);
  if (r.rows() == 0) return std::nullopt;
  return read_user(r, 0);
}

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& location, PoolOptions options) {
  return std::make_unique<PostgresStore>(location, options);
}

PostgresStore::PostgresStore(const std::string& location, PoolOptions options)
    : pool_(location, options) {
  auto conn = pool_.lease();
  migrate(*conn);
}

Pool::Lease PostgresStore::begin(Access access) {
  // Read-only snapshot reads never fail to serialise; writes lock what they change.
  const char* sql =
      access == Access::read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
  // Every idle connection may have died together (server restart): try each, then a new one.
  for (int attempt = 0;; ++attempt) {
    auto conn = pool_.lease();
    try {
      conn->exec(sql);
      return conn;
    } catch (const StoreError&) {
      if (conn->healthy() || attempt > 16) throw;
    }
  }
}

int PostgresStore::schema_version() {
  return read([](Connection& conn) { return current_schema_version(conn); });
}

int PostgresStore::latest_schema_version() {
  return postgres::latest_schema_version();
}

// --- sections

std::vector<Section> PostgresStore::sections() {
  return read([](Connection& conn) {
    std::vector<Section> out;
    auto r = conn.run("SELECT id, slug, name, position FROM sections ORDER BY position, id");
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.int32(i, 3)});
    }
    return out;
  });
}

Section PostgresStore::save_section(const Section& section) {
  return write([&](Connection& conn) {
    if (section.slug.empty()) throw ConstraintError("a section needs a slug");
    auto other =
        conn.run("SELECT id FROM sections WHERE slug = $1 AND id <> $2", section.slug, section.id);
    if (other.rows() > 0) {
      throw ConstraintError("section slug '" + section.slug + "' is already used by section " +
                            std::to_string(other.int64(0, 0)));
    }
    Section saved = section;
    if (has_row_with_id(conn, "sections", section.id)) {
      conn.run("UPDATE sections SET slug = $2, name = $3, position = $4 WHERE id = $1", section.id,
               section.slug, section.name, section.position);
    } else {
      auto r = conn.run("INSERT INTO sections (id, slug, name, position) VALUES (" +
                            id_or_next("sections") + ", $2, $3, $4) RETURNING id",
                        id_or_null(section.id), section.slug, section.name, section.position);
      saved.id = r.int64(0, 0);
      if (section.id != 0) identity_past(conn, "sections", section.id);
    }
    return saved;
  });
}

// --- users

std::optional<User> PostgresStore::user(Id id) {
  return read([&](Connection& conn) -> std::optional<User> {
    auto r = conn.run(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", id);
    if (r.rows() == 0) return std::nullopt;
    return read_user(r, 0);
  });
}

std::optional<User> PostgresStore::user_by_slug(std::string_view slug) {
  if (slug.empty()) return std::nullopt;
  return read([&](Connection& conn) { return one_user(conn, "slug = $1", slug); });
}

std::optional<User> PostgresStore::user_by_email(std::string_view email) {
  if (email.empty()) return std::nullopt;
  return read([&](Connection& conn) { return one_user(conn, "lower(email) = lower($1)", email); });
}

std::vector<User> PostgresStore::users() {
  return read([](Connection& conn) {
    std::vector<User> out;
    auto r = conn.run(std::string("SELECT ") + kUserColumns +
                      " FROM users ORDER BY display_name COLLATE \"C\", id");
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_user(r, i));
    return out;
  });
}

User PostgresStore::save_user(const User& user) {
  return write([&](Connection& conn) {
    if (user.display_name.empty()) throw ConstraintError("a user needs a display name");
    if (!user.email.empty()) {
      auto r = conn.run("SELECT id FROM users WHERE lower(email) = lower($1) AND id <> $2",
                        user.email, user.id);
      if (r.rows() > 0) {
        throw ConstraintError("email " + user.email + " is already used by user " +
                              std::to_string(r.int64(0, 0)));
      }
    }
    if (!user.slug.empty()) {
      auto r = conn.run("SELECT id FROM users WHERE slug = $1 AND id <> $2", user.slug, user.id);
      if (r.rows() > 0) {
        throw ConstraintError("author slug '" + user.slug + "' is already used by user " +
                              std::to_string(r.int64(0, 0)));
      }
    }
    User saved = user;
    auto email = null_if_empty(user.email);
    auto slug = null_if_empty(user.slug);
    if (has_row_with_id(conn, "users", user.id)) {
      conn.run(
          "UPDATE users SET email = $2, display_name = $3, slug = $4, bio = $5, role = $6, "
          "password_hash = $7 WHERE id = $1",
          user.id, email, user.display_name, slug, user.bio, to_string(user.role),
          user.password_hash);
    } else {
      auto r = conn.run(
          "INSERT INTO users (id, email, display_name, slug, bio, role, password_hash) VALUES (" +
              id_or_next("users") + ", $2, $3, $4, $5, $6, $7) RETURNING id",
          id_or_null(user.id), email, user.display_name, slug, user.bio, to_string(user.role),
          user.password_hash);
      saved.id = r.int64(0, 0);
      if (user.id != 0) identity_past(conn, "users", user.id);
    }
    return saved;
  });
}

// --- settings

std::optional<std::string> PostgresStore::setting(std::string_view key) {
  return read([&](Connection& conn) -> std::optional<std::string> {
    auto r = conn.run("SELECT value FROM settings WHERE name = $1", key);
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  });
}

void PostgresStore::set_setting(std::string_view key, std::string_view value) {
  if (key.empty()) throw ConstraintError("a setting needs a name");
  write([&](Connection& conn) {
    conn.run(
        "INSERT INTO settings (name, value) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        key, value);
  });
}

}  // namespace marquee::postgres
