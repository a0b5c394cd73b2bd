// Opening stores: locations, the errors for places that cannot hold one, connection settings,
// migrating a database made by an older build, and the full-text index kept in step.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "store/sqlite/database.h"
#include "store/sqlite/migrations.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::string& location) {
  try {
    open_store(location);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<Id> search(const fs::path& file, const std::string& terms) {
  sqlite::Database db(file, sqlite::Database::Mode::read_only);
  auto q =
      db.prepare("SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid");
  q.bind(terms);
  std::vector<Id> ids;
  while (q.step()) ids.push_back(q.int64(0));
  return ids;
}

TEST(OpenStore, DirectoryLocationHoldsMarqueeDb) {
  TempDir dir;
  fs::path nested = dir.path() / "site" / "data";
  auto store = open_store(nested.string());
  EXPECT_TRUE(fs::is_regular_file(nested / "marquee.db"));
  EXPECT_EQ(store->schema_version(), store->latest_schema_version());
  EXPECT_EQ(store->latest_schema_version(), sqlite::latest_schema_version());
}

TEST(OpenStore, SqliteLocationNamesTheFile) {
  TempDir dir;
  for (const std::string prefix : {"sqlite:", "sqlite://"}) {
    fs::path file = dir.path() / ("custom-" + std::to_string(prefix.size()) + ".db");
    auto store = open_store(prefix + file.string());
    store->settings().set("k", "v");
    EXPECT_TRUE(fs::is_regular_file(file)) << prefix;
  }
  // A missing parent folder is created, as for a directory location.
  fs::path deep = dir.path() / "a" / "b" / "x.db";
  open_store("sqlite:" + deep.string());
  EXPECT_TRUE(fs::is_regular_file(deep));
}

TEST(OpenStore, BadLocationsGiveOneLineReasons) {
  TempDir dir;
  fs::path plain_file = dir.path() / "notes.txt";
  write_file(plain_file, "hello");
  struct Case {
    const char* name;
    std::string location;
    std::string mentions;
  };
  const Case cases[] = {
      {"postgres not built", "postgresql://db.example.com/marquee", "PostgreSQL"},
      {"short postgres scheme", "postgres://localhost/marquee", "PostgreSQL"},
      {"unknown scheme", "mysql://localhost/marquee", "mysql://localhost/marquee"},
      {"empty", "", "no store location"},
      {"file as directory", plain_file.string(), plain_file.string()},
      {"under a file", (plain_file / "sub").string(), (plain_file / "sub").string()},
      {"sqlite without file", "sqlite:", "sqlite:"},
      {"sqlite file is a directory", "sqlite:" + dir.path().string(), dir.path().string()},
  };
  for (const Case& c : cases) {
    std::string message = error_of(c.location);
    EXPECT_NE(message, "") << c.name;
    EXPECT_NE(message.find(c.mentions), std::string::npos) << c.name << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << c.name << ": " << message;
  }
}

TEST(OpenStore, UnwritableDirectoryIsAnError) {
  if (geteuid() == 0) GTEST_SKIP() << "permissions do not bind the superuser";
  TempDir dir;
  fs::path locked = dir.path() / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  std::string message = error_of(locked.string());
  EXPECT_NE(message.find(locked.string()), std::string::npos) << message;
  message = error_of((locked / "inner").string());
  EXPECT_NE(message.find((locked / "inner").string()), std::string::npos) << message;
}

TEST(OpenStore, ReadOnlyFileSystemIsAnError) {
  // /proc accepts no new files, even from the superuser.
  if (!fs::is_directory("/proc/self")) GTEST_SKIP() << "no /proc";
  std::string message = error_of("/proc/self/marquee-store");
  EXPECT_NE(message.find("/proc/self/marquee-store"), std::string::npos) << message;
  message = error_of("sqlite:/proc/self/marquee.db");
  EXPECT_NE(message.find("/proc/self/marquee.db"), std::string::npos) << message;
}

TEST(OpenStore, FileThatIsNotADatabaseIsAnErrorAndIsLeftAlone) {
  TempDir dir;
  const std::string garbage = "This is a page of notes, not a database.\n" + std::string(4096, 'x');
  fs::path file = dir.path() / "notes.db";
  write_file(file, garbage);
  std::string message = error_of("sqlite:" + file.string());
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a database"), std::string::npos) << message;
  EXPECT_EQ(read_file(file), garbage);

  write_file(dir.path() / "marquee.db", garbage);
  message = error_of(dir.path().string());
  EXPECT_NE(message.find((dir.path() / "marquee.db").string()), std::string::npos) << message;
}

TEST(OpenStore, ConnectionsUseWriteAheadLogging) {
  TempDir dir;
  auto store = open_store(dir.path().string());
  sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
  auto q = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "wal");
  auto fk = db.prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.int64(0), 1);
}

