// Crop renditions off the request path: one thread takes photo ids from a queue, makes the files
// through media::MediaStore, and records them only if the photo's focal point and windows are
// still those they were made for; superseded files are removed after the record moved on.
#include "admin/crop_renderer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace marquee::admin {
namespace {

constexpr int kScanPage = 100;

bool fits(const Media& photo, const media::AspectRatio& ratio) {
  return photo.width >= ratio.width && photo.height >= ratio.height;
}

}  // namespace

bool crops_current(const Media& photo, const media::MediaOptions& options) {
  if (photo.kind != MediaKind::image) return true;
  std::set<std::string> have;
  for (const auto& r : photo.renditions) {
    if (!r.crop.empty()) have.insert(r.crop);
  }
  std::set<std::string> want;
  for (const auto& shape : options.crop_shapes) {
    if (fits(photo, shape.ratio)) want.insert(shape.ratio.name());
  }
  return have == want;
}

CropRenderer::CropRenderer(Store& store, media::MediaStore& files, Done done)
    : store_(store), files_(files), done_(std::move(done)) {}

CropRenderer::~CropRenderer() {
  if (thread_.joinable()) {
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
  }
}

void CropRenderer::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  busy_ = true;  // the first walk of the library
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void CropRenderer::queue(Id media_id) {
  {
    std::lock_guard lock(mutex_);
    if (!started_ || !queued_.insert(media_id).second) return;
    queue_.push_back(media_id);
  }
  wake_.notify_one();
}

void CropRenderer::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return !busy_ && queue_.empty(); });
}

std::size_t CropRenderer::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + (busy_ ? 1 : 0);
}

bool CropRenderer::render(Id media_id) {
  auto photo = store_.media().find(media_id);
  if (!photo || photo->kind != MediaKind::image) return false;
  media::CropRequest request{photo->focus_x, photo->focus_y, photo->crops};
  auto made = files_.store_crops(photo->file, request);
  if (!made) {
    spdlog::warn("cannot make the crops of photo {}: {}", media_id, made.error().detail);
    return false;
  }
  std::vector<Rendition> crops;
  for (const auto& r : made.value()) crops.push_back({r.width, r.height, r.mime, r.file, r.crop});
  const bool taken = store_.media().replace_crop_renditions(*photo, crops);
  // Whatever the record does not name now is no longer shown: the old crops when it took the
  // new ones, the new ones when it did not (a photo deleted or changed meanwhile).
  auto now = store_.media().find(media_id);
  std::set<std::string> kept;
  if (now) {
    for (const auto& r : now->renditions) kept.insert(r.file);
  }
  std::vector<std::string> candidates;
  for (const auto& r : photo->renditions) {
    if (!r.crop.empty()) candidates.push_back(r.file);
  }
  for (const auto& r : crops) candidates.push_back(r.file);
  for (const auto& name : candidates) {
    if (!kept.contains(name)) files_.remove(name);
  }
  if (taken && done_) done_(media_id);
  return taken;
}

void CropRenderer::queue_missing(const std::stop_token& stop) {
  Id after = 0;
  while (!stop.stop_requested()) {
    const auto page = store_.media().photos_after(after, kScanPage);
    for (const auto& photo : page) {
      if (!crops_current(photo, files_.options())) queue(photo.id);
    }
    if (page.size() < static_cast<std::size_t>(kScanPage)) break;
    after = page.back().id;
  }
}

void CropRenderer::run(std::stop_token stop) {
  try {
    queue_missing(stop);
  } catch (const std::exception& e) {
    spdlog::error("cannot look for photos without crops: {}", e.what());
  }
  std::unique_lock lock(mutex_);
  busy_ = false;
  idle_.notify_all();
  while (true) {
    wake_.wait(lock, stop, [&] { return !queue_.empty(); });
    if (stop.stop_requested()) return;
    const Id id = queue_.front();
    queue_.pop_front();
    queued_.erase(id);
    busy_ = true;
    lock.unlock();
    try {
      render(id);
    } catch (const std::exception& e) {
      spdlog::error("cannot make the crops of photo {}: {}", id, e.what());
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace marquee::admin
