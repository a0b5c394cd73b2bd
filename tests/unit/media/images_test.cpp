// Photos through the media store: renditions (sizes, formats, no upscaling), EXIF rotation and
// stripping, and refusals of truncated, corrupt, oversized and foreign uploads without leftovers.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "media/images.h"
#include "media/media.h"
#include "media_test_support.h"

namespace marquee::media {
namespace {

using testing::half_white;
using testing::load_from_memory;
using testing::noise;
using testing::read_file;
using testing::save_to_memory;
using testing::ScratchFolder;

// Checks every rendition against the file on disk: size, format, bytes, and name.
void expect_renditions_on_disk(const MediaStore& store, const StoredMedia& stored) {
  for (const Rendition& r : stored.renditions) {
    const auto path = store.path_of(r.file);
    ASSERT_TRUE(path) << r.file;
    const std::string bytes = read_file(*path);
    EXPECT_EQ(bytes.size(), r.bytes) << r.file;
    const auto sniffed = sniff_media(bytes);
    ASSERT_TRUE(sniffed) << r.file;
    EXPECT_EQ(sniffed->mime, r.mime) << r.file;
    const vips::VImage image = load_from_memory(bytes);
    EXPECT_EQ(image.width(), r.width) << r.file;
    EXPECT_EQ(image.height(), r.height) << r.file;
    EXPECT_EQ(r.file,
              rendition_name(stored.file, r.width, r.mime == "image/jpeg" ? "jpg" : "webp"));
  }
}

TEST(RenditionWidths, Table) {
  const std::vector<int> configured = {320, 640, 1024, 1600};
  const struct {
    int width;
    std::vector<int> expected;
  } cases[] = {
      {4000, {320, 640, 1024, 1600}},
      {1601, {320, 640, 1024, 1600}},
      {1600, {320, 640, 1024, 1600}},
      {1599, {320, 640, 1024, 1599}},
      {800, {320, 640, 800}},
      {640, {320, 640}},
      {320, {320}},
      {100, {100}},
      {1, {1}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(rendition_widths(c.width, configured), c.expected) << c.width;
  EXPECT_EQ(rendition_widths(500, {640, 320, 320, 0, -5}), (std::vector<int>{320, 500}));
}

TEST(Images, LargeJpegGetsEveryWidthInJpegAndWebp) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const std::string upload = save_to_memory(half_white(2000, 1000), ".jpg");
  const auto stored = store.store_bytes(upload);
  ASSERT_TRUE(stored) << stored.error().detail;
  EXPECT_EQ(stored->type.type, MediaType::jpeg);
  EXPECT_EQ(stored->width, 2000);
  EXPECT_EQ(stored->height, 1000);
  EXPECT_EQ(stored->bytes, upload.size());
  EXPECT_TRUE(is_media_name(stored->file));
  EXPECT_TRUE(stored->file.ends_with(".jpg"));
  EXPECT_EQ(read_file(*store.path_of(stored->file)), upload);  // original kept byte for byte

  ASSERT_EQ(stored->renditions.size(), 8u);
  const int widths[] = {320, 640, 1024, 1600};
  for (std::size_t i = 0; i < 4; ++i) {
    const Rendition& jpeg = stored->renditions[2 * i];
    const Rendition& webp = stored->renditions[2 * i + 1];
    EXPECT_EQ(jpeg.width, widths[i]);
    EXPECT_EQ(jpeg.height, widths[i] / 2);
    EXPECT_EQ(jpeg.mime, "image/jpeg");
    EXPECT_EQ(webp.width, widths[i]);
    EXPECT_EQ(webp.height, widths[i] / 2);
    EXPECT_EQ(webp.mime, "image/webp");
  }
  expect_renditions_on_disk(store, stored.value());
  EXPECT_EQ(folder.names().size(), 9u);  // the original and eight renditions, no temporaries
}

TEST(Images, SmallImagesAreNeverUpscaled) {
  const struct {
    int width;
    int height;
    const char* suffix;
    std::vector<int> widths;
  } cases[] = {
      {500, 300, ".png", {320, 500}},
      {100, 50, ".webp", {100}},
      {1600, 900, ".jpg", {320, 640, 1024, 1600}},
  };
  for (const auto& c : cases) {
    ScratchFolder folder;
    MediaStore store(folder.path());
    const auto stored = store.store_bytes(save_to_memory(half_white(c.width, c.height), c.suffix));
    ASSERT_TRUE(stored) << c.suffix << ": " << stored.error().detail;
    std::vector<int> widths;
    for (const Rendition& r : stored->renditions) {
      EXPECT_LE(r.width, c.width) << c.suffix;
      EXPECT_LE(r.height, c.height) << c.suffix;
      EXPECT_NEAR(r.height, std::lround(double(c.height) * r.width / c.width), 1) << c.suffix;
      if (r.mime == "image/jpeg") widths.push_back(r.width);
    }
    EXPECT_EQ(widths, c.widths) << c.suffix;
    expect_renditions_on_disk(store, stored.value());
  }
}

TEST(Images, ExifOrientationIsAppliedAndAllMetadataStripped) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  // Stored 800x400 with orientation 6: shown rotated a quarter turn clockwise, 400x800, so the
  // white left half of the stored pixels becomes the top half.
  const std::string upload = testing::jpeg_with_exif(half_white(800, 400), 6);
  {
    const vips::VImage check = load_from_memory(upload);
    ASSERT_NE(check.get_typeof(VIPS_META_EXIF_NAME), 0u) << "fixture must carry EXIF";
    ASSERT_EQ(check.get_int(VIPS_META_ORIENTATION), 6);
  }
  const auto stored = store.store_bytes(upload);
  ASSERT_TRUE(stored) << stored.error().detail;
  EXPECT_EQ(stored->width, 400);
  EXPECT_EQ(stored->height, 800);
  ASSERT_EQ(stored->renditions.size(), 4u);  // 320 and 400, in JPEG and WebP
  for (const Rendition& r : stored->renditions) {
    const vips::VImage image = load_from_memory(read_file(*store.path_of(r.file)));
    EXPECT_EQ(image.height(), r.width * 2) << r.file;
    EXPECT_EQ(image.get_typeof(VIPS_META_EXIF_NAME), 0u) << r.file;
    EXPECT_EQ(image.get_typeof(VIPS_META_XMP_NAME), 0u) << r.file;
    EXPECT_EQ(image.get_typeof(VIPS_META_ICC_NAME), 0u) << r.file;
    EXPECT_EQ(image.get_typeof(VIPS_META_ORIENTATION), 0u) << r.file;
    EXPECT_EQ(read_file(*store.path_of(r.file)).find("Marquee Test Desk"), std::string::npos);
    const double top = image.extract_area(0, 0, image.width(), image.height() / 4).avg();
    const double bottom =
        image.extract_area(0, image.height() * 3 / 4, image.width(), image.height() / 4).avg();
    EXPECT_GT(top, 200) << r.file;
    EXPECT_LT(bottom, 55) << r.file;
  }
}

TEST(Images, TransparentPngIsFlattenedForJpegAndKeepsAlphaInWebp) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const vips::VImage rgb = half_white(400, 200);
  const vips::VImage transparent = rgb.bandjoin_const({0}).copy(
      vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  const auto stored = store.store_bytes(save_to_memory(transparent, ".png"));
  ASSERT_TRUE(stored) << stored.error().detail;
  for (const Rendition& r : stored->renditions) {
    const vips::VImage image = load_from_memory(read_file(*store.path_of(r.file)));
    if (r.mime == "image/jpeg") {
      EXPECT_EQ(image.bands(), 3) << r.file;
      EXPECT_GT(image.avg(), 250) << "a clear pixel becomes white";
    } else {
      EXPECT_TRUE(image.has_alpha()) << r.file;
    }
  }
}

TEST(Images, CorruptUploadsAreRefusedAndLeaveNothing) {
  const std::string jpeg = save_to_memory(noise(600, 400), ".jpg[Q=95]");
  const std::string png = save_to_memory(noise(300, 200), ".png");
  const std::string webp = save_to_memory(noise(300, 200), ".webp[Q=95]");
  ASSERT_GT(jpeg.size(), 50'000u);
  const struct {
    const char* label;
    std::string bytes;
  } cases[] = {
      {"jpeg cut in half", jpeg.substr(0, jpeg.size() / 2)},
      {"jpeg without its end marker", jpeg.substr(0, jpeg.size() - 2)},
      {"jpeg cut after the header", jpeg.substr(0, 700)},
      {"jpeg magic then junk", "\xFF\xD8\xFF" + std::string(5000, 'x')},
      {"png cut in half", png.substr(0, png.size() / 2)},
      {"png signature only", png.substr(0, 8)},
      {"webp cut in half", webp.substr(0, webp.size() / 2)},
  };
  for (const auto& c : cases) {
    ScratchFolder folder;
    MediaStore store(folder.path());
    const auto stored = store.store_bytes(c.bytes);
    ASSERT_FALSE(stored) << c.label;
    EXPECT_EQ(stored.error().kind, MediaErrorKind::corrupt) << c.label;
    EXPECT_TRUE(folder.names().empty()) << c.label;
  }
}

TEST(Images, LimitsAndForeignTypesAreRefusedAndLeaveNothing) {
  const std::string jpeg = save_to_memory(noise(200, 200), ".jpg");
  MediaOptions small_files;
  small_files.max_image_bytes = 1000;
  MediaOptions small_canvas;
  small_canvas.max_image_pixels = 200 * 199;
  const MediaOptions defaults;
  const struct {
    const char* label;
    const MediaOptions* options;
    std::string bytes;
    MediaErrorKind kind;
  } cases[] = {
      {"over the byte limit", &small_files, jpeg, MediaErrorKind::too_large},
      {"over the pixel limit", &small_canvas, jpeg, MediaErrorKind::too_large},
      {"text", &defaults, "Premiere tonight at eight.", MediaErrorKind::unsupported_type},
      {"svg", &defaults, "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
       MediaErrorKind::unsupported_type},
      {"empty", &defaults, "", MediaErrorKind::unsupported_type},
  };
  for (const auto& c : cases) {
    ScratchFolder folder;
    MediaStore store(folder.path(), *c.options);
    const auto from_memory = store.store_bytes(c.bytes);
    ASSERT_FALSE(from_memory) << c.label;
    EXPECT_EQ(from_memory.error().kind, c.kind) << c.label;

    ScratchFolder uploads;
    const auto upload = uploads.path() / "upload.jpg";
    testing::write_file(upload, c.bytes);
    const auto from_file = store.store_file(upload);
    ASSERT_FALSE(from_file) << c.label;
    EXPECT_EQ(from_file.error().kind, c.kind) << c.label;
    EXPECT_TRUE(folder.names().empty()) << c.label;
  }
}

TEST(Images, PixelLimitHoldsAtTheBoundary) {
  ScratchFolder folder;
  MediaOptions options;
  options.max_image_pixels = 200 * 200;
  MediaStore store(folder.path(), options);
  EXPECT_TRUE(store.store_bytes(save_to_memory(noise(200, 200), ".jpg")));
}

// Fixed-ratio crops keep the focal point in view: the largest box of exactly the ratio, centred
// on the point as far as the edges allow.
TEST(FocusCrop, Table) {
  struct Case {
    int width, height;
    AspectRatio ratio;
    double x, y;
    CropBox want;
  };
  const Case cases[] = {
      {1000, 500, {1, 1}, 0.5, 0.5, {250, 0, 500, 500}},  // centred
      {1000, 500, {1, 1}, 0.1, 0.5, {0, 0, 500, 500}},    // held at the left edge
      {1000, 500, {1, 1}, 0.9, 0.5, {500, 0, 500, 500}},  // and at the right
      {1000, 500, {1, 1}, 0.6, 0.0, {350, 0, 500, 500}},  // y has no room to move
      {400, 1000, {16, 9}, 0.5, 0.2, {0, 88, 400, 225}},  // portrait into landscape
      {400, 1000, {16, 9}, 0.5, 1.0, {0, 775, 400, 225}},
      {800, 450, {16, 9}, 0.2, 0.9, {0, 0, 800, 450}},  // already that ratio: all of it
      {801, 451, {16, 9}, 0.5, 0.5, {1, 1, 800, 450}},  // exact: whole multiples only
      {1000, 1000, {4, 5}, 0.5, 0.5, {100, 0, 800, 1000}},
      {1000, 500, {1, 1}, std::nan(""), 2.0, {250, 0, 500, 500}},  // nonsense: centre, edge
      {10, 500, {16, 9}, 0.5, 0.5, {0, 0, 0, 0}},                  // smaller than the ratio
      {0, 500, {1, 1}, 0.5, 0.5, {0, 0, 0, 0}},
      {1000, 500, {0, 1}, 0.5, 0.5, {0, 0, 0, 0}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.width) + "x" + std::to_string(c.height) + " " + c.ratio.name() +
                 " at " + std::to_string(c.x) + "," + std::to_string(c.y));
    const CropBox box = focus_crop(c.width, c.height, c.ratio, c.x, c.y);
    EXPECT_EQ(box.left, c.want.left);
    EXPECT_EQ(box.top, c.want.top);
    EXPECT_EQ(box.width, c.want.width);
    EXPECT_EQ(box.height, c.want.height);
  }
}

// An editor's window is snapped to the ratio exactly, inside the photo, around its centre.
TEST(WindowCrop, Table) {
  struct Case {
    CropRect window;
    CropBox want;
  };
  const Case cases[] = {
      {{0.0, 0.0, 0.5, 1.0}, {0, 0, 500, 500}},      // the left half of 1000 x 500, as a square
      {{0.5, 0.0, 0.5, 1.0}, {500, 0, 500, 500}},    // the right half
      {{0.1, 0.2, 0.2, 0.4}, {100, 100, 200, 200}},  // a smaller square, where it was drawn
      {{0.1, 0.2, 0.3, 0.4}, {150, 100, 200, 200}},  // too wide: the largest square inside it
      {{0.9, 0.0, 0.5, 1.0}, {250, 0, 500, 500}},    // past the edge: the centre instead
      {{0.2, 0.2, 0.0, 0.5}, {250, 0, 500, 500}},    // empty: the centre
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.window.x) + "," + std::to_string(c.window.width));
    const CropBox box = window_crop(1000, 500, {1, 1}, c.window);
    EXPECT_EQ(box.left, c.want.left);
    EXPECT_EQ(box.top, c.want.top);
    EXPECT_EQ(box.width, c.want.width);
    EXPECT_EQ(box.height, c.want.height);
  }
}

