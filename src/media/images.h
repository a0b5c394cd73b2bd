// Photos through libvips: a full decode to verify an upload, its size as displayed, and the
// JPEG and WebP renditions the site serves (rotated upright, metadata stripped, never upscaled).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "media/media.h"

namespace marquee::media {

// Starts libvips once per process, whichever thread asks first; throws when it cannot start.
void ensure_vips();

struct ImageFacts {
  int width = 0;  // as displayed: EXIF orientations 5 to 8 swap the stored width and height
  int height = 0;
};

// Decodes the whole image with the loader of its sniffed type, refusing truncated or corrupt data
// and canvases over the pixel limit.
Result<ImageFacts> verify_image(const std::filesystem::path& file, MediaType type,
                                const MediaOptions& options);

// The widths to make for an image `width` pixels wide (as displayed), narrowest first: the
// configured widths below it, plus its own width when it is not wider than the widest of them.
std::vector<int> rendition_widths(int width, const std::vector<int>& configured);

struct EncodedRendition {
  Rendition rendition;  // file named after the original
  std::string bytes;
};

// Renditions of a verified image: for each width a JPEG and a WebP.
Result<std::vector<EncodedRendition>> make_renditions(const std::filesystem::path& file,
                                                      std::string_view original_name,
                                                      const ImageFacts& facts,
                                                      const MediaOptions& options);

// A window of an image, in pixels.
struct CropBox {
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
};

// The largest box of exactly `ratio` (a whole multiple of its width and height) inside a
// `width` x `height` image, centred on the focal point (focus_x across, focus_y down, 0 to 1) as
// far as the edges allow: what a fixed-ratio rendition keeps of a photo. An empty box when the
// image is smaller than the ratio itself.
CropBox focus_crop(int width, int height, AspectRatio ratio, double focus_x, double focus_y);

// The box of exactly `ratio` nearest an editor's window (fractions of the image): as large as
// fits in the window, centred on the window's centre, inside the image. A window that is empty
// or outside the image gives the focal-point crop of the image's centre instead.
CropBox window_crop(int width, int height, AspectRatio ratio, const CropRect& window);

// The widths a crop box `box_width` pixels wide is made in for `shape`: its widths rounded down
// to multiples of the ratio's width, those narrower than the box, plus the box's own width when
// the box is not wider than the widest of them (never upscaled), narrowest first.
std::vector<int> crop_widths(int box_width, const CropShape& shape);

// Every crop rendition of the verified image at `file` (upright by EXIF orientation, sRGB,
// metadata stripped) for MediaOptions::crop_shapes: per shape, the editor's window for the
// ratio when there is one, else the crop around the focal point; per width a JPEG, a WebP and,
// with MediaOptions::avif, an AVIF; each Rendition's `crop` is the ratio's name.
Result<std::vector<EncodedRendition>> make_crop_renditions(const std::filesystem::path& file,
                                                           std::string_view original_name,
                                                           const CropRequest& request,
                                                           const MediaOptions& options);

// Encodes packed 8-bit RGB pixels as a JPEG without metadata (poster frames).
std::string encode_rgb_jpeg(const unsigned char* pixels, int width, int height, int quality);

}  // namespace marquee::media
