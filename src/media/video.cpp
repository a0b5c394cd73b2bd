// Clips through FFmpeg: every FFmpeg object lives in a unique_ptr with its own free function, so
// each early return on a damaged file releases what was opened so far.
#include "media/video.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

#include <vips/vips8>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "media/images.h"

namespace marquee::media {
namespace {

struct FormatCloser {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
struct CodecFreer {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct FrameFreer {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

// avformat_open_input takes the dictionary by address and may replace it.
class Dictionary {
 public:
  Dictionary() = default;
  ~Dictionary() { av_dict_free(&dict_); }
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  void set(const char* key, const char* value) { av_dict_set(&dict_, key, value, 0); }
  AVDictionary** address() { return &dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

MediaError corrupt(std::string detail) {
  return MediaError{MediaErrorKind::corrupt, std::move(detail)};
}

// FFmpeg logs every damaged file it meets to stderr; refusals are reported through Result.
void quiet_ffmpeg() {
  static const bool quiet = [] {
    av_log_set_level(AV_LOG_FATAL);
    return true;
  }();
  (void)quiet;
}

const char* demuxer_for(MediaType type) {
  switch (type) {
    case MediaType::mp4:
    case MediaType::quicktime:
      return "mp4";  // FFmpeg's "mov,mp4,m4a,3gp,3g2,mj2" demuxer
    case MediaType::webm:
      return "webm";  // its "matroska,webm" demuxer
    default:
      return nullptr;
  }
}

const char* container_name(MediaType type) {
  switch (type) {
    case MediaType::mp4:
      return "mp4";
    case MediaType::quicktime:
      return "quicktime";
    case MediaType::webm:
      return "webm";
    default:
      return "";
  }
}

Result<FormatPtr> open_clip(const std::filesystem::path& file, MediaType type) {
  quiet_ffmpeg();
  const char* demuxer = demuxer_for(type);
  const AVInputFormat* format = demuxer ? av_find_input_format(demuxer) : nullptr;
  if (!format) return MediaError{MediaErrorKind::unsupported_type, "no demuxer for this type"};
  // Only local files: a container must not make FFmpeg fetch URLs or open other files.
  Dictionary options;
  options.set("protocol_whitelist", "file");
  const std::string url = "file:" + file.string();
  AVFormatContext* raw = nullptr;  // freed by FFmpeg itself when opening fails
  int rc = avformat_open_input(&raw, url.c_str(), format, options.address());
  if (rc < 0) return corrupt("cannot open clip: " + av_error_text(rc));
  FormatPtr context(raw);
  rc = avformat_find_stream_info(context.get(), nullptr);
  if (rc < 0) return corrupt("cannot read stream info: " + av_error_text(rc));
  return context;
}

// The main video stream, skipping cover art (a still picture stored as a one-frame stream).
Result<int> video_stream(AVFormatContext* context) {
  // A header cut off inside a track leaves no stream, or one of unknown codec.
  bool any_known = false;
  for (unsigned i = 0; i < context->nb_streams; ++i) {
    any_known = any_known || context->streams[i]->codecpar->codec_id != AV_CODEC_ID_NONE;
  }
  if (!any_known) return corrupt("no readable stream: the header is damaged or cut off");
  const int index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0 || (context->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
    return MediaError{MediaErrorKind::no_video_stream, "the file holds no video stream"};
  }
  const AVCodecParameters* par = context->streams[index]->codecpar;
  if (par->width <= 0 || par->height <= 0) return corrupt("video stream without a frame size");
  return index;
}

// Seconds the container declares, or nullopt (live recordings often declare none).
std::optional<double> declared_duration(const AVFormatContext* context, const AVStream* video) {
  if (context->duration != AV_NOPTS_VALUE && context->duration > 0) {
    return static_cast<double>(context->duration) / AV_TIME_BASE;
  }
  if (video->duration != AV_NOPTS_VALUE && video->duration > 0) {
    return static_cast<double>(video->duration) * av_q2d(video->time_base);
  }
  return std::nullopt;
}

double start_seconds(const AVFormatContext* context) {
  return context->start_time == AV_NOPTS_VALUE
             ? 0.0
             : static_cast<double>(context->start_time) / AV_TIME_BASE;
}

}  // namespace

Result<VideoInfo> probe_video(const std::filesystem::path& file, MediaType type) {
  auto opened = open_clip(file, type);
  if (!opened) return opened.error();
  AVFormatContext* context = opened->get();
  const auto video_index = video_stream(context);
  if (!video_index) return video_index.error();
  const AVStream* video = context->streams[video_index.value()];

  VideoInfo info;
  info.width = video->codecpar->width;
  info.height = video->codecpar->height;
  info.video_codec = avcodec_get_name(video->codecpar->codec_id);
  const int audio_index = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (audio_index >= 0) {
    info.audio_codec = avcodec_get_name(context->streams[audio_index]->codecpar->codec_id);
  }
  info.container = container_name(type);

  // Read every packet: a cut-off file fails here or ends well short of its declared length.
  const PacketPtr packet(av_packet_alloc());
  if (!packet) return MediaError{MediaErrorKind::io_error, "out of memory"};
  double end_seconds = 0;
  int video_packets = 0;
  for (;;) {
    const int rc = av_read_frame(context, packet.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) return corrupt("damaged or truncated clip: " + av_error_text(rc));
    if (packet->flags & AV_PKT_FLAG_CORRUPT) {
      // The MP4 demuxer marks a sample that runs past the end of the file.
      return corrupt("truncated clip: a packet runs past the end of the file");
    }
    const AVStream* stream = context->streams[packet->stream_index];
    const std::int64_t at = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    if (at != AV_NOPTS_VALUE) {
      const double end = static_cast<double>(at + std::max<std::int64_t>(packet->duration, 0)) *
                         av_q2d(stream->time_base);
      end_seconds = std::max(end_seconds, end);
    }
    if (packet->stream_index == video_index.value()) ++video_packets;
    av_packet_unref(packet.get());
  }
  if (video_packets == 0) return corrupt("the video stream holds no frames");
  const double measured = end_seconds - start_seconds(context);
  const auto declared = declared_duration(context, video);
  if (declared) {
    // Muxers round, and a last packet may carry no duration; a cut-off WebM just stops early.
    const double tolerance = std::max(0.25, *declared * 0.02);
    if (measured < *declared - tolerance) {
      return corrupt("clip ends at " + std::to_string(measured) + " s of a declared " +
                     std::to_string(*declared) + " s");
    }
  }
  info.duration_seconds = declared.value_or(measured);
  return info;
}

Result<Poster> grab_poster(const std::filesystem::path& file, MediaType type, double at_seconds,
                           int jpeg_quality) {
  auto opened = open_clip(file, type);
  if (!opened) return opened.error();
  AVFormatContext* context = opened->get();
  const auto video_index = video_stream(context);
  if (!video_index) return video_index.error();
  const int index = video_index.value();
  AVStream* video = context->streams[index];

  const AVCodec* codec = avcodec_find_decoder(video->codecpar->codec_id);
  if (!codec)
    return corrupt("no decoder for " + std::string(avcodec_get_name(video->codecpar->codec_id)));
  const CodecPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) return MediaError{MediaErrorKind::io_error, "out of memory"};
  int rc = avcodec_parameters_to_context(decoder.get(), video->codecpar);
  if (rc >= 0) rc = avcodec_open2(decoder.get(), codec, nullptr);
  if (rc < 0) return corrupt("cannot open the decoder: " + av_error_text(rc));

