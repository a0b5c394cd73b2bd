// Generated names: unique, of the one accepted shape, and impossible to turn into a path.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "media/media.h"

namespace marquee::media {
namespace {

TEST(Names, TenThousandDrawsNeverCollideAndAllValidate) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    const std::string name = new_media_name("jpg");
    EXPECT_TRUE(is_media_name(name)) << name;
    EXPECT_TRUE(seen.insert(name).second) << "collision: " << name;
  }
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(Names, ShapeOfOriginalsRenditionsAndPosters) {
  const std::string original = new_media_name("mp4");
  ASSERT_EQ(original.size(), 32u + 4u);
  EXPECT_EQ(original.substr(32), ".mp4");
  const std::string stem = original.substr(0, 32);
  EXPECT_EQ(rendition_name(stem + ".jpg", 640, "webp"), stem + "-640.webp");
  EXPECT_EQ(poster_name(original), stem + "-poster.jpg");
  EXPECT_TRUE(is_media_name(stem + "-640.webp"));
  EXPECT_TRUE(is_media_name(stem + "-poster.jpg"));
  const std::string crop = crop_rendition_name(stem + ".jpg", 16, 9, 640, "0,0,1600,900", "avif");
  EXPECT_EQ(crop.substr(0, 32 + 10), stem + "-16x9-640-");
  EXPECT_EQ(crop.size(), 32u + 10 + 8 + 5);
  EXPECT_TRUE(is_media_name(crop));
  EXPECT_NE(crop, crop_rendition_name(stem + ".jpg", 16, 9, 640, "0,10,1600,900", "avif"));
  EXPECT_EQ(parse_aspect_ratio("16:9"), (AspectRatio{16, 9}));
  for (const char* bad : {"", "16", "16:0", "0:9", "016:9", "16:9:1", "a:b", "100:1"}) {
    EXPECT_FALSE(parse_aspect_ratio(bad)) << bad;
  }
  EXPECT_THROW(rendition_name("../x.jpg", 640, "jpg"), std::invalid_argument);
  EXPECT_THROW(poster_name(stem + "-640.jpg"), std::invalid_argument);
  const std::string captions = caption_name(original);
  EXPECT_TRUE(captions.starts_with(stem + "-") && captions.ends_with(".vtt")) << captions;
  EXPECT_EQ(captions.size(), 32u + 1 + 16 + 4);
  EXPECT_TRUE(is_media_name(captions));
  EXPECT_NE(caption_name(original), captions) << "a new name for every upload";
  EXPECT_THROW(caption_name(captions), std::invalid_argument);
}

TEST(Names, Validation) {
  using namespace std::string_literals;
  const std::string stem = "0123456789abcdef0123456789abcdef";
  const struct {
    std::string name;
    bool valid;
  } cases[] = {
      {stem + ".jpg", true},
      {stem + ".png", true},
      {stem + ".webp", true},
      {stem + ".mp4", true},
      {stem + ".mov", true},
      {stem + ".webm", true},
      {stem + "-320.jpg", true},
      {stem + "-1600.webp", true},
      {stem + "-poster.jpg", true},
      {stem + "-16x9-640-0a1b2c3d.jpg", true},
      {stem + "-4x5-1024-0a1b2c3d.avif", true},
      {stem + "-1x1-320-0a1b2c3d.webp", true},
      {stem + "-1x1-320-0a1b2c3d.png", false},  // crops are JPEG, WebP or AVIF
      {stem + "-320.avif", false},              // width-only renditions have no AVIF
      {stem + "-16x9-640-0a1b2c3.jpg", false},  // seven digits
      {stem + "-16x9-640-0A1B2C3D.jpg", false},
      {stem + "-16x09-640-0a1b2c3d.jpg", false},
      {stem + "-16x9-0640-0a1b2c3d.jpg", false},
      {stem + "-16x9--0a1b2c3d.jpg", false},
      {stem + "-x9-640-0a1b2c3d.jpg", false},
      {stem + "-16x9-640-0a1b2c3d-1.jpg", false},
      {stem + "-0123456789abcdef.vtt", true},
      {stem + ".vtt", false},                   // captions are never an original
      {stem + "-0123456789abcde.vtt", false},   // 15 digits
      {stem + "-0123456789ABCDEF.vtt", false},  // upper case
      {stem + "-640.vtt", false},
      {stem + "-0123456789abcdef.jpg", false},
      {"../x", false},
      {"a/b", false},
      {".hidden", false},
      {"x.exe", false},
      {"", false},
      {stem, false},
      {stem + ".", false},
      {stem + ".exe", false},
      {stem + ".JPG", false},
      {stem + ".jpg/", false},
      {stem + ".jpg.exe", false},
      {"../" + stem + ".jpg", false},
      {stem + "/../x.jpg", false},
      {"/" + stem + ".jpg", false},
      {"." + stem + ".jpg", false},
      {stem.substr(1) + ".jpg", false},  // 31 digits
      {stem + "0.jpg", false},           // 33 digits
      {"0123456789ABCDEF0123456789ABCDEF.jpg", false},
      {"0123456789abcdeg0123456789abcdef.jpg", false},
      {stem + "-0640.jpg", false},
      {stem + "-.jpg", false},
      {stem + "-640.png", false},  // renditions are JPEG or WebP
      {stem + "-640.mp4", false},
      {stem + "-poster.webp", false},
      {stem + "-123456.jpg", false},
      {stem + "--640.jpg", false},
      {stem + "-64 0.jpg", false},
      {stem + ".jpg\0"s, false},
      {stem + "-x.jpg", false},
      {".upload-" + stem + ".tmp", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_media_name(c.name), c.valid) << c.name;
}

}  // namespace
}  // namespace marquee::media
