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

namespace {

// How many whole ratio units fit in a `width` x `height` box (at least one when any fits).
int ratio_units(int width, int height, AspectRatio ratio) {
  if (ratio.width <= 0 || ratio.height <= 0) return 0;
  return std::max(0, std::min(width / ratio.width, height / ratio.height));
}

// Where a window of `window` pixels starts so that its centre is at `centre` (0 to 1) of `size`,
// as far as the edges allow.
int place(double centre, int size, int window) {
  const double c = std::clamp(std::isnan(centre) ? 0.5 : centre, 0.0, 1.0);
  const int start = static_cast<int>(std::lround(c * size - window / 2.0));
  return std::clamp(start, 0, size - window);
}

CropBox unit_box(int width, int height, AspectRatio ratio, int units, double centre_x,
                 double centre_y) {
  CropBox box;
  box.width = units * ratio.width;
  box.height = units * ratio.height;
  box.left = place(centre_x, width, box.width);
  box.top = place(centre_y, height, box.height);
  return box;
}

bool usable(double v) {
  return v >= 0 && v <= 1;  // false for NaN
}

}  // namespace

CropBox focus_crop(int width, int height, AspectRatio ratio, double focus_x, double focus_y) {
  const int units = ratio_units(width, height, ratio);
  if (units == 0) return {};
  return unit_box(width, height, ratio, units, focus_x, focus_y);
}

CropBox window_crop(int width, int height, AspectRatio ratio, const CropRect& window) {
  const int most = ratio_units(width, height, ratio);
  if (most == 0) return {};
  if (!usable(window.x) || !usable(window.y) || !(window.width > 0) || !(window.height > 0) ||
      window.x + window.width > 1.0001 || window.y + window.height > 1.0001) {
    return focus_crop(width, height, ratio, 0.5, 0.5);
  }
  const int units =
      std::clamp(ratio_units(static_cast<int>(std::lround(window.width * width)),
                             static_cast<int>(std::lround(window.height * height)), ratio),
                 1, most);
  return unit_box(width, height, ratio, units, window.x + window.width / 2,
                  window.y + window.height / 2);
}

std::vector<int> crop_widths(int box_width, const CropShape& shape) {
  const int step = std::max(1, shape.ratio.width);
  std::vector<int> widths;
  int widest = 0;
  for (int w : shape.widths) {
    w -= w % step;
    if (w <= 0) continue;
    widest = std::max(widest, w);
    if (w < box_width) widths.push_back(w);
  }
  if (box_width > 0 && box_width <= widest) widths.push_back(box_width - box_width % step);
  std::sort(widths.begin(), widths.end());
  widths.erase(std::unique(widths.begin(), widths.end()), widths.end());
  return widths;
}

namespace {

std::string encode_avif(const VImage& image, int quality, int effort) {
  return encode(image, ".avif",
                VImage::option()
                    ->set("Q", quality)
                    ->set("effort", effort)
                    ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
                    ->set("strip", true));
}

// "l,t,w,h" of the box: what the crop's file name is made from.
std::string window_key(const CropBox& box) {
  return std::to_string(box.left) + "," + std::to_string(box.top) + "," +
         std::to_string(box.width) + "," + std::to_string(box.height);
}

}  // namespace

Result<std::vector<EncodedRendition>> make_crop_renditions(const std::filesystem::path& file,
                                                           std::string_view original_name,
                                                           const CropRequest& request,
                                                           const MediaOptions& options) {
  ensure_vips();
  std::vector<EncodedRendition> out;
  try {
    // Upright and in sRGB at full size, decoded once for every shape.
    VImage image = VImage::thumbnail(file.c_str(), VIPS_MAX_COORD,
                                     VImage::option()
                                         ->set("height", VIPS_MAX_COORD)
                                         ->set("size", VIPS_SIZE_DOWN)
                                         ->set("fail_on", VIPS_FAIL_ON_ERROR));
    image = without_metadata(image.colourspace(VIPS_INTERPRETATION_sRGB)).copy_memory();
    for (const CropShape& shape : options.crop_shapes) {
      const std::string ratio = shape.ratio.name();
      const auto window = request.windows.find(ratio);
      const CropBox box =
          window != request.windows.end()
              ? window_crop(image.width(), image.height(), shape.ratio, window->second)
              : focus_crop(image.width(), image.height(), shape.ratio, request.focus_x,
                           request.focus_y);
      if (box.width == 0) continue;  // a photo smaller than the ratio itself
      const VImage cropped = image.extract_area(box.left, box.top, box.width, box.height);
      const std::string key = window_key(box);
      for (int width : crop_widths(box.width, shape)) {
        const int height = width / shape.ratio.width * shape.ratio.height;
        // Forced to the exact size: the box has the ratio exactly, so nothing is distorted.
        VImage sized =
            width == box.width
                ? cropped
                : cropped.thumbnail_image(
                      width, VImage::option()->set("height", height)->set("size", VIPS_SIZE_FORCE));
        sized = sized.copy_memory();
        const VImage opaque = sized.has_alpha()
                                  ? sized.flatten(VImage::option()->set(
                                        "background", std::vector<double>{255, 255, 255}))
                                  : sized;
        auto add = [&](const VImage& pixels, const char* mime, const char* extension,
                       std::string bytes) {
          EncodedRendition made{
              Rendition{pixels.width(), pixels.height(), mime,
                        crop_rendition_name(original_name, shape.ratio.width, shape.ratio.height,
                                            width, key, extension)},
              std::move(bytes)};
          made.rendition.bytes = made.bytes.size();
          made.rendition.crop = ratio;
          out.push_back(std::move(made));
        };
        add(opaque, "image/jpeg", "jpg", encode_jpeg(opaque, options.jpeg_quality));
        add(sized, "image/webp", "webp", encode_webp(sized, options.webp_quality));
        if (options.avif) {
          add(sized, "image/avif", "avif",
              encode_avif(sized, options.avif_quality, options.avif_effort));
        }
      }
    }
  } catch (const VError& e) {
    return vips_failure(MediaErrorKind::corrupt, e);
  }
  return out;
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
