// Photos through libvips: verification by a full sequential decode with the loader of the
// sniffed type, and renditions made with thumbnail (shrink-on-load, EXIF rotation) then encoded
// to memory with metadata stripped.
#include "media/images.h"

#include <webp/mux.h>
#include <vips/vips8>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace marquee::media {

using vips::VError;
using vips::VImage;

namespace {

MediaError vips_failure(MediaErrorKind kind, const VError& e) {
  vips_error_clear();  // the message is copied into the VError; keep the shared buffer small
  return MediaError{kind, e.what()};
}

VImage load_sequential(const std::filesystem::path& file, MediaType type) {
  // fail_on=error: truncation and corrupt data are errors, not grey pixels.
  auto options = [] {
    return VImage::option()
        ->set("access", VIPS_ACCESS_SEQUENTIAL)
        ->set("fail_on", VIPS_FAIL_ON_ERROR);
  };
  switch (type) {
    case MediaType::jpeg:
      return VImage::jpegload(file.c_str(), options());
    case MediaType::png:
      return VImage::pngload(file.c_str(), options());
    case MediaType::webp:
      return VImage::webpload(file.c_str(), options());
    default:
      throw std::logic_error("not an image type");
  }
}

bool orientation_swaps_axes(const VImage& image) {
  if (image.get_typeof(VIPS_META_ORIENTATION) == 0) return false;
  const int orientation = image.get_int(VIPS_META_ORIENTATION);
  return orientation >= 5 && orientation <= 8;  // the transposing ones
}

// A copy of the image with every metadata field removed (EXIF, XMP, IPTC, ICC, orientation).
// The savers' strip option alone is not enough: libvips 8.14's WebP saver writes EXIF anyway.
VImage without_metadata(const VImage& image) {
  VImage bare = image.copy();  // a new header: the caller's image keeps its fields
  const std::unique_ptr<gchar*, decltype(&g_strfreev)> fields(
      vips_image_get_fields(bare.get_image()), &g_strfreev);
  for (gchar** field = fields.get(); field && *field; ++field) {
    vips_image_remove(bare.get_image(), *field);
  }
  return bare;
}

std::string encode(const VImage& image, const char* suffix, vips::VOption* options) {
  void* buffer = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size, options);
  const std::unique_ptr<void, decltype(&g_free)> owner(buffer, &g_free);
  return std::string(static_cast<const char*>(buffer), size);
}

std::string encode_jpeg(const VImage& image, int quality) {
  return encode(image, ".jpg",
                VImage::option()
                    ->set("Q", quality)
                    ->set("strip", true)
                    ->set("optimize_coding", true)
                    ->set("interlace", true));  // progressive: a blurry whole picture arrives first
}

// libwebpmux's output buffer, released however the function that holds it ends.
class MuxOutput {
 public:
  MuxOutput() { WebPDataInit(&data_); }
  ~MuxOutput() { WebPDataClear(&data_); }
  MuxOutput(const MuxOutput&) = delete;
  MuxOutput& operator=(const MuxOutput&) = delete;
  WebPData* get() { return &data_; }

 private:
  WebPData data_;
};

// Drops the metadata chunks (EXIF, XMP, ICC profile) from a WebP file.
std::string without_webp_metadata(const std::string& webp) {
  const WebPData input{reinterpret_cast<const std::uint8_t*>(webp.data()), webp.size()};
  const std::unique_ptr<WebPMux, decltype(&WebPMuxDelete)> mux(WebPMuxCreate(&input, 0),
                                                               &WebPMuxDelete);
  if (!mux) throw VError("cannot read back the WebP rendition");
  for (const char* chunk : {"EXIF", "XMP ", "ICCP"}) WebPMuxDeleteChunk(mux.get(), chunk);
  MuxOutput output;
  if (WebPMuxAssemble(mux.get(), output.get()) != WEBP_MUX_OK) {
    throw VError("cannot rewrite the WebP rendition");
  }
  return std::string(reinterpret_cast<const char*>(output.get()->bytes), output.get()->size);
}

std::string encode_webp(const VImage& image, int quality) {
  return without_webp_metadata(
      encode(image, ".webp", VImage::option()->set("Q", quality)->set("strip", true)));
}

}  // namespace

void ensure_vips() {
  static const bool started = [] {
    if (VIPS_INIT("marquee") != 0) return false;
    // Each upload is read once: caching operations would only hold files and memory.
    vips_cache_set_max(0);
    return true;
  }();
  if (!started) throw std::runtime_error("libvips failed to start");
}

Result<ImageFacts> verify_image(const std::filesystem::path& file, MediaType type,
                                const MediaOptions& options) {
  ensure_vips();
  try {
    const VImage image = load_sequential(file, type);
    const std::uint64_t pixels =
        static_cast<std::uint64_t>(image.width()) * static_cast<std::uint64_t>(image.height());
    if (pixels > options.max_image_pixels) {
      return MediaError{MediaErrorKind::too_large,
                        "image of " + std::to_string(pixels) + " pixels is over the limit"};
    }
    (void)image.avg();  // decodes every pixel: truncation and corrupt data surface here
    ImageFacts facts{image.width(), image.height()};
    if (orientation_swaps_axes(image)) std::swap(facts.width, facts.height);
    return facts;
  } catch (const VError& e) {
    return vips_failure(MediaErrorKind::corrupt, e);
  }
}

std::vector<int> rendition_widths(int width, const std::vector<int>& configured) {
  std::vector<int> widths;
  int widest = 0;
  for (int w : configured) {
    if (w <= 0) continue;
    widest = std::max(widest, w);
    if (w < width) widths.push_back(w);
  }
  if (width > 0 && width <= widest) widths.push_back(width);
  std::sort(widths.begin(), widths.end());
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
  return widths;
}

