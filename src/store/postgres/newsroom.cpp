// What the newsroom keeps beside the stories, in PostgreSQL: sign-in sessions (shared by every
// node, so any node can serve any editor), failed sign-ins for throttling, the audit log and
// API tokens. Secrets arrive already hashed; nothing here sees a raw token.
#include <algorithm>
#include <chrono>
#include <string>

#include "store/postgres/common.h"
#include "store/postgres/postgres_store.h"

namespace marquee::postgres {
namespace {

// How long a failed sign-in is remembered: longer than any throttling window worth having.
constexpr std::chrono::hours kLoginFailureMemory{24};

constexpr const char* kSessionColumns =
    "token_hash, user_id, csrf_token, address, created_at, last_seen_at, expires_at";

constexpr const char* kTokenColumns =
    "id, user_id, name, token_hash, role, created_at, last_used_at, revoked";

ApiToken read_token(const Result& r, int row) {
  ApiToken t;
  t.id = r.int64(row, 0);
  t.user_id = r.int64(row, 1);
  t.name = r.text(row, 2);
  t.token_hash = r.text(row, 3);
  t.role = role_from(r.text(row, 4));
  t.created_at = time_at(r, row, 5);
  t.last_used_at = optional_time_at(r, row, 6);
  t.revoked = r.boolean(row, 7);
  return t;
}

Role role_of_user(Connection& conn, Id user_id) {
  auto r = conn.run("SELECT role FROM users WHERE id = $1", user_id);
  if (r.rows() == 0) throw ConstraintError("no user " + std::to_string(user_id));
  return role_from(r.text(0, 0));
}

}  // namespace

// --- sessions

void PostgresStore::save_session(const Session& session) {
  if (session.token_hash.empty()) throw ConstraintError("a session needs a token hash");
  write([&](Connection& conn) {
    if (!has_row_with_id(conn, "users", session.user_id)) {
      throw ConstraintError("no user " + std::to_string(session.user_id) + " for a session");
    }
    const Time created = session.created_at == Time{} ? now_seconds() : session.created_at;
    conn.run(std::string("INSERT INTO sessions (") + kSessionColumns +
                 ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_hash) DO UPDATE SET "
                 "user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
                 "address = excluded.address, last_seen_at = excluded.last_seen_at, "
                 "expires_at = excluded.expires_at",
             session.token_hash, session.user_id, session.csrf_token, session.address,
             to_unix(created), to_unix(session.last_seen_at), to_unix(session.expires_at));
  });
}

std::optional<Session> PostgresStore::session(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return read([&](Connection& conn) -> std::optional<Session> {
    auto r =
        conn.run(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = $1",
                 token_hash);
    if (r.rows() == 0) return std::nullopt;
    Session s;
    s.token_hash = r.text(0, 0);
    s.user_id = r.int64(0, 1);
    s.csrf_token = r.text(0, 2);
    s.address = r.text(0, 3);
    s.created_at = time_at(r, 0, 4);
    s.last_seen_at = time_at(r, 0, 5);
    s.expires_at = time_at(r, 0, 6);
    return s;
  });
}

void PostgresStore::delete_session(std::string_view token_hash) {
  write([&](Connection& conn) {
    conn.run("DELETE FROM sessions WHERE token_hash = $1", token_hash);
  });
}

void PostgresStore::delete_user_sessions(Id user_id) {
  write([&](Connection& conn) { conn.run("DELETE FROM sessions WHERE user_id = $1", user_id); });
}

int PostgresStore::delete_expired_sessions(Time now) {
  return write([&](Connection& conn) {
    return conn.run("DELETE FROM sessions WHERE expires_at <= $1", to_unix(now)).affected();
  });
}

// --- failed sign-ins

void PostgresStore::record_login_failure(std::string_view key, Time at) {
  if (key.empty()) throw ConstraintError("a failed sign-in needs a key");
  write([&](Connection& conn) {
    conn.run("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)", key,
             to_unix(at));
    // Forgetting here keeps the table small even when someone tries a new key every time.
    conn.run("DELETE FROM login_failures WHERE failed_at < $1", to_unix(at - kLoginFailureMemory));
  });
}

int PostgresStore::login_failures_since(std::string_view key, Time since) {
  return read([&](Connection& conn) {
    return conn
        .run("SELECT count(*) FROM login_failures WHERE throttle_key = $1 AND failed_at >= $2", key,
             to_unix(since))
        .int32(0, 0);
  });
}

