// The store-to-store copy, table by table. Each table is described once (columns and their
// kinds, key order); rows are read from either store into one canonical text form, so the same
// values compare and hash alike whichever store they came from.
#include "store/copy.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "store/locations.h"
#include "store/postgres/engine.h"
#include "store/sqlite/database.h"
#include "store/store.h"

namespace marquee {
namespace {

enum class Kind { integer, real, boolean, text };

struct Column {
  const char* name;
  Kind kind;
};

struct Table {
  const char* name;
  std::vector<Column> columns;
  const char* key_order;  // a total order, so both sides hash rows in the same sequence
  bool identity;          // id column whose sequence must move past the copied ids
};

constexpr Kind I = Kind::integer;
constexpr Kind R = Kind::real;
constexpr Kind B = Kind::boolean;
constexpr Kind T = Kind::text;

// Parents before children, so foreign keys hold at every insert.
const std::vector<Table>& tables() {
  static const std::vector<Table> list = {
      {"sections", {{"id", I}, {"slug", T}, {"name", T}, {"position", I}}, "id", true},
      {"users",
       {{"id", I},
        {"email", T},
        {"display_name", T},
        {"slug", T},
        {"bio", T},
        {"role", T},
        {"password_hash", T}},
       "id",
       true},
      {"media",
       {{"id", I},
        {"kind", T},
        {"file", T},
        {"mime", T},
        {"width", I},
        {"height", I},
        {"duration_seconds", R},
        {"caption", T},
        {"credit", T},
        {"alt", T},
        {"poster", T},
        {"created_at", I},
        {"video_codec", T},
        {"audio_codec", T},
        {"bytes", I},
        {"renditions", T},
        {"uploaded_by", I},
        {"focus_x", R},
        {"focus_y", R},
        {"crops", T}},
       "id",
       true},
      {"media_captions",
       {{"media_id", I}, {"lang", T}, {"label", T}, {"file", T}},
       "media_id, lang",
       false},
      {"articles",
       {{"id", I},
        {"slug", T},
        {"headline", T},
        {"dek", T},
        {"body", T},
        {"body_html", T},
        {"section", T},
        {"status", T},
        {"publish_at", I},
        {"created_at", I},
        {"updated_at", I},
        {"lead_media_id", I},
        {"clip_media_id", I},
        {"exclusive", B},
        {"featured", B},
        {"seo_title", T},
        {"seo_description", T},
        {"version", I},
        {"kind", T},
        {"live_ended_at", I},
        {"body_html_key", T}},
       "id",
       true},
      // listed_at and listed_kind repeat the story's (migration 17); the target's triggers
      // write the same values again.
      {"article_authors",
       {{"article_id", I}, {"position", I}, {"user_id", I}, {"listed_at", I}},
       "article_id, position",
       false},
      {"article_tags",
       {{"article_id", I}, {"position", I}, {"tag", T}, {"listed_at", I}},
       "article_id, position",
       false},
      {"revisions",
       {{"id", I},
        {"article_id", I},
        {"version", I},
        {"editor_id", I},
        {"saved_at", I},
        {"article_json", T}},
       "id",
       true},
      {"redirects", {{"old_slug", T}, {"article_id", I}}, "old_slug", false},
      {"live_entries",
       {{"id", I},
        {"article_id", I},
        {"author_id", I},
        {"posted_at", I},
        {"updated_at", I},
        {"body", T},
        {"body_html", T},
        {"media_id", I},
        {"key_moment", B},
        {"pinned", B},
        {"deleted", B},
        {"seq", I}},
       "id",
       true},
      {"entities",
       {{"id", I},
        {"kind", T},
        {"name", T},
        {"slug", T},
        {"description", T},
        {"start_date", T},
        {"end_date", T},
        {"prior", R},
        {"pronouns", T},
        {"image_media_id", I}},
       "id",
       true},
      {"entity_aliases",
       {{"entity_id", I}, {"position", I}, {"alias", T}},
       "entity_id, position",
       false},
      {"relations",
       {{"id", I}, {"subject_id", I}, {"predicate", T}, {"object_id", I}, {"qualifiers", T}},
       "id",
       true},
      {"article_entities",
       {{"article_id", I},
        {"entity_id", I},
        {"mentions", I},
        {"salience", R},
        {"confidence", R},
        {"first_offset", I},
        {"source", T},
        {"state", T},
        {"listed_at", I},
        {"listed_kind", T}},
       "article_id, entity_id",
       false},
      {"quotes",
       {{"id", I},
        {"article_id", I},
        {"speaker_id", I},
        {"text", T},
        {"position", I},
        {"confidence", R},
        {"listed_at", I}},
       "id",
       true},
      {"gallery_photos",
       {{"article_id", I},
        {"position", I},
        {"media_id", I},
        {"caption", T},
        {"credit", T},
        {"alt", T}},
       "article_id, position",
       false},
      {"gallery_people",
       {{"article_id", I},
        {"media_id", I},
        {"entity_id", I},
        {"position", I},
        {"ordinal", I},
        {"published_at", I},
        {"state", T},
        {"confidence", R}},
       "article_id, media_id, entity_id",
       false},
      {"settings", {{"name", T}, {"value", T}}, "name", false},
      {"sessions",
       {{"token_hash", T},
        {"user_id", I},
        {"csrf_token", T},
        {"address", T},
        {"created_at", I},
        {"last_seen_at", I},
        {"expires_at", I}},
       "token_hash",
       false},
      {"login_failures", {{"throttle_key", T}, {"failed_at", I}}, "throttle_key, failed_at", false},
      {"audit_log",
       {{"id", I},
        {"at", I},
        {"user_id", I},
        {"action", T},
        {"subject", T},
        {"detail", T},
        {"address", T}},
       "id",
       true},
      {"api_tokens",
       {{"id", I},
        {"user_id", I},
        {"name", T},
        {"token_hash", T},
        {"role", T},
        {"created_at", I},
        {"last_used_at", I},
        {"revoked", B}},
       "id",
       true},
      {"entity_proposals",
       {{"id", I},
        {"name", T},
        {"name_key", T},
        {"kind", T},
        {"slug", T},
        {"confidence", R},
        {"story_count", I},
        {"quoted", I},
        {"with_role", I},
        {"short_refs", I},
        {"cued", I},
        {"marked", I},
        {"status", T},
        {"entity_id", I},
        {"decided_by", I},
        {"decided_at", I}},
       "id",
       true},
      {"entity_proposal_stories",
       {{"proposal_id", I}, {"position", I}, {"article_id", I}},
       "proposal_id, position",
       false},
      {"relation_suggestions",
       {{"id", I},
        {"article_id", I},
        {"subject_name", T},
        {"subject_id", I},
        {"subject_kind", T},
        {"predicate", T},
        {"object_name", T},
        {"object_id", I},
        {"object_kind", T},
        {"qualifiers", T},
        {"sentence", T},
        {"confidence", R},
        {"status", T},
        {"relation_id", I},
        {"decided_by", I},
        {"decided_at", I}},
       "id",
       true},
      {"address_redirects",
       {{"old_path", T}, {"article_id", I}, {"target", T}, {"origin", T}, {"created_at", I}},
       "old_path",
       false},
      {"import_keys",
       {{"source", T}, {"kind", T}, {"external_id", I}, {"local_id", I}, {"fingerprint", T}},
       "source, kind, external_id",
       false},
      {"archive_comments",
       {{"article_id", I},
        {"position", I},
        {"external_id", I},
        {"parent_external", I},
        {"author", T},
        {"posted_at", I},
        {"text", T}},
       "article_id, position",
       false},
      {"autosaves",
       {{"article_id", I}, {"user_id", I}, {"base_version", I}, {"saved_at", I}, {"fields", T}},
       "article_id, user_id",
       false},
  };
  return list;
}

// The table's key order, text keys in byte order on both engines.
std::string key_order(const Table& table, const sql::Dialect& dialect) {
  std::string order;
  std::string_view keys = table.key_order;
  while (!keys.empty()) {
    auto comma = keys.find(',');
    std::string_view key = keys.substr(0, comma);
    while (key.starts_with(' ')) key.remove_prefix(1);
    if (!order.empty()) order += ", ";
    order += key;
    for (const Column& c : table.columns) {
      if (key == c.name && c.kind == Kind::text) order += dialect.byte_order;
    }
    keys = comma == std::string_view::npos ? std::string_view() : keys.substr(comma + 1);
  }
  return order;
}

std::string column_list(const Table& table) {
  std::string list;
  for (const Column& c : table.columns) {
    if (!list.empty()) list += ", ";
    list += c.name;
  }
  return list;
}

using Value = std::optional<std::string>;
using Row = std::vector<Value>;
using RowSink = std::function<void(Row&&)>;

std::string canonical_real(double d) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
  return ec == std::errc() ? std::string(buffer.data(), end) : std::to_string(d);
}

// A store's tables, read in canonical form.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::set<std::string> columns_of(const std::string& table) = 0;
  virtual void rows(const Table& table, const RowSink& sink) = 0;
};

