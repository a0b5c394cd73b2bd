// What the newsroom keeps beside the stories: sign-in sessions, failed sign-ins for throttling,
// the audit log and API tokens. Secrets arrive already hashed; nothing here sees a raw token.
#include <algorithm>
#include <chrono>
#include <string>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace marquee::sqlite {
namespace {

// How long a failed sign-in is remembered: longer than any throttling window worth having.
constexpr std::chrono::hours kLoginFailureMemory{24};

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
  t.role = role_from(q.text(4));
  t.created_at = from_unix(q.int64(5));
  t.last_used_at = from_unix(q.optional_int64(6));
  t.revoked = q.int64(7) != 0;
  return t;
}

// The role of user_id; a token for a user that does not exist is a ConstraintError.
Role role_of_user(Database& db, Id user_id) {
  auto q = db.prepare("SELECT role FROM users WHERE id = ?");
  q.bind(1, user_id);
  if (!q.step()) throw ConstraintError("no user " + std::to_string(user_id));
  return role_from(q.text(0));
}

}  // namespace

// --- sessions

void SqliteStore::save_session(const Session& session) {
  if (session.token_hash.empty()) throw ConstraintError("a session needs a token hash");
  write([&](Database& db) {
    if (!has_row_with_id(db, "users", session.user_id)) {
      throw ConstraintError("no user " + std::to_string(session.user_id) + " for a session");
    }
    const Time created = session.created_at == Time{} ? now_seconds() : session.created_at;
    db.prepare(std::string("INSERT INTO sessions (") + kSessionColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET "
               "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
               "address = excluded.address, last_seen_at = excluded.last_seen_at, "
               "expires_at = excluded.expires_at")
        .bind_all(session.token_hash, session.user_id, session.csrf_token, session.address,
                  to_unix(created), to_unix(session.last_seen_at), to_unix(session.expires_at))
        .run();
  });
}

std::optional<Session> SqliteStore::session(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return read([&](Database& db) -> std::optional<Session> {
    auto q = db.prepare(std::string("SELECT ") + kSessionColumns +
                        " FROM sessions WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (!q.step()) return std::nullopt;
    Session s;
    s.token_hash = q.text(0);
    s.user_id = q.int64(1);
    s.csrf_token = q.text(2);
    s.address = q.text(3);
    s.created_at = from_unix(q.int64(4));
    s.last_seen_at = from_unix(q.int64(5));
    s.expires_at = from_unix(q.int64(6));
    return s;
  });
}

void SqliteStore::delete_session(std::string_view token_hash) {
  write([&](Database& db) {
    db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
  });
}

void SqliteStore::delete_user_sessions(Id user_id) {
  write([&](Database& db) {
    db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
  });
}

int SqliteStore::delete_expired_sessions(Time now) {
  return write([&](Database& db) {
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, to_unix(now)).run();
    return db.changes();
  });
}

// --- failed sign-ins

void SqliteStore::record_login_failure(std::string_view key, Time at) {
  if (key.empty()) throw ConstraintError("a failed sign-in needs a key");
  write([&](Database& db) {
    db.prepare("INSERT INTO login_failures (throttle_key, failed_at) VALUES (?, ?)")
        .bind_all(key, to_unix(at))
        .run();
    // Forgetting here keeps the table small even when someone tries a new key every time.
    db.prepare("DELETE FROM login_failures WHERE failed_at < ?")
        .bind(1, to_unix(at - kLoginFailureMemory))
        .run();
  });
}

int SqliteStore::login_failures_since(std::string_view key, Time since) {
  return read([&](Database& db) {
    auto q =
        db.prepare("SELECT count(*) FROM login_failures WHERE throttle_key = ? AND failed_at >= ?");
    q.bind_all(key, to_unix(since));
    q.step();
    return q.int32(0);
  });
}

