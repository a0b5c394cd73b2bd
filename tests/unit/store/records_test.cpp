// The small repositories: sections, users, media and settings.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

using Records = StoreTest;

TEST_F(Records, SectionsListByPositionAndUpdateInPlace) {
  Section music = store->sections().save({0, "music", "Music", 2});
  Section movies = store->sections().save({0, "movies", "Movies", 1});
  store->sections().save({0, "tv", "TV", 2});
  EXPECT_GT(music.id, 0);
  music.name = "Music News";
  music.position = 0;
  store->sections().save(music);
  reopen();
  auto all = store->sections().all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].slug, "music");
  EXPECT_EQ(all[0].name, "Music News");
  EXPECT_EQ(all[0].id, music.id);
  EXPECT_EQ(all[1].id, movies.id);
  EXPECT_EQ(all[2].slug, "tv");
}

TEST_F(Records, SectionSlugIsUniqueAndRequired) {
  Section movies = store->sections().save({0, "movies", "Movies", 1});
  EXPECT_THROW(store->sections().save({0, "movies", "Films", 2}), ConstraintError);
  EXPECT_THROW(store->sections().save({0, "", "Nameless", 3}), ConstraintError);
  Section tv = store->sections().save({0, "tv", "TV", 2});
  tv.slug = "movies";
  EXPECT_THROW(store->sections().save(tv), ConstraintError);
  EXPECT_EQ(store->sections().all().size(), 2u);
  EXPECT_EQ(store->sections().all()[0].id, movies.id);
}

TEST_F(Records, UsersRoundTripEveryRole) {
  const Role roles[] = {Role::contributor, Role::writer, Role::editor, Role::admin};
  int n = 0;
  for (Role role : roles) {
    User u;
    u.email = "person" + std::to_string(n) + "@example.com";
    u.display_name = "Person " + std::to_string(n);
    u.slug = "person-" + std::to_string(n);
    u.bio = "Covers film festivals.";
    u.role = role;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    User saved = store->users().save(u);
    ++n;
    for (const auto& got : {store->users().find(saved.id), store->users().find_by_slug(u.slug),
                            store->users().find_by_email(u.email)}) {
      ASSERT_TRUE(got) << u.email;
      EXPECT_EQ(got->id, saved.id);
      EXPECT_EQ(got->email, u.email);
      EXPECT_EQ(got->display_name, u.display_name);
      EXPECT_EQ(got->slug, u.slug);
      EXPECT_EQ(got->bio, u.bio);
      EXPECT_EQ(got->role, role);
      EXPECT_EQ(got->password_hash, u.password_hash);
    }
  }
  EXPECT_EQ(store->users().all().size(), 4u);
  // Several at once, as each alone; ids named twice or of nobody add nothing.
  std::vector<Id> ids;
  for (const auto& u : store->users().all()) ids.push_back(u.id);
  ids.push_back(ids.front());
  ids.push_back(777777);
  auto many = store->users().find_many(ids);
  ASSERT_EQ(many.size(), 4u);
  for (const auto& got : many) {
    auto alone = store->users().find(got.id);
    ASSERT_TRUE(alone);
    EXPECT_EQ(got.display_name, alone->display_name);
    EXPECT_EQ(got.slug, alone->slug);
    EXPECT_EQ(got.role, alone->role);
  }
  EXPECT_TRUE(store->users().find_many({}).empty());
}

TEST_F(Records, EmailLookupIgnoresCaseAndEmptyFindsNobody) {
  make_user("Ada", "Ada.Reporter@Example.com");
  EXPECT_TRUE(store->users().find_by_email("ada.reporter@example.com"));
  EXPECT_TRUE(store->users().find_by_email("ADA.REPORTER@EXAMPLE.COM"));
  EXPECT_FALSE(store->users().find_by_email("ada@example.com"));
  EXPECT_FALSE(store->users().find_by_email(""));
  EXPECT_FALSE(store->users().find_by_slug(""));
  EXPECT_FALSE(store->users().find(777));
}

TEST_F(Records, BylinesWithoutLoginsMayShareAnEmptyEmail) {
  User a = make_user("Staff");
  User b = make_user("Wire Service");
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(store->users().find(a.id)->email, "");
  auto all = store->users().all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].display_name, "Staff");  // by name
}

