// Tests of the newsroom's media library: uploads recorded with their renditions, refusals and
// failures that leave no file and no record, detail edits, deletion, and the publish rule.
#include "admin/media_library.h"

#include <future>

#include <gtest/gtest.h>

#include "../media/media_test_support.h"
#include "admin/crop_renderer.h"

namespace marquee::admin {
namespace {

using media::testing::data_file;
using media::testing::half_white;
using media::testing::noise;
using media::testing::read_file;
using media::testing::save_to_memory;
using media::testing::ScratchFolder;

class MediaLibraryTest : public ::testing::Test {
 protected:
  MediaLibraryTest()
      : store_(open_store((scratch_.path() / "db").string())),
        files_(scratch_.path() / "media", options()),
        library_(*store_, files_) {}

  static media::MediaOptions options() {
    media::MediaOptions o;
    o.max_image_bytes = 200 * 1024;
    o.rendition_widths = {160, 320};
    return o;
  }

  // Files in the media folder, hidden temporaries included.
  std::set<std::string> media_files() const {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(scratch_.path() / "media")) {
      names.insert(e.path().filename().string());
    }
    return names;
  }

  Media upload_photo(const MediaDetails& details = {"A caption", "A credit", "Alt"}) {
    auto outcome = library_.upload(save_to_memory(half_white(400, 300), ".png"), details, 0);
    EXPECT_TRUE(std::holds_alternative<Media>(outcome));
    return std::get<Media>(outcome);
  }

