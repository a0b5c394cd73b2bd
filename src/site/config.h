// Site settings: built-in defaults, then marquee.toml, then MARQUEE_* environment variables,
// then command-line flags, each overriding the one before. Loading never half-succeeds: any bad
// value is a ConfigError with a one-line reason.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace marquee::site {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SiteConfig {
  std::string title = "Marquee";
  std::string tagline = "Entertainment news";
  // Canonical links, feeds and sitemaps, no trailing '/'. Empty: the listen address (see
  // base_url_from_listen), which is right only for a site nobody reaches from elsewhere.
  std::string base_url;
  bool base_url_from_listen = false;                // set by resolve_config when base_url was empty
  std::string listen = "127.0.0.1:8080";            // HOST:PORT
  std::filesystem::path data_dir = "marquee-data";  // SQLite file, media folder
  std::string database;                 // store location; empty means the SQLite file in data_dir
  std::filesystem::path theme_dir;      // empty: themes/default under resources_dir
  std::filesystem::path resources_dir;  // holds themes/ and demo/; found automatically if empty
  std::string timezone = "America/New_York";
  std::string timezone_label;  // empty: "ET" for US Eastern, else the zone's abbreviation
  int threads = 0;             // 0: one per core
  int page_size = 20;          // stories per list page
  std::size_t cache_bytes = 256 * 1024 * 1024;  // page cache budget
  // A month with more published stories is listed in the sitemap index as parts of whole days,
  // each of about this many (a day with more is a part of its own), so that a file stays one
  // short read: about 4.5 µs a story.
  int sitemap_file_stories = 2500;
  std::string log_level = "info";
  bool access_log = true;
};

// Reads `file` (TOML) when it is not empty; when it is empty, ./marquee.toml if it exists.
// Applies MARQUEE_TITLE, MARQUEE_BASE_URL, MARQUEE_LISTEN, MARQUEE_DATA, MARQUEE_DATABASE,
// MARQUEE_THEME, MARQUEE_TIMEZONE, MARQUEE_THREADS, MARQUEE_LOG_LEVEL from the environment.
SiteConfig load_config(const std::filesystem::path& file);

// Checks values that need the outside world (zone exists, theme folder exists) and fills
// resources_dir/theme_dir defaults, and base_url from the listen address when it is empty.
// `executable` is argv[0], used to find resources.
void resolve_config(SiteConfig& config, const std::filesystem::path& executable);

// "HOST:PORT" split and checked; throws ConfigError.
std::pair<std::string, unsigned short> parse_listen(const std::string& listen);

// "http://HOST:PORT" for links to a server listening there (a wildcard host becomes loopback).
std::string listen_url(const std::string& host, unsigned short port);

}  // namespace marquee::site