Result<std::vector<EncodedRendition>> make_renditions(const std::filesystem::path& file,
                                                      std::string_view original_name,
                                                      const ImageFacts& facts,
                                                      const MediaOptions& options) {
  ensure_vips();
  std::vector<EncodedRendition> out;
  try {
    for (int width : rendition_widths(facts.width, options.rendition_widths)) {
      // Fit the width only; thumbnail rotates upright by EXIF orientation and imports any
      // embedded colour profile into sRGB.
      VImage image = VImage::thumbnail(file.c_str(), width,
                                       VImage::option()
                                           ->set("height", VIPS_MAX_COORD)
                                           ->set("size", VIPS_SIZE_DOWN)
                                           ->set("fail_on", VIPS_FAIL_ON_ERROR));
      // 8-bit sRGB for greys, 16-bit and CMYK alike. Held in memory: the source is read
      // sequentially, once, and two encoders follow.
      image = without_metadata(image.colourspace(VIPS_INTERPRETATION_sRGB).copy_memory());
      const VImage opaque = image.has_alpha()
                                ? image.flatten(VImage::option()->set(
                                      "background", std::vector<double>{255, 255, 255}))
                                : image;
      EncodedRendition jpeg{Rendition{opaque.width(), opaque.height(), "image/jpeg",
                                      rendition_name(original_name, width, "jpg"), 0},
                            encode_jpeg(opaque, options.jpeg_quality)};
      EncodedRendition webp{Rendition{image.width(), image.height(), "image/webp",
                                      rendition_name(original_name, width, "webp"), 0},
                            encode_webp(image, options.webp_quality)};
      jpeg.rendition.bytes = jpeg.bytes.size();
      webp.rendition.bytes = webp.bytes.size();
      out.push_back(std::move(jpeg));
      out.push_back(std::move(webp));
    }
  } catch (const VError& e) {
    return vips_failure(MediaErrorKind::corrupt, e);
  }
  return out;
}

CropBox focus_crop(int width, int height, double ratio, double focus_x, double focus_y) {
  if (width <= 0 || height <= 0 || !(ratio > 0)) return {};
  CropBox box;
  // As wide as the image when the ratio allows, else as tall.
  box.width = width;
  box.height = static_cast<int>(std::lround(width / ratio));
  if (box.height > height) {
    box.height = height;
    box.width = std::min(width, static_cast<int>(std::lround(height * ratio)));
  }
  box.width = std::max(box.width, 1);
  box.height = std::max(box.height, 1);
  auto place = [](double focus, int size, int window) {
    const double f = std::clamp(std::isnan(focus) ? 0.5 : focus, 0.0, 1.0);
    const int start = static_cast<int>(std::lround(f * size - window / 2.0));
    return std::clamp(start, 0, size - window);
  };
  box.left = place(focus_x, width, box.width);
  box.top = place(focus_y, height, box.height);
  return box;
}

namespace {
// "<original's stem>-<width>x<height>.jpg": apart from the width-only renditions' names.
std::string crop_name(std::string_view original, int width, int height) {
  const auto dot = original.rfind('.');
  const std::string_view stem = dot == std::string_view::npos ? original : original.substr(0, dot);
  return std::string(stem) + "-" + std::to_string(width) + "x" + std::to_string(height) + ".jpg";
}
}  // namespace

Result<EncodedRendition> make_focused_rendition(const std::filesystem::path& file,
                                                std::string_view original_name, double ratio,
                                                int width, double focus_x, double focus_y,
                                                const MediaOptions& options) {
  ensure_vips();
  try {
    // Upright and in sRGB at full size, then the window, then the width.
    VImage image = VImage::thumbnail(file.c_str(), VIPS_MAX_COORD,
                                     VImage::option()
                                         ->set("height", VIPS_MAX_COORD)
                                         ->set("size", VIPS_SIZE_DOWN)
                                         ->set("fail_on", VIPS_FAIL_ON_ERROR));
    image = without_metadata(image.colourspace(VIPS_INTERPRETATION_sRGB));
    const CropBox box = focus_crop(image.width(), image.height(), ratio, focus_x, focus_y);
    if (box.width == 0) {
      return MediaError{MediaErrorKind::unsupported_type,
                        "no crop of ratio " + std::to_string(ratio)};
    }
    VImage cropped = image.extract_area(box.left, box.top, box.width, box.height);
    if (width > 0 && width < box.width) cropped = cropped.resize(double(width) / box.width);
    if (cropped.has_alpha()) {
      cropped =
          cropped.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
    }
    cropped = cropped.copy_memory();
    EncodedRendition out{Rendition{cropped.width(), cropped.height(), "image/jpeg",
                                   crop_name(original_name, cropped.width(), cropped.height()), 0},
                         encode_jpeg(cropped, options.jpeg_quality)};
    out.rendition.bytes = out.bytes.size();
    return out;
  } catch (const VError& e) {
    return vips_failure(MediaErrorKind::corrupt, e);
  }
}

std::string encode_rgb_jpeg(const unsigned char* pixels, int width, int height, int quality) {
  ensure_vips();
  const std::size_t size = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3;
  // libvips only reads from the memory it is given; the cast is for its C signature.
  const VImage image = VImage::new_from_memory(const_cast<unsigned char*>(pixels), size, width,
                                               height, 3, VIPS_FORMAT_UCHAR);
  return encode_jpeg(image, quality);
}

}  // namespace marquee::media