  ScratchFolder scratch_;
  std::unique_ptr<Store> store_;
  media::MediaStore files_;
  MediaLibrary library_;
};

TEST_F(MediaLibraryTest, PhotoIsRecordedWithItsRenditions) {
  auto outcome = library_.upload(save_to_memory(half_white(400, 300), ".png"),
                                 {"  Kristen Stewart on set \n", "Studio photo", "An actor"}, 0);
  ASSERT_TRUE(std::holds_alternative<Media>(outcome));
  const Media& photo = std::get<Media>(outcome);
  EXPECT_GT(photo.id, 0);
  EXPECT_EQ(photo.kind, MediaKind::image);
  EXPECT_EQ(photo.mime, "image/png");
  EXPECT_EQ(photo.caption, "Kristen Stewart on set");  // trimmed
  EXPECT_EQ(photo.width, 400);
  EXPECT_GT(photo.bytes, 0);
  // 160 and 320 wide, JPEG and WebP each.
  EXPECT_EQ(photo.renditions.size(), 4u);

  auto stored = library_.find(photo.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->renditions.size(), photo.renditions.size());
  EXPECT_EQ(stored->alt, "An actor");
  for (const auto& name : files_of(*stored)) EXPECT_TRUE(files_.path_of(name)) << name;
  EXPECT_EQ(media_files().size(), 5u);  // the original and four renditions
}

TEST_F(MediaLibraryTest, ClipIsRecordedWithPosterDurationAndCodecs) {
  auto outcome = library_.upload(read_file(data_file("clip-h264-aac.mp4")), {"A clip", "", ""}, 0);
  ASSERT_TRUE(std::holds_alternative<Media>(outcome));
  const Media& clip = std::get<Media>(outcome);
  EXPECT_EQ(clip.kind, MediaKind::video);
  EXPECT_EQ(clip.mime, "video/mp4");
  EXPECT_NEAR(clip.duration_seconds, 2.0, 0.2);
  EXPECT_EQ(clip.video_codec, "h264");
  EXPECT_EQ(clip.audio_codec, "aac");
  EXPECT_FALSE(clip.poster.empty());
  EXPECT_TRUE(files_.path_of(clip.poster));
}

struct BadUpload {
  const char* name;
  std::string bytes;
  MediaDetails details;
  int status;
  const char* field;
};

TEST_F(MediaLibraryTest, RefusalsLeaveNoFileAndNoRecord) {
  const std::string jpeg = save_to_memory(noise(200, 200), ".jpg[Q=95]");
  const std::string mp4 = read_file(data_file("clip-h264-aac.mp4"));
  const BadUpload cases[] = {
      {"plain text", "This is not a picture at all, only words.", {}, 415, "file"},
      {"html named like a photo", "<!doctype html><script>alert(1)</script>", {}, 415, "file"},
      {"gif", "GIF89a\x01\x00\x01\x00\x00\x00\x00;", {}, 415, "file"},
      {"truncated jpeg", jpeg.substr(0, jpeg.size() / 2), {}, 422, "file"},
      {"truncated mp4", mp4.substr(0, mp4.size() / 2), {}, 422, "file"},
      {"clip without video", read_file(data_file("audio-only.mp4")), {}, 422, "file"},
      {"over the photo limit", save_to_memory(noise(400, 400), ".png"), {}, 413, "file"},
      {"nothing", "", {}, 400, "file"},
      {"caption too long", jpeg, {std::string(kMaxCaptionBytes + 1, 'c'), "", ""}, 400, "caption"},
      {"credit too long", jpeg, {"", std::string(kMaxCreditBytes + 1, 'c'), ""}, 400, "credit"},
      {"alt too long", jpeg, {"", "", std::string(kMaxAltBytes + 1, 'a')}, 400, "alt"},
      {"control character", jpeg, {"bell\a", "", ""}, 400, "caption"},
      {"invalid UTF-8", jpeg, {"", "", "caf\xe9"}, 400, "alt"},
  };
  for (const auto& c : cases) {
    auto outcome = library_.upload(c.bytes, c.details, 0);
    ASSERT_TRUE(std::holds_alternative<MediaProblem>(outcome)) << c.name;
    const auto& problem = std::get<MediaProblem>(outcome);
    EXPECT_EQ(problem.status, c.status) << c.name;
    EXPECT_EQ(problem.field, c.field) << c.name;
    EXPECT_FALSE(problem.message.empty()) << c.name;
    EXPECT_TRUE(media_files().empty()) << c.name;
  }
  EXPECT_TRUE(library_.list(std::nullopt, 10, 0).empty());
}

TEST_F(MediaLibraryTest, StoreFailureAfterTheFilesTakesThemAway) {
  // No user 999: the record breaks a foreign key after the files were made.
  EXPECT_THROW(library_.upload(save_to_memory(half_white(200, 100), ".png"), {}, 999),
               ConstraintError);
  EXPECT_TRUE(media_files().empty());
}

TEST_F(MediaLibraryTest, PngWithAClipsNameIsAPhoto) {
  // The library never sees a file name; content decides.
  auto outcome = library_.upload(save_to_memory(half_white(64, 64), ".png"), {}, 0);
  ASSERT_TRUE(std::holds_alternative<Media>(outcome));
  EXPECT_EQ(std::get<Media>(outcome).kind, MediaKind::image);
  EXPECT_TRUE(std::get<Media>(outcome).file.ends_with(".png"));
}

TEST_F(MediaLibraryTest, DetailsAreEditedAndChecked) {
  const Media photo = upload_photo({"", "", ""});
  auto saved = library_.update(photo.id, {"New caption", " Desk ", "A red door"});
  ASSERT_TRUE(saved);
  ASSERT_TRUE(std::holds_alternative<Media>(*saved));
  EXPECT_EQ(library_.find(photo.id)->credit, "Desk");
  EXPECT_EQ(library_.find(photo.id)->alt, "A red door");

  auto refused = library_.update(photo.id, {"", "", std::string(kMaxAltBytes + 1, 'a')});
  ASSERT_TRUE(refused);
  ASSERT_TRUE(std::holds_alternative<MediaProblem>(*refused));
  EXPECT_EQ(std::get<MediaProblem>(*refused).field, "alt");
  EXPECT_EQ(library_.find(photo.id)->alt, "A red door");  // unchanged

  EXPECT_FALSE(library_.update(photo.id + 100, {"x", "y", "z"}));
}

TEST_F(MediaLibraryTest, ListIsNewestFirstAndFiltersByKind) {
  const Media a = upload_photo();
  const Media b = upload_photo();
  auto clip = library_.upload(read_file(data_file("clip-vp9.webm")), {}, 0);
  ASSERT_TRUE(std::holds_alternative<Media>(clip));
  auto all = library_.list(std::nullopt, 10, 0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, std::get<Media>(clip).id);
  auto photos = library_.list(MediaKind::image, 10, 0);
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[0].id, b.id);
  EXPECT_EQ(photos[1].id, a.id);
  EXPECT_EQ(library_.list(MediaKind::image, 1, 1).at(0).id, a.id);
}

