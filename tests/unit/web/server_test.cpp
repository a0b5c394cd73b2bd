// Socket-level tests of web::Server: a real server on 127.0.0.1 port 0 in a thread, spoken to
// in raw bytes over loopback with blocking POSIX sockets.
#include "web/server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace marquee::web {
namespace {

using namespace std::chrono_literals;

// A connected loopback socket with a receive timeout, closed on destruction.
class RawClient {
 public:
  explicit RawClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  struct Reply {
    int status = 0;
    std::string status_line;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const {
      const auto it = headers.find(name);
      return it == headers.end() ? std::string() : it->second;
    }
  };

  // Reads one response; for a HEAD request the body is not expected.
  Reply read_reply(bool head_request = false) {
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) throw std::runtime_error("connection closed before a full head: " + pending_);
    }
    Reply reply;
    const std::string head = pending_.substr(0, end);
    pending_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    reply.status_line = head.substr(0, line_end);
    reply.status = std::stoi(reply.status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t next = head.find("\r\n", line_end + 2);
      const std::string line = head.substr(line_end + 2, next - line_end - 2);
      const auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      line_end = next;
    }
    if (head_request || reply.status == 100) return reply;
    const std::size_t length = std::stoul(reply.header("content-length"));
    while (pending_.size() < length) {
      if (!fill()) throw std::runtime_error("connection closed inside a body");
    }
    reply.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return reply;
  }

  // True when the server closed the connection (orderly or by reset) with nothing left unread.
  bool closed_by_server() {
    if (!pending_.empty()) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  // Whatever arrives until the server closes (or the receive timeout).
  std::string read_to_close() {
    while (fill()) {
    }
    return std::exchange(pending_, {});
  }

  std::string& pending() { return pending_; }
  // Reads until what has arrived contains text; false when the connection ends first.
  bool read_until(std::string_view text) {
    while (pending_.find(text) == std::string::npos) {
      if (!fill()) return false;
    }
    return true;
  }
  int fd() const { return fd_; }

 private:
  bool fill() {
    char buf[16 * 1024];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
};

std::string get(std::string_view target, std::string_view extra_headers = {}) {
  return std::string("GET ")
      .append(target)
      .append(" HTTP/1.1\r\nHost: test\r\n")
      .append(extra_headers)
      .append("\r\n");
}

const auto kSharedPage = std::make_shared<const std::string>(std::string(100 * 1024, 'p'));

Response test_handler(const Request& r) {
  if (r.path == "/") return Response::text(200, "hello");
  if (r.path == "/echo") {
    std::string text = r.method + " " + r.path + " q=" + r.query_string + " body=" + r.body;
    return Response::text(200, std::move(text));
  }
  if (r.path == "/form") return Response::text(200, r.form().find("name")->second);
  if (r.path == "/throw") throw std::runtime_error("deliberate failure");
  if (r.path == "/throw-other") throw 42;
  if (r.path == "/slow") {
    std::this_thread::sleep_for(400ms);
    return Response::text(200, "slow done");
  }
  if (r.path == "/shared") {
    Response response;
    response.shared_body = kSharedPage;
    response.set_header("Content-Type", "text/html; charset=utf-8");
    return response;
  }
  if (r.path == "/headers") {
    Response response = Response::text(200, "ok");
    response.headers.emplace_back("Set-Cookie", "a=1");
    response.headers.emplace_back("Set-Cookie", "b=2");
    response.headers.emplace_back("X-Injected", "bad\r\nEvil: yes");
    response.headers.emplace_back("Content-Length", "999");
    return response;
  }
  if (r.path == "/close") {
    Response response = Response::text(200, "bye");
    response.set_header("Connection", "close");
    return response;
  }
  if (r.path == "/not-modified") {
    Response response;
    response.status = 304;
    response.body = "ignored";
    return response;
  }
  if (r.path == "/bad-status" || r.path == "/interim-status") {
    Response response;
    response.status = r.path == "/bad-status" ? 1000 : 103;
    return response;
  }
  if (r.path == "/admin/media/upload") return Response::text(200, std::to_string(r.body.size()));
  if (r.path == "/path") return Response::text(200, r.path);
  if (r.path == "/thread") {
    return Response::text(200,
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  }
  return Response::text(404, "Not Found\n");
}

ServerOptions test_options() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.header_limit = 4 * 1024;
  options.max_header_count = 20;
  options.body_limit = 1024;
  options.upload_body_limit = 64 * 1024;
  options.upload_prefix = "/admin/media";
  options.read_timeout = 2s;
  options.idle_timeout = 1s;
  options.shutdown_grace = 3s;
  options.access_log = false;
  return options;
}

// A server running in a background thread for the length of one test.
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = test_options(), Handler handler = test_handler)
      : RunningServer(std::move(options), Handlers{{}, {}, std::move(handler)}) {}
  RunningServer(ServerOptions options, Handlers handlers)
      : server_(std::move(options), std::move(handlers)), thread_([this] {
          server_.run();
          returned_ = true;
        }) {}
  ~RunningServer() { stop_and_wait(); }

  unsigned short port() const { return server_.port(); }
  Server& server() { return server_; }
  bool returned() const { return returned_; }
  void stop_and_wait() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  Server server_;
  std::atomic<bool> returned_{false};
  std::thread thread_;
};

