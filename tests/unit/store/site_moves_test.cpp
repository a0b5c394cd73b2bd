// The old addresses of a site moved in and the keys of what an import made: found, replaced,
// listed with a search, refused when they lead nowhere, on either engine.
#include "store_fixture.h"

namespace marquee::testing {
namespace {

Time at(std::int64_t seconds) {
  return Time(std::chrono::seconds(seconds));
}

class SiteMoves : public StoreTest {};

TEST_F(SiteMoves, AnOldAddressLeadsToAStoryOrAPath) {
  Article story = store->articles().save(draft("big-night"), 0);
  store->redirects().put_address({"/2025/11/01/big-night", story.id, "", "wordpress", at(10)});
  store->redirects().put_address({"/category/movies", 0, "/movies", "wordpress", {}});

  auto found = store->redirects().address("/2025/11/01/big-night");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->article_id, story.id);
  EXPECT_EQ(found->target, "");
  EXPECT_EQ(found->origin, "wordpress");
  EXPECT_EQ(found->created_at, at(10));
  auto section = store->redirects().address("/category/movies");
  ASSERT_TRUE(section);
  EXPECT_EQ(section->article_id, 0);
  EXPECT_EQ(section->target, "/movies");
  EXPECT_GT(section->created_at, at(10));
  EXPECT_FALSE(store->redirects().address("/category/music"));
  EXPECT_FALSE(store->redirects().address(""));
}

TEST_F(SiteMoves, PuttingTheSameAddressAgainReplacesIt) {
  store->redirects().put_address({"/feed", 0, "/feeds/rss.xml", "wordpress", at(5)});
  store->redirects().put_address({"/feed", 0, "/feeds/atom.xml", "wordpress", at(9)});
  EXPECT_EQ(store->redirects().address("/feed")->target, "/feeds/atom.xml");
  EXPECT_EQ(store->redirects().count_addresses({}), 1);
}

TEST_F(SiteMoves, AnAddressThatLeadsNowhereIsRefused) {
  EXPECT_THROW(store->redirects().put_address({"/x", 0, "", "wordpress", {}}), ConstraintError);
  EXPECT_THROW(store->redirects().put_address({"x", 0, "/y", "wordpress", {}}), ConstraintError);
  EXPECT_THROW(store->redirects().put_address({"", 0, "/y", "wordpress", {}}), ConstraintError);
  EXPECT_THROW(store->redirects().put_address({"/gone", 999999, "", "wordpress", {}}),
               ConstraintError);
  EXPECT_EQ(store->redirects().count_addresses({}), 0);
}

TEST_F(SiteMoves, ListsAreInPathOrderAndSearchIgnoresCase) {
  for (const char* path : {"/tag/drama", "/category/Movies", "/author/mquell", "/?p=12"}) {
    store->redirects().put_address({path, 0, "/somewhere", "wordpress", {}});
  }
  store->redirects().put_address({"/feed", 0, "/feeds/rss.xml", "wordpress", {}});
  auto all = store->redirects().addresses({});
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all.front().old_path, "/?p=12");
  EXPECT_EQ(all.back().old_path, "/tag/drama");

  AddressRedirectQuery movies;
  movies.contains = "MOVIES";
  auto found = store->redirects().addresses(movies);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].old_path, "/category/Movies");
  EXPECT_EQ(store->redirects().count_addresses(movies), 1);

  AddressRedirectQuery rss;
  rss.contains = "rss";  // the target is searched too
  EXPECT_EQ(store->redirects().count_addresses(rss), 1);

  AddressRedirectQuery literal;
  literal.contains = "%";  // LIKE's own characters are plain text here
  EXPECT_EQ(store->redirects().count_addresses(literal), 0);

  AddressRedirectQuery page;
  page.limit = 2;
  page.offset = 2;
  auto second = store->redirects().addresses(page);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].old_path, all[2].old_path);
}

TEST_F(SiteMoves, ImportKeysAreFoundEitherWayAndReplaced) {
  EXPECT_FALSE(store->import_keys().find("wordpress", "post", 1313));
  store->import_keys().put({"wordpress", "post", 1313, 42, "aaa"});
  store->import_keys().put({"wordpress", "author", 1313, 7, ""});
  auto post = store->import_keys().find("wordpress", "post", 1313);
  ASSERT_TRUE(post);
  EXPECT_EQ(post->local_id, 42);
  EXPECT_EQ(post->fingerprint, "aaa");
  EXPECT_EQ(store->import_keys().find_local("wordpress", "post", 42)->external_id, 1313);
  EXPECT_FALSE(store->import_keys().find_local("wordpress", "post", 7));

  store->import_keys().put({"wordpress", "post", 1313, 43, "bbb"});
  EXPECT_EQ(store->import_keys().find("wordpress", "post", 1313)->local_id, 43);
  EXPECT_EQ(store->import_keys().find("wordpress", "post", 1313)->fingerprint, "bbb");
  EXPECT_EQ(store->import_keys().count("wordpress", "post"), 1);
  EXPECT_EQ(store->import_keys().count("wordpress", "author"), 1);
  EXPECT_THROW(store->import_keys().put({"", "post", 1, 1, ""}), ConstraintError);
}

TEST_F(SiteMoves, ArchiveCommentsAreReplacedWholeAndKeepTheirOrder) {
  Article story = store->articles().save(draft("with-comments"), 0);
  Article other = store->articles().save(draft("other"), 0);
  store->comments().replace(story.id, {{1, 0, "Ada", at(100), "First."},
                                       {3, 1, "Ben", at(300), "A reply.\n\nTwo paragraphs."},
                                       {2, 0, "Cy", at(200), "Second."}});
  store->comments().replace(other.id, {{9, 0, "Dee", at(900), "Elsewhere."}});
  auto kept = store->comments().of_story(story.id);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[1].external_id, 3);
  EXPECT_EQ(kept[1].parent_external, 1);
  EXPECT_EQ(kept[1].author, "Ben");
  EXPECT_EQ(kept[1].posted_at, at(300));
  EXPECT_EQ(kept[1].text, "A reply.\n\nTwo paragraphs.");
  EXPECT_EQ(kept[2].external_id, 2);

  store->comments().replace(story.id, {{2, 0, "Cy", at(200), "Second, edited."}});
  kept = store->comments().of_story(story.id);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].text, "Second, edited.");
  EXPECT_EQ(store->comments().of_story(other.id).size(), 1u);
  store->comments().replace(story.id, {});
  EXPECT_TRUE(store->comments().of_story(story.id).empty());
  EXPECT_THROW(store->comments().replace(999999, {{1, 0, "X", at(1), "x"}}), ConstraintError);
}

TEST_F(SiteMoves, AnImportKeyWrittenInAUnitThatFailsIsNotKept) {
  EXPECT_THROW(store->write([&](UnitOfWork& unit) {
    unit.import_keys().put({"wordpress", "post", 5, 9, "x"});
    unit.redirects().put_address({"/?p=5", 0, "/x", "wordpress", {}});
    throw StoreError("stopped");
  }),
               StoreError);
  EXPECT_FALSE(store->import_keys().find("wordpress", "post", 5));
  EXPECT_FALSE(store->redirects().address("/?p=5"));
}

}  // namespace
}  // namespace marquee::testing
