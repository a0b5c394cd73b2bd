#include "site/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace marquee::site {
namespace {

namespace fs = std::filesystem;

class ConfigFile : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("marquee-config-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override {
    fs::remove_all(dir);
    ::unsetenv("MARQUEE_TITLE");
    ::unsetenv("MARQUEE_THREADS");
  }
  fs::path write(const std::string& text) {
    auto path = dir / "marquee.toml";
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(ConfigFile, ReadsEverySetting) {
  auto config = load_config(write(
      "title = \"Reel Talk\"\nbase_url = \"https://news.example.com\"\nlisten = \"0.0.0.0:9000\"\n"
      "timezone = \"America/Los_Angeles\"\nthreads = 3\npage_size = 12\ncache_mb = 64\n"
      "access_log = false\nsitemap_file_stories = 4000\n"));
  EXPECT_EQ(config.title, "Reel Talk");
  EXPECT_EQ(config.base_url, "https://news.example.com");
  EXPECT_EQ(config.listen, "0.0.0.0:9000");
  EXPECT_EQ(config.timezone, "America/Los_Angeles");
  EXPECT_EQ(config.threads, 3);
  EXPECT_EQ(config.page_size, 12);
  EXPECT_EQ(config.cache_bytes, 64u << 20);
  EXPECT_FALSE(config.access_log);
  EXPECT_EQ(config.sitemap_file_stories, 4000);
}

TEST_F(ConfigFile, WithoutABaseUrlLinksNameTheListenAddress) {
  auto config = load_config(write("listen = \"127.0.0.1:9100\"\n"));
  EXPECT_EQ(config.base_url, "http://127.0.0.1:9100");
  EXPECT_TRUE(config.base_url_from_listen);
  // A wildcard address is not one to link to; loopback at least works on this machine.
  EXPECT_EQ(load_config(write("listen = \"0.0.0.0:9000\"\n")).base_url, "http://127.0.0.1:9000");
  EXPECT_EQ(load_config(write("listen = \"[::]:9000\"\n")).base_url, "http://[::1]:9000");
  EXPECT_EQ(load_config(write("listen = \"[::1]:9000\"\n")).base_url, "http://[::1]:9000");
  auto set = load_config(write("base_url = \"https://news.example.com\"\n"));
  EXPECT_FALSE(set.base_url_from_listen);
}

TEST_F(ConfigFile, EnvironmentOverridesTheFile) {
  ::setenv("MARQUEE_TITLE", "From Env", 1);
  ::setenv("MARQUEE_THREADS", "4", 1);
  auto config = load_config(write("title = \"From File\"\n"));
  EXPECT_EQ(config.title, "From Env");
  EXPECT_EQ(config.threads, 4);
  ::setenv("MARQUEE_THREADS", "lots", 1);
  EXPECT_THROW(load_config(write("")), ConfigError);
}

TEST_F(ConfigFile, BadFilesNameTheLineAndTheProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"title = \"unclosed\n", "marquee.toml:1"},
      {"\n\ntitel = \"typo\"\n", "marquee.toml:3: unknown setting \"titel\""},
      {"threads = \"many\"\n", "threads must be a whole number"},
      {"threads = 9999\n", "threads must be a whole number from 0 to 256"},
      {"sitemap_file_stories = 0\n", "sitemap_file_stories must be a whole number from 1 to 50000"},
      {"title = 5\n", "title must be a string"},
      {"access_log = \"yes\"\n", "access_log must be true or false"},
  };
  for (const auto& [text, expected] : cases) {
    try {
      load_config(write(text));
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(load_config(dir / "missing.toml"), ConfigError);
}

TEST(Config, ListenAddresses) {
  EXPECT_EQ(parse_listen("127.0.0.1:8080"),
            (std::pair<std::string, unsigned short>{"127.0.0.1", 8080}));
  EXPECT_EQ(parse_listen("[::1]:80"), (std::pair<std::string, unsigned short>{"::1", 80}));
  EXPECT_EQ(parse_listen("localhost:0").second, 0);
  for (const char* bad : {"nowhere", ":80", "host:", "host:65536", "host:-1", "host:8o"}) {
    EXPECT_THROW(parse_listen(bad), ConfigError) << bad;
  }
}

TEST(Config, ResolveChecksZoneUrlAndTheme) {
  SiteConfig config;
  config.resources_dir = MARQUEE_SOURCE_DIR;
  resolve_config(config, "marquee");
  EXPECT_EQ(config.theme_dir, fs::path(MARQUEE_SOURCE_DIR) / "themes" / "default");

  SiteConfig zone;
  zone.resources_dir = MARQUEE_SOURCE_DIR;
  zone.timezone = "Mars/Base";
  EXPECT_THROW(resolve_config(zone, "marquee"), ConfigError);

  SiteConfig url;
  url.resources_dir = MARQUEE_SOURCE_DIR;
  url.base_url = "ftp://example.com";
  EXPECT_THROW(resolve_config(url, "marquee"), ConfigError);

  SiteConfig trailing;
  trailing.resources_dir = MARQUEE_SOURCE_DIR;
  trailing.base_url = "https://example.com//";
  resolve_config(trailing, "marquee");
  EXPECT_EQ(trailing.base_url, "https://example.com");

  SiteConfig theme;
  theme.theme_dir = "/nonexistent/theme";
  EXPECT_THROW(resolve_config(theme, "marquee"), ConfigError);
}

}  // namespace
}  // namespace marquee::site