TEST(Server, BindsAFreePortAndAnswersAGet) {
  RunningServer s;
  ASSERT_NE(s.port(), 0);
  RawClient client(s.port());
  client.send(get("/"));
  const auto reply = client.read_reply();
  EXPECT_EQ(reply.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(reply.body, "hello");
  EXPECT_EQ(reply.header("content-length"), "5");
  EXPECT_EQ(reply.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(reply.header("server"), "Marquee");
  EXPECT_EQ(reply.header("date").size(), 29u);  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(reply.header("date").substr(25), " GMT");
  EXPECT_EQ(reply.header("connection"), "");  // HTTP/1.1 keeps alive without saying so
}

TEST(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer s;
  RawClient client(s.port());
  for (int i = 0; i < 3; ++i) {
    client.send(get("/echo?n=" + std::to_string(i)));
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "GET /echo q=n=" + std::to_string(i) + " body=");
  }
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s;
  RawClient client(s.port());
  std::string burst;
  for (int i = 0; i < 5; ++i) burst += get("/echo?n=" + std::to_string(i));
  burst += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody";
  burst += get("/");
  client.send(burst);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(client.read_reply().body, "GET /echo q=n=" + std::to_string(i) + " body=");
  EXPECT_EQ(client.read_reply().body, "POST /echo q= body=body");
  EXPECT_EQ(client.read_reply().body, "hello");
}

TEST(Server, HeadSendsHeadersOnlyWithTheSameLength) {
  RunningServer s;
  RawClient client(s.port());
  client.send("HEAD /shared HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto head = client.read_reply(true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(kSharedPage->size()));
  EXPECT_EQ(head.header("content-type"), "text/html; charset=utf-8");
  // Had a body followed, this next reply would be misread.
  client.send(get("/"));
  const auto next = client.read_reply();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "hello");
}

TEST(Server, SharedBodyIsServedWhole) {
  RunningServer s;
  RawClient client(s.port());
  client.send(get("/shared"));
  const auto reply = client.read_reply();
  EXPECT_EQ(reply.body, *kSharedPage);
}

TEST(Server, RequestBodiesQueryAndDecodedPathReachTheHandler) {
  RunningServer s;
  RawClient client(s.port());
  client.send(
      "POST /form HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 22\r\n\r\nname=Kristen+Stewart&x");
  EXPECT_EQ(client.read_reply().body, "Kristen Stewart");
  client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(client.read_reply().body, "POST /echo q= body=abcde");
  client.send(get("/%70ath"));  // "/path" once decoded
  EXPECT_EQ(client.read_reply().body, "/path");
  client.send(get("http://example.com/path?x=1"));  // absolute-form target
  EXPECT_EQ(client.read_reply().body, "/path");
}

TEST(Server, BlankLinesBeforeARequestAreIgnored) {
  RunningServer s;
  RawClient client(s.port());
  client.send("\r\n\r\n" + get("/"));
  EXPECT_EQ(client.read_reply().body, "hello");
  // A stray CRLF after a POST body, then the next request in a later packet.
  client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi\r\n");
  EXPECT_EQ(client.read_reply().body, "POST /echo q= body=hi");
  std::this_thread::sleep_for(50ms);
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().body, "hello");
}

TEST(Server, ExpectContinueGetsAnInterimResponse) {
  RunningServer s;
  RawClient client(s.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_reply().status, 100);
  client.send("abc");
  EXPECT_EQ(client.read_reply().body, "POST /echo q= body=abc");
}