// Either engine, through the SQL layer: one reader for both, so both read alike.
class SessionSource final : public Source {
 public:
  explicit SessionSource(sql::Session& session) : session_(session) {}

  std::set<std::string> columns_of(const std::string& table) override {
    std::set<std::string> names;
    auto q = session_.query(std::string(session_.dialect().table_columns), table);
    while (q.step()) names.insert(q.text(0));
    return names;
  }

  void rows(const Table& table, const RowSink& sink) override {
    auto q = session_.prepare("SELECT " + column_list(table) + " FROM " + table.name +
                              " ORDER BY " + key_order(table, session_.dialect()));
    while (q.step()) {
      Row row;
      row.reserve(table.columns.size());
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        if (q.is_null(col)) {
          row.emplace_back();
          continue;
        }
        switch (table.columns[i].kind) {
          case Kind::integer:
            row.emplace_back(std::to_string(q.int64(col)));
            break;
          case Kind::real:
            row.emplace_back(canonical_real(q.real(col)));
            break;
          case Kind::boolean:
            row.emplace_back(q.boolean(col) ? "1" : "0");
            break;
          case Kind::text:
            row.emplace_back(q.text(col));
            break;
        }
      }
      sink(std::move(row));
    }
  }

 private:
  sql::Session& session_;
};

