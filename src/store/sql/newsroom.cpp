// What the newsroom keeps beside the stories, written once for both engines: users, sign-in
// sessions (shared by every node, so any node can serve any editor), failed sign-ins for
// throttling, the audit log, API tokens, sections and settings. Secrets arrive already hashed;
// nothing here sees a raw token.
#include <algorithm>
#include <chrono>
#include <string>

#include "store/audit.h"
#include "store/errors.h"
#include "store/settings.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"
#include "store/tokens.h"
#include "store/users.h"

namespace marquee {
namespace {

using sql::Statement;

// How long a failed sign-in is remembered: longer than any throttling window worth having.
constexpr std::chrono::hours kLoginFailureMemory{24};

// Empty means "none" for optional unique columns (a byline with no login has no email).
std::optional<std::string_view> null_if_empty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The id of another row of table that already has value in column, if any.
std::optional<Id> taken_by(sql::Session& s, const std::string& table, const std::string& column,
                           std::string_view value, Id self) {
  return s.first_int("SELECT id FROM " + table + " WHERE " + column + " = ? AND id <> ?", value,
                     self);
}

constexpr const char* kUserColumns = "id, email, display_name, slug, bio, role, password_hash";

User read_user(const Statement& q) {
  User u;
  u.id = q.int64(0);
  u.email = q.text(1);
  u.display_name = q.text(2);
  u.slug = q.text(3);
  u.bio = q.text(4);
  u.role = sql::role_from(q.text(5));
  u.password_hash = q.text(6);
  return u;
}

template <typename Key>
std::optional<User> one_user(sql::Session& s, const std::string& where, const Key& key) {
  auto q = s.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where, key);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

constexpr const char* kSessionColumns =
    "token_hash, user_id, csrf_token, address, created_at, last_seen_at, expires_at";

constexpr const char* kTokenColumns =
    "id, user_id, name, token_hash, role, created_at, last_used_at, revoked";

ApiToken read_token(const Statement& q) {
  ApiToken t;
  t.id = q.int64(0);
  t.user_id = q.int64(1);
  t.name = q.text(2);
  t.token_hash = q.text(3);
  t.role = sql::role_from(q.text(4));
  t.created_at = q.time(5);
  t.last_used_at = q.optional_time(6);
  t.revoked = q.boolean(7);
  return t;
}

// The role of user_id; a token for a user that does not exist is a ConstraintError.
Role role_of_user(sql::Session& s, Id user_id) {
  auto q = s.query("SELECT role FROM users WHERE id = ?", user_id);
  if (!q.step()) throw ConstraintError("no user " + std::to_string(user_id));
  return sql::role_from(q.text(0));
}

void insert_failure(sql::Session& s, std::string_view key, Time at) {
  if (key.empty()) throw ConstraintError("a failed sign-in needs a key");
  s.run("INSERT INTO login_failures (throttle_key, failed_at) VALUES (?, ?)", key, at);
  // Forgetting here keeps the table small even when someone tries a new key every time.
  s.run("DELETE FROM login_failures WHERE failed_at < ?", at - kLoginFailureMemory);
}

FailureTally tally_failures(sql::Session& s, std::string_view key, Time since) {
  auto q = s.query(
      "SELECT count(*), max(failed_at) FROM login_failures WHERE throttle_key = ? AND "
      "failed_at >= ?",
      key, since);
  q.step();
  return {q.int32(0), q.optional_time(1)};
}

}  // namespace

// --- users

std::optional<User> UserRepository::find(Id id) {
  return scope_.run(Access::read, [&](sql::Session& s) { return one_user(s, "id = ?", id); });
}

std::vector<User> UserRepository::find_many(const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  return scope_.run(Access::read, [&](sql::Session& s) {
    auto q = s.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id " +
                         std::string(s.dialect().in_id_list),
                     sql::id_list(s.dialect(), ids));
    std::vector<User> out;
    while (q.step()) out.push_back(read_user(q));
    return out;
  });
}

std::optional<User> UserRepository::find_by_slug(std::string_view slug) {
  if (slug.empty()) return std::nullopt;
  return scope_.run(Access::read, [&](sql::Session& s) { return one_user(s, "slug = ?", slug); });
}

std::optional<User> UserRepository::find_by_email(std::string_view email) {
  if (email.empty()) return std::nullopt;
  // Same expression as the unique index, so the lookup uses it.
  return scope_.run(Access::read,
                    [&](sql::Session& s) { return one_user(s, "lower(email) = lower(?)", email); });
}

std::vector<User> UserRepository::all() {
  return scope_.run(Access::read, [](sql::Session& s) {
    std::vector<User> out;
    auto q = s.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY display_name" +
                       std::string(s.dialect().byte_order) + ", id");
    while (q.step()) out.push_back(read_user(q));
    return out;
  });
}