TEST(Server, Http10ClosesUnlessAskedToKeepAlive) {
  RunningServer s;
  {
    RawClient client(s.port());
    client.send("GET / HTTP/1.0\r\n\r\n");
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status_line, "HTTP/1.0 200 OK");
    EXPECT_EQ(reply.body, "hello");
    EXPECT_TRUE(client.closed_by_server());
  }
  {
    RawClient client(s.port());
    client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const auto first = client.read_reply();
    EXPECT_EQ(first.header("connection"), "keep-alive");
    client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(client.read_reply().body, "hello");
  }
}

TEST(Server, ConnectionCloseFromClientOrHandlerIsHonoured) {
  RunningServer s;
  for (const std::string& request : {get("/", "Connection: close\r\n"), get("/close")}) {
    RawClient client(s.port());
    client.send(request);
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("connection"), "close");
    EXPECT_TRUE(client.closed_by_server()) << request;
  }
}

TEST(Server, HandlerHeadersAreSanitisedAndFramingIsTheServers) {
  RunningServer s;
  // Raw bytes, so that repeated headers stay visible.
  RawClient client(s.port());
  client.send(get("/headers", "Connection: close\r\n"));
  const std::string bytes = client.read_to_close();
  EXPECT_NE(bytes.find("Set-Cookie: a=1\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("Set-Cookie: b=2\r\n"), std::string::npos);
  EXPECT_EQ(bytes.find("Evil"), std::string::npos);
  EXPECT_EQ(bytes.find("999"), std::string::npos);
  EXPECT_NE(bytes.find("Content-Length: 2\r\n"), std::string::npos);
}

TEST(Server, NotModifiedHasNoBody) {
  RunningServer s;
  RawClient client(s.port());
  client.send(get("/not-modified"));
  const auto reply = client.read_reply(true);
  EXPECT_EQ(reply.status, 304);
  EXPECT_EQ(reply.header("content-length"), "");
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().body, "hello");  // nothing stray came before it
}

struct BadRequestCase {
  std::string name;
  std::string request;
  int status;
};

// Requests the server must refuse with a small plain-text answer and then close.
TEST(Server, RefusesBadRequestsAndCloses) {
  const std::string many_headers = [] {
    std::string h;
    for (int i = 0; i < 25; ++i) h += "X-Header-" + std::to_string(i) + ": v\r\n";
    return h;
  }();
  const BadRequestCase cases[] = {
      {"garbage request line", "NONSENSE\r\n\r\n", 400},
      {"bad version", "GET / HTTP/9\r\n\r\n", 400},
      {"HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400},
      {"two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"two Host headers in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"chunked trailer over 64 KB",
       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: "
       "chunked\r\n\r\n1\r\na\r\n0\r\nX-Big: " +
           std::string(70 * 1024, 'a') + "\r\n\r\n",
       431},
      {"space in target", "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400},
      {"header without colon", "GET / HTTP/1.1\r\nHost t\r\n\r\n", 400},
      {"bad percent escape", get("/movies/%zz"), 400},
      {"truncated percent escape", get("/movies/%4"), 400},
      {"encoded NUL in path", get("/a%00b"), 400},
      {"target not a path", get("movies"), 400},
      {"bad content length", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400},
      {"duplicate content length",
       "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
      {"chunked with content length",
       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: "
       "3\r\n\r\n0\r\n\r\n",
       400},
      {"transfer coding other than chunked",
       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nGET / HTTP/1.1\r\n\r\n",
       400},
      {"negative content length", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n",
       400},
      {"bare LF line ends", "GET / HTTP/1.1\nHost: t\n\n", 400},
      {"bad chunk size",
       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"oversized head", get("/", "X-Big: " + std::string(5000, 'a') + "\r\n"), 431},
      {"too many headers", get("/", many_headers), 431},
      {"body over the limit", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n",
       413},
      {"upload over its limit",
       "POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n", 413},
      {"chunked body over the limit",
       "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
           std::string(2048, 'a') + "\r\n0\r\n\r\n",
       413},
      {"handler throws", get("/throw"), 500},
      {"handler throws a non-exception", get("/throw-other"), 500},
      {"handler returns an invalid status", get("/bad-status"), 500},
      {"handler returns an interim status", get("/interim-status"), 500},
  };
  RunningServer s;
  for (const auto& c : cases) {
    RawClient client(s.port());
    client.send(c.request);
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, c.status) << c.name;
    // HTTP/1.0 closes unless asked not to, so its answers need not say so.
    if (reply.status_line.starts_with("HTTP/1.1")) {
      EXPECT_EQ(reply.header("connection"), "close") << c.name;
    }
    EXPECT_EQ(reply.header("content-type"), "text/plain; charset=utf-8") << c.name;
    EXPECT_LT(reply.body.size(), 64u) << c.name;
    EXPECT_EQ(reply.header("content-length"), std::to_string(reply.body.size())) << c.name;
    EXPECT_TRUE(client.closed_by_server()) << c.name;
  }
}

TEST(Server, LimitsLetRequestsJustUnderThemThrough) {
  RunningServer s;
  RawClient client(s.port());
  client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" +
              std::string(1024, 'b'));
  EXPECT_EQ(client.read_reply().status, 200);
  // Under the upload prefix the larger limit applies.
  client.send("POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n" +
              std::string(60000, 'u'));
  const auto upload = client.read_reply();
  EXPECT_EQ(upload.status, 200);
  EXPECT_EQ(upload.body, "60000");
  std::string headers;
  for (int i = 0; i < 18; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
  client.send(get("/", headers));  // 19 with Host: under the 20 allowed
  EXPECT_EQ(client.read_reply().status, 200);
}

TEST(Server, IdleKeepAliveConnectionIsClosed) {
  RunningServer s;
  RawClient client(s.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().status, 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 900ms);  // idle_timeout is 1s
  EXPECT_LT(waited, 4s);
}

TEST(Server, BlankLinesDoNotKeepAnIdleConnectionOpen) {
  RunningServer s;
  RawClient client(s.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().status, 200);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(300ms);
    try {
      client.send("\r\n");
    } catch (const std::runtime_error&) {
      break;
    }
  }
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);  // idle_timeout is 1s
}

TEST(Server, SlowRequestHeadIsCutOffByTheReadTimeout) {
  RunningServer s;
  RawClient client(s.port());
  client.send("GET / HTTP/1.1\r\nHost: t\r\n");  // never finished
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 1800ms);  // read_timeout is 2s
  EXPECT_LT(waited, 5s);
}

