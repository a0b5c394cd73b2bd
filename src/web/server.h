// The HTTP/1.1 server on Boost.Beast: an io_context per thread, each with its own acceptor on
// the same port (SO_REUSEPORT), keep-alive, and every limit in ServerOptions. The io threads only
// parse, route and send; whatever needs real work (the store, rendering, search, uploads) runs on
// a bounded worker pool, so one slow request never stalls the other connections of its thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "web/event_hub.h"
#include "web/http.h"

namespace marquee::web {

using Handler = std::function<Response(const Request&)>;
// Answers a request, or nullopt to pass it on to the next step.
using Screen = std::function<std::optional<Response>(const Request&)>;

// What the server asks of the application, in this order. Only `handle` is required.
struct Handlers {
  // On the io thread, for a request without a body: answers what needs no work (a cached page,
  // a static or media file) or passes it on to the pool. Must not block or touch the store.
  Screen fast;
  // On the pool, for a request with a body, before any byte of the body is read: a refusal
  // decided from the head alone (401 no session or token, 403 wrong origin or CSRF token, 415
  // wrong content type), or nullopt to read the body. Stops strangers filling memory or disk.
  Screen admit;
  // On the pool, with the whole request.
  Handler handle;
  // Where the event streams of responses with Response::event_stream listen (not owned; must
  // outlive the server). Null: such a response is a 500.
  EventHub* events = nullptr;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;                        // 0 picks a free port; see Server::port()
  int threads = 0;                                   // io threads; 0: one per core
  std::size_t header_limit = 16 * 1024;              // larger request heads get 431 (max 56 KiB)
  std::size_t body_limit = 1024 * 1024;              // larger bodies get 413
  std::size_t upload_body_limit = 64 * 1024 * 1024;  // for paths under upload_prefix
  std::string upload_prefix = "/admin/media";
  int max_header_count = 100;  // more header fields get 431
  // Bodies larger than this are spooled to an unlinked file in spool_dir (Request::spooled)
  // instead of memory; the default keeps every body within body_limit in memory.
  std::size_t body_memory_limit = 1024 * 1024;
  std::filesystem::path spool_dir;  // empty: the system's temporary folder
  // The head of a request, and an ordinary body, must each arrive within this long in total; an
  // upload's body may pause no longer than this between two reads. Also the time to write one
  // response.
  std::chrono::seconds read_timeout{15};
  // An upload's whole body must arrive within upload_timeout, and after the first
  // upload_rate_grace at no less than min_upload_rate bytes a second on average, so a client
  // dripping a byte at a time is cut off instead of holding its connection for ever.
  std::chrono::seconds upload_timeout{30 * 60};
  std::size_t min_upload_rate = 16 * 1024;
  std::chrono::seconds upload_rate_grace{10};
  std::chrono::seconds idle_timeout{30};    // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long on stop
  // The worker pool: threads (0: two per core, at least four, since many handlers wait on the
  // store rather than compute), how many requests may wait for one, and what a client that
  // finds the queue full is told (503 with this Retry-After).
  int pool_threads = 0;
  std::size_t pool_queue_limit = 256;
  std::chrono::seconds retry_after{2};
  // Pool threads run this much nicer than the io threads (Linux), so that when the cores are
  // busy with renders and uploads, the cheap answers of the io threads still get the CPU first.
  int pool_nice = 5;
  bool access_log = true;  // one line per request through spdlog
  // At start the soft limit of open files is raised to the hard one (Linux), since every open
  // event stream holds a descriptor; false leaves it as the process found it.
  bool raise_file_limit = true;
};

class Server {
 public:
  // Binds at once: throws std::runtime_error with a one-line reason when it cannot.
  Server(ServerOptions options, Handlers handlers);
  // Every request goes to `handler` on the pool.
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const;  // the bound port
  // Serves until stop() or SIGINT/SIGTERM; then stops accepting, lets in-flight requests finish
  // (up to shutdown_grace) and returns.
  void run();
  void stop();  // thread-safe, returns at once

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::web