User UserRepository::save(const User& user) {
  return scope_.run(Access::write, [&](sql::Session& s) {
    if (user.display_name.empty()) throw ConstraintError("a user needs a display name");
    if (!user.email.empty()) {
      if (auto other = s.first_int("SELECT id FROM users WHERE lower(email) = lower(?) AND id <> ?",
                                   user.email, user.id)) {
        throw ConstraintError("email " + user.email + " is already used by user " +
                              std::to_string(*other));
      }
    }
    if (!user.slug.empty()) {
      if (auto other = taken_by(s, "users", "slug", user.slug, user.id)) {
        throw ConstraintError("author slug '" + user.slug + "' is already used by user " +
                              std::to_string(*other));
      }
    }
    User saved = user;
    auto email = null_if_empty(user.email);
    auto slug = null_if_empty(user.slug);
    if (sql::has_row_with_id(s, "users", user.id)) {
      s.run(
          "UPDATE users SET email = ?, display_name = ?, slug = ?, bio = ?, role = ?, "
          "password_hash = ? WHERE id = ?",
          email, user.display_name, slug, user.bio, to_string(user.role), user.password_hash,
          user.id);
    } else {
      saved.id =
          s.insert("users", kUserColumns, "?2, ?3, ?4, ?5, ?6, ?7", user.id, email,
                   user.display_name, slug, user.bio, to_string(user.role), user.password_hash);
    }
    return saved;
  });
}

// --- sessions

void SessionRepository::save(const Session& session) {
  if (session.token_hash.empty()) throw ConstraintError("a session needs a token hash");
  scope_.run(Access::write, [&](sql::Session& s) {
    if (!sql::has_row_with_id(s, "users", session.user_id)) {
      throw ConstraintError("no user " + std::to_string(session.user_id) + " for a session");
    }
    const Time created = session.created_at == Time{} ? sql::now_seconds() : session.created_at;
    s.run(std::string("INSERT INTO sessions (") + kSessionColumns +
              ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET "
              "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
              "address = excluded.address, last_seen_at = excluded.last_seen_at, "
              "expires_at = excluded.expires_at",
          session.token_hash, session.user_id, session.csrf_token, session.address, created,
          session.last_seen_at, session.expires_at);
  });
}

std::optional<Session> SessionRepository::find(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return scope_.run(Access::read, [&](sql::Session& s) -> std::optional<Session> {
    auto q =
        s.query(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?",
                token_hash);
    if (!q.step()) return std::nullopt;
    Session found;
    found.token_hash = q.text(0);
    found.user_id = q.int64(1);
    found.csrf_token = q.text(2);
    found.address = q.text(3);
    found.created_at = q.time(4);
    found.last_seen_at = q.time(5);
    found.expires_at = q.time(6);
    return found;
  });
}

void SessionRepository::remove(std::string_view token_hash) {
  scope_.run(Access::write, [&](sql::Session& s) {
    s.run("DELETE FROM sessions WHERE token_hash = ?", token_hash);
  });
}

void SessionRepository::remove_for_user(Id user_id) {
  scope_.run(Access::write,
             [&](sql::Session& s) { s.run("DELETE FROM sessions WHERE user_id = ?", user_id); });
}

int SessionRepository::remove_expired(Time now) {
  return scope_.run(Access::write, [&](sql::Session& s) {
    return s.run("DELETE FROM sessions WHERE expires_at <= ?", now);
  });
}

void SessionRepository::record_failure(std::string_view key, Time at) {
  scope_.run(Access::write, [&](sql::Session& s) { insert_failure(s, key, at); });
}

FailureTally SessionRepository::add_failure(std::string_view key, Time at, Time since) {
  return scope_.run(Access::write, [&](sql::Session& s) {
    // Attempts on one key queue here (PostgreSQL; SQLite has one writer anyway), so each counts
    // the ones committed before it.
    if (!s.dialect().lock_text_key.empty()) s.run(std::string(s.dialect().lock_text_key), key);
    FailureTally before = tally_failures(s, key, since);
    insert_failure(s, key, at);
    return FailureTally{before.count + 1, before.latest};
  });
}

FailureTally SessionRepository::failures(std::string_view key, Time since) {
  return scope_.run(Access::read, [&](sql::Session& s) { return tally_failures(s, key, since); });
}

int SessionRepository::failures_since(std::string_view key, Time since) {
  return failures(key, since).count;
}

void SessionRepository::clear_failures(std::string_view key) {
  scope_.run(Access::write, [&](sql::Session& s) {
    s.run("DELETE FROM login_failures WHERE throttle_key = ?", key);
  });
}

// --- audit log

void AuditRepository::append(const AuditEntry& entry) {
  if (entry.action.empty()) throw ConstraintError("an audit entry needs an action");
  scope_.run(Access::write, [&](sql::Session& s) {
    const Time at = entry.at == Time{} ? sql::now_seconds() : entry.at;
    s.run(
        "INSERT INTO audit_log (at, user_id, action, subject, detail, address) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        at, sql::id_or_null(entry.user_id), entry.action, entry.subject, entry.detail,
        entry.address);
  });
}

