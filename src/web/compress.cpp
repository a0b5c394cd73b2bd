// Whole-buffer gzip (zlib) and brotli coding for cached pages, which are compressed once and
// served many times, so the levels favour size over speed.
#include <brotli/encode.h>
#include <zlib.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "web/http.h"

namespace marquee::web {
namespace {

// zlib's windowBits: 15 for a 32 KB window, +16 asks for the gzip wrapper instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kGzipLevel = 9;
constexpr int kZlibMemLevel = 9;
// On a 100 KB story page (bench/web_compress_bench.cpp) quality 11 took 93 ms against 8 ms for
// quality 9, for output 8% smaller. A publish invalidates several pages that are compressed
// again on a serving thread, where 90 ms would stall every connection on it: 9 it is.
constexpr int kBrotliQuality = 9;
// Refuse to inflate past this: gzip_decompress is for tests and must not be a zip bomb.
constexpr std::size_t kMaxInflated = 256u * 1024 * 1024;

// Owns a z_stream for deflate or inflate and ends it on every path out.
class ZStream {
 public:
  enum class Mode { deflate, inflate };
  explicit ZStream(Mode mode) : mode_(mode) {
    const int rc = mode == Mode::deflate
                       ? deflateInit2(&z_, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kZlibMemLevel,
                                      Z_DEFAULT_STRATEGY)
                       : inflateInit2(&z_, kGzipWindowBits);
    if (rc != Z_OK) throw std::runtime_error("zlib: cannot initialise stream");
  }
  ~ZStream() { mode_ == Mode::deflate ? deflateEnd(&z_) : inflateEnd(&z_); }
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;
  z_stream* get() { return &z_; }

 private:
  Mode mode_;
  z_stream z_{};
};

Bytef* as_bytes(const char* p) {
  return reinterpret_cast<Bytef*>(const_cast<char*>(p));
}

}  // namespace

std::string gzip_compress(std::string_view data) {
  if (data.size() > std::numeric_limits<uInt>::max())
    throw std::length_error("gzip: input too large");
  ZStream stream(ZStream::Mode::deflate);
  z_stream* z = stream.get();
  std::string out(deflateBound(z, static_cast<uLong>(data.size())), '\0');
  z->next_in = as_bytes(data.data());
  z->avail_in = static_cast<uInt>(data.size());
  z->next_out = as_bytes(out.data());
  z->avail_out = static_cast<uInt>(out.size());
  // deflateBound guarantees one Z_FINISH call completes.
  if (deflate(z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("gzip: deflate failed");
  out.resize(z->total_out);
  return out;
}

std::string gzip_decompress(std::string_view data) {
  if (data.size() > std::numeric_limits<uInt>::max())
    throw std::length_error("gzip: input too large");
  ZStream stream(ZStream::Mode::inflate);
  z_stream* z = stream.get();
  z->next_in = as_bytes(data.data());
  z->avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16 * 1024];
  for (;;) {
    z->next_out = reinterpret_cast<Bytef*>(chunk);
    z->avail_out = sizeof chunk;
    const int rc = inflate(z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z->avail_out);
    if (out.size() > kMaxInflated) throw std::runtime_error("gzip: inflated size over limit");
    if (rc == Z_STREAM_END) {
      if (z->avail_in != 0) throw std::runtime_error("gzip: trailing bytes after stream");
      return out;
    }
    if (rc == Z_BUF_ERROR && z->avail_in == 0) throw std::runtime_error("gzip: truncated stream");
    if (rc != Z_OK) throw std::runtime_error("gzip: corrupt stream");
  }
}

std::string brotli_compress(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  if (out.empty()) throw std::length_error("brotli: input too large");
  std::size_t size = out.size();
  const bool ok =
      BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                            reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                            reinterpret_cast<std::uint8_t*>(out.data()));
  if (!ok) throw std::runtime_error("brotli: compression failed");
  out.resize(size);
  return out;
}

}  // namespace marquee::web
