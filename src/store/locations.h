// What a store location names: "postgresql://..." a server, anything else a SQLite file (a
// directory holds marquee.db; "sqlite:/path/file.db" names the file). Private to store/.
#pragma once

#include <filesystem>
#include <string>

namespace marquee {

bool is_postgres_location(const std::string& location);
// The SQLite file of a location, its directory made when missing if make_directory (opening a
// store does; a change feed or a copy reads a store that must already be there). Throws
// StoreError with a one-line reason when the location cannot name one.
std::filesystem::path sqlite_store_file(const std::string& location, bool make_directory);

}  // namespace marquee