std::vector<AuditEntry> AuditRepository::list(int limit, int offset) {
  if (limit <= 0) return {};
  return scope_.run(Access::read, [&](sql::Session& s) {
    std::vector<AuditEntry> out;
    auto q = s.query(
        "SELECT id, at, user_id, action, subject, detail, address FROM audit_log "
        "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
        limit, std::max(offset, 0));
    while (q.step()) {
      AuditEntry e;
      e.id = q.int64(0);
      e.at = q.time(1);
      e.user_id = q.optional_int64(2).value_or(0);
      e.action = q.text(3);
      e.subject = q.text(4);
      e.detail = q.text(5);
      e.address = q.text(6);
      out.push_back(std::move(e));
    }
    return out;
  });
}

// --- API tokens

ApiToken TokenRepository::save(const ApiToken& token) {
  if (token.token_hash.empty()) throw ConstraintError("an API token needs a hash");
  return scope_.run(Access::write, [&](sql::Session& s) {
    const Role user_role = role_of_user(s, token.user_id);
    if (static_cast<int>(token.role) > static_cast<int>(user_role)) {
      throw ConstraintError(std::string("an API token cannot have the role ") +
                            to_string(token.role) + " above its user's (" + to_string(user_role) +
                            ")");
    }
    if (auto other = s.first_int("SELECT id FROM api_tokens WHERE token_hash = ? AND id <> ?",
                                 token.token_hash, token.id)) {
      throw ConstraintError("that token hash is already used by API token " +
                            std::to_string(*other));
    }
    ApiToken saved = token;
    std::optional<Time> created;
    if (token.id != 0) {
      auto q = s.query(
          "SELECT created_at FROM api_tokens WHERE id = ?" + std::string(s.dialect().lock_rows),
          token.id);
      if (q.step()) created = q.time(0);
    }
    if (created) {
      saved.created_at = *created;
      s.run(
          "UPDATE api_tokens SET user_id = ?2, name = ?3, token_hash = ?4, role = ?5, "
          "last_used_at = ?6, revoked = ?7 WHERE id = ?1",
          token.id, token.user_id, token.name, token.token_hash, to_string(token.role),
          token.last_used_at, token.revoked);
    } else {
      if (saved.created_at == Time{}) saved.created_at = sql::now_seconds();
      saved.id = s.insert("api_tokens", kTokenColumns, "?2, ?3, ?4, ?5, ?6, ?7, ?8", token.id,
                          token.user_id, token.name, token.token_hash, to_string(token.role),
                          saved.created_at, token.last_used_at, token.revoked);
    }
    return saved;
  });
}

std::optional<ApiToken> TokenRepository::find(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return scope_.run(Access::read, [&](sql::Session& s) -> std::optional<ApiToken> {
    auto q =
        s.query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = ?",
                token_hash);
    if (!q.step()) return std::nullopt;
    return read_token(q);
  });
}

std::vector<ApiToken> TokenRepository::of_user(Id user_id) {
  return scope_.run(Access::read, [&](sql::Session& s) {
    std::vector<ApiToken> out;
    auto q = s.query(std::string("SELECT ") + kTokenColumns +
                         " FROM api_tokens WHERE user_id = ? ORDER BY created_at, id",
                     user_id);
    while (q.step()) out.push_back(read_token(q));
    return out;
  });
}

// --- sections

std::vector<Section> SectionRepository::all() {
  return scope_.run(Access::read, [](sql::Session& s) {
    std::vector<Section> out;
    auto q = s.prepare("SELECT id, slug, name, position FROM sections ORDER BY position, id");
    while (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.int32(3)});
    return out;
  });
}

Section SectionRepository::save(const Section& section) {
  return scope_.run(Access::write, [&](sql::Session& s) {
    if (section.slug.empty()) throw ConstraintError("a section needs a slug");
    if (auto other = taken_by(s, "sections", "slug", section.slug, section.id)) {
      throw ConstraintError("section slug '" + section.slug + "' is already used by section " +
                            std::to_string(*other));
    }
    Section saved = section;
    if (sql::has_row_with_id(s, "sections", section.id)) {
      s.run("UPDATE sections SET slug = ?, name = ?, position = ? WHERE id = ?", section.slug,
            section.name, section.position, section.id);
    } else {
      saved.id = s.insert("sections", "id, slug, name, position", "?2, ?3, ?4", section.id,
                          section.slug, section.name, section.position);
    }
    return saved;
  });
}

// --- settings

std::optional<std::string> SettingRepository::get(std::string_view key) {
  return scope_.run(Access::read, [&](sql::Session& s) -> std::optional<std::string> {
    auto q = s.query("SELECT value FROM settings WHERE name = ?", key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

void SettingRepository::set(std::string_view key, std::string_view value) {
  if (key.empty()) throw ConstraintError("a setting needs a name");
  scope_.run(Access::write, [&](sql::Session& s) {
    s.run(
        "INSERT INTO settings (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        key, value);
  });
}

}  // namespace marquee
