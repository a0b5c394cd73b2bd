// Galleries through the newsroom service on a real SQLite file: the people in each photo are
// suggested by the linker from its caption and confirmed or rejected by an editor (decisions
// survive every later save, suggestions are made again); a photo's empty words come from the
// library; the gallery leads with its first photo and is linked to whoever is in it; and each
// rule refuses with its code and the photo's field.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "newsroom/newsroom.h"

namespace marquee::newsroom {
namespace {

class GalleryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "marquee-gallery-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    store = open_store(dir.string());
    store->sections().save({0, "movies", "Movies", 1});
    User u;
    u.email = "eda@example.com";
    u.display_name = u.slug = "eda-editor";
    u.role = Role::editor;
    editor = store->users().save(u);
    stewart = person("Kristen Stewart", "kristen-stewart");
    fanning = person("Dakota Fanning", "dakota-fanning");
    Entity film;
    film.kind = EntityKind::film;
    film.name = "Eclipse";
    film.slug = "eclipse";
    eclipse = store->graph().save_entity(film).id;
    knowledge = std::make_unique<Knowledge>(*store);
    newsroom = std::make_unique<Newsroom>(*store, *knowledge, nullptr);
    for (int i = 0; i < 3; ++i) photos[i] = photo("p" + std::to_string(i) + ".jpg");
  }
  void TearDown() override {
    newsroom.reset();
    knowledge.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  Id person(const std::string& name, const std::string& slug) {
    Entity e;
    e.kind = EntityKind::person;
    e.name = name;
    e.slug = slug;
    return store->graph().save_entity(e).id;
  }

  Id photo(const std::string& file) {
    Media m;
    m.kind = MediaKind::image;
    m.file = file;
    m.mime = "image/jpeg";
    m.caption = "Library caption of " + file;
    m.credit = "Library credit";
    m.alt = "Library alt of " + file;
    return store->media().save(m).id;
  }

  Article gallery() {
    Article g;
    g.kind = ArticleKind::gallery;
    g.headline = "Kristen Stewart and Dakota Fanning on the Eclipse carpet";
    g.section = "movies";
    g.photos = {{photos[0], "Kristen Stewart arrives at the premiere of Eclipse.", "", "", {}},
                {photos[1],
                 "Stewart and Dakota Fanning pose for photographers.",
                 "AP",
                 "Two "
                 "women",
                 {}},
                {photos[2], "", "", "", {}}};
    return g;
  }

  static const PhotoPerson* find(const GalleryPhoto& photo, Id entity) {
    for (const auto& p : photo.people) {
      if (p.entity_id == entity) return &p;
    }
    return nullptr;
  }

  std::string refused_rule(const Article& story, std::string* field = nullptr) {
    try {
      newsroom->save(Actor::of(editor), story);
    } catch (const Refused& refused) {
      if (field) *field = refused.first().field;
      return refused.first().rule;
    }
    return "";
  }

  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Knowledge> knowledge;
  std::unique_ptr<Newsroom> newsroom;
  User editor;
  Id stewart = 0, fanning = 0, eclipse = 0;
  Id photos[3] = {};
};

TEST_F(GalleryTest, PeopleAreSuggestedFromCaptionsAndEditorsDecisionsSurvive) {
  Article saved = newsroom->save(Actor::of(editor), gallery());
  ASSERT_EQ(saved.photos.size(), 3u);
  // Suggested from the caption, people only (the film is no one in the photo); a surname finds
  // the person the headline names in full.
  const PhotoPerson* first = find(saved.photos[0], stewart);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->state, LinkState::suggested);
  EXPECT_GT(first->confidence, 0.0);
  EXPECT_FALSE(find(saved.photos[0], eclipse));
  EXPECT_TRUE(find(saved.photos[1], stewart));
  EXPECT_TRUE(find(saved.photos[1], fanning));
  // Words the editor left empty come from the library; given ones stay.
  EXPECT_EQ(saved.photos[0].credit, "Library credit");
  EXPECT_EQ(saved.photos[0].alt, "Library alt of p0.jpg");
  EXPECT_EQ(saved.photos[1].credit, "AP");
  EXPECT_EQ(saved.photos[2].caption, "Library caption of p2.jpg");
  EXPECT_EQ(saved.lead_media_id, photos[0]);