// Sends a body in three parts with pauses between them, 1.8 s in all.
std::string trickle_body(RawClient& client, std::string_view path) {
  client.send(std::string("POST ").append(path).append(
      " HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\n"));
  for (const char* part : {"ab", "cd", "ef"}) {
    std::this_thread::sleep_for(600ms);
    try {
      client.send(part);
    } catch (const std::runtime_error&) {
      break;  // the server has given up on us
    }
  }
  return client.read_to_close();
}

TEST(Server, UploadsMayTakeLongerThanTheReadTimeoutWhileTheyMove) {
  ServerOptions options = test_options();
  options.read_timeout = 1s;
  RunningServer s(options);
  RawClient uploader(s.port());
  const std::string upload = trickle_body(uploader, "/admin/media/upload");
  EXPECT_NE(upload.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_TRUE(upload.ends_with("\r\n\r\n6")) << upload;

  RawClient poster(s.port());
  EXPECT_EQ(trickle_body(poster, "/echo"), "");  // cut off without an answer
}

TEST(Server, AccessLogWritesOneLinePerRequest) {
  std::ostringstream lines;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  sink->set_pattern("%v");
  spdlog::register_logger(std::make_shared<spdlog::logger>("access", sink));
  {
    ServerOptions options = test_options();
    options.access_log = true;
    RunningServer s(options);
    RawClient client(s.port());
    client.send(get("/echo?x=1"));
    client.read_reply();
    client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
    client.read_reply(true);
    client.send("BROKEN\r\n\r\n");
    client.read_reply();
  }
  spdlog::drop("access");
  const std::regex line(
      R"(127\.0\.0\.1 GET /echo\?x=1 200 21 \d+us\n127\.0\.0\.1 HEAD / 200 0 \d+us\n127\.0\.0\.1 - - 400 12 \d+us\n)");
  EXPECT_TRUE(std::regex_match(lines.str(), line)) << lines.str();
}

TEST(Server, ServerStaysUpAfterAHandlerThrows) {
  RunningServer s;
  {
    RawClient client(s.port());
    client.send(get("/throw"));
    EXPECT_EQ(client.read_reply().status, 500);
  }
  RawClient client(s.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().body, "hello");
}

// Answers /thread and /fast on the io thread that read the request.
std::optional<Response> test_fast(const Request& r) {
  if (r.path == "/thread") {
    return Response::text(200,
                          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  }
  if (r.path == "/fast") return Response::text(200, "fast");
  return std::nullopt;
}

TEST(Server, ConnectionsAreSpreadOverTheWorkerThreads) {
  // Two io threads, each with its own acceptor on the one port.
  RunningServer s(test_options(), Handlers{test_fast, {}, test_handler});
  std::mutex mutex;
  std::set<std::string> threads_seen;
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        RawClient client(s.port());
        client.send(get("/thread"));
        const auto reply = client.read_reply();
        if (reply.status != 200) continue;
        ++ok;
        const std::lock_guard lock(mutex);
        threads_seen.insert(reply.body);
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(threads_seen.size(), 2u);  // all on one of two by chance: odds 2^-99
}

TEST(Server, GracefulStopLetsAnInFlightRequestFinish) {
  RunningServer s;
  RawClient slow(s.port());
  RawClient idle(s.port());
  idle.send(get("/"));
  EXPECT_EQ(idle.read_reply().status, 200);
  slow.send(get("/slow"));
  std::this_thread::sleep_for(100ms);  // the handler is now sleeping
  const auto start = std::chrono::steady_clock::now();
  s.server().stop();
  const auto reply = slow.read_reply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "slow done");
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_TRUE(slow.closed_by_server());
  EXPECT_TRUE(idle.closed_by_server());
  s.stop_and_wait();
  EXPECT_TRUE(s.returned());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // well inside the grace
  EXPECT_THROW(RawClient{s.port()}, std::runtime_error);    // no longer listening
}

TEST(Server, StopWithNoConnectionsReturnsPromptly) {
  const auto start = std::chrono::steady_clock::now();
  {
    RunningServer s;
    s.stop_and_wait();
    EXPECT_TRUE(s.returned());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(Server, StopBeforeRunMakesRunReturn) {
  Server server(test_options(), test_handler);
  server.stop();
  server.run();  // must not block
  SUCCEED();
}

TEST(Server, GraceRunsOutForAConnectionThatNeverFinishesItsRequest) {
  ServerOptions options = test_options();
  options.shutdown_grace = 1s;
  options.read_timeout = 30s;
  RunningServer s(options);
  RawClient client(s.port());
  client.send("GET / HTTP/1.1\r\nHost: t\r\n");  // half a request keeps the connection busy
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  s.stop_and_wait();
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, BindingATakenPortThrows) {
  RunningServer first;
  ServerOptions options = test_options();
  options.port = first.port();
  try {
    Server second(options, test_handler);
    FAIL() << "a second server bound the same port";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                         ": Address already in use");
  }
}

TEST(Server, FreePortsAreNeverShared) {
  std::vector<std::unique_ptr<Server>> servers;
  std::set<unsigned short> ports;
  for (int i = 0; i < 8; ++i) {
    servers.push_back(std::make_unique<Server>(test_options(), test_handler));
    ports.insert(servers.back()->port());
  }
  EXPECT_EQ(ports.size(), servers.size());
  EXPECT_EQ(ports.count(0), 0u);
}

TEST(Server, BindingAPortHeldByAnotherProgramThrows) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ServerOptions options = test_options();
  options.port = ntohs(addr.sin_port);
  EXPECT_THROW(Server(options, test_handler), std::runtime_error);
  ::close(fd);
}

TEST(Server, BadHostThrows) {
  for (const std::string host : {"not an address", "203.0.113.250"}) {
    ServerOptions options = test_options();
    options.host = host;
    EXPECT_THROW(Server(options, test_handler), std::runtime_error) << host;
  }
}

TEST(Server, ChunkedTrailerOverTheLimitLeavesTheServerServing) {
  RunningServer s;
  for (int i = 0; i < 3; ++i) {
    RawClient client(s.port());
    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
    const std::string field = "X-Trailer: " + std::string(1000, 't') + "\r\n";
    try {
      for (int n = 0; n < 80; ++n) client.send(field);
      client.send("\r\n");
    } catch (const std::runtime_error&) {
      // the server answered and closed before the whole trailer was sent
    }
    EXPECT_EQ(client.read_reply().status, 431);
  }
  RawClient client(s.port());
  client.send(get("/"));
  EXPECT_EQ(client.read_reply().body, "hello");
}

TEST(Server, SmallTrailersAreAcceptedButNotPassedOnAsHeaders) {
  Handler handler = [](const Request& r) {
    return Response::text(200, r.body + "|" + std::string(r.header("x-late")));
  };
  RunningServer s(test_options(), handler);
  RawClient client(s.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
      "X-Late: 1\r\n\r\n");
  EXPECT_EQ(client.read_reply().body, "abc|");
}

TEST(Server, AnswersToAuthorizedRequestsAreNeverStoredByCaches) {
  Handler handler = [](const Request&) {
    Response response = Response::text(200, "draft");
    response.set_header("Cache-Control", "public, max-age=30");
    return response;
  };
  RunningServer s(test_options(), handler);
  RawClient client(s.port());
  client.send(get("/story", "Authorization: Bearer secret\r\n"));
  EXPECT_EQ(client.read_reply().header("cache-control"), "private, no-store");
  client.send(get("/story"));
  EXPECT_EQ(client.read_reply().header("cache-control"), "public, max-age=30");
}

TEST(Server, LargeBodiesAreSpooledToAFileAndReachTheHandlerWhole) {
  ServerOptions options = test_options();
  options.upload_body_limit = 4 * 1024 * 1024;
  options.body_memory_limit = 64 * 1024;
  Handler handler = [](const Request& r) {
    const std::string_view body = r.body_view();
    std::size_t sum = 0;
    for (const char c : body) sum += static_cast<unsigned char>(c);
    return Response::text(200, std::string(r.spooled ? "file " : "memory ") +
                                   std::to_string(body.size()) + " " + std::to_string(sum));
  };
  RunningServer s(options, handler);
  std::string big(3 * 1024 * 1024, '\0');
  std::size_t sum = 0;
  for (std::size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<char>(i * 7 % 251);
    sum += static_cast<unsigned char>(big[i]);
  }
  RawClient client(s.port());
  client.send("POST /admin/media HTTP/1.1\r\nHost: t\r\nContent-Length: " +
              std::to_string(big.size()) + "\r\n\r\n" + big);
  EXPECT_EQ(client.read_reply().body, "file 3145728 " + std::to_string(sum));
  // Chunked, with no length to go by: spilled once it passes the limit.
  std::string chunked =
      "POST /admin/media HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "2000\r\n" + std::string(0x2000, 'c') + "\r\n";
  chunked += "0\r\n\r\n";
  client.send(chunked);
  EXPECT_EQ(client.read_reply().body,
            "file 163840 " + std::to_string(163840u * static_cast<unsigned char>('c')));
  client.send("POST /admin/media HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nsmall");
  EXPECT_EQ(client.read_reply().body, "memory 5 " + std::to_string('s' + 'm' + 'a' + 'l' + 'l'));
}

TEST(Server, ADripFedUploadIsCutOffByTheMinimumRate) {
  ServerOptions options = test_options();
  options.read_timeout = 2s;  // each byte arrives well within it
  options.upload_rate_grace = 1s;
  options.min_upload_rate = 1000;
  RunningServer s(options);
  RawClient client(s.port());
  client.send("POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  bool cut_off = false;
  for (int i = 0; i < 20 && !cut_off; ++i) {
    std::this_thread::sleep_for(300ms);
    try {
      client.send("x");
    } catch (const std::runtime_error&) {
      cut_off = true;
    }
  }
  EXPECT_EQ(client.read_to_close(), "");  // no answer, and closed
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST(Server, AnUploadHasATotalDeadlineHoweverItMoves) {
  ServerOptions options = test_options();
  options.upload_timeout = 2s;
  options.min_upload_rate = 0;
  RunningServer s(options);
  RawClient client(s.port());
  client.send("POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  try {
    for (int i = 0; i < 40; ++i) {
      std::this_thread::sleep_for(100ms);
      client.send(std::string(100, 'u'));
    }
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(client.read_to_close(), "");
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 1800ms);
  EXPECT_LT(waited, 4500ms);
}

TEST(Server, AdmissionRefusesFromTheHeadBeforeAnyBodyIsRead) {
  std::atomic<int> admitted{0}, handled{0};
  Handlers handlers;
  handlers.admit = [&](const Request& r) -> std::optional<Response> {
    if (r.cookie("session") != "good") return Response::text(401, "sign in\n");
    ++admitted;
    return std::nullopt;
  };
  handlers.handle = [&](const Request& r) {
    ++handled;
    return Response::text(200, std::to_string(r.body_view().size()));
  };
  RunningServer s(test_options(), handlers);
  {
    // The head promises 60000 bytes, none of which is ever sent: the answer comes anyway.
    RawClient client(s.port());
    client.send("POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n");
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.header("connection"), "close");
  }
  {
    RawClient client(s.port());
    client.send(
        "POST /admin/media/upload HTTP/1.1\r\nHost: t\r\nCookie: session=good\r\nExpect: "
        "100-continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_EQ(client.read_reply().status, 100);  // only once admitted
    client.send("abc");
    EXPECT_EQ(client.read_reply().body, "3");
  }
  EXPECT_EQ(admitted, 1);
  EXPECT_EQ(handled, 1);
}

TEST(Server, ASlowHandlerDoesNotStallFastAnswersOnItsThread) {
  ServerOptions options = test_options();
  options.threads = 1;  // every connection on one io thread
  RunningServer s(options, Handlers{test_fast, {}, test_handler});
  RawClient slow(s.port());
  slow.send(get("/slow"));  // 400 ms on the pool
  std::this_thread::sleep_for(50ms);
  RawClient quick(s.port());
  const auto start = std::chrono::steady_clock::now();
  quick.send(get("/fast"));
  EXPECT_EQ(quick.read_reply().body, "fast");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(slow.read_reply().body, "slow done");
}

TEST(Server, AFullPoolQueueAnswers503WithRetryAfter) {
  ServerOptions options = test_options();
  options.pool_threads = 1;
  options.pool_queue_limit = 1;
  options.retry_after = 7s;
  RunningServer s(options);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<RawClient>(s.port()));
    clients.back()->send(get("/slow"));
    std::this_thread::sleep_for(30ms);  // in order: one runs, one waits, the rest are refused
  }
  std::vector<int> statuses;
  std::string retry_after;
  for (auto& client : clients) {
    const auto reply = client->read_reply();
    statuses.push_back(reply.status);
    if (reply.status == 503) retry_after = reply.header("retry-after");
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 503, 503}));
  EXPECT_EQ(retry_after, "7");
}

