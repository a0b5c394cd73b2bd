// Layered configuration: defaults < marquee.toml < environment < flags (flags applied by cli/).
#include "site/config.h"

#include <toml++/toml.h>
#include <cstdlib>

#include "core/site_time.h"

namespace marquee::site {
namespace {

namespace fs = std::filesystem;

int parse_int(const std::string& name, const std::string& text, int min, int max) {
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used != text.size() || value < min || value > max) throw std::out_of_range(text);
    return value;
  } catch (const std::exception&) {
    throw ConfigError(name + " must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", not \"" + text + "\"");
  }
}

void apply_file(SiteConfig& config, const fs::path& file) {
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  static const char* const known[] = {
      "title",     "tagline",  "base_url",  "listen",         "data",
      "database",  "theme",    "timezone",  "timezone_label", "threads",
      "page_size", "cache_mb", "log_level", "access_log",     "sitemap_file_stories"};
  for (const auto& [key, value] : table) {
    bool ok = false;
    for (const char* k : known) ok = ok || key.str() == k;
    if (!ok) {
      throw ConfigError(file.string() + ":" + std::to_string(value.source().begin.line) +
                        ": unknown setting \"" + std::string(key.str()) + "\"");
    }
  }
  auto text = [&](const char* key, auto& target) {
    if (auto node = table[key]) {
      auto v = node.value<std::string>();
      if (!v) {
        throw ConfigError(file.string() + ":" + std::to_string(node.node()->source().begin.line) +
                          ": " + key + " must be a string");
      }
      target = *v;
    }
  };
  auto number = [&](const char* key, int min, int max) -> std::optional<int> {
    if (auto node = table[key]) {
      auto v = node.value<std::int64_t>();
      if (!v || *v < min || *v > max) {
        throw ConfigError(file.string() + ":" + std::to_string(node.node()->source().begin.line) +
                          ": " + key + " must be a whole number from " + std::to_string(min) +
                          " to " + std::to_string(max));
      }
      return static_cast<int>(*v);
    }
    return std::nullopt;
  };
  text("title", config.title);
  text("tagline", config.tagline);
  text("base_url", config.base_url);
  text("listen", config.listen);
  std::string path;
  text("data", path);
  if (!path.empty()) config.data_dir = path;
  text("database", config.database);
  path.clear();
  text("theme", path);
  if (!path.empty()) config.theme_dir = path;
  text("timezone", config.timezone);
  text("timezone_label", config.timezone_label);
  text("log_level", config.log_level);
  if (auto n = number("threads", 0, 256)) config.threads = *n;
  if (auto n = number("page_size", 1, 200)) config.page_size = *n;
  if (auto n = number("cache_mb", 1, 1 << 20)) config.cache_bytes = std::size_t(*n) << 20;
  if (auto n = number("sitemap_file_stories", 1, 50000)) config.sitemap_file_stories = *n;
  if (auto node = table["access_log"]) {
    auto v = node.value<bool>();
    if (!v) throw ConfigError(file.string() + ": access_log must be true or false");
    config.access_log = *v;
  }
}

void apply_environment(SiteConfig& config) {
  auto env = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
  };
  if (auto v = env("MARQUEE_TITLE")) config.title = *v;
  if (auto v = env("MARQUEE_BASE_URL")) config.base_url = *v;
  if (auto v = env("MARQUEE_LISTEN")) config.listen = *v;
  if (auto v = env("MARQUEE_DATA")) config.data_dir = *v;
  if (auto v = env("MARQUEE_DATABASE")) config.database = *v;
  if (auto v = env("MARQUEE_THEME")) config.theme_dir = *v;
  if (auto v = env("MARQUEE_TIMEZONE")) config.timezone = *v;
  if (auto v = env("MARQUEE_THREADS")) config.threads = parse_int("MARQUEE_THREADS", *v, 0, 256);
  if (auto v = env("MARQUEE_LOG_LEVEL")) config.log_level = *v;
}

bool has_resources(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "themes" / "default", ec);
}

}  // namespace

SiteConfig load_config(const fs::path& file) {
  SiteConfig config;
  if (!file.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      throw ConfigError("config file not found: " + file.string());
    apply_file(config, file);
  } else if (std::error_code ec; fs::is_regular_file("marquee.toml", ec)) {
    apply_file(config, "marquee.toml");
  }
  apply_environment(config);
  if (config.base_url.empty()) {
    // `serve` puts the port it really listens on here once it has one.
    auto [host, port] = parse_listen(config.listen);
    config.base_url = listen_url(host, port);
    config.base_url_from_listen = true;
  }
  return config;
}

std::pair<std::string, unsigned short> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw ConfigError("listen address must be HOST:PORT, not \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = parse_int("listen port", listen.substr(colon + 1), 0, 65535);
  return {host, static_cast<unsigned short>(port)};
}

std::string listen_url(const std::string& host, unsigned short port) {
  // A wildcard address is no address to link to: the loopback one at least works here.
  std::string shown = host == "0.0.0.0" || host.empty() ? "127.0.0.1" : host == "::" ? "::1" : host;
  if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";
  return "http://" + shown + ":" + std::to_string(port);
}

void resolve_config(SiteConfig& config, const fs::path& executable) {
  if (!SiteTime::load(config.timezone, config.timezone_label)) {
    throw ConfigError("unknown time zone \"" + config.timezone +
                      "\" (use an IANA name such as America/New_York)");
  }
  auto [host, port] = parse_listen(config.listen);
  if (config.base_url.empty()) {
    config.base_url = listen_url(host, port);
    config.base_url_from_listen = true;
  }
  if (config.base_url.rfind("http://", 0) != 0 && config.base_url.rfind("https://", 0) != 0) {
    throw ConfigError("base_url must start with http:// or https://, not \"" + config.base_url +
                      "\"");
  }
  while (config.base_url.size() > 8 && config.base_url.back() == '/') config.base_url.pop_back();
  if (config.resources_dir.empty()) {
    std::error_code ec;
    fs::path exe = fs::weakly_canonical(executable, ec);
    for (fs::path candidate : {fs::current_path(ec), exe.parent_path().parent_path().parent_path(),
                               exe.parent_path().parent_path() / "share" / "marquee"}) {
      if (has_resources(candidate)) {
        config.resources_dir = candidate;
        break;
      }
    }
  }
  if (config.theme_dir.empty()) {
    if (config.resources_dir.empty()) {
      throw ConfigError("cannot find themes/default; run from the Marquee folder or set theme");
    }
    config.theme_dir = config.resources_dir / "themes" / "default";
  }
  std::error_code ec;
  if (!fs::is_directory(config.theme_dir / "templates", ec)) {
    throw ConfigError("theme folder has no templates/: " + config.theme_dir.string());
  }
}

}  // namespace marquee::site
