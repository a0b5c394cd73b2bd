// Galleries in the store (both engines): a gallery's photos and the people in them round-trip
// with the story (row, revision), in order, and a reorder keeps each photo's people; the photos
// of one person are keyset pages over published galleries only; a photo deleted from the
// library leaves its galleries without a hole in their numbering.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

class Galleries : public StoreTest {
 protected:
  Id photo(const std::string& file) {
    Media m;
    m.kind = MediaKind::image;
    m.file = file;
    m.mime = "image/jpeg";
    m.width = 1200;
    m.height = 800;
    m.alt = "library alt of " + file;
    return store->media().save(m).id;
  }

  GalleryPhoto shot(Id media_id, const std::string& caption, std::vector<PhotoPerson> people = {}) {
    GalleryPhoto p;
    p.media_id = media_id;
    p.caption = caption;
    p.credit = "Marquee";
    p.alt = "Alt for " + caption;
    p.people = std::move(people);
    return p;
  }

  Article gallery(const std::string& slug, std::vector<GalleryPhoto> photos,
                  ArticleStatus status = ArticleStatus::published, std::int64_t when = 1700000000) {
    Article g = draft(slug, "Gallery " + slug);
    g.kind = ArticleKind::gallery;
    g.status = status;
    if (status == ArticleStatus::published) g.publish_at = Time(std::chrono::seconds(when));
    g.photos = std::move(photos);
    return store->articles().save(g, 0);
  }
};

// Several stories read at once are what reading each gives, in the order asked, each once.
TEST_F(Galleries, ManyStoriesAtOnceAreEachAsFoundAlone) {
  Entity kristen = make_entity("Kristen Stewart", "kristen-stewart");
  Id a = photo("a.jpg"), b = photo("b.jpg");
  Article g =
      gallery("red-carpet", {shot(a, "Stewart arrives", {{kristen.id, LinkState::confirmed, 1.0}}),
                             shot(b, "The crowd")});
  Article story = draft("first-look", "A first look");
  story.author_ids = {make_user("Ada Reporter").id, make_user("Ben Critic").id};
  story.tags = {"the-runaways", "punk"};
  story.body_html_key = "0123abcd";
  story = store->articles().save(story, 0);
  Article bare = store->articles().save(draft("bare", "No tags, no byline"), 0);

  auto many = store->articles().find_many({story.id, 999999, g.id, story.id, bare.id});
  ASSERT_EQ(many.size(), 3u);
  EXPECT_EQ(many[0].id, story.id);
  EXPECT_EQ(many[1].id, g.id);
  EXPECT_EQ(many[2].id, bare.id);
  for (const Article& got : many) {
    auto alone = store->articles().find(got.id);
    ASSERT_TRUE(alone);
    EXPECT_EQ(got.headline, alone->headline);
    EXPECT_EQ(got.body_html, alone->body_html);
    EXPECT_EQ(got.body_html_key, alone->body_html_key);
    EXPECT_EQ(got.version, alone->version);
    EXPECT_EQ(got.author_ids, alone->author_ids);
    EXPECT_EQ(got.tags, alone->tags);
    ASSERT_EQ(got.photos.size(), alone->photos.size());
    for (std::size_t i = 0; i < got.photos.size(); ++i) {
      EXPECT_EQ(got.photos[i].media_id, alone->photos[i].media_id);
      EXPECT_EQ(got.photos[i].caption, alone->photos[i].caption);
      EXPECT_EQ(got.photos[i].people.size(), alone->photos[i].people.size());
    }
  }
  EXPECT_EQ(many[0].author_ids.size(), 2u);
  EXPECT_EQ(many[0].tags, (std::vector<std::string>{"the-runaways", "punk"}));
  EXPECT_EQ(many[0].body_html_key, "0123abcd");
  EXPECT_EQ(many[1].photos.size(), 2u);
  EXPECT_TRUE(store->articles().find_many({}).empty());
  EXPECT_TRUE(store->articles().find_many({999999}).empty());
}