TEST(CropWidths, NeverUpscaledAndMultiplesOfTheRatio) {
  const CropShape wide{{16, 9}, {640, 1024, 1600}};
  EXPECT_EQ(crop_widths(3000, wide), (std::vector<int>{640, 1024, 1600}));
  EXPECT_EQ(crop_widths(1200, wide), (std::vector<int>{640, 1024, 1200}));
  EXPECT_EQ(crop_widths(500, wide), (std::vector<int>{496}));  // 31 x 16
  const CropShape odd{{4, 5}, {321}};
  EXPECT_EQ(crop_widths(2000, odd), (std::vector<int>{320}));
}

// Every crop rendition has its ratio exactly, keeps the focal point, and comes in JPEG, WebP and
// AVIF. The photo is white on its left half: a crop around a point on the left is white.
TEST(Images, CropRenditionsHaveTheRatioAndKeepTheFocalPoint) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto stored = store.store_bytes(save_to_memory(half_white(3000, 1000), ".png"));
  ASSERT_TRUE(stored);
  auto mean_of = [&](const Rendition& r) {
    return load_from_memory(read_file(*store.path_of(r.file))).avg();
  };
  for (const double x : {0.1, 0.9}) {
    SCOPED_TRACE(x);
    auto crops = store.store_crops(stored->file, CropRequest{x, 0.5, {}});
    ASSERT_TRUE(crops) << crops.error().detail;
    std::map<std::string, std::set<std::string>> formats;
    for (const auto& r : crops.value()) {
      SCOPED_TRACE(r.file);
      const auto ratio = parse_aspect_ratio(r.crop);
      ASSERT_TRUE(ratio);
      // Exact: width / height is the ratio with no rounding at all.
      EXPECT_EQ(r.width * ratio->height, r.height * ratio->width);
      const vips::VImage image = load_from_memory(read_file(*store.path_of(r.file)));
      EXPECT_EQ(image.width(), r.width);
      EXPECT_EQ(image.height(), r.height);
      EXPECT_TRUE(is_media_name(r.file));
      formats[r.crop].insert(r.mime);
      // 1:1 and 4:5 are narrow enough to stay on one side of the photo.
      if (r.crop == "1:1" || r.crop == "4:5") {
        if (x < 0.5) {
          EXPECT_GT(mean_of(r), 240);
        } else {
          EXPECT_LT(mean_of(r), 15);
        }
      }
    }
    for (const auto& shape : store.options().crop_shapes) {
      EXPECT_EQ(formats[shape.ratio.name()],
                (std::set<std::string>{"image/jpeg", "image/webp", "image/avif"}))
          << shape.ratio.name();
    }
  }
}