TEST(Server, FileSlicesAreStreamedFromDisk) {
  char name[] = "/tmp/marquee-slice-XXXXXX";
  const int fd = ::mkstemp(name);
  ASSERT_GE(fd, 0);
  std::string bytes(300 * 1024, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>('a' + i % 26);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  const std::string path = name;
  Handler handler = [&](const Request& r) {
    Response response;
    response.file = FileSlice{OpenFile::open(path), 0, bytes.size()};
    if (r.path == "/part") response.file = FileSlice{OpenFile::open(path), 100000, 70000};
    return response;
  };
  RunningServer s(test_options(), handler);
  RawClient client(s.port());
  client.send(get("/whole"));
  EXPECT_EQ(client.read_reply().body, bytes);
  client.send(get("/part"));
  EXPECT_EQ(client.read_reply().body, bytes.substr(100000, 70000));
  client.send("HEAD /part HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(client.read_reply(true).header("content-length"), "70000");
  client.send(get("/"));  // nothing of a HEAD's file body was sent
  EXPECT_EQ(client.read_reply().status, 200);
  ::unlink(name);
}

// ---- Event streams (Response::event_stream, event_hub.h)

Handlers stream_handlers(EventHub& hub) {
  Handlers handlers;
  handlers.handle = [](const Request& r) {
    Response response;
    response.set_header("Content-Type", "text/event-stream");
    const auto after = r.query("after");
    response.event_stream =
        Response::EventStream{"c", "retry: 1000\n\n", after ? std::stoull(*after) : 0};
    return response;
  };
  handlers.events = &hub;
  return handlers;
}

bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

TEST(EventStreams, AStreamGetsItsOpeningThenEachPublishedEventOnce) {
  EventHub hub;
  RunningServer s(test_options(), stream_handlers(hub));
  RawClient client(s.port());
  client.send(get("/events"));
  ASSERT_TRUE(client.read_until("retry: 1000\n\n"));
  EXPECT_NE(client.pending().find("HTTP/1.1 200 OK\r\n"), std::string::npos);
  EXPECT_NE(client.pending().find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_EQ(client.pending().find("Content-Length"), std::string::npos);
  ASSERT_TRUE(eventually([&] { return hub.open_streams() == 1; }));
  std::this_thread::sleep_for(50ms);  // joined on its io thread
  hub.publish("c", 1, format_event("entry", 1, "{\"n\":1}"));
  hub.publish("c", 1, format_event("entry", 1, "{\"n\":\"again\"}"));  // an id already sent
  hub.publish("other", 2, format_event("entry", 2, "{\"n\":\"elsewhere\"}"));
  hub.publish("c", 2, format_event("entry", 2, "{\"n\":2}"));
  ASSERT_TRUE(client.read_until("data: {\"n\":2}\n\n"));
  EXPECT_NE(client.pending().find("id: 1\nevent: entry\ndata: {\"n\":1}\n\n"), std::string::npos);
  EXPECT_EQ(client.pending().find("again"), std::string::npos);
  EXPECT_EQ(client.pending().find("elsewhere"), std::string::npos);
}

TEST(EventStreams, AStreamOpeningAfterAnIdGetsWhatTheHubPublishedSince) {
  EventHub hub;
  RunningServer s(test_options(), stream_handlers(hub));
  for (std::uint64_t id = 1; id <= 3; ++id) {
    hub.publish("c", id, format_event("", id, fmt::format("n{}", id)));
  }
  RawClient client(s.port());
  client.send(get("/events?after=1"));
  ASSERT_TRUE(client.read_until("data: n3\n\n"));
  EXPECT_NE(client.pending().find("data: n2\n\n"), std::string::npos);
  EXPECT_EQ(client.pending().find("data: n1\n\n"), std::string::npos);
}

TEST(EventStreams, AClosedChannelEndsItsStreamsAndTheLimitAnswers503) {
  EventHubOptions options;
  options.max_streams = 1;
  EventHub hub(options);
  RunningServer s(test_options(), stream_handlers(hub));
  RawClient first(s.port());
  first.send(get("/events"));
  ASSERT_TRUE(first.read_until("retry: 1000\n\n"));
  RawClient second(s.port());
  second.send(get("/events"));
  EXPECT_EQ(second.read_reply().status, 503);
  std::this_thread::sleep_for(50ms);
  hub.close_channel("c", "event: end\ndata: {}\n\n");
  ASSERT_TRUE(first.read_until("event: end\n"));
  first.pending().clear();
  EXPECT_TRUE(first.closed_by_server());
  EXPECT_TRUE(eventually([&] { return hub.open_streams() == 0; }));
  // Once closed, a new stream of the channel is told at once and ended.
  RawClient late(s.port());
  late.send(get("/events"));
  EXPECT_NE(late.read_to_close().find("event: end\n"), std::string::npos);
}

TEST(EventStreams, AClientThatStopsReadingIsDroppedWhenItsBufferIsFull) {
  EventHubOptions options;
  options.client_buffer = 128 * 1024;
  EventHub hub(options);
  RunningServer s(test_options(), stream_handlers(hub));
  RawClient reader(s.port());
  RawClient stalled(s.port());
  const int small = 4096;
  ::setsockopt(stalled.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  reader.send(get("/events"));
  stalled.send(get("/events"));
  ASSERT_TRUE(reader.read_until("retry: 1000\n\n"));
  ASSERT_TRUE(eventually([&] { return hub.open_streams() == 2; }));
  std::this_thread::sleep_for(50ms);
  const std::string payload(16 * 1024, 'x');
  std::string last;
  for (std::uint64_t id = 1; id <= 4000 && hub.open_streams() == 2; ++id) {
    last = format_event("", id,
                        fmt::format("{}{}", payload.substr(0, payload.size() - 8), id + 10000000));
    hub.publish("c", id, last);
    if (id % 2 == 0) {
      reader.read_until(fmt::format("{}", id + 10000000));  // the live reader keeps up
      reader.pending().clear();
    }
  }
  EXPECT_TRUE(eventually([&] { return hub.open_streams() == 1; })) << hub.open_streams();
}

}  // namespace
}  // namespace marquee::web