  // Seek to the keyframe before the target, then decode forward to the target.
  const auto duration = declared_duration(context, video);
  std::int64_t target = AV_NOPTS_VALUE;
  if (at_seconds > 0 && duration && *duration > at_seconds) {
    target = av_rescale_q(static_cast<std::int64_t>(at_seconds * AV_TIME_BASE), AV_TIME_BASE_Q,
                          video->time_base);
    if (video->start_time != AV_NOPTS_VALUE) target += video->start_time;
    if (av_seek_frame(context, index, target, AVSEEK_FLAG_BACKWARD) < 0) {
      target = AV_NOPTS_VALUE;  // not seekable: the first frame will do
    }
  }

  const PacketPtr packet(av_packet_alloc());
  const FramePtr frame(av_frame_alloc());
  const FramePtr chosen(av_frame_alloc());
  if (!packet || !frame || !chosen) return MediaError{MediaErrorKind::io_error, "out of memory"};
  bool have_frame = false;
  // Takes every frame the decoder has ready; true once one at or past the target arrived.
  auto drain = [&]() {
    while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
      av_frame_unref(chosen.get());
      av_frame_move_ref(chosen.get(), frame.get());
      have_frame = true;
      const std::int64_t at = chosen->best_effort_timestamp;
      if (target == AV_NOPTS_VALUE || at == AV_NOPTS_VALUE || at >= target) return true;
    }
    return false;
  };
  bool done = false;
  while (!done && av_read_frame(context, packet.get()) >= 0) {
    if (packet->stream_index == index) {
      rc = avcodec_send_packet(decoder.get(), packet.get());
      if (rc < 0 && rc != AVERROR(EAGAIN)) {
        av_packet_unref(packet.get());
        return corrupt("cannot decode a frame: " + av_error_text(rc));
      }
      done = drain();
    }
    av_packet_unref(packet.get());
  }
  if (!done && avcodec_send_packet(decoder.get(), nullptr) >= 0) drain();  // flush held frames
  if (!have_frame) return corrupt("no frame of the clip decodes");

  // Non-square pixels (anamorphic video) are stretched to the width they are shown at.
  const int width = chosen->width;
  const int height = chosen->height;
  int shown_width = width;
  const AVRational sar = chosen->sample_aspect_ratio;
  if (sar.num > 0 && sar.den > 0 && sar.num != sar.den) {
    shown_width = static_cast<int>(std::lround(static_cast<double>(width) * sar.num / sar.den));
    shown_width = std::clamp(shown_width, 1, 16384);
  }
  const SwsPtr scaler(sws_getContext(width, height, static_cast<AVPixelFormat>(chosen->format),
                                     shown_width, height, AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr,
                                     nullptr, nullptr));
  if (!scaler) return corrupt("cannot convert the frame's pixel format");
  std::vector<unsigned char> rgb(static_cast<std::size_t>(shown_width) * height * 3);
  std::uint8_t* planes[4] = {rgb.data(), nullptr, nullptr, nullptr};
  const int strides[4] = {shown_width * 3, 0, 0, 0};
  if (sws_scale(scaler.get(), chosen->data, chosen->linesize, 0, height, planes, strides) !=
      height) {
    return corrupt("cannot convert the frame");
  }
  try {
    return Poster{encode_rgb_jpeg(rgb.data(), shown_width, height, jpeg_quality), shown_width,
                  height};
  } catch (const vips::VError& e) {
    vips_error_clear();
    return corrupt(std::string("cannot encode the poster: ") + e.what());
  }
}

}  // namespace marquee::media
