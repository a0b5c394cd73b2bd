// A save is one unit of work: the story and its revision, its links and quotes, and the notice to
// the other nodes. A process killed between any two steps leaves the old story whole (and says
// nothing to the other nodes); one killed after the commit leaves the new one whole. Runs on
// both stores.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "store/changes.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

// The steps of a save, in order; the child process kills itself after the one it is given.
enum class Step { story, links_and_quotes, notice, commit };

constexpr const char* kStepNames[] = {"story", "links and quotes", "notice", "commit"};

class UnitOfWork : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    person = make_entity("Kristen Stewart", "kristen-stewart");
    film = make_entity("The Runaways", "the-runaways", EntityKind::film);
    Article a = draft("the-story", "Old headline");
    a.body = "old body";
    story = store->articles().save(a, 0);
    store->links().replace(story.id, {{story.id, person.id, 1, 0.5, 0.9, 0}},
                           {{0, story.id, person.id, "Old words", 0, 0.9}});
  }

  // In a child process: the next version of the story saved as the newsroom saves it, with the
  // process killed (SIGKILL, no unwinding, no destructors) right after `last`.
  [[noreturn]] void save_and_die(Step last) {
    try {
      auto own = open_store(location);
      own->write([&](marquee::UnitOfWork& unit) {
        Article next = *unit.articles().find(story.id);
        next.headline = "New headline";
        next.body = "new body";
        unit.articles().save(next, 0);
        if (last == Step::story) raise(SIGKILL);
        unit.links().replace(story.id, {{story.id, film.id, 2, 0.7, 0.8, 4}},
                             {{0, story.id, person.id, "New words", 0, 0.8}});
        if (last == Step::links_and_quotes) raise(SIGKILL);
        unit.notify(ChangeNotice::of_story(story.id).payload());
        if (last == Step::notice) raise(SIGKILL);
      });
      raise(SIGKILL);
    } catch (...) {
      _exit(2);
    }
    _exit(3);
  }

  Entity person;
  Entity film;
  Article story;
};

TEST_F(UnitOfWork, AKillBetweenAnyTwoStepsLeavesOneWholeStory) {
  for (Step last : {Step::story, Step::links_and_quotes, Step::notice, Step::commit}) {
    const char* name = kStepNames[static_cast<int>(last)];
    auto feed = open_change_feed(location);
    feed->wait(std::chrono::milliseconds(0));  // only what comes from here on
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) save_and_die(last);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << name << ": the saving process ended otherwise: " << status;

    reopen();
    const bool committed = last == Step::commit;
    auto now = store->articles().find(story.id);
    ASSERT_TRUE(now) << name;
    auto links = store->links().of_story(story.id);
    auto quotes = store->links().quotes_of_story(story.id);
    ASSERT_EQ(links.size(), 1u) << name;
    ASSERT_EQ(quotes.size(), 1u) << name;
    std::vector<std::string> heard;
    for (int attempt = 0; attempt < 5 && heard.empty(); ++attempt) {
      heard = feed->wait(std::chrono::milliseconds(100));
    }
    const std::string notice = ChangeNotice::of_story(story.id).payload();
    const bool told = std::find(heard.begin(), heard.end(), notice) != heard.end();
    if (committed) {
      EXPECT_EQ(now->version, story.version + 1) << name;
      EXPECT_EQ(now->headline, "New headline") << name;
      EXPECT_EQ(now->body, "new body") << name;
      EXPECT_EQ(store->articles().revisions(story.id).size(), 2u) << name;
      EXPECT_EQ(links[0].entity_id, film.id) << name;
      EXPECT_EQ(quotes[0].text, "New words") << name;
      EXPECT_TRUE(told) << name << ": the other nodes were not told";
      story = *now;  // the next round starts from here
    } else {
      EXPECT_EQ(now->version, story.version) << name;
      EXPECT_EQ(now->headline, story.headline) << name;
      EXPECT_EQ(now->body, story.body) << name;
      EXPECT_EQ(store->articles().revisions(story.id).size(), 1u) << name;
      EXPECT_EQ(links[0].entity_id, person.id) << name;
      EXPECT_EQ(quotes[0].text, "Old words") << name;
      EXPECT_FALSE(told) << name << ": the other nodes heard of a save that never happened";
    }
  }
}

TEST_F(UnitOfWork, AThrowRollsBackEverythingItWrote) {
  EXPECT_THROW(store->write([&](marquee::UnitOfWork& unit) {
    Article next = *unit.articles().find(story.id);
    next.body = "half a save";
    unit.articles().save(next, 0);
    unit.links().replace(story.id, {}, {});
    unit.links().replace(987654, {}, {});  // no such story: ConstraintError
  }),
               ConstraintError);
  EXPECT_EQ(store->articles().find(story.id)->body, "old body");
  EXPECT_EQ(store->links().of_story(story.id).size(), 1u);
  EXPECT_EQ(store->links().quotes_of_story(story.id).size(), 1u);
}

TEST_F(UnitOfWork, TheStoreItselfIsRefusedInsideAUnitOfWork) {
  // Its own transaction would wait on the writer the unit holds, or read around its writes.
  EXPECT_THROW(store->write([&](marquee::UnitOfWork&) { store->articles().find(story.id); }),
               StoreError);
  EXPECT_THROW(store->write([&](marquee::UnitOfWork&) { store->settings().set("k", "v"); }),
               StoreError);
  EXPECT_EQ(store->settings().get("k"), std::nullopt);
  // And afterwards the store works as before.
  store->settings().set("k", "v");
  EXPECT_EQ(store->settings().get("k"), "v");
}

}  // namespace
}  // namespace marquee::testing