// Count and SHA-256 over one JSON array per row (null or string per value), newline-separated.
struct Digest {
  Digest() { crypto_hash_sha256_init(&state); }
  void add(const Row& row) {
    nlohmann::json j = nlohmann::json::array();
    for (const Value& v : row) j.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(line.data()),
                              line.size());
    ++rows;
  }
  std::string hex() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&state, out.data());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> text{};
    sodium_bin2hex(text.data(), text.size(), out.data(), out.size());
    return text.data();
  }
  crypto_hash_sha256_state state{};
  std::int64_t rows = 0;
};

void check_columns(Source& source, const char* side) {
  for (const Table& table : tables()) {
    std::set<std::string> actual = source.columns_of(table.name);
    std::set<std::string> known;
    for (const Column& c : table.columns) known.insert(c.name);
    for (const auto& name : actual) {
      if (!known.contains(name)) {
        throw StoreError(std::string("the ") + side + " table " + table.name + " has a column " +
                         name + " that this build cannot copy");
      }
    }
    for (const auto& name : known) {
      if (!actual.contains(name)) {
        throw StoreError(std::string("the ") + side + " table " + table.name + " lacks column " +
                         name);
      }
    }
  }
}

// Rows go to PostgreSQL in multi-row INSERTs, well under the 65535-parameter limit.
class PostgresWriter {
 public:
  PostgresWriter(postgres::Connection& conn, const Table& table) : conn_(conn), table_(table) {}
  void add(Row&& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      Value& v = row[c];
      if (v && table_.columns[c].kind == Kind::boolean) v = *v == "1" ? "true" : "false";
      params_.push_back(std::move(v));
    }
    if (++pending_ == kBatchRows) flush();
  }
  void flush() {
    if (pending_ == 0) return;
    std::string sql =
        std::string("INSERT INTO ") + table_.name + " (" + column_list(table_) + ") VALUES ";
    std::size_t n = 0;
    for (std::size_t r = 0; r < pending_; ++r) {
      sql += r ? ",(" : "(";
      for (std::size_t c = 0; c < table_.columns.size(); ++c) {
        if (c) sql += ',';
        sql += '$';
        sql += std::to_string(++n);
      }
      sql += ')';
    }
    conn_.query(sql, params_);
    params_.clear();
    pending_ = 0;
  }

 private:
  static constexpr std::size_t kBatchRows = 200;
  postgres::Connection& conn_;
  const Table& table_;
  std::vector<postgres::Param> params_;
  std::size_t pending_ = 0;
};

