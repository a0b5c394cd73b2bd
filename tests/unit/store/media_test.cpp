// The media library: every field round trip (renditions in order), the newest-first list with
// its kind filter and paging, deleting an item that stories use, and rows a build cannot read.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "store/errors.h"
#include "store/sqlite/database.h"
#include "store_fixture.h"

namespace marquee::testing {
namespace {

class MediaLibrary : public StoreTest {
 protected:
  Media photo(const std::string& file, std::int64_t created) {
    Media m;
    m.kind = MediaKind::image;
    m.file = file;
    m.mime = "image/jpeg";
    m.created_at = at(created);
    return store->media().save(m);
  }
  Media clip(const std::string& file, std::int64_t created) {
    Media m;
    m.kind = MediaKind::video;
    m.file = file;
    m.mime = "video/mp4";
    m.created_at = at(created);
    return store->media().save(m);
  }
  std::vector<std::string> files(std::optional<MediaKind> kind, int limit, int offset) {
    std::vector<std::string> out;
    for (const auto& m : store->media().list(kind, limit, offset)) out.push_back(m.file);
    return out;
  }
};

using Files = std::vector<std::string>;

TEST_F(MediaLibrary, EveryFieldRoundTripsWithRenditionsInOrder) {
  User ada = make_user("Ada");
  Media m;
  m.kind = MediaKind::video;
  m.file = "9c1e.mp4";
  m.mime = "video/mp4";
  m.width = 1920;
  m.height = 1080;
  m.duration_seconds = 131.25;
  m.caption = "The cast on the red carpet.";
  m.credit = "Marquee / Staff";
  m.alt = "Actors waving to fans";
  m.poster = "9c1e-poster.jpg";
  m.video_codec = "h264";
  m.audio_codec = "aac";
  m.bytes = 48'123'456'789;  // past 32 bits
  m.renditions = {{1280, 720, "image/webp", "9c1e-1280.webp"},
                  {640, 360, "image/jpeg", "9c1e-640.jpg"},
                  {320, 180, "image/webp", "9c1e \"odd\" name.webp"}};
  m.uploaded_by = ada.id;
  Media saved = store->media().save(m);
  reopen();
  auto got = store->media().find(saved.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->video_codec, "h264");
  EXPECT_EQ(got->audio_codec, "aac");
  EXPECT_EQ(got->bytes, 48'123'456'789);
  EXPECT_EQ(got->uploaded_by, ada.id);
  EXPECT_EQ(got->poster, "9c1e-poster.jpg");
  EXPECT_DOUBLE_EQ(got->duration_seconds, 131.25);
  ASSERT_EQ(got->renditions.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got->renditions[i].width, m.renditions[i].width) << i;
    EXPECT_EQ(got->renditions[i].height, m.renditions[i].height) << i;
    EXPECT_EQ(got->renditions[i].mime, m.renditions[i].mime) << i;
    EXPECT_EQ(got->renditions[i].file, m.renditions[i].file) << i;
  }

  // An edit replaces the renditions and the details; none is a valid state too.
  Media edit = *got;
  edit.renditions = {{100, 56, "image/jpeg", "9c1e-100.jpg"}};
  edit.audio_codec = "";
  edit.uploaded_by = 0;
  store->media().save(edit);
  got = store->media().find(saved.id);
  ASSERT_EQ(got->renditions.size(), 1u);
  EXPECT_EQ(got->renditions[0].file, "9c1e-100.jpg");
  EXPECT_EQ(got->audio_codec, "");
  EXPECT_EQ(got->uploaded_by, 0);
  edit.renditions.clear();
  store->media().save(edit);
  EXPECT_TRUE(store->media().find(saved.id)->renditions.empty());
}

TEST_F(MediaLibrary, BadItemsAreRefused) {
  Media m;
  m.file = "x.jpg";
  struct Case {
    const char* name;
    std::function<void(Media&)> spoil;
  };
  const Case cases[] = {
      {"no file", [](Media& x) { x.file.clear(); }},
      {"negative size", [](Media& x) { x.bytes = -1; }},
      {"rendition without a file",
       [](Media& x) {
         x.renditions = {{10, 10, "image/jpeg", ""}};
       }},
      {"unknown uploader", [](Media& x) { x.uploaded_by = 4242; }},
  };
  for (const Case& c : cases) {
    Media bad = m;
    c.spoil(bad);
    EXPECT_THROW(store->media().save(bad), ConstraintError) << c.name;
  }
  EXPECT_TRUE(store->media().list(std::nullopt, 10, 0).empty());
}

TEST_F(MediaLibrary, ListsNewestFirstByKindAndPage) {
  photo("p1.jpg", 100);
  clip("v1.mp4", 200);
  photo("p2.jpg", 300);
  photo("p3.jpg", 300);  // same second: the later row first
  clip("v2.mp4", 400);
  struct Case {
    const char* name;
    std::optional<MediaKind> kind;
    int limit;
    int offset;
    Files want;
  };
  const Case cases[] = {
      {"all", std::nullopt, 10, 0, {"v2.mp4", "p3.jpg", "p2.jpg", "v1.mp4", "p1.jpg"}},
      {"photos", MediaKind::image, 10, 0, {"p3.jpg", "p2.jpg", "p1.jpg"}},
      {"clips", MediaKind::video, 10, 0, {"v2.mp4", "v1.mp4"}},
      {"first page", std::nullopt, 2, 0, {"v2.mp4", "p3.jpg"}},
      {"second page", std::nullopt, 2, 2, {"p2.jpg", "v1.mp4"}},
      {"past the end", std::nullopt, 2, 10, {}},
      {"no limit", std::nullopt, 0, 0, {}},
      {"negative offset", MediaKind::video, 1, -5, {"v2.mp4"}},
  };
  for (const Case& c : cases) EXPECT_EQ(files(c.kind, c.limit, c.offset), c.want) << c.name;
}

TEST_F(MediaLibrary, DeletingAnItemClearsItFromStoriesWithoutANewVersion) {
  Media lead = photo("lead.jpg", 100);
  Media video = clip("clip.mp4", 100);
  Media other = photo("other.jpg", 100);
  Article both = draft("both");
  both.lead_media_id = lead.id;
  both.clip_media_id = video.id;
  both = store->articles().save(both, 0);
  Article elsewhere = draft("elsewhere");
  elsewhere.lead_media_id = other.id;
  elsewhere.clip_media_id = lead.id;
  elsewhere = store->articles().save(elsewhere, 0);

  store->media().remove(lead.id);
  EXPECT_FALSE(store->media().find(lead.id));
  auto a = store->articles().find(both.id);
  EXPECT_FALSE(a->lead_media_id);
  EXPECT_EQ(a->clip_media_id, video.id);
  EXPECT_EQ(a->version, both.version);
  EXPECT_EQ(store->articles().revisions(both.id).size(), 1u);
  auto b = store->articles().find(elsewhere.id);
  EXPECT_EQ(b->lead_media_id, other.id);
  EXPECT_FALSE(b->clip_media_id);

  // The editor's next save goes through: the version did not move under them.
  a->headline = "Edited after the photo went";
  EXPECT_EQ(store->articles().save(*a, 0).version, both.version + 1);
  EXPECT_NO_THROW(store->media().remove(lead.id));  // gone already
  EXPECT_EQ(store->media().list(std::nullopt, 10, 0).size(), 2u);
}

TEST_F(MediaLibrary, CaptionTracksAreSetReplacedRemovedAndGoWithTheClip) {
  Media video = clip("clip.mp4", 100);
  Media still = photo("still.jpg", 100);
  EXPECT_FALSE(store->media().set_captions(video.id, {"en", "English", "a.vtt"}));
  EXPECT_FALSE(store->media().set_captions(video.id, {"es", "Español", "b.vtt"}));
  auto found = store->media().find(video.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->captions,
            (std::vector<CaptionTrack>{{"en", "English", "a.vtt"}, {"es", "Español", "b.vtt"}}));
  // The same language replaces the track and says which file it had.
  EXPECT_EQ(store->media().set_captions(video.id, {"en", "English (CC)", "c.vtt"}), "a.vtt");
  EXPECT_EQ(store->media().find(video.id)->captions.front(),
            (CaptionTrack{"en", "English (CC)", "c.vtt"}));
  // A save of the item's words keeps its captions.
  found->caption = "New words";
  EXPECT_EQ(store->media().save(*found).captions.size(), 2u);
  EXPECT_EQ(store->media().find(video.id)->captions.size(), 2u);
  // Lists carry them too; photos have none.
  for (const auto& m : store->media().list(std::nullopt, 10, 0)) {
    EXPECT_EQ(m.captions.size(), m.kind == MediaKind::video ? 2u : 0u) << m.file;
  }
  EXPECT_THROW(store->media().set_captions(still.id, {"en", "English", "x.vtt"}), ConstraintError);
  EXPECT_THROW(store->media().set_captions(9999, {"en", "English", "x.vtt"}), ConstraintError);
  EXPECT_THROW(store->media().set_captions(video.id, {"", "English", "x.vtt"}), ConstraintError);
  EXPECT_EQ(store->media().remove_captions(video.id, "es"), "b.vtt");
  EXPECT_FALSE(store->media().remove_captions(video.id, "es"));
  store->media().remove(video.id);
  EXPECT_FALSE(store->media().remove_captions(video.id, "en")) << "gone with the clip";
}

TEST_F(MediaLibrary, StoriesThatShowAClipAreListed) {
  Media video = clip("clip.mp4", 100);
  std::vector<Id> showing;
  for (int i = 0; i < 3; ++i) {
    Article a = draft("shows-" + std::to_string(i));
    a.clip_media_id = i < 2 ? std::optional<Id>(video.id) : std::nullopt;
    a.status = ArticleStatus::published;
    a.publish_at = at(1000 + i);
    a = store->articles().save(a, 0);
    if (i < 2) showing.insert(showing.begin(), a.id);  // newest first
  }
  ArticleQuery q;
  q.clip_media_id = video.id;
  std::vector<Id> listed;
  for (const auto& s : store->articles().list(q)) listed.push_back(s.id);
  EXPECT_EQ(listed, showing);
}

// Written around the store, on the SQLite file itself.
TEST(MediaRows, UnreadableRenditionsAreAStoreError) {
  TempDir dir;
  auto store = open_store(dir.path().string());
  Media m;
  m.file = "broken.jpg";
  m = store->media().save(m);
  {
    sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
    db.exec("UPDATE media SET renditions = '{\"not\": \"a list\"}'");
  }
  EXPECT_THROW(store->media().find(m.id), StoreError);
  {
    sqlite::Database db(dir.path() / "marquee.db", sqlite::Database::Mode::read_write);
    db.exec("UPDATE media SET renditions = '[{\"width\": \"wide\"}]'");
  }
  EXPECT_THROW(store->media().list(std::nullopt, 10, 0), StoreError);
}

// A focal point is kept with the photo (0..1 across and down, the centre by default); one
// outside the photo is refused.
TEST_F(MediaLibrary, FocalPointIsStoredAndChecked) {
  Media m = photo("focus.jpg", 100);
  EXPECT_DOUBLE_EQ(store->media().find(m.id)->focus_x, 0.5);
  EXPECT_DOUBLE_EQ(store->media().find(m.id)->focus_y, 0.5);
  m.focus_x = 0.25;
  m.focus_y = 1.0;
  store->media().save(m);
  EXPECT_DOUBLE_EQ(store->media().find(m.id)->focus_x, 0.25);
  EXPECT_DOUBLE_EQ(store->media().find(m.id)->focus_y, 1.0);
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    Media wrong = m;
    wrong.focus_x = bad;
    EXPECT_THROW(store->media().save(wrong), ConstraintError);
  }
  EXPECT_DOUBLE_EQ(store->media().find(m.id)->focus_x, 0.25);
}

// The picker's search: every word in the caption, alt text, credit or file name, any case; % and
// _ are only characters.
TEST_F(MediaLibrary, SearchFindsEveryWordInTheWords) {
  Media a = photo("a.jpg", 100);
  a.caption = "Kristen Stewart at Sundance";
  a.alt = "A woman in a red coat";
  store->media().save(a);
  Media b = photo("b.jpg", 200);
  b.caption = "Snow on Main Street";
  b.credit = "Sundance Institute";
  store->media().save(b);
  photo("c_100%.jpg", 300);
  clip("sundance.mp4", 400);
  auto files = [&](const std::string& words) {
    std::vector<std::string> out;
    for (const auto& m : store->media().search(MediaKind::image, words, 10)) out.push_back(m.file);
    return out;
  };
  EXPECT_EQ(files("sundance"), (std::vector<std::string>{"b.jpg", "a.jpg"}));
  EXPECT_EQ(files("SUNDANCE red"), (std::vector<std::string>{"a.jpg"}));
  EXPECT_EQ(files("institute  snow"), (std::vector<std::string>{"b.jpg"}));
  EXPECT_EQ(files("100%"), (std::vector<std::string>{"c_100%.jpg"}));
  EXPECT_EQ(files("_"), (std::vector<std::string>{"c_100%.jpg"}));
  EXPECT_EQ(files(""), (std::vector<std::string>{"c_100%.jpg", "b.jpg", "a.jpg"}));
  EXPECT_TRUE(files("nowhere").empty());
  EXPECT_TRUE(store->media().search(MediaKind::image, "sundance", 0).empty());
}

}  // namespace
}  // namespace marquee::testing

