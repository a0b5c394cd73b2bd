// Clips: probing the two fixture clips, poster frames, and refusal of truncated, damaged and
// silent-picture files without leftovers.
#include <gtest/gtest.h>

#include "media/media.h"
#include "media/video.h"
#include "media_test_support.h"

namespace marquee::media {
namespace {

using testing::data_file;
using testing::load_from_memory;
using testing::read_file;
using testing::ScratchFolder;
using testing::write_file;

struct ClipCase {
  const char* file;
  MediaType type;
  const char* video_codec;
  const char* audio_codec;
  const char* container;
  const char* mime;
};

const ClipCase kClips[] = {
    {"clip-h264-aac.mp4", MediaType::mp4, "h264", "aac", "mp4", "video/mp4"},
    {"clip-vp9.webm", MediaType::webm, "vp9", "", "webm", "video/webm"},
};

TEST(Video, ProbeFixtureClips) {
  for (const auto& clip : kClips) {
    const auto info = probe_video(data_file(clip.file), clip.type);
    ASSERT_TRUE(info) << clip.file << ": " << info.error().detail;
    EXPECT_NEAR(info->duration_seconds, 2.0, 0.1) << clip.file;
    EXPECT_EQ(info->width, 320) << clip.file;
    EXPECT_EQ(info->height, 240) << clip.file;
    EXPECT_EQ(info->video_codec, clip.video_codec) << clip.file;
    EXPECT_EQ(info->audio_codec, clip.audio_codec) << clip.file;
    EXPECT_EQ(info->container, clip.container) << clip.file;
  }
}

TEST(Video, StoreMakesAPosterJpeg) {
  for (const auto& clip : kClips) {
    ScratchFolder folder;
    MediaStore store(folder.path());
    const auto stored = store.store_file(data_file(clip.file));
    ASSERT_TRUE(stored) << clip.file << ": " << stored.error().detail;
    EXPECT_EQ(stored->type.mime, clip.mime);
    EXPECT_EQ(stored->width, 320);
    EXPECT_EQ(stored->height, 240);
    ASSERT_TRUE(stored->video);
    EXPECT_EQ(stored->video->video_codec, clip.video_codec);
    EXPECT_TRUE(stored->renditions.empty());
    EXPECT_EQ(stored->poster, poster_name(stored->file));
    // The poster at each rendition width up to its own (here 320 only), JPEG and WebP.
    ASSERT_EQ(stored->poster_renditions.size(), 2u) << clip.file;
    for (const auto& r : stored->poster_renditions) {
      EXPECT_EQ(r.width, 320);
      EXPECT_EQ(r.height, 240);
      EXPECT_EQ(r.file, rendition_name(stored->file, 320, r.mime == "image/jpeg" ? "jpg" : "webp"));
      EXPECT_TRUE(store.path_of(r.file)) << r.file;
    }
    const auto poster_path = store.path_of(stored->poster);
    ASSERT_TRUE(poster_path) << clip.file;
    const std::string poster = read_file(*poster_path);
    ASSERT_EQ(sniff_media(poster)->type, MediaType::jpeg);
    const vips::VImage image = load_from_memory(poster);
    EXPECT_EQ(image.width(), 320);
    EXPECT_EQ(image.height(), 240);
    EXPECT_GT(image.deviate(), 10) << "a real picture, not a flat frame";
    EXPECT_EQ(read_file(*store.path_of(stored->file)), read_file(data_file(clip.file)));
    EXPECT_EQ(folder.names().size(), 4u);

    const Media media = stored->to_media();
    EXPECT_EQ(media.kind, MediaKind::video);
    EXPECT_NEAR(media.duration_seconds, 2.0, 0.1);
    EXPECT_EQ(media.poster, stored->poster);
    EXPECT_EQ(media.renditions.size(), 2u) << "the poster's renditions";
  }
}

TEST(Video, PosterIsTakenAtTheRequestedTimeOrTheFirstFrame) {
  for (const auto& clip : kClips) {
    const auto first = grab_poster(data_file(clip.file), clip.type, 0, 90);
    const auto at_one = grab_poster(data_file(clip.file), clip.type, 1.0, 90);
    const auto past_end = grab_poster(data_file(clip.file), clip.type, 5.0, 90);
    ASSERT_TRUE(first && at_one && past_end) << clip.file;
    // The test pattern moves, so a frame one second in differs from the first one.
    const vips::VImage a = load_from_memory(first->jpeg);
    const vips::VImage b = load_from_memory(at_one->jpeg);
    const vips::VImage c = load_from_memory(past_end->jpeg);
    EXPECT_GT((a - b).abs().avg(), 1.0) << clip.file;
    EXPECT_LT((a - c).abs().avg(), 0.5) << clip.file << ": a short clip gives its first frame";
  }
}

TEST(Video, DamagedClipsAreRefusedAndLeaveNothing) {
  const std::string mp4 = read_file(data_file("clip-h264-aac.mp4"));
  const std::string webm = read_file(data_file("clip-vp9.webm"));
  const struct {
    const char* label;
    std::string bytes;
    MediaErrorKind kind;
  } cases[] = {
      {"mp4 cut to 60%", mp4.substr(0, mp4.size() * 6 / 10), MediaErrorKind::corrupt},
      {"mp4 cut to 90%", mp4.substr(0, mp4.size() * 9 / 10), MediaErrorKind::corrupt},
      {"mp4 missing its last bytes", mp4.substr(0, mp4.size() - 100), MediaErrorKind::corrupt},
      {"mp4 cut inside its header", mp4.substr(0, 200), MediaErrorKind::corrupt},
      {"mp4 ftyp then junk", mp4.substr(0, 32) + std::string(4000, '\x5A'),
       MediaErrorKind::corrupt},
      {"webm cut to half", webm.substr(0, webm.size() / 2), MediaErrorKind::corrupt},
      {"webm cut to 90%", webm.substr(0, webm.size() * 9 / 10), MediaErrorKind::corrupt},
      {"webm cut inside its header", webm.substr(0, 100), MediaErrorKind::corrupt},
      {"sound without pictures", read_file(data_file("audio-only.mp4")),
       MediaErrorKind::no_video_stream},
  };
  for (const auto& c : cases) {
    ScratchFolder folder;
    MediaStore store(folder.path());
    const auto stored = store.store_bytes(c.bytes);
    ASSERT_FALSE(stored) << c.label;
    EXPECT_EQ(stored.error().kind, c.kind) << c.label << ": " << stored.error().detail;
    EXPECT_TRUE(folder.names().empty()) << c.label;
  }
}

TEST(Video, SizeLimitAppliesToClips) {
  ScratchFolder folder;
  MediaOptions options;
  options.max_video_bytes = 4096;
  MediaStore store(folder.path(), options);
  for (const auto& clip : kClips) {
    const auto from_file = store.store_file(data_file(clip.file));
    ASSERT_FALSE(from_file) << clip.file;
    EXPECT_EQ(from_file.error().kind, MediaErrorKind::too_large);
    const auto from_memory = store.store_bytes(read_file(data_file(clip.file)));
    ASSERT_FALSE(from_memory) << clip.file;
    EXPECT_EQ(from_memory.error().kind, MediaErrorKind::too_large);
  }
  EXPECT_TRUE(folder.names().empty());
}

}  // namespace
}  // namespace marquee::media
