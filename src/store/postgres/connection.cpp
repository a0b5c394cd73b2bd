// libpq connections and results: connecting with sane defaults, parameterised statements, and
// server errors turned into the store's exception types by their SQLSTATE.
#include "store/postgres/connection.h"

#include <array>
#include <cstring>

#include "store/errors.h"

namespace marquee::postgres {
namespace {

// Defaults that a location's own parameters override (they come after, in the dbname URL).
// Keepalives let a node notice a database that vanished without closing the connection (a
// network partition) within about a minute, instead of waiting on it forever.
constexpr std::array<const char*, 8> kKeywords = {
    "connect_timeout",     "application_name", "client_encoding", "keepalives_idle",
    "keepalives_interval", "keepalives_count", "dbname",          nullptr};

std::string first_line(const char* message) {
  std::string text = message ? message : "";
  auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

bool is_constraint_violation(const char* sqlstate) {
  // 23xxx: integrity constraint violations (unique, foreign key, not null, check).
  return sqlstate && std::strncmp(sqlstate, "23", 2) == 0;
}

}  // namespace

Param param(double d) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
  if (ec != std::errc()) return std::to_string(d);
  return std::string(buffer.data(), end);
}

std::int64_t Result::int64(int row, int col) const {
  const char* text = PQgetvalue(raw_.get(), row, col);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
  if (ec != std::errc() || *end != '\0') {
    throw StoreError("store holds a non-integer '" + std::string(text) + "' in column " +
                     PQfname(raw_.get(), col));
  }
  return value;
}

double Result::real(int row, int col) const {
  const char* text = PQgetvalue(raw_.get(), row, col);
  double value = 0;
  auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
  if (ec != std::errc()) {
    throw StoreError("store holds a non-number '" + std::string(text) + "' in column " +
                     PQfname(raw_.get(), col));
  }
  return value;
}

int Result::affected() const {
  const char* n = PQcmdTuples(raw_.get());
  return n && *n ? std::atoi(n) : 0;
}

std::string redact(const std::string& location) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  auto scheme = location.find("://");
  if (scheme == std::string::npos) return location;
  auto at = location.find('@', scheme + 3);
  if (at == std::string::npos) return location;
  auto colon = location.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon + 1) + "***" + location.substr(at);
}

Connection::Connection(const std::string& conninfo) {
  const std::array<const char*, 8> values = {"10", "marquee", "UTF8",           "30",
                                             "10", "3",       conninfo.c_str(), nullptr};
  raw_.reset(PQconnectdbParams(kKeywords.data(), values.data(), 1));
  if (!raw_) throw StoreError("cannot allocate a PostgreSQL connection");
  if (PQstatus(raw_.get()) != CONNECTION_OK) {
    throw StoreError("cannot connect to PostgreSQL at " + redact(conninfo) + ": " +
                     first_line(PQerrorMessage(raw_.get())));
  }
  // Notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      raw_.get(), [](void*, const char*) {}, nullptr);
}

Result Connection::check(PGresult* raw, const std::string& sql) {
  Result result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* sqlstate = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = first_line(raw ? PQresultErrorMessage(raw) : PQerrorMessage(raw_.get()));
  if (message.empty()) message = first_line(PQerrorMessage(raw_.get()));
  if (is_constraint_violation(sqlstate)) throw ConstraintError(message);
  std::string statement = sql.substr(0, 80);
  throw StoreError("PostgreSQL: " + message + " (in: " + statement + ")");
}

void Connection::exec(const std::string& sql) {
  check(PQexec(raw_.get(), sql.c_str()), sql);
}

void Connection::rollback() noexcept {
  if (healthy()) Result(PQexec(raw_.get(), "ROLLBACK"));
}

Result Connection::query(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) {
    // libpq sends text values as C strings: a NUL would silently cut the value short.
    if (p && p->find('\0') != std::string::npos) {
      throw ConstraintError("PostgreSQL text cannot hold a NUL byte");
    }
    values.push_back(p ? p->c_str() : nullptr);
  }
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "m";
    name += std::to_string(prepared_.size());
    check(PQprepare(raw_.get(), name.c_str(), sql.c_str(), 0, nullptr), sql);
    found = prepared_.emplace(sql, std::move(name)).first;
  }
  return check(PQexecPrepared(raw_.get(), found->second.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0),
               sql);
}

}  // namespace marquee::postgres