  // The editor confirms Stewart in photo 1, rejects her in photo 2, and adds Fanning to photo 3,
  // whose caption names no one.
  Article edit = saved;
  edit.photos[0].people = {{stewart, LinkState::confirmed, 0}};
  edit.photos[1].people = {{stewart, LinkState::rejected, 0}};
  edit.photos[2].people = {{fanning, LinkState::confirmed, 0}};
  Article decided = newsroom->save(Actor::of(editor), edit);
  EXPECT_EQ(find(decided.photos[0], stewart)->state, LinkState::confirmed);
  EXPECT_DOUBLE_EQ(find(decided.photos[0], stewart)->confidence, 1.0);
  EXPECT_EQ(find(decided.photos[1], stewart)->state, LinkState::rejected);
  EXPECT_EQ(find(decided.photos[1], fanning)->state, LinkState::suggested) << "made again";
  EXPECT_EQ(find(decided.photos[2], fanning)->state, LinkState::confirmed);

  // Reordered and saved again (as the API does, with what it read): decisions go with their
  // photo, and the first photo leads.
  Article reordered = *store->articles().find(saved.id);
  std::swap(reordered.photos[0], reordered.photos[2]);
  Article again = newsroom->save(Actor::of(editor), reordered);
  EXPECT_EQ(again.lead_media_id, photos[2]);
  EXPECT_EQ(find(again.photos[0], fanning)->state, LinkState::confirmed);
  EXPECT_EQ(find(again.photos[2], stewart)->state, LinkState::confirmed);
  // Whoever is in a photo is linked to the gallery, so the topic pages list it.
  bool linked = false;
  for (const auto& link : store->links().of_story(saved.id)) linked |= link.entity_id == fanning;
  EXPECT_TRUE(linked);
  // The confirmed photos are the person's.
  again.status = ArticleStatus::published;
  newsroom->save(Actor::of(editor), again);
  auto of_fanning = store->galleries().photos_of(fanning, "", 10);
  ASSERT_EQ(of_fanning.photos.size(), 1u);
  EXPECT_EQ(of_fanning.photos[0].number, 1);
}

TEST_F(GalleryTest, EachRuleRefusesWithItsCodeAndThePhotosField) {
  std::string field;
  // Photo 2 has no alt text of its own, and the library's is gone too.
  store->media().save([&] {
    auto m = *store->media().find(photos[1]);
    m.alt.clear();
    return m;
  }());
  Article without = gallery();
  without.slug = "without-alt";
  without.photos[1].alt.clear();
  without.status = ArticleStatus::published;
  EXPECT_EQ(refused_rule(without, &field), "photo_alt");
  EXPECT_EQ(field, "photos.2.alt");
  // A draft may lack alt text; it is asked for when the gallery goes out.
  without.status = ArticleStatus::draft;
  EXPECT_EQ(refused_rule(without), "");

  Article empty = gallery();
  empty.slug = "empty";
  empty.photos.clear();
  EXPECT_EQ(refused_rule(empty), "");  // a draft may start empty
  empty.status = ArticleStatus::published;
  EXPECT_EQ(refused_rule(empty, &field), "gallery_photos");

  Article unknown = gallery();
  unknown.slug = "unknown";
  unknown.photos[2].media_id = 9999;
  EXPECT_EQ(refused_rule(unknown, &field), "photo_media");
  EXPECT_EQ(field, "photos.3.media_id");

  Article twice = gallery();
  twice.slug = "twice";
  twice.photos[2].media_id = photos[0];
  EXPECT_EQ(refused_rule(twice, &field), "photo_repeated");
  EXPECT_EQ(field, "photos.3.media_id");

  Article not_a_person = gallery();
  not_a_person.slug = "not-a-person";
  not_a_person.photos[0].people = {{eclipse, LinkState::confirmed, 0}};
  EXPECT_EQ(refused_rule(not_a_person, &field), "photo_people");
  EXPECT_EQ(field, "photos.1.people");

  Article story;
  story.headline = "A story with photos";
  story.section = "movies";
  story.photos = {{photos[0], "", "", "", {}}};
  EXPECT_EQ(refused_rule(story, &field), "photos");

  Article embeds;
  embeds.headline = "A story that shows a gallery";
  embeds.section = "movies";
  embeds.body = "Words.\n\ngallery: no-such-gallery\n";
  EXPECT_EQ(refused_rule(embeds, &field), "gallery_embed");
  EXPECT_EQ(field, "body");
  Article real = newsroom->save(Actor::of(editor), gallery());
  embeds.body = "Words.\n\ngallery: " + real.slug + "\n";
  EXPECT_EQ(refused_rule(embeds), "");
}

}  // namespace
}  // namespace marquee::newsroom
