// The PostgreSQL store's connections: a pool that outlives killed sessions, limits that say so
// in time, bad locations that fail in one line without leaking a password, and two nodes
// migrating one new database at once.
#include <atomic>
#include <thread>

#include "pg_fixture.h"
#include "store/postgres/engine.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pool.h"

namespace marquee::testing {
namespace {

TEST_F(PostgresTest, StoreKeepsWorkingAfterItsSessionsAreKilled) {
  auto store = open_store(location);
  Article a;
  a.slug = "before";
  a.headline = "Before";
  Id id = store->articles().save(a, 0).id;
  // Several pooled connections, all idle when they die.
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) readers.emplace_back([&] { store->articles().find(id); });
  for (auto& t : readers) t.join();
  ASSERT_GE(kill_sessions(), 1);

  for (int round = 0; round < 3; ++round) {
    auto story = store->articles().find(id);
    ASSERT_TRUE(story);
    EXPECT_EQ(story->headline, "Before");
  }
  a.slug = "after";
  a.headline = "After";
  EXPECT_NO_THROW(store->articles().save(a, 0));
  EXPECT_EQ(store->articles().count({.status = std::nullopt}), 2);
}

TEST_F(PostgresTest, SessionKilledMidTransactionFailsThatCallOnly) {
  postgres::Pool pool(location, {.max_connections = 1});
  {
    auto conn = pool.lease();
    conn->exec("BEGIN");
    kill_sessions();
    EXPECT_THROW(conn->exec("SELECT 1"), StoreError);
    EXPECT_FALSE(conn->healthy());
  }
  // The broken one was dropped on return; the next lease is a fresh, working connection.
  auto conn = pool.lease();
  EXPECT_EQ(conn->run("SELECT 41 + 1").int32(0, 0), 42);
}

TEST_F(PostgresTest, ExhaustedPoolFailsAfterItsWait) {
  postgres::Pool pool(
      location, {.max_connections = 1, .wait_for_connection = std::chrono::milliseconds(150)});
  auto held = pool.lease();
  auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.lease(), StoreError);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(140));
}

TEST_F(PostgresTest, PoolNeverOpensMoreThanItsLimit) {
  postgres::Pool pool(location, {.max_connections = 3});
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      try {
        for (int k = 0; k < 20; ++k) pool.lease()->run("SELECT pg_sleep(0.001)");
      } catch (const StoreError&) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  postgres::Connection admin(server_url());
  EXPECT_LE(admin.run("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", app)
                .int32(0, 0),
            3);
}

TEST(PostgresLocation, BadLocationsAreOneLineErrorsWithoutThePassword) {
  struct Case {
    const char* name;
    std::string location;
  };
  const Case cases[] = {
      {"refused port", "postgresql://someone:hunter2@127.0.0.1:1/marquee"},
      {"bad option", "postgresql://someone:hunter2@127.0.0.1/marquee?nosuchoption=1"},
  };
  for (const Case& c : cases) {
    try {
      open_store(c.location);
      ADD_FAILURE() << c.name << ": opened";
    } catch (const StoreError& e) {
      std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << c.name << ": " << message;
      EXPECT_EQ(message.find("hunter2"), std::string::npos) << c.name << ": " << message;
      EXPECT_NE(message.find("PostgreSQL"), std::string::npos) << c.name << ": " << message;
    }
  }
}

TEST(PostgresLocation, RedactHidesOnlyThePassword) {
  EXPECT_EQ(postgres::redact("postgresql://u:secret@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(postgres::redact("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db");
  EXPECT_EQ(postgres::redact("postgresql://h:5432/db"), "postgresql://h:5432/db");
}

TEST_F(PostgresTest, TwoNodesStartingAtOnceMigrateOnce) {
  constexpr int kNodes = 4;
  std::atomic<int> failures = 0;
  std::vector<std::thread> nodes;
  for (int i = 0; i < kNodes; ++i) {
    nodes.emplace_back([&] {
      try {
        auto store = open_store(location);
        if (store->schema_version() != store->latest_schema_version()) ++failures;
      } catch (const StoreError&) {
        ++failures;
      }
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(failures, 0);
  postgres::Connection conn(location);
  auto r =
      conn.run("SELECT count(*), count(DISTINCT version), max(version) FROM schema_migrations");
  EXPECT_EQ(r.int32(0, 0), postgres::latest_schema_version());
  EXPECT_EQ(r.int32(0, 1), postgres::latest_schema_version());
  EXPECT_EQ(r.int32(0, 2), postgres::latest_schema_version());
}

TEST_F(PostgresTest, DatabaseFromANewerBuildIsRefused) {
  open_store(location);
  {
    postgres::Connection conn(location);
    conn.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)",
             postgres::latest_schema_version() + 1);
  }
  try {
    open_store(location);
    ADD_FAILURE() << "opened";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST_F(PostgresTest, TextWithANulByteIsRefusedNotCut) {
  auto store = open_store(location);
  EXPECT_THROW(store->settings().set("k", std::string("before\0after", 12)), ConstraintError);
  EXPECT_FALSE(store->settings().get("k"));
}

TEST_F(PostgresTest, GivenIdsMoveTheIdentityPastThem) {
  auto store = open_store(location);
  Entity e;
  e.name = "Given";
  e.slug = "given";
  e.id = 500;
  EXPECT_EQ(store->graph().save_entity(e).id, 500);
  e.id = 0;
  e.slug = "next";
  EXPECT_GT(store->graph().save_entity(e).id, 500);
}

}  // namespace
}  // namespace marquee::testing
