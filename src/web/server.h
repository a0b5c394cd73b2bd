// The HTTP/1.1 server on Boost.Beast: an io_context per thread, each with its own acceptor on
// the same port (SO_REUSEPORT), keep-alive, and every limit in ServerOptions. Handlers run on
// the io thread that read the request and must not block for long.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "web/http.h"

namespace marquee::web {

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;                        // 0 picks a free port; see Server::port()
  int threads = 0;                                   // 0: one per core
  std::size_t header_limit = 16 * 1024;              // larger request heads get 431
  std::size_t body_limit = 1024 * 1024;              // larger bodies get 413
  std::size_t upload_body_limit = 64 * 1024 * 1024;  // for paths under upload_prefix
  std::string upload_prefix = "/admin/media";
  int max_header_count = 100;  // more header fields get 431
  // To read one whole request (an upload's body need only keep moving: each chunk within this
  // long), and to write one response.
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{30};    // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long on stop
  bool access_log = true;                   // one line per request through spdlog
};

class Server {
 public:
  // Binds at once: throws std::runtime_error with a one-line reason when it cannot.
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
