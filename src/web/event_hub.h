// Server-Sent Events for many readers at once. Whoever has news publishes an event on a channel
// (a live story's), and every stream open on that channel, on any io thread, is sent the same
// bytes (shared, never copied per reader). The streams are the server's (server.cpp): held by
// the io threads with no thread of their own, each with a bounded buffer; a client that falls
// further behind is dropped, and comes back with Last-Event-ID to miss nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace marquee::web {

struct EventHubOptions {
  // Bytes waiting for one client before it is dropped as too slow.
  std::size_t client_buffer = 256 * 1024;
  // Events kept per channel, for a stream that opens while events are being published (what it
  // read as its opening and what it hears next must meet).
  std::size_t history = 256;
  // Channels whose history is kept; the one longest quiet goes first.
  std::size_t max_channels = 1024;
  // Open streams a node holds at most; one more is answered 503.
  std::size_t max_streams = 20000;
  // A quiet stream gets a comment line this often (proxies keep it, and a client that has stopped
  // reading is found: its write is still pending at the next beat, and it is dropped).
  std::chrono::seconds heartbeat{15};
};

// One event as it goes on the wire: "id: <id>\nevent: <event>\ndata: <data>\n\n". data must be
// one line (JSON is); an empty event name leaves the field out (a "message").
std::string format_event(std::string_view event, std::uint64_t id, std::string_view data);

class EventHub {
 public:
  using Bytes = std::shared_ptr<const std::string>;

  explicit EventHub(EventHubOptions options = {});
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Any thread. The events of one channel must be published in increasing id order.
  void publish(const std::string& channel, std::uint64_t id, std::string bytes);
  // Any thread: every stream open on the channel is sent `last` and ends; streams that open later
  // are sent it at once and end (the story's coverage is over).
  void close_channel(const std::string& channel, std::string last);

  std::size_t open_streams() const { return open_.load(std::memory_order_relaxed); }
  const EventHubOptions& options() const { return options_; }

  // ---- For the server (server.cpp).

  // One open stream, living on one io thread.
  class Stream {
   public:
    virtual void deliver(const Bytes& bytes, std::uint64_t id) = 0;
    virtual void end(const Bytes& last) = 0;

   protected:
    ~Stream() = default;
  };
  using Post = std::function<void(std::function<void()>)>;
  // An io thread: `post` runs a task on it. Returns the group number join() and leave() take.
  // Before serving only.
  int attach(Post post);
  // A place for one more stream; false when max_streams are open. release() gives it back.
  bool reserve();
  void release();
  struct Joined {
    std::vector<std::pair<Bytes, std::uint64_t>> missed;  // published after after_id, in order
    Bytes last;  // set when the channel is closed: send it and end
  };
  // On the group's io thread: the stream hears the channel's events from now on. The hub holds
  // it weakly: a stream gone between two slices of a delivery is skipped.
  Joined join(int group, const std::string& channel, std::weak_ptr<Stream> stream,
              std::uint64_t after_id);
  // On the group's io thread, before the stream is destroyed.
  void leave(int group, const std::string& channel, Stream* stream);

 private:
  struct Group;
  struct Channel;
  // Runs `each` on every group's thread with the streams of the channel there, a slice at a
  // time, so that the other work of an io thread (cached pages) waits for one slice at most.
  void to_streams(const std::string& channel, std::function<void(Stream&)> each);
  static void deliver_slice(std::shared_ptr<Group> group,
                            std::shared_ptr<const std::vector<std::weak_ptr<Stream>>> streams,
                            std::size_t from,
                            std::shared_ptr<const std::function<void(Stream&)>> each);

  EventHubOptions options_;
  std::atomic<std::size_t> open_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Channel>> channels_;
  std::uint64_t clock_ = 0;  // orders channels by last use
  std::vector<std::shared_ptr<Group>> groups_;
};

}  // namespace marquee::web
