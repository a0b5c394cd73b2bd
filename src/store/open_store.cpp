// open_store(): turns a location string (a directory, "sqlite:/file.db", a postgresql:// URL)
// into a Store, with one-line reasons when the location cannot be used.
#include <filesystem>
#include <string>
#include <system_error>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr const char* kDatabaseFileName = "marquee.db";

void ensure_directory(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      throw StoreError("store location " + dir.string() + " is not a directory");
    }
    return;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw StoreError("cannot create store directory " + dir.string() + ": " + ec.message());
  }
}

fs::path sqlite_file_from(std::string_view location) {
  std::string_view rest = location.substr(kSqlitePrefix.size());
  // "sqlite:///var/x.db" is the URL spelling of "sqlite:/var/x.db".
  if (rest.starts_with("//")) rest.remove_prefix(2);
  if (rest.empty()) throw StoreError("store location " + std::string(location) + " has no file");
  fs::path file(rest);
  std::error_code ec;
  if (fs::is_directory(file, ec)) {
    throw StoreError("store file " + file.string() + " is a directory");
  }
  if (file.has_parent_path()) ensure_directory(file.parent_path());
  return file;
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& location) {
  if (location.empty()) throw StoreError("no store location given");
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return postgres::open_postgres_store(location);
  }
  if (location.starts_with(kSqlitePrefix))
    return sqlite::open_sqlite_store(sqlite_file_from(location));
  if (location.find("://") != std::string::npos) {
    throw StoreError("unknown kind of store location: " + location);
  }
  fs::path dir(location);
  ensure_directory(dir);
  return sqlite::open_sqlite_store(dir / kDatabaseFileName);
}

}  // namespace marquee
