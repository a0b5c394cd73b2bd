#include "store/sqlite/rank.h"

#include <sqlite3.h>

#include <memory>
#include <vector>

#include "store/errors.h"

namespace marquee::sqlite {
namespace {

// The usual BM25 constants: how fast repeated words stop adding, and how much a long story's
// length discounts them.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

void terms(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int count,
           sqlite3_value** values) {
  const int columns = api->xColumnCount(fts);
  const int phrases = api->xPhraseCount(fts);
  std::vector<double> weights(static_cast<std::size_t>(columns), 1.0);
  for (int c = 0; c < columns && c < count; ++c) weights[c] = sqlite3_value_double(values[c]);
  sqlite3_int64 rows = 0;
  int rc = api->xRowCount(fts, &rows);
  double total = 0;
  double length = 0;
  for (int c = 0; c < columns && rc == SQLITE_OK; ++c) {
    sqlite3_int64 column_total = 0;
    int column_length = 0;
    rc = api->xColumnTotalSize(fts, c, &column_total);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, c, &column_length);
    total += weights[c] * static_cast<double>(column_total);
    length += weights[c] * column_length;
  }
  std::vector<double> frequency(static_cast<std::size_t>(phrases), 0.0);
  int instances = 0;
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
  for (int i = 0; i < instances && rc == SQLITE_OK; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase < phrases && column < columns)
      frequency[phrase] += weights[column];
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  const double average = rows > 0 && total > 0 ? total / static_cast<double>(rows) : 1.0;
  const double norm = kK1 * (1 - kB + kB * length / average);
  for (double& tf : frequency) tf = tf * (kK1 + 1) / (tf + norm);
  sqlite3_result_blob(context, frequency.data(),
                      static_cast<int>(frequency.size() * sizeof(double)), SQLITE_TRANSIENT);
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

}  // namespace

void register_rank_function(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(raw);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(raw, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(raw);
  }
  if (!api || api->xCreateFunction(api, "marquee_terms", nullptr, terms, nullptr) != SQLITE_OK) {
    throw StoreError("store: SQLite has no FTS5 extension API");
  }
}

}  // namespace marquee::sqlite