// A new focal point gives new names (the files are served as immutable); the same point the
// same names.
TEST(Images, CropNamesFollowTheWindow) {
  ScratchFolder folder;
  MediaOptions options;
  options.avif = false;
  options.crop_shapes = {{{1, 1}, {100}}};
  MediaStore store(folder.path(), options);
  const auto stored = store.store_bytes(save_to_memory(half_white(400, 200), ".jpg"));
  ASSERT_TRUE(stored);
  auto names = [&](double x, std::map<std::string, CropRect> windows = {}) {
    auto crops = store.store_crops(stored->file, CropRequest{x, 0.5, std::move(windows)});
    EXPECT_TRUE(crops);
    std::vector<std::string> out;
    for (const auto& r : crops.value()) out.push_back(r.file);
    return out;
  };
  const auto left = names(0.1);
  ASSERT_EQ(left.size(), 2u);  // JPEG and WebP, no AVIF
  EXPECT_EQ(names(0.1), left);
  EXPECT_NE(names(0.9), left);
  EXPECT_EQ(names(0.9, {{"1:1", CropRect{0, 0, 0.5, 1}}}), left);  // the window wins
  EXPECT_FALSE(store.store_crops("0123456789abcdef0123456789abcdef.jpg", {}));
}

}  // namespace
}  // namespace marquee::media