namespace marquee::testing {
namespace {

// Crop windows round trip; crop renditions are the renderer's: an edit from an old read keeps
// the stored ones, and a renderer's update made for an old focal point is refused.
TEST_F(MediaLibrary, CropWindowsAndCropRenditions) {
  Media m = photo("crops.jpg", 100);
  m.renditions = {{320, 200, "image/jpeg", "crops-320.jpg", ""}};
  m.crops["16:9"] = CropRect{0.1, 0.2, 0.5, 0.25};
  m = store->media().save(m);
  const Media read_before = *store->media().find(m.id);
  EXPECT_EQ(read_before.crops.at("16:9"), (CropRect{0.1, 0.2, 0.5, 0.25}));

  const std::vector<Rendition> crops = {
      {640, 360, "image/avif", "crops-16x9-640-00000000.avif", "16:9"}};
  EXPECT_TRUE(store->media().replace_crop_renditions(read_before, crops));
  Media stale = read_before;  // read before the crops arrived
  stale.caption = "Edited";
  store->media().save(stale);
  const Media now = *store->media().find(m.id);
  EXPECT_EQ(now.caption, "Edited");
  ASSERT_EQ(now.renditions.size(), 2u);
  EXPECT_EQ(now.renditions[1].crop, "16:9");
  EXPECT_EQ(now.renditions[1].file, "crops-16x9-640-00000000.avif");

  Media moved = now;
  moved.focus_x = 0.9;
  store->media().save(moved);
  EXPECT_FALSE(store->media().replace_crop_renditions(now, {}));  // made for the old point
  EXPECT_EQ(store->media().find(m.id)->renditions.size(), 2u);
  EXPECT_TRUE(store->media().replace_crop_renditions(*store->media().find(m.id), {}));
  EXPECT_EQ(store->media().find(m.id)->renditions.size(), 1u);

  for (const CropRect bad :
       {CropRect{0.6, 0, 0.5, 0.5}, CropRect{0, 0, 0, 0.5}, CropRect{-0.1, 0, 0.5, 0.5}}) {
    Media wrong = now;
    wrong.crops["1:1"] = bad;
    EXPECT_THROW(store->media().save(wrong), ConstraintError);
  }
  EXPECT_EQ(store->media().find_by_file("crops.jpg")->id, m.id);
  EXPECT_FALSE(store->media().find_by_file("nothing.jpg"));
}

// An entity's photo is kept with it, must be in the library, and goes when the photo goes.
TEST_F(MediaLibrary, EntityPhotoIsKeptAndClearedWithThePhoto) {
  Media m = photo("headshot.jpg", 100);
  Entity e;
  e.kind = EntityKind::person;
  e.name = "Mara Quinlan";
  e.slug = "mara-quinlan";
  e.image_media_id = m.id;
  e = store->graph().save_entity(e);
  EXPECT_EQ(store->graph().entity(e.id)->image_media_id, m.id);
  Entity missing = e;
  missing.image_media_id = m.id + 1000;
  EXPECT_THROW(store->graph().save_entity(missing), ConstraintError);
  store->media().remove(m.id);
  EXPECT_FALSE(store->graph().entity(e.id)->image_media_id);
}

}  // namespace
}  // namespace marquee::testing
