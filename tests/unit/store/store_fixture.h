// Shared by the store tests: a fresh temporary directory per test (removed afterwards), a store
// opened in it, and small builders for valid domain values. With MARQUEE_TEST_DATABASE set to a
// postgresql:// URL, each test's store is a fresh schema on that server instead.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/pg_scratch.h"

namespace marquee::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "marquee-store-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A valid unsaved story: a draft in "movies".
inline Article draft(const std::string& slug, const std::string& headline = "A headline") {
  Article a;
  a.slug = slug;
  a.headline = headline;
  a.section = "movies";
  return a;
}

// The PostgreSQL server the store tests run against, or empty for SQLite.
inline std::string test_database_url() {
  const char* url = std::getenv("MARQUEE_TEST_DATABASE");
  return url ? url : "";
}

inline bool testing_postgres() {
  return !test_database_url().empty();
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing_postgres()) {
      scratch = std::make_unique<postgres::ScratchSchema>(test_database_url());
      location = scratch->url();
    } else {
      location = dir.path().string();
    }
    store = open_store(location);
  }

  // The store reopened, as another process (or node) would see it.
  void reopen() {
    store.reset();
    store = open_store(location);
  }

  User make_user(const std::string& name, const std::string& email = "") {
    User u;
    u.display_name = name;
    u.email = email;
    u.role = Role::writer;
    return store->users().save(u);
  }

  Entity make_entity(const std::string& name, const std::string& slug,
                     EntityKind kind = EntityKind::person) {
    Entity e;
    e.kind = kind;
    e.name = name;
    e.slug = slug;
    return store->graph().save_entity(e);
  }

  // A published story with a given time, so that list order is under the test's control.
  Article publish(const std::string& slug, std::int64_t publish_unix,
                  const std::string& section = "movies") {
    Article a = draft(slug, "Story " + slug);
    a.section = section;
    a.status = ArticleStatus::published;
    a.publish_at = Time(std::chrono::seconds(publish_unix));
    return store->articles().save(a, 0);
  }

  TempDir dir;
  std::unique_ptr<postgres::ScratchSchema> scratch;  // dropped after the store closes
  std::string location;
  std::unique_ptr<Store> store;
};

inline Time at(std::int64_t unix_seconds) {
  return Time(std::chrono::seconds(unix_seconds));
}

}  // namespace marquee::testing
