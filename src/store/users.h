// The people of the newsroom: users (authors and accounts), their signed-in sessions, and the
// record of failed sign-ins that throttling reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

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

class UserRepository {
 public:
  explicit UserRepository(Scope& scope) : scope_(scope) {}

  std::optional<User> find(Id id);
  // Those of these users that exist, in no set order: a page's bylines in one query.
  std::vector<User> find_many(const std::vector<Id>& ids);
  std::optional<User> find_by_slug(std::string_view slug);
  std::optional<User> find_by_email(std::string_view email);  // case-insensitive
  std::vector<User> all();                                    // by display name
  User save(const User& user);                                // id 0 inserts

 private:
  Scope& scope_;
};

// Failed sign-ins of one key since a time, and the latest of them.
struct FailureTally {
  int count = 0;
  std::optional<Time> latest;
};

class SessionRepository {
 public:
  explicit SessionRepository(Scope& scope) : scope_(scope) {}

  // Sessions are returned as stored, expired or not: the caller compares expires_at with its
  // clock. save inserts, or updates every field but created_at of the same token_hash; a session
  // for an unknown user is a ConstraintError.
  void save(const Session& session);
  std::optional<Session> find(std::string_view token_hash);
  void remove(std::string_view token_hash);
  void remove_for_user(Id user_id);
  int remove_expired(Time now);  // expires_at <= now; returns how many

  // Failed sign-ins, keyed by e.g. "email:a@b.c" or "ip:127.0.0.1", for throttling. Failures
  // more than a day older than the newest one recorded are forgotten, so the table stays small.
  void record_failure(std::string_view key, Time at);
  // Records one failure and returns the failures of key since `since`, this one included, with
  // the latest one before it, in one step: parallel attempts on one key each see their own count.
  FailureTally add_failure(std::string_view key, Time at, Time since);
  FailureTally failures(std::string_view key, Time since);  // at >= since
  int failures_since(std::string_view key, Time since);     // at >= since
  void clear_failures(std::string_view key);

 private:
  Scope& scope_;
};

}  // namespace marquee
