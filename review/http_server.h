// HttpServer: the socket side of the review server, on Boost.Asio/Beast. It accepts
// HTTP/1.1 connections (HTTPS when a certificate and key are configured), reads each
// request within limits (header and body size, a read timeout that also bounds idle
// keep-alive connections), turns it into an ApiRequest, calls the handler and writes the
// ApiResponse back. Malformed requests get a 4xx and the connection is closed; nothing a
// client sends can stop the server. All routing and policy is the handler's
// (review/review_app.h).
//
// A small pool of threads runs the I/O and the handler; the handler may block (it talks
// to PostgreSQL), so size `threads` like the connection pool. Start() once, Stop() any
// number of times; the destructor stops.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "review/api_types.h"

namespace xmatch::review {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // "host:port" or "[v6]:port"; port 0 picks one
  std::string tls_cert_file;              // PEM certificate chain; HTTPS when both are set
  std::string tls_key_file;               // PEM private key
  int threads = 4;
  size_t max_header_bytes = 16 * 1024;    // larger headers: 431
  size_t max_body_bytes = 1024 * 1024;    // larger bodies: 413
  std::chrono::seconds read_timeout{30};  // per request, and idle time between requests
};

using HttpHandler = std::function<ApiResponse(ApiRequest)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. InvalidArgument for a bad `listen` or an
  // unreadable certificate/key (the message names the file); Unavailable when the
  // address cannot be bound.
  Status Start();
  // The port actually bound (after Start()).
  uint16_t port() const;
  bool tls() const;
  // Stops accepting, drops open connections and joins the threads.
  void Stop();
  // Blocks until SIGINT or SIGTERM (or Stop() from another thread), then stops.
  void WaitForSignal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xmatch::review
