// Scratch schemas for tests. Schema names cannot be query parameters, so the name is made here
// from digits and a fixed prefix only, never from input.
#include "support/pg_scratch.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "store/errors.h"
#include "store/postgres/connection.h"

namespace marquee::postgres {
namespace {

std::string unique_name() {
  static std::atomic<unsigned> counter = 0;
  auto now = std::chrono::system_clock::now().time_since_epoch().count();
  return "marquee_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(now % 1000000000);
}

}  // namespace

std::string with_search_path(const std::string& url, const std::string& schema) {
  if (url.find("://") == std::string::npos) {
    throw StoreError("not a postgresql:// URL: " + redact(url));
  }
  // options=-c search_path=<schema>,public, percent-encoded.
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "options=-csearch_path%3D" + schema + "%2Cpublic";
}

ScratchSchema::ScratchSchema(const std::string& server_url)
    : server_url_(server_url), name_(unique_name()), url_(with_search_path(server_url, name_)) {
  Connection conn(server_url_);
  // Extensions are per database: installed once in public, where every scratch schema finds
  // them, so that the store's own CREATE EXTENSION IF NOT EXISTS is a no-op. Two test
  // processes doing this at once may race; the loser's error is harmless.
  try {
    conn.exec("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public");
  } catch (const StoreError&) {
    conn.exec("SELECT 1");  // the connection is still good; the other process installed it
  }
  conn.exec("CREATE SCHEMA " + name_);
}

ScratchSchema::~ScratchSchema() {
  try {
    Connection conn(server_url_);
    conn.exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  } catch (const StoreError&) {
    // The server is gone (its cluster was stopped): the schema went with it.
  }
}

}  // namespace marquee::postgres
