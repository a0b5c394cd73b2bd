// The event hub of event_hub.h: a channel's recent events under one mutex, and per io thread
// the streams open on each channel, touched only on that thread.
#include "web/event_hub.h"

#include <fmt/format.h>
#include <algorithm>
#include <deque>

namespace marquee::web {

struct EventHub::Channel {
  std::deque<std::pair<Bytes, std::uint64_t>> history;
  Bytes last;  // set once closed
  std::uint64_t used = 0;
};

struct EventHub::Group {
  Post post;
  // This group's thread only.
  std::unordered_map<std::string, std::vector<std::weak_ptr<Stream>>> streams;
};

namespace {
// Streams sent an event in one go on an io thread before its other work gets a turn.
constexpr std::size_t kSlice = 256;
}  // namespace

std::string format_event(std::string_view event, std::uint64_t id, std::string_view data) {
  std::string out = fmt::format("id: {}\n", id);
  if (!event.empty()) out += fmt::format("event: {}\n", event);
  out += fmt::format("data: {}\n\n", data);
  return out;
}

EventHub::EventHub(EventHubOptions options) : options_(std::move(options)) {}

int EventHub::attach(Post post) {
  std::lock_guard lock(mutex_);
  auto group = std::make_shared<Group>();
  group->post = std::move(post);
  groups_.push_back(std::move(group));
  return static_cast<int>(groups_.size()) - 1;
}

bool EventHub::reserve() {
  auto open = open_.load(std::memory_order_relaxed);
  do {
    if (open >= options_.max_streams) return false;
  } while (!open_.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
  return true;
}

void EventHub::release() {
  open_.fetch_sub(1, std::memory_order_relaxed);
}

void EventHub::to_streams(const std::string& channel, std::function<void(Stream&)> each) {
  std::vector<std::shared_ptr<Group>> groups;
  {
    std::lock_guard lock(mutex_);
    groups = groups_;
  }
  auto shared_each = std::make_shared<const std::function<void(Stream&)>>(std::move(each));
  for (const auto& group : groups) {
    group->post([group, channel, shared_each] {
      auto found = group->streams.find(channel);
      if (found == group->streams.end()) return;
      // A copy: streams may join or leave while the slices go out.
      auto streams = std::make_shared<const std::vector<std::weak_ptr<Stream>>>(found->second);
      deliver_slice(group, std::move(streams), 0, shared_each);
    });
  }
}

void EventHub::deliver_slice(std::shared_ptr<Group> group,
                             std::shared_ptr<const std::vector<std::weak_ptr<Stream>>> streams,
                             std::size_t from,
                             std::shared_ptr<const std::function<void(Stream&)>> each) {
  const std::size_t to = std::min(streams->size(), from + kSlice);
  for (std::size_t i = from; i < to; ++i) {
    if (auto stream = (*streams)[i].lock()) (*each)(*stream);
  }
  if (to == streams->size()) return;
  Group& g = *group;
  g.post([group = std::move(group), streams = std::move(streams), to, each = std::move(each)] {
    deliver_slice(group, streams, to, each);
  });
}

void EventHub::publish(const std::string& channel, std::uint64_t id, std::string bytes) {
  auto shared = std::make_shared<const std::string>(std::move(bytes));
  {
    std::lock_guard lock(mutex_);
    auto& slot = channels_[channel];
    const bool added = !slot;
    if (added) slot = std::make_shared<Channel>();
    Channel& c = *slot;
    c.used = ++clock_;
    c.history.emplace_back(shared, id);
    while (c.history.size() > options_.history) c.history.pop_front();
    // The history of the channel quiet the longest goes (this one was just used, so it stays).
    if (added && channels_.size() > options_.max_channels) {
      channels_.erase(std::min_element(channels_.begin(), channels_.end(), [](auto& a, auto& b) {
        return a.second->used < b.second->used;
      }));
    }
  }
  to_streams(channel, [shared, id](Stream& stream) { stream.deliver(shared, id); });
}

void EventHub::close_channel(const std::string& channel, std::string last) {
  auto shared = std::make_shared<const std::string>(std::move(last));
  {
    std::lock_guard lock(mutex_);
    auto& slot = channels_[channel];
    if (!slot) slot = std::make_shared<Channel>();
    slot->used = ++clock_;
    slot->last = shared;
  }
  to_streams(channel, [shared](Stream& stream) { stream.end(shared); });
}

EventHub::Joined EventHub::join(int group, const std::string& channel, std::weak_ptr<Stream> stream,
                                std::uint64_t after_id) {
  Joined joined;
  std::shared_ptr<Group> g;
  {
    std::lock_guard lock(mutex_);
    g = groups_.at(static_cast<std::size_t>(group));
    if (auto found = channels_.find(channel); found != channels_.end()) {
      for (const auto& event : found->second->history) {
        if (event.second > after_id) joined.missed.push_back(event);
      }
      joined.last = found->second->last;
    }
  }
  // Registered after the history was read, both on this thread: an event published meanwhile is
  // in the history or arrives by the task posted to this thread after now (or both: the stream
  // keeps the highest id it sent and skips what it has).
  if (!joined.last) g->streams[channel].push_back(std::move(stream));
  return joined;
}

void EventHub::leave(int group, const std::string& channel, Stream* stream) {
  std::shared_ptr<Group> g;
  {
    std::lock_guard lock(mutex_);
    g = groups_.at(static_cast<std::size_t>(group));
  }
  auto found = g->streams.find(channel);
  if (found == g->streams.end()) return;
  // By address: the stream may be on its way out (its weak reference already expired).
  std::erase_if(found->second, [stream](const std::weak_ptr<Stream>& w) {
    return w.expired() || w.lock().get() == stream;
  });
  if (found->second.empty()) g->streams.erase(found);
}

}  // namespace marquee::web