TEST_F(Galleries, PhotosAndPeopleRoundTripInOrderThroughTheRowAndTheRevision) {
  Entity kristen = make_entity("Kristen Stewart", "kristen-stewart");
  Entity dakota = make_entity("Dakota Fanning", "dakota-fanning");
  Id a = photo("a.jpg"), b = photo("b.jpg"), c = photo("c.jpg");
  Article saved = gallery(
      "red-carpet",
      {shot(a, "Stewart arrives", {{kristen.id, LinkState::confirmed, 1.0}}),
       shot(b, "Fanning and Stewart",
            {{dakota.id, LinkState::suggested, 0.8}, {kristen.id, LinkState::rejected, 0.4}}),
       shot(c, "The crowd")});
  auto found = store->articles().find(saved.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, ArticleKind::gallery);
  ASSERT_EQ(found->photos.size(), 3u);
  EXPECT_EQ(found->photos[0].media_id, a);
  EXPECT_EQ(found->photos[1].media_id, b);
  EXPECT_EQ(found->photos[2].media_id, c);
  EXPECT_EQ(found->photos[1].caption, "Fanning and Stewart");
  EXPECT_EQ(found->photos[1].credit, "Marquee");
  EXPECT_EQ(found->photos[1].alt, "Alt for Fanning and Stewart");
  ASSERT_EQ(found->photos[1].people.size(), 2u);
  EXPECT_EQ(found->photos[1].people[0].entity_id, dakota.id);
  EXPECT_EQ(found->photos[1].people[0].state, LinkState::suggested);
  EXPECT_DOUBLE_EQ(found->photos[1].people[0].confidence, 0.8);
  EXPECT_EQ(found->photos[1].people[1].state, LinkState::rejected);
  EXPECT_TRUE(found->photos[2].people.empty());

  auto revisions = store->articles().revisions(saved.id);
  ASSERT_EQ(revisions.size(), 1u);
  ASSERT_EQ(revisions[0].article.photos.size(), 3u);
  EXPECT_EQ(revisions[0].article.photos[0].people[0].entity_id, kristen.id);
  EXPECT_EQ(revisions[0].article.photos[0].people[0].state, LinkState::confirmed);

  // Reordered: each photo keeps its own words and people.
  Article reordered = *found;
  std::swap(reordered.photos[0], reordered.photos[2]);
  store->articles().save(reordered, 0);
  auto again = store->articles().find(saved.id);
  ASSERT_EQ(again->photos.size(), 3u);
  EXPECT_EQ(again->photos[0].media_id, c);
  EXPECT_EQ(again->photos[2].media_id, a);
  ASSERT_EQ(again->photos[2].people.size(), 1u);
  EXPECT_EQ(again->photos[2].people[0].entity_id, kristen.id);
  // Another kind of story has none.
  EXPECT_TRUE(store->articles().find(publish("plain", 1700000001).id)->photos.empty());
}

TEST_F(Galleries, APhotoIsInAGalleryOnce) {
  Id a = photo("a.jpg");
  EXPECT_THROW(gallery("twice", {shot(a, "one"), shot(a, "two")}), ConstraintError);
  EXPECT_FALSE(store->articles().find_by_slug("twice"));
}

TEST_F(Galleries, PhotosOfAPersonAreKeysetPagesOfPublishedGalleriesNewestFirst) {
  Entity kristen = make_entity("Kristen Stewart", "kristen-stewart");
  Entity dakota = make_entity("Dakota Fanning", "dakota-fanning");
  const PhotoPerson k{kristen.id, LinkState::confirmed, 1.0};
  Id p[8];
  for (int i = 0; i < 8; ++i) p[i] = photo("p" + std::to_string(i) + ".jpg");
  Article older =
      gallery("sundance", {shot(p[0], "one", {k}), shot(p[1], "two"), shot(p[2], "three", {k})});
  Article newer =
      gallery("premiere", {shot(p[3], "four", {k}), shot(p[4], "five", {k}),
                           shot(p[5], "six", {{kristen.id, LinkState::suggested, 0.9}})});
  gallery("unpublished", {shot(p[6], "seven", {k})}, ArticleStatus::draft);
  gallery("rejected", {shot(p[7], "eight", {{kristen.id, LinkState::rejected, 0}})});

  auto first = store->galleries().photos_of(kristen.id, "", 3);
  ASSERT_EQ(first.photos.size(), 3u);
  EXPECT_EQ(first.photos[0].article_id, newer.id);
  EXPECT_EQ(first.photos[0].number, 1);
  EXPECT_EQ(first.photos[0].photo.caption, "four");
  EXPECT_EQ(first.photos[1].number, 2);
  EXPECT_EQ(first.photos[2].article_id, older.id);
  EXPECT_EQ(first.photos[2].number, 1);
  ASSERT_FALSE(first.next.empty());
  auto second = store->galleries().photos_of(kristen.id, first.next, 3);
  ASSERT_EQ(second.photos.size(), 1u);
  EXPECT_EQ(second.photos[0].photo.caption, "three");
  EXPECT_EQ(second.photos[0].number, 3);
  EXPECT_TRUE(second.next.empty());
  EXPECT_TRUE(store->galleries().photos_of(dakota.id, "", 3).photos.empty());

  for (const char* bad : {"x", "12", "12.3", "1.0.2", "1.2.3.4", ".1.2", "1..2", "1.2.", "-1.2.3",
                          "1.-2.3", "1.2.+3", "99999999999999999999.1.1"}) {
    EXPECT_THROW(store->galleries().photos_of(kristen.id, bad, 3), ConstraintError) << bad;
  }

  // A photo gone from the library leaves its gallery; the photos after it move up a number.
  store->media().remove(p[3]);
  auto after_removal = store->galleries().photos_of(kristen.id, "", 3);
  ASSERT_EQ(after_removal.photos.size(), 3u);
  EXPECT_EQ(after_removal.photos[0].photo.caption, "five");
  EXPECT_EQ(after_removal.photos[0].number, 1);
  EXPECT_EQ(store->articles().find(newer.id)->photos.size(), 2u);
}

TEST_F(Galleries, DeletingAGalleryTakesItsPhotosAndPeople) {
  Entity kristen = make_entity("Kristen Stewart", "kristen-stewart");
  Article g =
      gallery("gone", {shot(photo("a.jpg"), "one", {{kristen.id, LinkState::confirmed, 1}})});
  ASSERT_EQ(store->galleries().photos_of(kristen.id, "", 5).photos.size(), 1u);
  EXPECT_TRUE(store->articles().remove(g.id));
  EXPECT_TRUE(store->galleries().photos_of(kristen.id, "", 5).photos.empty());
}

}  // namespace
}  // namespace marquee::testing