void PostgresStore::clear_login_failures(std::string_view key) {
  write([&](Connection& conn) {
    conn.run("DELETE FROM login_failures WHERE throttle_key = $1", key);
  });
}

// --- audit log

void PostgresStore::append_audit(const AuditEntry& entry) {
  if (entry.action.empty()) throw ConstraintError("an audit entry needs an action");
  write([&](Connection& conn) {
    const Time at = entry.at == Time{} ? now_seconds() : entry.at;
    conn.run(
        "INSERT INTO audit_log (at, user_id, action, subject, detail, address) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        to_unix(at), id_or_null(entry.user_id), entry.action, entry.subject, entry.detail,
        entry.address);
  });
}

std::vector<AuditEntry> PostgresStore::audit_log(int limit, int offset) {
  if (limit <= 0) return {};
  return read([&](Connection& conn) {
    std::vector<AuditEntry> out;
    auto r = conn.run(
        "SELECT id, at, user_id, action, subject, detail, address FROM audit_log "
        "ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2",
        limit, std::max(offset, 0));
    for (int i = 0; i < r.rows(); ++i) {
      AuditEntry e;
      e.id = r.int64(i, 0);
      e.at = time_at(r, i, 1);
      e.user_id = r.optional_int64(i, 2).value_or(0);
      e.action = r.text(i, 3);
      e.subject = r.text(i, 4);
      e.detail = r.text(i, 5);
      e.address = r.text(i, 6);
      out.push_back(std::move(e));
    }
    return out;
  });
}

// --- API tokens

ApiToken PostgresStore::save_api_token(const ApiToken& token) {
  if (token.token_hash.empty()) throw ConstraintError("an API token needs a hash");
  return write([&](Connection& conn) {
    const Role user_role = role_of_user(conn, token.user_id);
    if (static_cast<int>(token.role) > static_cast<int>(user_role)) {
      throw ConstraintError(std::string("an API token cannot have the role ") +
                            to_string(token.role) + " above its user's (" + to_string(user_role) +
                            ")");
    }
    {
      auto r = conn.run("SELECT id FROM api_tokens WHERE token_hash = $1 AND id <> $2",
                        token.token_hash, token.id);
      if (r.rows() > 0) {
        throw ConstraintError("that token hash is already used by API token " +
                              std::to_string(r.int64(0, 0)));
      }
    }
    ApiToken saved = token;
    auto existing =
        conn.run("SELECT created_at FROM api_tokens WHERE id = $1 FOR UPDATE", token.id);
    if (token.id != 0 && existing.rows() > 0) {
      saved.created_at = time_at(existing, 0, 0);
      conn.run(
          "UPDATE api_tokens SET user_id = $2, name = $3, token_hash = $4, role = $5, "
          "last_used_at = $6, revoked = $7 WHERE id = $1",
          token.id, token.user_id, token.name, token.token_hash, to_string(token.role),
          to_unix(token.last_used_at), token.revoked);
    } else {
      if (saved.created_at == Time{}) saved.created_at = now_seconds();
      auto r = conn.run(std::string("INSERT INTO api_tokens (") + kTokenColumns + ") VALUES (" +
                            id_or_next("api_tokens") + ", $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        id_or_null(token.id), token.user_id, token.name, token.token_hash,
                        to_string(token.role), to_unix(saved.created_at),
                        to_unix(token.last_used_at), token.revoked);
      saved.id = r.int64(0, 0);
      if (token.id != 0) identity_past(conn, "api_tokens", token.id);
    }
    return saved;
  });
}

std::optional<ApiToken> PostgresStore::api_token(std::string_view token_hash) {
  if (token_hash.empty()) return std::nullopt;
  return read([&](Connection& conn) -> std::optional<ApiToken> {
    auto r =
        conn.run(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = $1",
                 token_hash);
    if (r.rows() == 0) return std::nullopt;
    return read_token(r, 0);
  });
}

std::vector<ApiToken> PostgresStore::api_tokens(Id user_id) {
  return read([&](Connection& conn) {
    std::vector<ApiToken> out;
    auto r = conn.run(std::string("SELECT ") + kTokenColumns +
                          " FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id",
                      user_id);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_token(r, i));
    return out;
  });
}

}  // namespace marquee::postgres