TEST_F(MediaLibraryTest, RemoveDeletesRecordAndFilesButNotOthers) {
  const Media keep = upload_photo();
  const Media gone = upload_photo();
  const auto before = media_files();
  ASSERT_TRUE(library_.remove(gone.id));
  EXPECT_FALSE(library_.find(gone.id));
  for (const auto& name : files_of(gone)) EXPECT_FALSE(files_.path_of(name)) << name;
  for (const auto& name : files_of(keep)) EXPECT_TRUE(files_.path_of(name)) << name;
  EXPECT_EQ(media_files().size(), before.size() - files_of(gone).size());
  EXPECT_FALSE(library_.remove(gone.id));
}

TEST_F(MediaLibraryTest, SaysHowManyPhotosWaitForTheirCrops) {
  EXPECT_EQ(library_.crops_pending(), 0u) << "no renderer: nothing waits";
  const Media first = upload_photo();
  const Media second = upload_photo();
  ASSERT_FALSE(crops_current(first, files_.options()));

  // The first photo's crops are held on the renderer's thread until the count has been read.
  std::promise<void> first_done;
  std::promise<void> go_on;
  std::shared_future<void> release = go_on.get_future().share();
  int done = 0;
  CropRenderer renderer(*store_, files_, [&](Id) {
    if (++done == 1) {
      first_done.set_value();
      release.wait();
    }
  });
  library_.set_crop_renderer(&renderer);
  EXPECT_EQ(library_.crops_pending(), 0u) << "not started: nothing is being made";
  renderer.start();
  first_done.get_future().wait();
  EXPECT_EQ(library_.crops_pending(), 2u) << "one being made, one queued";
  go_on.set_value();
  renderer.wait_idle();
  EXPECT_EQ(library_.crops_pending(), 0u);
  EXPECT_EQ(done, 2);
  EXPECT_TRUE(crops_current(*library_.find(first.id), files_.options()));
  EXPECT_TRUE(crops_current(*library_.find(second.id), files_.options()));
  library_.set_crop_renderer(nullptr);
}

TEST(MediaFiles, AnItemOwnsOnlyFilesWithItsStem) {
  Media clip;
  clip.file = "0123456789abcdef0123456789abcdef.mp4";
  clip.poster = "0123456789abcdef0123456789abcdef-poster.jpg";
  EXPECT_EQ(files_of(clip), (std::vector<std::string>{"0123456789abcdef0123456789abcdef-poster.jpg",
                                                      "0123456789abcdef0123456789abcdef.mp4"}));
  // A poster borrowed from a photo belongs to the photo.
  clip.poster = "ffffffffffffffffffffffffffffffff-1024.jpg";
  EXPECT_EQ(files_of(clip), (std::vector<std::string>{"0123456789abcdef0123456789abcdef.mp4"}));
  EXPECT_TRUE(files_of(Media{}).empty());
}

TEST_F(MediaLibraryTest, PublishRuleForLeadPhotoAndClip) {
  const Media with_alt = upload_photo({"c", "d", "A street at night"});
  const Media without_alt = upload_photo({"c", "d", "   "});
  auto clip_outcome = library_.upload(read_file(data_file("clip-vp9.webm")), {}, 0);
  ASSERT_TRUE(std::holds_alternative<Media>(clip_outcome));
  const Id clip = std::get<Media>(clip_outcome).id;

  struct Case {
    const char* name;
    std::optional<Id> lead;
    std::optional<Id> clip;
    const char* blocked_because;  // a word of the message, or null when publishing is allowed
  };
  const Case cases[] = {
      {"no media", std::nullopt, std::nullopt, nullptr},
      {"photo with alt text", with_alt.id, std::nullopt, nullptr},
      {"photo and clip", with_alt.id, clip, nullptr},
      {"clip alone", std::nullopt, clip, nullptr},
      {"photo without alt text", without_alt.id, std::nullopt, "alt text"},
      {"a clip as lead photo", clip, std::nullopt, "must be a photo"},
      {"a photo as clip", std::nullopt, with_alt.id, "must be a video"},
      {"deleted lead photo", 9999, std::nullopt, "no longer"},
      {"deleted clip", std::nullopt, 9999, "no longer"},
  };
  for (const auto& c : cases) {
    Article story;
    story.lead_media_id = c.lead;
    story.clip_media_id = c.clip;
    auto blocker = media_publish_blocker(*store_, story);
    if (!c.blocked_because) {
      EXPECT_EQ(blocker, std::nullopt) << c.name;
    } else {
      ASSERT_TRUE(blocker) << c.name;
      EXPECT_NE(blocker->find(c.blocked_because), std::string::npos) << c.name << ": " << *blocker;
    }
  }
}

}  // namespace
}  // namespace marquee::admin
