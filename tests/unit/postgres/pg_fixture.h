// Shared by the PostgreSQL-only tests: the server named by MARQUEE_TEST_DATABASE (the tests
// skip themselves without it), a fresh schema per test, and a way to kill this test's sessions
// on the server as an administrator or a crash would.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "store/postgres/connection.h"
#include "store/store.h"
#include "support/pg_scratch.h"

namespace marquee::testing {

inline std::string server_url() {
  const char* url = std::getenv("MARQUEE_TEST_DATABASE");
  return url ? url : "";
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (server_url().empty()) GTEST_SKIP() << "MARQUEE_TEST_DATABASE is not set";
    scratch = std::make_unique<postgres::ScratchSchema>(server_url());
    // Sessions of this test carry their own application name, so that killing them touches
    // nothing else on a server shared with other test runs.
    app = "marquee_test_" + std::to_string(getpid()) + "_" + scratch->name();
    location = scratch->url() + "&application_name=" + app;
  }

  // Ends every session this test opened, as pg_terminate_backend does after a server restart
  // or an administrator's kill. Returns how many there were.
  int kill_sessions() {
    postgres::Connection admin(server_url());
    auto r = admin.run(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
        app);
    return r.int32(0, 0);
  }

  std::unique_ptr<postgres::ScratchSchema> scratch;
  std::string app;
  std::string location;
};

inline Time at(std::int64_t unix_seconds) {
  return Time(std::chrono::seconds(unix_seconds));
}

}  // namespace marquee::testing
