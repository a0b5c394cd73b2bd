// A store that was damaged: a writer killed mid-save, and rows a build cannot read. Killing
// loses at most the unfinished save; unreadable rows are reported as StoreError, not guessed at.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "store/sqlite/database.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

TEST(Damage, WriterKilledMidSaveLeavesAConsistentStore) {
  TempDir dir;
  Id tracked = 0;
  {
    auto store = open_store(dir.path().string());
    tracked = store->articles().save(draft("tracked"), 0).id;
  }
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child saves as fast as it can until it is killed; it never returns to the test.
    try {
      auto store = open_store(dir.path().string());
      Article a = *store->articles().find(tracked);
      for (int round = 1;; ++round) {
        a.headline = "round " + std::to_string(round);
        a.dek = std::to_string(round);
        a.tags.assign(static_cast<std::size_t>(round % 7), "t");
        a = store->articles().save(a, 0);
        Article extra = draft("extra-" + std::to_string(round));
        store->articles().save(extra, 0);
        if (round == 20) {
          char byte = 1;
          if (write(ready[1], &byte, 1) != 1) _exit(3);
        }
      }
    } catch (...) {
      _exit(2);
    }
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1) << "the writer failed before it got going";
  close(ready[0]);
  usleep(150 * 1000);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: " << status;

  {
    sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
    auto check = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
  }
  auto store = open_store(dir.path().string());
  auto a = store->articles().find(tracked);
  ASSERT_TRUE(a);
  int round = std::stoi(a->dek);
  EXPECT_GE(round, 20);
  EXPECT_EQ(a->headline, "round " + std::to_string(round));
  EXPECT_EQ(a->tags.size(), static_cast<std::size_t>(round % 7));
  EXPECT_EQ(a->version, round + 1);
  EXPECT_EQ(store->articles().revisions(tracked).size(), static_cast<std::size_t>(round + 1));
  ArticleQuery drafts;
  drafts.status = ArticleStatus::draft;
  // Each round saves the tracked story, then an extra: the kill may fall between the two.
  int extras = store->articles().count(drafts) - 1;
  EXPECT_TRUE(extras == round || extras == round - 1) << extras << " extras, round " << round;
  // And it takes new saves.
  EXPECT_EQ(store->articles().save(*a, 0).version, round + 2);
}

// Each case damages one column of a fresh store and reads it back.
TEST(Damage, UnreadableRowsAreStoreErrorsNamingTheValue) {
  struct Case {
    const char* name;
    const char* damage;
    std::function<void(Store&, Id story, Id person)> read;
    const char* mentions;
  };
  const Case cases[] = {
      {"status", "UPDATE articles SET status = 'embargoed'",
       [](Store& s, Id story, Id) { s.articles().find(story); }, "embargoed"},
      {"revision JSON", "UPDATE revisions SET article_json = '{not json'",
       [](Store& s, Id story, Id) { s.articles().revisions(story); }, "revision"},
      {"revision of wrong shape", "UPDATE revisions SET article_json = '[1, 2]'",
       [](Store& s, Id story, Id) { s.articles().revisions(story); }, "revision"},
      {"revision field type", "UPDATE revisions SET article_json = '{\"tags\": 5}'",
       [](Store& s, Id story, Id) { s.articles().revisions(story); }, "revision"},
      {"revision status", "UPDATE revisions SET article_json = '{\"status\": \"gone\"}'",
       [](Store& s, Id story, Id) { s.articles().revisions(story); }, "gone"},
      {"entity kind", "UPDATE entities SET kind = 'planet'",
       [](Store& s, Id, Id person) { s.graph().entity(person); }, "planet"},
      {"qualifiers", "UPDATE relations SET qualifiers = 'since 2009'",
       [](Store& s, Id, Id) { s.graph().relations(); }, "qualifiers"},
      {"link state", "UPDATE article_entities SET state = 'maybe'",
       [](Store& s, Id story, Id) { s.links().of_story(story); }, "maybe"},
      {"role", "UPDATE users SET role = 'overlord'", [](Store& s, Id, Id) { s.users().all(); },
       "overlord"},
      {"media kind", "UPDATE media SET kind = 'hologram'",
       [](Store& s, Id, Id) { s.media().find(1); }, "hologram"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    auto store = open_store(dir.path().string());
    User user;
    user.display_name = "Someone";
    store->users().save(user);
    Media photo;
    photo.file = "p.jpg";
    store->media().save(photo);
    Article a = draft("story");
    Id story = store->articles().save(a, 0).id;
    Entity e;
    e.name = "Person";
    e.slug = "person";
    Id person = store->graph().save_entity(e).id;
    e.id = 0;
    e.slug = "other";
    Id other = store->graph().save_entity(e).id;
    store->graph().save_relation({0, person, "knows", other, {{"since", "2009"}}});
    store->links().replace(story, {{story, person, 1, 0.5, 0.5, 0}}, {});
    {
      sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
      db.exec(c.damage);
    }
    try {
      c.read(*store, story, person);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(c.mentions), std::string::npos)
          << c.name << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace marquee::testing