// Opens (and migrates) both stores, then hands raw readers of them to work.
template <typename Work>
CopyReport with_stores(const std::string& from, const std::string& to, Work&& work) {
  if (!is_postgres_location(to)) {
    throw StoreError("the target of a copy must be a postgresql:// URL, not " + to);
  }
  if (sodium_init() < 0) throw StoreError("libsodium could not start");
  open_store(from);  // creates nothing new for an existing site; brings its schema up to date
  open_store(to);
  postgres::Connection target(to);
  postgres::Session target_session(target);
  SessionSource target_rows(target_session);
  std::optional<postgres::Connection> source_conn;
  std::optional<postgres::Session> source_pg;
  std::optional<sqlite::Database> source_file;
  std::optional<SessionSource> source;
  if (is_postgres_location(from)) {
    source_conn.emplace(from);
    source_conn->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    source_pg.emplace(*source_conn);
    source.emplace(*source_pg);
  } else {
    source_file.emplace(sqlite_store_file(from, false), sqlite::Database::Mode::read_only);
    source_file->exec("BEGIN");  // one snapshot for the whole read
    source.emplace(*source_file);
  }
  check_columns(*source, "source");
  check_columns(target_rows, "target");
  return work(*source, target, target_rows);
}

CopyReport compare(Source& source, Source& target) {
  CopyReport report;
  for (const Table& table : tables()) {
    Digest a;
    Digest b;
    source.rows(table, [&](Row&& row) { a.add(row); });
    target.rows(table, [&](Row&& row) { b.add(row); });
    report.tables.push_back({table.name, a.rows, b.rows, a.hex(), b.hex()});
  }
  return report;
}

}  // namespace

CopyReport copy_store(const std::string& from_location, const std::string& to_location) {
  return with_stores(
      from_location, to_location,
      [](Source& source, postgres::Connection& target, Source& target_rows) {
        target.exec("BEGIN");
        try {
          std::string all;
          for (const Table& table : tables()) {
            all += all.empty() ? "" : ", ";
            all += table.name;
          }
          // Everything goes in one statement so foreign keys never stand between
          // the tables; a re-run starts from the same empty tables.
          target.exec("TRUNCATE " + all);
          for (const Table& table : tables()) {
            PostgresWriter writer(target, table);
            source.rows(table, [&](Row&& row) { writer.add(std::move(row)); });
            writer.flush();
            if (table.identity) {
              target.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table.name +
                          "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table.name);
            }
          }
          target.exec("COMMIT");
        } catch (...) {
          target.rollback();
          throw;
        }
        return compare(source, target_rows);
      });
}

CopyReport compare_stores(const std::string& from_location, const std::string& to_location) {
  return with_stores(from_location, to_location,
                     [](Source& source, postgres::Connection&, Source& target_rows) {
                       return compare(source, target_rows);
                     });
}

}  // namespace marquee