TEST(OpenStore, ReopeningAppliesNoStepTwice) {
  TempDir dir;
  open_store(dir.path().string())->settings().set("k", "v");
  auto store = open_store(dir.path().string());
  EXPECT_EQ(store->settings().get("k"), "v");
  sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_only);
  auto q = db.prepare("SELECT count(*), min(version), max(version) FROM schema_migrations");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), sqlite::latest_schema_version());
  EXPECT_EQ(q.int64(1), 1);
  EXPECT_EQ(q.int64(2), sqlite::latest_schema_version());
}

TEST(OpenStore, MigrationsAreNumberedInOrder) {
  int expected = 1;
  for (const auto& step : sqlite::migrations()) {
    EXPECT_EQ(step.version, expected++);
    EXPECT_FALSE(step.name.empty());
  }
}

// A database written by a build that knew only the first step, with rows in it.
TEST(OpenStore, OldSchemaIsMigratedAndItsDataSurvives) {
  TempDir dir;
  fs::path file = dir.path() / "marquee.db";
  {
    sqlite::Database db(file, sqlite::Database::Mode::read_write);
    sqlite::migrate(db, 1);
    ASSERT_EQ(sqlite::current_schema_version(db), 1);
    db.exec(R"sql(
      INSERT INTO users (id, email, display_name, slug, role) VALUES
        (1, 'ada@example.com', 'Ada Reporter', 'ada', 'writer');
      INSERT INTO articles (id, slug, headline, dek, body, section, status, publish_at,
                            created_at, updated_at, version) VALUES
        (7, 'eclipse-premiere', 'Eclipse premiere lights up Los Angeles', 'Fans camp out',
         'The stars arrived at dusk.', 'movies', 'published', 1277000000, 1276990000,
         1277000100, 3);
      INSERT INTO article_authors (article_id, position, user_id) VALUES (7, 0, 1);
      INSERT INTO article_tags (article_id, position, tag) VALUES (7, 0, 'eclipse');
      INSERT INTO entities (id, kind, name, slug) VALUES (3, 'film', 'Eclipse', 'eclipse');
      INSERT INTO entity_aliases (entity_id, position, alias) VALUES (3, 0, 'The Twilight Saga: Eclipse');
      INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence,
                                    first_offset, source, state) VALUES
        (7, 3, 2, 0.8, 0.9, 0, 'auto', 'confirmed');
      INSERT INTO redirects (old_slug, article_id) VALUES ('eclipse-draft', 7);
      INSERT INTO settings (name, value) VALUES ('site.title', 'Marquee');
    )sql");
  }
  auto store = open_store(dir.path().string());
  EXPECT_EQ(store->schema_version(), store->latest_schema_version());

  auto story = store->articles().find(7);
  ASSERT_TRUE(story);
  EXPECT_EQ(story->headline, "Eclipse premiere lights up Los Angeles");
  EXPECT_EQ(story->version, 3);
  EXPECT_EQ(story->author_ids, std::vector<Id>{1});
  EXPECT_EQ(story->tags, std::vector<std::string>{"eclipse"});
  EXPECT_EQ(story->publish_at, at(1277000000));
  EXPECT_EQ(store->redirects().current_slug("eclipse-draft"), "eclipse-premiere");
  EXPECT_EQ(store->graph().entity(3)->aliases,
            std::vector<std::string>{"The Twilight Saga: Eclipse"});
  EXPECT_EQ(store->settings().get("site.title"), "Marquee");

  ArticleQuery by_author;
  by_author.author_id = 1;
  EXPECT_EQ(store->articles().count(by_author), 1);
  ArticleQuery by_entity;
  by_entity.entity_id = 3;
  EXPECT_EQ(store->articles().list(by_entity).at(0).id, 7);
  // Stories stored before the search step existed were indexed by it.
  EXPECT_EQ(search(file, "dusk"), std::vector<Id>{7});
  // Its published day was counted and bounds its id (steps 19 and 20), so a search within its
  // dates finds it.
  SearchQuery dated;
  dated.text = "dusk";
  dated.from = at(1276990000);
  dated.to = at(1277000001);
  ASSERT_EQ(store->search().find(dated).hits.size(), 1u);
  EXPECT_EQ(store->articles().published_days().at(0).stories, 1);

  // And the old story carries on from its version.
  Article edit = *story;
  edit.headline = "Eclipse premiere draws thousands";
  EXPECT_EQ(store->articles().save(edit, 1).version, 4);
}

