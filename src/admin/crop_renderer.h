// The photos' crop renditions (16:9, 1:1, ... around the focal point or the editor's window),
// made on one background thread whenever a photo arrives or its point or windows change, and
// for photos stored before crops existed: never on a reader's request, which is served the whole
// photo's renditions until the crops are there.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "core/types.h"
#include "media/media.h"
#include "store/store.h"

namespace marquee::admin {

// Whether `photo`'s crop renditions are those its focal point, windows and the configured shapes
// call for (each shape that fits the photo has renditions cut to it, and no other crop is left).
bool crops_current(const Media& photo, const media::MediaOptions& options);

class CropRenderer {
 public:
  // Called on the renderer's thread after a photo's record took its new crops (the pages that
  // show it should be dropped).
  using Done = std::function<void(Id media_id)>;

  // Both must outlive the renderer. No thread runs until start().
  CropRenderer(Store& store, media::MediaStore& files, Done done = {});
  // Stops the thread; photos still queued are made at the next start (queue_missing).
  ~CropRenderer();
  CropRenderer(const CropRenderer&) = delete;
  CropRenderer& operator=(const CropRenderer&) = delete;

  // Starts the background thread, which first walks the library (by id, 100 at a time) for
  // photos whose crops are missing or out of date.
  void start();
  // Asks for the photo's crops to be made (again); a photo already waiting is not queued twice.
  // Without a started thread, nothing happens until start().
  void queue(Id media_id);
  // Makes the photo's crops now, on the caller's thread; true when its record took them (false
  // for no such photo, a clip, a failure, or a photo changed meanwhile).
  bool render(Id media_id);
  // Blocks until the queue is empty and nothing is being made (tests, commands).
  void wait_idle();
  // Photos waiting for their crops, counting the one being made and the start-up walk of the
  // library as one each (the media library says so to editors).
  std::size_t pending() const;

 private:
  void run(std::stop_token stop);
  void queue_missing(const std::stop_token& stop);

  Store& store_;
  media::MediaStore& files_;
  Done done_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable_any idle_;
  std::deque<Id> queue_;
  std::set<Id> queued_;
  bool busy_ = false;
  bool started_ = false;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace marquee::admin
