// Pages in the store (both engines): the kind round-trips through the row, the revision and the
// summaries; lists and search give the news alone unless asked for pages; a page's path, with
// its slashes, is its slug.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Pages : public StoreTest {
 protected:
  Article save_page(const std::string& path, const std::string& headline,
                    ArticleStatus status = ArticleStatus::published) {
    Article p;
    p.kind = ArticleKind::page;
    p.slug = path;
    p.headline = headline;
    p.body = headline + " body text about the newsroom";
    p.status = status;
    if (status == ArticleStatus::published) p.publish_at = at(1700000000);
    return store->articles().save(p, 0);
  }
};

TEST_F(Pages, TheKindRoundTripsThroughTheRowTheRevisionAndTheSummaries) {
  Article about = save_page("about", "About us");
  Article team = save_page("about/team", "Our team");
  for (const Article* saved : {&about, &team}) {
    auto found = store->articles().find(saved->id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->kind, ArticleKind::page);
    EXPECT_EQ(found->slug, saved->slug);
    EXPECT_TRUE(found->section.empty());
    auto by_path = store->articles().find_by_slug(saved->slug);
    ASSERT_TRUE(by_path);
    EXPECT_EQ(by_path->id, saved->id);
    auto revisions = store->articles().revisions(saved->id);
    ASSERT_EQ(revisions.size(), 1u);
    EXPECT_EQ(revisions[0].article.kind, ArticleKind::page);
  }
  auto summaries = store->articles().summaries({team.id, about.id});
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].kind, ArticleKind::page);
  EXPECT_EQ(summaries[0].slug, "about/team");

  Article story = publish("a-story", 1700000100);
  EXPECT_EQ(store->articles().find(story.id)->kind, ArticleKind::article);
  // A page can be renamed, and its old path answers as a redirect like a story's old slug.
  Article moved = *store->articles().find(about.id);
  moved.slug = "about-us";
  store->articles().save(moved, 0);
  EXPECT_EQ(store->redirects().current_slug("about"), "about-us");
}

TEST_F(Pages, ListsAndCountsGiveTheNewsUnlessPagesAreAskedFor) {
  Article story = publish("tour-dates", 1700000000);
  Article page = save_page("about", "About us");
  save_page("contact", "Contact", ArticleStatus::draft);

  ArticleQuery news;  // the default: home, sections, authors, topics, feeds
  auto listed = store->articles().list(news);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, story.id);
  EXPECT_EQ(store->articles().count(news), 1);

  ArticleQuery pages;
  pages.kinds = KindSet::pages;
  auto published_pages = store->articles().list(pages);
  ASSERT_EQ(published_pages.size(), 1u);
  EXPECT_EQ(published_pages[0].id, page.id);
  EXPECT_EQ(published_pages[0].kind, ArticleKind::page);
  pages.status.reset();
  EXPECT_EQ(store->articles().count(pages), 2);

  ArticleQuery everything;
  everything.kinds = KindSet::all;
  everything.status.reset();
  EXPECT_EQ(store->articles().count(everything), 3);

  ArticleQuery one_kind;  // a kind within the set, as the API's ?kind= asks
  one_kind.kinds = KindSet::all;
  one_kind.kind = ArticleKind::page;
  one_kind.status.reset();
  EXPECT_EQ(store->articles().count(one_kind), 2);
  one_kind.kind = ArticleKind::article;
  EXPECT_EQ(store->articles().count(one_kind), 1);
}

TEST_F(Pages, SearchFindsStoriesByDefaultAndPagesWhenAsked) {
  Article story = publish("newsroom-tour", 1700000000);
  Article with_body = *store->articles().find(story.id);
  with_body.body = "A tour of the newsroom";
  store->articles().save(with_body, 0);
  Article page = save_page("about", "About us");

  SearchQuery q;
  q.text = "newsroom";
  auto stories = store->search().find(q);
  ASSERT_EQ(stories.hits.size(), 1u);
  EXPECT_EQ(stories.hits[0].story.id, story.id);
  EXPECT_EQ(stories.total, 1);

  q.kinds = KindSet::pages;
  auto pages = store->search().find(q);
  ASSERT_EQ(pages.hits.size(), 1u);
  EXPECT_EQ(pages.hits[0].story.id, page.id);
  EXPECT_EQ(pages.hits[0].story.kind, ArticleKind::page);
}

}  // namespace
}  // namespace marquee::testing