void SqliteStore::clear_login_failures(std::string_view key) {
  write([&](Database& db) {
    db.prepare("DELETE FROM login_failures WHERE throttle_key = ?").bind(1, key).run();
  });
}

// --- audit log

void SqliteStore::append_audit(const AuditEntry& entry) {
  if (entry.action.empty()) throw ConstraintError("an audit entry needs an action");
  write([&](Database& db) {
    const Time at = entry.at == Time{} ? now_seconds() : entry.at;
    db.prepare(
          "INSERT INTO audit_log (at, user_id, action, subject, detail, address) "
          "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(to_unix(at), id_or_null(entry.user_id), entry.action, entry.subject, entry.detail,
                  entry.address)
        .run();
  });
}

std::vector<AuditEntry> SqliteStore::audit_log(int limit, int offset) {
  if (limit <= 0) return {};
  return read([&](Database& db) {
    std::vector<AuditEntry> out;
    auto q = db.prepare(
        "SELECT id, at, user_id, action, subject, detail, address FROM audit_log "
        "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
    q.bind_all(limit, std::max(offset, 0));
    while (q.step()) {
      AuditEntry e;
      e.id = q.int64(0);
      e.at = from_unix(q.int64(1));
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

ApiToken SqliteStore::save_api_token(const ApiToken& token) {
  if (token.token_hash.empty()) throw ConstraintError("an API token needs a hash");
  return write([&](Database& db) {
    const Role user_role = role_of_user(db, token.user_id);
    if (static_cast<int>(token.role) > static_cast<int>(user_role)) {
      throw ConstraintError(std::string("an API token cannot have the role ") +
                            to_string(token.role) + " above its user's (" + to_string(user_role) +
                            ")");
    }
    {
      auto q = db.prepare("SELECT id FROM api_tokens WHERE token_hash = ? AND id <> ?");
      q.bind_all(token.token_hash, token.id);
      if (q.step()) {
        throw ConstraintError("that token hash is already used by API token " +
                              std::to_string(q.int64(0)));
      }
    }
    ApiToken saved = token;
    std::optional<Time> created;
    {
      auto q = db.prepare("SELECT created_at FROM api_tokens WHERE id = ?");
      q.bind(1, token.id);
      if (token.id != 0 && q.step()) created = from_unix(q.int64(0));
    }
    if (created) {
      saved.created_at = *created;
      db.prepare(
            "UPDATE api_tokens SET user_id = ?2, name = ?3, token_hash = ?4, role = ?5, "
            "last_used_at = ?6, revoked = ?7 WHERE id = ?1")
          .bind_all(token.id, token.user_id, token.name, token.token_hash, to_string(token.role),
                    to_unix(token.last_used_at), token.revoked ? 1 : 0)
          .run();
    } else {
      if (saved.created_at == Time{}) saved.created_at = now_seconds();
      db.prepare(std::string("INSERT INTO api_tokens (") + kTokenColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all(id_or_null(token.id), token.user_id, token.name, token.token_hash,
                    to_string(token.role), to_unix(saved.created_at), to_unix(token.last_used_at),
                    token.revoked ? 1 : 0)
          .run();
      saved.id = db.last_insert_id();
    }
    return saved;
  });
}

std::optional<ApiToken> SqliteStore::api_token(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return read([&](Database& db) -> std::optional<ApiToken> {
    auto q = db.prepare(std::string("SELECT ") + kTokenColumns +
                        " FROM api_tokens WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (!q.step()) return std::nullopt;
    return read_token(q);
  });
}

std::vector<ApiToken> SqliteStore::api_tokens(Id user_id) {
  return read([&](Database& db) {
    std::vector<ApiToken> out;
    auto q = db.prepare(std::string("SELECT ") + kTokenColumns +
                        " FROM api_tokens WHERE user_id = ? ORDER BY created_at, id");
    q.bind(1, user_id);
    while (q.step()) out.push_back(read_token(q));
    return out;
  });
}

}  // namespace marquee::sqlite