TEST_F(Records, TakenEmailOrSlugIsAConstraintError) {
  User ada = make_user("Ada", "ada@example.com");
  EXPECT_THROW(make_user("Other Ada", "ADA@example.com"), ConstraintError);
  User ben = make_user("Ben", "ben@example.com");
  ben.email = "ada@example.com";
  EXPECT_THROW(store->users().save(ben), ConstraintError);
  ada.slug = "ada";
  store->users().save(ada);
  ben.email = "ben@example.com";
  ben.slug = "ada";
  EXPECT_THROW(store->users().save(ben), ConstraintError);
  User nameless;
  EXPECT_THROW(store->users().save(nameless), ConstraintError);
  // Re-saving a user with its own email is not a clash.
  EXPECT_NO_THROW(store->users().save(ada));
  EXPECT_EQ(store->users().find(ben.id)->email, "ben@example.com");
}

TEST_F(Records, MediaRoundTripsAndKeepsItsCreationTime) {
  Media clip;
  clip.kind = MediaKind::video;
  clip.file = "3f9a.mp4";
  clip.mime = "video/mp4";
  clip.width = 1280;
  clip.height = 720;
  clip.duration_seconds = 94.5;
  clip.caption = "Stewart and Fanning on stage.";
  clip.credit = "Studio handout";
  clip.alt = "Two singers under red lights";
  clip.poster = "3f9a-poster.jpg";
  Media saved = store->media().save(clip);
  EXPECT_GT(saved.id, 0);
  EXPECT_NE(saved.created_at, Time{});

  auto got = store->media().find(saved.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->kind, MediaKind::video);
  EXPECT_EQ(got->file, clip.file);
  EXPECT_EQ(got->mime, clip.mime);
  EXPECT_EQ(got->width, 1280);
  EXPECT_EQ(got->height, 720);
  EXPECT_DOUBLE_EQ(got->duration_seconds, 94.5);
  EXPECT_EQ(got->caption, clip.caption);
  EXPECT_EQ(got->credit, clip.credit);
  EXPECT_EQ(got->alt, clip.alt);
  EXPECT_EQ(got->poster, clip.poster);
  EXPECT_EQ(got->created_at, saved.created_at);

  Media edit = *got;
  edit.caption = "New caption";
  edit.created_at = at(5);
  store->media().save(edit);
  EXPECT_EQ(store->media().find(saved.id)->caption, "New caption");
  EXPECT_EQ(store->media().find(saved.id)->created_at, saved.created_at);
  EXPECT_FALSE(store->media().find(saved.id + 1));
}

TEST_F(Records, MediaNeedsAFile) {
  EXPECT_THROW(store->media().save(Media{}), ConstraintError);
}

TEST_F(Records, SettingsAreKeyValuePairs) {
  EXPECT_FALSE(store->settings().get("site.title"));
  store->settings().set("site.title", "Marquee");
  store->settings().set("site.zone", "America/New_York");
  store->settings().set("site.title", "Marquee Daily");
  store->settings().set("empty", "");
  reopen();
  EXPECT_EQ(store->settings().get("site.title"), "Marquee Daily");
  EXPECT_EQ(store->settings().get("site.zone"), "America/New_York");
  EXPECT_EQ(store->settings().get("empty"), "");
  EXPECT_THROW(store->settings().set("", "x"), ConstraintError);
}

TEST_F(Records, TextKeepsEveryByte) {
  // Non-ASCII, quotes, an embedded NUL: stored and read back exactly.
  const std::string tricky =
      std::string("Beyoncé “Halo” 🎤 'x'; DROP TABLE users; --") + '\0' + "tail";
  store->settings().set("tricky", tricky);
  EXPECT_EQ(store->settings().get("tricky"), tricky);
  Article a = draft("tricky", tricky);
  a.body = tricky;
  Id id = store->articles().save(a, 0).id;
  EXPECT_EQ(store->articles().find(id)->body, tricky);
  EXPECT_EQ(store->articles().revisions(id)[0].article.headline, tricky);
}

}  // namespace
}  // namespace marquee::testing