// A database at version 3 (the last step before the newsroom tables), with rows in it: step 4
// adds the new tables and media columns, and everything already there is still readable.
TEST(OpenStore, VersionThreeGainsTheNewsroomStepAndKeepsItsRows) {
  TempDir dir;
  fs::path file = dir.path() / "marquee.db";
  {
    sqlite::Database db(file, sqlite::Database::Mode::read_write);
    sqlite::migrate(db, 3);
    ASSERT_EQ(sqlite::current_schema_version(db), 3);
    db.exec(R"sql(
      INSERT INTO users (id, email, display_name, slug, role) VALUES
        (1, 'ada@example.com', 'Ada Reporter', 'ada', 'editor');
      INSERT INTO media (id, kind, file, mime, width, height, duration_seconds, caption, credit,
                         alt, poster, created_at) VALUES
        (5, 'video', 'a1.mp4', 'video/mp4', 640, 360, 12.5, 'On set', 'Studio', 'Two actors',
         'a1-poster.jpg', 1276000000);
      INSERT INTO articles (id, slug, headline, dek, body, section, status, publish_at,
                            created_at, updated_at, clip_media_id, version) VALUES
        (7, 'runaways-clip', 'Runaways clip arrives', 'Watch the stage scene',
         'Stewart and Fanning perform.', 'movies', 'published', 1277000000, 1276990000,
         1277000100, 5, 2);
    )sql");
  }
  auto store = open_store(dir.path().string());
  EXPECT_EQ(store->schema_version(), store->latest_schema_version());
  EXPECT_GE(store->schema_version(), 4);

  auto clip = store->media().find(5);
  ASSERT_TRUE(clip);
  EXPECT_EQ(clip->file, "a1.mp4");
  EXPECT_EQ(clip->caption, "On set");
  EXPECT_DOUBLE_EQ(clip->duration_seconds, 12.5);
  EXPECT_EQ(clip->created_at, at(1276000000));
  EXPECT_EQ(clip->video_codec, "");  // the new columns start empty
  EXPECT_EQ(clip->bytes, 0);
  EXPECT_TRUE(clip->renditions.empty());
  EXPECT_EQ(clip->uploaded_by, 0);
  EXPECT_EQ(store->media().list(MediaKind::video, 10, 0).size(), 1u);

  auto story = store->articles().find(7);
  ASSERT_TRUE(story);
  EXPECT_EQ(story->clip_media_id, 5);
  EXPECT_EQ(story->version, 2);
  SearchQuery query;
  query.text = "fanning";
  auto found = store->search().find(query);
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.hits.at(0).story.id, 7);

  // The new tables take rows.
  Session session;
  session.token_hash = "h";
  session.user_id = 1;
  session.expires_at = at(2000000000);
  store->sessions().save(session);
  EXPECT_TRUE(store->sessions().find("h"));
  ApiToken token;
  token.user_id = 1;
  token.token_hash = "t";
  token.role = Role::editor;
  EXPECT_GT(store->tokens().save(token).id, 0);
  AuditEntry entry;
  entry.action = "store.migrate";
  store->audit().append(entry);
  EXPECT_EQ(store->audit().list(5, 0).size(), 1u);
  store->sessions().record_failure("ip:x", at(100));
  EXPECT_EQ(store->sessions().failures_since("ip:x", at(0)), 1);
  Media edit = *clip;
  edit.renditions = {{320, 180, "image/jpeg", "a1-320.jpg"}};
  store->media().save(edit);
  EXPECT_EQ(store->media().find(5)->renditions.size(), 1u);
}

TEST(OpenStore, DatabaseFromANewerBuildIsRefused) {
  TempDir dir;
  open_store(dir.path().string());
  {
    sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
    db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
  }
  std::string message = error_of(dir.path().string());
  EXPECT_NE(message.find("newer"), std::string::npos) << message;
  EXPECT_NE(message.find("999"), std::string::npos) << message;
}

TEST_F(StoreTest, SearchIndexFollowsSavesAndIgnoresFailedOnes) {
  fs::path file = dir.path() / "marquee.db";
  Article a = draft("premiere", "Eclipse premiere");
  a.dek = "Crowds in Westwood";
  a.body = "Robert Pattinson signed autographs.";
  a = store->articles().save(a, 0);
  EXPECT_EQ(search(file, "eclipse"), std::vector<Id>{a.id});
  EXPECT_EQ(search(file, "westwood"), std::vector<Id>{a.id});
  EXPECT_EQ(search(file, "autographs"), std::vector<Id>{a.id});

  a.headline = "Breaking Dawn casting news";
  a = store->articles().save(a, 0);
  EXPECT_TRUE(search(file, "eclipse").empty());
  EXPECT_EQ(search(file, "dawn"), std::vector<Id>{a.id});

  Article failing = a;
  failing.headline = "Forgotten words";
  failing.author_ids = {31337};
  EXPECT_THROW(store->articles().save(failing, 0), ConstraintError);
  EXPECT_TRUE(search(file, "forgotten").empty());
  EXPECT_EQ(search(file, "dawn"), std::vector<Id>{a.id});
}

}  // namespace
}  // namespace marquee::testing
