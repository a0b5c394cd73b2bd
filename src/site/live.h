// Live coverage for readers: every node turns the change feed's live notices into events on
// its readers' streams (web::EventHub), so an entry posted on any node reaches the readers of
// all of them; and it opens a reader's stream with what the reader missed (Last-Event-ID).
// Entries are read from the store once per notice per node, never once per reader.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/types.h"
#include "site/site.h"
#include "store/store.h"
#include "web/event_hub.h"
#include "web/http.h"

namespace marquee::site {

class LiveStreams {
 public:
  // None is owned; all must outlive this.
  LiveStreams(Site& site, Store& store, web::EventHub& hub);

  // The channel of a story's readers.
  static std::string channel(Id story_id) { return "story:" + std::to_string(story_id); }

  // A live notice from the change feed (this node's writes come back through it too): sends
  // readers every entry of the story that changed since the last one sent here, in order, and
  // ends their streams once the coverage has ended. One thread (the feed's listener) calls it.
  void on_notice(Id story_id, std::int64_t seq);
  // The feed may have lost notices: catch up on every story heard of.
  void on_everything();
  // A story was saved, unpublished or deleted: what this node knew of it is forgotten (the next
  // notice or stream opened through the pool learns it again).
  void on_story(Id story_id);

  // The response that opens a reader's stream on a live story: the events after `after` (the
  // Last-Event-ID, or the event number the reader's page was rendered at), then what comes.
  // An ended coverage sends its entries since `after`, its end, and closes.
  web::Response open(const Article& story, std::int64_t after);
  // On an io thread (web::Handlers::fast), never touching the store: the same stream for a
  // published live story this node knows of, when the reader has nothing to catch up on (its
  // Last-Event-ID or ?after= is at least the latest event known here, or it sends none), so that
  // a crowd arriving at once never queues for the worker pool. nullopt: Api::handle answers.
  std::optional<web::Response> handle_fast(const web::Request& request);

 private:
  void catch_up(Id story_id);
  // Remembers the story as open for streams at `seq` (or forgets it once it is not).
  void know(const Article& story, std::int64_t seq);
  static web::Response stream_response(Id story_id, std::string opening, std::int64_t after);
  std::string event_of(const LiveEntry& entry);
  std::string end_event(const Article& story);

  Site& site_;
  Store& store_;
  web::EventHub& hub_;
  std::mutex mutex_;  // the last event sent per story (the feed's listener thread)
  std::map<Id, std::int64_t> published_;
  std::shared_mutex known_mutex_;  // published live stories and their latest event known here
  std::unordered_map<Id, std::int64_t> open_;
};

}  // namespace marquee::site
