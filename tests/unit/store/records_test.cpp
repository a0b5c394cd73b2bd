// The small repositories: sections, users, media and settings.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace marquee::testing {
namespace {

using Records = StoreTest;

TEST_F(Records, SectionsListByPositionAndUpdateInPlace) {
  Section music = store->save_section({0, "music", "Music", 2});
  Section movies = store->save_section({0, "movies", "Movies", 1});
  store->save_section({0, "tv", "TV", 2});
  EXPECT_GT(music.id, 0);
  music.name = "Music News";
  music.position = 0;
  store->save_section(music);
  reopen();
  auto all = store->sections();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].slug, "music");
  EXPECT_EQ(all[0].name, "Music News");
  EXPECT_EQ(all[0].id, music.id);
  EXPECT_EQ(all[1].id, movies.id);
  EXPECT_EQ(all[2].slug, "tv");
}

TEST_F(Records, SectionSlugIsUniqueAndRequired) {
  Section movies = store->save_section({0, "movies", "Movies", 1});
  EXPECT_THROW(store->save_section({0, "movies", "Films", 2}), ConstraintError);
  EXPECT_THROW(store->save_section({0, "", "Nameless", 3}), ConstraintError);
  Section tv = store->save_section({0, "tv", "TV", 2});
  tv.slug = "movies";
  EXPECT_THROW(store->save_section(tv), ConstraintError);
  EXPECT_EQ(store->sections().size(), 2u);
  EXPECT_EQ(store->sections()[0].id, movies.id);
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
    User saved = store->save_user(u);
    ++n;
    for (const auto& got :
         {store->user(saved.id), store->user_by_slug(u.slug), store->user_by_email(u.email)}) {
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
  EXPECT_EQ(store->users().size(), 4u);
}

TEST_F(Records, EmailLookupIgnoresCaseAndEmptyFindsNobody) {
  make_user("Ada", "Ada.Reporter@Example.com");
  EXPECT_TRUE(store->user_by_email("ada.reporter@example.com"));
  EXPECT_TRUE(store->user_by_email("ADA.REPORTER@EXAMPLE.COM"));
  EXPECT_FALSE(store->user_by_email("ada@example.com"));
  EXPECT_FALSE(store->user_by_email(""));
  EXPECT_FALSE(store->user_by_slug(""));
  EXPECT_FALSE(store->user(777));
}

TEST_F(Records, BylinesWithoutLoginsMayShareAnEmptyEmail) {
  User a = make_user("Staff");
  User b = make_user("Wire Service");
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(store->user(a.id)->email, "");
  auto all = store->users();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].display_name, "Staff");  // by name
}

TEST_F(Records, TakenEmailOrSlugIsAConstraintError) {
  User ada = make_user("Ada", "ada@example.com");
  EXPECT_THROW(make_user("Other Ada", "ADA@example.com"), ConstraintError);
  User ben = make_user("Ben", "ben@example.com");
  ben.email = "ada@example.com";
  EXPECT_THROW(store->save_user(ben), ConstraintError);
  ada.slug = "ada";
  store->save_user(ada);
  ben.email = "ben@example.com";
  ben.slug = "ada";
  EXPECT_THROW(store->save_user(ben), ConstraintError);
  User nameless;
  EXPECT_THROW(store->save_user(nameless), ConstraintError);
  // Re-saving a user with its own email is not a clash.
  EXPECT_NO_THROW(store->save_user(ada));
  EXPECT_EQ(store->user(ben.id)->email, "ben@example.com");
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
  Media saved = store->save_media(clip);
  EXPECT_GT(saved.id, 0);
  EXPECT_NE(saved.created_at, Time{});

  auto got = store->media(saved.id);
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
  store->save_media(edit);
  EXPECT_EQ(store->media(saved.id)->caption, "New caption");
  EXPECT_EQ(store->media(saved.id)->created_at, saved.created_at);
  EXPECT_FALSE(store->media(saved.id + 1));
}

TEST_F(Records, MediaNeedsAFile) {
  EXPECT_THROW(store->save_media(Media{}), ConstraintError);
}

TEST_F(Records, SettingsAreKeyValuePairs) {
  EXPECT_FALSE(store->setting("site.title"));
  store->set_setting("site.title", "Marquee");
  store->set_setting("site.zone", "America/New_York");
  store->set_setting("site.title", "Marquee Daily");
  store->set_setting("empty", "");
  reopen();
  EXPECT_EQ(store->setting("site.title"), "Marquee Daily");
  EXPECT_EQ(store->setting("site.zone"), "America/New_York");
  EXPECT_EQ(store->setting("empty"), "");
  EXPECT_THROW(store->set_setting("", "x"), ConstraintError);
}

TEST_F(Records, TextKeepsEveryByte) {
  // Non-ASCII, quotes, an embedded NUL: stored and read back exactly.
  const std::string tricky =
      std::string("Beyoncé “Halo” 🎤 'x'; DROP TABLE users; --") + '\0' + "tail";
  store->set_setting("tricky", tricky);
  EXPECT_EQ(store->setting("tricky"), tricky);
  Article a = draft("tricky", tricky);
  a.body = tricky;
  Id id = store->save_article(a, 0).id;
  EXPECT_EQ(store->article(id)->body, tricky);
  EXPECT_EQ(store->revisions(id)[0].article.headline, tricky);
}

}  // namespace
}  // namespace marquee::testing
