// open_store(): turns a location string (a directory, "sqlite:/file.db", a postgresql:// URL)
// into a Store on the right engine, with one-line reasons when the location cannot be used.
#include <filesystem>
#include <string>
#include <system_error>

#include "store/locations.h"
#include "store/postgres/engine.h"
#include "store/sqlite/engine.h"
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

}  // namespace

bool is_postgres_location(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

fs::path sqlite_store_file(const std::string& location, bool make_directory) {
  if (location.empty()) throw StoreError("no store location given");
  if (location.starts_with(kSqlitePrefix)) {
    std::string_view rest = std::string_view(location).substr(kSqlitePrefix.size());
    // "sqlite:///var/x.db" is the URL spelling of "sqlite:/var/x.db".
    if (rest.starts_with("//")) rest.remove_prefix(2);
    if (rest.empty()) throw StoreError("store location " + location + " has no file");
    fs::path file(rest);
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
      throw StoreError("store file " + file.string() + " is a directory");
    }
    if (make_directory && file.has_parent_path()) ensure_directory(file.parent_path());
    return file;
  }
  if (location.find("://") != std::string::npos) {
    throw StoreError("unknown kind of store location: " + location);
  }
  fs::path dir(location);
  if (make_directory) ensure_directory(dir);
  return dir / kDatabaseFileName;
}

std::unique_ptr<Store> open_store(const std::string& location) {
  if (is_postgres_location(location)) {
    return std::make_unique<Store>(postgres::open_engine(location));
  }
  return std::make_unique<Store>(sqlite::open_engine(sqlite_store_file(location, true)));
}

}  // namespace marquee
